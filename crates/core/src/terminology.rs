//! The CQL terminology provider over the store: value sets from `value_sets.codes_json`, and
//! APPROVED terminology mappings (issue 6 item 5): a local code in the FHIR data counts as its
//! approved standard code; REVIEWED, PROPOSED and REJECTED mappings do not count.

use crate::Result;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use ww_cql::TerminologyProvider;

type Code = (String, String);

/// Value sets by every name a library may use for them (id, OID, `urn:oid:` OID, canonical
/// URL), plus the approved local -> standard code mappings.
#[derive(Debug, Default, Clone)]
pub struct StoreTerminology {
    sets: HashMap<String, Arc<HashSet<Code>>>,
    mapped: HashMap<Code, Vec<Code>>,
}

impl StoreTerminology {
    /// Reads every value set and the APPROVED mappings. Where several value sets share a
    /// name (two versions of one canonical URL), the one linked to an ACTIVE measure version
    /// is loaded last and wins (`ww_store::value_sets::list_for_evaluation`).
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut t = StoreTerminology::default();
        for vs in ww_store::value_sets::list_for_evaluation(conn)? {
            let codes: HashSet<Code> = vs
                .codes
                .iter()
                .map(|c| (c.system.clone(), c.code.clone()))
                .collect();
            let codes = Arc::new(codes);
            let mut names = vec![
                vs.id.to_string(),
                vs.oid.clone(),
                format!("urn:oid:{}", vs.oid),
            ];
            names.extend(vs.canonical_url.clone());
            for n in names {
                t.sets.insert(n, Arc::clone(&codes));
            }
        }
        for m in ww_store::terminology_mappings::approved(conn)? {
            t.add_mapping(
                &m.local_system,
                &m.local_code,
                &m.standard_system,
                &m.standard_code,
            );
        }
        Ok(t)
    }

    /// Adds a value set under `name`.
    pub fn add_value_set(&mut self, name: &str, codes: impl IntoIterator<Item = Code>) {
        self.sets
            .insert(name.to_owned(), Arc::new(codes.into_iter().collect()));
    }

    /// Adds an approved mapping from a local code to a standard code.
    pub fn add_mapping(&mut self, local_system: &str, local_code: &str, system: &str, code: &str) {
        self.mapped
            .entry((local_system.to_owned(), local_code.to_owned()))
            .or_default()
            .push((system.to_owned(), code.to_owned()));
    }
}

impl TerminologyProvider for StoreTerminology {
    fn in_value_set(&self, value_set: &str, system: &str, code: &str) -> Option<bool> {
        let set = self.sets.get(value_set)?;
        let key = (system.to_owned(), code.to_owned());
        if set.contains(&key) {
            return Some(true);
        }
        Some(
            self.mapped
                .get(&key)
                .is_some_and(|targets| targets.iter().any(|t| set.contains(t))),
        )
    }

    /// The set's codes plus the local codes whose approved mapping lands in it.
    fn expand(&self, value_set: &str) -> Option<Vec<(String, String)>> {
        let set = self.sets.get(value_set)?;
        let mut codes: Vec<Code> = set.iter().cloned().collect();
        codes.extend(
            self.mapped
                .iter()
                .filter(|(_, targets)| targets.iter().any(|t| set.contains(t)))
                .map(|(local, _)| local.clone()),
        );
        codes.sort();
        codes.dedup();
        Some(codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CPT: &str = "http://www.ama-assn.org/go/cpt";
    const LOCAL: &str = "urn:workwell:local";

    #[test]
    fn approved_mapping_counts_as_the_standard_code() {
        let mut t = StoreTerminology::default();
        t.add_value_set("audiometry", [(CPT.to_owned(), "92557".to_owned())]);
        assert_eq!(t.in_value_set("audiometry", LOCAL, "AUD-01"), Some(false));
        t.add_mapping(LOCAL, "AUD-01", CPT, "92557");
        assert_eq!(t.in_value_set("audiometry", LOCAL, "AUD-01"), Some(true));
        assert_eq!(t.in_value_set("audiometry", CPT, "92557"), Some(true));
        assert_eq!(t.in_value_set("unknown", CPT, "92557"), None);
        assert_eq!(
            t.expand("audiometry").unwrap(),
            vec![
                (CPT.to_owned(), "92557".to_owned()),
                (LOCAL.to_owned(), "AUD-01".to_owned())
            ]
        );
    }
}
