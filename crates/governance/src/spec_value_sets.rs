//! The spec's `valueSets` list and the version's value-set links are one truth (QA finding
//! G10: `measures create --spec` with `valueSets` did not link them, and the compile then
//! failed with "declared but not linked").
//!
//! An entry of `valueSets` names a value set by its id (UUID), its canonical URL (optionally
//! `URL|VERSION`, the FHIR canonical form, to choose one version) or `urn:oid:OID`.
//!
//! * [`crate::measures::create`] and [`crate::measures::save_spec`]: when the spec has a
//!   `valueSets` key, every entry must name exactly one stored value set, and the version's
//!   links become exactly that list (missing links made, others removed, each audited as
//!   VALUE_SET_LINKED / VALUE_SET_UNLINKED). An entry naming nothing, or a URL shared by
//!   several versions without `|VERSION`, refuses the whole save, naming the entry.
//! * [`crate::measures::link_value_set`] / `unlink_value_set` keep the list in step: a link
//!   adds the value set's id to `valueSets`, an unlink removes the entries naming it.
//! * A spec without the key leaves the links alone (and a link or unlink then writes the key).

use crate::{Error, Result};
use rusqlite::Connection;
use serde_json::Value;
use ww_store::ids::ValueSetId;
use ww_store::value_sets::ValueSet;

/// What one `valueSets` entry names, or why it names nothing (the message names the entry).
fn resolve_entry(conn: &Connection, index: usize, entry: &str) -> Result<ValueSetId> {
    let at = format!("spec valueSets[{index}] {entry:?}");
    let e = entry.trim();
    if let Ok(id) = ValueSetId::parse(e) {
        return match ww_store::value_sets::get(conn, id)? {
            Some(_) => Ok(id),
            None => Err(Error::invalid(format!("{at}: no value set has this id"))),
        };
    }
    let (candidates, what): (Vec<ValueSet>, &str) = if let Some(oid) = e.strip_prefix("urn:oid:") {
        let all = ww_store::value_sets::list(conn)?;
        (all.into_iter().filter(|v| v.oid == oid).collect(), "OID")
    } else {
        let (url, version) = match e.split_once('|') {
            Some((u, v)) => (u, Some(v)),
            None => (e, None),
        };
        let found = ww_store::value_sets::find_by_canonical_url(conn, url)?;
        let found = match version {
            Some(ver) => found
                .into_iter()
                .filter(|v| v.version.as_deref() == Some(ver))
                .collect(),
            None => found,
        };
        (found, "canonical URL")
    };
    match candidates.as_slice() {
        [] => Err(Error::invalid(format!(
            "{at}: no value set has this {what}; import it first (`workwell valuesets \
             import`) or use a value set id"
        ))),
        [one] => Ok(one.id),
        many => {
            let versions: Vec<String> = many
                .iter()
                .map(|v| v.version.clone().unwrap_or_else(|| "none".into()))
                .collect();
            Err(Error::invalid(format!(
                "{at}: {} value sets share this {what} (versions {}); write URL|VERSION or \
                 the value set's id to choose one",
                many.len(),
                versions.join(", ")
            )))
        }
    }
}

fn entries(spec: &Value) -> Result<Option<Vec<String>>> {
    match spec.get("valueSets") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| {
                    Error::invalid(
                        "spec valueSets: must be a list of value set ids, canonical URLs or \
                         urn:oid: OIDs (text)",
                    )
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(_) => Err(Error::invalid(
            "spec valueSets: must be a list of value set ids, canonical URLs or urn:oid: OIDs",
        )),
    }
}

/// The value sets the spec's `valueSets` names, in order without repeats; None when the spec
/// has no such key.
///
/// # Errors
/// [`Error::Invalid`] naming the first entry that names no value set or several.
pub fn resolve(conn: &Connection, spec: &Value) -> Result<Option<Vec<ValueSetId>>> {
    let Some(list) = entries(spec)? else {
        return Ok(None);
    };
    let mut ids = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let id = resolve_entry(conn, i, e)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(Some(ids))
}

/// The spec after linking (`link` true) or unlinking `id`, given the links `now` holds after
/// the change: a link appends the id when no entry names it; an unlink drops every entry that
/// names it. A spec without `valueSets` gets the list of `now`.
pub(crate) fn after_link_change(
    conn: &Connection,
    spec: &Value,
    id: ValueSetId,
    link: bool,
    now: &[ValueSetId],
) -> Value {
    let mut spec = spec.clone();
    let Some(obj) = spec.as_object_mut() else {
        return spec;
    };
    let list: Vec<String> = match entries(&Value::Object(obj.clone())) {
        Ok(Some(list)) => list,
        _ => {
            obj.insert(
                "valueSets".into(),
                Value::Array(now.iter().map(|v| Value::String(v.to_string())).collect()),
            );
            return spec;
        }
    };
    let names = |(i, e): (usize, &String)| resolve_entry(conn, i, e).ok() == Some(id);
    let mut out: Vec<String> = if link {
        list.clone()
    } else {
        list.iter()
            .enumerate()
            .filter(|x| !names(*x))
            .map(|(_, e)| e.clone())
            .collect()
    };
    if link && !list.iter().enumerate().any(names) {
        out.push(id.to_string());
    }
    obj.insert(
        "valueSets".into(),
        Value::Array(out.into_iter().map(Value::String).collect()),
    );
    spec
}
