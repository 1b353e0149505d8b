//! `cases` rows checked against their ledger history (QA G12).
//!
//! Outcomes, case actions and the delivery log are append-only in the database (V35), but a
//! case is working state and must stay updatable. What protects it is the ledger: every
//! change of a case's status, priority, assignee or measure version writes a CASE audit event
//! in the same transaction, and the hash chain protects those events. [`verify_cases`]
//! replays the case events in ledger order and compares each case's last recorded state with
//! its row, so an `UPDATE cases ...` made outside the application is reported.
//!
//! What each event records (all since the first release, so every ledger can be checked):
//!
//! | field | taken from | written by |
//! |---|---|---|
//! | status | `statusAfter` | case actions, outreach, rerun (ww-casework) |
//! | status | `toStatus` | runs: created, updated, reopened, resolved, excluded, cycle and population closures (ww-core); supersession and retirement (ww-governance) |
//! | priority | `priorityAfter` | case actions (ww-casework) |
//! | priority | `priority` | runs (ww-core), after the change |
//! | assignee | `details.assignee` of CASE_ASSIGNED; none when the case is created | ww-casework, ww-core |
//! | measure version | `ref_measure_version_id` of every case event | all writers |
//!
//! The other writers leave these fields as they were, and their events say so by omission:
//! a cycle or population closure, a retirement and a supersession change the status only; a
//! carry-over to a new version changes the measure version only.

use crate::Result;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// A case field the ledger records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseField {
    /// `cases.status`.
    Status,
    /// `cases.priority`.
    Priority,
    /// `cases.assignee`.
    Assignee,
    /// `cases.measure_version_id`.
    MeasureVersion,
    /// The case row itself: a row with no creation event, or events with no row.
    Row,
}

impl CaseField {
    /// Lower-case name for messages (`status`, `priority`, `assignee`, `measure version`,
    /// `row`).
    pub fn as_str(self) -> &'static str {
        match self {
            CaseField::Status => "status",
            CaseField::Priority => "priority",
            CaseField::Assignee => "assignee",
            CaseField::MeasureVersion => "measure version",
            CaseField::Row => "row",
        }
    }
}

/// One case whose row disagrees with its ledger history in one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseDiscrepancy {
    /// The case id.
    pub case_id: String,
    /// Which field disagrees.
    pub field: CaseField,
    /// The value in the `cases` row (`(none)` for an empty assignee, `(no row)` when the row
    /// is missing).
    pub row_value: String,
    /// The value the case's last event recorded (`(none)` for no assignee, `(no event)`
    /// when the ledger has no creation event for the case).
    pub ledger_value: String,
    /// Id of the case's last ledger event, if it has one.
    pub last_event_id: Option<i64>,
}

impl std::fmt::Display for CaseDiscrepancy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "case {} {}: the row says {}, the ledger says {}",
            self.case_id,
            self.field.as_str(),
            self.row_value,
            self.ledger_value
        )?;
        if let Some(id) = self.last_event_id {
            write!(f, " (last case event #{id})")?;
        }
        Ok(())
    }
}

/// What [`verify_cases`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseLedgerReport {
    /// Case rows compared.
    pub cases_checked: u64,
    /// CASE events replayed.
    pub events_replayed: u64,
    /// Every disagreement, by case id then field.
    pub discrepancies: Vec<CaseDiscrepancy>,
}

impl CaseLedgerReport {
    /// True when every case row matches its ledger history.
    pub fn is_consistent(&self) -> bool {
        self.discrepancies.is_empty()
    }
}

/// A case's state as its events record it.
#[derive(Debug, Default)]
struct LedgerCase {
    created: bool,
    status: Option<String>,
    priority: Option<String>,
    /// `None` = not known from the events (no creation event seen).
    assignee: Option<Option<String>>,
    measure_version: Option<String>,
    last_event_id: i64,
}

const NONE: &str = "(none)";

/// Replays every CASE event of the ledger and compares each case row's status, priority,
/// assignee and measure version with the state its last event recorded (see the module
/// docs). Also reported: a case row with no creation event (CASE_CREATED or CASE_EXCLUDED
/// of a new case), which the application never writes, and a case the ledger knows whose row
/// is gone (cases are never deleted).
///
/// Memory grows with the number of cases (one small entry each), not with the ledger.
///
/// Errors: database errors.
pub fn verify_cases(conn: &Connection) -> Result<CaseLedgerReport> {
    let mut ledger: HashMap<String, LedgerCase> = HashMap::new();
    let mut report = CaseLedgerReport::default();
    let mut stmt = conn.prepare(
        "SELECT id, event_type, entity_id, ref_measure_version_id, \
           coalesce(json_extract(payload_json, '$.statusAfter'), \
                    json_extract(payload_json, '$.toStatus')), \
           coalesce(json_extract(payload_json, '$.priorityAfter'), \
                    json_extract(payload_json, '$.priority')), \
           json_type(payload_json, '$.details.assignee'), \
           json_extract(payload_json, '$.details.assignee'), \
           json_type(payload_json, '$.fromStatus') \
         FROM audit_events WHERE entity_type = 'CASE' AND entity_id IS NOT NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let event_type: String = r.get(1)?;
        let case_id: String = r.get(2)?;
        let version: Option<String> = r.get(3)?;
        let status: Option<String> = r.get(4)?;
        let priority: Option<String> = r.get(5)?;
        let assignee_type: Option<String> = r.get(6)?;
        let assignee: Option<String> = r.get(7)?;
        let from_status_type: Option<String> = r.get(8)?;
        report.events_replayed += 1;
        let state = ledger.entry(case_id).or_default();
        // A run inserts a case with CASE_CREATED, or CASE_EXCLUDED with no previous status;
        // it is never assigned then.
        let creation = event_type == "CASE_CREATED"
            || (event_type == "CASE_EXCLUDED"
                && matches!(from_status_type.as_deref(), None | Some("null")));
        if creation && !state.created {
            state.created = true;
            state.assignee = Some(None);
        }
        if event_type == "CASE_ASSIGNED" && assignee_type.is_some() {
            state.assignee = Some(assignee);
        }
        if status.is_some() {
            state.status = status;
        }
        if priority.is_some() {
            state.priority = priority;
        }
        if version.is_some() {
            state.measure_version = version;
        }
        state.last_event_id = id;
    }
    drop(rows);

    let mut cases = conn.prepare(
        "SELECT id, status, priority, assignee, measure_version_id FROM cases ORDER BY id",
    )?;
    let mut rows = cases.query([])?;
    while let Some(r) = rows.next()? {
        let case_id: String = r.get(0)?;
        let status: String = r.get(1)?;
        let priority: String = r.get(2)?;
        let assignee: Option<String> = r.get(3)?;
        let version: String = r.get(4)?;
        report.cases_checked += 1;
        let Some(state) = ledger.remove(&case_id) else {
            report.discrepancies.push(CaseDiscrepancy {
                case_id,
                field: CaseField::Row,
                row_value: format!("{status} case"),
                ledger_value: "(no event): the ledger never recorded this case".into(),
                last_event_id: None,
            });
            continue;
        };
        let mut differs = |field: CaseField, row: String, recorded: String| {
            if row != recorded {
                report.discrepancies.push(CaseDiscrepancy {
                    case_id: case_id.clone(),
                    field,
                    row_value: row,
                    ledger_value: recorded,
                    last_event_id: Some(state.last_event_id),
                });
            }
        };
        if !state.created {
            differs(
                CaseField::Row,
                format!("{status} case"),
                "(no event): no CASE_CREATED or CASE_EXCLUDED event created it".into(),
            );
        }
        if let Some(recorded) = &state.status {
            differs(CaseField::Status, status, recorded.clone());
        }
        if let Some(recorded) = &state.priority {
            differs(CaseField::Priority, priority, recorded.clone());
        }
        if let Some(recorded) = &state.assignee {
            differs(
                CaseField::Assignee,
                assignee.unwrap_or_else(|| NONE.into()),
                recorded.clone().unwrap_or_else(|| NONE.into()),
            );
        }
        if let Some(recorded) = &state.measure_version {
            differs(CaseField::MeasureVersion, version, recorded.clone());
        }
    }
    // Cases the ledger knows whose row is gone (the application never deletes cases).
    let mut gone: Vec<(String, LedgerCase)> = ledger.into_iter().collect();
    gone.sort_by(|a, b| a.0.cmp(&b.0));
    for (case_id, state) in gone {
        report.discrepancies.push(CaseDiscrepancy {
            case_id,
            field: CaseField::Row,
            row_value: "(no row)".into(),
            ledger_value: format!("{} case", state.status.as_deref().unwrap_or("a recorded")),
            last_event_id: Some(state.last_event_id),
        });
    }
    report
        .discrepancies
        .sort_by(|a, b| a.case_id.cmp(&b.case_id));
    Ok(report)
}
