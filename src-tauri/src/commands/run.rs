//! Running all programs, with live progress and cancellation.

use crate::dto::{RunProgressEvent, RunReportDto};
use crate::error::Result;
use crate::run::ForwardProgress;
use crate::state::App;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;
use tauri::State;

/// `run_all_programs`: evaluates every active measure for every employee as of today,
/// streaming progress on `on_progress`; answers the run's report when it is terminal.
#[tauri::command(async)]
pub fn run_all_programs(
    app: State<'_, App>,
    on_progress: Channel<RunProgressEvent>,
) -> Result<RunReportDto> {
    let progress = ForwardProgress::new(move |e| {
        // A closed window drops the channel; the run still finishes and is stored.
        let _ = on_progress.send(e);
    });
    let report =
        app.write_with(|conn| crate::run::run_all_programs(conn, app.cancel_flag(), &progress))?;
    Ok(report.into())
}

/// `cancel_run`: asks the running run to stop after its current batch (it ends CANCELLED).
#[tauri::command(async)]
pub fn cancel_run(app: State<'_, App>) -> Result<()> {
    app.cancel_flag().store(true, Ordering::SeqCst);
    Ok(())
}
