//! `measures`, `measure_versions` and `measure_value_set_links`: the measure aggregate.
//!
//! A measure is referred to by id, never by name (STYLE.md anti-patterns). At most one version
//! per measure is ACTIVE (a partial unique index refuses a second).

use crate::enums::{CompileStatus, MeasureVersionStatus};
use crate::ids::{MeasureId, MeasureVersionId, OshaReferenceId, ValueSetId};
use crate::sqlutil::{json_col, json_col_opt, string_array_col, to_json_text};
use crate::time::now_ts;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

/// One `measures` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Measure {
    /// Primary key.
    pub id: MeasureId,
    /// Display name ("Hearing Conservation: Annual Audiogram").
    pub name: String,
    /// Policy or regulation reference text ("29 CFR 1910.95(g)").
    pub policy_ref: Option<String>,
    /// Owning team or person.
    pub owner: Option<String>,
    /// Free tags (stored as a JSON array).
    pub tags: Vec<String>,
    /// Creation time (stored timestamp text).
    pub created_at: String,
    /// Last change time.
    pub updated_at: String,
}

/// One `measure_versions` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MeasureVersion {
    /// Primary key.
    pub id: MeasureVersionId,
    /// The measure.
    pub measure_id: MeasureId,
    /// The OSHA reference the spec cites.
    pub osha_reference_id: Option<OshaReferenceId>,
    /// Version label ("1.0"), unique per measure.
    pub version: String,
    /// Lifecycle status.
    pub status: MeasureVersionStatus,
    /// Structured settings (docs/measures.md describes the shape).
    pub spec_json: Value,
    /// The CQL library.
    pub cql_text: Option<String>,
    /// Result of the last compile (None: never compiled).
    pub compile_status: Option<CompileStatus>,
    /// Diagnostics of the last compile.
    pub compile_result: Option<Value>,
    /// Why this version exists.
    pub change_summary: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it became ACTIVE.
    pub activated_at: Option<String>,
    /// Creation time.
    pub created_at: String,
}

const MEASURE_COLUMNS: &str = "id, name, policy_ref, owner, tags, created_at, updated_at";
const VERSION_COLUMNS: &str = "id, measure_id, osha_reference_id, version, status, spec_json, \
    cql_text, compile_status, compile_result, change_summary, approved_by, activated_at, created_at";

fn measure_from_row(r: &Row<'_>) -> rusqlite::Result<Measure> {
    Ok(Measure {
        id: r.get(0)?,
        name: r.get(1)?,
        policy_ref: r.get(2)?,
        owner: r.get(3)?,
        tags: string_array_col(r, 4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

fn version_from_row(r: &Row<'_>) -> rusqlite::Result<MeasureVersion> {
    Ok(MeasureVersion {
        id: r.get(0)?,
        measure_id: r.get(1)?,
        osha_reference_id: r.get(2)?,
        version: r.get(3)?,
        status: r.get(4)?,
        spec_json: json_col(r, 5)?,
        cql_text: r.get(6)?,
        compile_status: r.get(7)?,
        compile_result: json_col_opt(r, 8)?,
        change_summary: r.get(9)?,
        approved_by: r.get(10)?,
        activated_at: r.get(11)?,
        created_at: r.get(12)?,
    })
}

/// Inserts a measure.
///
/// # Errors
/// [`Error::Sqlite`] on a duplicate id.
pub fn insert_measure(conn: &Connection, m: &Measure) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO measures ({MEASURE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            m.id,
            m.name,
            m.policy_ref,
            m.owner,
            to_json_text("measures.tags", &m.tags)?,
            m.created_at,
            m.updated_at
        ],
    )?;
    Ok(())
}

/// Updates name, policy_ref, owner and tags; sets `updated_at` to now.
///
/// # Errors
/// [`Error::NotFound`] when the measure does not exist.
pub fn update_measure(conn: &Connection, m: &Measure) -> Result<()> {
    let n = conn.execute(
        "UPDATE measures SET name = ?2, policy_ref = ?3, owner = ?4, tags = ?5, updated_at = ?6 WHERE id = ?1",
        params![
            m.id,
            m.name,
            m.policy_ref,
            m.owner,
            to_json_text("measures.tags", &m.tags)?,
            now_ts()
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "measure",
            id: m.id.to_string(),
        });
    }
    Ok(())
}

/// The measure with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get_measure(conn: &Connection, id: MeasureId) -> Result<Option<Measure>> {
    Ok(conn
        .query_row(
            &format!("SELECT {MEASURE_COLUMNS} FROM measures WHERE id = ?1"),
            [id],
            measure_from_row,
        )
        .optional()?)
}

/// Every measure, by name.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_measures(conn: &Connection) -> Result<Vec<Measure>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {MEASURE_COLUMNS} FROM measures ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([], measure_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a measure version.
///
/// # Errors
/// [`Error::Sqlite`] on a duplicate (measure_id, version), a second ACTIVE version of the
/// measure, or invalid JSON.
pub fn insert_version(conn: &Connection, v: &MeasureVersion) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO measure_versions ({VERSION_COLUMNS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ),
        params![
            v.id,
            v.measure_id,
            v.osha_reference_id,
            v.version,
            v.status,
            to_json_text("measure_versions.spec_json", &v.spec_json)?,
            v.cql_text,
            v.compile_status,
            v.compile_result
                .as_ref()
                .map(|c| to_json_text("measure_versions.compile_result", c))
                .transpose()?,
            v.change_summary,
            v.approved_by,
            v.activated_at,
            v.created_at
        ],
    )?;
    if v.status != MeasureVersionStatus::Draft {
        // Inserted already approved (the standard content): its rule is approved as shipped.
        record_approved_hashes(conn, v.id, &RuleHashes::of(v))?;
    }
    Ok(())
}

/// Writes every mutable column of the version with `v.id` (all but id, measure_id and
/// created_at).
///
/// # Errors
/// [`Error::NotFound`] when the version does not exist; [`Error::Sqlite`] on a second ACTIVE
/// version of the measure.
pub fn update_version(conn: &Connection, v: &MeasureVersion) -> Result<()> {
    let n = conn.execute(
        "UPDATE measure_versions SET osha_reference_id = ?2, version = ?3, status = ?4, spec_json = ?5, \
         cql_text = ?6, compile_status = ?7, compile_result = ?8, change_summary = ?9, \
         approved_by = ?10, activated_at = ?11 WHERE id = ?1",
        params![
            v.id,
            v.osha_reference_id,
            v.version,
            v.status,
            to_json_text("measure_versions.spec_json", &v.spec_json)?,
            v.cql_text,
            v.compile_status,
            v.compile_result
                .as_ref()
                .map(|c| to_json_text("measure_versions.compile_result", c))
                .transpose()?,
            v.change_summary,
            v.approved_by,
            v.activated_at
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "measure version",
            id: v.id.to_string(),
        });
    }
    Ok(())
}

/// The version with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get_version(conn: &Connection, id: MeasureVersionId) -> Result<Option<MeasureVersion>> {
    Ok(conn
        .query_row(
            &format!("SELECT {VERSION_COLUMNS} FROM measure_versions WHERE id = ?1"),
            [id],
            version_from_row,
        )
        .optional()?)
}

/// Every version of a measure, oldest first.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_versions(conn: &Connection, measure_id: MeasureId) -> Result<Vec<MeasureVersion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS} FROM measure_versions WHERE measure_id = ?1 ORDER BY created_at, version"
    ))?;
    let rows = stmt.query_map([measure_id], version_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The measure's ACTIVE version, if any.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn active_version(conn: &Connection, measure_id: MeasureId) -> Result<Option<MeasureVersion>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {VERSION_COLUMNS} FROM measure_versions WHERE measure_id = ?1 AND status = 'ACTIVE'"
            ),
            [measure_id],
            version_from_row,
        )
        .optional()?)
}

/// Every ACTIVE version with its measure, ordered by measure name.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_active(conn: &Connection) -> Result<Vec<(Measure, MeasureVersion)>> {
    let cols: Vec<String> = VERSION_COLUMNS
        .split(", ")
        .map(|c| format!("v.{}", c.trim()))
        .collect();
    let mcols: Vec<String> = MEASURE_COLUMNS
        .split(", ")
        .map(|c| format!("m.{c}"))
        .collect();
    let sql = format!(
        "SELECT {}, {} FROM measure_versions v JOIN measures m ON m.id = v.measure_id \
         WHERE v.status = 'ACTIVE' ORDER BY m.name, m.id",
        mcols.join(", "),
        cols.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let n = mcols.len();
    let rows = stmt.query_map([], |r| {
        let m = measure_from_row(r)?;
        let v = MeasureVersion {
            id: r.get(n)?,
            measure_id: r.get(n + 1)?,
            osha_reference_id: r.get(n + 2)?,
            version: r.get(n + 3)?,
            status: r.get(n + 4)?,
            spec_json: json_col(r, n + 5)?,
            cql_text: r.get(n + 6)?,
            compile_status: r.get(n + 7)?,
            compile_result: json_col_opt(r, n + 8)?,
            change_summary: r.get(n + 9)?,
            approved_by: r.get(n + 10)?,
            activated_at: r.get(n + 11)?,
            created_at: r.get(n + 12)?,
        };
        Ok((m, v))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Links a value set to a measure version (no-op when already linked). Returns whether a row
/// was inserted.
///
/// # Errors
/// [`Error::Sqlite`] when either id does not exist.
pub fn link_value_set(
    conn: &Connection,
    version_id: MeasureVersionId,
    value_set_id: ValueSetId,
) -> Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO measure_value_set_links (measure_version_id, value_set_id) VALUES (?1, ?2)",
        params![version_id, value_set_id],
    )?;
    Ok(n == 1)
}

/// Removes a link. Returns whether a row was removed.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn unlink_value_set(
    conn: &Connection,
    version_id: MeasureVersionId,
    value_set_id: ValueSetId,
) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM measure_value_set_links WHERE measure_version_id = ?1 AND value_set_id = ?2",
        params![version_id, value_set_id],
    )?;
    Ok(n == 1)
}

/// The value sets linked to a version.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn linked_value_sets(
    conn: &Connection,
    version_id: MeasureVersionId,
) -> Result<Vec<ValueSetId>> {
    let mut stmt = conn.prepare(
        "SELECT value_set_id FROM measure_value_set_links WHERE measure_version_id = ?1 ORDER BY value_set_id",
    )?;
    let rows = stmt.query_map([version_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The measure versions a value set is linked to.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn versions_linking(
    conn: &Connection,
    value_set_id: ValueSetId,
) -> Result<Vec<MeasureVersionId>> {
    let mut stmt = conn.prepare(
        "SELECT measure_version_id FROM measure_value_set_links WHERE value_set_id = ?1 ORDER BY measure_version_id",
    )?;
    let rows = stmt.query_map([value_set_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// SHA-256 (hex) of the CQL text and of the spec of a measure version (QA finding G12): what
/// approval records and what a run compares before evaluating the version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleHashes {
    /// SHA-256 of the CQL text's UTF-8 bytes (an absent text hashes as the empty text).
    pub cql_sha256: String,
    /// SHA-256 of the spec's compact JSON serialisation (key order as stored).
    pub spec_sha256: String,
}

impl RuleHashes {
    /// The hashes of the version's rule as it is now.
    pub fn of(v: &MeasureVersion) -> RuleHashes {
        use sha2::{Digest, Sha256};
        let spec = serde_json::to_string(&v.spec_json).unwrap_or_default();
        RuleHashes {
            cql_sha256: hex::encode(Sha256::digest(
                v.cql_text.as_deref().unwrap_or("").as_bytes(),
            )),
            spec_sha256: hex::encode(Sha256::digest(spec.as_bytes())),
        }
    }
}

/// Records the approved rule hashes of a version (migration V33 columns).
///
/// # Errors
/// [`Error::Sqlite`].
pub fn record_approved_hashes(
    conn: &Connection,
    id: MeasureVersionId,
    hashes: &RuleHashes,
) -> Result<()> {
    conn.execute(
        "UPDATE measure_versions SET approved_cql_sha256 = ?2, approved_spec_sha256 = ?3 WHERE id = ?1",
        params![id, hashes.cql_sha256, hashes.spec_sha256],
    )?;
    Ok(())
}

/// The rule hashes recorded when the version was approved; None when nothing was recorded
/// (a DRAFT, or a version approved before migration V33).
///
/// # Errors
/// [`Error::Sqlite`].
pub fn approved_hashes(conn: &Connection, id: MeasureVersionId) -> Result<Option<RuleHashes>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT approved_cql_sha256, approved_spec_sha256 FROM measure_versions WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((Some(cql_sha256), Some(spec_sha256))) => Some(RuleHashes {
            cql_sha256,
            spec_sha256,
        }),
        _ => None,
    })
}

/// Refuses to evaluate an approved version whose CQL or spec no longer hashes to what was
/// approved (QA finding G12: the rule was changed outside the lifecycle, e.g. by SQL). Runs
/// call this once per version before evaluating it. DRAFT versions (fixtures) and versions
/// with no recorded hashes pass.
///
/// # Errors
/// [`Error::Invalid`] naming the version and both hashes of the part that changed.
pub fn check_approved_rule(conn: &Connection, v: &MeasureVersion) -> Result<()> {
    if v.status == MeasureVersionStatus::Draft {
        return Ok(());
    }
    let Some(approved) = approved_hashes(conn, v.id)? else {
        return Ok(());
    };
    let now = RuleHashes::of(v);
    for (part, was, is) in [
        ("CQL", &approved.cql_sha256, &now.cql_sha256),
        ("spec", &approved.spec_sha256, &now.spec_sha256),
    ] {
        if was != is {
            return Err(Error::Invalid(format!(
                "measure version {} ({}, {}) cannot be evaluated: its {part} was changed after \
                 approval (approved SHA-256 {was}, now {is}); approved rules change only \
                 through a new version",
                v.version, v.id, v.status
            )));
        }
    }
    Ok(())
}
