//! QA finding G10: `measures create --spec` with `valueSets` did not link them (the compile
//! then failed with "declared but not linked"). The spec's list and the links are one truth.

use crate::support::{db, events, AUDIOGRAM};
use serde_json::{json, Value};
use ww_governance::lifecycle::CompileStatus;
use ww_governance::valuesets::{self, ImportOptions};
use ww_governance::{compile, measures, Error};
use ww_store::seed::catalog;

const AUDIOMETRY_URL: &str = "https://workwell-demo.dev/fhir/ValueSet/audiometry";

fn spec(conn: &rusqlite::Connection, value_sets: Value) -> Value {
    let mut s = measures::detail(conn, AUDIOGRAM).unwrap().versions[0]
        .version
        .spec_json
        .clone();
    s["valueSets"] = value_sets;
    s
}

/// Creates "Audiogram copy" with the audiogram's spec naming `value_sets`.
fn new_measure(
    conn: &mut rusqlite::Connection,
    value_sets: Value,
) -> Result<measures::NewMeasure, Error> {
    let new = measures::NewMeasure {
        name: "Audiogram copy".into(),
        spec_json: spec(conn, value_sets),
        cql_text: Some(catalog::AUDIOGRAM_CQL.into()),
        ..Default::default()
    };
    measures::create(conn, &new).map(|_| new)
}

fn refusal<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Err(Error::Invalid(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn create_links_the_value_sets_its_spec_names_by_canonical_url_and_compiles() {
    let mut d = db();
    let spec = spec(&d.conn, json!([AUDIOMETRY_URL]));
    let new = measures::NewMeasure {
        name: "Audiogram copy".into(),
        spec_json: spec,
        cql_text: Some(catalog::AUDIOGRAM_CQL.into()),
        ..Default::default()
    };
    let v = measures::create(&mut d.conn, &new).unwrap();
    assert_eq!(
        measures::version_info(&d.conn, v.id).unwrap().value_set_ids,
        vec![catalog::VS_AUDIOMETRY]
    );
    let r = compile::compile(&mut d.conn, v.id).unwrap();
    assert_eq!(r.status, CompileStatus::Compiled, "{:?}", r.diagnostics);
    let linked = events(&d.conn, "VALUE_SET_LINKED");
    assert_eq!(linked.len(), 1);
    assert!(
        linked[0].1.contains("\"source\":\"spec\""),
        "{}",
        linked[0].1
    );
}

#[test]
fn a_spec_value_set_that_names_nothing_or_several_is_refused_naming_the_entry() {
    let mut d = db();
    let msg = refusal(new_measure(
        &mut d.conn,
        json!([AUDIOMETRY_URL, "https://example.org/ValueSet/nope"]),
    ));
    assert_eq!(
        msg,
        "spec valueSets[1] \"https://example.org/ValueSet/nope\": no value set has this \
         canonical URL; import it first (`workwell valuesets import`) or use a value set id"
    );
    // Nothing was created.
    assert_eq!(measures::list(&d.conn).unwrap().len(), 4);
    let msg = refusal(new_measure(&mut d.conn, json!("audiometry")));
    assert!(msg.starts_with("spec valueSets: must be a list"), "{msg}");

    // A second version under the same URL makes the bare URL ambiguous; URL|VERSION chooses.
    let v2 = AUDIOMETRY_V2;
    valuesets::import_fhir(&mut d.conn, v2, &ImportOptions::default()).unwrap();
    let msg = refusal(new_measure(&mut d.conn, json!([AUDIOMETRY_URL])));
    assert!(
        msg.starts_with(&format!(
            "spec valueSets[0] \"{AUDIOMETRY_URL}\": 2 value sets share this canonical URL"
        )) && msg.contains("write URL|VERSION"),
        "{msg}"
    );
    new_measure(
        &mut d.conn,
        json!([format!("{AUDIOMETRY_URL}|2.0"), "urn:oid:2.999.1.2"]),
    )
    .unwrap();
    let created = measures::list(&d.conn)
        .unwrap()
        .into_iter()
        .find(|m| m.measure.name == "Audiogram copy")
        .unwrap();
    let links = measures::detail(&d.conn, created.measure.id)
        .unwrap()
        .versions[0]
        .value_set_ids
        .clone();
    assert_eq!(links.len(), 2);
    assert!(links.contains(&catalog::VS_TB));
    assert!(
        !links.contains(&catalog::VS_AUDIOMETRY),
        "the |2.0 version was linked, not the seeded one"
    );
}

const AUDIOMETRY_V2: &str = r#"{
  "resourceType": "ValueSet",
  "url": "https://workwell-demo.dev/fhir/ValueSet/audiometry",
  "identifier": [{"system": "urn:ietf:rfc:3986", "value": "urn:oid:2.999.1.1"}],
  "version": "2.0",
  "name": "Audiometry",
  "status": "active",
  "expansion": {"contains": [
    {"system": "http://www.ama-assn.org/go/cpt", "code": "92557"}
  ]}
}"#;

#[test]
fn save_spec_makes_the_links_the_list_and_link_changes_keep_the_list_in_step() {
    let mut d = db();
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "links").unwrap();
    compile::compile(&mut d.conn, v.id).unwrap();
    // Linking TB through the Value sets tab adds its id to the spec.
    assert!(measures::link_value_set(&mut d.conn, v.id, catalog::VS_TB).unwrap());
    let info = measures::version_info(&d.conn, v.id).unwrap();
    assert_eq!(
        info.version.spec_json["valueSets"],
        json!([
            catalog::VS_AUDIOMETRY.to_string(),
            catalog::VS_TB.to_string()
        ])
    );
    assert_eq!(
        info.version.compile_status,
        Some(CompileStatus::NotCompiled)
    );
    // A spec naming only the audiometry set by URL unlinks TB.
    let mut s = info.version.spec_json.clone();
    s["valueSets"] = json!([AUDIOMETRY_URL]);
    measures::save_spec(&mut d.conn, v.id, &s).unwrap();
    assert_eq!(
        measures::version_info(&d.conn, v.id).unwrap().value_set_ids,
        vec![catalog::VS_AUDIOMETRY]
    );
    let unlinked = events(&d.conn, "VALUE_SET_UNLINKED");
    assert_eq!(unlinked.len(), 1);
    assert!(unlinked[0].1.contains("\"source\":\"spec\""));
    // Unlinking audiometry removes the URL entry that named it.
    measures::unlink_value_set(&mut d.conn, v.id, catalog::VS_AUDIOMETRY).unwrap();
    let info = measures::version_info(&d.conn, v.id).unwrap();
    assert_eq!(info.version.spec_json["valueSets"], json!([]));
    assert!(info.value_set_ids.is_empty());
    // A bad entry refuses the whole save: the spec and links stay as they were.
    let mut bad = info.version.spec_json.clone();
    bad["valueSets"] = json!(["a0000001-0000-0000-0000-0000000000ff"]);
    bad["windowDays"] = json!(100);
    let msg = refusal(measures::save_spec(&mut d.conn, v.id, &bad));
    assert_eq!(
        msg,
        "spec valueSets[0] \"a0000001-0000-0000-0000-0000000000ff\": no value set has this id"
    );
    let after = measures::version_info(&d.conn, v.id).unwrap();
    assert_eq!(after.version.spec_json["windowDays"], json!(365));
}
