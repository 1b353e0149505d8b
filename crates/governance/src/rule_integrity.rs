//! Whether each approved measure version still holds the rule that was approved (QA finding
//! G12): its CQL text and spec are hashed at approval (migration V33 columns and the
//! MEASURE_VERSION_APPROVED event's `cqlSha256` / `specSha256`), and [`verify_rules`] compares
//! the current text against both. Runs refuse a drifted version themselves
//! (`ww_store::measures::check_approved_rule`); this is the report for `measures verify`.

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
}

/// The hashes in the newest MEASURE_VERSION_APPROVED event of the version, if it has them.
fn ledger_hashes(
    conn: &Connection,
    id: ww_store::ids::MeasureVersionId,
) -> Result<Option<RuleHashes>> {
    let payload: Option<String> = conn
        .query_row(
            "SELECT payload_json FROM audit_events WHERE event_type = 'MEASURE_VERSION_APPROVED' \
             AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(v) = payload.and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok()) else {
        return Ok(None);
    };
    let get = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    Ok(match (get("cqlSha256"), get("specSha256")) {
        (Some(cql_sha256), Some(spec_sha256)) => Some(RuleHashes {
            cql_sha256,
            spec_sha256,
        }),
        _ => None,
    })
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
        for v in store::list_versions(conn, measure.id)? {
            if v.status == MeasureVersionStatus::Draft {
                continue;
            }
            let current = RuleHashes::of(&v);
            let column = store::approved_hashes(conn, v.id)?;
            let ledger = ledger_hashes(conn, v.id)?;
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
            });
        }
    }
    Ok(out)
}
