//! Accepted shapes: Bundles of each type, single resources, NDJSON, folders.

use serde_json::json;
use ww_fhir::{read_paths, read_str, SourceKind};

#[test]
fn transaction_bundle_resolves_urn_uuid_references() {
    let text = r#"{
  "resourceType": "Bundle",
  "type": "transaction",
  "entry": [
    {
      "fullUrl": "urn:uuid:11111111-2222",
      "resource": {"resourceType": "Patient", "id": "emp-7"},
      "request": {"method": "PUT", "url": "Patient/emp-7"}
    },
    {
      "fullUrl": "urn:uuid:3333",
      "resource": {
        "resourceType": "Procedure",
        "id": "proc-1",
        "subject": {"reference": "urn:uuid:11111111-2222"}
      }
    }
  ]
}"#;
    let all = read_str("t.json", text, SourceKind::Json).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].patient_id.as_deref(), Some("emp-7"));
    assert_eq!(all[1].patient_id.as_deref(), Some("emp-7"));
    assert_eq!(all[0].origin.line, 7);
    assert_eq!(all[1].origin.line, 12);
}

#[test]
fn searchset_skips_outcome_entries() {
    let text = json!({
        "resourceType": "Bundle", "type": "searchset",
        "entry": [
            {"resource": {"resourceType": "Immunization", "id": "i1",
                "patient": {"reference": "Patient/p1"}}, "search": {"mode": "match"}},
            {"resource": {"resourceType": "OperationOutcome", "id": "oo"},
                "search": {"mode": "outcome"}}
        ]
    })
    .to_string();
    let all = read_str("s.json", &text, SourceKind::Json).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].resource_type, "Immunization");
    assert_eq!(all[0].patient_id.as_deref(), Some("p1"));
}

#[test]
fn collection_bundle_and_single_resource() {
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "id": "o1",
            "subject": {"reference": "Patient/p2"}}}
    ]})
    .to_string();
    assert_eq!(
        read_str("c.json", &bundle, SourceKind::Json).unwrap()[0].id,
        "o1"
    );
    let single = r#"{"resourceType":"Patient","id":"p2","name":[{"family":"Lee"}]}"#;
    let one = read_str("p.json", single, SourceKind::Json).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].patient_id.as_deref(), Some("p2"));
}

#[test]
fn empty_bundle_has_no_resources() {
    let text = r#"{"resourceType":"Bundle","type":"collection"}"#;
    assert!(read_str("e.json", text, SourceKind::Json)
        .unwrap()
        .is_empty());
}

#[test]
fn ndjson_skips_blank_lines_and_accepts_bom() {
    let text = "\u{feff}{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\n   \n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n";
    let all = read_str("x.ndjson", text, SourceKind::Ndjson).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].origin.line, 4);
}

#[test]
fn json_file_with_one_resource_per_line_is_read_as_ndjson() {
    let text = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n";
    let all = read_str("x.json", text, SourceKind::Json).unwrap();
    assert_eq!(
        all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
}

#[test]
fn folders_are_walked_recursively_in_name_order() {
    let dir = std::env::temp_dir().join(format!("ww-fhir-walk-{}", std::process::id()));
    let nested = dir.join("b/c");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        dir.join("a.ndjson"),
        "{\"resourceType\":\"Patient\",\"id\":\"1\"}\n",
    )
    .unwrap();
    std::fs::write(
        nested.join("z.json"),
        "{\"resourceType\":\"Patient\",\"id\":\"2\"}",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not fhir").unwrap();
    let all = read_paths(std::slice::from_ref(&dir)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["1", "2"]
    );
}
