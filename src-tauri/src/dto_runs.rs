//! Types for runs and employees that cross to the UI: run history filters, the run form, run
//! detail with logs and a page of outcomes, the employee search and profile. Each derives
//! `serde` and `ts_rs::TS` (generated into `ui/src/bindings.ts`).

use crate::dto::{EmployeeRow, RunSummary, StatusCounts};
use crate::dto_cases::{local_time, NamedValue};
use crate::error::{AppError, Result};
use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use ww_store::enums::TriggerType;
use ww_store::runs::Run;

/// Filters of the run history; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunQuery {
    /// Exact run status, e.g. `COMPLETED`.
    #[ts(optional)]
    pub status: Option<String>,
    /// Exact scope type, e.g. `MEASURE`.
    #[ts(optional)]
    pub scope_type: Option<String>,
    /// Exact trigger, e.g. `RERUN`.
    #[ts(optional)]
    pub trigger_type: Option<String>,
    /// `true`: dry runs only; `false`: real runs only; absent: both.
    #[ts(optional)]
    pub dry_run: Option<bool>,
    /// Only runs that evaluated this measure (UUID text; the program detail's "Its runs").
    #[ts(optional)]
    pub measure_id: Option<String>,
}

/// The run form: what to evaluate (the scope follows from the fields, as in ww-core's
/// `RunRequest`: an employee gives EMPLOYEE, a site SITE, a measure alone MEASURE, nothing
/// ALL_PROGRAMS).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunForm {
    /// Only this measure (UUID text; its ACTIVE version).
    #[ts(optional)]
    pub measure_id: Option<String>,
    /// Only employees at this site.
    #[ts(optional)]
    pub site: Option<String>,
    /// Only the employee with this HR id.
    #[ts(optional)]
    pub employee_external_id: Option<String>,
    /// Only this case's employee and measure version (set when a case verification is run
    /// again; the form itself has no case field).
    #[ts(optional)]
    pub case_id: Option<String>,
    /// `YYYY-MM-DD`; absent: today in the organisation's zone.
    #[ts(optional)]
    pub as_of: Option<String>,
    /// Store the run and outcomes, touch no case, report the case impact.
    #[serde(default)]
    pub dry_run: bool,
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl RunForm {
    /// The engine's request for this form, as of `today` when no date is given.
    ///
    /// # Errors
    /// [`AppError::Invalid`] naming a bad measure id or date.
    pub fn request(
        &self,
        today: NaiveDate,
        trigger: TriggerType,
    ) -> Result<ww_core::run::RunRequest> {
        let measure = non_empty(&self.measure_id)
            .map(|m| {
                ww_store::ids::MeasureId::parse(&m)
                    .map_err(|_| AppError::Invalid(format!("measureId: {m:?} is not a measure id")))
            })
            .transpose()?;
        let case = non_empty(&self.case_id)
            .map(|c| {
                ww_store::ids::CaseId::parse(&c)
                    .map_err(|_| AppError::Invalid(format!("caseId: {c:?} is not a case id")))
            })
            .transpose()?;
        let as_of = match non_empty(&self.as_of) {
            Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| AppError::Invalid(format!("asOf: {d:?} is not a YYYY-MM-DD date")))?,
            None => today,
        };
        Ok(ww_core::run::RunRequest {
            measure,
            site: non_empty(&self.site),
            employee: non_empty(&self.employee_external_id),
            case,
            as_of,
            dry_run: self.dry_run,
            trigger,
        })
    }

    /// The form a stored run was started with (its `requested_scope_json`), to run it again.
    ///
    /// # Errors
    /// [`AppError::Invalid`] when the stored request has no as-of date.
    pub fn from_requested_scope(v: &Value) -> Result<RunForm> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let as_of = text("asOf").ok_or_else(|| {
            AppError::Invalid("the run's stored request has no as-of date".into())
        })?;
        Ok(RunForm {
            measure_id: text("measureId"),
            site: text("site"),
            employee_external_id: text("employeeExternalId"),
            case_id: text("caseId"),
            as_of: Some(as_of),
            dry_run: v.get("dryRun").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}

/// One run log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunLogRow {
    /// INFO, WARN or ERROR.
    pub level: String,
    /// When, organisation zone.
    pub at_local: String,
    /// The sentence.
    pub message: String,
}

/// One run with its figures and logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunDetailDto {
    /// The run as the history lists it.
    pub run: RunSummary,
    /// The measure evaluated, `name version`, for runs of one measure or case.
    pub measure: Option<String>,
    /// Site of SITE runs.
    pub site: Option<String>,
    /// Who started it.
    pub triggered_by: Option<String>,
    /// The request as given (measure, site, employee, as-of date, dry run).
    pub request: Vec<NamedValue>,
    /// Start, organisation zone.
    pub started_local: String,
    /// End, organisation zone.
    pub completed_local: Option<String>,
    /// Measurement period, start to end, organisation zone.
    pub measurement_period: String,
    /// Outcome counts by status.
    pub counts: StatusCounts,
    /// Employees whose evaluation failed.
    #[ts(type = "number")]
    pub partial_failure_count: i64,
    /// What went wrong.
    pub failure_summary: Option<String>,
    /// Log lines in order.
    pub logs: Vec<RunLogRow>,
    /// Whether the run is still going (REQUESTED, QUEUED or RUNNING): the window may cancel it.
    pub in_flight: bool,
}

impl RunDetailDto {
    /// Composes the view from the run row, its logs, its outcome counts and the measure label.
    pub fn new(
        run: Run,
        logs: Vec<ww_store::runs::RunLog>,
        counts: StatusCounts,
        measure: Option<String>,
        zone: Tz,
    ) -> RunDetailDto {
        let request = crate::dto_cases::payload_fields(Some(&run.requested_scope_json), zone, &[]);
        RunDetailDto {
            measure,
            site: run.site.clone(),
            triggered_by: run.triggered_by.clone(),
            request,
            started_local: local_time(&run.started_at, zone),
            completed_local: run.completed_at.as_deref().map(|t| local_time(t, zone)),
            measurement_period: format!(
                "{} to {}",
                local_time(&run.measurement_period_start, zone),
                local_time(&run.measurement_period_end, zone)
            ),
            counts,
            partial_failure_count: run.partial_failure_count,
            failure_summary: run.failure_summary.clone(),
            logs: logs
                .into_iter()
                .map(|l| RunLogRow {
                    level: l.level.as_str().to_owned(),
                    at_local: local_time(&l.ts, zone),
                    message: l.message,
                })
                .collect(),
            in_flight: !run.status.is_terminal(),
            run: run.into(),
        }
    }
}

/// One outcome of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunOutcomeRow {
    /// Outcome id.
    pub id: String,
    /// Employee id, for the profile.
    pub employee_id: String,
    /// Employee HR id.
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Employee site.
    pub site: Option<String>,
    /// `name version` of the measure.
    pub measure: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// Outcome status.
    pub status: String,
    /// The `why_flagged` facts.
    pub facts: Vec<NamedValue>,
}

/// One page of a run's outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunOutcomePage {
    /// Outcomes matching the filter (all pages).
    #[ts(type = "number")]
    pub total: u64,
    /// This page.
    pub items: Vec<RunOutcomeRow>,
}

/// The latest outcome of one measure for one employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileOutcome {
    /// Measure id.
    pub measure_id: String,
    /// Measure name.
    pub measure_name: String,
    /// Version label.
    pub measure_version: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// Outcome status.
    pub status: String,
    /// When it was evaluated, organisation zone.
    pub evaluated_local: String,
    /// The as-of date of the run that wrote it, `YYYY-MM-DD` (organisation's zone).
    pub as_of: String,
    /// The run that wrote it.
    pub run_id: String,
    /// The `why_flagged` facts.
    pub facts: Vec<NamedValue>,
}

/// One recent case action on the employee's cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileActivity {
    /// The case.
    pub case_id: String,
    /// Measure name.
    pub measure_name: String,
    /// Action type.
    pub action_type: String,
    /// Who.
    pub actor: Option<String>,
    /// When, organisation zone.
    pub at_local: String,
}

/// Everything the employee profile shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeProfile {
    /// The employee's facts.
    pub employee: EmployeeRow,
    /// Supervisor's name, when known.
    pub supervisor: Option<String>,
    /// Latest outcome of each measure from the runs that count (terminal, non-dry,
    /// population; newest as-of date), by measure name.
    pub outcomes: Vec<ProfileOutcome>,
    /// Open and in-progress cases.
    pub open_cases: Vec<crate::dto::CaseRow>,
    /// Newest case actions first.
    pub activity: Vec<ProfileActivity>,
}

/// The `why_flagged` facts of an outcome for a person (dates in the organisation's zone).
fn why_facts(why_flagged: &Value, zone: Tz) -> Vec<NamedValue> {
    crate::dto_cases::payload_fields(Some(why_flagged), zone, &[])
}

impl From<ww_core::read::runs::RunDetail> for RunDetailDto {
    fn from(d: ww_core::read::runs::RunDetail) -> Self {
        RunDetailDto::new(d.run, d.logs, d.counts.into(), d.measure_label, d.zone)
    }
}

impl From<ww_core::read::runs::RunOutcomePage> for RunOutcomePage {
    fn from(p: ww_core::read::runs::RunOutcomePage) -> Self {
        let zone = p.zone;
        RunOutcomePage {
            total: p.total,
            items: p
                .items
                .into_iter()
                .map(|o| RunOutcomeRow {
                    id: o.id.to_string(),
                    employee_id: o.employee_id.to_string(),
                    employee_external_id: o.employee_external_id,
                    employee_name: o.employee_name,
                    site: o.site,
                    measure: o.measure,
                    evaluation_period: o.evaluation_period,
                    status: o.status.as_str().to_owned(),
                    facts: why_facts(&o.why_flagged, zone),
                })
                .collect(),
        }
    }
}

impl EmployeeProfile {
    /// Composes the profile from the engine's read model and the employee's open cases.
    pub fn new(
        p: ww_core::read::employees::EmployeeProfile,
        open_cases: Vec<ww_casework::cases::CaseSummary>,
    ) -> EmployeeProfile {
        let zone = p.zone;
        EmployeeProfile {
            outcomes: p
                .outcomes
                .into_iter()
                .map(|o| ProfileOutcome {
                    measure_id: o.measure_id.to_string(),
                    measure_name: o.measure_name,
                    measure_version: o.measure_version,
                    evaluation_period: o.evaluation_period,
                    status: o.status.as_str().to_owned(),
                    evaluated_local: local_time(&o.evaluated_at, zone),
                    as_of: o.as_of,
                    run_id: o.run_id.to_string(),
                    facts: why_facts(&o.why_flagged, zone),
                })
                .collect(),
            activity: p
                .activity
                .into_iter()
                .map(|a| ProfileActivity {
                    case_id: a.case_id.to_string(),
                    measure_name: a.measure_name,
                    action_type: a.action_type.as_str().to_owned(),
                    actor: a.performed_by,
                    at_local: local_time(&a.performed_at, zone),
                })
                .collect(),
            open_cases: open_cases
                .into_iter()
                .map(crate::dto::CaseRow::from)
                .collect(),
            supervisor: p.supervisor,
            employee: p.employee.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use ww_store::enums::{RunStatus, ScopeType};

    fn run(status: RunStatus, scope: ScopeType, trigger: TriggerType, dry: bool) -> Run {
        Run {
            id: ww_store::ids::RunId::new(),
            scope_type: scope,
            scope_id: None,
            site: None,
            trigger_type: trigger,
            status,
            triggered_by: Some("local-user".into()),
            started_at: "2026-05-06T14:03:00.123Z".into(),
            completed_at: Some("2026-05-06T14:03:02.000Z".into()),
            total_evaluated: Some(800),
            compliant: Some(500),
            non_compliant: Some(250),
            duration_ms: Some(1877),
            measurement_period_start: "2025-05-06T00:00:00.000Z".into(),
            measurement_period_end: "2026-05-06T23:59:59.999Z".into(),
            requested_scope_json: json!({"measureId": null, "site": "North", "asOf": "2026-05-06", "dryRun": dry}),
            failure_summary: None,
            partial_failure_count: 0,
            dry_run: dry,
        }
    }

    #[test]
    fn the_form_becomes_the_engine_request() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
        let req = RunForm::default()
            .request(today, TriggerType::Manual)
            .unwrap();
        assert_eq!(req, ww_core::run::RunRequest::all_programs(today));
        let form = RunForm {
            measure_id: Some("  ".into()),
            site: Some(" North Plant ".into()),
            employee_external_id: Some(String::new()),
            case_id: None,
            as_of: Some("2026-01-15".into()),
            dry_run: true,
        };
        let req = form.request(today, TriggerType::Manual).unwrap();
        assert_eq!(req.site.as_deref(), Some("North Plant"));
        assert_eq!((req.measure, req.employee), (None, None));
        assert_eq!(req.as_of.to_string(), "2026-01-15");
        assert!(req.dry_run);
        let bad = RunForm {
            as_of: Some("2026-13-01".into()),
            ..Default::default()
        };
        assert_eq!(
            bad.request(today, TriggerType::Manual)
                .unwrap_err()
                .to_string(),
            r#"asOf: "2026-13-01" is not a YYYY-MM-DD date"#
        );
        let bad = RunForm {
            measure_id: Some("audiogram".into()),
            ..Default::default()
        };
        assert!(bad.request(today, TriggerType::Manual).is_err());
    }

    #[test]
    fn a_stored_request_runs_again_as_given() {
        let r = run(
            RunStatus::Completed,
            ScopeType::Site,
            TriggerType::Manual,
            true,
        );
        let form = RunForm::from_requested_scope(&r.requested_scope_json).unwrap();
        assert_eq!(
            form,
            RunForm {
                measure_id: None,
                site: Some("North".into()),
                employee_external_id: None,
                case_id: None,
                as_of: Some("2026-05-06".into()),
                dry_run: true,
            }
        );
        assert!(RunForm::from_requested_scope(&json!({})).is_err());
    }

    #[test]
    fn run_detail_shows_times_in_the_zone_and_flags_in_flight_runs() {
        let mut r = run(
            RunStatus::Running,
            ScopeType::AllPrograms,
            TriggerType::Manual,
            false,
        );
        r.completed_at = None;
        let logs = vec![ww_store::runs::RunLog {
            id: 1,
            run_id: r.id,
            ts: "2026-05-06T14:03:01.000Z".into(),
            level: ww_store::enums::LogLevel::Info,
            message: "800 outcomes".into(),
        }];
        let d = RunDetailDto::new(
            r,
            logs,
            StatusCounts::default(),
            None,
            chrono_tz::America::New_York,
        );
        assert!(d.in_flight);
        assert_eq!(d.started_local, "2026-05-06 10:03 EDT");
        assert_eq!(d.logs[0].at_local, "2026-05-06 10:03 EDT");
        assert_eq!(
            d.measurement_period,
            "2025-05-05 20:00 EDT to 2026-05-06 19:59 EDT"
        );
        let names: Vec<&str> = d.request.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["site", "asOf", "dryRun"]);
    }
}
