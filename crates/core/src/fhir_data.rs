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

/// Loads the resources of `patient_ids` (optionally only `types`), keyed by patient id, with
/// one indexed look-up per patient (`fhir_resources_patient_type_idx`): the cost grows with
/// the patients asked for, not with the size of the store. Patients without resources are
/// absent from the map.
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
    let mut stmt = conn.prepare_cached(
        "SELECT resource_type, resource_json FROM fhir_resources WHERE patient_id = ?1 \
         ORDER BY resource_type, id",
    )?;
    for &patient in patient_ids {
        let mut rows = stmt.query([patient])?;
        while let Some(row) = rows.next()? {
            let rtype: String = row.get(0)?;
            if types.is_some_and(|t| !t.contains(&rtype)) {
                continue;
            }
            let text: String = row.get(1)?;
            let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                crate::Error::Invalid(format!(
                    "stored {rtype} of patient {patient} is not JSON: {e}"
                ))
            })?;
            out.entry(patient.to_owned()).or_default().add(&rtype, json);
        }
    }
    Ok(out)
}
