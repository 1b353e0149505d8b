//! The programs overview.

use crate::dto::ProgramsOverview;
use crate::error::Result;
use crate::state::App;
use tauri::State;

/// `programs_overview`: a card per active measure with its latest counts, open cases and
/// the last dashboard run.
#[tauri::command(async)]
pub fn programs_overview(app: State<'_, App>) -> Result<ProgramsOverview> {
    app.read(crate::overview::build)
}
