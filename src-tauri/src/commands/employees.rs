//! The employee list.

use crate::dto::EmployeeRow;
use crate::error::Result;
use crate::state::App;
use tauri::State;

/// `list_employees`: every employee, as the store orders them.
#[tauri::command(async)]
pub fn list_employees(app: State<'_, App>) -> Result<Vec<EmployeeRow>> {
    employees(&app)
}

/// The body of [`list_employees`].
pub fn employees(app: &App) -> Result<Vec<EmployeeRow>> {
    let rows = app.read(ww_store::employees::list)?;
    Ok(rows.into_iter().map(EmployeeRow::from).collect())
}
