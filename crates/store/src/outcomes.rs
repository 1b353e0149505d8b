//! `outcomes`: one evaluated result per employee, measure version and run.

use crate::enums::OutcomeStatus;
use crate::ids::{EmployeeId, MeasureVersionId, OutcomeId, RunId};
use crate::sqlutil::{json_col, to_json_text};
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

/// One `outcomes` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Primary key.
    pub id: OutcomeId,
    /// The run.
    pub run_id: RunId,
    /// The employee.
    pub employee_id: EmployeeId,
    /// The measure version evaluated.
    pub measure_version_id: MeasureVersionId,
    /// The compliance cycle label ("2026", "2025-2026").
    pub evaluation_period: String,
    /// The status from the CQL "Outcome Status" define.
    pub status: OutcomeStatus,
    /// Evidence in the contract's shape.
    pub evidence_json: Value,
    /// Evaluation time.
    pub evaluated_at: String,
}

const COLUMNS: &str =
    "id, run_id, employee_id, measure_version_id, evaluation_period, status, evidence_json, evaluated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Outcome> {
    Ok(Outcome {
        id: r.get(0)?,
        run_id: r.get(1)?,
        employee_id: r.get(2)?,
        measure_version_id: r.get(3)?,
        evaluation_period: r.get(4)?,
        status: r.get(5)?,
        evidence_json: json_col(r, 6)?,
        evaluated_at: r.get(7)?,
    })
}

/// Inserts an outcome.
///
/// # Errors
/// [`crate::Error::Sqlite`] for unknown run / employee / version ids.
pub fn insert(conn: &Connection, o: &Outcome) -> Result<()> {
    let evidence = to_json_text("outcomes.evidence_json", &o.evidence_json)?;
    insert_row(
        conn,
        &OutcomeRow {
            id: o.id,
            run_id: o.run_id,
            employee_id: o.employee_id,
            measure_version_id: o.measure_version_id,
            evaluation_period: &o.evaluation_period,
            status: o.status,
            evidence_json: &evidence,
            evaluated_at: &o.evaluated_at,
        },
    )
}

/// An outcome to insert whose evidence is already serialised, borrowed from the caller (the
/// run writer serialises evidence on the evaluation threads and stores the text as is).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomeRow<'a> {
    /// Primary key.
    pub id: OutcomeId,
    /// The run.
    pub run_id: RunId,
    /// The employee.
    pub employee_id: EmployeeId,
    /// The measure version evaluated.
    pub measure_version_id: MeasureVersionId,
    /// The compliance cycle label.
    pub evaluation_period: &'a str,
    /// The status.
    pub status: OutcomeStatus,
    /// `evidence_json` as JSON text (the column's CHECK refuses text that is not JSON).
    pub evidence_json: &'a str,
    /// Evaluation time as stored text.
    pub evaluated_at: &'a str,
}

/// Inserts an outcome row whose evidence is already JSON text.
///
/// # Errors
/// [`crate::Error::Sqlite`] for unknown run / employee / version ids or evidence that is not
/// JSON.
pub fn insert_row(conn: &Connection, o: &OutcomeRow<'_>) -> Result<()> {
    let mut stmt = conn.prepare_cached(INSERT)?;
    stmt.execute(params![
        o.id,
        o.run_id,
        o.employee_id,
        o.measure_version_id,
        o.evaluation_period,
        o.status,
        o.evidence_json,
        o.evaluated_at
    ])?;
    Ok(())
}

const INSERT: &str = "INSERT INTO outcomes (id, run_id, employee_id, measure_version_id, \
    evaluation_period, status, evidence_json, evaluated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/// The outcome with this id.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn get(conn: &Connection, id: OutcomeId) -> Result<Option<Outcome>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM outcomes WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// A run's outcomes, by employee then measure version.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list_for_run(conn: &Connection, run_id: RunId) -> Result<Vec<Outcome>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM outcomes WHERE run_id = ?1 ORDER BY employee_id, measure_version_id"
    ))?;
    let rows = stmt.query_map([run_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest outcome of a non-dry run for (employee, version, period), if any. Dry-run
/// outcomes are projections and never become the latest figure (DOMAIN.md section 4; QA G11):
/// case evidence, outreach and packets read this.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn latest_for(
    conn: &Connection,
    employee_id: EmployeeId,
    version_id: MeasureVersionId,
    period: &str,
) -> Result<Option<Outcome>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM outcomes WHERE employee_id = ?1 AND measure_version_id = ?2 \
                 AND evaluation_period = ?3 \
                 AND run_id IN (SELECT id FROM runs WHERE dry_run = 0) \
                 ORDER BY evaluated_at DESC, rowid DESC LIMIT 1"
            ),
            params![employee_id, version_id, period],
            from_row,
        )
        .optional()?)
}
