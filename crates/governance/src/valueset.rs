//! Value set content: parsing FHIR R4 `ValueSet` resources and CSV code lists,
//! the expansion hash, the resolution-status rules and the diff between two versions.
//!
//! Pure logic, no database: [`crate::valuesets`] stores what this module computes.
//!
//! # Resolution status rules
//!
//! The contract's `value_sets.resolution_status` takes one of five values. WorkWell runs
//! offline, so it can only use codes that are written out in the input; it never calls a
//! terminology server. The rules, applied in this order:
//!
//! | status | when |
//! |---|---|
//! | `ERROR` | the input is malformed: a FHIR `ValueSet` whose `expansion.contains` or `compose.include` entries lack a `system` or `code`, wrong JSON types, a CSV row without a system or code, a CSV without the `system,code` header |
//! | `RESOLVED` | at least one code, taken from `expansion.contains` (FHIR R4 section 4.9.8, nested `contains` included, abstract entries skipped) or, with no expansion, from a `compose` whose every `include` enumerates `concept`s (extensional definition); enumerated `compose.exclude` concepts are removed |
//! | `EMPTY` | the input is valid and complete but yields no code (an expansion with no `contains`, an enumerated compose with no concept, a CSV with only its header) |
//! | `UNRESOLVED` | no expansion, and the compose has an intensional part that needs a terminology server: an `include` or `exclude` with a `filter`, a `valueSet` reference, or a whole code system (a `system` without `concept`) |
//! | `UNKNOWN` | never checked (the column default; this module never produces it) |
//!
//! A compose that mixes enumerated and intensional includes is `UNRESOLVED`, not `RESOLVED`
//! with a partial list: membership tests over a partial list would silently miss codes.

use crate::{Error, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
pub use ww_store::enums::ResolutionStatus;
pub use ww_store::value_sets::{code_systems, expansion_hash, Code};

/// The (system, code) identity used for membership, hashing and diffs; display is ignored.
pub fn code_key(c: &Code) -> (&str, &str) {
    (&c.system, &c.code)
}

/// What parsing a value set source produced: identity, codes and the resolution verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedValueSet {
    /// Canonical URL (`ValueSet.url`), when given.
    pub canonical_url: Option<String>,
    /// Business version (`ValueSet.version`), when given.
    pub version: Option<String>,
    /// Display name (`ValueSet.title`, else `ValueSet.name`), when given.
    pub name: Option<String>,
    /// OID without the `urn:oid:` prefix, from `ValueSet.identifier` or an OID-shaped URL tail.
    pub oid: Option<String>,
    /// The codes, de-duplicated by (system, code), in first-seen order.
    pub codes: Vec<Code>,
    /// The verdict of the rules in the module documentation.
    pub status: ResolutionStatus,
    /// Why the status is ERROR or UNRESOLVED (names the JSON path or CSV line).
    pub error: Option<String>,
}

impl ParsedValueSet {
    fn verdict(codes: Vec<Code>) -> (Vec<Code>, ResolutionStatus) {
        let status = if codes.is_empty() {
            ResolutionStatus::Empty
        } else {
            ResolutionStatus::Resolved
        };
        (dedup(codes), status)
    }
}

fn dedup(codes: Vec<Code>) -> Vec<Code> {
    let mut seen = BTreeSet::new();
    codes
        .into_iter()
        .filter(|c| seen.insert((c.system.clone(), c.code.clone())))
        .collect()
}

/// Parses a FHIR R4 `ValueSet` resource (JSON text).
///
/// Errors (`Error::Invalid`) only when the text is not a JSON object with
/// `"resourceType": "ValueSet"`: then nothing identifies a value set to record. Malformed
/// content inside a real ValueSet gives `Ok` with status `ERROR` and the reason, so the
/// failure can be stored on the row.
pub fn parse_fhir_valueset(text: &str) -> Result<ParsedValueSet> {
    let json: Value =
        serde_json::from_str(text).map_err(|e| Error::invalid(format!("value set JSON: {e}")))?;
    let obj = json
        .as_object()
        .ok_or_else(|| Error::invalid("value set JSON: expected an object"))?;
    match obj.get("resourceType").and_then(Value::as_str) {
        Some("ValueSet") => {}
        Some(other) => {
            return Err(Error::invalid(format!(
                "value set JSON: resourceType is {other:?}, expected \"ValueSet\""
            )))
        }
        None => return Err(Error::invalid("value set JSON: missing resourceType")),
    }
    let str_field = |name: &str| obj.get(name).and_then(Value::as_str).map(str::to_string);
    let canonical_url = str_field("url");
    let mut parsed = ParsedValueSet {
        oid: find_oid(obj.get("identifier"), canonical_url.as_deref()),
        canonical_url,
        version: str_field("version"),
        name: str_field("title").or_else(|| str_field("name")),
        codes: Vec::new(),
        status: ResolutionStatus::Unknown,
        error: None,
    };
    match content_codes(&json) {
        Ok(Content::Codes(codes)) => {
            let (codes, status) = ParsedValueSet::verdict(codes);
            parsed.codes = codes;
            parsed.status = status;
        }
        Ok(Content::Intensional(why)) => {
            parsed.status = ResolutionStatus::Unresolved;
            parsed.error = Some(why);
        }
        Err(why) => {
            parsed.status = ResolutionStatus::Error;
            parsed.error = Some(why);
        }
    }
    Ok(parsed)
}

enum Content {
    Codes(Vec<Code>),
    Intensional(String),
}

fn content_codes(json: &Value) -> std::result::Result<Content, String> {
    if let Some(expansion) = json.get("expansion") {
        let mut codes = Vec::new();
        if let Some(contains) = expansion.get("contains") {
            collect_contains(contains, "expansion.contains", &mut codes)?;
        }
        return Ok(Content::Codes(codes));
    }
    let Some(compose) = json.get("compose") else {
        return Err("neither expansion nor compose is present".to_string());
    };
    let includes = compose
        .get("include")
        .ok_or("compose.include is missing")?
        .as_array()
        .ok_or("compose.include is not an array")?;
    let mut codes = Vec::new();
    for (i, include) in includes.iter().enumerate() {
        let path = format!("compose.include[{i}]");
        if let Some(why) = intensional(include, &path) {
            return Ok(Content::Intensional(why));
        }
        collect_concepts(include, &path, &mut codes)?;
    }
    if let Some(excludes) = compose.get("exclude") {
        let excludes = excludes
            .as_array()
            .ok_or("compose.exclude is not an array")?;
        let mut removed = Vec::new();
        for (i, exclude) in excludes.iter().enumerate() {
            let path = format!("compose.exclude[{i}]");
            if let Some(why) = intensional(exclude, &path) {
                return Ok(Content::Intensional(why));
            }
            collect_concepts(exclude, &path, &mut removed)?;
        }
        codes.retain(|c| !removed.iter().any(|r| code_key(r) == code_key(c)));
    }
    Ok(Content::Codes(codes))
}

/// Why an include/exclude needs a terminology server, or None when it enumerates concepts.
fn intensional(part: &Value, path: &str) -> Option<String> {
    if part.get("filter").is_some() {
        return Some(format!(
            "{path} uses a filter: expansion needs a terminology server"
        ));
    }
    if part.get("valueSet").is_some() {
        return Some(format!(
            "{path} references another value set that cannot be expanded offline"
        ));
    }
    if part.get("concept").is_none() {
        let system = part.get("system").and_then(Value::as_str).unwrap_or("?");
        return Some(format!(
            "{path} includes the whole code system {system}: expansion needs a terminology server"
        ));
    }
    None
}

fn collect_concepts(
    part: &Value,
    path: &str,
    out: &mut Vec<Code>,
) -> std::result::Result<(), String> {
    let system = part
        .get("system")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("{path}.system is missing"))?;
    let concepts = part
        .get("concept")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{path}.concept is not an array"))?;
    for (j, concept) in concepts.iter().enumerate() {
        let code = non_empty_str(concept, "code")
            .ok_or_else(|| format!("{path}.concept[{j}].code is missing"))?;
        out.push(Code {
            system: system.to_string(),
            code,
            display: concept
                .get("display")
                .and_then(Value::as_str)
                .map(str::to_string),
        });
    }
    Ok(())
}

fn collect_contains(
    contains: &Value,
    path: &str,
    out: &mut Vec<Code>,
) -> std::result::Result<(), String> {
    let entries = contains
        .as_array()
        .ok_or_else(|| format!("{path} is not an array"))?;
    for (i, entry) in entries.iter().enumerate() {
        let here = format!("{path}[{i}]");
        let is_abstract = entry.get("abstract").and_then(Value::as_bool) == Some(true);
        let has_code = entry.get("code").is_some();
        if has_code && !is_abstract {
            let code =
                non_empty_str(entry, "code").ok_or_else(|| format!("{here}.code is empty"))?;
            let system = non_empty_str(entry, "system")
                .ok_or_else(|| format!("{here}.system is missing"))?;
            out.push(Code {
                system,
                code,
                display: entry
                    .get("display")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            });
        }
        if let Some(nested) = entry.get("contains") {
            collect_contains(nested, &format!("{here}.contains"), out)?;
        }
    }
    Ok(())
}

fn non_empty_str(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn find_oid(identifier: Option<&Value>, url: Option<&str>) -> Option<String> {
    let from_identifier = identifier
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| id.get("value").and_then(Value::as_str))
        .find_map(|v| v.strip_prefix("urn:oid:").map(str::to_string));
    from_identifier.or_else(|| {
        let tail = url?.rsplit('/').next()?;
        is_oid(tail).then(|| tail.to_string())
    })
}

/// True for dotted-decimal OIDs such as `2.16.840.1.113883.3.464.1003.101.12.1001`.
pub fn is_oid(text: &str) -> bool {
    text.contains('.')
        && text
            .split('.')
            .all(|arc| !arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a CSV code list with the header `system,code,display` (display optional).
///
/// Never errors: a malformed file gives status `ERROR` with every problem in `error`, one
/// `line N: what is wrong` per bad line joined by newlines (see [`csv_row_errors`]); a
/// header-only file gives `EMPTY`. Identity fields are left empty for the caller to supply.
pub fn parse_csv_codes(text: &str) -> ParsedValueSet {
    let mut parsed = ParsedValueSet {
        canonical_url: None,
        version: None,
        name: None,
        oid: None,
        codes: Vec::new(),
        status: ResolutionStatus::Unknown,
        error: None,
    };
    match csv_codes(text) {
        Ok(codes) => {
            let (codes, status) = ParsedValueSet::verdict(codes);
            parsed.codes = codes;
            parsed.status = status;
        }
        Err(errors) => {
            parsed.status = ResolutionStatus::Error;
            parsed.error = Some(
                errors
                    .iter()
                    .map(|(line, why)| format!("line {line}: {why}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
    }
    parsed
}

/// Every bad line of a CSV code list as (1-based line number, what is wrong), in file order;
/// empty when the file is well formed.
pub fn csv_row_errors(text: &str) -> Vec<(u64, String)> {
    csv_codes(text).err().unwrap_or_default()
}

fn csv_codes(text: &str) -> std::result::Result<Vec<Code>, Vec<(u64, String)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![(1, e.to_string())])?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(sys_col), Some(code_col)) = (col("system"), col("code")) else {
        return Err(vec![(
            1,
            "the header must name the columns system,code[,display]".to_string(),
        )]);
    };
    let display_col = col("display");
    let mut codes = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                // A broken quote leaves the reader's position unreliable: stop here.
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push((line, format!("malformed CSV: {e}")));
                break;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let system = record.get(sys_col).unwrap_or("");
        let code = record.get(code_col).unwrap_or("");
        let mut missing = Vec::new();
        if system.is_empty() {
            missing.push("system");
        }
        if code.is_empty() {
            missing.push("code");
        }
        if !missing.is_empty() {
            let verb = if missing.len() == 1 { "is" } else { "are" };
            errors.push((line, format!("{} {verb} empty", missing.join(" and "))));
            continue;
        }
        codes.push(Code {
            system: system.to_string(),
            code: code.to_string(),
            display: display_col
                .and_then(|c| record.get(c))
                .filter(|d| !d.is_empty())
                .map(str::to_string),
        });
    }
    if errors.is_empty() {
        Ok(codes)
    } else {
        Err(errors)
    }
}

/// Codes added and removed between two versions of a value set, by (system, code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeDiff {
    /// In the newer list and not in the older, sorted by (system, code).
    pub added: Vec<Code>,
    /// In the older list and not in the newer, sorted by (system, code).
    pub removed: Vec<Code>,
    /// Codes present in both.
    pub unchanged: usize,
}

/// Compares two code lists (`old` -> `new`).
pub fn diff_codes(old: &[Code], new: &[Code]) -> CodeDiff {
    let old_keys: BTreeSet<(&str, &str)> = old.iter().map(code_key).collect();
    let new_keys: BTreeSet<(&str, &str)> = new.iter().map(code_key).collect();
    let pick = |from: &[Code], keys: BTreeSet<&(&str, &str)>| {
        let mut out: Vec<Code> = dedup(
            from.iter()
                .filter(|c| keys.contains(&code_key(c)))
                .cloned()
                .collect(),
        );
        out.sort_by(|a, b| code_key(a).cmp(&code_key(b)));
        out
    };
    CodeDiff {
        added: pick(new, new_keys.difference(&old_keys).collect()),
        removed: pick(old, old_keys.difference(&new_keys).collect()),
        unchanged: old_keys.intersection(&new_keys).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(system: &str, code: &str, display: Option<&str>) -> Code {
        Code {
            system: system.to_string(),
            code: code.to_string(),
            display: display.map(str::to_string),
        }
    }

    const CPT: &str = "http://www.ama-assn.org/go/cpt";
    const SCT: &str = "http://snomed.info/sct";

    fn keys(p: &ParsedValueSet) -> Vec<String> {
        p.codes
            .iter()
            .map(|c| format!("{}|{}", c.system, c.code))
            .collect()
    }

    fn check(json: &str, status: ResolutionStatus, codes: &[&str]) {
        let parsed = parse_fhir_valueset(json).unwrap();
        assert_eq!(parsed.status, status, "{json}: {:?}", parsed.error);
        assert_eq!(keys(&parsed), codes, "{json}");
    }

    #[test]
    fn expansion_contains_is_resolved_with_nested_entries() {
        check(
            r#"{"resourceType":"ValueSet","expansion":{"contains":[
                {"system":"S","code":"1"},
                {"abstract":true,"contains":[{"system":"S","code":"2"},{"system":"S","code":"1"}]}]}}"#,
            ResolutionStatus::Resolved,
            &["S|1", "S|2"],
        );
    }

    #[test]
    fn rules_table() {
        use ResolutionStatus::*;
        let vs = |body: &str| format!(r#"{{"resourceType":"ValueSet",{body}}}"#);
        check(&vs(r#""expansion":{"total":0}"#), Empty, &[]);
        check(
            &vs(r#""compose":{"include":[{"system":"S","concept":[]}]}"#),
            Empty,
            &[],
        );
        check(
            &vs(
                r#""compose":{"include":[{"system":"S","concept":[{"code":"a"},{"code":"b"}]}],
                  "exclude":[{"system":"S","concept":[{"code":"a"}]}]}"#,
            ),
            Resolved,
            &["S|b"],
        );
        check(
            &vs(
                r#""compose":{"include":[{"system":"S","concept":[{"code":"a"}]},
                  {"system":"S","filter":[{"property":"concept","op":"is-a","value":"x"}]}]}"#,
            ),
            Unresolved,
            &[],
        );
        check(
            &vs(r#""compose":{"include":[{"valueSet":["http://x/vs"]}]}"#),
            Unresolved,
            &[],
        );
        check(
            &vs(r#""compose":{"include":[{"system":"http://loinc.org"}]}"#),
            Unresolved,
            &[],
        );
        check(
            &vs(r#""compose":{"include":[{"concept":[{"code":"a"}]}]}"#),
            Error,
            &[],
        );
        check(
            &vs(r#""expansion":{"contains":[{"code":"a"}]}"#),
            Error,
            &[],
        );
        check(&vs(r#""name":"x""#), Error, &[]);
    }

    #[test]
    fn identity_fields_and_oid() {
        let p = parse_fhir_valueset(
            r#"{"resourceType":"ValueSet","url":"http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1059",
                "version":"2024-01","title":"Audiometry","name":"aud",
                "expansion":{"contains":[{"system":"http://www.ama-assn.org/go/cpt","code":"92557","display":"Comprehensive audiometry"}]}}"#,
        )
        .unwrap();
        assert_eq!(
            p.oid.as_deref(),
            Some("2.16.840.1.113883.3.464.1003.110.12.1059")
        );
        assert_eq!(p.name.as_deref(), Some("Audiometry"));
        assert_eq!(p.version.as_deref(), Some("2024-01"));
        assert_eq!(
            p.codes[0].display.as_deref(),
            Some("Comprehensive audiometry")
        );
        let p = parse_fhir_valueset(
            r#"{"resourceType":"ValueSet","identifier":[{"system":"urn:ietf:rfc:3986","value":"urn:oid:1.2.3"}],"expansion":{}}"#,
        )
        .unwrap();
        assert_eq!(p.oid.as_deref(), Some("1.2.3"));
        assert_eq!(p.status, ResolutionStatus::Empty);
    }

    #[test]
    fn not_a_value_set_is_refused() {
        for bad in ["", "[]", r#"{"resourceType":"Patient"}"#, "{"] {
            assert!(parse_fhir_valueset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_import() {
        let p = parse_csv_codes("system,code,display\nS,1,One\nS,2,\n\nS,1,again\n");
        assert_eq!(p.status, ResolutionStatus::Resolved);
        assert_eq!(keys(&p), ["S|1", "S|2"]);
        assert_eq!(p.codes[0].display.as_deref(), Some("One"));
        assert_eq!(p.codes[1].display, None);
        assert_eq!(
            parse_csv_codes("system,code\n").status,
            ResolutionStatus::Empty
        );
        let bad = parse_csv_codes("system,code,display\nS,1\n,2\nS,\n,,x\n");
        assert_eq!(bad.status, ResolutionStatus::Error);
        assert_eq!(
            bad.error.as_deref(),
            Some(
                "line 3: system is empty\nline 4: code is empty\nline 5: system and code are empty"
            )
        );
        let bad = parse_csv_codes("a,b\n1,2\n");
        assert_eq!(bad.status, ResolutionStatus::Error);
    }

    #[test]
    fn hash_known_value_and_systems() {
        // sha256("S|1\nS|2\n"): ww-store's definition, each line ends with a newline
        let codes = [code("S", "2", None), code("S", "1", None)];
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"S|1\nS|2\n");
        assert_eq!(expansion_hash(&codes), hex::encode(h.finalize()));
        assert_eq!(
            code_systems(&[
                code(SCT, "1", None),
                code(CPT, "2", None),
                code(SCT, "3", None)
            ]),
            [SCT, CPT]
        );
    }

    #[test]
    fn diff_reports_added_and_removed() {
        let old = [code(CPT, "92552", None), code(CPT, "92553", None)];
        let new = [code(CPT, "92557", None), code(CPT, "92552", None)];
        let d = diff_codes(&old, &new);
        assert_eq!(d.added, [code(CPT, "92557", None)]);
        assert_eq!(d.removed, [code(CPT, "92553", None)]);
        assert_eq!(d.unchanged, 1);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn any_code() -> impl Strategy<Value = Code> {
            (
                prop::sample::select(vec![CPT, SCT, "http://loinc.org"]),
                "[0-9A-Z-]{1,7}",
            )
                .prop_map(|(s, c)| code(s, &c, None))
        }

        proptest! {
            #[test]
            fn expansion_hash_ignores_order_and_duplicates(
                codes in prop::collection::vec(any_code(), 0..40),
                seed in any::<u64>(),
                dup in 0usize..5,
            ) {
                let mut shuffled = codes.clone();
                // Deterministic shuffle driven by the seed.
                let mut s = seed;
                for i in (1..shuffled.len()).rev() {
                    s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    shuffled.swap(i, (s >> 33) as usize % (i + 1));
                }
                for c in codes.iter().take(dup) {
                    let mut again = c.clone();
                    again.display = Some("other display".into());
                    shuffled.push(again);
                }
                prop_assert_eq!(expansion_hash(&codes), expansion_hash(&shuffled));
            }

            #[test]
            fn different_code_sets_hash_differently(
                a in prop::collection::btree_set("[0-9]{1,5}", 1..10),
                b in prop::collection::btree_set("[0-9]{1,5}", 1..10),
            ) {
                let to_codes = |s: &std::collections::BTreeSet<String>| -> Vec<Code> {
                    s.iter().map(|c| code(CPT, c, None)).collect()
                };
                prop_assert_eq!(a == b, expansion_hash(&to_codes(&a)) == expansion_hash(&to_codes(&b)));
            }
        }
    }
}
