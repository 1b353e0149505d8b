//! The case worklist (filtering and paging happen in SQL, in ww-casework).

use crate::dto::{CasePageDto, CaseQuery};
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_casework::cases::{AssigneeFilter, CaseFilter, Page, StatusFilter};

/// `list_cases`: one page of cases matching the query, highest priority first.
#[tauri::command(async)]
pub fn list_cases(app: State<'_, App>, query: CaseQuery) -> Result<CasePageDto> {
    cases(&app, &query)
}

/// The body of [`list_cases`].
pub fn cases(app: &App, query: &CaseQuery) -> Result<CasePageDto> {
    let (filter, page) = to_filter(query)?;
    let found = app.read_with(|conn| ww_casework::cases::list_cases(conn, &filter, page))?;
    Ok(found.into())
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
