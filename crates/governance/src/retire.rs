//! Open cases of a retired measure are closed (deprecation without a successor).
//!
//! Runs evaluate only a measure's ACTIVE version. Deprecating the ACTIVE version without
//! activating another one (`measures deprecate`, as opposed to an activation, which demotes
//! the old version and carries its open cases over, see [`crate::carry_over`]) leaves the
//! measure with no version any run evaluates, so its OPEN / IN_PROGRESS cases would stay
//! open in the worklist forever.
//!
//! [`close_open_cases`], called inside the deprecation's transaction when the measure is left
//! without an ACTIVE version, closes every active case of every version of the measure:
//!
//! * status RESOLVED, the terminal status of closures made by the system (DOMAIN.md
//!   section 5: RESOLVED by the system, CLOSED by a person), `closed_by` = `SYSTEM`,
//!   `closed_reason` = `measure retired: <the deprecation reason>`;
//! * each writes a SYSTEM_RESOLVED case action (payload `change` = `MEASURE_RETIRED`) and a
//!   CASE_RESOLVED audit event whose actor is the person who deprecated the version.
//!
//! Should the measure come back (a new version activated later), its first run opens new
//! cases: the closed ones stay the record of the retired version.

use crate::carry_over::{action, record_case};
use crate::Result;
use rusqlite::{params, Connection};
use serde_json::json;
use ww_store::cases::{self, CLOSED_BY_SYSTEM};
use ww_store::enums::{AuditEventType as Ev, CaseActionType, CaseStatus};
use ww_store::ids::{CaseId, MeasureId};

/// The `closed_reason` of a case closed because its measure was retired.
pub fn retired_reason(deprecation_reason: &str) -> String {
    format!("measure retired: {deprecation_reason}")
}

/// Closes the OPEN and IN_PROGRESS cases of every version of `measure` (see the module
/// documentation) in the caller's transaction; returns how many. `who` is the actor of the
/// audit events, `reason` the deprecation reason and `now` the timestamp of every change.
///
/// # Errors
/// [`crate::Error::Db`].
pub fn close_open_cases(
    tx: &Connection,
    measure: MeasureId,
    reason: &str,
    who: &str,
    now: &str,
) -> Result<usize> {
    let ids: Vec<CaseId> = {
        let mut stmt = tx.prepare(
            "SELECT c.id FROM cases c JOIN measure_versions mv ON mv.id = c.measure_version_id \
             WHERE mv.measure_id = ?1 AND c.status IN ('OPEN', 'IN_PROGRESS') ORDER BY c.id",
        )?;
        let rows = stmt.query_map(params![measure], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let closed_reason = retired_reason(reason);
    let mut closed = 0;
    for id in ids {
        let Some(mut case) = cases::get(tx, id)? else {
            continue;
        };
        let before = case.status;
        case.status = CaseStatus::Resolved;
        case.closed_at = Some(now.to_owned());
        case.closed_by = Some(CLOSED_BY_SYSTEM.to_owned());
        case.closed_reason = Some(closed_reason.clone());
        case.updated_at = now.to_owned();
        cases::update(tx, &case)?;
        let payload = json!({
            "note": closed_reason,
            "change": "MEASURE_RETIRED",
            "measureVersionId": case.measure_version_id,
            "evaluationPeriod": case.evaluation_period,
            "deprecationReason": reason,
            "fromStatus": before, "toStatus": case.status,
        });
        action(
            tx,
            case.id,
            CaseActionType::SystemResolved,
            &payload,
            CLOSED_BY_SYSTEM,
            now,
        )?;
        record_case(
            tx,
            Ev::CaseResolved,
            case.id,
            case.measure_version_id,
            who,
            payload,
        )?;
        closed += 1;
    }
    Ok(closed)
}
