//! What a run reports back (also stored as run logs and counts on the run row).

use serde::Serialize;
use std::time::Duration;
use ww_store::enums::RunStatus;
use ww_store::ids::{MeasureId, MeasureVersionId, RunId};

/// Case changes of a run, or for a dry run the changes it would have made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseCounts {
    /// Cases opened.
    pub opened: u64,
    /// Active cases whose outcome changed, or system-closed ones reopened (audited changes).
    pub updated: u64,
    /// Active cases refreshed with an unchanged outcome (last run and next action only; no
    /// audit event). Not counted in `updated` (QA G10).
    pub refreshed: u64,
    /// Cases resolved after a COMPLIANT outcome.
    pub resolved: u64,
    /// Cases inserted as or turned EXCLUDED.
    pub excluded: u64,
    /// Active cases of older cycles closed.
    pub cycle_closed: u64,
    /// Active cases closed because their employee left the measure's population (QA G3).
    pub population_closed: u64,
}

impl CaseCounts {
    pub(crate) fn add(&mut self, other: &CaseCounts) {
        self.opened += other.opened;
        self.updated += other.updated;
        self.refreshed += other.refreshed;
        self.resolved += other.resolved;
        self.excluded += other.excluded;
        self.cycle_closed += other.cycle_closed;
        self.population_closed += other.population_closed;
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
    /// Outcomes of employees with no linked FHIR Patient (QA G14).
    pub no_health_record: u64,
    /// Outcomes of employees whose linked Patient is recorded deceased (their cases are left
    /// unchanged).
    pub deceased: u64,
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
    /// Of [`RunReport::employees`], the people a FHIR import created who await roster data
    /// (QA3 H16): in no population, counted apart in run summaries.
    pub employees_awaiting_roster: u64,
    /// Per measure, in measure name order.
    pub measures: Vec<MeasureSummary>,
    /// Outcomes written.
    pub total_evaluated: u64,
    /// Failed evaluations.
    pub partial_failure_count: u64,
    /// Employees with at least one outcome and no linked FHIR Patient (QA G14).
    pub employees_without_health_record: u64,
    /// Employees with at least one outcome whose linked Patient is recorded deceased on or
    /// before the as-of date (no case was changed for them).
    pub deceased_employees: u64,
    /// Wall-clock duration in milliseconds.
    pub duration_ms: i64,
    /// Why the run failed or was cancelled.
    pub failure_summary: Option<String>,
    /// Where the time went (benchmarks and diagnostics; not part of the JSON report).
    #[serde(skip)]
    pub timings: RunTimings,
}

/// Where a run's wall-clock time went, per phase. The reader phases (`load`, `evaluate`)
/// overlap the writer phases (`write_*`, `write_wait`): the reader thread evaluates the
/// next batch while the writer stores the previous one, so the phases do not add up to the
/// run's duration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunTimings {
    /// Before the first batch: scope, run row, compiling the measures, waivers.
    pub prepare: Duration,
    /// Reader thread: loading the batches' FHIR data from the store.
    pub load: Duration,
    /// Reader thread: evaluating the batches (wall time of the parallel evaluation).
    pub evaluate: Duration,
    /// Writer: waiting for the next evaluated batch.
    pub write_wait: Duration,
    /// Writer: inserting outcome rows (with their evidence JSON).
    pub write_outcomes: Duration,
    /// Writer: reading and changing cases, with their actions and audit events.
    pub write_cases: Duration,
    /// Writer: beginning and committing the batch transactions, and the run status check.
    pub write_commit: Duration,
    /// After the last batch: the terminal status, run logs and audit event.
    pub finish: Duration,
    /// Batches written.
    pub batches: u64,
    /// CPU time of the writer thread during the batches (Linux; `None` elsewhere).
    pub writer_cpu: Option<Duration>,
    /// CPU time of the reader thread: loading, and orchestrating the parallel evaluation
    /// (Linux; `None` elsewhere). The evaluation threads' CPU time is the process's minus
    /// these two.
    pub reader_cpu: Option<Duration>,
}

/// CPU time the calling thread has used so far, from `/proc/thread-self/schedstat`
/// (nanoseconds on the CPU); `None` where that file does not exist (not Linux).
pub(crate) fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The CPU time used since `start` (a [`thread_cpu_time`] reading on the same thread).
pub(crate) fn cpu_since(start: Option<Duration>) -> Option<Duration> {
    Some(thread_cpu_time()?.saturating_sub(start?))
}

impl RunTimings {
    /// The writer's busy time (outcomes, cases, commits).
    pub fn write_busy(&self) -> Duration {
        self.write_outcomes + self.write_cases + self.write_commit
    }
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
