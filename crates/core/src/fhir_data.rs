//! The CQL data provider over the FHIR store (`fhir_resources`), loaded per batch of employees
//! so evaluation threads never touch SQLite.

use crate::Result;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::Arc;
use ww_cql::{DataProvider, Resource, RetrieveRequest};

/// One patient's resources by type, in id order.
#[derive(Debug, Default, Clone)]
pub struct PatientData {
    by_type: HashMap<String, Vec<Resource>>,
}

impl PatientData {
    /// Adds one resource under its type.
    pub fn add(&mut self, resource_type: &str, resource: serde_json::Value) {
        self.by_type
            .entry(resource_type.to_owned())
            .or_default()
            .push(Arc::new(resource));
    }

    /// Number of resources held.
    pub fn len(&self) -> usize {
        self.by_type.values().map(Vec::len).sum()
    }

    /// Whether no resource is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl DataProvider for PatientData {
    /// Every resource of the type; the engine applies code filters itself (see
    /// `ww_cql::data`), so a provider that ignores them stays correct.
    fn retrieve(&self, req: &RetrieveRequest<'_>) -> ww_cql::Result<Vec<Resource>> {
        Ok(self
            .by_type
            .get(req.resource_type)
            .cloned()
            .unwrap_or_default())
    }
}

/// Loads the resources of `patient_ids` (optionally only `types`) with one query, keyed by
/// patient id. Patients without resources are absent from the map.
///
/// # Errors
/// [`crate::Error::Store`] for SQLite errors; [`crate::Error::Invalid`] for stored JSON that
/// does not parse (the store's CHECK makes that unlikely).
pub fn load_patients(
    conn: &Connection,
    patient_ids: &[&str],
    types: Option<&[String]>,
) -> Result<HashMap<String, PatientData>> {
    let mut out: HashMap<String, PatientData> = HashMap::new();
    if patient_ids.is_empty() {
        return Ok(out);
    }
    let ids =
        serde_json::to_string(patient_ids).map_err(|e| crate::Error::Invalid(e.to_string()))?;
    let types_json = types
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| crate::Error::Invalid(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT patient_id, resource_type, resource_json FROM fhir_resources \
         WHERE patient_id IN (SELECT value FROM json_each(?1)) \
         AND (?2 IS NULL OR resource_type IN (SELECT value FROM json_each(?2))) \
         ORDER BY patient_id, resource_type, id",
    )?;
    let mut rows = stmt.query(rusqlite::params![ids, types_json])?;
    while let Some(row) = rows.next()? {
        let patient: String = row.get(0)?;
        let rtype: String = row.get(1)?;
        let text: String = row.get(2)?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            crate::Error::Invalid(format!(
                "stored {rtype} of patient {patient} is not JSON: {e}"
            ))
        })?;
        out.entry(patient).or_default().add(&rtype, json);
    }
    Ok(out)
}
