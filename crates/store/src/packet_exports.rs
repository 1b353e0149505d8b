//! `audit_packet_exports`: one row per audit packet generated (DOMAIN.md section 7).

use crate::enums::{PacketFormat, PacketType};
use crate::ids::PacketExportId;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One `audit_packet_exports` row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PacketExport {
    /// Primary key.
    pub id: PacketExportId,
    /// CASE, RUN or MEASURE_VERSION.
    pub packet_type: PacketType,
    /// The case, run or measure version id (UUID text).
    pub entity_id: String,
    /// json or html.
    pub format: PacketFormat,
    /// Who generated it.
    pub generated_by: String,
    /// When.
    pub generated_at: String,
    /// SHA-256 hex of the exact bytes written.
    pub payload_hash: Option<String>,
    /// Size of those bytes.
    pub payload_size_bytes: Option<i64>,
}

const COLUMNS: &str =
    "id, packet_type, entity_id, format, generated_by, generated_at, payload_hash, payload_size_bytes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PacketExport> {
    Ok(PacketExport {
        id: r.get(0)?,
        packet_type: r.get(1)?,
        entity_id: r.get(2)?,
        format: r.get(3)?,
        generated_by: r.get(4)?,
        generated_at: r.get(5)?,
        payload_hash: r.get(6)?,
        payload_size_bytes: r.get(7)?,
    })
}

/// Inserts an export record.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn insert(conn: &Connection, p: &PacketExport) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO audit_packet_exports ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            p.id,
            p.packet_type,
            p.entity_id,
            p.format,
            p.generated_by,
            p.generated_at,
            p.payload_hash,
            p.payload_size_bytes
        ],
    )?;
    Ok(())
}

/// The record with this id.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn get(conn: &Connection, id: PacketExportId) -> Result<Option<PacketExport>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM audit_packet_exports WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The records whose payload hash is `hash`, newest first.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn find_by_hash(conn: &Connection, hash: &str) -> Result<Vec<PacketExport>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_packet_exports WHERE payload_hash = ?1 ORDER BY generated_at DESC"
    ))?;
    let rows = stmt.query_map([hash], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
