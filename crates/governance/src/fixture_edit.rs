//! Adding, editing and removing a measure's test fixtures (issue 6 item 3, issue 7 Studio).
//!
//! Fixtures belong to the measure: every version is validated against the same cases, and an
//! approval records which fixtures it ran, with a hash of each ([`crate::measures::approve`]).
//! What an auditor expects is that the evidence for an approved version cannot change
//! unnoticed, so fixtures change only in the course of drafting a new version:
//!
//! * each change names a DRAFT version of the measure and is refused for any other status
//!   ("create a new version first"); `workwell measures fixtures ...` uses the measure's DRAFT;
//! * each change is one transaction with a MEASURE_UPDATED audit event on the measure,
//!   referencing the DRAFT, with the fixture's content hash before and after;
//! * `workwell measures verify` ([`crate::rule_integrity`]) compares every approved version's
//!   recorded fixture hashes with the fixtures as they are now and names what changed since.

use crate::audit::{actor, record};
use crate::fixture_check::{check_fixture, fixture_sha256};
use crate::fixtures::{from_row, upsert, Fixture, FixtureFile, COLUMNS};
use crate::lifecycle::VersionStatus;
use crate::measures::load_version;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::ids::{MeasureId, MeasureVersionId};
use ww_store::measures::MeasureVersion;

/// What a fixture change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FixtureAction {
    /// A new fixture.
    Added,
    /// An existing fixture's content (and perhaps its name) replaced.
    Edited,
    /// A fixture deleted.
    Removed,
}

impl FixtureAction {
    /// `ADDED`, `EDITED` or `REMOVED` (the audit payload's `fixtureAction`).
    pub fn as_str(self) -> &'static str {
        match self {
            FixtureAction::Added => "ADDED",
            FixtureAction::Edited => "EDITED",
            FixtureAction::Removed => "REMOVED",
        }
    }
}

/// The result of [`add`], [`edit`] or [`remove`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureChange {
    /// What was done.
    pub action: FixtureAction,
    /// The fixture's name (after an edit: its new name).
    pub name: String,
    /// The name before a rename.
    pub previous_name: Option<String>,
    /// Content hash now (None after a removal).
    pub sha256: Option<String>,
    /// Content hash before (None for an addition).
    pub previous_sha256: Option<String>,
    /// False when an edit changed nothing (no audit event is written then).
    pub changed: bool,
    /// The DRAFT version the change was made for.
    pub version_id: MeasureVersionId,
    /// Its label.
    pub version: String,
}

/// The DRAFT version of `measure` that fixture changes are made for (the newest DRAFT when
/// there are several).
///
/// # Errors
/// [`Error::NotFound`] for an unknown measure; [`Error::Gate`] when it has no DRAFT version.
pub fn draft_version(conn: &Connection, measure: MeasureId) -> Result<MeasureVersionId> {
    let m = ww_store::measures::get_measure(conn, measure)?
        .ok_or_else(|| Error::NotFound(format!("measure {measure}")))?;
    ww_store::measures::list_versions(conn, measure)?
        .into_iter()
        .rev()
        .find(|v| v.status == VersionStatus::Draft)
        .map(|v| v.id)
        .ok_or_else(|| {
            Error::gate(format!(
                "measure {:?} has no DRAFT version: its approved versions were tested against \
                 the current fixtures, so fixtures change only while a new version is drafted \
                 (create one first: `workwell measures new-version {measure} --summary ...`)",
                m.name
            ))
        })
}

fn draft(conn: &Connection, version: MeasureVersionId) -> Result<MeasureVersion> {
    let v = load_version(conn, version)?;
    if v.status != VersionStatus::Draft {
        return Err(Error::gate(format!(
            "fixtures change only for a DRAFT version; version {} is {}: its approval was \
             tested against the current fixtures (their hashes are in the approval record), \
             so create a new version and change the fixtures there",
            v.version,
            v.status.as_str()
        )));
    }
    Ok(v)
}

fn get(conn: &Connection, measure: MeasureId, name: &str) -> Result<Option<Fixture>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM measure_test_fixtures WHERE measure_id = ?1 AND name = ?2"
            ),
            params![measure, name],
            from_row,
        )
        .optional()?)
}

fn audit(tx: &Connection, v: &MeasureVersion, who: &str, c: &FixtureChange) -> Result<()> {
    record(
        tx,
        Ev::MeasureUpdated,
        EntityType::Measure,
        v.measure_id,
        who,
        Some(v.id),
        json!({
            "fixtureAction": c.action.as_str(), "fixture": c.name,
            "previousName": c.previous_name, "sha256": c.sha256,
            "previousSha256": c.previous_sha256, "version": v.version,
        }),
    )
}

/// Adds a fixture to the measure of the DRAFT `version`, audited.
///
/// # Errors
/// [`Error::Gate`] when the version is not a DRAFT; [`Error::Invalid`] naming the field for
/// a fixture that breaks [`check_fixture`], or when the measure already has a fixture of that
/// name (edit that one instead).
pub fn add(
    conn: &mut Connection,
    version: MeasureVersionId,
    f: &FixtureFile,
) -> Result<FixtureChange> {
    check_fixture(f)?;
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let v = draft(tx, version)?;
        if get(tx, v.measure_id, &f.name)?.is_some() {
            return Err(Error::invalid(format!(
                "name: the measure already has a fixture named {:?}: edit it, or choose another \
                 name",
                f.name
            )));
        }
        upsert(tx, v.measure_id, f, &who)?;
        let change = FixtureChange {
            action: FixtureAction::Added,
            name: f.name.clone(),
            previous_name: None,
            sha256: Some(fixture_sha256(f)),
            previous_sha256: None,
            changed: true,
            version_id: v.id,
            version: v.version.clone(),
        };
        audit(tx, &v, &who, &change)?;
        Ok(change)
    })
}

/// Replaces the fixture named `name` with `f` (which may carry a new name), audited with the
/// content hash before and after. An edit that changes nothing writes no event.
///
/// # Errors
/// As [`add`]; [`Error::NotFound`] when the measure has no fixture named `name`;
/// [`Error::Invalid`] when the new name is another fixture's.
pub fn edit(
    conn: &mut Connection,
    version: MeasureVersionId,
    name: &str,
    f: &FixtureFile,
) -> Result<FixtureChange> {
    check_fixture(f)?;
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let v = draft(tx, version)?;
        let old = get(tx, v.measure_id, name)?
            .ok_or_else(|| Error::NotFound(format!("fixture {name:?} of this measure")))?;
        let renamed = old.file.name != f.name;
        if renamed {
            if get(tx, v.measure_id, &f.name)?.is_some() {
                return Err(Error::invalid(format!(
                    "name: the measure already has a fixture named {:?}",
                    f.name
                )));
            }
            tx.execute(
                "UPDATE measure_test_fixtures SET name = ?2 WHERE id = ?1",
                params![old.id, f.name],
            )?;
        }
        upsert(tx, v.measure_id, f, &who)?;
        let before = fixture_sha256(&old.file);
        let after = fixture_sha256(f);
        let change = FixtureChange {
            action: FixtureAction::Edited,
            name: f.name.clone(),
            previous_name: renamed.then(|| old.file.name.clone()),
            changed: before != after,
            sha256: Some(after),
            previous_sha256: Some(before),
            version_id: v.id,
            version: v.version.clone(),
        };
        if change.changed {
            audit(tx, &v, &who, &change)?;
        }
        Ok(change)
    })
}

/// Removes the fixture named `name` from the measure of the DRAFT `version`, audited with
/// the removed content's hash.
///
/// # Errors
/// [`Error::Gate`] when the version is not a DRAFT; [`Error::NotFound`] for an unknown name.
pub fn remove(
    conn: &mut Connection,
    version: MeasureVersionId,
    name: &str,
) -> Result<FixtureChange> {
    ww_store::with_tx(conn, |tx| {
        let who = actor(tx)?;
        let v = draft(tx, version)?;
        let old = get(tx, v.measure_id, name)?
            .ok_or_else(|| Error::NotFound(format!("fixture {name:?} of this measure")))?;
        tx.execute("DELETE FROM measure_test_fixtures WHERE id = ?1", [&old.id])?;
        let change = FixtureChange {
            action: FixtureAction::Removed,
            name: old.file.name.clone(),
            previous_name: None,
            sha256: None,
            previous_sha256: Some(fixture_sha256(&old.file)),
            changed: true,
            version_id: v.id,
            version: v.version.clone(),
        };
        audit(tx, &v, &who, &change)?;
        Ok(change)
    })
}
