//! Value-set membership (CQL 1.5 §3.11 "Terminology": `in ValueSet`, retrieve filters).
//!
//! The engine asks one question of terminology: is the code `(system, code)` a member of
//! the value set named by its id or canonical URL? The runs helper implements
//! [`TerminologyProvider`] over SQLite plus the approved terminology mappings; tests and
//! `workwell cql eval` use [`InMemoryTerminology`].

use std::collections::{HashMap, HashSet};

/// Answers value-set membership by system and code (display and version are ignored,
/// as CQL.md pins: `in "value set"` is membership by system and code).
pub trait TerminologyProvider: Send + Sync {
    /// `Some(true|false)` when the value set is known; `None` when it is not (the engine
    /// then reports an evaluation error naming the value set).
    fn in_value_set(&self, value_set: &str, system: &str, code: &str) -> Option<bool>;

    /// Every `(system, code)` of the value set, when known (used by `ExpandValueSet`
    /// and by retrieves that filter by value set on providers that need the codes).
    fn expand(&self, value_set: &str) -> Option<Vec<(String, String)>>;
}

/// An in-memory terminology: value set id or URL -> set of `(system, code)`.
#[derive(Debug, Default, Clone)]
pub struct InMemoryTerminology {
    /// value set -> system -> codes (looked up by `&str` without allocating).
    sets: HashMap<String, HashMap<String, HashSet<String>>>,
}

impl InMemoryTerminology {
    /// An empty terminology (every value set unknown).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or extends) a value set under `id`; call again with its URL to make it
    /// reachable by both names.
    pub fn add_value_set<I, S, C>(&mut self, id: &str, codes: I)
    where
        I: IntoIterator<Item = (S, C)>,
        S: Into<String>,
        C: Into<String>,
    {
        let set = self.sets.entry(id.to_string()).or_default();
        for (s, c) in codes {
            set.entry(s.into()).or_default().insert(c.into());
        }
    }

    /// Reads a FHIR ValueSet resource (expansion.contains, else compose.include.concept)
    /// and registers it under its `id` and its `url`. Returns false when the JSON is not
    /// a ValueSet.
    pub fn add_fhir_value_set(&mut self, vs: &serde_json::Value) -> bool {
        if vs.get("resourceType").and_then(|v| v.as_str()) != Some("ValueSet") {
            return false;
        }
        let mut codes = Vec::new();
        if let Some(contains) = vs.pointer("/expansion/contains").and_then(|c| c.as_array()) {
            collect_contains(contains, &mut codes);
        } else if let Some(includes) = vs.pointer("/compose/include").and_then(|c| c.as_array()) {
            for inc in includes {
                let system = inc.get("system").and_then(|s| s.as_str()).unwrap_or("");
                for c in inc
                    .get("concept")
                    .and_then(|c| c.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(code) = c.get("code").and_then(|c| c.as_str()) {
                        codes.push((system.to_string(), code.to_string()));
                    }
                }
            }
        }
        for key in ["id", "url"] {
            if let Some(name) = vs.get(key).and_then(|v| v.as_str()) {
                self.add_value_set(name, codes.iter().cloned());
            }
        }
        true
    }
}

fn collect_contains(contains: &[serde_json::Value], out: &mut Vec<(String, String)>) {
    for c in contains {
        if let (Some(s), Some(code)) = (
            c.get("system").and_then(|s| s.as_str()),
            c.get("code").and_then(|s| s.as_str()),
        ) {
            out.push((s.to_string(), code.to_string()));
        }
        if let Some(nested) = c.get("contains").and_then(|n| n.as_array()) {
            collect_contains(nested, out);
        }
    }
}

impl TerminologyProvider for InMemoryTerminology {
    fn in_value_set(&self, value_set: &str, system: &str, code: &str) -> Option<bool> {
        let set = self.sets.get(value_set)?;
        Some(set.get(system).is_some_and(|codes| codes.contains(code)))
    }

    fn expand(&self, value_set: &str) -> Option<Vec<(String, String)>> {
        let mut v: Vec<(String, String)> = self
            .sets
            .get(value_set)?
            .iter()
            .flat_map(|(s, codes)| codes.iter().map(move |c| (s.clone(), c.clone())))
            .collect();
        v.sort();
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_by_system_and_code() {
        let mut t = InMemoryTerminology::new();
        t.add_value_set("vs1", [("http://loinc.org", "1234-5")]);
        assert_eq!(
            t.in_value_set("vs1", "http://loinc.org", "1234-5"),
            Some(true)
        );
        assert_eq!(
            t.in_value_set("vs1", "http://snomed.info/sct", "1234-5"),
            Some(false)
        );
        assert_eq!(t.in_value_set("nope", "a", "b"), None);
    }

    #[test]
    fn fhir_value_set_by_id_and_url() {
        let mut t = InMemoryTerminology::new();
        let vs = serde_json::json!({"resourceType": "ValueSet", "id": "flu", "url": "urn:flu",
            "compose": {"include": [{"system": "http://hl7.org/fhir/sid/cvx", "concept": [{"code": "140"}]}]}});
        assert!(t.add_fhir_value_set(&vs));
        assert_eq!(
            t.in_value_set("urn:flu", "http://hl7.org/fhir/sid/cvx", "140"),
            Some(true)
        );
        assert_eq!(t.expand("flu").map(|v| v.len()), Some(1));
    }
}
