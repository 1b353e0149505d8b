//! Clinical data for retrieves (CQL 1.5 §2.3 "Retrieve", §3.11 data model, and the
//! FHIR R4 Bulk Data NDJSON / Bundle formats).
//!
//! The engine retrieves through [`DataProvider`]: resources of one type for one patient,
//! optionally narrowed by a code filter. A provider may use the filter to narrow what it
//! returns, but need not: the engine re-applies the filter (with the terminology
//! provider) to whatever comes back, so a provider that ignores it is still correct.
//! Results are cached per subject by the evaluator (one retrieve per type and filter per
//! patient evaluation).

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A FHIR resource as JSON, shared between cache entries and values without copying.
pub type Resource = Arc<serde_json::Value>;

/// One code of a retrieve filter (`[Procedure: "code"]` or `[Procedure: code in {...}]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeRef {
    /// Code system URL, when known.
    pub system: Option<String>,
    /// The code.
    pub code: String,
}

/// The terminology filter of a retrieve.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CodeFilter {
    /// Matches when the resource's code path holds one of these codes.
    Codes(Vec<CodeRef>),
    /// Matches when the resource's code path holds a member of this value set (id or URL).
    ValueSet(String),
}

/// What a retrieve asks for.
#[derive(Debug, Clone, Copy)]
pub struct RetrieveRequest<'a> {
    /// The context patient id (the id of the Patient resource).
    pub patient_id: &'a str,
    /// FHIR resource type, e.g. `Procedure`.
    pub resource_type: &'a str,
    /// The element holding the code (e.g. `code`, `vaccineCode`), when filtered.
    pub code_path: Option<&'a str>,
    /// The code filter, if any.
    pub filter: Option<&'a CodeFilter>,
}

/// Source of patient data for retrieves.
pub trait DataProvider: Send + Sync {
    /// Every resource of `req.resource_type` belonging to `req.patient_id` (for
    /// `Patient`, the patient itself), possibly narrowed by `req.filter`.
    ///
    /// # Errors
    /// [`Error::Data`] when the underlying store fails; the engine reports it as the
    /// evaluation error of the defines that needed the data.
    fn retrieve(&self, req: &RetrieveRequest<'_>) -> Result<Vec<Resource>>;
}

/// A provider with no data (every retrieve is empty): for patient-less evaluation.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoData;

impl DataProvider for NoData {
    fn retrieve(&self, _req: &RetrieveRequest<'_>) -> Result<Vec<Resource>> {
        Ok(Vec::new())
    }
}

/// An in-memory provider indexed by patient id and resource type, filled from FHIR
/// Bundles (collection, transaction, searchset, batch), single resources and Bulk Data
/// NDJSON files.
#[derive(Debug, Default, Clone)]
pub struct InMemoryData {
    by_patient: HashMap<String, HashMap<String, Vec<Resource>>>,
    count: usize,
}

impl InMemoryData {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of resources held.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no resource is held.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Patient ids that have a Patient resource, sorted.
    pub fn patient_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .by_patient
            .iter()
            .filter(|(_, m)| m.contains_key("Patient"))
            .map(|(k, _)| k.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Every resource of one type, whoever it belongs to (e.g. `ValueSet`).
    pub fn resources_of_type(&self, resource_type: &str) -> Vec<serde_json::Value> {
        self.by_patient
            .values()
            .filter_map(|m| m.get(resource_type))
            .flatten()
            .map(|r| (**r).clone())
            .collect()
    }

    /// Adds one resource (a Bundle is unpacked). Resources that belong to no patient
    /// (no `subject`/`patient` reference) are kept under the empty patient id.
    ///
    /// # Errors
    /// [`Error::Data`] when the JSON is not an object with a `resourceType`.
    pub fn add(&mut self, json: serde_json::Value, location: &str) -> Result<()> {
        let rt = json
            .get("resourceType")
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::Data {
                location: location.to_string(),
                message: "not a FHIR resource (no resourceType)".into(),
            })?
            .to_string();
        if rt == "Bundle" {
            let entries = json.get("entry").and_then(|e| e.as_array());
            for (i, entry) in entries.into_iter().flatten().enumerate() {
                if let Some(res) = entry.get("resource") {
                    self.add(res.clone(), &format!("{location}: entry {i}"))?;
                }
            }
            return Ok(());
        }
        let patient = patient_of(&rt, &json).unwrap_or_default();
        self.by_patient
            .entry(patient)
            .or_default()
            .entry(rt)
            .or_default()
            .push(Arc::new(json));
        self.count += 1;
        Ok(())
    }

    /// Loads a file or every `.json` / `.ndjson` file of a folder.
    ///
    /// # Errors
    /// [`Error::Io`] for unreadable files; [`Error::Data`] naming `FILE` or `FILE:LINE`
    /// for malformed JSON.
    pub fn load_path(&mut self, path: &Path) -> Result<()> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("json" | "ndjson")
                    )
                })
                .collect();
            files.sort();
            for f in files {
                self.load_path(&f)?;
            }
            return Ok(());
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        let name = path.display().to_string();
        if path.extension().and_then(|e| e.to_str()) == Some("ndjson") {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let loc = format!("{name}:{}", i + 1);
                let json = serde_json::from_str(line).map_err(|e| Error::Data {
                    location: loc.clone(),
                    message: e.to_string(),
                })?;
                self.add(json, &loc)?;
            }
            Ok(())
        } else {
            let json = serde_json::from_str(&text).map_err(|e| Error::Data {
                location: format!("{name}:{}", e.line()),
                message: e.to_string(),
            })?;
            self.add(json, &name)
        }
    }
}

/// The patient id a resource belongs to: its own id for a Patient, else the id in
/// `subject` or `patient` (`Patient/ID` or `urn:uuid:ID`).
pub fn patient_of(resource_type: &str, json: &serde_json::Value) -> Option<String> {
    if resource_type == "Patient" {
        return json.get("id").and_then(|v| v.as_str()).map(str::to_string);
    }
    for key in ["subject", "patient"] {
        if let Some(r) = json
            .pointer(&format!("/{key}/reference"))
            .and_then(|v| v.as_str())
        {
            let id = r
                .strip_prefix("urn:uuid:")
                .unwrap_or_else(|| r.rsplit('/').next().unwrap_or(r));
            return Some(id.to_string());
        }
    }
    None
}

impl DataProvider for InMemoryData {
    fn retrieve(&self, req: &RetrieveRequest<'_>) -> Result<Vec<Resource>> {
        Ok(self
            .by_patient
            .get(req.patient_id)
            .and_then(|m| m.get(req.resource_type))
            .cloned()
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bundle_entries_are_indexed_by_patient() {
        let mut d = InMemoryData::new();
        let b = json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1"}},
            {"resource": {"resourceType": "Procedure", "id": "x", "subject": {"reference": "urn:uuid:p1"}}},
            {"resource": {"resourceType": "Procedure", "id": "y", "subject": {"reference": "Patient/p2"}}}
        ]});
        d.add(b, "b.json").unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(d.patient_ids(), vec!["p1".to_string()]);
        let req = RetrieveRequest {
            patient_id: "p1",
            resource_type: "Procedure",
            code_path: None,
            filter: None,
        };
        let got = d.retrieve(&req).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0]["id"], "x");
    }

    #[test]
    fn not_a_resource_is_an_error_naming_the_place() {
        let mut d = InMemoryData::new();
        let err = d.add(json!({"a": 1}), "f.ndjson:3").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.ndjson:3: not a FHIR resource (no resourceType)"
        );
    }
}
