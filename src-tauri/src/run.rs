//! Running all programs from the window: the engine's run with a progress sink that feeds a
//! UI channel, and the cancel flag the "Cancel" button sets.

use crate::dto::RunProgressEvent;
use crate::error::{AppError, Result};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use ww_core::run::{RunOptions, RunProgress, RunReport, RunRequest};

/// Forwards the engine's progress to `send` (a Tauri channel in the app, a Vec in tests).
pub struct ForwardProgress<F: Fn(RunProgressEvent) + Send + Sync> {
    send: F,
    total: AtomicU64,
    done: AtomicU64,
}

impl<F: Fn(RunProgressEvent) + Send + Sync> ForwardProgress<F> {
    /// A sink that calls `send` for every progress step.
    pub fn new(send: F) -> Self {
        ForwardProgress {
            send,
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
        }
    }
}

impl<F: Fn(RunProgressEvent) + Send + Sync> RunProgress for ForwardProgress<F> {
    fn start(&self, total: u64) {
        self.total.store(total, Ordering::SeqCst);
        (self.send)(RunProgressEvent::Started { total });
    }

    fn advance(&self, n: u64) {
        let done = self.done.fetch_add(n, Ordering::SeqCst) + n;
        (self.send)(RunProgressEvent::Advanced {
            done,
            total: self.total.load(Ordering::SeqCst),
        });
    }

    fn finish(&self) {
        (self.send)(RunProgressEvent::Finished);
    }
}

/// Recovers runs a crash left unfinished, then runs every active measure for everyone as of
/// today (organisation zone), to a terminal state. `cancel` stops it after the current batch.
///
/// # Errors
/// Store and engine failures (a run that started always ends terminal first).
pub fn run_all_programs(
    conn: &mut rusqlite::Connection,
    cancel: &AtomicBool,
    progress: &dyn RunProgress,
) -> Result<RunReport> {
    let actor = ww_store::settings::user_name(conn)?;
    ww_core::run::recover_interrupted_runs(conn, &actor).map_err(AppError::from)?;
    let as_of = ww_core::run::today(conn)?;
    let evaluator = ww_core::cql_eval::CqlEvaluator::from_db(conn)?;
    cancel.store(false, Ordering::SeqCst);
    let opts = RunOptions {
        cancel,
        progress,
        batch_size: 0,
    };
    Ok(ww_core::run::execute(
        conn,
        &evaluator,
        &RunRequest::all_programs(as_of),
        &opts,
    )?)
}

/// Runs `request` (the run form, or a stored run again) to a terminal state, after
/// recovering runs a crash left unfinished. `cancel` stops it after the current batch.
///
/// # Errors
/// Store and engine failures, e.g. an unknown measure or employee, a site where nobody
/// works (a run that started always ends terminal first).
pub fn run_request(
    conn: &mut rusqlite::Connection,
    cancel: &AtomicBool,
    progress: &dyn RunProgress,
    request: &RunRequest,
) -> Result<RunReport> {
    let actor = ww_store::settings::user_name(conn)?;
    ww_core::run::recover_interrupted_runs(conn, &actor).map_err(AppError::from)?;
    let evaluator = ww_core::cql_eval::CqlEvaluator::from_db(conn)?;
    cancel.store(false, Ordering::SeqCst);
    let opts = RunOptions {
        cancel,
        progress,
        batch_size: 0,
    };
    Ok(ww_core::run::execute(conn, &evaluator, request, &opts)?)
}
