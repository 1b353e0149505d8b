//! `employees`: the workforce evaluated by the measures.

use crate::ids::EmployeeId;
use crate::sqlutil::date_col_opt;
use crate::time::format_date;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One `employees` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Employee {
    /// Primary key.
    pub id: EmployeeId,
    /// The HR / roster id (`emp-001`), unique.
    pub external_id: String,
    /// Display name.
    pub name: String,
    /// Job role (decides measure eligibility).
    pub role: Option<String>,
    /// Work site.
    pub site: Option<String>,
    /// Supervisor (another employee).
    pub supervisor_id: Option<EmployeeId>,
    /// The FHIR Patient id holding this employee's health record.
    pub fhir_patient_id: Option<String>,
    /// Start (hire or assignment) date; baseline deadlines count from it.
    pub start_date: Option<NaiveDate>,
    /// Active employment; NULL in the database reads as `true` (the column default).
    pub active: bool,
}

/// [`Employee::roster_status`] of an active employee.
pub const STATUS_ACTIVE: &str = "ACTIVE";
/// [`Employee::roster_status`] of an inactive employee the roster knows.
pub const STATUS_INACTIVE: &str = "INACTIVE";
/// [`Employee::roster_status`] of a person a FHIR import created who awaits roster data.
pub const STATUS_AWAITING_ROSTER: &str = "AWAITING_ROSTER";

impl Employee {
    /// True for a person a FHIR import created from a Patient that no roster row has
    /// confirmed yet (QA3 H16): inactive, linked to the Patient, with no role, site or start
    /// date. Such a person is in no measure's population until the roster names them.
    pub fn awaiting_roster(&self) -> bool {
        !self.active
            && self.fhir_patient_id.is_some()
            && self.role.is_none()
            && self.site.is_none()
            && self.start_date.is_none()
    }

    /// [`STATUS_AWAITING_ROSTER`], [`STATUS_ACTIVE`] or [`STATUS_INACTIVE`]: what the
    /// employee lists show.
    pub fn roster_status(&self) -> &'static str {
        if self.awaiting_roster() {
            STATUS_AWAITING_ROSTER
        } else if self.active {
            STATUS_ACTIVE
        } else {
            STATUS_INACTIVE
        }
    }
}

const COLUMNS: &str =
    "id, external_id, name, role, site, supervisor_id, fhir_patient_id, start_date, active";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Employee> {
    Ok(Employee {
        id: r.get(0)?,
        external_id: r.get(1)?,
        name: r.get(2)?,
        role: r.get(3)?,
        site: r.get(4)?,
        supervisor_id: r.get(5)?,
        fhir_patient_id: r.get(6)?,
        start_date: date_col_opt(r, 7)?,
        active: r.get::<_, Option<bool>>(8)?.unwrap_or(true),
    })
}

/// Inserts a new employee.
///
/// # Errors
/// [`Error::Sqlite`] on a duplicate `external_id` or an unknown supervisor.
pub fn insert(conn: &Connection, e: &Employee) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO employees ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![
            e.id,
            e.external_id,
            e.name,
            e.role,
            e.site,
            e.supervisor_id,
            e.fhir_patient_id,
            e.start_date.map(format_date),
            e.active
        ],
    )?;
    Ok(())
}

/// Updates every column of the employee with `e.id`.
///
/// # Errors
/// [`Error::NotFound`] when no row has that id; [`Error::Sqlite`] on constraint failures.
pub fn update(conn: &Connection, e: &Employee) -> Result<()> {
    let n = conn.execute(
        "UPDATE employees SET external_id = ?2, name = ?3, role = ?4, site = ?5, supervisor_id = ?6, \
         fhir_patient_id = ?7, start_date = ?8, active = ?9 WHERE id = ?1",
        params![
            e.id,
            e.external_id,
            e.name,
            e.role,
            e.site,
            e.supervisor_id,
            e.fhir_patient_id,
            e.start_date.map(format_date),
            e.active
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "employee",
            id: e.id.to_string(),
        });
    }
    Ok(())
}

/// The employee with this id, if any.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: EmployeeId) -> Result<Option<Employee>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM employees WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The employee with this external (roster) id, if any.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get_by_external_id(conn: &Connection, external_id: &str) -> Result<Option<Employee>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM employees WHERE external_id = ?1"),
            [external_id],
            from_row,
        )
        .optional()?)
}

/// The employee linked to this FHIR Patient id, if any (the first by external id).
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get_by_fhir_patient_id(conn: &Connection, patient_id: &str) -> Result<Option<Employee>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM employees WHERE fhir_patient_id = ?1 ORDER BY external_id LIMIT 1"
            ),
            [patient_id],
            from_row,
        )
        .optional()?)
}

/// Every employee, ordered by external id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list(conn: &Connection) -> Result<Vec<Employee>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM employees ORDER BY external_id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of employees.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM employees", [], |r| r.get(0))?)
}

#[cfg(test)]
mod roster_status_tests {
    use super::*;

    fn person(active: bool, role: Option<&str>) -> Employee {
        Employee {
            id: EmployeeId::new(),
            external_id: "p1".into(),
            name: "P".into(),
            role: role.map(str::to_owned),
            site: role.map(|_| "Plant A".to_owned()),
            supervisor_id: None,
            fhir_patient_id: Some("p1".into()),
            start_date: None,
            active,
        }
    }

    #[test]
    fn a_fhir_created_person_awaits_the_roster() {
        assert_eq!(person(false, None).roster_status(), STATUS_AWAITING_ROSTER);
        assert_eq!(
            person(false, Some("Nurse")).roster_status(),
            STATUS_INACTIVE
        );
        assert_eq!(person(true, Some("Nurse")).roster_status(), STATUS_ACTIVE);
        assert_eq!(person(true, None).roster_status(), STATUS_ACTIVE);
    }
}
