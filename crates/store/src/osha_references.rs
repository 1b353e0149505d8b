//! `osha_references`: the curated OSHA / policy citations Studio's spec form looks up.

use crate::ids::OshaReferenceId;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One `osha_references` row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OshaReference {
    /// Primary key.
    pub id: OshaReferenceId,
    /// The citation ("29 CFR 1910.95"), unique.
    pub cfr_citation: String,
    /// The standard's title ("Occupational noise exposure").
    pub title: String,
    /// Program area ("Hearing Conservation").
    pub program_area: String,
}

const COLUMNS: &str = "id, cfr_citation, title, program_area";

fn from_row(r: &Row<'_>) -> rusqlite::Result<OshaReference> {
    Ok(OshaReference {
        id: r.get(0)?,
        cfr_citation: r.get(1)?,
        title: r.get(2)?,
        program_area: r.get(3)?,
    })
}

/// Inserts a reference.
///
/// # Errors
/// [`crate::Error::Sqlite`] on a duplicate citation.
pub fn insert(conn: &Connection, o: &OshaReference) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO osha_references ({COLUMNS}) VALUES (?1, ?2, ?3, ?4)"),
        params![o.id, o.cfr_citation, o.title, o.program_area],
    )?;
    Ok(())
}

/// The reference with this id.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn get(conn: &Connection, id: OshaReferenceId) -> Result<Option<OshaReference>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM osha_references WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The reference with this exact citation.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn get_by_citation(conn: &Connection, cfr_citation: &str) -> Result<Option<OshaReference>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM osha_references WHERE cfr_citation = ?1"),
            [cfr_citation],
            from_row,
        )
        .optional()?)
}

/// Every reference, by citation.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list(conn: &Connection) -> Result<Vec<OshaReference>> {
    search(conn, "")
}

/// References whose citation, title or program area contains `text` (case-insensitive for
/// ASCII), by citation. An empty `text` lists all.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn search(conn: &Connection, text: &str) -> Result<Vec<OshaReference>> {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM osha_references WHERE cfr_citation LIKE ?1 ESCAPE '\\' \
         OR title LIKE ?1 ESCAPE '\\' OR program_area LIKE ?1 ESCAPE '\\' ORDER BY cfr_citation"
    ))?;
    let rows = stmt.query_map([pattern], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
