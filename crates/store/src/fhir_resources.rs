//! `fhir_resources`: the local FHIR R4 store (WorkWell extension, docs/schema.md).
//!
//! Resources are kept as JSON text keyed by (resourceType, id); the CQL data provider
//! retrieves by (patient_id, resource_type) through `fhir_resources_patient_type_idx`.

use crate::time::now_ts;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

/// One stored resource.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FhirResource {
    /// `resourceType`.
    pub resource_type: String,
    /// `id`.
    pub id: String,
    /// The Patient it belongs to.
    pub patient_id: Option<String>,
    /// The resource JSON text.
    pub resource_json: String,
    /// `meta.lastUpdated` when present.
    pub last_updated: Option<String>,
    /// When it was (last) imported.
    pub imported_at: String,
}

/// The Patient id a resource belongs to: its own id for a Patient, else the target of
/// `subject`, `patient` or `beneficiary` when that is a `Patient/<id>` or `urn:uuid:<id>`
/// reference.
pub fn patient_id_of(resource: &Value) -> Option<String> {
    if resource.get("resourceType").and_then(Value::as_str) == Some("Patient") {
        return resource
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    ["subject", "patient", "beneficiary"].iter().find_map(|k| {
        let r = resource.get(*k)?.get("reference")?.as_str()?;
        r.strip_prefix("Patient/")
            .or_else(|| r.strip_prefix("urn:uuid:"))
            .map(|id| id.split('/').next().unwrap_or(id).to_owned())
    })
}

/// Inserts or replaces a resource (same resourceType and id: the row is updated). Returns
/// whether the row was new.
///
/// # Errors
/// [`Error::Invalid`] when the JSON lacks `resourceType` or `id`; [`Error::Sqlite`].
pub fn upsert(conn: &Connection, resource: &Value) -> Result<bool> {
    let rtype = resource
        .get("resourceType")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Invalid("FHIR resource without resourceType".into()))?;
    let id = resource
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Invalid(format!("FHIR {rtype} without id")))?;
    let existed: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM fhir_resources WHERE resource_type = ?1 AND id = ?2)",
        )?
        .query_row(params![rtype, id], |r| r.get(0))?;
    let last_updated = resource
        .get("meta")
        .and_then(|m| m.get("lastUpdated"))
        .and_then(Value::as_str);
    let mut stmt = conn.prepare_cached(
        "INSERT INTO fhir_resources (resource_type, id, patient_id, resource_json, last_updated, imported_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (resource_type, id) DO UPDATE SET \
         patient_id = excluded.patient_id, resource_json = excluded.resource_json, \
         last_updated = excluded.last_updated, imported_at = excluded.imported_at",
    )?;
    stmt.execute(params![
        rtype,
        id,
        patient_id_of(resource),
        resource.to_string(),
        last_updated,
        now_ts()
    ])?;
    Ok(!existed)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<FhirResource> {
    Ok(FhirResource {
        resource_type: r.get(0)?,
        id: r.get(1)?,
        patient_id: r.get(2)?,
        resource_json: r.get(3)?,
        last_updated: r.get(4)?,
        imported_at: r.get(5)?,
    })
}

const COLUMNS: &str = "resource_type, id, patient_id, resource_json, last_updated, imported_at";

/// One resource by type and id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, resource_type: &str, id: &str) -> Result<Option<FhirResource>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM fhir_resources WHERE resource_type = ?1 AND id = ?2"),
            params![resource_type, id],
            from_row,
        )
        .optional()?)
}

/// A patient's resources of one type, by id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_for_patient(
    conn: &Connection,
    patient_id: &str,
    resource_type: &str,
) -> Result<Vec<FhirResource>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fhir_resources WHERE patient_id = ?1 AND resource_type = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![patient_id, resource_type], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every resource of a patient (all types), by type then id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_all_for_patient(conn: &Connection, patient_id: &str) -> Result<Vec<FhirResource>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fhir_resources WHERE patient_id = ?1 ORDER BY resource_type, id"
    ))?;
    let rows = stmt.query_map([patient_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Resource counts by type, by type name.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn count_by_type(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT resource_type, COUNT(*) FROM fhir_resources GROUP BY resource_type ORDER BY resource_type",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patient_id_comes_from_the_reference() {
        assert_eq!(
            patient_id_of(&json!({"resourceType": "Patient", "id": "emp-001"})).as_deref(),
            Some("emp-001")
        );
        assert_eq!(
            patient_id_of(&json!({"resourceType": "Immunization", "patient": {"reference": "Patient/emp-002"}}))
                .as_deref(),
            Some("emp-002")
        );
        assert_eq!(
            patient_id_of(
                &json!({"resourceType": "Procedure", "subject": {"reference": "urn:uuid:abc"}})
            )
            .as_deref(),
            Some("abc")
        );
        assert_eq!(
            patient_id_of(&json!({"resourceType": "Organization", "id": "o"})),
            None
        );
    }
}
