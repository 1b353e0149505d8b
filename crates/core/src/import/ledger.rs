//! What an import leaves in the ledger beyond counts (QA G22): the SHA-256 of each input
//! file, and for the roster, every employee it created or changed with each changed fact
//! (old -> new), so "when and by whom did this employee leave the TB program" has an answer
//! and an import event can be tied to its source file.

use crate::Result;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;
use ww_store::audit_events::{self, sha256_hex, NewAuditEvent};
use ww_store::employees::{self, Employee};
use ww_store::enums::{AuditEventType, EntityType};
use ww_store::ids::EmployeeId;

/// An input file as the ledger records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceFile {
    /// The path as given (or as found in a folder).
    pub file: String,
    /// The absolute path (the given one when it cannot be resolved).
    pub path: String,
    /// SHA-256 of the bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

impl SourceFile {
    /// Describes `bytes`, read from `path`.
    pub fn new(path: &Path, bytes: &[u8]) -> SourceFile {
        SourceFile {
            file: path.display().to_string(),
            path: std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        }
    }

    /// Reads and describes the file at `path`; `None` when it cannot be read.
    pub fn read(path: &Path) -> Option<SourceFile> {
        std::fs::read(path).ok().map(|b| SourceFile::new(path, &b))
    }
}

/// The facts of an employee a roster row sets, in ledger terms (the supervisor by external
/// id, dates as YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmployeeFacts {
    fields: Vec<(&'static str, Value)>,
}

impl EmployeeFacts {
    /// The facts of `e`; `supervisor` names the supervisor's external id.
    fn of(e: &Employee, supervisor: Option<String>) -> EmployeeFacts {
        EmployeeFacts {
            fields: vec![
                ("externalId", json!(e.external_id)),
                ("name", json!(e.name)),
                ("role", json!(e.role)),
                ("site", json!(e.site)),
                ("supervisor", json!(supervisor)),
                (
                    "startDate",
                    json!(e.start_date.map(|d| d.format("%Y-%m-%d").to_string())),
                ),
                ("active", json!(e.active)),
                ("fhirPatientId", json!(e.fhir_patient_id)),
            ],
        }
    }

    /// `{field: value}` of every fact.
    fn all(&self) -> Map<String, Value> {
        self.fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    /// `{field: {"old": .., "new": ..}}` of the facts that differ from `old`.
    fn changes_from(&self, old: &EmployeeFacts) -> Map<String, Value> {
        self.fields
            .iter()
            .zip(&old.fields)
            .filter(|((_, new), (_, was))| new != was)
            .map(|((k, new), (_, was))| ((*k).to_owned(), json!({"old": was, "new": new})))
            .collect()
    }
}

/// How a roster row reached its employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// A new employee.
    Created,
    /// An employee found by external id.
    Updated,
    /// A FHIR placeholder found by fhir_patient_id, which took the roster's external id.
    Linked,
}

/// The employees a roster import touched, with their state before it: collected while the
/// rows are written, turned into ledger events after the last write ([`Self::record`]).
#[derive(Debug, Default)]
pub(crate) struct RosterChanges {
    rows: Vec<(u64, EmployeeId, RowKind, Option<Employee>)>,
    /// External ids employees had before the import (a link renames a placeholder).
    old_external_ids: HashMap<EmployeeId, String>,
}

/// What [`RosterChanges::record`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RecordedChanges {
    /// Existing employees (by external id) whose facts changed.
    pub updated: u64,
    /// Existing employees (by external id) whose facts did not change.
    pub unchanged: u64,
    /// EMPLOYEE_UPDATED events written.
    pub events: u64,
    /// Id of the first of them.
    pub first_event: Option<i64>,
    /// Id of the last of them.
    pub last_event: Option<i64>,
}

impl RosterChanges {
    /// Notes the row on `line`, about to be written to employee `id` (`before` = its row
    /// before the import; `None` for a new employee).
    pub(crate) fn note(
        &mut self,
        line: u64,
        id: EmployeeId,
        kind: RowKind,
        before: Option<&Employee>,
    ) {
        if let Some(b) = before {
            self.old_external_ids
                .entry(b.id)
                .or_insert_with(|| b.external_id.clone());
        }
        self.rows.push((line, id, kind, before.cloned()));
    }

    /// The supervisor's external id before the import (`before`) or now.
    fn supervisor(
        &self,
        conn: &Connection,
        id: Option<EmployeeId>,
        before: bool,
    ) -> Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        if before {
            if let Some(ext) = self.old_external_ids.get(&id) {
                return Ok(Some(ext.clone()));
            }
        }
        Ok(employees::get(conn, id)?.map(|e| e.external_id))
    }

    /// Appends one EMPLOYEE_UPDATED event (entity EMPLOYEE, the employee's id) per employee
    /// created or changed, naming the file, its SHA-256 and line, how the row matched and
    /// the facts (all of them for a new employee, `{old, new}` of each changed one
    /// otherwise). Unchanged employees get no event. Call in the import's transaction after
    /// its last write.
    pub(crate) fn record(
        &self,
        tx: &Connection,
        source: &SourceFile,
        actor: &str,
    ) -> Result<RecordedChanges> {
        let mut out = RecordedChanges::default();
        for (line, id, kind, before) in &self.rows {
            let Some(now) = employees::get(tx, *id)? else {
                continue;
            };
            let new = EmployeeFacts::of(&now, self.supervisor(tx, now.supervisor_id, false)?);
            let (change, facts) = match before {
                None => ("CREATED", Value::Object(new.all())),
                Some(b) => {
                    let old = EmployeeFacts::of(b, self.supervisor(tx, b.supervisor_id, true)?);
                    let changes = new.changes_from(&old);
                    if *kind == RowKind::Updated {
                        if changes.is_empty() {
                            out.unchanged += 1;
                            continue;
                        }
                        out.updated += 1;
                    }
                    let label = if *kind == RowKind::Linked {
                        "LINKED"
                    } else {
                        "UPDATED"
                    };
                    (label, Value::Object(changes))
                }
            };
            let (event_id, _) = audit_events::append(
                tx,
                &NewAuditEvent::new(
                    AuditEventType::EmployeeUpdated,
                    EntityType::Employee,
                    Some(id.to_string()),
                    actor,
                )
                .payload(json!({
                    "source": "ROSTER_IMPORT",
                    "change": change,
                    "externalId": now.external_id,
                    "file": source.path,
                    "sha256": source.sha256,
                    "line": line,
                    "fields": facts,
                })),
            )?;
            out.events += 1;
            out.first_event.get_or_insert(event_id);
            out.last_event = Some(event_id);
        }
        Ok(out)
    }
}

/// The input files behind `origins` (file names in first-seen order, as the FHIR reader
/// reports them), each with its SHA-256 and the number of resources read from it. The files
/// are read again to hash them, right after they were parsed.
pub(crate) fn fhir_sources<'a>(origins: impl Iterator<Item = &'a str>) -> Vec<Value> {
    let mut order: Vec<&str> = Vec::new();
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for file in origins {
        let n = counts.entry(file).or_insert(0);
        if *n == 0 {
            order.push(file);
        }
        *n += 1;
    }
    order
        .into_iter()
        .map(|file| {
            let resources = counts[file];
            match SourceFile::read(Path::new(file)) {
                Some(s) => json!({
                    "file": s.file, "path": s.path, "sha256": s.sha256, "bytes": s.bytes,
                    "resources": resources,
                }),
                None => json!({
                    "file": file, "sha256": null, "resources": resources,
                    "error": "the file could not be read again to hash it",
                }),
            }
        })
        .collect()
}
