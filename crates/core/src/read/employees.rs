//! The employee profile: facts, the latest outcome of each measure and recent case activity
//! (issue 7, "Employee profile"). Open cases are ww-casework's worklist
//! (`ww_casework::worklist::open_cases_of`).

use crate::read::runs::why_flagged;
use crate::{Error, Result};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;
use ww_store::employees::Employee;
use ww_store::enums::{CaseActionType, OutcomeStatus};
use ww_store::ids::{CaseId, EmployeeId, MeasureId, RunId};

/// The latest outcome of one measure for one employee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatestOutcome {
    /// The measure.
    pub measure_id: MeasureId,
    /// Its name.
    pub measure_name: String,
    /// The version evaluated (label such as `v1.0`).
    pub measure_version: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// The outcome status.
    pub status: OutcomeStatus,
    /// When it was evaluated, ISO-8601 UTC.
    pub evaluated_at: String,
    /// The run's as-of date (`YYYY-MM-DD` in the organisation's zone: the day its measurement
    /// period ends).
    pub as_of: String,
    /// The run that wrote it.
    pub run_id: RunId,
    /// The evidence's `why_flagged` object (`Null` when absent).
    pub why_flagged: Value,
}

/// One case action on one of the employee's cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseActivity {
    /// The case.
    pub case_id: CaseId,
    /// The case's measure name.
    pub measure_name: String,
    /// What was done.
    pub action_type: CaseActionType,
    /// Who did it (a user name or `SYSTEM`).
    pub performed_by: Option<String>,
    /// When, ISO-8601 UTC.
    pub performed_at: String,
}

/// Everything of the employee profile that is not a case list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmployeeProfile {
    /// The employee row.
    pub employee: Employee,
    /// The supervisor's name, when the employee has one on record.
    pub supervisor: Option<String>,
    /// [`latest_outcomes`].
    pub outcomes: Vec<LatestOutcome>,
    /// [`recent_activity`].
    pub activity: Vec<CaseActivity>,
    /// The organisation's time zone, for showing the times.
    #[serde(skip)]
    pub zone: Tz,
}

/// The profile of `employee` with its newest `activity_limit` case actions.
///
/// # Errors
/// [`Error::NotFound`] for an unknown employee; [`Error::Invalid`] for a bad
/// `org_time_zone` setting; store errors.
pub fn employee_profile(
    conn: &Connection,
    employee: EmployeeId,
    activity_limit: u32,
) -> Result<EmployeeProfile> {
    let row = ww_store::employees::get(conn, employee)?.ok_or_else(|| Error::NotFound {
        what: "employee",
        key: employee.to_string(),
    })?;
    let supervisor = match row.supervisor_id {
        Some(s) => ww_store::employees::get(conn, s)?.map(|s| s.name),
        None => None,
    };
    let zone = crate::run::org_zone(conn)?;
    Ok(EmployeeProfile {
        supervisor,
        outcomes: latest_outcomes_in(conn, employee, zone)?,
        activity: recent_activity(conn, employee, activity_limit)?,
        zone,
        employee: row,
    })
}

/// The latest outcome of each measure for `employee`, by measure name, read only from the
/// runs that count (DOMAIN.md section 4, [`crate::overview::dashboard_run_filter`]): terminal,
/// not a dry run (QA G11), over a population (ALL_PROGRAMS or MEASURE). A one-person,
/// site or case run, back-dated or not, never becomes the latest figure (QA H5). "Latest" is
/// the newest as-of date (the run's measurement period end), then the newest run started.
/// The as-of dates are given in the organisation's zone.
///
/// # Errors
/// [`Error::Invalid`] for a bad `org_time_zone` setting or a run's unreadable period end;
/// SQLite errors.
pub fn latest_outcomes(conn: &Connection, employee: EmployeeId) -> Result<Vec<LatestOutcome>> {
    latest_outcomes_in(conn, employee, crate::run::org_zone(conn)?)
}

/// [`latest_outcomes`] with the organisation's zone already read.
fn latest_outcomes_in(
    conn: &Connection,
    employee: EmployeeId,
    zone: Tz,
) -> Result<Vec<LatestOutcome>> {
    let runs = crate::overview::dashboard_run_filter();
    let sql = format!(
        "SELECT m.id, m.name, mv.version, o.evaluation_period, o.status, o.evaluated_at, \
         o.run_id, o.evidence_json, r.measurement_period_end \
         FROM outcomes o JOIN runs r ON r.id = o.run_id \
         AND r.id IN (SELECT id FROM runs WHERE {runs}) \
         JOIN measure_versions mv ON mv.id = o.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE o.employee_id = ?1 \
         ORDER BY r.measurement_period_end DESC, r.started_at DESC, r.rowid DESC, o.rowid DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([employee], |r| {
        Ok((
            LatestOutcome {
                measure_id: r.get(0)?,
                measure_name: r.get(1)?,
                measure_version: r.get(2)?,
                evaluation_period: r.get(3)?,
                status: r.get(4)?,
                evaluated_at: r.get(5)?,
                as_of: String::new(),
                run_id: r.get(6)?,
                why_flagged: why_flagged(&r.get::<_, String>(7)?),
            },
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for row in rows {
        let (mut outcome, period_end) = row?;
        if seen.insert(outcome.measure_id) {
            outcome.as_of = crate::overview::local_date(&period_end, zone)?;
            out.push(outcome);
        }
    }
    out.sort_by(|a, b| a.measure_name.cmp(&b.measure_name));
    Ok(out)
}

/// The newest `limit` case actions on any of `employee`'s cases, newest first.
///
/// # Errors
/// SQLite errors.
pub fn recent_activity(
    conn: &Connection,
    employee: EmployeeId,
    limit: u32,
) -> Result<Vec<CaseActivity>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, m.name, a.action_type, a.performed_by, a.performed_at \
         FROM case_actions a JOIN cases c ON c.id = a.case_id \
         JOIN measure_versions mv ON mv.id = c.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE c.employee_id = ?1 ORDER BY a.performed_at DESC, a.rowid DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![employee, limit], |r| {
            Ok(CaseActivity {
                case_id: r.get(0)?,
                measure_name: r.get(1)?,
                action_type: r.get(2)?,
                performed_by: r.get(3)?,
                performed_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
