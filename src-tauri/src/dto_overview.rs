//! Types of the programs overview, the program detail and the schedule, as the UI receives
//! them (generated into `ui/src/bindings.ts`). They are copies of the ww-core read model
//! ([`ww_core::overview`]) with ids as text; nothing is computed here.

use crate::dto::{RunSummary, StatusCounts};
use serde::Serialize;
use ts_rs::TS;
use ww_core::overview as model;

/// One point of a measure's trend: its counts in one dashboard run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// Run id (UUID text).
    pub run_id: String,
    /// Run start, UTC ISO-8601 with milliseconds.
    pub started_at: String,
    /// The run's as-of date in the organisation's zone, `YYYY-MM-DD`.
    pub as_of: String,
    /// The measure's five counts in that run.
    pub counts: StatusCounts,
    /// COMPLIANT / (all - EXCLUDED) in percent with one decimal; null when nobody counts.
    pub compliance_pct: Option<f64>,
}

/// A site or role and its OVERDUE outcomes in the counted run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverdueGroup {
    /// Site or role; null for employees without one.
    pub name: Option<String>,
    /// OVERDUE outcomes.
    pub overdue: u32,
}

/// One active measure on the programs overview (and the program detail screen).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgramCard {
    /// Measure id (UUID text).
    pub measure_id: String,
    /// The ACTIVE version's id.
    pub measure_version_id: String,
    /// Measure name.
    pub name: String,
    /// The ACTIVE version's label, e.g. `1.0`.
    pub version: String,
    /// The regulation or policy the measure implements, e.g. `29 CFR 1910.95`.
    pub policy_ref: Option<String>,
    /// Outcome counts of the newest terminal, non-dry population run that evaluated this
    /// version (null: never run).
    pub counts: Option<StatusCounts>,
    /// The run `counts` come from.
    pub counted_run_id: Option<String>,
    /// Compliance of `counts` in percent (one decimal).
    pub compliance_pct: Option<f64>,
    /// Open and in-progress cases of this version.
    pub open_cases: u32,
    /// Counts over the last dashboard runs that evaluated the measure, oldest first.
    pub trend: Vec<TrendPoint>,
    /// Sites with the most OVERDUE outcomes in the counted run, most first.
    pub top_sites: Vec<OverdueGroup>,
    /// Roles likewise.
    pub top_roles: Vec<OverdueGroup>,
}

/// The programs overview: one card per active measure and the figures above them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgramsOverview {
    /// One card per measure with an ACTIVE version, by name.
    pub programs: Vec<ProgramCard>,
    /// Open and in-progress cases across all measures.
    pub open_cases: u32,
    /// Compliance over every card's counts together, in percent (one decimal).
    pub compliance_pct: Option<f64>,
    /// The newest terminal, non-dry population run (null: never run).
    pub last_run: Option<RunSummary>,
    /// The newest such run started by the scheduler.
    pub last_scheduled_run: Option<RunSummary>,
}

/// The daily scheduled run's setting and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleDto {
    /// Local time of day `HH:MM` in the organisation's zone; null when no run is scheduled.
    pub time: Option<String>,
    /// The organisation's IANA zone the time is read in.
    pub time_zone: String,
    /// When the scheduler will start the next run (UTC ISO-8601); "now" (the current
    /// instant) when a run is due; null when off.
    pub next_run_at: Option<String>,
    /// Whether a run is due now (a slot passed without a scheduled run, e.g. while the app
    /// was closed).
    pub due_now: bool,
    /// When the newest scheduled run started (UTC ISO-8601).
    pub last_scheduled_start: Option<String>,
}

impl From<model::StatusCounts> for StatusCounts {
    fn from(c: model::StatusCounts) -> Self {
        StatusCounts {
            compliant: c.compliant,
            due_soon: c.due_soon,
            overdue: c.overdue,
            missing_data: c.missing_data,
            excluded: c.excluded,
        }
    }
}

impl From<model::OverdueGroup> for OverdueGroup {
    fn from(g: model::OverdueGroup) -> Self {
        OverdueGroup {
            name: g.name,
            overdue: g.overdue,
        }
    }
}

impl From<model::TrendPoint> for TrendPoint {
    fn from(t: model::TrendPoint) -> Self {
        TrendPoint {
            run_id: t.run_id.to_string(),
            started_at: t.started_at,
            as_of: t.as_of,
            counts: t.counts.into(),
            compliance_pct: t.compliance_pct,
        }
    }
}

impl From<model::ProgramSummary> for ProgramCard {
    fn from(p: model::ProgramSummary) -> Self {
        ProgramCard {
            measure_id: p.measure_id.to_string(),
            measure_version_id: p.measure_version_id.to_string(),
            name: p.name,
            version: p.version,
            policy_ref: p.policy_ref,
            counts: p.counts.map(Into::into),
            counted_run_id: p.counted_run_id.map(|r| r.to_string()),
            compliance_pct: p.compliance_pct,
            open_cases: p.open_cases,
            trend: p.trend.into_iter().map(Into::into).collect(),
            top_sites: p.top_sites.into_iter().map(Into::into).collect(),
            top_roles: p.top_roles.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<model::Overview> for ProgramsOverview {
    fn from(o: model::Overview) -> Self {
        ProgramsOverview {
            programs: o.programs.into_iter().map(Into::into).collect(),
            open_cases: o.open_cases,
            compliance_pct: o.compliance_pct,
            last_run: o.last_run.map(Into::into),
            last_scheduled_run: o.last_scheduled_run.map(Into::into),
        }
    }
}
