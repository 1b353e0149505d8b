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
use serde::Serialize;
use serde_json::json;
use ww_store::cases::{self, CLOSED_BY_SYSTEM};
use ww_store::enums::{AuditEventType as Ev, CaseActionType, CaseStatus};
use ww_store::ids::{CaseId, MeasureId};

/// The word a person types to confirm a deprecation that retires a program (QA3 H1).
pub const RETIRE_CONFIRMATION: &str = "RETIRE";

/// What deprecating a version would do, decided before anything is written (QA3 H1): the
/// window shows it and asks for [`RETIRE_CONFIRMATION`] when `retires_program`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeprecationPreview {
    /// The measure's name.
    pub measure_name: String,
    /// The version's label, e.g. `1.1`.
    pub version: String,
    /// True when the version is the measure's ACTIVE one: deprecating it leaves the measure
    /// with no version runs evaluate (the program leaves the overview) and closes its cases.
    pub retires_program: bool,
    /// OPEN / IN_PROGRESS cases of the measure that would be closed (0 unless retiring).
    pub open_cases_to_close: usize,
    /// The consequence in words, for the confirmation dialog.
    pub message: String,
    /// The word to type to confirm ([`RETIRE_CONFIRMATION`]), or `None` when no typed
    /// confirmation is needed.
    pub confirmation: Option<String>,
}

/// Previews [`crate::measures::deprecate_version`] of `id` without writing anything.
///
/// # Errors
/// [`crate::Error::NotFound`] for an unknown version or measure; [`crate::Error::Db`].
pub fn preview_deprecation(
    conn: &Connection,
    id: ww_store::ids::MeasureVersionId,
) -> Result<DeprecationPreview> {
    let v = ww_store::measures::get_version(conn, id)?
        .ok_or_else(|| crate::Error::NotFound(format!("measure version {id}")))?;
    let measure = ww_store::measures::get_measure(conn, v.measure_id)?
        .ok_or_else(|| crate::Error::NotFound(format!("measure {}", v.measure_id)))?;
    let retires_program = v.status == ww_store::enums::MeasureVersionStatus::Active;
    let open_cases_to_close = if retires_program {
        let n: i64 = conn.query_row(
            "SELECT COUNT(*) FROM cases c JOIN measure_versions mv ON mv.id = c.measure_version_id \
             WHERE mv.measure_id = ?1 AND c.status IN ('OPEN', 'IN_PROGRESS')",
            params![v.measure_id],
            |r| r.get(0),
        )?;
        usize::try_from(n).unwrap_or(0)
    } else {
        0
    };
    let message = if retires_program {
        let cases = match open_cases_to_close {
            0 => "it has no open cases to close".to_owned(),
            1 => "its 1 open case will be closed by the system (resolved as \"measure retired\")"
                .to_owned(),
            n => format!(
                "its {n} open cases will be closed by the system (resolved as \"measure \
                 retired\")"
            ),
        };
        format!(
            "Version {} is the ACTIVE version of {}. Deprecating it with no other version to \
             activate retires the program: no run evaluates it any more, it leaves the programs \
             overview, and {cases}. This cannot be undone. To move the cases to a new version \
             instead, approve and activate that version.",
            v.version, measure.name
        )
    } else {
        format!(
            "Version {} of {} is not active: deprecating it changes no case and no run.",
            v.version, measure.name
        )
    };
    Ok(DeprecationPreview {
        measure_name: measure.name,
        version: v.version,
        retires_program,
        open_cases_to_close,
        message,
        confirmation: retires_program.then(|| RETIRE_CONFIRMATION.to_owned()),
    })
}

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
