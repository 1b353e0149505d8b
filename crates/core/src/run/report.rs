//! What a run reports back (also stored as run logs and counts on the run row).

use serde::Serialize;
use ww_store::enums::RunStatus;
use ww_store::ids::{MeasureId, MeasureVersionId, RunId};

/// Case changes of a run, or for a dry run the changes it would have made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseCounts {
    /// Cases opened.
    pub opened: u64,
    /// Active cases refreshed or system-closed ones reopened.
    pub updated: u64,
    /// Cases resolved after a COMPLIANT outcome.
    pub resolved: u64,
    /// Cases inserted as or turned EXCLUDED.
    pub excluded: u64,
    /// Active cases of older cycles closed.
    pub cycle_closed: u64,
}

impl CaseCounts {
    pub(crate) fn add(&mut self, other: &CaseCounts) {
        self.opened += other.opened;
        self.updated += other.updated;
        self.resolved += other.resolved;
        self.excluded += other.excluded;
        self.cycle_closed += other.cycle_closed;
    }
}

/// Per-measure figures of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeasureSummary {
    /// The measure.
    pub measure_id: Option<MeasureId>,
    /// The evaluated version.
    pub measure_version_id: Option<MeasureVersionId>,
    /// Measure name.
    pub name: String,
    /// Version label.
    pub version: String,
    /// Compliance cycle label of the run's as-of date.
    pub evaluation_period: String,
    /// Outcomes written (employees in the population).
    pub evaluated: u64,
    /// COMPLIANT.
    pub compliant: u64,
    /// DUE_SOON.
    pub due_soon: u64,
    /// OVERDUE.
    pub overdue: u64,
    /// MISSING_DATA (including failed evaluations).
    pub missing_data: u64,
    /// EXCLUDED.
    pub excluded: u64,
    /// Employees outside the population (no outcome).
    pub outside_population: u64,
    /// Failed evaluations (counted in `missing_data` too).
    pub failures: u64,
    /// Case changes (or, for a dry run, the impact).
    pub cases: CaseCounts,
}

/// The result of [`super::execute`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// The run.
    pub run_id: RunId,
    /// Terminal status.
    pub status: RunStatus,
    /// Dry run.
    pub dry_run: bool,
    /// As-of date.
    pub as_of: String,
    /// Evaluation period start (UTC text).
    pub measurement_period_start: String,
    /// Evaluation period end (UTC text).
    pub measurement_period_end: String,
    /// Employees in scope.
    pub employees: u64,
    /// Per measure, in measure name order.
    pub measures: Vec<MeasureSummary>,
    /// Outcomes written.
    pub total_evaluated: u64,
    /// Failed evaluations.
    pub partial_failure_count: u64,
    /// Wall-clock duration in milliseconds.
    pub duration_ms: i64,
    /// Why the run failed or was cancelled.
    pub failure_summary: Option<String>,
}

impl RunReport {
    /// Case changes over all measures.
    pub fn case_totals(&self) -> CaseCounts {
        let mut total = CaseCounts::default();
        for m in &self.measures {
            total.add(&m.cases);
        }
        total
    }
}
