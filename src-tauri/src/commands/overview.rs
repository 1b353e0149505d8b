//! The programs overview and the program detail (read model: [`ww_core::overview`]).

use crate::dto_overview::{ProgramCard, ProgramsOverview};
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_store::ids::MeasureId;

/// `programs_overview`: a card per active measure with its latest counts, trend, top
/// overdue sites and roles, open cases, and the last dashboard run.
#[tauri::command(async)]
pub fn programs_overview(app: State<'_, App>) -> Result<ProgramsOverview> {
    overview(&app)
}

/// The body of [`programs_overview`].
pub fn overview(app: &App) -> Result<ProgramsOverview> {
    Ok(app.read_with(ww_core::overview::overview)?.into())
}

/// `program_detail`: the overview figures of one measure (its ACTIVE version).
#[tauri::command(async)]
pub fn program_detail(app: State<'_, App>, measure_id: String) -> Result<ProgramCard> {
    program(&app, &measure_id)
}

/// The body of [`program_detail`]; `measure_id` is the measure's UUID text.
pub fn program(app: &App, measure_id: &str) -> Result<ProgramCard> {
    let id = MeasureId::parse(measure_id)
        .map_err(|_| AppError::Invalid(format!("measureId: {measure_id:?} is not a measure id")))?;
    Ok(app
        .read_with(|conn| ww_core::overview::program(conn, id))?
        .into())
}
