//! Value sets over the store (issue 6 item 4): import from FHIR ValueSet JSON or CSV, list,
//! diff two versions with the measure versions they affect. Parsing, hashing and the
//! resolution rules are in [`crate::valueset`]; links are in [`crate::measures`].

use crate::audit::{actor, record};
use crate::valueset::{self, diff_codes, CodeDiff, ParsedValueSet, ResolutionStatus};
use crate::{Error, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use ww_store::enums::{AuditEventType as Ev, EntityType, MeasureVersionStatus, ValueSetStatus};
use ww_store::ids::{MeasureId, MeasureVersionId, ValueSetId};
use ww_store::time::now_ts;
use ww_store::value_sets::{self as store, ValueSet};
use ww_store::with_tx;

/// Identity fields given on the command line or in the UI; they override the file's.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ImportOptions {
    /// OID (required for CSV unless the value set is found by URL).
    pub oid: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Version label.
    pub version: Option<String>,
    /// Canonical URL the CQL `valueset` declaration uses.
    pub canonical_url: Option<String>,
    /// Where it came from (a file name); default `import`.
    pub source: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportResult {
    /// The stored row.
    pub value_set: ValueSet,
    /// True when a new row was inserted, false when the (oid, version) row was replaced.
    pub created: bool,
    /// True when the expansion hash differs from the replaced row's (always true on insert).
    pub codes_changed: bool,
}

/// A measure version linked to one of the compared value sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AffectedVersion {
    /// The measure.
    pub measure_id: MeasureId,
    /// Its name (for display only).
    pub measure_name: String,
    /// The version.
    pub measure_version_id: MeasureVersionId,
    /// Version label.
    pub version: String,
    /// Lifecycle status.
    pub status: MeasureVersionStatus,
    /// Which side it links: `old`, `new` or `both`.
    pub links: &'static str,
}

/// The difference between two value sets (normally two versions of one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueSetDiff {
    /// The older value set.
    pub old: ValueSetId,
    /// The newer value set.
    pub new: ValueSetId,
    /// Codes added and removed.
    #[serde(flatten)]
    pub codes: CodeDiff,
    /// Measure versions linked to either side.
    pub affected: Vec<AffectedVersion>,
}

/// Every value set, by name and version.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection) -> Result<Vec<ValueSet>> {
    Ok(store::list(conn)?)
}

/// One value set.
///
/// # Errors
/// [`Error::NotFound`].
pub fn get(conn: &Connection, id: ValueSetId) -> Result<ValueSet> {
    store::get(conn, id)?.ok_or_else(|| Error::NotFound(format!("value set {id}")))
}

/// Imports a FHIR R4 `ValueSet` (JSON text). Codes come from `expansion.contains` or an
/// enumerated `compose`; the resolution status follows the rules of [`crate::valueset`].
/// A value set with the same (oid, version) is replaced; the change is audited either way.
/// A value set linked to a measure version past DRAFT (see [`governed_links`]) is frozen:
/// replacing it is refused when the codes or canonical URL would change, and the same codes
/// again leave the row untouched (`codes_changed` false, nothing written).
///
/// # Errors
/// [`Error::Invalid`] when the text is not a ValueSet, or no OID can be found (give one);
/// [`Error::Gate`] naming the linked measure versions when the value set is frozen.
pub fn import_fhir(
    conn: &mut Connection,
    text: &str,
    opts: &ImportOptions,
) -> Result<ImportResult> {
    let parsed = valueset::parse_fhir_valueset(text)?;
    let status = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|j| {
            j.get("status")
                .and_then(|s| s.as_str())
                .map(str::to_uppercase)
        })
        .and_then(|s| s.parse::<ValueSetStatus>().ok())
        .unwrap_or(ValueSetStatus::Unknown);
    store_parsed(conn, parsed, opts, status)
}

/// Imports a CSV code list with the header `system,code[,display]`. `opts.oid` and
/// `opts.name` are required (a CSV carries no identity).
///
/// # Errors
/// [`Error::Invalid`] when the OID or name is missing, or when any line is malformed: the
/// message lists every bad line as `FILE:LINE: what is wrong` (FILE is `opts.source`, or
/// `CSV`), one per line, and nothing is stored (QA finding F16); [`Error::Gate`] as for
/// [`import_fhir`] when a frozen value set would change.
pub fn import_csv(conn: &mut Connection, text: &str, opts: &ImportOptions) -> Result<ImportResult> {
    if opts.oid.as_deref().is_none_or(|o| o.trim().is_empty()) {
        return Err(Error::invalid("a CSV value set needs an OID (--oid)"));
    }
    if opts.name.as_deref().is_none_or(|o| o.trim().is_empty()) {
        return Err(Error::invalid("a CSV value set needs a name (--name)"));
    }
    let bad = valueset::csv_row_errors(text);
    if !bad.is_empty() {
        let file = opts.source.as_deref().unwrap_or("CSV");
        let lines: Vec<String> = bad
            .iter()
            .map(|(line, why)| format!("{file}:{line}: {why}"))
            .collect();
        return Err(Error::invalid(format!(
            "{}\nnothing imported: {} bad line(s)",
            lines.join("\n"),
            bad.len()
        )));
    }
    store_parsed(
        conn,
        valueset::parse_csv_codes(text),
        opts,
        ValueSetStatus::Draft,
    )
}

fn store_parsed(
    conn: &mut Connection,
    parsed: ParsedValueSet,
    opts: &ImportOptions,
    status: ValueSetStatus,
) -> Result<ImportResult> {
    let oid = opts.oid.clone().or(parsed.oid.clone()).ok_or_else(|| {
        Error::invalid(
            "the value set has no OID (identifier urn:oid:... or an OID-shaped URL): give one",
        )
    })?;
    let version = opts.version.clone().or(parsed.version.clone());
    let name = opts
        .name
        .clone()
        .or(parsed.name.clone())
        .unwrap_or_else(|| oid.clone());
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let existing: Option<ValueSetId> = tx
            .query_row(
                "SELECT id FROM value_sets WHERE oid = ?1 AND version IS ?2",
                rusqlite::params![oid, version],
                |r| r.get(0),
            )
            .optional()?;
        let previous = existing.map(|id| get(tx, id)).transpose()?;
        let checked = parsed.status != ResolutionStatus::Error;
        let vs = ValueSet {
            id: existing.unwrap_or_default(),
            oid: oid.clone(),
            name: name.clone(),
            version: version.clone(),
            expansion_hash: checked.then(|| valueset::expansion_hash(&parsed.codes)),
            code_systems: valueset::code_systems(&parsed.codes),
            codes: parsed.codes.clone(),
            last_resolved_at: Some(now_ts()),
            canonical_url: opts
                .canonical_url
                .clone()
                .or(parsed.canonical_url.clone())
                .or(previous.as_ref().and_then(|p| p.canonical_url.clone())),
            source: Some(opts.source.clone().unwrap_or_else(|| "import".into())),
            status,
            resolution_status: parsed.status,
            resolution_error: parsed.error.clone(),
        };
        let codes_changed = previous
            .as_ref()
            .is_none_or(|p| p.expansion_hash != vs.expansion_hash);
        if let Some(p) = previous.as_ref() {
            let links = governed_links(tx, p.id)?;
            if !links.is_empty() {
                let url_changed = p.canonical_url != vs.canonical_url;
                if codes_changed || url_changed {
                    let what = if codes_changed {
                        "codes"
                    } else {
                        "canonical URL"
                    };
                    return Err(frozen(p, what, &links));
                }
                // The same codes again: a frozen value set is left exactly as approved.
                return Ok(ImportResult {
                    value_set: p.clone(),
                    created: false,
                    codes_changed: false,
                });
            }
        }
        if previous.is_some() {
            store::update(tx, &vs)?;
        } else {
            store::insert(tx, &vs)?;
        }
        record(
            tx,
            if previous.is_some() {
                Ev::ValueSetUpdated
            } else {
                Ev::ValueSetImported
            },
            EntityType::ValueSet,
            vs.id,
            &who,
            None,
            json!({
                "oid": vs.oid, "version": vs.version, "name": vs.name, "codes": vs.codes.len(),
                "expansionHash": vs.expansion_hash, "resolutionStatus": vs.resolution_status,
                "resolutionError": vs.resolution_error, "codesChanged": codes_changed,
                "source": vs.source,
            }),
        )?;
        Ok(ImportResult {
            created: previous.is_none(),
            codes_changed,
            value_set: vs,
        })
    })
}

/// The measure versions past DRAFT (APPROVED, ACTIVE, or DEPRECATED after being approved)
/// that link `vs`, as `Name version (STATUS)`, sorted.
///
/// # Errors
/// [`Error::Db`].
pub fn governed_links(conn: &Connection, vs: ValueSetId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT m.name, mv.version, mv.status FROM measure_value_set_links l \
         JOIN measure_versions mv ON mv.id = l.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id \
         WHERE l.value_set_id = ?1 AND mv.status <> 'DRAFT' ORDER BY m.name, mv.version",
    )?;
    let rows = stmt.query_map([vs], |r| {
        Ok(format!(
            "{} {} ({})",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A value set linked to an approved measure version is frozen (QA finding F15): changing its
/// codes in place would change what an approved measure decides without a new version,
/// compile or approval. DRAFT links do not freeze it (the draft is recompiled anyway).
fn frozen(previous: &ValueSet, what: &str, links: &[String]) -> Error {
    Error::gate(format!(
        "value set {} (OID {}, version {}) is linked to approved measure version(s) {}: its \
         {what} cannot change in place; import the changed list under a new value-set version \
         (--vs-version) and link that to a new measure version",
        previous.name,
        previous.oid,
        previous.version.as_deref().unwrap_or("none"),
        links.join(", ")
    ))
}

/// Compares two value sets: codes added and removed (by system and code) and every measure
/// version linked to either, so an author sees which measures a new version would change.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id.
pub fn diff(conn: &Connection, old: ValueSetId, new: ValueSetId) -> Result<ValueSetDiff> {
    let a = get(conn, old)?;
    let b = get(conn, new)?;
    let old_links = ww_store::measures::versions_linking(conn, old)?;
    let new_links = ww_store::measures::versions_linking(conn, new)?;
    let mut ids: Vec<MeasureVersionId> = old_links.iter().chain(&new_links).copied().collect();
    ids.sort();
    ids.dedup();
    let mut affected = Vec::new();
    for id in ids {
        let v = crate::measures::load_version(conn, id)?;
        let m = ww_store::measures::get_measure(conn, v.measure_id)?
            .ok_or_else(|| Error::NotFound(format!("measure {}", v.measure_id)))?;
        affected.push(AffectedVersion {
            measure_id: m.id,
            measure_name: m.name,
            measure_version_id: id,
            version: v.version,
            status: v.status,
            links: match (old_links.contains(&id), new_links.contains(&id)) {
                (true, true) => "both",
                (true, false) => "old",
                _ => "new",
            },
        });
    }
    affected.sort_by(|x, y| {
        (x.measure_name.as_str(), x.version.as_str())
            .cmp(&(y.measure_name.as_str(), y.version.as_str()))
    });
    Ok(ValueSetDiff {
        old,
        new,
        codes: diff_codes(&a.codes, &b.codes),
        affected,
    })
}
