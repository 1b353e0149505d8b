//! `workwell import employees FILE.csv` (issue 4 item 2, integration `hris`).
//!
//! Header: `external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active`.
//! Rows upsert by external_id. A row whose fhir_patient_id is linked to a placeholder employee
//! made by the FHIR import (external_id = the Patient's id) updates that employee, which takes
//! the roster's external_id, so FHIR and roster imports work in either order. A row whose
//! fhir_patient_id belongs to an employee who already has another roster external_id is a
//! conflict, reported by line and naming that employee. Every bad row is reported by line and
//! nothing is imported.

use super::ledger::{RosterChanges, RowKind, SourceFile};
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::employees::{self, Employee};
use ww_store::enums::{AuditEventType, EntityType, IntegrationStatus};
use ww_store::ids::EmployeeId;
use ww_store::time::now_ts;

/// The required header, in order.
pub const HEADER: [&str; 8] = [
    "external_id",
    "name",
    "role",
    "site",
    "supervisor_external_id",
    "start_date",
    "fhir_patient_id",
    "active",
];

/// What a roster import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RosterImportReport {
    /// Rows read.
    pub rows: u64,
    /// New employees.
    pub inserted: u64,
    /// Existing employees (found by external_id) whose roster facts changed.
    pub updated: u64,
    /// Employees found by fhir_patient_id that took the roster's external_id.
    pub linked: u64,
    /// Existing employees (found by external_id) whose roster facts did not change
    /// (QA G22: an identical re-import reported every row as updated).
    pub unchanged: u64,
}

/// One valid row.
#[derive(Debug, Clone)]
struct Row {
    line: u64,
    external_id: String,
    name: String,
    role: Option<String>,
    site: Option<String>,
    supervisor: Option<String>,
    start_date: Option<NaiveDate>,
    fhir_patient_id: Option<String>,
    active: bool,
}

/// Imports the roster at `path` in one transaction, audited, recording the result on the
/// `hris` integration. The ledger gets one EMPLOYEE_UPDATED event per employee created or
/// changed, with each changed fact old -> new, then one EMPLOYEES_IMPORTED event with the
/// counts and the file's absolute path and SHA-256 (QA G22; see [`super::ledger`]).
///
/// # Errors
/// [`Error::Roster`] listing every bad row as `FILE:LINE: what is wrong` (nothing imported;
/// the failure is recorded on `hris`); [`Error::Store`] for database errors.
pub fn import_roster(
    conn: &mut Connection,
    path: &Path,
    actor: &str,
) -> Result<RosterImportReport> {
    import_roster_checked(conn, path, actor).map(|(report, _)| report)
}

/// [`import_roster`], also returning warnings (QA G25) for rows whose role or site differs
/// only in letter case from an ACTIVE measure's eligible role or site (`nurse` vs `Nurse`):
/// eligibility is an exact match, so such an employee silently falls outside that program.
/// Each warning is `FILE:LINE: ...` naming the value, the spelling the measure uses and the
/// measure. The rows are imported as written (a warning, not a refusal).
///
/// # Errors
/// As [`import_roster`].
pub fn import_roster_checked(
    conn: &mut Connection,
    path: &Path,
    actor: &str,
) -> Result<(RosterImportReport, Vec<String>)> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| vec![format!("{name}: {e}")]);
    let source = bytes.as_ref().ok().map(|b| SourceFile::new(path, b));
    let parsed = bytes.and_then(|bytes| parse(&name, &bytes));
    let rows = match parsed {
        Ok(rows) => rows,
        Err(errors) => {
            record(
                conn,
                actor,
                IntegrationStatus::Error,
                &format!(
                    "Roster import failed, nothing imported: {} problem(s), first: {}",
                    errors.len(),
                    errors[0]
                ),
                json!({"result": "FAILED", "errors": errors, "source": source}),
            )?;
            return Err(Error::Roster(errors));
        }
    };
    let source = source.unwrap_or_else(|| SourceFile::new(path, &[]));
    let outcome = ww_store::with_tx(conn, |tx| upsert_all(tx, &source, &rows, actor));
    let outcome = match outcome {
        Ok(report) => {
            let mut warnings = case_warnings(conn, &name, &rows)?;
            warnings.extend(deceased_warnings(conn, &name, &rows)?);
            Ok((report, warnings))
        }
        Err(e) => Err(e),
    };
    match outcome {
        Err(Error::Roster(errors)) => {
            record(
                conn,
                actor,
                IntegrationStatus::Error,
                &format!("Roster import failed, nothing imported: {}", errors[0]),
                json!({"result": "FAILED", "errors": errors, "source": source}),
            )?;
            Err(Error::Roster(errors))
        }
        other => other,
    }
}

/// Warnings for roles and sites that match an ACTIVE measure's eligible value only when
/// letter case is ignored (see [`import_roster_checked`]).
fn case_warnings(conn: &Connection, file: &str, rows: &[Row]) -> Result<Vec<String>> {
    let mut known: Vec<(&'static str, String, String)> = Vec::new();
    for (measure, version) in ww_store::measures::list_active(conn)? {
        let Ok(spec) = crate::spec::MeasureSpec::from_json(&version.spec_json, "exam") else {
            continue;
        };
        for r in spec.eligible_roles {
            known.push(("role", r, measure.name.clone()));
        }
        for s in spec.eligible_sites {
            known.push(("site", s, measure.name.clone()));
        }
    }
    let mut warnings = Vec::new();
    for row in rows {
        for (what, value) in [("role", &row.role), ("site", &row.site)] {
            let Some(value) = value else { continue };
            let exact = known.iter().any(|(k, v, _)| *k == what && v == value);
            if exact {
                continue;
            }
            let near: Vec<&(&'static str, String, String)> = known
                .iter()
                .filter(|(k, v, _)| *k == what && v.eq_ignore_ascii_case(value))
                .collect();
            if let Some((_, spelled, _)) = near.first() {
                let measures: Vec<&str> = near.iter().map(|(_, _, m)| m.as_str()).collect();
                warnings.push(format!(
                    "{file}:{}: {what} \"{value}\" of {} differs only in letter case from \
                     \"{spelled}\", an eligible {what} of {}: eligibility is an exact match, \
                     so the employee is outside that program; correct the roster if they \
                     belong to it",
                    row.line,
                    row.external_id,
                    measures.join(", ")
                ));
            }
        }
    }
    Ok(warnings)
}

/// Warnings for active rows linked to a FHIR Patient that records the person's death on or
/// before today (organisation zone): runs record their outcomes with `patient_deceased` in
/// the evidence but change no case for them, so the roster or the link needs a person's look.
fn deceased_warnings(conn: &Connection, file: &str, rows: &[Row]) -> Result<Vec<String>> {
    let zone = crate::run::org_zone(conn)?;
    let today = crate::run::today(conn)?;
    let mut warnings = Vec::new();
    for row in rows.iter().filter(|r| r.active) {
        let Some(patient) = &row.fhir_patient_id else {
            continue;
        };
        let Some(resource) = ww_store::fhir_resources::get(conn, "Patient", patient)? else {
            continue;
        };
        let Ok(json) = serde_json::from_str(&resource.resource_json) else {
            continue;
        };
        if let Some(d) = crate::why_flagged::deceased_by(&json, today, zone) {
            warnings.push(format!(
                "{file}:{}: {} is active in the roster, but the linked FHIR Patient {patient} \
                 is recorded deceased {}: runs will record their outcomes but open, update or \
                 close no case for them; check the row and its fhir_patient_id",
                row.line,
                row.external_id,
                d.describe()
            ));
        }
    }
    Ok(warnings)
}

fn record(
    conn: &mut Connection,
    actor: &str,
    status: IntegrationStatus,
    result: &str,
    payload: serde_json::Value,
) -> Result<()> {
    let now = now_ts();
    ww_store::with_tx(conn, |tx| -> Result<()> {
        ww_store::integration_health::record_sync(tx, "hris", status, &now, result)?;
        audit_events::append(
            tx,
            &NewAuditEvent::new(
                AuditEventType::IntegrationSynced,
                EntityType::Integration,
                Some("hris".into()),
                actor,
            )
            .payload(payload),
        )?;
        Ok(())
    })
}

fn parse(file: &str, bytes: &[u8]) -> std::result::Result<Vec<Row>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(vec![format!("{file}:1: unreadable header: {e}")]),
    };
    if header != HEADER {
        return Err(vec![format!(
            "{file}:1: the header must be `{}` (found `{}`)",
            HEADER.join(","),
            header.join(",")
        )]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen_ext: HashMap<String, u64> = HashMap::new();
    let mut seen_fhir: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("{file}:{line}: unreadable row: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| {
            record
                .get(i)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut bad = |what: String| errors.push(format!("{file}:{line}: {what}"));
        let Some(external_id) = field(0) else {
            bad("external_id is empty".into());
            continue;
        };
        if let Err(why) = check_external_id(&external_id) {
            bad(why.to_string());
            continue;
        }
        let Some(name) = field(1) else {
            bad(format!("name is empty for {external_id}"));
            continue;
        };
        let start_date = match field(5) {
            None => None,
            Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    bad(format!("start_date \"{d}\" is not a date (YYYY-MM-DD)"));
                    continue;
                }
            },
        };
        let active = match field(7).map(|a| a.to_ascii_lowercase()).as_deref() {
            None | Some("true" | "1" | "yes" | "y") => true,
            Some("false" | "0" | "no" | "n") => false,
            Some(other) => {
                bad(format!("active \"{other}\" is not true or false"));
                continue;
            }
        };
        if let Some(first) = seen_ext.insert(external_id.clone(), line) {
            bad(format!("external_id {external_id} repeats line {first}"));
            continue;
        }
        let fhir_patient_id = field(6);
        if let Some(p) = &fhir_patient_id {
            if let Some(first) = seen_fhir.insert(p.clone(), line) {
                bad(format!("fhir_patient_id {p} repeats line {first}"));
                continue;
            }
        }
        rows.push(Row {
            line,
            external_id,
            name,
            role: field(2),
            site: field(3),
            supervisor: field(4),
            start_date,
            fhir_patient_id,
            active,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Longest external id accepted (a FHIR id is at most 64 characters too).
pub const EXTERNAL_ID_MAX: usize = 64;

/// Why an external id is refused by [`check_external_id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExternalIdError {
    /// More than [`EXTERNAL_ID_MAX`] characters.
    #[error("external_id \"{0}\" is longer than {EXTERNAL_ID_MAX} characters")]
    TooLong(String),
    /// A character outside the allowed set (the id, the first such character).
    #[error(
        "external_id \"{0}\" contains {1:?}: use only letters A-Z a-z, digits, '.', '_' and '-' \
         (the id becomes the outreach address {0}@workwell-demo.dev)"
    )]
    BadCharacter(String, char),
}

/// External ids are limited to ASCII letters, digits, `.`, `_` and `-`, at most
/// [`EXTERNAL_ID_MAX`] characters (QA G10): the id becomes the outreach address
/// `<external_id>@workwell-demo.dev` and appears in file names and CSV cells, so `x y@z` is
/// refused rather than turned into a broken address.
///
/// # Errors
/// [`ExternalIdError`], naming the id and what is wrong with it.
pub fn check_external_id(id: &str) -> std::result::Result<(), ExternalIdError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if id.chars().count() > EXTERNAL_ID_MAX {
        return Err(ExternalIdError::TooLong(id.to_owned()));
    }
    if let Some(bad) = id.chars().find(|c| !allowed(*c)) {
        return Err(ExternalIdError::BadCharacter(id.to_owned(), bad));
    }
    Ok(())
}

/// Whether `e` is the placeholder the FHIR import makes for a Patient with no employee yet:
/// its external_id is the Patient's id (`ww_core::import::import_fhir`).
fn is_placeholder(e: &Employee) -> bool {
    e.fhir_patient_id.as_deref() == Some(e.external_id.as_str())
}

fn upsert_all(
    tx: &Connection,
    source: &SourceFile,
    rows: &[Row],
    actor: &str,
) -> Result<RosterImportReport> {
    let file = source.file.as_str();
    let mut changes = RosterChanges::default();
    let mut report = RosterImportReport {
        rows: rows.len() as u64,
        ..Default::default()
    };
    let mut errors = Vec::new();
    let mut ids: HashMap<&str, EmployeeId> = HashMap::new();
    for row in rows {
        let by_ext = employees::get_by_external_id(tx, &row.external_id)?;
        let by_fhir = match &row.fhir_patient_id {
            Some(p) => employees::get_by_fhir_patient_id(tx, p)?,
            None => None,
        };
        let (existing, linked) = match (by_ext, by_fhir) {
            (Some(a), Some(b)) if a.id != b.id => {
                errors.push(format!(
                    "{file}:{}: fhir_patient_id {} is linked to employee {}, but external_id {} is another employee",
                    row.line,
                    row.fhir_patient_id.as_deref().unwrap_or_default(),
                    b.external_id,
                    row.external_id
                ));
                continue;
            }
            (Some(a), _) => (Some(a), false),
            // Only a placeholder the FHIR import made takes the roster's external_id; an
            // employee who already has a roster identity is not renamed by a shared
            // fhir_patient_id (QA F21).
            (None, Some(b)) if is_placeholder(&b) => (Some(b), true),
            (None, Some(b)) => {
                errors.push(format!(
                    "{file}:{}: fhir_patient_id {} is already linked to employee {} ({}); \
                     external_id {} would rename them. Use external_id {} on this row, or \
                     correct its fhir_patient_id",
                    row.line,
                    row.fhir_patient_id.as_deref().unwrap_or_default(),
                    b.external_id,
                    b.name,
                    row.external_id,
                    b.external_id
                ));
                continue;
            }
            (None, None) => (None, false),
        };
        let mut e = existing.clone().unwrap_or(Employee {
            id: EmployeeId::new(),
            external_id: row.external_id.clone(),
            name: row.name.clone(),
            role: None,
            site: None,
            supervisor_id: None,
            fhir_patient_id: None,
            start_date: None,
            active: true,
        });
        e.external_id = row.external_id.clone();
        e.name = row.name.clone();
        e.role = row.role.clone();
        e.site = row.site.clone();
        e.start_date = row.start_date;
        e.active = row.active;
        // An empty fhir_patient_id keeps an existing link rather than dropping it.
        if row.fhir_patient_id.is_some() {
            e.fhir_patient_id = row.fhir_patient_id.clone();
        }
        let kind = match (&existing, linked) {
            (None, _) => RowKind::Created,
            (Some(_), true) => RowKind::Linked,
            (Some(_), false) => RowKind::Updated,
        };
        changes.note(row.line, e.id, kind, existing.as_ref());
        match existing {
            Some(_) => {
                employees::update(tx, &e)?;
                if linked {
                    report.linked += 1;
                }
            }
            None => {
                employees::insert(tx, &e)?;
                report.inserted += 1;
            }
        }
        ids.insert(&row.external_id, e.id);
    }
    // Supervisors second, so a row may name a supervisor that comes later in the file.
    for row in rows {
        let Some(sup) = &row.supervisor else { continue };
        let sup_id = match ids.get(sup.as_str()) {
            Some(id) => Some(*id),
            None => employees::get_by_external_id(tx, sup)?.map(|e| e.id),
        };
        let Some(sup_id) = sup_id else {
            errors.push(format!(
                "{file}:{}: supervisor_external_id {sup} is not an employee",
                row.line
            ));
            continue;
        };
        if let Some(&id) = ids.get(row.external_id.as_str()) {
            if id == sup_id {
                errors.push(format!(
                    "{file}:{}: {} cannot supervise themself",
                    row.line, row.external_id
                ));
                continue;
            }
            if let Some(mut e) = employees::get(tx, id)? {
                e.supervisor_id = Some(sup_id);
                employees::update(tx, &e)?;
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Roster(errors));
    }
    let recorded = changes.record(tx, source, actor)?;
    report.updated = recorded.updated;
    report.unchanged = recorded.unchanged;
    let unique: HashSet<&str> = rows.iter().map(|r| r.external_id.as_str()).collect();
    let now = now_ts();
    let result = format!(
        "Imported {} roster row(s) from {file}: {} new, {} updated, {} unchanged, {} linked by \
         FHIR Patient id.",
        unique.len(),
        report.inserted,
        report.updated,
        report.unchanged,
        report.linked
    );
    ww_store::integration_health::record_sync(
        tx,
        "hris",
        IntegrationStatus::Healthy,
        &now,
        &result,
    )?;
    audit_events::append(
        tx,
        &NewAuditEvent::new(
            AuditEventType::EmployeesImported,
            EntityType::Employee,
            None,
            actor,
        )
        .payload(json!({
            "file": file,
            "path": source.path,
            "sha256": source.sha256,
            "bytes": source.bytes,
            "report": report,
            "employeeEvents": {
                "count": recorded.events,
                "firstEventId": recorded.first_event,
                "lastEventId": recorded.last_event,
            },
        })),
    )?;
    Ok(report)
}
