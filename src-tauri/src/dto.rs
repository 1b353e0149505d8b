//! Types that cross from Rust to the UI. Each derives `serde::Serialize` and `ts_rs::TS`;
//! `ui/src/bindings.ts` is generated from them (see [`crate::bindings`]).
//!
//! Field names are camelCase on the wire. 64-bit integers are sent as JSON numbers and typed
//! `number` in TypeScript (row counts and versions stay far below 2^53).

use serde::Serialize;
use ts_rs::TS;

/// Row count of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableCount {
    /// Table name, e.g. `employees`.
    pub table: String,
    /// Number of rows.
    #[ts(type = "number")]
    pub rows: i64,
}

/// What the window shows about its database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// The database file, as an absolute path.
    pub db_path: String,
    /// Whether this launch created the file (first launch).
    pub created_this_launch: bool,
    /// The newest applied migration (`V{n}`).
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Row counts per table, by table name.
    pub tables: Vec<TableCount>,
}

/// Counts of the five outcome statuses (DOMAIN.md section 1) in one run for one measure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    /// Outcomes COMPLIANT.
    pub compliant: u32,
    /// Outcomes DUE_SOON.
    pub due_soon: u32,
    /// Outcomes OVERDUE.
    pub overdue: u32,
    /// Outcomes MISSING_DATA.
    pub missing_data: u32,
    /// Outcomes EXCLUDED.
    pub excluded: u32,
}

/// One run, as lists and the overview show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    /// Run id (UUID text).
    pub id: String,
    /// Scope: ALL_PROGRAMS, MEASURE, SITE, EMPLOYEE or CASE.
    pub scope_type: String,
    /// Trigger: MANUAL, SCHEDULED or RERUN.
    pub trigger_type: String,
    /// Status: REQUESTED .. COMPLETED | PARTIAL_FAILURE | FAILED | CANCELLED.
    pub status: String,
    /// Start, UTC ISO-8601 with milliseconds.
    pub started_at: String,
    /// End, when finished.
    pub completed_at: Option<String>,
    /// Employees x measures evaluated.
    pub total_evaluated: Option<u32>,
    /// Wall-clock duration in milliseconds.
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    /// Whether this was a dry run (never counted in dashboards).
    pub dry_run: bool,
}

/// One version of a measure, as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    /// Measure version id (UUID text).
    pub id: String,
    /// Version label, e.g. `1.0`.
    pub version: String,
    /// Lifecycle: DRAFT, APPROVED, ACTIVE or DEPRECATED.
    pub status: String,
    /// COMPILED, WARNINGS or ERROR; `None` when not compiled since the last CQL change.
    pub compile_status: Option<String>,
    /// When it became ACTIVE (UTC ISO-8601), if it did.
    pub activated_at: Option<String>,
    /// Why this version was made.
    pub change_summary: Option<String>,
}

/// A measure with its versions (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureSummary {
    /// Measure id (UUID text).
    pub id: String,
    /// Measure name.
    pub name: String,
    /// Regulation or policy reference.
    pub policy_ref: Option<String>,
    /// Owner (a person or team).
    pub owner: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Every version, as the store orders them.
    pub versions: Vec<VersionSummary>,
}

/// One employee row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeRow {
    /// Employee id (UUID text).
    pub id: String,
    /// The HR system's id.
    pub external_id: String,
    /// Full name.
    pub name: String,
    /// Job role.
    pub role: Option<String>,
    /// Work site.
    pub site: Option<String>,
    /// Start date, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Whether the employee is active.
    pub active: bool,
    /// `ACTIVE`, `INACTIVE` or `AWAITING_ROSTER` (a person a FHIR import created whom no
    /// roster row has confirmed yet, QA3 H16), decided by `Employee::roster_status`.
    pub status: String,
    /// Linked FHIR Patient id.
    pub fhir_patient_id: Option<String>,
}

impl From<ww_store::measures::MeasureVersion> for VersionSummary {
    fn from(v: ww_store::measures::MeasureVersion) -> Self {
        VersionSummary {
            id: v.id.to_string(),
            version: v.version,
            status: v.status.as_str().to_owned(),
            compile_status: v.compile_status.map(|c| c.as_str().to_owned()),
            activated_at: v.activated_at,
            change_summary: v.change_summary,
        }
    }
}

impl From<ww_store::employees::Employee> for EmployeeRow {
    fn from(e: ww_store::employees::Employee) -> Self {
        let status = e.roster_status().to_owned();
        EmployeeRow {
            id: e.id.to_string(),
            external_id: e.external_id,
            name: e.name,
            role: e.role,
            site: e.site,
            start_date: e.start_date.map(ww_store::time::format_date),
            active: e.active,
            status,
            fhir_patient_id: e.fhir_patient_id,
        }
    }
}

impl From<ww_store::runs::Run> for RunSummary {
    fn from(r: ww_store::runs::Run) -> Self {
        RunSummary {
            id: r.id.to_string(),
            scope_type: r.scope_type.as_str().to_owned(),
            trigger_type: r.trigger_type.as_str().to_owned(),
            status: r.status.as_str().to_owned(),
            started_at: r.started_at,
            completed_at: r.completed_at,
            total_evaluated: r.total_evaluated.and_then(|n| u32::try_from(n).ok()),
            duration_ms: r.duration_ms,
            dry_run: r.dry_run,
        }
    }
}

/// The case worklist's query: every field optional except the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseQuery {
    /// `open` (OPEN and IN_PROGRESS) or an exact status such as `RESOLVED`.
    #[ts(optional)]
    pub status: Option<String>,
    /// Cases of any version of this measure (UUID text).
    #[ts(optional)]
    pub measure_id: Option<String>,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    #[ts(optional)]
    pub priority: Option<String>,
    /// Cases assigned to exactly this name.
    #[ts(optional)]
    pub assignee: Option<String>,
    /// Only cases nobody is assigned to (overrides `assignee`).
    #[serde(default)]
    pub unassigned: bool,
    /// Employee site (exact).
    #[ts(optional)]
    pub site: Option<String>,
    /// The `next` cursor of the page before this one (keyset paging); absent for the first
    /// page or a jump.
    #[serde(default)]
    #[ts(optional)]
    pub after: Option<String>,
    /// Rows to skip after `after` (or from the start): 0 when paging on, more for a jump.
    #[serde(default)]
    #[ts(type = "number")]
    pub offset: u64,
    /// Rows to return (1 to 1,000).
    pub limit: u32,
}

/// One case in the worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseRow {
    /// Case id (UUID text).
    pub id: String,
    /// Employee's HR id.
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Employee role.
    pub role: Option<String>,
    /// Employee site.
    pub site: Option<String>,
    /// Measure id.
    pub measure_id: String,
    /// Measure name.
    pub measure_name: String,
    /// Measure version label.
    pub measure_version: String,
    /// Compliance cycle label, e.g. `2026` or `2025-2026`.
    pub evaluation_period: String,
    /// OPEN, IN_PROGRESS, RESOLVED, CLOSED or EXCLUDED.
    pub status: String,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    pub priority: String,
    /// Assigned person.
    pub assignee: Option<String>,
    /// The latest outcome status.
    pub current_outcome_status: String,
    /// What to do next, as a sentence.
    pub next_action: Option<String>,
    /// Last change, UTC ISO-8601.
    pub updated_at: String,
    /// Newest outreach attempt's status: SIMULATED, SENT or FAILED.
    pub latest_outreach_delivery_status: Option<String>,
}

/// One page of the worklist and the number of matching cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CasePageDto {
    /// Cases matching the filter, over all pages.
    #[ts(type = "number")]
    pub total: u64,
    /// This page.
    pub items: Vec<CaseRow>,
    /// Cursor of the page after this one (pass it back as `after`); `None` at the end or for
    /// lists that are not paged by cursor.
    pub next: Option<String>,
}

impl From<ww_casework::cases::CaseSummary> for CaseRow {
    fn from(c: ww_casework::cases::CaseSummary) -> Self {
        CaseRow {
            id: c.id.to_string(),
            employee_external_id: c.employee_external_id,
            employee_name: c.employee_name,
            role: c.role,
            site: c.site,
            measure_id: c.measure_id.to_string(),
            measure_name: c.measure_name,
            measure_version: c.measure_version,
            evaluation_period: c.evaluation_period,
            status: c.status.as_str().to_owned(),
            priority: c.priority.as_str().to_owned(),
            assignee: c.assignee,
            current_outcome_status: c.current_outcome_status.as_str().to_owned(),
            next_action: c.next_action,
            updated_at: c.updated_at,
            latest_outreach_delivery_status: c
                .latest_outreach_delivery_status
                .map(|d| d.as_str().to_owned()),
        }
    }
}

impl From<ww_casework::cases::CasePage> for CasePageDto {
    fn from(p: ww_casework::cases::CasePage) -> Self {
        CasePageDto {
            total: p.total,
            items: p.items.into_iter().map(CaseRow::from).collect(),
            next: None,
        }
    }
}

impl From<ww_casework::worklist::WorklistPage> for CasePageDto {
    fn from(p: ww_casework::worklist::WorklistPage) -> Self {
        CasePageDto {
            total: p.total,
            items: p.items.into_iter().map(CaseRow::from).collect(),
            next: p.next,
        }
    }
}

/// One audit-ledger event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventRow {
    /// Ledger position (ascending).
    #[ts(type = "number")]
    pub id: i64,
    /// Event type, e.g. `CASE_ASSIGNED`.
    pub event_type: String,
    /// Entity type, e.g. `CASE`.
    pub entity_type: String,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Who did it.
    pub actor: Option<String>,
    /// When, UTC ISO-8601.
    pub occurred_at: String,
    /// The event's details as JSON text.
    pub payload_json: Option<String>,
    /// SHA-256 of the event chained to the previous one (hex).
    pub hash: String,
}

/// Result of walking the ledger's hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChainCheck {
    /// Events verified before the first break (all of them when intact).
    #[ts(type = "number")]
    pub checked: u64,
    /// Whether every hash and link matched.
    pub intact: bool,
    /// The first event that does not match.
    #[ts(type = "number | null")]
    pub broken_at: Option<i64>,
    /// What did not match.
    pub reason: Option<String>,
}

impl From<ww_store::audit_events::AuditEvent> for AuditEventRow {
    fn from(e: ww_store::audit_events::AuditEvent) -> Self {
        AuditEventRow {
            id: e.id,
            event_type: e.event_type,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            actor: e.actor,
            occurred_at: e.occurred_at,
            payload_json: e.payload_json,
            hash: e.hash,
        }
    }
}

impl From<ww_casework::audit::ChainReport> for ChainCheck {
    fn from(r: ww_casework::audit::ChainReport) -> Self {
        ChainCheck {
            checked: r.checked,
            intact: r.first_break.is_none(),
            broken_at: r.first_break.as_ref().map(|b| b.event_id),
            reason: r.first_break.map(|b| b.reason),
        }
    }
}

/// One code of a value set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CodeRow {
    /// Code system URI, e.g. `http://www.ama-assn.org/go/cpt`.
    pub system: String,
    /// The code.
    pub code: String,
    /// Display text.
    pub display: Option<String>,
}

/// A value set with its codes and governance state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValueSetRow {
    /// Value set id (UUID text).
    pub id: String,
    /// OID.
    pub oid: String,
    /// Name.
    pub name: String,
    /// Version label.
    pub version: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// DRAFT, ACTIVE, ...
    pub status: String,
    /// RESOLVED, UNRESOLVED, EMPTY, ERROR or UNKNOWN.
    pub resolution_status: String,
    /// SHA-256 of the sorted, de-duplicated (system, code) list.
    pub expansion_hash: Option<String>,
    /// The code systems the codes come from.
    pub code_systems: Vec<String>,
    /// The codes.
    pub codes: Vec<CodeRow>,
}

/// Health of one integration (fhir, hris, mcp, ai).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationRow {
    /// Integration id.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// Health status as stored.
    pub status: String,
    /// Last sync, UTC ISO-8601.
    pub last_sync_at: Option<String>,
    /// What the last sync found.
    pub last_sync_result: Option<String>,
}

impl From<ww_store::value_sets::ValueSet> for ValueSetRow {
    fn from(v: ww_store::value_sets::ValueSet) -> Self {
        ValueSetRow {
            id: v.id.to_string(),
            oid: v.oid,
            name: v.name,
            version: v.version,
            canonical_url: v.canonical_url,
            status: v.status.as_str().to_owned(),
            resolution_status: v.resolution_status.as_str().to_owned(),
            expansion_hash: v.expansion_hash,
            code_systems: v.code_systems,
            codes: v
                .codes
                .into_iter()
                .map(|c| CodeRow {
                    system: c.system,
                    code: c.code,
                    display: c.display,
                })
                .collect(),
        }
    }
}

impl From<ww_store::integration_health::Integration> for IntegrationRow {
    fn from(i: ww_store::integration_health::Integration) -> Self {
        IntegrationRow {
            id: i.id,
            display_name: i.display_name,
            status: i.status.as_str().to_owned(),
            last_sync_at: i.last_sync_at,
            last_sync_result: i.last_sync_result,
        }
    }
}

/// Progress of a run, streamed to the UI through a channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum RunProgressEvent {
    /// Evaluation of `total` employees begins.
    Started {
        /// Employees in scope.
        #[ts(type = "number")]
        total: u64,
    },
    /// `done` of `total` employees are written.
    Advanced {
        /// Employees written so far.
        #[ts(type = "number")]
        done: u64,
        /// Employees in scope.
        #[ts(type = "number")]
        total: u64,
    },
    /// The run ended (the command's answer carries its report).
    Finished,
}

/// One measure's figures in a run report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunMeasureRow {
    /// Measure name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Outcomes written.
    #[ts(type = "number")]
    pub evaluated: u64,
    /// The five status counts.
    pub counts: StatusCounts,
    /// Cases opened.
    #[ts(type = "number")]
    pub cases_opened: u64,
    /// Cases updated.
    #[ts(type = "number")]
    pub cases_updated: u64,
    /// Cases resolved.
    #[ts(type = "number")]
    pub cases_resolved: u64,
}

/// What a finished run reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunReportDto {
    /// Run id.
    pub run_id: String,
    /// Terminal status.
    pub status: String,
    /// As-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// Employees in scope.
    #[ts(type = "number")]
    pub employees: u64,
    /// Of `employees`, the people awaiting roster data (in no population, QA3 H16).
    #[ts(type = "number")]
    pub employees_awaiting_roster: u64,
    /// Outcomes written.
    #[ts(type = "number")]
    pub total_evaluated: u64,
    /// Wall-clock milliseconds.
    #[ts(type = "number")]
    pub duration_ms: i64,
    /// Why it failed or was cancelled.
    pub failure_summary: Option<String>,
    /// Per measure, by name.
    pub measures: Vec<RunMeasureRow>,
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<ww_core::run::RunReport> for RunReportDto {
    fn from(r: ww_core::run::RunReport) -> Self {
        RunReportDto {
            run_id: r.run_id.to_string(),
            status: r.status.as_str().to_owned(),
            as_of: r.as_of,
            employees: r.employees,
            employees_awaiting_roster: r.employees_awaiting_roster,
            total_evaluated: r.total_evaluated,
            duration_ms: r.duration_ms,
            failure_summary: r.failure_summary,
            measures: r
                .measures
                .into_iter()
                .map(|m| RunMeasureRow {
                    name: m.name,
                    version: m.version,
                    evaluated: m.evaluated,
                    counts: StatusCounts {
                        compliant: to_u32(m.compliant),
                        due_soon: to_u32(m.due_soon),
                        overdue: to_u32(m.overdue),
                        missing_data: to_u32(m.missing_data),
                        excluded: to_u32(m.excluded),
                    },
                    cases_opened: m.cases.opened,
                    cases_updated: m.cases.updated,
                    cases_resolved: m.cases.resolved,
                })
                .collect(),
        }
    }
}
