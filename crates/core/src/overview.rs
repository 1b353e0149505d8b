//! The programs overview read model: which run's figures a dashboard shows, the per-measure
//! status counts, the trend over past runs, and the sites and roles with the most overdue
//! employees (issue #7 "Programs overview" and "Program detail").
//!
//! Which runs count follows DOMAIN.md section 4 (a lesson): dashboards and trends read only
//! terminal, non-dry runs over a population (ALL_PROGRAMS or MEASURE scope). An in-flight
//! run, a dry run, or a one-person rerun never becomes "the latest" figure. The rule is
//! [`counts_for_dashboards`]; the SQL filter [`dashboard_run_filter`] is generated from the
//! same enums so the two cannot drift.
//!
//! Everything here only reads, with a handful of aggregate queries (no outcome row is
//! loaded), so the overview opens in milliseconds on the demo database.

pub mod schedule;

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use ww_store::enums::{OutcomeStatus, RunStatus, ScopeType, TriggerType};
use ww_store::ids::{MeasureId, MeasureVersionId, RunId};
use ww_store::runs::Run;

/// How many dashboard runs (newest first) the overview looks through for figures and trends.
pub const RECENT_RUNS: u32 = 60;
/// Points kept in each measure's trend (the newest ones, returned oldest first).
pub const TREND_POINTS: usize = 30;
/// Sites or roles listed per measure in the "most overdue" lists.
pub const TOP_GROUPS: u32 = 5;

/// Whether a run may feed dashboards and trends: terminal, not a dry run, and over a
/// population (ALL_PROGRAMS or MEASURE scope). DOMAIN.md section 4.
pub fn counts_for_dashboards(run: &Run) -> bool {
    is_dashboard_run(run.status, run.dry_run, run.scope_type)
}

/// [`counts_for_dashboards`] on the three columns that decide it.
pub fn is_dashboard_run(status: RunStatus, dry_run: bool, scope: ScopeType) -> bool {
    status.is_terminal() && !dry_run && matches!(scope, ScopeType::AllPrograms | ScopeType::Measure)
}

const ALL_RUN_STATUSES: [RunStatus; 7] = [
    RunStatus::Requested,
    RunStatus::Queued,
    RunStatus::Running,
    RunStatus::PartialFailure,
    RunStatus::Completed,
    RunStatus::Failed,
    RunStatus::Cancelled,
];
const ALL_SCOPES: [ScopeType; 5] = [
    ScopeType::AllPrograms,
    ScopeType::Measure,
    ScopeType::Site,
    ScopeType::Employee,
    ScopeType::Case,
];

/// The SQL condition (over the `runs` columns, no alias) equal to [`is_dashboard_run`],
/// built from the enums: `dry_run = 0 AND status IN (...) AND scope_type IN (...)`.
pub fn dashboard_run_filter() -> String {
    let quoted = |s: &str| format!("'{s}'");
    let statuses: Vec<String> = ALL_RUN_STATUSES
        .iter()
        .filter(|s| s.is_terminal())
        .map(|s| quoted(s.as_str()))
        .collect();
    let scopes: Vec<String> = ALL_SCOPES
        .iter()
        .filter(|s| is_dashboard_run(RunStatus::Completed, false, **s))
        .map(|s| quoted(s.as_str()))
        .collect();
    format!(
        "dry_run = 0 AND status IN ({}) AND scope_type IN ({})",
        statuses.join(", "),
        scopes.join(", ")
    )
}

/// The five outcome counts of one measure in one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StatusCounts {
    /// COMPLIANT outcomes.
    pub compliant: u32,
    /// DUE_SOON outcomes.
    pub due_soon: u32,
    /// OVERDUE outcomes.
    pub overdue: u32,
    /// MISSING_DATA outcomes.
    pub missing_data: u32,
    /// EXCLUDED outcomes.
    pub excluded: u32,
}

impl StatusCounts {
    /// Adds `n` outcomes of `status`.
    pub fn add(&mut self, status: OutcomeStatus, n: u32) {
        let slot = match status {
            OutcomeStatus::Compliant => &mut self.compliant,
            OutcomeStatus::DueSoon => &mut self.due_soon,
            OutcomeStatus::Overdue => &mut self.overdue,
            OutcomeStatus::MissingData => &mut self.missing_data,
            OutcomeStatus::Excluded => &mut self.excluded,
        };
        *slot = slot.saturating_add(n);
    }

    /// Adds every count of `other`.
    pub fn add_all(&mut self, other: &StatusCounts) {
        self.add(OutcomeStatus::Compliant, other.compliant);
        self.add(OutcomeStatus::DueSoon, other.due_soon);
        self.add(OutcomeStatus::Overdue, other.overdue);
        self.add(OutcomeStatus::MissingData, other.missing_data);
        self.add(OutcomeStatus::Excluded, other.excluded);
    }

    /// All outcomes, excluded ones included.
    pub fn total(&self) -> u64 {
        [
            self.compliant,
            self.due_soon,
            self.overdue,
            self.missing_data,
            self.excluded,
        ]
        .iter()
        .map(|&n| u64::from(n))
        .sum()
    }

    /// Compliance in percent (0-100, one decimal): COMPLIANT / (all - EXCLUDED), the
    /// contract's `passRate`. `None` when no outcome is in the denominator.
    pub fn compliance_pct(&self) -> Option<f64> {
        let denominator = self.total() - u64::from(self.excluded);
        if denominator == 0 {
            return None;
        }
        let pct = f64::from(self.compliant) * 100.0 / denominator as f64;
        Some((pct * 10.0).round() / 10.0)
    }
}

/// One point of a measure's trend: its counts in one dashboard run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrendPoint {
    /// The run.
    pub run_id: RunId,
    /// When the run started (UTC, ISO-8601 with milliseconds).
    pub started_at: String,
    /// The run's as-of date in the organisation's zone (`YYYY-MM-DD`).
    pub as_of: String,
    /// The measure's counts in that run.
    pub counts: StatusCounts,
    /// [`StatusCounts::compliance_pct`] of `counts`.
    pub compliance_pct: Option<f64>,
}

/// A site or role and how many of its employees were OVERDUE in the counted run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverdueGroup {
    /// The site or role; `None` for employees without one.
    pub name: Option<String>,
    /// OVERDUE outcomes.
    pub overdue: u32,
}

/// One active measure on the overview.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProgramSummary {
    /// The measure.
    pub measure_id: MeasureId,
    /// Its ACTIVE version.
    pub measure_version_id: MeasureVersionId,
    /// Measure name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Policy reference (e.g. a CFR paragraph).
    pub policy_ref: Option<String>,
    /// Counts of the active version in the newest dashboard run that evaluated it; `None`
    /// when no such run exists yet.
    pub counts: Option<StatusCounts>,
    /// The run `counts` come from.
    pub counted_run_id: Option<RunId>,
    /// [`StatusCounts::compliance_pct`] of `counts`.
    pub compliance_pct: Option<f64>,
    /// Open cases (OPEN + IN_PROGRESS) of the active version.
    pub open_cases: u32,
    /// The measure's counts in its last [`TREND_POINTS`] dashboard runs (any version),
    /// oldest first.
    pub trend: Vec<TrendPoint>,
    /// Sites with the most OVERDUE outcomes in the counted run, most first, at most
    /// [`TOP_GROUPS`].
    pub top_sites: Vec<OverdueGroup>,
    /// Roles likewise.
    pub top_roles: Vec<OverdueGroup>,
}

/// The programs overview.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Overview {
    /// One summary per ACTIVE measure version, by measure name.
    pub programs: Vec<ProgramSummary>,
    /// Open cases (OPEN + IN_PROGRESS) of every measure.
    pub open_cases: u32,
    /// Compliance over every program's counted figures together.
    pub compliance_pct: Option<f64>,
    /// The newest dashboard run.
    pub last_run: Option<Run>,
    /// The newest scheduled dashboard run, if any.
    pub last_scheduled_run: Option<Run>,
}

/// A dashboard run as the read model needs it.
#[derive(Debug, Clone)]
struct RunPoint {
    id: RunId,
    started_at: String,
    as_of: String,
}

/// Builds the overview: every ACTIVE measure version with its counted figures, trend, top
/// sites and roles, plus the open-case total and the newest dashboard run.
///
/// # Errors
/// [`Error::Store`] on read failures; [`Error::Invalid`] when the organisation's zone
/// setting is not an IANA zone.
pub fn overview(conn: &Connection) -> Result<Overview> {
    let zone = crate::run::org_zone(conn)?;
    let active = ww_store::measures::list_active(conn)?;
    let runs = recent_dashboard_runs(conn, zone)?;
    let per_run = counts_by_run(conn, &runs)?;
    let open = open_cases_by_version(conn)?;

    let mut programs = Vec::with_capacity(active.len());
    for (m, v) in active {
        programs.push(summarise(conn, &runs, &per_run, &open, m, v)?);
    }
    let mut all = StatusCounts::default();
    for p in &programs {
        if let Some(c) = &p.counts {
            all.add_all(c);
        }
    }
    let open_cases = open.values().sum();
    let last_run = match runs.first() {
        Some(r) => ww_store::runs::get(conn, r.id)?,
        None => None,
    };
    Ok(Overview {
        programs,
        open_cases,
        compliance_pct: all.compliance_pct(),
        last_run,
        last_scheduled_run: last_scheduled_run(conn)?,
    })
}

/// The overview of one measure (its ACTIVE version): the same figures as its card.
///
/// # Errors
/// [`Error::NotFound`] when the measure has no ACTIVE version; as [`overview`] otherwise.
pub fn program(conn: &Connection, measure_id: MeasureId) -> Result<ProgramSummary> {
    let zone = crate::run::org_zone(conn)?;
    let (m, v) = ww_store::measures::list_active(conn)?
        .into_iter()
        .find(|(m, _)| m.id == measure_id)
        .ok_or_else(|| Error::NotFound {
            what: "active version of measure",
            key: measure_id.to_string(),
        })?;
    let runs = recent_dashboard_runs(conn, zone)?;
    let per_run = counts_by_run(conn, &runs)?;
    let open = open_cases_by_version(conn)?;
    summarise(conn, &runs, &per_run, &open, m, v)
}

/// Counts of one run, per measure version (with the version's measure).
type RunCounts = HashMap<MeasureVersionId, (MeasureId, StatusCounts)>;

fn summarise(
    conn: &Connection,
    runs: &[RunPoint],
    per_run: &HashMap<RunId, RunCounts>,
    open: &HashMap<MeasureVersionId, u32>,
    m: ww_store::measures::Measure,
    v: ww_store::measures::MeasureVersion,
) -> Result<ProgramSummary> {
    // Newest run first: the first dashboard run that evaluated the active version counts.
    let counted = runs.iter().find_map(|r| {
        per_run
            .get(&r.id)
            .and_then(|by_version| by_version.get(&v.id))
            .map(|(_, c)| (r.id, *c))
    });
    let mut trend: Vec<TrendPoint> = runs
        .iter()
        .filter_map(|r| {
            let by_version = per_run.get(&r.id)?;
            let mut counts = StatusCounts::default();
            let mut any = false;
            for (measure, c) in by_version.values() {
                if *measure == m.id {
                    counts.add_all(c);
                    any = true;
                }
            }
            any.then(|| TrendPoint {
                run_id: r.id,
                started_at: r.started_at.clone(),
                as_of: r.as_of.clone(),
                counts,
                compliance_pct: counts.compliance_pct(),
            })
        })
        .take(TREND_POINTS)
        .collect();
    trend.reverse();
    let (top_sites, top_roles) = match counted {
        Some((run, _)) => (
            top_overdue(conn, run, v.id, "site")?,
            top_overdue(conn, run, v.id, "role")?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(ProgramSummary {
        measure_id: m.id,
        measure_version_id: v.id,
        name: m.name,
        version: v.version,
        policy_ref: m.policy_ref,
        counts: counted.map(|(_, c)| c),
        counted_run_id: counted.map(|(r, _)| r),
        compliance_pct: counted.and_then(|(_, c)| c.compliance_pct()),
        open_cases: open.get(&v.id).copied().unwrap_or(0),
        trend,
        top_sites,
        top_roles,
    })
}

/// The newest [`RECENT_RUNS`] dashboard runs, newest first.
fn recent_dashboard_runs(conn: &Connection, zone: chrono_tz::Tz) -> Result<Vec<RunPoint>> {
    let sql = format!(
        "SELECT id, started_at, measurement_period_end FROM runs WHERE {} \
         ORDER BY started_at DESC, rowid DESC LIMIT ?1",
        dashboard_run_filter()
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([RECENT_RUNS], |r| {
        Ok((
            r.get::<_, RunId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, started_at, period_end) = row?;
        out.push(RunPoint {
            id,
            started_at,
            as_of: local_date(&period_end, zone)?,
        });
    }
    Ok(out)
}

/// The date part of a UTC timestamp in `zone` (the run's as-of date: its measurement
/// period ends at 23:59:59.999 of the as-of date in the organisation's zone).
pub(crate) fn local_date(utc: &str, zone: chrono_tz::Tz) -> Result<String> {
    let t: DateTime<Utc> = utc
        .parse()
        .map_err(|e| Error::Invalid(format!("runs.measurement_period_end {utc:?}: {e}")))?;
    Ok(t.with_timezone(&zone).date_naive().to_string())
}

/// Outcome counts per run and measure version for `runs` (one aggregate query per run, on
/// the `outcomes(run_id)` index).
fn counts_by_run(conn: &Connection, runs: &[RunPoint]) -> Result<HashMap<RunId, RunCounts>> {
    let mut stmt = conn.prepare(
        "SELECT o.measure_version_id, mv.measure_id, o.status, COUNT(*) FROM outcomes o \
         JOIN measure_versions mv ON mv.id = o.measure_version_id \
         WHERE o.run_id = ?1 GROUP BY o.measure_version_id, o.status",
    )?;
    let mut out = HashMap::with_capacity(runs.len());
    for r in runs {
        let mut by_version: RunCounts = HashMap::new();
        let rows = stmt.query_map([r.id], |row| {
            Ok((
                row.get::<_, MeasureVersionId>(0)?,
                row.get::<_, MeasureId>(1)?,
                row.get::<_, OutcomeStatus>(2)?,
                row.get::<_, u32>(3)?,
            ))
        })?;
        for row in rows {
            let (version, measure, status, n) = row?;
            by_version
                .entry(version)
                .or_insert_with(|| (measure, StatusCounts::default()))
                .1
                .add(status, n);
        }
        out.insert(r.id, by_version);
    }
    Ok(out)
}

/// Open cases (OPEN + IN_PROGRESS) per measure version.
fn open_cases_by_version(conn: &Connection) -> Result<HashMap<MeasureVersionId, u32>> {
    let mut stmt = conn.prepare(
        "SELECT measure_version_id, COUNT(*) FROM cases \
         WHERE status IN ('OPEN', 'IN_PROGRESS') GROUP BY measure_version_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The sites or roles (`column` is `site` or `role`, never user input) with the most
/// OVERDUE outcomes of `version` in `run`, most first, then by name.
fn top_overdue(
    conn: &Connection,
    run: RunId,
    version: MeasureVersionId,
    column: &'static str,
) -> Result<Vec<OverdueGroup>> {
    let sql = format!(
        "SELECT e.{column}, COUNT(*) AS n FROM outcomes o JOIN employees e ON e.id = o.employee_id \
         WHERE o.run_id = ?1 AND o.measure_version_id = ?2 AND o.status = ?3 \
         GROUP BY e.{column} ORDER BY n DESC, e.{column} LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![run, version, OutcomeStatus::Overdue, TOP_GROUPS],
        |r| {
            Ok(OverdueGroup {
                name: r.get(0)?,
                overdue: r.get(1)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest dashboard run started by the scheduler (trigger SCHEDULED).
///
/// # Errors
/// [`Error::Store`].
pub fn last_scheduled_run(conn: &Connection) -> Result<Option<Run>> {
    let sql = format!(
        "SELECT id FROM runs WHERE trigger_type = ?1 AND {} \
         ORDER BY started_at DESC, rowid DESC LIMIT 1",
        dashboard_run_filter()
    );
    let id: Option<RunId> = conn
        .query_row(&sql, [TriggerType::Scheduled], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => Ok(ww_store::runs::get(conn, id)?),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests;
