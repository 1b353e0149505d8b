//! Compiling and evaluating a measure-like library over FHIR data, value sets and
//! parameters, and checker diagnostics.

use serde_json::json;
use std::collections::HashMap;
use ww_cql::{
    compile_library, parse_now, EvaluationRequest, InMemoryData, InMemoryTerminology, Value,
};

const MEASURE: &str = r#"
library Demo version '1.0'
using FHIR version '4.0.1'
include FHIRHelpers version '4.0.1' called FHIRHelpers

valueset "Audiometry": 'urn:vs:audiometry'

parameter "Measurement Period" Interval<DateTime>
  default Interval[@2025-01-01T00:00:00.000Z, @2025-12-31T23:59:59.999Z]
parameter "Window Days" Integer default 365

context Patient

define "Exams":
  [Procedure: "Audiometry"] P where P.status = 'completed'

define "Exam Dates":
  "Exams" P return date from (if P.performed is Period then start of P.performed else P.performed)

define "Most Recent Exam Date":
  Max("Exam Dates")

define "Days Since":
  days between "Most Recent Exam Date" and date from end of "Measurement Period"

define "Overdue":
  "Days Since" > "Window Days"

define "Age":
  AgeInYearsAt(date from end of "Measurement Period")

define "Broken":
  1 / 0 + Message(1, true, 'E1', 'Error', 'deliberate')
"#;

fn data() -> InMemoryData {
    let mut d = InMemoryData::new();
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1980-07-01"}},
        {"resource": {"resourceType": "Procedure", "id": "a", "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "398171003"}]},
            "performedPeriod": {"start": "2024-03-01T10:00:00Z", "end": "2024-03-01T11:00:00Z"}}},
        {"resource": {"resourceType": "Procedure", "id": "b", "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "398171003"}]},
            "performedDateTime": "2024-06-01T10:00:00Z"}},
        {"resource": {"resourceType": "Procedure", "id": "c", "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "999"}]},
            "performedDateTime": "2025-06-01T10:00:00Z"}}
    ]});
    d.add(bundle, "bundle.json").unwrap();
    d
}

fn terminology() -> InMemoryTerminology {
    let mut t = InMemoryTerminology::new();
    t.add_value_set(
        "urn:vs:audiometry",
        [("http://snomed.info/sct", "398171003")],
    );
    t
}

fn results(params: &HashMap<String, Value>) -> HashMap<String, String> {
    let lib = compile_library(MEASURE, &[]);
    assert!(!lib.has_errors(), "{:?}", lib.diagnostics);
    let data = data();
    let term = terminology();
    let req = EvaluationRequest {
        patient_id: Some("p1"),
        now: parse_now("2025-06-15T12:00:00.000Z").unwrap(),
        parameters: params,
        data: &data,
        terminology: &term,
        deadline: None,
    };
    lib.evaluate(&req)
        .into_iter()
        .map(|d| {
            let v = match d.value {
                Ok(v) => v.to_cql_literal(),
                Err(e) => format!("error: {e}"),
            };
            (d.name, v)
        })
        .collect()
}

#[test]
fn measure_defines_evaluate_in_order_with_value_set_retrieve() {
    let r = results(&HashMap::new());
    assert_eq!(r["Exam Dates"], "{@2024-03-01, @2024-06-01}");
    assert_eq!(r["Most Recent Exam Date"], "@2024-06-01");
    assert_eq!(r["Days Since"], "578");
    assert_eq!(r["Overdue"], "true");
    assert_eq!(r["Age"], "45");
    assert!(r["Broken"].starts_with("error:"), "{}", r["Broken"]);
}

#[test]
fn parameters_override_defaults() {
    let mut p = HashMap::new();
    p.insert("Window Days".to_string(), Value::Integer(1000));
    let r = results(&p);
    assert_eq!(r["Overdue"], "false");
}

#[test]
fn diagnostics_name_the_typo_and_suggest() {
    let src = "library T\nusing FHIR version '4.0.1'\ncontext Patient\ndefine \"Procedures\": [Procedure]\ndefine \"X\": exists \"Procedurs\"\ndefine \"Y\": [Procedure] P where P.performd is not null\n";
    let lib = compile_library(src, &[]);
    let msgs: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        msgs.iter().any(|m| m
            == "5:20: error: Could not resolve identifier 'Procedurs'. Did you mean 'Procedures'?"),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m
            .contains("FHIR type Procedure has no element 'performd'. Did you mean 'performed'?")),
        "{msgs:?}"
    );
}

#[test]
fn compiled_library_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ww_cql::CompiledLibrary>();
    assert_send_sync::<ww_cql::InMemoryData>();
    assert_send_sync::<ww_cql::InMemoryTerminology>();
}
