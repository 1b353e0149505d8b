//! Reading, checking and hashing test fixtures (issue 6 item 3; QA finding G10).
//!
//! A fixture reaches WorkWell as JSON text (a file for `workwell measures fixtures add`, or
//! the Studio's form with the bundle typed as JSON). Every refusal names the field it is
//! about (`asOf`, `expectedStatus`, `employee.startDate`, `bundle.entry[2].resource.subject`,
//! ...) instead of a serde position: `"asOf":"2026-13-01"` is refused as
//! `asOf: "2026-13-01" is not a calendar date (YYYY-MM-DD)`.
//!
//! Beyond the shape, [`check_fixture`] refuses a bundle that cannot be what the author meant:
//! one without the fixture's Patient (an empty bundle with no patient is the common slip),
//! and records whose `subject` / `patient` names another patient (they would be evaluated as
//! the fixture's patient's records all the same).
//!
//! [`fixture_sha256`] is the content hash recorded at approval: SHA-256 of the fixture's JSON
//! with object keys sorted, so the same content always hashes the same whatever order its keys
//! were typed in.

use crate::fixtures::{FixtureEmployee, FixtureFile, DEFAULT_PATIENT_ID};
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use ww_store::enums::OutcomeStatus;

/// The longest fixture name accepted (characters).
pub const MAX_NAME_CHARS: usize = 120;

const TOP_KEYS: [&str; 6] = [
    "name",
    "description",
    "asOf",
    "employee",
    "expectedStatus",
    "bundle",
];
const EMPLOYEE_KEYS: [&str; 6] = [
    "role",
    "site",
    "startDate",
    "active",
    "hasActiveWaiver",
    "patientId",
];

fn bad(field: &str, what: impl std::fmt::Display) -> Error {
    Error::invalid(format!("{field}: {what}"))
}

/// Parses a calendar date `YYYY-MM-DD` (years 1900-2999), naming `field` when it is not one.
///
/// # Errors
/// [`Error::Invalid`], e.g. `asOf: "2026-13-01" is not a calendar date (YYYY-MM-DD)`.
pub fn parse_date_field(field: &str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    let date = if shaped {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
    } else {
        None
    };
    match date {
        Some(d) if (1900..=2999).contains(&d.year()) => Ok(d),
        Some(_) => Err(bad(
            field,
            format!("{t:?} is outside the years 1900 to 2999"),
        )),
        None => Err(bad(
            field,
            format!("{t:?} is not a calendar date (YYYY-MM-DD)"),
        )),
    }
}

/// Parses an outcome status, naming `field` and listing the accepted values otherwise.
///
/// # Errors
/// [`Error::Invalid`], e.g. `expectedStatus: "LATE" is not an outcome status (COMPLIANT,
/// DUE_SOON, OVERDUE, MISSING_DATA, EXCLUDED)`.
pub fn parse_status_field(field: &str, text: &str) -> Result<OutcomeStatus> {
    text.trim().parse::<OutcomeStatus>().map_err(|_| {
        let all: Vec<&str> = OutcomeStatus::ALL.iter().map(|s| s.as_str()).collect();
        bad(
            field,
            format!("{text:?} is not an outcome status ({})", all.join(", ")),
        )
    })
}

fn object<'a>(field: &str, v: &'a Value) -> Result<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| bad(field, "must be a JSON object"))
}

fn unknown_keys(field: &str, map: &Map<String, Value>, known: &[&str]) -> Result<()> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(bad(
            &format!("{field}{k}"),
            format!("unknown field (expected one of {})", known.join(", ")),
        )),
    }
}

fn text_field(field: &str, v: Option<&Value>) -> Result<Option<String>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(bad(field, "must be text")),
    }
}

fn required_text(field: &str, v: Option<&Value>) -> Result<String> {
    text_field(field, v)?.ok_or_else(|| bad(field, "is required"))
}

fn bool_field(field: &str, v: Option<&Value>, default: bool) -> Result<bool> {
    match v {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(bad(field, "must be true or false")),
    }
}

/// Reads a fixture from JSON text (the file form of [`FixtureFile`]) and checks it with
/// [`check_fixture`]. `origin` (a file name) prefixes a syntax error.
///
/// # Errors
/// [`Error::Invalid`] naming the field (or, for malformed JSON, the line and column).
pub fn parse_fixture_json(text: &str, origin: &str) -> Result<FixtureFile> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("{origin}: not valid JSON: {e}")))?;
    fixture_from_value(&value)
}

/// Reads a fixture from a JSON value, field by field, and checks it with [`check_fixture`].
///
/// # Errors
/// [`Error::Invalid`] naming the field: an unknown key, a missing name, an `asOf` or
/// `employee.startDate` that is not a calendar date, an unknown `expectedStatus`, a bundle
/// that is not a FHIR Bundle with the fixture's Patient.
pub fn fixture_from_value(value: &Value) -> Result<FixtureFile> {
    let top = object("fixture", value)?;
    unknown_keys("", top, &TOP_KEYS)?;
    let name = required_text("name", top.get("name"))?;
    let description = text_field("description", top.get("description"))?;
    let as_of = parse_date_field("asOf", &required_text("asOf", top.get("asOf"))?)?;
    let expected_status = parse_status_field(
        "expectedStatus",
        &required_text("expectedStatus", top.get("expectedStatus"))?,
    )?;
    let employee = match top.get("employee") {
        None => return Err(bad("employee", "is required")),
        Some(e) => employee_from_value(e)?,
    };
    let bundle = top
        .get("bundle")
        .cloned()
        .ok_or_else(|| bad("bundle", "is required"))?;
    let f = FixtureFile {
        name,
        description,
        as_of,
        employee,
        expected_status,
        bundle,
    };
    check_fixture(&f)?;
    Ok(f)
}

fn employee_from_value(v: &Value) -> Result<FixtureEmployee> {
    let e = object("employee", v)?;
    unknown_keys("employee.", e, &EMPLOYEE_KEYS)?;
    let start_date = text_field("employee.startDate", e.get("startDate"))?
        .map(|t| parse_date_field("employee.startDate", &t))
        .transpose()?;
    Ok(FixtureEmployee {
        role: text_field("employee.role", e.get("role"))?,
        site: text_field("employee.site", e.get("site"))?,
        start_date,
        active: bool_field("employee.active", e.get("active"), true)?,
        has_active_waiver: bool_field("employee.hasActiveWaiver", e.get("hasActiveWaiver"), false)?,
        patient_id: text_field("employee.patientId", e.get("patientId"))?
            .unwrap_or_else(|| DEFAULT_PATIENT_ID.to_string()),
    })
}

/// A fixture as the Studio's form sends it: dates and the status as typed, the bundle as JSON
/// text. [`FixtureDraft::into_fixture`] checks it with the same rules as a fixture file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureDraft {
    /// Unique per measure.
    pub name: String,
    /// What the case shows (blank = none).
    #[serde(default)]
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// COMPLIANT | DUE_SOON | OVERDUE | MISSING_DATA | EXCLUDED.
    pub expected_status: String,
    /// Employee role (blank = none).
    #[serde(default)]
    pub role: Option<String>,
    /// Employee site (blank = none).
    #[serde(default)]
    pub site: Option<String>,
    /// `YYYY-MM-DD` (blank = none).
    #[serde(default)]
    pub start_date: Option<String>,
    /// Active employment.
    pub active: bool,
    /// A waiver is active at the as-of date.
    pub has_active_waiver: bool,
    /// The Patient id the bundle uses (blank = `fixture-patient`).
    #[serde(default)]
    pub patient_id: Option<String>,
    /// The FHIR Bundle as JSON text.
    pub bundle_json: String,
}

fn blank_to_none(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl FixtureDraft {
    /// The checked fixture.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field, as [`fixture_from_value`]; a bundle that is not
    /// JSON is refused as `bundle: not valid JSON: ... at line L column C`.
    pub fn into_fixture(self) -> Result<FixtureFile> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(bad("name", "is required"));
        }
        let bundle: Value = serde_json::from_str(&self.bundle_json)
            .map_err(|e| bad("bundle", format!("not valid JSON: {e}")))?;
        let f = FixtureFile {
            name: name.to_string(),
            description: blank_to_none(&self.description),
            as_of: parse_date_field("asOf", &self.as_of)?,
            expected_status: parse_status_field("expectedStatus", &self.expected_status)?,
            employee: FixtureEmployee {
                role: blank_to_none(&self.role),
                site: blank_to_none(&self.site),
                start_date: blank_to_none(&self.start_date)
                    .map(|d| parse_date_field("employee.startDate", &d))
                    .transpose()?,
                active: self.active,
                has_active_waiver: self.has_active_waiver,
                patient_id: blank_to_none(&self.patient_id)
                    .unwrap_or_else(|| DEFAULT_PATIENT_ID.to_string()),
            },
            bundle,
        };
        check_fixture(&f)?;
        Ok(f)
    }
}

/// The rules every stored fixture meets (whatever form it came in):
///
/// * a name of 1 to [`MAX_NAME_CHARS`] characters on one line;
/// * `bundle` is a FHIR Bundle (`resourceType` "Bundle") whose `entry`, when present, is a
///   list of entries each with a `resource` that has a `resourceType`;
/// * the bundle holds a Patient whose id is `employee.patientId` (a fixture's employee always
///   has a patient, even one with no records: an empty bundle without one is refused);
/// * a record's `subject` or `patient` reference, when it has one, is `Patient/<that id>`.
///
/// # Errors
/// [`Error::Invalid`] naming the field, e.g. `bundle.entry[1].resource.subject: refers to
/// Patient/p2, but the fixture's patient is fixture-patient (employee.patientId)`.
pub fn check_fixture(f: &FixtureFile) -> Result<()> {
    let name = f.name.trim();
    if name.is_empty() {
        return Err(bad("name", "is required"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(bad(
            "name",
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.contains(['\n', '\r', '\t']) {
        return Err(bad("name", "must be one line"));
    }
    let bundle = object("bundle", &f.bundle)?;
    match bundle.get("resourceType").and_then(Value::as_str) {
        Some("Bundle") => {}
        Some(other) => {
            return Err(bad(
                "bundle.resourceType",
                format!("must be \"Bundle\", not {other:?}"),
            ))
        }
        None => return Err(bad("bundle.resourceType", "must be \"Bundle\"")),
    }
    let entries = match bundle.get("entry") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => return Err(bad("bundle.entry", "must be a list")),
    };
    let patient = f.employee.patient_id.as_str();
    // Shape first, then the patient, then the references: a missing patient is the more
    // fundamental slip, and the reference check names it.
    let mut resources = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("bundle.entry[{i}]");
        let resource = entry
            .get("resource")
            .ok_or_else(|| bad(&at, "has no resource"))?;
        let rt = resource
            .get("resourceType")
            .and_then(Value::as_str)
            .ok_or_else(|| bad(&format!("{at}.resource"), "has no resourceType"))?;
        resources.push((at, rt, resource));
    }
    let has_patient = resources
        .iter()
        .any(|(_, rt, r)| *rt == "Patient" && r.get("id").and_then(Value::as_str) == Some(patient));
    if !has_patient {
        return Err(bad(
            "bundle",
            format!(
                "has no Patient resource with id {patient:?} (employee.patientId): every \
                 fixture's bundle holds its patient, even when the patient has no records"
            ),
        ));
    }
    let expected = format!("Patient/{patient}");
    for (at, rt, resource) in &resources {
        if *rt == "Patient" {
            continue;
        }
        for key in ["subject", "patient"] {
            let reference = resource
                .get(key)
                .and_then(|r| r.get("reference"))
                .and_then(Value::as_str);
            match reference {
                Some(r) if r != expected => {
                    return Err(bad(
                        &format!("{at}.resource.{key}"),
                        format!(
                            "refers to {r}, but the fixture's patient is {patient} \
                             (employee.patientId)"
                        ),
                    ))
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The value with every object's keys sorted (arrays keep their order).
fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// SHA-256 (hex) of a fixture's content: its JSON file form (name, description, asOf,
/// employee, expectedStatus, bundle) with object keys sorted, serialised compactly.
pub fn fixture_sha256(f: &FixtureFile) -> String {
    let value = serde_json::to_value(f).unwrap_or(Value::Null);
    let text = serde_json::to_string(&canonical(&value)).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// SHA-256 (hex) over a set of fixtures given as (name, content hash): the lines
/// `name<TAB>sha256<LF>` in name order. Empty set: the hash of the empty text.
pub fn fixture_set_sha256<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut items: Vec<(&str, &str)> = items.into_iter().collect();
    items.sort();
    let mut h = Sha256::new();
    for (name, sha) in items {
        h.update(name.as_bytes());
        h.update(b"\t");
        h.update(sha.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({
            "name": "overdue-exam",
            "asOf": "2026-03-02",
            "employee": {"role": "Welder", "startDate": "2019-06-03"},
            "expectedStatus": "OVERDUE",
            "bundle": {"resourceType": "Bundle", "type": "collection", "entry": [
                {"resource": {"resourceType": "Patient", "id": "fixture-patient"}},
                {"resource": {"resourceType": "Procedure", "id": "p1",
                              "subject": {"reference": "Patient/fixture-patient"}}}
            ]}
        })
    }

    fn refused(v: Value) -> String {
        match fixture_from_value(&v) {
            Err(Error::Invalid(m)) => m,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn with(path: &[&str], value: Value) -> Value {
        let mut v = good();
        let mut at = &mut v;
        for p in &path[..path.len() - 1] {
            at = at.get_mut(*p).unwrap();
        }
        at[path[path.len() - 1]] = value;
        v
    }

    #[test]
    fn a_good_fixture_reads_with_defaults() {
        let f = fixture_from_value(&good()).unwrap();
        assert_eq!(f.name, "overdue-exam");
        assert_eq!(f.as_of, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(f.expected_status, OutcomeStatus::Overdue);
        assert_eq!(f.employee.role.as_deref(), Some("Welder"));
        assert!(f.employee.active);
        assert!(!f.employee.has_active_waiver);
        assert_eq!(f.employee.patient_id, "fixture-patient");
    }

    /// QA G10: `"asOf":"2026-13-01"` was refused as "input is out of range at line 1 column
    /// 31"; the field must be named.
    #[test]
    fn refusals_name_the_field() {
        for (v, expect) in [
            (
                with(&["asOf"], json!("2026-13-01")),
                "asOf: \"2026-13-01\" is not a calendar date (YYYY-MM-DD)",
            ),
            (
                with(&["asOf"], json!("2026-2-30")),
                "asOf: \"2026-2-30\" is not a calendar date (YYYY-MM-DD)",
            ),
            (
                with(&["asOf"], json!("1026-02-03")),
                "asOf: \"1026-02-03\" is outside the years 1900 to 2999",
            ),
            (
                with(&["employee", "startDate"], json!("2019-02-29")),
                "employee.startDate: \"2019-02-29\" is not a calendar date (YYYY-MM-DD)",
            ),
            (
                with(&["expectedStatus"], json!("LATE")),
                "expectedStatus: \"LATE\" is not an outcome status (COMPLIANT, DUE_SOON, \
                 OVERDUE, MISSING_DATA, EXCLUDED)",
            ),
            (
                with(&["expectedStatus"], json!(3)),
                "expectedStatus: must be text",
            ),
            (with(&["name"], json!("  ")), "name: is required"),
            (
                with(&["employee", "active"], json!("yes")),
                "employee.active: must be true or false",
            ),
            (
                with(&["employee", "badge"], json!(1)),
                "employee.badge: unknown field (expected one of role, site, startDate, \
                 active, hasActiveWaiver, patientId)",
            ),
            (
                with(&["bundle", "resourceType"], json!("Patient")),
                "bundle.resourceType: must be \"Bundle\", not \"Patient\"",
            ),
            (
                with(&["bundle", "entry"], json!({})),
                "bundle.entry: must be a list",
            ),
        ] {
            assert_eq!(refused(v), expect);
        }
        let mut v = good();
        v.as_object_mut().unwrap().remove("asOf");
        assert_eq!(refused(v), "asOf: is required");
        let mut v = good();
        v["expected"] = json!("COMPLIANT");
        assert!(refused(v).starts_with("expected: unknown field"));
    }

    /// QA G10: a fixture with an empty bundle and no patient was accepted.
    #[test]
    fn a_bundle_without_the_fixtures_patient_is_refused() {
        let empty = with(&["bundle"], json!({"resourceType": "Bundle", "entry": []}));
        assert_eq!(
            refused(empty),
            "bundle: has no Patient resource with id \"fixture-patient\" \
             (employee.patientId): every fixture's bundle holds its patient, even when the \
             patient has no records"
        );
        let other = with(&["employee", "patientId"], json!("p2"));
        assert!(refused(other).starts_with("bundle: has no Patient resource with id \"p2\""));
        let stray = with(
            &["bundle", "entry"],
            json!([
                {"resource": {"resourceType": "Patient", "id": "fixture-patient"}},
                {"resource": {"resourceType": "Immunization", "patient": {"reference": "Patient/x"}}}
            ]),
        );
        assert_eq!(
            refused(stray),
            "bundle.entry[1].resource.patient: refers to Patient/x, but the fixture's \
             patient is fixture-patient (employee.patientId)"
        );
        let no_resource = with(&["bundle", "entry"], json!([{"fullUrl": "x"}]));
        assert_eq!(refused(no_resource), "bundle.entry[0]: has no resource");
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let err = parse_fixture_json("{\"name\": }", "fx.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "fx.json: not valid JSON: expected value at line 1 column 10"
        );
        let draft = FixtureDraft {
            name: "n".into(),
            as_of: "2026-01-01".into(),
            expected_status: "COMPLIANT".into(),
            active: true,
            bundle_json: "{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [,]\n}".into(),
            ..Default::default()
        };
        assert_eq!(
            draft.into_fixture().unwrap_err().to_string(),
            "bundle: not valid JSON: expected value at line 3 column 13"
        );
    }

    #[test]
    fn a_draft_from_the_form_becomes_the_same_fixture_as_the_file() {
        let file = fixture_from_value(&good()).unwrap();
        let draft = FixtureDraft {
            name: " overdue-exam ".into(),
            description: Some("   ".into()),
            as_of: "2026-03-02".into(),
            expected_status: "OVERDUE".into(),
            role: Some("Welder".into()),
            site: Some(String::new()),
            start_date: Some("2019-06-03".into()),
            active: true,
            has_active_waiver: false,
            patient_id: None,
            bundle_json: serde_json::to_string_pretty(&good()["bundle"]).unwrap(),
        };
        let from_form = draft.into_fixture().unwrap();
        assert_eq!(from_form, file);
        assert_eq!(fixture_sha256(&from_form), fixture_sha256(&file));
    }

    #[test]
    fn content_hash_ignores_key_order_and_sees_every_change() {
        let a = fixture_from_value(&good()).unwrap();
        let reordered: Value =
            serde_json::from_str(&serde_json::to_string(&canonical(&good())).unwrap()).unwrap();
        let b = fixture_from_value(&reordered).unwrap();
        assert_eq!(fixture_sha256(&a), fixture_sha256(&b));
        assert_eq!(fixture_sha256(&a).len(), 64);
        let mut c = a.clone();
        c.expected_status = OutcomeStatus::DueSoon;
        assert_ne!(fixture_sha256(&a), fixture_sha256(&c));
        let mut d = a.clone();
        d.bundle["entry"][1]["resource"]["id"] = json!("p2");
        assert_ne!(fixture_sha256(&a), fixture_sha256(&d));
        // The set hash is order-independent and sees a rename.
        let s1 = fixture_set_sha256([("a", "1"), ("b", "2")]);
        assert_eq!(s1, fixture_set_sha256([("b", "2"), ("a", "1")]));
        assert_ne!(s1, fixture_set_sha256([("a", "1"), ("c", "2")]));
        assert_eq!(
            fixture_set_sha256([]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
