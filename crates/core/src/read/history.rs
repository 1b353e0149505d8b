//! The run history: the newest runs passing the screen's filters, each with its as-of date and
//! what its scope names (measure, site, employee, case), times in the organisation's zone
//! (issue 7 "Runs"; QA H4 and H6). Every filter is a SQL condition, so a filtered history is
//! as long as asked for, not a filtered slice of the newest runs.

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::Serialize;
use ww_store::enums::{RunStatus, ScopeType, TriggerType};
use ww_store::ids::{CaseId, MeasureId, RunId};
use ww_store::runs::Run;

/// Most runs one history read returns.
pub const MAX_HISTORY: u32 = 500;

/// Which runs the history lists; `None` does not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunHistoryFilter {
    /// Only runs in this status.
    pub status: Option<RunStatus>,
    /// Only runs of this scope type.
    pub scope_type: Option<ScopeType>,
    /// Only runs with this trigger.
    pub trigger_type: Option<TriggerType>,
    /// `Some(true)`: dry runs only; `Some(false)`: real runs only.
    pub dry_run: Option<bool>,
    /// Only runs that evaluated this measure: a run of one of its versions (`scope_id`), or a
    /// run of several measures that wrote an outcome of one of its versions.
    pub measure: Option<MeasureId>,
}

/// One run of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunHistoryItem {
    /// The run row.
    pub run: Run,
    /// The as-of date, `YYYY-MM-DD` in the organisation's zone (the day the measurement
    /// period ends).
    pub as_of: String,
    /// When it started, `YYYY-MM-DD HH:MM` in the organisation's zone.
    pub started_local: String,
    /// What the scope names, e.g. `Annual Audiogram 1.0 · Plant B · Ava Alvarez (emp-042)`;
    /// `None` for a run of every program everywhere.
    pub target: Option<String>,
}

/// The history and the zone its times are in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunHistory {
    /// Newest first (start time, then id).
    pub items: Vec<RunHistoryItem>,
    /// The organisation's time zone (IANA name).
    pub zone: String,
}

/// The newest `limit` runs (at most [`MAX_HISTORY`]) passing `filter`, newest first.
///
/// # Errors
/// [`Error::Invalid`] naming `limit` when it is 0, for a bad `org_time_zone` setting or an
/// unreadable run time; SQLite errors.
pub fn run_history(conn: &Connection, filter: &RunHistoryFilter, limit: u32) -> Result<RunHistory> {
    if limit == 0 {
        return Err(Error::Invalid("limit 0: ask for at least one run".into()));
    }
    let zone = crate::run::org_zone(conn)?;
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    let mut text = |clause: &'static str, value: &str, params: &mut Vec<SqlValue>| {
        clauses.push(clause);
        params.push(SqlValue::Text(value.to_owned()));
    };
    if let Some(s) = filter.status {
        text("r.status = ?", s.as_str(), &mut params);
    }
    if let Some(s) = filter.scope_type {
        text("r.scope_type = ?", s.as_str(), &mut params);
    }
    if let Some(t) = filter.trigger_type {
        text("r.trigger_type = ?", t.as_str(), &mut params);
    }
    if let Some(m) = filter.measure {
        let id = m.to_string();
        text(
            "(r.scope_id IN (SELECT id FROM measure_versions WHERE measure_id = ?) OR \
             (r.scope_id IS NULL AND EXISTS (SELECT 1 FROM outcomes o \
             JOIN measure_versions mv ON mv.id = o.measure_version_id \
             WHERE o.run_id = r.id AND mv.measure_id = ?)))",
            &id,
            &mut params,
        );
        params.push(SqlValue::Text(id));
    }
    if let Some(d) = filter.dry_run {
        clauses.push("r.dry_run = ?");
        params.push(SqlValue::Integer(i64::from(d)));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    params.push(SqlValue::Integer(i64::from(limit.min(MAX_HISTORY))));
    let sql =
        format!("SELECT r.id FROM runs r{where_sql} ORDER BY r.started_at DESC, r.id LIMIT ?");
    let ids = conn
        .prepare(&sql)?
        .query_map(params_from_iter(params.iter()), |r| r.get::<_, RunId>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(run) = ww_store::runs::get(conn, id)? else {
            continue;
        };
        items.push(RunHistoryItem {
            as_of: local(&run.measurement_period_end, zone, "%Y-%m-%d")?,
            started_local: local(&run.started_at, zone, "%Y-%m-%d %H:%M")?,
            target: target(conn, &run)?,
            run,
        });
    }
    Ok(RunHistory {
        items,
        zone: zone.name().to_owned(),
    })
}

/// `utc` (ISO-8601) in `zone`, formatted with `format`.
fn local(utc: &str, zone: Tz, format: &str) -> Result<String> {
    let t: DateTime<Utc> = utc
        .parse()
        .map_err(|e| Error::Invalid(format!("run time {utc:?}: {e}")))?;
    Ok(t.with_timezone(&zone).format(format).to_string())
}

/// What `run`'s scope names: the measure version (`scope_id`), the site, the employee (from
/// the request, or the case's employee for a case verification).
fn target(conn: &Connection, run: &Run) -> Result<Option<String>> {
    let mut parts = Vec::new();
    if let Some(version) = run.scope_id.as_deref() {
        if let Some(label) = crate::read::runs::measure_label(conn, version)? {
            parts.push(label);
        }
    }
    if let Some(site) = run.site.as_deref() {
        parts.push(site.to_owned());
    }
    let request = &run.requested_scope_json;
    let employee = if let Some(ext) = request["employeeExternalId"].as_str() {
        conn.query_row(
            "SELECT name || ' (' || external_id || ')' FROM employees WHERE external_id = ?1",
            [ext],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .or_else(|| Some(ext.to_owned()))
    } else if let Some(case) = request["caseId"]
        .as_str()
        .and_then(|c| CaseId::parse(c).ok())
    {
        conn.query_row(
            "SELECT e.name || ' (' || e.external_id || ')' FROM cases c \
             JOIN employees e ON e.id = c.employee_id WHERE c.id = ?1",
            [case],
            |r| r.get::<_, String>(0),
        )
        .optional()?
    } else {
        None
    };
    parts.extend(employee);
    Ok((!parts.is_empty()).then(|| parts.join(" · ")))
}
