//! `value_sets`: code lists that identify qualifying events, with governance metadata.
//!
//! `codes_json` holds a JSON array of [`Code`] objects (`{"system","code","display"}`);
//! `code_systems` the sorted distinct systems; `expansion_hash` is [`expansion_hash`] of the
//! codes.

use crate::enums::{ResolutionStatus, ValueSetStatus};
use crate::ids::ValueSetId;
use crate::sqlutil::{json_col, string_array_col, to_json_text};
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

/// One code of a value set: code system URI, code, optional display.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Code {
    /// Code system URI (`http://www.ama-assn.org/go/cpt`, `http://snomed.info/sct`, ...).
    pub system: String,
    /// The code.
    pub code: String,
    /// Human-readable display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

impl Code {
    /// A code with a display.
    pub fn new(system: &str, code: &str, display: &str) -> Code {
        Code {
            system: system.to_owned(),
            code: code.to_owned(),
            display: Some(display.to_owned()),
        }
    }
}

/// One `value_sets` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValueSet {
    /// Primary key.
    pub id: ValueSetId,
    /// OID or other identifier, unique with `version`.
    pub oid: String,
    /// Display name.
    pub name: String,
    /// Version label.
    pub version: Option<String>,
    /// The codes (`codes_json`).
    pub codes: Vec<Code>,
    /// When the expansion was last resolved.
    pub last_resolved_at: Option<String>,
    /// The canonical URL CQL `valueset` declarations use.
    pub canonical_url: Option<String>,
    /// Distinct code systems of `codes`, sorted.
    pub code_systems: Vec<String>,
    /// Where it came from ("WorkWell demo seed", a file name, ...).
    pub source: Option<String>,
    /// Publication status.
    pub status: ValueSetStatus,
    /// [`expansion_hash`] of the codes.
    pub expansion_hash: Option<String>,
    /// Resolution status.
    pub resolution_status: ResolutionStatus,
    /// Why resolution failed.
    pub resolution_error: Option<String>,
}

/// SHA-256 (lowercase hex) of the value set's expansion: the lines `system|code` of every
/// code, de-duplicated, sorted bytewise, each line ending with `\n`. Displays do not count,
/// so the same codes in any order or with other displays give the same hash.
pub fn expansion_hash(codes: &[Code]) -> String {
    let mut lines: Vec<String> = codes
        .iter()
        .map(|c| format!("{}|{}\n", c.system, c.code))
        .collect();
    lines.sort();
    lines.dedup();
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The sorted distinct code systems of `codes`.
pub fn code_systems(codes: &[Code]) -> Vec<String> {
    let mut s: Vec<String> = codes.iter().map(|c| c.system.clone()).collect();
    s.sort();
    s.dedup();
    s
}

const COLUMNS: &str = "id, oid, name, version, codes_json, last_resolved_at, canonical_url, \
    code_systems, source, status, expansion_hash, resolution_status, resolution_error";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ValueSet> {
    let codes: Vec<Code> = serde_json::from_value(json_col(r, 4)?).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(ValueSet {
        id: r.get(0)?,
        oid: r.get(1)?,
        name: r.get(2)?,
        version: r.get(3)?,
        codes,
        last_resolved_at: r.get(5)?,
        canonical_url: r.get(6)?,
        code_systems: string_array_col(r, 7)?,
        source: r.get(8)?,
        status: r.get(9)?,
        expansion_hash: r.get(10)?,
        resolution_status: r.get(11)?,
        resolution_error: r.get(12)?,
    })
}

/// Inserts a value set as given (callers fill `code_systems` / `expansion_hash`, e.g. with
/// [`code_systems`] and [`expansion_hash`]).
///
/// # Errors
/// [`Error::Sqlite`] on a duplicate id or (oid, version).
pub fn insert(conn: &Connection, v: &ValueSet) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO value_sets ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ),
        params![
            v.id,
            v.oid,
            v.name,
            v.version,
            to_json_text("value_sets.codes_json", &v.codes)?,
            v.last_resolved_at,
            v.canonical_url,
            to_json_text("value_sets.code_systems", &v.code_systems)?,
            v.source,
            v.status,
            v.expansion_hash,
            v.resolution_status,
            v.resolution_error
        ],
    )?;
    Ok(())
}

/// Writes every column but the id.
///
/// # Errors
/// [`Error::NotFound`] when no row has `v.id`.
pub fn update(conn: &Connection, v: &ValueSet) -> Result<()> {
    let n = conn.execute(
        "UPDATE value_sets SET oid = ?2, name = ?3, version = ?4, codes_json = ?5, last_resolved_at = ?6, \
         canonical_url = ?7, code_systems = ?8, source = ?9, status = ?10, expansion_hash = ?11, \
         resolution_status = ?12, resolution_error = ?13 WHERE id = ?1",
        params![
            v.id,
            v.oid,
            v.name,
            v.version,
            to_json_text("value_sets.codes_json", &v.codes)?,
            v.last_resolved_at,
            v.canonical_url,
            to_json_text("value_sets.code_systems", &v.code_systems)?,
            v.source,
            v.status,
            v.expansion_hash,
            v.resolution_status,
            v.resolution_error
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "value set",
            id: v.id.to_string(),
        });
    }
    Ok(())
}

/// The value set with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: ValueSetId) -> Result<Option<ValueSet>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM value_sets WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The value sets with this canonical URL (all versions), by version.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn find_by_canonical_url(conn: &Connection, url: &str) -> Result<Vec<ValueSet>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM value_sets WHERE canonical_url = ?1 ORDER BY version, id"
    ))?;
    let rows = stmt.query_map([url], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every value set, by name.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list(conn: &Connection) -> Result<Vec<ValueSet>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM value_sets ORDER BY name, version, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every value set in the order a terminology keyed by name (canonical URL, OID) must load
/// them so that the last one loaded under a name is the right one: value sets linked to an
/// ACTIVE measure version come last. Runs evaluate only ACTIVE versions, so when two versions
/// of a value set share a canonical URL the codes a run uses are those of the version the
/// ACTIVE measure version links (QA finding F15). Governance refuses to activate a version
/// whose links would clash with another ACTIVE measure's under one name.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_for_evaluation(conn: &Connection) -> Result<Vec<ValueSet>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM value_sets ORDER BY id IN (SELECT l.value_set_id \
         FROM measure_value_set_links l JOIN measure_versions mv ON mv.id = l.measure_version_id \
         WHERE mv.status = 'ACTIVE'), name, version, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_hash_ignores_order_duplicates_and_display() {
        let a = vec![
            Code::new("http://loinc.org", "71773-6", "TB"),
            Code::new("http://www.ama-assn.org/go/cpt", "86580", "PPD"),
        ];
        let mut b = a.clone();
        b.reverse();
        b.push(Code::new("http://loinc.org", "71773-6", "other display"));
        assert_eq!(expansion_hash(&a), expansion_hash(&b));
        assert_ne!(expansion_hash(&a), expansion_hash(&a[..1]));
        // SHA-256 of the empty string.
        assert_eq!(
            expansion_hash(&[]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
