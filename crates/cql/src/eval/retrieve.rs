//! Retrieve evaluation (CQL 1.5 §2.3 "Retrieve"): resources of one type for the context
//! patient from the [`crate::DataProvider`], filtered by codes or value-set membership
//! on the code path (the provider may pre-filter; the engine always re-checks), cached
//! per subject for the rest of the evaluation.

use super::{err, Ctx, EvalResult};
use crate::data::{CodeFilter, CodeRef, RetrieveRequest};
use crate::fhir::helpers;
use crate::ir::RetrieveIr;
use ww_cql_value::{EvalError, Value};

/// Cache key: resource type, code path, filter.
pub(crate) type Key = (String, Option<String>, Option<CodeFilter>);

impl Ctx<'_> {
    /// Every resource of a type for the context patient, unfiltered (cached).
    pub(super) fn retrieve_type(&mut self, resource_type: &str) -> Result<Vec<Value>, EvalError> {
        let key: Key = (resource_type.to_string(), None, None);
        if let Some(Value::List(l)) = self.retrieves.get(&key) {
            return Ok(l.to_vec());
        }
        let Some(pid) = self.patient_id else {
            return Ok(Vec::new());
        };
        let req = RetrieveRequest {
            patient_id: pid,
            resource_type,
            code_path: None,
            filter: None,
        };
        let found = self
            .data
            .retrieve(&req)
            .map_err(|e| err(format!("retrieving {resource_type}: {e}")))?;
        let vals: Vec<Value> = found.into_iter().map(helpers::resource_from_arc).collect();
        self.retrieves.insert(key, Value::list(vals.clone()));
        Ok(vals)
    }

    pub(super) fn retrieve(&mut self, r: &RetrieveIr) -> EvalResult {
        let filter = match &r.terminology {
            None => None,
            Some(t) => match self.eval(t)? {
                Value::Null => return Ok(Value::list(Vec::new())),
                v => Some(to_filter(&v)?),
            },
        };
        let key: Key = (r.resource_type.clone(), r.code_path.clone(), filter.clone());
        if let Some(v) = self.retrieves.get(&key) {
            return Ok(v.clone());
        }
        let all = self.retrieve_type(&r.resource_type)?;
        let out = match (&filter, &r.code_path) {
            (Some(f), Some(path)) => {
                let mut kept = Vec::new();
                for res in all {
                    if self.matches_filter(&res, path, f)? {
                        kept.push(res);
                    }
                }
                kept
            }
            _ => all,
        };
        let v = Value::list(out);
        self.retrieves.insert(key, v.clone());
        Ok(v)
    }

    fn matches_filter(&self, res: &Value, path: &str, f: &CodeFilter) -> Result<bool, EvalError> {
        // Fast path: read the codes straight from the JSON (no copies) when the path is
        // one plain element holding Coding/CodeableConcept/code values.
        if let (Value::Resource(r), false) = (res, path.contains('.')) {
            if let Some(j) = r.json.get(path) {
                let mut codes: Vec<(Option<&str>, &str)> = Vec::new();
                json_codes(j, &mut codes);
                if !codes.is_empty() || j.is_object() || j.is_array() {
                    return self.any_code_matches(codes.into_iter(), f);
                }
            }
        }
        let mut v = res.clone();
        for part in path.split('.') {
            v = super::types::member(&v, part, self.offset())?;
        }
        let codes = helpers::codes_of(&v);
        self.any_code_matches(codes.iter().map(|(s, c)| (s.as_deref(), c.as_str())), f)
    }

    fn any_code_matches<'c>(
        &self,
        codes: impl Iterator<Item = (Option<&'c str>, &'c str)>,
        f: &CodeFilter,
    ) -> Result<bool, EvalError> {
        let codes: Vec<(Option<&str>, &str)> = codes.collect();
        Ok(match f {
            CodeFilter::Codes(wanted) => codes.iter().any(|(s, c)| {
                wanted.iter().any(|w| {
                    w.code == *c && (w.system.is_none() || s.is_none() || w.system.as_deref() == *s)
                })
            }),
            CodeFilter::ValueSet(id) => {
                let mut any = false;
                for (s, c) in &codes {
                    match self.terminology.in_value_set(id, s.unwrap_or(""), c) {
                        Some(true) => {
                            any = true;
                            break;
                        }
                        Some(false) => {}
                        None => {
                            return Err(err(format!(
                                "value set '{id}' is not known to the terminology provider"
                            )))
                        }
                    }
                }
                any
            }
        })
    }
}

/// The code filter a retrieve's terminology value stands for.
fn to_filter(v: &Value) -> Result<CodeFilter, EvalError> {
    match v {
        Value::Resource(r) if r.type_name == "ValueSet" => Ok(CodeFilter::ValueSet(
            r.json
                .get("url")
                .and_then(|u| u.as_str())
                .unwrap_or("")
                .to_string(),
        )),
        Value::Code(_) | Value::Concept(_) | Value::List(_) | Value::String(_) => {
            Ok(CodeFilter::Codes(
                helpers::codes_of(v)
                    .into_iter()
                    .map(|(system, code)| CodeRef { system, code })
                    .collect(),
            ))
        }
        other => Err(err(format!(
            "a retrieve filter must be a value set, code, concept or list of codes, not a {}",
            other.type_name()
        ))),
    }
}

/// The (system, code) pairs of a Coding, CodeableConcept, code string or array of them.
fn json_codes<'j>(j: &'j serde_json::Value, out: &mut Vec<(Option<&'j str>, &'j str)>) {
    match j {
        serde_json::Value::Array(items) => items.iter().for_each(|i| json_codes(i, out)),
        serde_json::Value::String(s) => out.push((None, s)),
        serde_json::Value::Object(o) => {
            if let Some(coding) = o.get("coding") {
                json_codes(coding, out);
            } else if let Some(code) = o.get("code").and_then(|c| c.as_str()) {
                out.push((o.get("system").and_then(|s| s.as_str()), code));
            }
        }
        _ => {}
    }
}
