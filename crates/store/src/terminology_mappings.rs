//! `terminology_mappings`: local codes mapped to standard ones, with a review workflow.
//! Only APPROVED mappings count during evaluation (issue 6 item 5).

use crate::enums::MappingStatus;
use crate::ids::MappingId;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One `terminology_mappings` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    /// Primary key.
    pub id: MappingId,
    /// The local code.
    pub local_code: String,
    /// Its display.
    pub local_display: Option<String>,
    /// The local code system URI.
    pub local_system: String,
    /// The standard code.
    pub standard_code: String,
    /// Its display.
    pub standard_display: Option<String>,
    /// The standard code system URI.
    pub standard_system: String,
    /// Review status.
    pub mapping_status: MappingStatus,
    /// Confidence 0..=1.
    pub mapping_confidence: Option<f64>,
    /// Reviewer.
    pub reviewed_by: Option<String>,
    /// Review time.
    pub reviewed_at: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

const COLUMNS: &str =
    "id, local_code, local_display, local_system, standard_code, standard_display, \
    standard_system, mapping_status, mapping_confidence, reviewed_by, reviewed_at, notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Mapping> {
    Ok(Mapping {
        id: r.get(0)?,
        local_code: r.get(1)?,
        local_display: r.get(2)?,
        local_system: r.get(3)?,
        standard_code: r.get(4)?,
        standard_display: r.get(5)?,
        standard_system: r.get(6)?,
        mapping_status: r.get(7)?,
        mapping_confidence: r.get(8)?,
        reviewed_by: r.get(9)?,
        reviewed_at: r.get(10)?,
        notes: r.get(11)?,
    })
}

/// Inserts a mapping.
///
/// # Errors
/// [`Error::Sqlite`] on a duplicate (local_system, local_code, standard_system, standard_code).
pub fn insert(conn: &Connection, m: &Mapping) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO terminology_mappings ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            m.id,
            m.local_code,
            m.local_display,
            m.local_system,
            m.standard_code,
            m.standard_display,
            m.standard_system,
            m.mapping_status,
            m.mapping_confidence,
            m.reviewed_by,
            m.reviewed_at,
            m.notes
        ],
    )?;
    Ok(())
}

/// Writes the review columns (status, confidence, reviewer, time, notes).
///
/// # Errors
/// [`Error::NotFound`] when no row has `m.id`.
pub fn update_review(conn: &Connection, m: &Mapping) -> Result<()> {
    let n = conn.execute(
        "UPDATE terminology_mappings SET mapping_status = ?2, mapping_confidence = ?3, reviewed_by = ?4, \
         reviewed_at = ?5, notes = ?6 WHERE id = ?1",
        params![
            m.id,
            m.mapping_status,
            m.mapping_confidence,
            m.reviewed_by,
            m.reviewed_at,
            m.notes
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "terminology mapping",
            id: m.id.to_string(),
        });
    }
    Ok(())
}

/// The mapping with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: MappingId) -> Result<Option<Mapping>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM terminology_mappings WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// Every mapping, optionally only those with `status`, by local system and code.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list(conn: &Connection, status: Option<MappingStatus>) -> Result<Vec<Mapping>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM terminology_mappings WHERE ?1 IS NULL OR mapping_status = ?1 \
         ORDER BY local_system, local_code, standard_system, standard_code"
    ))?;
    let rows = stmt.query_map([status], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The APPROVED mappings, the ones evaluation applies.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn approved(conn: &Connection) -> Result<Vec<Mapping>> {
    list(conn, Some(MappingStatus::Approved))
}
