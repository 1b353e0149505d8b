//! Run history with filters, one run's detail, a page of its outcomes and their CSV export.

#[cfg(test)]
use crate::dto::RunSummary;
use crate::dto_cases::ExportDone;
use crate::dto_history::RunHistoryDto;
use crate::dto_runs::{RunDetailDto, RunOutcomePage, RunQuery};
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_store::ids::RunId;

/// Most runs a history page shows at once.
pub const MAX_RUNS: u32 = 500;

/// Parses a run id from the UI, naming the field when it is not a UUID.
pub fn run_id(text: &str) -> Result<RunId> {
    RunId::parse(text).map_err(|_| AppError::Invalid(format!("runId: {text:?} is not a run id")))
}

/// `list_runs`: the newest runs (at most `limit`, at most [`MAX_RUNS`]) passing the filters,
/// newest first, each with its as-of date, scope target and start time in the organisation's
/// zone. The filters are SQL conditions (`ww_core::read::history`).
#[tauri::command(async)]
pub fn list_runs(
    app: State<'_, App>,
    limit: u32,
    query: Option<RunQuery>,
) -> Result<RunHistoryDto> {
    history(&app, limit, &query.unwrap_or_default())
}

/// The body of [`list_runs`].
pub fn history(app: &App, limit: u32, query: &RunQuery) -> Result<RunHistoryDto> {
    let filter = crate::dto_history::history_filter(query)?;
    let limit = limit.clamp(1, MAX_RUNS);
    let history =
        app.read_with(|conn| ww_core::read::history::run_history(conn, &filter, limit))?;
    Ok(history.into())
}

/// The newest runs without filters, as summaries (for the shell's tests).
#[cfg(test)]
pub fn runs(app: &App, limit: u32) -> Result<Vec<RunSummary>> {
    filtered(app, limit, &RunQuery::default())
}

/// [`history`]'s runs as summaries (for the shell's tests).
#[cfg(test)]
pub fn filtered(app: &App, limit: u32, query: &RunQuery) -> Result<Vec<RunSummary>> {
    Ok(history(app, limit, query)?
        .items
        .into_iter()
        .map(|r| r.run)
        .collect())
}

/// `get_run`: one run with its counts, request, measure and log lines.
#[tauri::command(async)]
pub fn get_run(app: State<'_, App>, run_id: String) -> Result<RunDetailDto> {
    detail(&app, &run_id)
}

/// The body of [`get_run`].
pub fn detail(app: &App, id: &str) -> Result<RunDetailDto> {
    let id = run_id(id)?;
    let detail = app.read_with(|conn| ww_core::read::runs::run_detail(conn, id))?;
    Ok(detail.into())
}

/// `list_run_outcomes`: one page of a run's outcomes, optionally of one status.
#[tauri::command(async)]
pub fn list_run_outcomes(
    app: State<'_, App>,
    run_id: String,
    status: Option<String>,
    offset: u64,
    limit: u32,
) -> Result<RunOutcomePage> {
    outcomes(&app, &run_id, status.as_deref(), offset, limit)
}

/// The body of [`list_run_outcomes`].
pub fn outcomes(
    app: &App,
    id: &str,
    status: Option<&str>,
    offset: u64,
    limit: u32,
) -> Result<RunOutcomePage> {
    let id = run_id(id)?;
    let status = status
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| AppError::Invalid(format!("status: {s:?} is not an outcome status")))
        })
        .transpose()?;
    let page =
        app.read_with(|conn| ww_core::read::runs::run_outcomes(conn, id, status, offset, limit))?;
    Ok(page.into())
}

/// `export_run_outcomes_csv`: the run's outcomes as CSV with the contract's columns, written
/// to `path` or a new file in the export folder, recorded in the ledger.
#[tauri::command(async)]
pub fn export_run_outcomes_csv(
    app: State<'_, App>,
    run_id: String,
    path: Option<String>,
) -> Result<ExportDone> {
    export_outcomes(&app, &run_id, path.as_deref())
}

/// The body of [`export_run_outcomes_csv`].
pub fn export_outcomes(app: &App, id: &str, path: Option<&str>) -> Result<ExportDone> {
    let id = run_id(id)?;
    let stem = format!(
        "outcomes-{}",
        id.to_string().chars().take(8).collect::<String>()
    );
    let file = crate::files::target(app.db_path(), path, &stem, "csv")?;
    let out = crate::files::create(&file)?;
    let target = file.display().to_string();
    let filter = ww_casework::export::OutcomeExportFilter {
        run_id: Some(id),
        ..Default::default()
    };
    let rows = app.write_with(|conn| -> Result<u64> {
        let rows = ww_casework::export::export_outcomes(conn, &filter, out)?;
        ww_casework::export::record_export(
            conn,
            "outcomes",
            rows,
            Some(&target),
            serde_json::json!({ "runId": id.to_string() }),
        )?;
        Ok(rows)
    })?;
    Ok(ExportDone { path: target, rows })
}
