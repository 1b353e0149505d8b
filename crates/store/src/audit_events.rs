//! `audit_events`: the append-only, hash-chained audit ledger (DOMAIN.md section 7, issue 5).
//!
//! The database refuses UPDATE and DELETE (triggers) and refuses an INSERT whose `prev_hash`
//! is not the hash of the latest event. Each event's `hash` is [`event_hash`]: SHA-256 over
//! [`canonical_bytes`] of its content *including* `prev_hash`, so editing, deleting or
//! reordering a row breaks the chain at that row. Write events only with [`append`], inside the
//! same [`crate::with_tx`] transaction as the change they record.

use crate::enums::{AuditEventType, EntityType};
use crate::ids::{CaseId, MeasureVersionId, RunId};
use crate::sqlutil::to_json_text;
use crate::time::now_ts;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEvent {
    /// What happened.
    pub event_type: AuditEventType,
    /// What kind of thing it happened to.
    pub entity_type: EntityType,
    /// Its id (UUID text, or a key such as `fhir` for integrations).
    pub entity_id: Option<String>,
    /// Who did it (user name from settings, or `SYSTEM`).
    pub actor: Option<String>,
    /// Related run.
    pub ref_run_id: Option<RunId>,
    /// Related case.
    pub ref_case_id: Option<CaseId>,
    /// Related measure version.
    pub ref_measure_version_id: Option<MeasureVersionId>,
    /// Details (before/after values, counts, ...).
    pub payload: Option<Value>,
}

impl NewAuditEvent {
    /// An event about `entity_type` / `entity_id` by `actor`, without references or payload.
    pub fn new(
        event_type: AuditEventType,
        entity_type: EntityType,
        entity_id: Option<String>,
        actor: &str,
    ) -> Self {
        NewAuditEvent {
            event_type,
            entity_type,
            entity_id,
            actor: Some(actor.to_owned()),
            ref_run_id: None,
            ref_case_id: None,
            ref_measure_version_id: None,
            payload: None,
        }
    }

    /// Sets the related run.
    pub fn run(mut self, id: RunId) -> Self {
        self.ref_run_id = Some(id);
        self
    }

    /// Sets the related case.
    pub fn case(mut self, id: CaseId) -> Self {
        self.ref_case_id = Some(id);
        self
    }

    /// Sets the related measure version.
    pub fn measure_version(mut self, id: MeasureVersionId) -> Self {
        self.ref_measure_version_id = Some(id);
        self
    }

    /// Sets the payload.
    pub fn payload(mut self, payload: Value) -> Self {
        self.payload = Some(payload);
        self
    }
}

/// One stored event, every column as the text the database holds (so a tampered row can
/// still be read and checked).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEvent {
    /// Sequence number.
    pub id: i64,
    /// Event type text.
    pub event_type: String,
    /// Entity type text.
    pub entity_type: String,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Actor.
    pub actor: Option<String>,
    /// Related run id text.
    pub ref_run_id: Option<String>,
    /// Related case id text.
    pub ref_case_id: Option<String>,
    /// Related measure version id text.
    pub ref_measure_version_id: Option<String>,
    /// Payload JSON text exactly as stored.
    pub payload_json: Option<String>,
    /// Time.
    pub occurred_at: String,
    /// Previous event's hash (None for the first event).
    pub prev_hash: Option<String>,
    /// This event's hash.
    pub hash: String,
}

impl AuditEvent {
    /// The hash this row should carry given its content and `prev_hash`.
    pub fn expected_hash(&self) -> String {
        event_hash(&self.content(), self.prev_hash.as_deref())
    }

    /// The hashed content of this row.
    pub fn content(&self) -> EventContent<'_> {
        EventContent {
            event_type: &self.event_type,
            entity_type: &self.entity_type,
            entity_id: self.entity_id.as_deref(),
            actor: self.actor.as_deref(),
            ref_run_id: self.ref_run_id.as_deref(),
            ref_case_id: self.ref_case_id.as_deref(),
            ref_measure_version_id: self.ref_measure_version_id.as_deref(),
            payload_json: self.payload_json.as_deref(),
            occurred_at: &self.occurred_at,
        }
    }
}

/// The hashed columns of an event, as stored text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventContent<'a> {
    /// `event_type`.
    pub event_type: &'a str,
    /// `entity_type`.
    pub entity_type: &'a str,
    /// `entity_id`.
    pub entity_id: Option<&'a str>,
    /// `actor`.
    pub actor: Option<&'a str>,
    /// `ref_run_id`.
    pub ref_run_id: Option<&'a str>,
    /// `ref_case_id`.
    pub ref_case_id: Option<&'a str>,
    /// `ref_measure_version_id`.
    pub ref_measure_version_id: Option<&'a str>,
    /// `payload_json`, byte for byte as stored.
    pub payload_json: Option<&'a str>,
    /// `occurred_at`.
    pub occurred_at: &'a str,
}

/// Version tag at the start of the canonical form; a new form would get a new tag.
pub const CANONICAL_TAG: &str = "workwell-audit-v1";

/// The canonical bytes an event's hash covers: the compact JSON array
/// `["workwell-audit-v1", event_type, entity_type, entity_id, actor, ref_run_id, ref_case_id,
/// ref_measure_version_id, payload_json, occurred_at, prev_hash]` where absent values are
/// JSON `null` and every other value is a JSON string of the stored text (the payload is the
/// stored JSON text as a string, not re-parsed). JSON string escaping makes the encoding
/// unambiguous.
pub fn canonical_bytes(c: &EventContent<'_>, prev_hash: Option<&str>) -> Vec<u8> {
    let fields: [Option<&str>; 11] = [
        Some(CANONICAL_TAG),
        Some(c.event_type),
        Some(c.entity_type),
        c.entity_id,
        c.actor,
        c.ref_run_id,
        c.ref_case_id,
        c.ref_measure_version_id,
        c.payload_json,
        Some(c.occurred_at),
        prev_hash,
    ];
    serde_json::to_vec(&fields).expect("an array of strings always serialises")
}

/// SHA-256 (lowercase hex) of [`canonical_bytes`].
pub fn event_hash(c: &EventContent<'_>, prev_hash: Option<&str>) -> String {
    hex::encode(Sha256::digest(canonical_bytes(c, prev_hash)))
}

/// SHA-256 of `bytes` as 64 lowercase hex digits: the hash the ledger uses, also for the
/// evidence its events record about outside input (e.g. the SHA-256 of an imported file).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Appends an event at the current time, chained to the latest one. Returns its id and hash.
/// Call inside the transaction of the change the event records.
///
/// # Errors
/// [`crate::Error::Sqlite`] (e.g. the chain trigger when another writer appended in between,
/// which cannot happen inside a [`crate::with_tx`] transaction).
pub fn append(conn: &Connection, e: &NewAuditEvent) -> Result<(i64, String)> {
    let prev: Option<String> = conn
        .prepare_cached("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let occurred_at = now_ts();
    let payload = e
        .payload
        .as_ref()
        .map(|p| to_json_text("audit_events.payload_json", p))
        .transpose()?;
    let entity_id = e.entity_id.clone();
    let run = e.ref_run_id.map(|i| i.to_string());
    let case = e.ref_case_id.map(|i| i.to_string());
    let mv = e.ref_measure_version_id.map(|i| i.to_string());
    let content = EventContent {
        event_type: e.event_type.as_str(),
        entity_type: e.entity_type.as_str(),
        entity_id: entity_id.as_deref(),
        actor: e.actor.as_deref(),
        ref_run_id: run.as_deref(),
        ref_case_id: case.as_deref(),
        ref_measure_version_id: mv.as_deref(),
        payload_json: payload.as_deref(),
        occurred_at: &occurred_at,
    };
    let hash = event_hash(&content, prev.as_deref());
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit_events (event_type, entity_type, entity_id, actor, ref_run_id, ref_case_id, \
         ref_measure_version_id, payload_json, occurred_at, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    stmt.execute(params![
        content.event_type,
        content.entity_type,
        content.entity_id,
        content.actor,
        content.ref_run_id,
        content.ref_case_id,
        content.ref_measure_version_id,
        content.payload_json,
        content.occurred_at,
        prev,
        hash
    ])?;
    Ok((conn.last_insert_rowid(), hash))
}

const COLUMNS: &str = "id, event_type, entity_type, entity_id, actor, ref_run_id, ref_case_id, \
    ref_measure_version_id, payload_json, occurred_at, prev_hash, hash";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AuditEvent> {
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

/// Calls `f` for every event in id order, streaming (bounded memory for any ledger size).
/// Stops at the first error `f` returns.
///
/// # Errors
/// [`crate::Error::Sqlite`] or `f`'s error.
pub fn for_each<E>(
    conn: &Connection,
    mut f: impl FnMut(AuditEvent) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    E: From<crate::Error>,
{
    let mut stmt = conn
        .prepare(&format!("SELECT {COLUMNS} FROM audit_events ORDER BY id"))
        .map_err(crate::Error::from)?;
    let mut rows = stmt.query([]).map_err(crate::Error::from)?;
    while let Some(row) = rows.next().map_err(crate::Error::from)? {
        f(from_row(row).map_err(crate::Error::from)?)?;
    }
    Ok(())
}

/// The events about one case (as `ref_case_id` or as entity), in order.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list_for_case(conn: &Connection, case_id: CaseId) -> Result<Vec<AuditEvent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_events WHERE ref_case_id = ?1 \
         OR (entity_type = 'CASE' AND entity_id = ?1) ORDER BY id"
    ))?;
    let rows = stmt.query_map([case_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The events about one run, in order.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list_for_run(conn: &Connection, run_id: RunId) -> Result<Vec<AuditEvent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_events WHERE ref_run_id = ?1 \
         OR (entity_type = 'RUN' AND entity_id = ?1) ORDER BY id"
    ))?;
    let rows = stmt.query_map([run_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest `limit` events, newest first.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn list_recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEvent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_events ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
