//! The employee list, the global employee search and the employee profile.

use crate::dto::EmployeeRow;
use crate::dto_runs::EmployeeProfile;
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_store::employees::Employee;
use ww_store::ids::EmployeeId;

/// Most matches the header search answers.
pub const MAX_MATCHES: u32 = 50;

/// Newest case actions the profile shows.
pub const ACTIVITY: u32 = 20;

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

/// Whether `e` matches the search `text`: every word of it (case-insensitive) appears in the
/// name, HR id, role or site.
pub fn matches(e: &Employee, text: &str) -> bool {
    let hay = [
        e.name.as_str(),
        e.external_id.as_str(),
        e.role.as_deref().unwrap_or(""),
        e.site.as_deref().unwrap_or(""),
    ]
    .join(" ")
    .to_lowercase();
    text.split_whitespace()
        .all(|word| hay.contains(&word.to_lowercase()))
}

/// `search_employees`: up to `limit` (at most [`MAX_MATCHES`]) employees matching `text`,
/// exact HR id first, then by name.
#[tauri::command(async)]
pub fn search_employees(app: State<'_, App>, text: String, limit: u32) -> Result<Vec<EmployeeRow>> {
    search(&app, &text, limit)
}

/// The body of [`search_employees`].
pub fn search(app: &App, text: &str, limit: u32) -> Result<Vec<EmployeeRow>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<Employee> = app
        .read(ww_store::employees::list)?
        .into_iter()
        .filter(|e| matches(e, text))
        .collect();
    let exact = text.trim().to_lowercase();
    found.sort_by_key(|e| (e.external_id.to_lowercase() != exact, e.name.to_lowercase()));
    Ok(found
        .into_iter()
        .take(limit.min(MAX_MATCHES) as usize)
        .map(EmployeeRow::from)
        .collect())
}

/// `employee_profile`: the employee's facts, latest outcome per measure, open cases and
/// recent case activity.
#[tauri::command(async)]
pub fn employee_profile(app: State<'_, App>, employee_id: String) -> Result<EmployeeProfile> {
    profile(&app, &employee_id)
}

/// The body of [`employee_profile`].
pub fn profile(app: &App, id: &str) -> Result<EmployeeProfile> {
    let id = EmployeeId::parse(id)
        .map_err(|_| AppError::Invalid(format!("employeeId: {id:?} is not an employee id")))?;
    app.read_with(|conn| -> Result<EmployeeProfile> {
        let profile = ww_core::read::employees::employee_profile(conn, id, ACTIVITY)?;
        let open_cases = ww_casework::worklist::open_cases_of(conn, id)?;
        Ok(EmployeeProfile::new(profile, open_cases))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_needs_every_word_somewhere() {
        let e = Employee {
            id: EmployeeId::new(),
            external_id: "emp-042".into(),
            name: "Ada Byrne".into(),
            role: Some("Machinist".into()),
            site: Some("North Plant".into()),
            supervisor_id: None,
            fhir_patient_id: None,
            start_date: None,
            active: true,
        };
        for hit in ["ada", "BYRNE", "emp-042", "machinist north", "  plant  "] {
            assert!(matches(&e, hit), "{hit}");
        }
        for miss in ["ada smith", "south", "emp-043"] {
            assert!(!matches(&e, miss), "{miss}");
        }
    }
}
