//! Types for case work that cross to the UI: the case detail with its "why flagged"
//! explanation and timeline, action results, outreach, worklist bulk actions, CSV exports and
//! packet files. Each derives `serde` and `ts_rs::TS` (generated into `ui/src/bindings.ts`).
//!
//! Timestamps are sent twice: as stored (UTC ISO-8601) and as text in the organisation's time
//! zone ([`local_time`]), so the UI formats nothing itself.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use ww_store::enums::{CaseActionType, CaseStatus, Priority};

/// `2026-05-06T14:03:00.123Z` as `2026-05-06 10:03 EDT` in `zone`; text that is not an
/// RFC 3339 instant comes back unchanged.
pub fn local_time(ts: &str, zone: Tz) -> String {
    match DateTime::parse_from_rfc3339(ts) {
        Ok(t) => t
            .with_timezone(&zone)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string(),
        Err(_) => ts.to_owned(),
    }
}

/// A define result or explainer value as text for a person: instants in the organisation's
/// zone, dates as they are, `null` as "none", booleans as "yes" / "no", lists and objects as
/// compact JSON.
pub fn display_value(value: &Value, zone: Tz) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            // A CQL DateTime renders as an RFC 3339 instant; a Date stays a date.
            if s.len() > 10 && DateTime::parse_from_rfc3339(s).is_ok() {
                local_time(s, zone)
            } else {
                s.clone()
            }
        }
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// A named value shown as text (a define result, an explainer fact, a payload field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NamedValue {
    /// The define name or field key, as the engine wrote it.
    pub name: String,
    /// The value as text ([`display_value`]).
    pub value: String,
}

/// Why a case was flagged: the CQL define results and the `why_flagged` facts of the outcome
/// behind the case (contract `outcomes.evidence_json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhyFlagged {
    /// `expressionResults` in define order.
    pub defines: Vec<NamedValue>,
    /// `why_flagged` fields in the order the engine wrote them.
    pub facts: Vec<NamedValue>,
    /// The measurement period, start and end in the organisation's zone.
    pub measurement_period: Option<String>,
    /// For a failed evaluation: what failed (the outcome is MISSING_DATA then).
    pub evaluation_error: Option<String>,
}

impl WhyFlagged {
    /// Reads the contract's evidence shape; unknown or missing parts are left empty.
    pub fn from_evidence(evidence: &Value, zone: Tz) -> WhyFlagged {
        let defines = evidence
            .get("expressionResults")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|item| NamedValue {
                        name: item
                            .get("define")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_owned(),
                        value: display_value(item.get("result").unwrap_or(&Value::Null), zone),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let facts = evidence
            .get("why_flagged")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, v)| NamedValue {
                        name: k.clone(),
                        value: display_value(v, zone),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let period = evidence
            .get("evaluatedResource")
            .and_then(|r| r.get("measurementPeriod"));
        let measurement_period = period.and_then(|p| {
            let start = p.get("start")?.as_str()?;
            let end = p.get("end")?.as_str()?;
            Some(format!(
                "{} to {}",
                local_time(start, zone),
                local_time(end, zone)
            ))
        });
        let evaluation_error = evidence.get("evaluationError").map(|e| {
            let what = display_value(e, zone);
            match evidence.get("message").and_then(Value::as_str) {
                Some(m) => format!("{what}: {m}"),
                None => what,
            }
        });
        WhyFlagged {
            defines,
            facts,
            measurement_period,
            evaluation_error,
        }
    }
}

/// The top-level fields of a JSON payload as text, nulls left out (for timeline details).
pub fn payload_fields(payload: Option<&Value>, zone: Tz, skip: &[&str]) -> Vec<NamedValue> {
    match payload {
        Some(Value::Object(o)) => o
            .iter()
            .filter(|(k, v)| !v.is_null() && !skip.contains(&k.as_str()))
            .map(|(k, v)| NamedValue {
                name: k.clone(),
                value: display_value(v, zone),
            })
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![NamedValue {
            name: "details".into(),
            value: display_value(other, zone),
        }],
    }
}

/// One entry of a case's timeline: a case action, or a ledger event that no action records
/// (the run that created the case, a packet export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineItem {
    /// When, UTC ISO-8601 (sort key).
    pub at: String,
    /// When, in the organisation's zone.
    pub at_local: String,
    /// `ACTION` (a `case_actions` row) or `AUDIT` (an `audit_events` row).
    pub source: String,
    /// Action type (e.g. `ASSIGNED`) or event type (e.g. `CASE_CREATED`).
    pub kind: String,
    /// Who (a user name or `SYSTEM`).
    pub actor: Option<String>,
    /// The payload's fields.
    pub details: Vec<NamedValue>,
}

/// Merges a case's actions and its audit events into one timeline, oldest first. An audit
/// event that records a case action is the same step as the action and is shown once, as the
/// action: a person's action names it (`caseActionId` in the event payload); a run's action
/// (CREATED, OUTCOME_UPDATED, ...) carries the same payload as its event.
pub fn merge_timeline(
    actions: &[ww_casework::cases::TimelineEntry],
    events: &[ww_store::audit_events::AuditEvent],
    zone: Tz,
) -> Vec<TimelineItem> {
    let mut items: Vec<TimelineItem> = actions
        .iter()
        .map(|a| TimelineItem {
            at: a.performed_at.clone(),
            at_local: local_time(&a.performed_at, zone),
            source: "ACTION".into(),
            kind: a.action_type.clone(),
            actor: a.performed_by.clone(),
            details: payload_fields(a.payload.as_ref(), zone, &[]),
        })
        .collect();
    for e in events {
        let payload: Option<Value> = e
            .payload_json
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok());
        let names_action = payload
            .as_ref()
            .and_then(|p| p.get("caseActionId"))
            .is_some_and(|id| !id.is_null());
        let same_as_action = payload.is_some()
            && actions
                .iter()
                .any(|a| a.payload.is_some() && a.payload == payload);
        if names_action || same_as_action {
            continue;
        }
        items.push(TimelineItem {
            at: e.occurred_at.clone(),
            at_local: local_time(&e.occurred_at, zone),
            source: "AUDIT".into(),
            kind: e.event_type.clone(),
            actor: e.actor.clone(),
            details: payload_fields(payload.as_ref(), zone, &[]),
        });
    }
    // Stable: an action and an event at the same millisecond keep their source order.
    items.sort_by(|a, b| a.at.cmp(&b.at));
    items
}

/// One outreach attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryRow {
    /// Delivery id.
    pub id: String,
    /// Recipient.
    pub to_address: String,
    /// Subject sent.
    pub subject: String,
    /// `simulated` or `sendgrid`.
    pub provider: String,
    /// SIMULATED, SENT or FAILED.
    pub status: String,
    /// When, in the organisation's zone.
    pub sent_at_local: String,
    /// Provider error detail (FAILED).
    pub error_detail: Option<String>,
}

impl DeliveryRow {
    /// Maps a delivery log row, with its time in `zone`.
    pub fn new(d: &ww_store::outreach::Delivery, zone: Tz) -> DeliveryRow {
        DeliveryRow {
            id: d.id.to_string(),
            to_address: d.to_address.clone(),
            subject: d.subject.clone(),
            provider: d.provider.as_str().to_owned(),
            status: d.status.as_str().to_owned(),
            sent_at_local: local_time(&d.sent_at, zone),
            error_detail: d.error_detail.clone(),
        }
    }
}

/// The employee a case is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseEmployee {
    /// Employee id (UUID text), for the profile.
    pub id: String,
    /// HR id.
    pub external_id: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Site.
    pub site: Option<String>,
}

/// The case actions the engine accepts on a case in `status` at `priority`, in the order the
/// case screen shows them (ww-casework refuses the others; this only spares a doomed click).
pub fn allowed_actions(status: CaseStatus, priority: Priority) -> Vec<String> {
    let mut out = Vec::new();
    if status.is_active() {
        out.push(CaseActionType::Assigned);
        if !(status == CaseStatus::Open && priority == Priority::Critical) {
            out.push(CaseActionType::Escalated);
        }
        out.push(CaseActionType::AppointmentScheduled);
        out.push(CaseActionType::OutreachSent);
        out.push(CaseActionType::RerunToVerify);
        out.push(CaseActionType::Resolved);
    }
    out.push(CaseActionType::NoteAdded);
    out.into_iter().map(|a| a.as_str().to_owned()).collect()
}

/// Everything the case screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseDetailDto {
    /// Case id.
    pub id: String,
    /// OPEN, IN_PROGRESS, RESOLVED, CLOSED or EXCLUDED.
    pub status: String,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    pub priority: String,
    /// Assigned person.
    pub assignee: Option<String>,
    /// What to do next; null once the case is closed, resolved or excluded.
    pub next_action: Option<String>,
    /// Latest outcome status.
    pub current_outcome_status: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// The employee.
    pub employee: CaseEmployee,
    /// Measure id.
    pub measure_id: String,
    /// Measure name.
    pub measure_name: String,
    /// Version label of the case's own measure version.
    pub measure_version: String,
    /// The run that last touched the case.
    pub last_run_id: String,
    /// Created, organisation zone.
    pub created_local: String,
    /// Last change, organisation zone.
    pub updated_local: String,
    /// Closed, organisation zone.
    pub closed_local: Option<String>,
    /// `SYSTEM` or the person who closed it.
    pub closed_by: Option<String>,
    /// Closing note or system reason.
    pub closed_reason: Option<String>,
    /// Why flagged (empty when no outcome is stored for the case's key).
    pub why: WhyFlagged,
    /// Actions and ledger events, oldest first.
    pub timeline: Vec<TimelineItem>,
    /// Outreach attempts, newest first.
    pub deliveries: Vec<DeliveryRow>,
    /// Actions the engine would accept now ([`allowed_actions`]).
    pub allowed_actions: Vec<String>,
    /// The acting user (settings `user_name`), the default assignee.
    pub current_user: String,
    /// The organisation's IANA zone.
    pub time_zone: String,
    /// Today in that zone, `YYYY-MM-DD` (the earliest appointment date).
    pub today: String,
    /// The outreach templates the officer may pick (the case's measure's, then general ones).
    pub outreach_templates: Vec<TemplateChoice>,
    /// Key of the template used when the officer picks none (`None`: no template suits).
    pub default_template: Option<String>,
}

/// One outreach template the officer may pick for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateChoice {
    /// What preview and send take as `template`: the row id, or a built-in's name.
    pub key: String,
    /// The template's name.
    pub name: String,
    /// Whether it is written for the case's measure (else for any measure).
    pub for_measure: bool,
}

impl From<&ww_casework::outreach::OutreachTemplate> for TemplateChoice {
    fn from(t: &ww_casework::outreach::OutreachTemplate) -> Self {
        TemplateChoice {
            key: t.id.clone().unwrap_or_else(|| t.name.clone()),
            name: t.name.clone(),
            for_measure: t.measure_id.is_some(),
        }
    }
}

/// Inputs of [`CaseDetailDto::new`], read by the command from the engine.
pub struct CaseDetailParts {
    /// `ww_casework::cases::case_detail`.
    pub detail: ww_casework::cases::CaseDetail,
    /// Audit events about the case.
    pub events: Vec<ww_store::audit_events::AuditEvent>,
    /// Acting user.
    pub user: String,
    /// Organisation zone.
    pub zone: Tz,
    /// Today in that zone.
    pub today: NaiveDate,
    /// `ww_casework::outreach::template_choices`.
    pub templates: ww_casework::outreach::TemplateChoices,
}

impl CaseDetailDto {
    /// Composes the screen's view from the engine's detail, the ledger and the settings.
    pub fn new(p: CaseDetailParts) -> CaseDetailDto {
        let CaseDetailParts {
            detail,
            events,
            user,
            zone,
            today,
            templates,
        } = p;
        let c = &detail.case;
        let s = &detail.summary;
        CaseDetailDto {
            id: c.id.to_string(),
            status: c.status.as_str().to_owned(),
            priority: c.priority.as_str().to_owned(),
            assignee: c.assignee.clone(),
            // A closed, resolved or excluded case has nothing left to do (QA H13).
            next_action: matches!(
                c.status,
                ww_store::enums::CaseStatus::Open | ww_store::enums::CaseStatus::InProgress
            )
            .then(|| c.next_action.clone())
            .flatten(),
            current_outcome_status: c.current_outcome_status.as_str().to_owned(),
            evaluation_period: c.evaluation_period.clone(),
            employee: CaseEmployee {
                id: c.employee_id.to_string(),
                external_id: s.employee_external_id.clone(),
                name: s.employee_name.clone(),
                role: s.role.clone(),
                site: s.site.clone(),
            },
            measure_id: s.measure_id.to_string(),
            measure_name: s.measure_name.clone(),
            measure_version: s.measure_version.clone(),
            last_run_id: c.last_run_id.to_string(),
            created_local: local_time(&c.created_at, zone),
            updated_local: local_time(&c.updated_at, zone),
            closed_local: c.closed_at.as_deref().map(|t| local_time(t, zone)),
            closed_by: c.closed_by.clone(),
            closed_reason: c.closed_reason.clone(),
            why: detail
                .latest_evidence
                .as_ref()
                .map(|e| WhyFlagged::from_evidence(e, zone))
                .unwrap_or_default(),
            timeline: merge_timeline(&detail.timeline, &events, zone),
            deliveries: detail
                .deliveries
                .iter()
                .map(|d| DeliveryRow::new(d, zone))
                .collect(),
            allowed_actions: allowed_actions(c.status, c.priority),
            current_user: user,
            time_zone: zone.name().to_owned(),
            today: today.format("%Y-%m-%d").to_string(),
            outreach_templates: templates
                .templates
                .iter()
                .map(TemplateChoice::from)
                .collect(),
            default_template: templates
                .default_template
                .as_ref()
                .map(|t| TemplateChoice::from(t).key),
        }
    }
}

/// What a case action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionDone {
    /// The action type written.
    pub action_type: String,
    /// The case status after it.
    pub status: String,
    /// The priority after it.
    pub priority: String,
    /// The ledger event written with it.
    #[ts(type = "number")]
    pub audit_event_id: i64,
}

impl From<ww_casework::actions::ActionResult> for ActionDone {
    fn from(r: ww_casework::actions::ActionResult) -> Self {
        ActionDone {
            action_type: r.action.action_type.as_str().to_owned(),
            status: r.case.status.as_str().to_owned(),
            priority: r.case.priority.as_str().to_owned(),
            audit_event_id: r.audit_event_id,
        }
    }
}

/// What a rerun to verify found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RerunDone {
    /// The one-employee run.
    pub run_id: String,
    /// Its terminal status.
    pub run_status: String,
    /// The outcome it wrote (`None`: the employee left the measure's population).
    pub outcome_status: Option<String>,
    /// Whether the rerun resolved the case.
    pub resolved: bool,
    /// The case status after it.
    pub case_status: String,
}

impl From<ww_casework::rerun::RerunResult> for RerunDone {
    fn from(r: ww_casework::rerun::RerunResult) -> Self {
        RerunDone {
            run_id: r.run_id.to_string(),
            run_status: r.run_status.as_str().to_owned(),
            outcome_status: r.outcome_status.map(|s| s.as_str().to_owned()),
            resolved: r.resolved,
            case_status: r.action.case.status.as_str().to_owned(),
        }
    }
}

/// The message an outreach send would deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutreachPreviewDto {
    /// Template name.
    pub template_name: String,
    /// Recipient.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// Body text.
    pub body_text: String,
    /// The due date the message shows (never in the past), `YYYY-MM-DD`.
    pub due_date: String,
    /// The provider a send would use: `simulated` or `sendgrid`.
    pub provider: String,
}

impl OutreachPreviewDto {
    /// Maps the engine's preview; `provider` is the configured email provider.
    pub fn new(p: ww_casework::outreach::OutreachPreview, provider: &str) -> Self {
        OutreachPreviewDto {
            template_name: p.template_name,
            to_address: p.to_address,
            subject: p.subject,
            body_text: p.body_text,
            due_date: p.due_date.format("%Y-%m-%d").to_string(),
            provider: provider.to_owned(),
        }
    }
}

/// What an outreach send did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutreachSent {
    /// SIMULATED, SENT or FAILED.
    pub status: String,
    /// `simulated` or `sendgrid`.
    pub provider: String,
    /// Recipient.
    pub to_address: String,
    /// Provider error detail.
    pub error_detail: Option<String>,
    /// The ledger event.
    #[ts(type = "number")]
    pub audit_event_id: i64,
}

impl From<ww_casework::outreach::OutreachResult> for OutreachSent {
    fn from(r: ww_casework::outreach::OutreachResult) -> Self {
        OutreachSent {
            status: r.delivery.status.as_str().to_owned(),
            provider: r.delivery.provider.as_str().to_owned(),
            to_address: r.delivery.to_address,
            error_detail: r.delivery.error_detail,
            audit_event_id: r.action.audit_event_id,
        }
    }
}

/// A bulk action on the worklist's selected cases.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    /// The cases (UUID text).
    pub case_ids: Vec<String>,
    /// `ASSIGNED` or `ESCALATED`.
    pub action: String,
    /// The assignee, for `ASSIGNED`.
    #[ts(optional)]
    pub assignee: Option<String>,
}

/// One case's result in a bulk action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkItem {
    /// The case.
    pub case_id: String,
    /// Whether the engine accepted the action.
    pub ok: bool,
    /// Why not (the engine's refusal), when refused.
    pub error: Option<String>,
}

/// The result of a bulk action: each case is its own transaction, so some may be refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkResult {
    /// Cases changed.
    pub done: u32,
    /// Cases refused.
    pub refused: u32,
    /// Per case, in request order.
    pub items: Vec<BulkItem>,
}

impl BulkResult {
    /// Tallies per-case results.
    pub fn new(items: Vec<BulkItem>) -> BulkResult {
        let done = items.iter().filter(|i| i.ok).count() as u32;
        BulkResult {
            done,
            refused: items.len() as u32 - done,
            items,
        }
    }
}

/// A CSV file written by an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    /// The file written (absolute path).
    pub path: String,
    /// Data rows written.
    #[ts(type = "number")]
    pub rows: u64,
}

/// A packet file written by `export_packet`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacketWritten {
    /// The file written (absolute path).
    pub path: String,
    /// CASE, RUN or MEASURE_VERSION.
    pub packet_type: String,
    /// `json` or `html`.
    pub format: String,
    /// Lowercase hex SHA-256 of the file's bytes, as recorded in `audit_packet_exports`.
    pub sha256: String,
    /// File size in bytes.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// The export record id.
    pub export_id: String,
}

/// What re-hashing a packet file found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacketCheck {
    /// The file read.
    pub path: String,
    /// SHA-256 of its bytes now.
    pub sha256: String,
    /// Its size now.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Whether an export record has exactly this hash and size.
    pub verified: bool,
    /// The matching export record.
    pub export_id: Option<String>,
    /// The packet type and entity the file claims, `CASE 1234...`.
    pub claimed: Option<String>,
    /// Hashes recorded for the claimed entity (what was expected on a mismatch).
    pub recorded_hashes: Vec<String>,
}

impl PacketCheck {
    /// Maps the engine's verification of the file at `path`.
    pub fn new(path: &str, v: ww_casework::packet::PacketVerification) -> PacketCheck {
        PacketCheck {
            path: path.to_owned(),
            verified: v.is_verified(),
            export_id: v.matching_exports.first().map(|e| e.id.to_string()),
            sha256: v.payload_hash,
            size_bytes: v.size_bytes,
            claimed: v.claimed_entity.map(|(t, id)| format!("{t} {id}")),
            recorded_hashes: v.recorded_hashes_for_entity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NY: Tz = chrono_tz::America::New_York;

    #[test]
    fn instants_show_in_the_organisation_zone() {
        assert_eq!(
            local_time("2026-05-06T14:03:00.123Z", NY),
            "2026-05-06 10:03 EDT"
        );
        assert_eq!(
            local_time("2026-01-06T03:00:00.000Z", NY),
            "2026-01-05 22:00 EST"
        );
        assert_eq!(
            local_time("2026-05-06T14:03:00.123Z", Tz::UTC),
            "2026-05-06 14:03 UTC"
        );
        assert_eq!(local_time("not a time", NY), "not a time");
    }

    #[test]
    fn values_read_as_text() {
        let check = |v: Value, expect: &str| assert_eq!(display_value(&v, NY), expect);
        check(json!(null), "none");
        check(json!(true), "yes");
        check(json!(false), "no");
        check(json!(420), "420");
        check(json!("2025-03-10"), "2025-03-10");
        check(json!("2025-03-10T00:00:00Z"), "2025-03-09 20:00 EDT");
        check(json!("OVERDUE"), "OVERDUE");
        check(json!(["a", 1]), r#"["a",1]"#);
    }

    #[test]
    fn why_flagged_reads_the_contract_evidence() {
        let evidence = json!({
            "expressionResults": [
                { "define": "In Population", "result": true },
                { "define": "Most Recent Exam Date", "result": "2025-03-10T00:00:00Z" },
                { "define": "Days Overdue", "result": 55 },
                { "define": "Outcome Status", "result": "OVERDUE" }
            ],
            "evaluatedResource": {
                "patientId": "emp-006",
                "measurementPeriod": { "start": "2025-05-06T04:00:00Z", "end": "2026-05-07T03:59:59.999Z" }
            },
            "why_flagged": {
                "last_exam_date": "2025-03-10",
                "compliance_window_days": 365,
                "days_overdue": 55,
                "waiver_status": "NONE"
            }
        });
        let w = WhyFlagged::from_evidence(&evidence, NY);
        let pairs = |v: &[NamedValue]| {
            v.iter()
                .map(|n| format!("{}={}", n.name, n.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(&w.defines),
            [
                "In Population=yes",
                "Most Recent Exam Date=2025-03-09 20:00 EDT",
                "Days Overdue=55",
                "Outcome Status=OVERDUE"
            ]
        );
        assert_eq!(
            pairs(&w.facts),
            [
                "last_exam_date=2025-03-10",
                "compliance_window_days=365",
                "days_overdue=55",
                "waiver_status=NONE"
            ]
        );
        assert_eq!(
            w.measurement_period.as_deref(),
            Some("2025-05-06 00:00 EDT to 2026-05-06 23:59 EDT")
        );
        assert_eq!(w.evaluation_error, None);

        let failed =
            json!({ "evaluationError": "CQL engine failure", "message": "division by zero" });
        let w = WhyFlagged::from_evidence(&failed, NY);
        assert_eq!(
            w.evaluation_error.as_deref(),
            Some("CQL engine failure: division by zero")
        );
        assert!(w.defines.is_empty() && w.facts.is_empty());
    }

    #[test]
    fn actions_offered_follow_the_case_state() {
        assert_eq!(
            allowed_actions(CaseStatus::Open, Priority::High),
            [
                "ASSIGNED",
                "ESCALATED",
                "APPOINTMENT_SCHEDULED",
                "OUTREACH_SENT",
                "RERUN_TO_VERIFY",
                "RESOLVED",
                "NOTE_ADDED"
            ]
        );
        // Nothing to raise on an OPEN case at CRITICAL; IN_PROGRESS goes back to OPEN.
        assert!(!allowed_actions(CaseStatus::Open, Priority::Critical)
            .contains(&"ESCALATED".to_owned()));
        assert!(allowed_actions(CaseStatus::InProgress, Priority::Critical)
            .contains(&"ESCALATED".to_owned()));
        // Documentation continues on a closed case.
        assert_eq!(
            allowed_actions(CaseStatus::Closed, Priority::Low),
            ["NOTE_ADDED"]
        );
        assert_eq!(
            allowed_actions(CaseStatus::Excluded, Priority::Low),
            ["NOTE_ADDED"]
        );
    }

    #[test]
    fn timeline_shows_each_step_once_in_time_order() {
        use ww_casework::cases::TimelineEntry;
        use ww_store::audit_events::AuditEvent;
        let case_id = ww_store::ids::CaseId::new();
        let action = TimelineEntry {
            action_id: "a-1".into(),
            action_type: "ASSIGNED".into(),
            payload: Some(json!({"assignee": "dana", "previousAssignee": null})),
            performed_by: Some("local-user".into()),
            performed_at: "2026-05-06T14:05:00.000Z".into(),
        };
        let event = |id: i64, kind: &str, at: &str, payload: Value| AuditEvent {
            id,
            event_type: kind.into(),
            entity_type: "CASE".into(),
            entity_id: Some(case_id.to_string()),
            actor: Some("SYSTEM".into()),
            ref_run_id: None,
            ref_case_id: Some(case_id.to_string()),
            ref_measure_version_id: None,
            payload_json: Some(payload.to_string()),
            occurred_at: at.into(),
            prev_hash: None,
            hash: "h".into(),
        };
        let events = [
            event(
                1,
                "CASE_CREATED",
                "2026-05-06T14:03:00.123Z",
                json!({"outcomeStatus": "OVERDUE"}),
            ),
            event(
                2,
                "CASE_ASSIGNED",
                "2026-05-06T14:05:00.000Z",
                json!({"caseActionId": "a-1"}),
            ),
        ];
        let t = merge_timeline(std::slice::from_ref(&action), &events, Tz::UTC);
        let kinds: Vec<(&str, &str)> = t
            .iter()
            .map(|i| (i.source.as_str(), i.kind.as_str()))
            .collect();
        assert_eq!(kinds, [("AUDIT", "CASE_CREATED"), ("ACTION", "ASSIGNED")]);
        // A run's action and its event carry the same payload: one step, the action.
        let created = TimelineEntry {
            action_id: "a-0".into(),
            action_type: "CREATED".into(),
            payload: Some(json!({"outcomeStatus": "OVERDUE"})),
            performed_by: Some("SYSTEM".into()),
            performed_at: "2026-05-06T14:03:00.120Z".into(),
        };
        let t = merge_timeline(&[created, action], &events, Tz::UTC);
        let kinds: Vec<&str> = t.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(kinds, ["CREATED", "ASSIGNED"]);
        assert_eq!(t[1].at_local, "2026-05-06 14:05 UTC");
        assert_eq!(
            t[1].details,
            [NamedValue {
                name: "assignee".into(),
                value: "dana".into()
            }]
        );
        assert_eq!(t[0].details[0].value, "OVERDUE");
    }

    #[test]
    fn bulk_results_are_tallied() {
        let item = |ok: bool| BulkItem {
            case_id: "c".into(),
            ok,
            error: (!ok).then(|| "refused".into()),
        };
        let r = BulkResult::new(vec![item(true), item(false), item(true)]);
        assert_eq!((r.done, r.refused), (2, 1));
    }
}
