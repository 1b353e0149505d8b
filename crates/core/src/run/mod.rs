//! Evaluation runs (DOMAIN.md section 4): scope, status lifecycle REQUESTED -> QUEUED ->
//! RUNNING -> COMPLETED | PARTIAL_FAILURE | FAILED | CANCELLED, run logs, outcomes with
//! evidence, case upsert, dry runs, cancellation and crash recovery.
//!
//! Evaluation runs in parallel across employees (rayon) on a reader thread with its own
//! connection; one writer (the calling thread) stores each batch of whole employees in one
//! transaction, so a cancelled or failed run never leaves half an employee written
//! ([`execute`]). [`execute_within`] runs inside the caller's transaction instead, for a user
//! action whose run and record must commit together (RERUN_TO_VERIFY).
//!
//! Where the time goes: evidence JSON is serialised once on the evaluation threads, so the
//! writer binds text; statements are prepared once and cached; [`RunTimings`] reports the
//! phases and the writer's and reader's CPU time (`cargo bench -p ww-core --bench runs`).

mod pipeline;
mod recovery;
mod report;
mod scope;
mod writer;
#[cfg(test)]
mod writer_tests;

pub use pipeline::{execute, execute_within, NO_EMPLOYEES_HINT};
pub use recovery::recover_interrupted_runs;
pub use report::{CaseCounts, MeasureSummary, RunReport, RunTimings};

use chrono::NaiveDate;
use std::sync::atomic::AtomicBool;
use ww_store::enums::TriggerType;
use ww_store::ids::{CaseId, MeasureId};

/// What to evaluate. The scope type follows from the filters: a case gives CASE, an employee
/// EMPLOYEE, a site SITE, a measure alone MEASURE, nothing ALL_PROGRAMS; filters combine
/// (e.g. a measure at one site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRequest {
    /// Only this measure (its ACTIVE version).
    pub measure: Option<MeasureId>,
    /// Only employees at this site.
    pub site: Option<String>,
    /// Only the employee with this external id.
    pub employee: Option<String>,
    /// Only this case's employee and measure version (a rerun to verify).
    pub case: Option<CaseId>,
    /// The as-of date (organisation zone).
    pub as_of: NaiveDate,
    /// Store the run and outcomes but touch no case; report the case impact instead.
    pub dry_run: bool,
    /// MANUAL, SCHEDULED or RERUN.
    pub trigger: TriggerType,
}

impl RunRequest {
    /// An all-programs manual run as of `as_of`.
    pub fn all_programs(as_of: NaiveDate) -> Self {
        RunRequest {
            measure: None,
            site: None,
            employee: None,
            case: None,
            as_of,
            dry_run: false,
            trigger: TriggerType::Manual,
        }
    }
}

/// Progress of a run, reported in employees (e.g. to a progress bar or a UI channel).
pub trait RunProgress: Send + Sync {
    /// Evaluation of `total` employees begins.
    fn start(&self, total: u64);
    /// `n` more employees are written.
    fn advance(&self, n: u64);
    /// The run ended.
    fn finish(&self);
}

/// A progress sink that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl RunProgress for NoProgress {
    fn start(&self, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// How to run.
pub struct RunOptions<'a> {
    /// Set to stop the run: it ends CANCELLED after the batch being written.
    pub cancel: &'a AtomicBool,
    /// Progress sink.
    pub progress: &'a dyn RunProgress,
    /// Employees per batch (one transaction each); 0 means the default of 512.
    pub batch_size: usize,
}

/// The organisation's time zone from the settings (`org_time_zone`, IANA, default UTC).
///
/// # Errors
/// [`crate::Error::Invalid`] when the setting is not an IANA zone; [`crate::Error::Store`].
pub fn org_zone(conn: &rusqlite::Connection) -> crate::Result<chrono_tz::Tz> {
    let text = ww_store::settings::org_time_zone(conn)?;
    text.parse().map_err(|_| {
        crate::Error::Invalid(format!(
            "setting org_time_zone \"{text}\" is not an IANA time zone"
        ))
    })
}

/// Today's date in the organisation's time zone (the default as-of date of a run).
///
/// # Errors
/// As [`org_zone`].
pub fn today(conn: &rusqlite::Connection) -> crate::Result<NaiveDate> {
    let zone = org_zone(conn)?;
    Ok(chrono::Utc::now().with_timezone(&zone).date_naive())
}
