//! The audit ledger: filtered listing and hash-chain verification (DOMAIN.md section 7;
//! issue 5 item 3).
//!
//! The store writes each event with `hash = SHA-256(canonical content + prev_hash)` and
//! `prev_hash` = the previous event's hash ([`ww_store::audit_events`]). [`verify_chain`]
//! walks the ledger in id order, recomputes every hash and checks every link, and names the
//! first event that does not match:
//!
//! * an **edited** row: its stored hash differs from the hash of its content;
//! * a **deleted** row: the next row's `prev_hash` no longer matches its predecessor (and its
//!   id is missing from the sequence); the deletion of the newest rows shows as the
//!   `sqlite_sequence` counter being ahead of the last row;
//! * a **reordered** row (ids or contents swapped): the links no longer match.
//!
//! [`verify_ledger`] adds the check of every `cases` row against its ledger history
//! ([`case_ledger`], QA G12): what `workwell audit verify` runs.

use crate::{Error, Result};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use ww_store::audit_events::AuditEvent;
use ww_store::ids::{CaseId, MeasureVersionId, RunId};

pub mod case_ledger;

pub use case_ledger::{verify_cases, CaseDiscrepancy, CaseField, CaseLedgerReport};

/// Which events to list. Empty fields do not filter; times compare as stored ISO-8601 text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Event types (any of), e.g. `CASE_ASSIGNED`.
    pub event_types: Vec<String>,
    /// Entity type, e.g. `CASE`.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Events referencing this case (as `ref_case_id` or as the entity).
    pub case_id: Option<CaseId>,
    /// Events referencing this run (as `ref_run_id` or as the entity).
    pub run_id: Option<RunId>,
    /// Events referencing this measure version.
    pub measure_version_id: Option<MeasureVersionId>,
    /// Actor (exact).
    pub actor: Option<String>,
    /// `occurred_at >= since`.
    pub since: Option<String>,
    /// `occurred_at < until`.
    pub until: Option<String>,
}

const COLUMNS: &str = "a.id, a.event_type, a.entity_type, a.entity_id, a.actor, a.ref_run_id, \
    a.ref_case_id, a.ref_measure_version_id, a.payload_json, a.occurred_at, a.prev_hash, a.hash";

pub(crate) fn event_from_row(r: &Row<'_>) -> rusqlite::Result<AuditEvent> {
    Ok(AuditEvent {
        id: r.get(0)?,
        event_type: r.get(1)?,
        entity_type: r.get(2)?,
        entity_id: r.get(3)?,
        actor: r.get(4)?,
        ref_run_id: r.get(5)?,
        ref_case_id: r.get(6)?,
        ref_measure_version_id: r.get(7)?,
        payload_json: r.get(8)?,
        occurred_at: r.get(9)?,
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

/// The WHERE clause (alias `a`) and parameters for `filter`.
pub(crate) fn where_clause(filter: &AuditFilter) -> (String, Vec<SqlValue>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    let mut text = |clause: &str, value: String, clauses: &mut Vec<String>| {
        clauses.push(clause.to_string());
        params.push(SqlValue::Text(value));
    };
    if !filter.event_types.is_empty() {
        text(
            "a.event_type IN (SELECT value FROM json_each(?#))",
            serde_json::to_string(&filter.event_types).unwrap_or_else(|_| "[]".into()),
            &mut clauses,
        );
    }
    if let Some(t) = &filter.entity_type {
        text("a.entity_type = ?#", t.clone(), &mut clauses);
    }
    if let Some(id) = &filter.entity_id {
        text("a.entity_id = ?#", id.clone(), &mut clauses);
    }
    if let Some(c) = filter.case_id {
        text(
            "(a.ref_case_id = ?# OR (a.entity_type = 'CASE' AND a.entity_id = ?#))",
            c.to_string(),
            &mut clauses,
        );
    }
    if let Some(r) = filter.run_id {
        text(
            "(a.ref_run_id = ?# OR (a.entity_type = 'RUN' AND a.entity_id = ?#))",
            r.to_string(),
            &mut clauses,
        );
    }
    if let Some(v) = filter.measure_version_id {
        text(
            "(a.ref_measure_version_id = ?# OR (a.entity_type = 'MEASURE_VERSION' AND a.entity_id = ?#))",
            v.to_string(),
            &mut clauses,
        );
    }
    if let Some(actor) = &filter.actor {
        text("a.actor = ?#", actor.clone(), &mut clauses);
    }
    if let Some(since) = &filter.since {
        text("a.occurred_at >= ?#", since.clone(), &mut clauses);
    }
    if let Some(until) = &filter.until {
        text("a.occurred_at < ?#", until.clone(), &mut clauses);
    }
    // Each clause writes its one value as `?#` (possibly twice); number them in order so
    // the placeholders line up with the values pushed above.
    let mut sql = String::new();
    for (i, clause) in clauses.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        sql.push_str(&clause.replace("?#", &format!("?{}", i + 1)));
    }
    (sql, params)
}

/// Events matching `filter`, newest first, `limit` of them after skipping `offset`.
pub fn list_events(
    conn: &Connection,
    filter: &AuditFilter,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEvent>> {
    let (where_sql, params) = where_clause(filter);
    let n = params.len();
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_events a{where_sql} ORDER BY a.id DESC LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    );
    let mut all = params;
    all.push(SqlValue::Integer(i64::from(limit)));
    all.push(SqlValue::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(all.iter()), event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first event of the chain that does not match, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainBreak {
    /// Id of the first event that does not verify (for a deletion at the end: the id the
    /// sequence says should come next).
    pub event_id: i64,
    /// What did not match, in a sentence.
    pub reason: String,
}

/// Result of walking the whole ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainReport {
    /// Events checked before the walk stopped (all of them when intact).
    pub checked: u64,
    /// Hash of the newest event (the ledger's head) when intact.
    pub head_hash: Option<String>,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
}

impl ChainReport {
    /// True when every event verified.
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }

    /// `Err(Error::LedgerBroken)` naming the first bad event, `Ok(())` when intact.
    pub fn into_result(self) -> Result<()> {
        match self.first_break {
            None => Ok(()),
            Some(b) => Err(Error::LedgerBroken {
                event_id: b.event_id,
                reason: b.reason,
            }),
        }
    }
}

/// Walks the ledger in id order (streaming, bounded memory) and verifies every hash and link.
pub fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_events a ORDER BY a.id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut checked = 0u64;
    let mut previous: Option<(i64, String)> = None;
    while let Some(row) = rows.next()? {
        let event = event_from_row(row)?;
        if let Some(reason) = check_link(&event, previous.as_ref()) {
            return Ok(ChainReport {
                checked,
                head_hash: None,
                first_break: Some(ChainBreak {
                    event_id: event.id,
                    reason,
                }),
            });
        }
        let expected = event.expected_hash();
        if expected != event.hash {
            return Ok(ChainReport {
                checked,
                head_hash: None,
                first_break: Some(ChainBreak {
                    event_id: event.id,
                    reason: format!(
                        "event {} ({}) was changed: its content hashes to {} but it stores {}",
                        event.id, event.event_type, expected, event.hash
                    ),
                }),
            });
        }
        checked += 1;
        previous = Some((event.id, event.hash));
    }
    // Rows deleted from the end leave no successor to notice; the AUTOINCREMENT counter
    // (which DELETE does not lower) still remembers them.
    let sequence: Option<i64> = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let last_id = previous.as_ref().map(|(id, _)| *id).unwrap_or(0);
    if let Some(seq) = sequence {
        if seq > last_id {
            return Ok(ChainReport {
                checked,
                head_hash: None,
                first_break: Some(ChainBreak {
                    event_id: last_id + 1,
                    reason: missing_tail(last_id, seq),
                }),
            });
        }
    }
    Ok(ChainReport {
        checked,
        head_hash: previous.map(|(_, h)| h),
        first_break: None,
    })
}

/// What `workwell audit verify` checks: the hash chain and the case rows against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerVerification {
    /// The hash chain ([`verify_chain`]).
    pub chain: ChainReport,
    /// The case rows against their ledger history ([`verify_cases`]).
    pub cases: CaseLedgerReport,
}

impl LedgerVerification {
    /// True when the chain is intact and every case row matches its history.
    pub fn is_intact(&self) -> bool {
        self.chain.is_intact() && self.cases.is_consistent()
    }
}

/// [`verify_chain`] and [`verify_cases`] in one read. The case check runs even when the
/// chain is broken (it then compares against events that may themselves be forged, so the
/// chain break is what to look at first).
///
/// Errors: database errors.
pub fn verify_ledger(conn: &Connection) -> Result<LedgerVerification> {
    Ok(LedgerVerification {
        chain: verify_chain(conn)?,
        cases: verify_cases(conn)?,
    })
}

/// Checks `event`'s link to the event before it; `Some(reason)` when broken.
fn check_link(event: &AuditEvent, previous: Option<&(i64, String)>) -> Option<String> {
    match (previous, event.prev_hash.as_deref()) {
        (None, None) => (event.id != 1).then(|| {
            let gone = deleted_ids(1, event.id - 1);
            format!(
                "event {} is the first event left: {gone} (the oldest)",
                event.id
            )
        }),
        (None, Some(_)) if event.id > 1 => Some(format!(
            "event {} is the first event left but links to an earlier one: {} (the oldest)",
            event.id,
            deleted_ids(1, event.id - 1)
        )),
        (None, Some(_)) => Some(format!(
            "event {} links to a previous event but none precedes it: the chain was rewritten",
            event.id
        )),
        (Some((prev_id, _)), None) => Some(format!(
            "event {} has no previous hash although event {prev_id} precedes it",
            event.id
        )),
        (Some((prev_id, prev_hash)), Some(link)) => {
            if link == prev_hash {
                None
            } else if event.id > prev_id + 1 {
                Some(format!(
                    "event {} does not link to event {prev_id}: {}",
                    event.id,
                    deleted_ids(prev_id + 1, event.id - 1)
                ))
            } else {
                Some(format!(
                    "event {} does not link to event {prev_id}: the chain was reordered or rewritten",
                    event.id
                ))
            }
        }
    }
}

/// "event 60 was deleted" or "events 60-62 were deleted" (`first..=last`, both included).
fn deleted_ids(first: i64, last: i64) -> String {
    if first == last {
        format!("event {first} was deleted")
    } else {
        format!("events {first}-{last} were deleted")
    }
}

/// The newest events `last_id + 1 ..= seq` are gone: the AUTOINCREMENT counter says they were
/// written, no row is left after `last_id`.
fn missing_tail(last_id: i64, seq: i64) -> String {
    let count = seq - last_id;
    let gone = deleted_ids(last_id + 1, seq);
    match (last_id, count) {
        (0, _) => format!("every event is missing: {gone}"),
        (_, 1) => format!("the newest event after {last_id} is missing: {gone}"),
        _ => format!("the newest {count} events after {last_id} are missing: {gone}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// QA G10: deleting row 60 alone was reported as "events 60..61 were deleted" (Rust's
    /// exclusive range) and the newest row as "events 212..=212 are missing".
    #[test]
    fn deleted_ranges_are_exact_and_plain() {
        assert_eq!(deleted_ids(60, 60), "event 60 was deleted");
        assert_eq!(deleted_ids(60, 62), "events 60-62 were deleted");
        assert_eq!(
            missing_tail(211, 212),
            "the newest event after 211 is missing: event 212 was deleted"
        );
        assert_eq!(
            missing_tail(211, 214),
            "the newest 3 events after 211 are missing: events 212-214 were deleted"
        );
        assert_eq!(
            missing_tail(0, 2),
            "every event is missing: events 1-2 were deleted"
        );
    }
}
