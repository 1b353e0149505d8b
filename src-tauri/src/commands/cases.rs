//! The case worklist (filtering and paging happen in SQL, in ww-casework), its bulk actions
//! and its CSV export.

use crate::dto::{CasePageDto, CaseQuery};
use crate::dto_cases::{BulkItem, BulkRequest, BulkResult, ExportDone};
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_casework::cases::{AssigneeFilter, CaseFilter, Page, StatusFilter};
use ww_casework::worklist::KeysetPage;

/// `list_cases`: one page of cases matching the query, highest priority first, paged by
/// keyset: after the cursor `query.after` (the previous page's `next`), skipping
/// `query.offset` rows (0 when paging on).
#[tauri::command(async)]
pub fn list_cases(app: State<'_, App>, query: CaseQuery) -> Result<CasePageDto> {
    cases(&app, &query)
}

/// The body of [`list_cases`].
pub fn cases(app: &App, query: &CaseQuery) -> Result<CasePageDto> {
    let (filter, page) = to_filter(query)?;
    let page = KeysetPage {
        after: query
            .after
            .as_deref()
            .filter(|a| !a.is_empty())
            .map(str::parse)
            .transpose()?,
        skip: page.offset,
        limit: page.limit,
    };
    let found = app.read_with(|conn| ww_casework::worklist::list_after(conn, &filter, &page))?;
    Ok(found.into())
}

/// `bulk_case_action`: assigns or escalates each selected case. Each case is its own engine
/// action and transaction (one refusal does not undo the others); the answer says which
/// cases the engine refused and why.
#[tauri::command(async)]
pub fn bulk_case_action(app: State<'_, App>, request: BulkRequest) -> Result<BulkResult> {
    bulk(&app, &request)
}

/// The body of [`bulk_case_action`].
pub fn bulk(app: &App, request: &BulkRequest) -> Result<BulkResult> {
    let ids = request
        .case_ids
        .iter()
        .map(|id| super::case_detail::case_id(id))
        .collect::<Result<Vec<_>>>()?;
    let action = request.action.as_str();
    if !matches!(action, "ASSIGNED" | "ESCALATED") {
        return Err(AppError::Invalid(format!(
            "action: {action:?} is not a bulk action (ASSIGNED or ESCALATED)"
        )));
    }
    let items = app.write_with(|conn| -> Result<Vec<BulkItem>> {
        Ok(ids
            .iter()
            .map(|&id| {
                let outcome = if action == "ASSIGNED" {
                    ww_casework::actions::assign(conn, id, request.assignee.as_deref())
                } else {
                    ww_casework::actions::escalate(conn, id, Some("bulk escalation"))
                };
                BulkItem {
                    case_id: id.to_string(),
                    ok: outcome.is_ok(),
                    error: outcome.err().map(|e| e.to_string()),
                }
            })
            .collect())
    })?;
    Ok(BulkResult::new(items))
}

/// `export_cases_csv`: writes the cases matching the worklist's filters (every page) as CSV
/// with the contract's columns to `path`, or to a new file in the export folder, and records
/// the export in the ledger.
#[tauri::command(async)]
pub fn export_cases_csv(
    app: State<'_, App>,
    query: CaseQuery,
    path: Option<String>,
) -> Result<ExportDone> {
    export_csv(&app, &query, path.as_deref())
}

/// The body of [`export_cases_csv`].
pub fn export_csv(app: &App, query: &CaseQuery, path: Option<&str>) -> Result<ExportDone> {
    let (filter, _) = to_filter(&CaseQuery {
        limit: 1,
        ..query.clone()
    })?;
    let file = crate::files::target(app.db_path(), path, "cases", "csv")?;
    let out = crate::files::create(&file)?;
    let target = file.display().to_string();
    let rows = app.write_with(|conn| -> Result<u64> {
        let rows = ww_casework::export::export_cases(conn, &filter, out)?;
        let filters = serde_json::json!({
            "status": query.status, "measureId": query.measure_id, "priority": query.priority,
            "assignee": query.assignee, "unassigned": query.unassigned, "site": query.site,
        });
        ww_casework::export::record_export(conn, "cases", rows, Some(&target), filters)?;
        Ok(rows)
    })?;
    Ok(ExportDone { path: target, rows })
}

/// Turns the UI's query into the engine's typed filter; bad values name the field.
fn to_filter(q: &CaseQuery) -> Result<(CaseFilter, Page)> {
    let bad =
        |field: &str, value: &str| AppError::Invalid(format!("{field}: {value:?} is not valid"));
    let filter = CaseFilter {
        status: q
            .status
            .as_deref()
            .map(str::parse::<StatusFilter>)
            .transpose()
            .map_err(AppError::from)?,
        measure_id: q
            .measure_id
            .as_deref()
            .map(|s| ww_store::ids::MeasureId::parse(s).map_err(|_| bad("measureId", s)))
            .transpose()?,
        measure_version_id: None,
        priority: q
            .priority
            .as_deref()
            .map(|s| s.parse().map_err(|_| bad("priority", s)))
            .transpose()?,
        assignee: if q.unassigned {
            Some(AssigneeFilter::Unassigned)
        } else {
            q.assignee
                .clone()
                .filter(|a| !a.is_empty())
                .map(AssigneeFilter::Named)
        },
        site: q.site.clone().filter(|s| !s.is_empty()),
        case_ids: Vec::new(),
    };
    Ok((
        filter,
        Page {
            offset: q.offset,
            limit: q.limit,
        },
    ))
}

/// `list_sites`: the employees' sites, each once, for the worklist's site picker (QA H11).
#[tauri::command(async)]
pub fn list_sites(app: State<'_, App>) -> Result<Vec<String>> {
    sites(&app)
}

/// The body of [`list_sites`].
pub fn sites(app: &App) -> Result<Vec<String>> {
    app.read_with(ww_casework::worklist::sites)
}
