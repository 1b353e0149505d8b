//! Running all programs, a run from the run form, a stored run again; each with live
//! progress and cancellation.

use crate::dto::{RunProgressEvent, RunReportDto};
use crate::dto_runs::RunForm;
use crate::error::{AppError, Result};
use crate::run::ForwardProgress;
use crate::state::App;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;
use tauri::State;
use ww_store::enums::TriggerType;

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

/// `start_run`: runs the run form's scope (measure, site, employee, as-of date, dry run)
/// to a terminal state, streaming progress on `on_progress`; answers the run's report.
#[tauri::command(async)]
pub fn start_run(
    app: State<'_, App>,
    form: RunForm,
    on_progress: Channel<RunProgressEvent>,
) -> Result<RunReportDto> {
    let progress = ForwardProgress::new(move |e| {
        let _ = on_progress.send(e);
    });
    run_form(&app, &form, TriggerType::Manual, &progress)
}

/// The body of [`start_run`] (and of [`rerun_run`] with trigger RERUN).
pub fn run_form(
    app: &App,
    form: &RunForm,
    trigger: TriggerType,
    progress: &dyn ww_core::run::RunProgress,
) -> Result<RunReportDto> {
    let report = app.write_with(|conn| -> Result<_> {
        let request = form.request(ww_core::run::today(conn)?, trigger)?;
        crate::run::run_request(conn, app.cancel_flag(), progress, &request)
    })?;
    Ok(report.into())
}

/// `rerun_run`: runs a stored run's request again (same scope, as-of date and dry-run
/// setting; trigger RERUN), streaming progress on `on_progress`.
#[tauri::command(async)]
pub fn rerun_run(
    app: State<'_, App>,
    run_id: String,
    on_progress: Channel<RunProgressEvent>,
) -> Result<RunReportDto> {
    let progress = ForwardProgress::new(move |e| {
        let _ = on_progress.send(e);
    });
    rerun(&app, &run_id, &progress)
}

/// The body of [`rerun_run`].
pub fn rerun(
    app: &App,
    run_id: &str,
    progress: &dyn ww_core::run::RunProgress,
) -> Result<RunReportDto> {
    let id = super::runs::run_id(run_id)?;
    let stored = app
        .read(|conn| ww_store::runs::get(conn, id))?
        .ok_or_else(|| {
            AppError::Store(ww_store::Error::NotFound {
                what: "run",
                id: id.to_string(),
            })
        })?;
    let form = RunForm::from_requested_scope(&stored.requested_scope_json)?;
    run_form(app, &form, TriggerType::Rerun, progress)
}

/// `cancel_run`: asks the running run to stop after its current batch (it ends CANCELLED).
#[tauri::command(async)]
pub fn cancel_run(app: State<'_, App>) -> Result<()> {
    app.cancel_flag().store(true, Ordering::SeqCst);
    Ok(())
}
