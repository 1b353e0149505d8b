//! The run detail and a run's outcomes, page by page (DOMAIN.md section 4; contract `runs`,
//! `run_logs`, `outcomes`).

use crate::overview::StatusCounts;
use crate::{Error, Result};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use ww_store::enums::OutcomeStatus;
use ww_store::ids::{EmployeeId, OutcomeId, RunId};
use ww_store::runs::{Run, RunLog};

/// Largest page [`run_outcomes`] returns.
pub const MAX_OUTCOME_PAGE: u32 = 500;

/// One run as its detail screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunDetail {
    /// The run row.
    pub run: Run,
    /// `name version` of the measure version a MEASURE or CASE run evaluated (`scope_id`),
    /// `None` for other scopes or an id that names no version.
    pub measure_label: Option<String>,
    /// The run's log lines in the order they were written.
    pub logs: Vec<RunLog>,
    /// The run's outcomes counted by status.
    pub counts: StatusCounts,
    /// The organisation's time zone (setting `org_time_zone`), for showing the times.
    #[serde(skip)]
    pub zone: Tz,
}

/// The run `run_id` with its measure label, log and outcome counts.
///
/// # Errors
/// [`Error::NotFound`] for an unknown run; [`Error::Invalid`] for a bad `org_time_zone`
/// setting; store errors.
pub fn run_detail(conn: &Connection, run_id: RunId) -> Result<RunDetail> {
    let run = ww_store::runs::get(conn, run_id)?.ok_or_else(|| Error::NotFound {
        what: "run",
        key: run_id.to_string(),
    })?;
    let measure_label = match run.scope_id.as_deref() {
        Some(version) => measure_label(conn, version)?,
        None => None,
    };
    Ok(RunDetail {
        measure_label,
        logs: ww_store::runs::list_logs(conn, run_id)?,
        counts: run_counts(conn, run_id)?,
        zone: crate::run::org_zone(conn)?,
        run,
    })
}

/// The outcomes of run `run_id` counted by status (all zero for a run without outcomes).
///
/// # Errors
/// SQLite errors.
pub fn run_counts(conn: &Connection, run_id: RunId) -> Result<StatusCounts> {
    let mut stmt =
        conn.prepare("SELECT status, COUNT(*) FROM outcomes WHERE run_id = ?1 GROUP BY status")?;
    let rows = stmt.query_map([run_id], |r| {
        Ok((r.get::<_, OutcomeStatus>(0)?, r.get::<_, u32>(1)?))
    })?;
    let mut counts = StatusCounts::default();
    for row in rows {
        let (status, n) = row?;
        counts.add(status, n);
    }
    Ok(counts)
}

/// `name version` (e.g. `Annual Audiogram v1.0`) of the measure version whose id is
/// `version_id`; `None` when no version has that id.
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

/// One outcome of a run, with its employee and measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOutcome {
    /// The outcome.
    pub id: OutcomeId,
    /// The employee evaluated.
    pub employee_id: EmployeeId,
    /// The employee's HR id.
    pub employee_external_id: String,
    /// The employee's name.
    pub employee_name: String,
    /// The employee's site.
    pub site: Option<String>,
    /// `name version` of the measure version evaluated.
    pub measure: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// The outcome status the measure's CQL gave.
    pub status: OutcomeStatus,
    /// The evidence's `why_flagged` object as the run wrote it (`Null` when absent).
    pub why_flagged: Value,
}

/// One page of a run's outcomes and how many outcomes match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOutcomePage {
    /// Outcomes matching the filter (all pages).
    pub total: u64,
    /// This page, in the order the run wrote the outcomes.
    pub items: Vec<RunOutcome>,
    /// The organisation's time zone, for showing the evidence's instants.
    #[serde(skip)]
    pub zone: Tz,
}

/// `limit` outcomes of run `run_id` after skipping `offset`, in the order they were written,
/// optionally only those of `status`. Paging happens in SQL.
///
/// # Errors
/// [`Error::Invalid`] naming `limit` when it is 0 or above [`MAX_OUTCOME_PAGE`]; SQLite
/// errors.
pub fn run_outcomes(
    conn: &Connection,
    run_id: RunId,
    status: Option<OutcomeStatus>,
    offset: u64,
    limit: u32,
) -> Result<RunOutcomePage> {
    if limit == 0 || limit > MAX_OUTCOME_PAGE {
        return Err(Error::Invalid(format!(
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
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let items = stmt
        .query_map(params![run_id, status_text, limit, offset], |r| {
            Ok(RunOutcome {
                id: r.get(0)?,
                employee_id: r.get(1)?,
                employee_external_id: r.get(2)?,
                employee_name: r.get(3)?,
                site: r.get(4)?,
                measure: r.get(5)?,
                evaluation_period: r.get(6)?,
                status: r.get(7)?,
                why_flagged: why_flagged(&r.get::<_, String>(8)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(RunOutcomePage {
        total,
        items,
        zone: crate::run::org_zone(conn)?,
    })
}

/// The `why_flagged` object of an `evidence_json` text (`Null` when the text is not JSON or
/// has none: the evidence of an evaluation error).
pub(crate) fn why_flagged(evidence: &str) -> Value {
    serde_json::from_str::<Value>(evidence)
        .ok()
        .and_then(|mut v| v.get_mut("why_flagged").map(Value::take))
        .unwrap_or(Value::Null)
}
