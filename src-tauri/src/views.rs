//! Read models for the run detail and the employee profile that the engine crates do not
//! publish yet: a few plain SELECTs over the store, no decisions (statuses, cases and
//! explanations are what the engine wrote). Like `overview.rs`, each moves into ww-core or
//! ww-casework when those crates grow the same reads; the commands then switch to them.

use crate::dto::StatusCounts;
use crate::dto_cases::{local_time, payload_fields};
use crate::dto_runs::{ProfileActivity, ProfileOutcome, RunOutcomePage, RunOutcomeRow};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use ww_store::enums::OutcomeStatus;
use ww_store::ids::{CaseId, EmployeeId, RunId};
use ww_store::Result;

/// Largest page of run outcomes.
pub const MAX_OUTCOME_PAGE: u32 = 500;

/// Outcome counts of a run by status.
///
/// # Errors
/// SQLite errors.
pub fn run_counts(conn: &Connection, run_id: RunId) -> Result<StatusCounts> {
    let mut stmt =
        conn.prepare("SELECT status, COUNT(*) FROM outcomes WHERE run_id = ?1 GROUP BY status")?;
    let mut counts = StatusCounts::default();
    let rows = stmt.query_map([run_id], |r| {
        Ok((r.get::<_, OutcomeStatus>(0)?, r.get::<_, u32>(1)?))
    })?;
    for row in rows {
        let (status, n) = row?;
        let slot = match status {
            OutcomeStatus::Compliant => &mut counts.compliant,
            OutcomeStatus::DueSoon => &mut counts.due_soon,
            OutcomeStatus::Overdue => &mut counts.overdue,
            OutcomeStatus::MissingData => &mut counts.missing_data,
            OutcomeStatus::Excluded => &mut counts.excluded,
        };
        *slot = n;
    }
    Ok(counts)
}

/// `name version` of a measure version, when the id names one.
///
/// # Errors
/// SQLite errors.
pub fn measure_label(conn: &Connection, version_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT m.name || ' ' || mv.version FROM measure_versions mv \
             JOIN measures m ON m.id = mv.measure_id WHERE mv.id = ?1",
            [version_id],
            |r| r.get(0),
        )
        .optional()?)
}

fn why_facts(evidence: &str, zone: Tz) -> Vec<crate::dto_cases::NamedValue> {
    let v: Value = serde_json::from_str(evidence).unwrap_or(Value::Null);
    payload_fields(v.get("why_flagged"), zone, &[])
}

/// One page of a run's outcomes in the order they were written, optionally of one status,
/// with the number of matching outcomes. Paging happens in SQL.
///
/// # Errors
/// [`ww_store::Error::Invalid`] for a limit of 0 or above [`MAX_OUTCOME_PAGE`]; SQLite errors.
pub fn run_outcomes(
    conn: &Connection,
    run_id: RunId,
    status: Option<OutcomeStatus>,
    offset: u64,
    limit: u32,
    zone: Tz,
) -> Result<RunOutcomePage> {
    if limit == 0 || limit > MAX_OUTCOME_PAGE {
        return Err(ww_store::Error::Invalid(format!(
            "limit {limit} must be between 1 and {MAX_OUTCOME_PAGE}"
        )));
    }
    let status_text = status.map(|s| s.as_str());
    let total: u64 = conn.query_row(
        "SELECT COUNT(*) FROM outcomes WHERE run_id = ?1 AND (?2 IS NULL OR status = ?2)",
        params![run_id, status_text],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT o.id, e.id, e.external_id, e.name, e.site, m.name || ' ' || mv.version, \
         o.evaluation_period, o.status, o.evidence_json \
         FROM outcomes o JOIN employees e ON e.id = o.employee_id \
         JOIN measure_versions mv ON mv.id = o.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE o.run_id = ?1 AND (?2 IS NULL OR o.status = ?2) \
         ORDER BY o.rowid LIMIT ?3 OFFSET ?4",
    )?;
    let items = stmt
        .query_map(params![run_id, status_text, limit, offset as i64], |r| {
            Ok(RunOutcomeRow {
                id: r.get(0)?,
                employee_id: r.get(1)?,
                employee_external_id: r.get(2)?,
                employee_name: r.get(3)?,
                site: r.get(4)?,
                measure: r.get(5)?,
                evaluation_period: r.get(6)?,
                status: r.get(7)?,
                facts: why_facts(&r.get::<_, String>(8)?, zone),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(RunOutcomePage { total, items })
}

/// The latest outcome of each measure for an employee, from runs that were not dry runs,
/// by measure name.
///
/// # Errors
/// SQLite errors.
pub fn latest_outcomes(
    conn: &Connection,
    employee: EmployeeId,
    zone: Tz,
) -> Result<Vec<ProfileOutcome>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name, mv.version, o.evaluation_period, o.status, o.evaluated_at, \
         o.run_id, o.evidence_json \
         FROM outcomes o JOIN runs r ON r.id = o.run_id AND r.dry_run = 0 \
         JOIN measure_versions mv ON mv.id = o.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE o.employee_id = ?1 ORDER BY o.evaluated_at DESC, o.rowid DESC",
    )?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let rows = stmt.query_map([employee], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    for row in rows {
        let (measure_id, name, version, period, status, at, run_id, evidence) = row?;
        if seen.insert(measure_id.clone()) {
            out.push(ProfileOutcome {
                measure_id,
                measure_name: name,
                measure_version: version,
                evaluation_period: period,
                status,
                evaluated_local: local_time(&at, zone),
                run_id,
                facts: why_facts(&evidence, zone),
            });
        }
    }
    out.sort_by(|a, b| a.measure_name.cmp(&b.measure_name));
    Ok(out)
}

/// The ids of an employee's cases (any status), for ww-casework's case list filter.
///
/// # Errors
/// SQLite errors.
pub fn case_ids(conn: &Connection, employee: EmployeeId) -> Result<Vec<CaseId>> {
    let mut stmt = conn.prepare("SELECT id FROM cases WHERE employee_id = ?1")?;
    let ids = stmt
        .query_map([employee], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// The newest `limit` case actions on an employee's cases.
///
/// # Errors
/// SQLite errors.
pub fn recent_activity(
    conn: &Connection,
    employee: EmployeeId,
    limit: u32,
    zone: Tz,
) -> Result<Vec<ProfileActivity>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, m.name, a.action_type, a.performed_by, a.performed_at \
         FROM case_actions a JOIN cases c ON c.id = a.case_id \
         JOIN measure_versions mv ON mv.id = c.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE c.employee_id = ?1 ORDER BY a.performed_at DESC, a.rowid DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![employee, limit], |r| {
            Ok(ProfileActivity {
                case_id: r.get(0)?,
                measure_name: r.get(1)?,
                action_type: r.get(2)?,
                actor: r.get(3)?,
                at_local: local_time(&r.get::<_, String>(4)?, zone),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
