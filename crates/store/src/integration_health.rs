//! `integration_health`: the persisted health of each integration (ids `fhir`, `mcp`, `ai`,
//! `hris`; DOMAIN.md section 8).

use crate::enums::IntegrationStatus;
use crate::sqlutil::{json_col, to_json_text};
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

/// One `integration_health` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Integration {
    /// `fhir`, `mcp`, `ai` or `hris`.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// Health.
    pub status: IntegrationStatus,
    /// Last sync / check time.
    pub last_sync_at: Option<String>,
    /// A sentence describing the last sync.
    pub last_sync_result: Option<String>,
    /// Configuration (never secrets in clear: API keys stay outside the database).
    pub config_json: Value,
}

const COLUMNS: &str = "id, display_name, status, last_sync_at, last_sync_result, config_json";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Integration> {
    Ok(Integration {
        id: r.get(0)?,
        display_name: r.get(1)?,
        status: r.get(2)?,
        last_sync_at: r.get(3)?,
        last_sync_result: r.get(4)?,
        config_json: json_col(r, 5)?,
    })
}

/// Inserts the row unless one with its id exists; returns whether it was inserted.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn insert_if_absent(conn: &Connection, i: &Integration) -> Result<bool> {
    let n = conn.execute(
        &format!(
            "INSERT OR IGNORE INTO integration_health ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ),
        params![
            i.id,
            i.display_name,
            i.status,
            i.last_sync_at,
            i.last_sync_result,
            to_json_text("integration_health.config_json", &i.config_json)?
        ],
    )?;
    Ok(n == 1)
}

/// Records a sync or check: status, time and result sentence.
///
/// # Errors
/// [`Error::NotFound`] for an unknown integration id.
pub fn record_sync(
    conn: &Connection,
    id: &str,
    status: IntegrationStatus,
    at: &str,
    result: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE integration_health SET status = ?2, last_sync_at = ?3, last_sync_result = ?4 WHERE id = ?1",
        params![id, status, at, result],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "integration",
            id: id.to_owned(),
        });
    }
    Ok(())
}

/// Replaces the configuration JSON.
///
/// # Errors
/// [`Error::NotFound`] for an unknown integration id.
pub fn set_config(conn: &Connection, id: &str, config: &Value) -> Result<()> {
    let n = conn.execute(
        "UPDATE integration_health SET config_json = ?2 WHERE id = ?1",
        params![id, to_json_text("integration_health.config_json", config)?],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "integration",
            id: id.to_owned(),
        });
    }
    Ok(())
}

/// The integration with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: &str) -> Result<Option<Integration>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM integration_health WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// Every integration, by id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list(conn: &Connection) -> Result<Vec<Integration>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM integration_health ORDER BY id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
