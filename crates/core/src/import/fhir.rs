//! `workwell import fhir PATH...` (issue 4 item 1).

use crate::{Error, Result};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::employees::{self, Employee};
use ww_store::enums::{AuditEventType, EntityType, IntegrationStatus};
use ww_store::ids::EmployeeId;
use ww_store::time::now_ts;

/// Resources of one type in an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeCounts {
    /// New rows.
    pub inserted: u64,
    /// Rows replaced (the same resourceType and id imported again).
    pub updated: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirImportReport {
    /// Per resource type, by type name.
    pub counts: BTreeMap<String, TypeCounts>,
    /// Patients that became employees awaiting roster data (external id = Patient id).
    pub employees_created: u64,
}

impl FhirImportReport {
    /// Resources read.
    pub fn total(&self) -> u64 {
        self.counts.values().map(|c| c.inserted + c.updated).sum()
    }

    /// `Patient 120, Immunization 1818` style summary.
    pub fn summary(&self) -> String {
        self.counts
            .iter()
            .map(|(t, c)| format!("{t} {}", c.inserted + c.updated))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Imports every resource of `paths` in one transaction, audited (`FHIR_IMPORTED`: the files
/// with their absolute paths, SHA-256 and resource counts, and the counts per resource type;
/// QA G22), and records the result on the `fhir` integration. Importing a resource again
/// replaces it. A Patient not yet linked to an employee (by `fhir_patient_id`) becomes an
/// employee with external_id = the Patient's id and its name, awaiting roster data (inactive
/// until the roster says otherwise).
///
/// # Errors
/// [`Error::Fhir`] (`FILE:LINE: ...`) for unreadable input: nothing is imported, and the
/// failure is recorded on the `fhir` integration. [`Error::Store`] for database errors.
pub fn import_fhir(
    conn: &mut Connection,
    paths: &[PathBuf],
    actor: &str,
) -> Result<FhirImportReport> {
    import_fhir_cancellable(conn, paths, actor, &AtomicBool::new(false))
}

/// Resources written between two looks at the cancel flag.
const CANCEL_CHECK_EVERY: usize = 256;

/// [`import_fhir`] that stops when `cancel` is set (Ctrl-C, QA G16): the flag is looked at
/// after reading the input and every few hundred resources while writing; the import's one
/// transaction is then rolled back, so nothing is imported, and nothing is recorded on the
/// integration or in the ledger.
///
/// # Errors
/// As [`import_fhir`]; [`Error::Cancelled`] when cancelled.
pub fn import_fhir_cancellable(
    conn: &mut Connection,
    paths: &[PathBuf],
    actor: &str,
    cancel: &AtomicBool,
) -> Result<FhirImportReport> {
    let cancelled = || {
        if cancel.load(Ordering::SeqCst) {
            Err(Error::Cancelled("nothing imported".into()))
        } else {
            Ok(())
        }
    };
    let resources = match ww_fhir::read_paths_cancellable(paths, cancel) {
        Ok(r) => r,
        Err(e) => {
            cancelled()?;
            record_failure(conn, actor, &e.to_string())?;
            return Err(Error::Fhir(e));
        }
    };
    cancelled()?;
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let sources = super::ledger::fhir_sources(resources.iter().map(|r| r.origin.file.as_str()));
    ww_store::with_tx(conn, |tx| -> Result<FhirImportReport> {
        let mut report = FhirImportReport::default();
        let now = now_ts();
        let mut exists = tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM fhir_resources WHERE resource_type = ?1 AND id = ?2)",
        )?;
        // The patient id comes from ww-fhir, which resolves urn:uuid references through the
        // Bundle's fullUrls; hence this statement rather than the store's generic upsert.
        let mut upsert = tx.prepare_cached(
            "INSERT INTO fhir_resources (resource_type, id, patient_id, resource_json, last_updated, imported_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (resource_type, id) DO UPDATE SET \
             patient_id = excluded.patient_id, resource_json = excluded.resource_json, \
             last_updated = excluded.last_updated, imported_at = excluded.imported_at",
        )?;
        for (i, r) in resources.iter().enumerate() {
            if i % CANCEL_CHECK_EVERY == 0 {
                cancelled()?;
            }
            let existed: bool =
                exists.query_row(params![r.resource_type, r.id], |row| row.get(0))?;
            let last_updated = r
                .json
                .get("meta")
                .and_then(|m| m.get("lastUpdated"))
                .and_then(|v| v.as_str());
            upsert.execute(params![
                r.resource_type,
                r.id,
                r.patient_id,
                r.json.to_string(),
                last_updated,
                now
            ])?;
            let c = report.counts.entry(r.resource_type.clone()).or_default();
            if existed {
                c.updated += 1;
            } else {
                c.inserted += 1;
            }
        }
        let mut created = Vec::new();
        for r in resources.iter().filter(|r| r.resource_type == "Patient") {
            if employees::get_by_fhir_patient_id(tx, &r.id)?.is_some() {
                continue;
            }
            if let Some(mut e) = employees::get_by_external_id(tx, &r.id)? {
                // An employee already carries this id as its external id: link it.
                if e.fhir_patient_id.is_none() {
                    e.fhir_patient_id = Some(r.id.clone());
                    employees::update(tx, &e)?;
                }
                continue;
            }
            let e = Employee {
                id: EmployeeId::new(),
                external_id: r.id.clone(),
                name: ww_fhir::patient_display_name(&r.json).unwrap_or_else(|| r.id.clone()),
                role: None,
                site: None,
                supervisor_id: None,
                fhir_patient_id: Some(r.id.clone()),
                start_date: None,
                // Not active until the roster confirms the person: an employee awaiting roster
                // data is in no measure's population (DOMAIN.md section 1).
                active: false,
            };
            employees::insert(tx, &e)?;
            created.push(e.external_id);
        }
        report.employees_created = created.len() as u64;
        cancelled()?;
        let result = format!(
            "Imported {} resource(s) ({}) from {}; {} new employee(s) awaiting roster data.",
            report.total(),
            report.summary(),
            files.join(", "),
            created.len()
        );
        ww_store::integration_health::record_sync(
            tx,
            "fhir",
            IntegrationStatus::Healthy,
            &now,
            &result,
        )?;
        audit_events::append(
            tx,
            &NewAuditEvent::new(
                AuditEventType::FhirImported,
                EntityType::FhirResource,
                None,
                actor,
            )
            .payload(json!({
                "files": files,
                "sources": sources,
                "counts": report.counts,
                "employeesCreated": created,
            })),
        )?;
        Ok(report)
    })
}

fn record_failure(conn: &mut Connection, actor: &str, message: &str) -> Result<()> {
    let now = now_ts();
    let result = format!("Import failed, nothing imported: {message}");
    ww_store::with_tx(conn, |tx| -> Result<()> {
        ww_store::integration_health::record_sync(
            tx,
            "fhir",
            IntegrationStatus::Error,
            &now,
            &result,
        )?;
        audit_events::append(
            tx,
            &NewAuditEvent::new(
                AuditEventType::IntegrationSynced,
                EntityType::Integration,
                Some("fhir".into()),
                actor,
            )
            .payload(json!({"result": "FAILED", "error": message})),
        )?;
        Ok(())
    })
}
