//! RERUN_TO_VERIFY (DOMAIN.md section 5): evaluate one case's employee now, through the same
//! engine and run pipeline as every run, and record the verification on the case.
//!
//! The evaluation is a real run of ww-core (`scope_type` CASE, trigger RERUN, the case's own
//! measure version whatever is ACTIVE now) of the case's own cycle: as of today in the
//! organisation's zone when today is in that cycle, else as of the cycle's last day
//! ([`verification_as_of`]), so it updates that case and never opens a second one. The run
//! writes its outcome and applies the case rules itself, so only a COMPLIANT outcome resolves
//! the case (RESOLVED by the system); any other outcome refreshes it and leaves it open. The
//! whole user action is one transaction: the run (its row, logs, outcome, case change and
//! audit events) and the RERUN_TO_VERIFY action with its audit event naming the run and its
//! result commit together, so a failure anywhere leaves neither.

use crate::actions::{record, require_active, ActionResult};
use crate::cases::get_case;
use crate::context::{actor, today};
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use std::sync::atomic::AtomicBool;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::run::{execute_within, NoProgress, RunOptions, RunRequest};
use ww_core::spec::MeasureSpec;
use ww_store::enums::{AuditEventType, CaseActionType, OutcomeStatus, RunStatus, TriggerType};
use ww_store::ids::{CaseId, RunId};

/// What a rerun found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RerunResult {
    /// The RERUN_TO_VERIFY action and the case after the rerun.
    pub action: ActionResult,
    /// The one-employee run.
    pub run_id: RunId,
    /// Its terminal status.
    pub run_status: RunStatus,
    /// The outcome it wrote for the case's key; `None` when the employee is no longer in the
    /// measure's population (no outcome is written then, and the run closes the case by the
    /// system with the reason, e.g. "no longer in the population: inactive"; QA G3).
    pub outcome_status: Option<OutcomeStatus>,
    /// True when the rerun resolved the case (COMPLIANT).
    pub resolved: bool,
}

/// Reruns the evaluation of `case_id`'s employee and measure version for the case's cycle
/// ([`verification_as_of`]).
///
/// Errors: [`Error::InvalidTransition`] on a terminal case (nothing is run);
/// [`Error::NotFound`]; [`Error::Evaluation`] when the engine cannot start the run (e.g. the
/// database is in memory); database errors.
pub fn rerun_to_verify(conn: &mut Connection, case_id: CaseId) -> Result<RerunResult> {
    let case = get_case(conn, case_id)?;
    require_active(&case, CaseActionType::RerunToVerify)?;
    let as_of = verification_as_of(conn, &case)?;
    let request = RunRequest {
        measure: None,
        site: None,
        employee: None,
        case: Some(case_id),
        as_of,
        dry_run: false,
        trigger: TriggerType::Rerun,
    };
    let evaluator = CqlEvaluator::from_db(conn).map_err(|e| Error::Evaluation(e.to_string()))?;
    let cancel = AtomicBool::new(false);
    let options = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    // One transaction for the whole user action: the run (its row, outcome, case change and
    // audit events) and the RERUN_TO_VERIFY record commit together or not at all.
    ww_store::with_tx(conn, |tx| {
        let before = get_case(tx, case_id)?;
        require_active(&before, CaseActionType::RerunToVerify)?;
        let report = execute_within(tx, &evaluator, &request, &options)
            .map_err(|e| Error::Evaluation(e.to_string()))?;
        let who = actor(tx)?;
        let outcome_status: Option<OutcomeStatus> = tx
            .query_row(
                "SELECT status FROM outcomes WHERE run_id = ?1 AND employee_id = ?2 \
                 AND measure_version_id = ?3 ORDER BY rowid DESC LIMIT 1",
                rusqlite::params![report.run_id, before.employee_id, before.measure_version_id],
                |r| r.get(0),
            )
            .optional()?;
        let mut after = get_case(tx, case_id)?;
        let resolved = outcome_status == Some(OutcomeStatus::Compliant)
            && !after.status.is_active()
            && before.status.is_active();
        let payload = json!({
            "runId": report.run_id.to_string(),
            "runStatus": report.status.as_str(),
            "asOf": report.as_of,
            "outcomeStatus": outcome_status.map(|s| s.as_str()),
            "resolved": resolved,
            "failureSummary": report.failure_summary,
        });
        let action = record(
            tx,
            &before,
            &mut after,
            CaseActionType::RerunToVerify,
            AuditEventType::CaseRerunToVerify,
            payload,
            &who,
        )?;
        Ok(RerunResult {
            action,
            run_id: report.run_id,
            run_status: report.status,
            outcome_status,
            resolved,
        })
    })
}

/// The as-of date that verifies `case` in its own cycle (QA G1): today when today is in the
/// case's cycle, else the last day of the case's (finished) cycle. A rerun as of today for a
/// case of an earlier cycle would evaluate another cycle: it closed the worked case and
/// opened a second, unassigned one.
///
/// Errors: [`Error::InvalidTransition`] when the case's cycle has not begun yet (a case from
/// a future-dated run) or its label does not belong to the measure's cycle rule;
/// [`Error::NotFound`] for a missing measure version; database errors.
pub fn verification_as_of(conn: &Connection, case: &ww_store::cases::Case) -> Result<NaiveDate> {
    let version =
        ww_store::measures::get_version(conn, case.measure_version_id)?.ok_or_else(|| {
            Error::NotFound {
                entity: "measure version",
                id: case.measure_version_id.to_string(),
            }
        })?;
    let spec = MeasureSpec::from_json(&version.spec_json, "exam")
        .map_err(|e| Error::Evaluation(e.to_string()))?;
    let today = today(conn)?;
    spec.cycle
        .verification_as_of(&case.evaluation_period, today)
        .ok_or_else(|| Error::InvalidTransition {
            case_id: case.id.to_string(),
            action: CaseActionType::RerunToVerify.as_str(),
            reason: format!(
                "its cycle {} is neither today's ({}) nor a finished one ({} rule), so it \
                     cannot be verified now",
                case.evaluation_period,
                spec.cycle.label(today),
                spec.cycle.as_str()
            ),
        })
}

/// Checks that a rerun request would be accepted (active case), without running it.
pub fn can_rerun(conn: &Connection, case_id: CaseId) -> Result<()> {
    require_active(&get_case(conn, case_id)?, CaseActionType::RerunToVerify)
}
