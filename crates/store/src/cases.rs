//! `cases` and `case_actions`: actionable non-compliance work items and what was done on
//! them (DOMAIN.md section 5). The upsert rules live in ww-core; this module reads and
//! writes rows.

use crate::enums::{CaseActionType, CaseStatus, OutcomeStatus, Priority};
use crate::ids::{CaseActionId, CaseId, EmployeeId, MeasureVersionId, RunId};
use crate::sqlutil::{json_col_opt, to_json_text};
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

/// One `cases` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Case {
    /// Primary key.
    pub id: CaseId,
    /// The employee.
    pub employee_id: EmployeeId,
    /// The measure version.
    pub measure_version_id: MeasureVersionId,
    /// The compliance cycle label; unique with employee and version.
    pub evaluation_period: String,
    /// Case status.
    pub status: CaseStatus,
    /// Priority.
    pub priority: Priority,
    /// Assigned user.
    pub assignee: Option<String>,
    /// A sentence naming the next step.
    pub next_action: Option<String>,
    /// The latest outcome status.
    pub current_outcome_status: OutcomeStatus,
    /// The run that last touched the case.
    pub last_run_id: RunId,
    /// Creation time.
    pub created_at: String,
    /// Last change time.
    pub updated_at: String,
    /// Closing time (RESOLVED / CLOSED / EXCLUDED).
    pub closed_at: Option<String>,
    /// `SYSTEM` or the person who closed it (WorkWell extension).
    pub closed_by: Option<String>,
    /// Closing note or system reason (WorkWell extension).
    pub closed_reason: Option<String>,
}

/// The `closed_by` value of closures made by runs.
pub const CLOSED_BY_SYSTEM: &str = "SYSTEM";

/// One `case_actions` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CaseAction {
    /// Primary key.
    pub id: CaseActionId,
    /// The case.
    pub case_id: CaseId,
    /// What was done.
    pub action_type: CaseActionType,
    /// Details (assignee, note, template, ...).
    pub payload_json: Option<Value>,
    /// Who did it (user name or `SYSTEM`).
    pub performed_by: Option<String>,
    /// When.
    pub performed_at: String,
}

const COLUMNS: &str = "id, employee_id, measure_version_id, evaluation_period, status, priority, assignee, \
    next_action, current_outcome_status, last_run_id, created_at, updated_at, closed_at, closed_by, closed_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        measure_version_id: r.get(2)?,
        evaluation_period: r.get(3)?,
        status: r.get(4)?,
        priority: r.get(5)?,
        assignee: r.get(6)?,
        next_action: r.get(7)?,
        current_outcome_status: r.get(8)?,
        last_run_id: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        closed_at: r.get(12)?,
        closed_by: r.get(13)?,
        closed_reason: r.get(14)?,
    })
}

/// Inserts a case.
///
/// # Errors
/// [`Error::Sqlite`], notably a UNIQUE failure for a second case with the same
/// (employee_id, measure_version_id, evaluation_period).
pub fn insert(conn: &Connection, c: &Case) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO cases ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        ),
        params![
            c.id,
            c.employee_id,
            c.measure_version_id,
            c.evaluation_period,
            c.status,
            c.priority,
            c.assignee,
            c.next_action,
            c.current_outcome_status,
            c.last_run_id,
            c.created_at,
            c.updated_at,
            c.closed_at,
            c.closed_by,
            c.closed_reason
        ],
    )?;
    Ok(())
}

/// Inserts the case unless one exists for its key; returns whether it was inserted. Two
/// overlapping runs converge on one row this way (insert-or-nothing, then re-read).
///
/// # Errors
/// [`Error::Sqlite`] for other constraint failures.
pub fn insert_if_absent(conn: &Connection, c: &Case) -> Result<bool> {
    let n = conn
        .prepare_cached(&format!(
            "INSERT INTO cases ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
             ON CONFLICT (employee_id, measure_version_id, evaluation_period) DO NOTHING"
        ))?
        .execute(params![
            c.id,
            c.employee_id,
            c.measure_version_id,
            c.evaluation_period,
            c.status,
            c.priority,
            c.assignee,
            c.next_action,
            c.current_outcome_status,
            c.last_run_id,
            c.created_at,
            c.updated_at,
            c.closed_at,
            c.closed_by,
            c.closed_reason
        ])?;
    Ok(n == 1)
}

/// Writes every column but id, key and created_at.
///
/// # Errors
/// [`Error::NotFound`] when no row has `c.id`.
pub fn update(conn: &Connection, c: &Case) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE cases SET status = ?2, priority = ?3, assignee = ?4, next_action = ?5, \
             current_outcome_status = ?6, last_run_id = ?7, updated_at = ?8, closed_at = ?9, \
             closed_by = ?10, closed_reason = ?11 WHERE id = ?1",
        )?
        .execute(params![
            c.id,
            c.status,
            c.priority,
            c.assignee,
            c.next_action,
            c.current_outcome_status,
            c.last_run_id,
            c.updated_at,
            c.closed_at,
            c.closed_by,
            c.closed_reason
        ])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "case",
            id: c.id.to_string(),
        });
    }
    Ok(())
}

/// The case with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: CaseId) -> Result<Option<Case>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM cases WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The case for (employee, version, period), if any.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get_by_key(
    conn: &Connection,
    employee_id: EmployeeId,
    version_id: MeasureVersionId,
    period: &str,
) -> Result<Option<Case>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cases WHERE employee_id = ?1 AND measure_version_id = ?2 AND evaluation_period = ?3"
        ))?
        .query_row(params![employee_id, version_id, period], from_row)
        .optional()?)
}

/// Active (OPEN / IN_PROGRESS) cases of a (employee, version) pair in other cycles than
/// `period` (a new cycle's run closes them).
///
/// # Errors
/// [`Error::Sqlite`].
pub fn active_in_other_periods(
    conn: &Connection,
    employee_id: EmployeeId,
    version_id: MeasureVersionId,
    period: &str,
) -> Result<Vec<Case>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM cases WHERE employee_id = ?1 AND measure_version_id = ?2 \
         AND evaluation_period <> ?3 AND status IN ('OPEN', 'IN_PROGRESS') ORDER BY evaluation_period"
    ))?;
    let rows = stmt.query_map(params![employee_id, version_id, period], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Cases with any of `statuses` (all when empty), newest change first.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_by_status(conn: &Connection, statuses: &[CaseStatus]) -> Result<Vec<Case>> {
    let filter: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let json = to_json_text("case status filter", &filter)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM cases WHERE json_array_length(?1) = 0 \
         OR status IN (SELECT value FROM json_each(?1)) ORDER BY updated_at DESC, id"
    ))?;
    let rows = stmt.query_map([json], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a case action.
///
/// # Errors
/// [`Error::Sqlite`] for an unknown case.
pub fn insert_action(conn: &Connection, a: &CaseAction) -> Result<()> {
    conn.execute(
        "INSERT INTO case_actions (id, case_id, action_type, payload_json, performed_by, performed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            a.id,
            a.case_id,
            a.action_type,
            a.payload_json
                .as_ref()
                .map(|p| to_json_text("case_actions.payload_json", p))
                .transpose()?,
            a.performed_by,
            a.performed_at
        ],
    )?;
    Ok(())
}

/// A case's actions in time order.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_actions(conn: &Connection, case_id: CaseId) -> Result<Vec<CaseAction>> {
    let mut stmt = conn.prepare(
        "SELECT id, case_id, action_type, payload_json, performed_by, performed_at FROM case_actions \
         WHERE case_id = ?1 ORDER BY performed_at, rowid",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseAction {
            id: r.get(0)?,
            case_id: r.get(1)?,
            action_type: r.get(2)?,
            payload_json: json_col_opt(r, 3)?,
            performed_by: r.get(4)?,
            performed_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
