//! The scheduler thread: while the window is open it asks the engine's rule
//! ([`ww_core::overview::schedule::due`]) about once a minute whether the daily run is due,
//! and when it is, runs all programs with trigger SCHEDULED. The first check happens at
//! start-up, so a run missed while the app was closed runs at the next launch.
//!
//! The thread opens its own connection for every check (the store's concurrency contract)
//! and does not start while another run is in flight (a manual run from the window or a
//! `workwell run` in a terminal): it checks again a minute later.

use crate::error::Result;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use ww_core::overview::schedule::{self, Decision};
use ww_core::run::{NoProgress, RunOptions, RunRequest};
use ww_store::enums::TriggerType;

/// Longest pause between two checks (a changed setting takes effect within it).
pub const CHECK_EVERY: Duration = Duration::from_secs(60);

/// What one check did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    /// No schedule is set.
    Off,
    /// Not due before this instant.
    Waiting(DateTime<Utc>),
    /// Due, but another run is in flight; try again later.
    Busy,
    /// A scheduled run ran; its id.
    Ran(String),
}

/// One check at `now`: runs all programs (trigger SCHEDULED, as of today in the
/// organisation's zone) when the rule says the daily run is due.
///
/// # Errors
/// Store and engine failures (the run itself always ends terminal).
pub fn tick(db_path: &Path, now: DateTime<Utc>) -> Result<Tick> {
    let mut conn = ww_store::reopen(db_path)?;
    match schedule::due(&conn, now)? {
        Decision::Off => Ok(Tick::Off),
        Decision::WaitUntil { next } => Ok(Tick::Waiting(next)),
        Decision::RunNow { .. } => {
            if !ww_store::runs::list_unfinished(&conn)?.is_empty() {
                return Ok(Tick::Busy);
            }
            let request = RunRequest {
                trigger: TriggerType::Scheduled,
                ..RunRequest::all_programs(ww_core::run::today(&conn)?)
            };
            let evaluator = ww_core::cql_eval::CqlEvaluator::from_db(&conn)?;
            let cancel = AtomicBool::new(false);
            let opts = RunOptions {
                cancel: &cancel,
                progress: &NoProgress,
                batch_size: 0,
            };
            let report = ww_core::run::execute(&mut conn, &evaluator, &request, &opts)?;
            Ok(Tick::Ran(report.run_id.to_string()))
        }
    }
}

/// How long to sleep after `tick`'s answer: until the next slot, at most [`CHECK_EVERY`].
pub fn pause_after(result: &Result<Tick>, now: DateTime<Utc>) -> Duration {
    match result {
        Ok(Tick::Waiting(next)) => (*next - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
            .clamp(Duration::from_secs(1), CHECK_EVERY),
        _ => CHECK_EVERY,
    }
}

/// Starts the scheduler thread for `db_path`; it lives as long as the process.
pub fn spawn(db_path: PathBuf) {
    let mut first = true;
    let spawned = std::thread::Builder::new()
        .name("workwell-scheduler".into())
        .spawn(move || loop {
            let now = Utc::now();
            let result = tick(&db_path, now);
            if first {
                first = false;
                crate::state::startup::mark(
                    "scheduler_first_check",
                    &format!("{result:?} ({} ms)", (Utc::now() - now).num_milliseconds()),
                );
            }
            match &result {
                Ok(Tick::Ran(run)) => eprintln!("scheduled run {run} finished"),
                Err(e) => eprintln!("scheduler: {e}"),
                _ => {}
            }
            std::thread::sleep(pause_after(&result, now));
        });
    if let Err(e) = spawned {
        eprintln!("scheduler: could not start its thread: {e}");
    }
}
