//! Whether each approved measure version still holds the rule that was approved (QA finding
//! G12): its CQL text and spec are hashed at approval (migration V33 columns and the
//! MEASURE_VERSION_APPROVED event's `cqlSha256` / `specSha256`), and [`verify_rules`] compares
//! the current text against both. Runs refuse a drifted version themselves
//! (`ww_store::measures::check_approved_rule`); this is the report for `measures verify`.
//!
//! The same report compares the fixtures each approval ran (the event's `fixtures.items`:
//! name and content SHA-256 each, QA G10) with the measure's fixtures now, naming those added,
//! edited or removed since. A fixture change is not a rule drift (fixtures change while a new
//! version is drafted, [`crate::fixture_edit`]), so it is reported, not refused.

use crate::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ww_store::enums::MeasureVersionStatus;
use ww_store::measures::{self as store, RuleHashes};

/// The verdict for one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleState {
    /// The CQL and spec hash to what was approved.
    Ok,
    /// The CQL or spec (or the recorded hash) changed after approval.
    Drift,
    /// No hash was recorded (approved before migration V33).
    Unrecorded,
}

impl RuleState {
    /// `OK`, `DRIFT` or `UNRECORDED`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleState::Ok => "OK",
            RuleState::Drift => "DRIFT",
            RuleState::Unrecorded => "UNRECORDED",
        }
    }
}

/// Whether the fixtures an approval was tested against are still the measure's fixtures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FixtureState {
    /// Same names, same content hashes.
    Same,
    /// A fixture was added, edited or removed since the approval (normal while a new version
    /// is drafted; the detail names them).
    Changed,
    /// The approval recorded no fixture hashes (approved before they were recorded).
    Unrecorded,
}

impl FixtureState {
    /// `SAME`, `CHANGED` or `UNRECORDED`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixtureState::Same => "SAME",
            FixtureState::Changed => "CHANGED",
            FixtureState::Unrecorded => "UNRECORDED",
        }
    }
}

/// One approved (APPROVED, ACTIVE or DEPRECATED) version checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCheck {
    /// The measure's name.
    pub measure_name: String,
    /// The version row.
    pub version_id: ww_store::ids::MeasureVersionId,
    /// Its label.
    pub version: String,
    /// Its status.
    pub status: MeasureVersionStatus,
    /// The verdict.
    pub state: RuleState,
    /// The hashes of the rule as stored now.
    pub current: RuleHashes,
    /// The hashes recorded at approval (column, else the approval event), if any.
    pub approved: Option<RuleHashes>,
    /// What differs, in words (empty when OK).
    pub detail: String,
    /// The measure's fixtures now against those the approval ran.
    pub fixtures: FixtureState,
    /// Which fixtures were added, edited or removed since the approval (empty when SAME).
    pub fixtures_detail: String,
}

/// The payload of the newest MEASURE_VERSION_APPROVED event of the version.
fn approval_payload(
    conn: &Connection,
    id: ww_store::ids::MeasureVersionId,
) -> Result<Option<serde_json::Value>> {
    let payload: Option<String> = conn
        .query_row(
            "SELECT payload_json FROM audit_events WHERE event_type = 'MEASURE_VERSION_APPROVED' \
             AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(payload.and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok()))
}

/// The hashes in the newest MEASURE_VERSION_APPROVED event of the version, if it has them.
fn ledger_hashes(payload: Option<&serde_json::Value>) -> Option<RuleHashes> {
    let v = payload?;
    let get = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    match (get("cqlSha256"), get("specSha256")) {
        (Some(cql_sha256), Some(spec_sha256)) => Some(RuleHashes {
            cql_sha256,
            spec_sha256,
        }),
        _ => None,
    }
}

/// Compares the fixtures recorded in an approval payload (`fixtures.items`: name and
/// sha256 each) with `now` (name, content hash), naming what was added, edited or removed.
pub fn compare_fixtures(
    payload: Option<&serde_json::Value>,
    now: &[(String, String)],
) -> (FixtureState, String) {
    let Some(items) = payload
        .and_then(|p| p.pointer("/fixtures/items"))
        .and_then(|i| i.as_array())
    else {
        return (
            FixtureState::Unrecorded,
            "the approval recorded fixture counts only (approved before fixture hashes were \
             recorded)"
                .to_owned(),
        );
    };
    let then: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            let get = |k: &str| i.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
            (get("name"), get("sha256"))
        })
        .collect();
    let find = |list: &[(String, String)], name: &str| {
        list.iter().find(|(n, _)| n == name).map(|(_, h)| h.clone())
    };
    let mut parts = Vec::new();
    let mut names = |what: &str, list: Vec<&str>| {
        if !list.is_empty() {
            parts.push(format!("{what}: {}", list.join(", ")));
        }
    };
    names(
        "edited",
        then.iter()
            .filter(|(n, h)| find(now, n.as_str()).is_some_and(|x| &x != h))
            .map(|(n, _)| n.as_str())
            .collect(),
    );
    names(
        "removed",
        then.iter()
            .filter(|(n, _)| find(now, n.as_str()).is_none())
            .map(|(n, _)| n.as_str())
            .collect(),
    );
    names(
        "added",
        now.iter()
            .filter(|(n, _)| find(&then, n.as_str()).is_none())
            .map(|(n, _)| n.as_str())
            .collect(),
    );
    if parts.is_empty() {
        (FixtureState::Same, String::new())
    } else {
        (
            FixtureState::Changed,
            format!("fixtures changed since approval ({})", parts.join("; ")),
        )
    }
}

fn differences(approved: &RuleHashes, current: &RuleHashes, what: &str) -> Vec<String> {
    let mut out = Vec::new();
    if approved.cql_sha256 != current.cql_sha256 {
        out.push(format!(
            "CQL changed since approval ({what} {}, now {})",
            approved.cql_sha256, current.cql_sha256
        ));
    }
    if approved.spec_sha256 != current.spec_sha256 {
        out.push(format!(
            "spec changed since approval ({what} {}, now {})",
            approved.spec_sha256, current.spec_sha256
        ));
    }
    out
}

/// Checks every approved version of every measure, by measure name and version.
///
/// # Errors
/// [`crate::Error::Db`].
pub fn verify_rules(conn: &Connection) -> Result<Vec<RuleCheck>> {
    let mut out = Vec::new();
    for measure in store::list_measures(conn)? {
        let now_fixtures: Vec<(String, String)> = crate::fixtures::list(conn, measure.id)?
            .into_iter()
            .map(|f| {
                let sha = crate::fixture_check::fixture_sha256(&f.file);
                (f.file.name, sha)
            })
            .collect();
        for v in store::list_versions(conn, measure.id)? {
            if v.status == MeasureVersionStatus::Draft {
                continue;
            }
            let current = RuleHashes::of(&v);
            let column = store::approved_hashes(conn, v.id)?;
            let payload = approval_payload(conn, v.id)?;
            let ledger = ledger_hashes(payload.as_ref());
            let (fixtures, fixtures_detail) = compare_fixtures(payload.as_ref(), &now_fixtures);
            let mut problems = Vec::new();
            if let Some(c) = &column {
                problems.extend(differences(c, &current, "approved"));
            }
            if let Some(l) = &ledger {
                if column.as_ref() != Some(l) {
                    problems.push(
                        "the recorded approval hash differs from the MEASURE_VERSION_APPROVED \
                         event in the ledger"
                            .to_owned(),
                    );
                    problems.extend(differences(l, &current, "ledger"));
                }
            }
            problems.dedup();
            let state = if !problems.is_empty() {
                RuleState::Drift
            } else if column.is_none() {
                RuleState::Unrecorded
            } else {
                RuleState::Ok
            };
            let detail = match state {
                RuleState::Unrecorded => "no approval hash was recorded (approved before \
                                          this check existed)"
                    .to_owned(),
                _ => problems.join("; "),
            };
            out.push(RuleCheck {
                measure_name: measure.name.clone(),
                version_id: v.id,
                version: v.version.clone(),
                status: v.status,
                state,
                current,
                approved: column.or(ledger),
                detail,
                fixtures,
                fixtures_detail,
            });
        }
    }
    Ok(out)
}
