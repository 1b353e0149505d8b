//! Value set import, hash, resolution status and diff (issue 6 item 4).

use crate::support::{db, events, AUDIOGRAM};
use ww_governance::valuesets::{self, ImportOptions};
use ww_governance::{measures, Error};
use ww_store::enums::ResolutionStatus;
use ww_store::seed::catalog;

const AUDIOMETRY_V2: &str = r#"{
  "resourceType": "ValueSet",
  "url": "https://workwell-demo.dev/fhir/ValueSet/audiometry",
  "identifier": [{"system": "urn:ietf:rfc:3986", "value": "urn:oid:2.999.1.1"}],
  "version": "2.0",
  "name": "Audiometry",
  "status": "active",
  "expansion": {"contains": [
    {"system": "http://loinc.org", "code": "89015-2", "display": "Audiometry panel"},
    {"system": "http://www.ama-assn.org/go/cpt", "code": "92557"},
    {"system": "http://www.ama-assn.org/go/cpt", "code": "92552"},
    {"system": "http://snomed.info/sct", "code": "398171003"},
    {"system": "http://www.ama-assn.org/go/cpt", "code": "92550", "display": "Tympanometry and reflex threshold measurements"}
  ]}
}"#;

#[test]
fn fhir_import_then_diff_names_codes_and_affected_measures() {
    let mut d = db();
    let r = valuesets::import_fhir(&mut d.conn, AUDIOMETRY_V2, &ImportOptions::default()).unwrap();
    assert!(r.created);
    let vs = r.value_set;
    assert_eq!(
        (vs.oid.as_str(), vs.version.as_deref()),
        ("2.999.1.1", Some("2.0"))
    );
    assert_eq!(vs.resolution_status, ResolutionStatus::Resolved);
    assert_eq!(vs.codes.len(), 5);
    assert_eq!(
        vs.code_systems,
        [
            "http://loinc.org",
            "http://snomed.info/sct",
            "http://www.ama-assn.org/go/cpt"
        ]
    );
    assert_eq!(
        vs.expansion_hash.as_deref(),
        Some(ww_store::expansion_hash(&vs.codes).as_str())
    );
    assert_eq!(vs.status, ww_store::enums::ValueSetStatus::Active);
    let diff = valuesets::diff(&d.conn, catalog::VS_AUDIOMETRY, vs.id).unwrap();
    let added: Vec<_> = diff.codes.added.iter().map(|c| c.code.as_str()).collect();
    let removed: Vec<_> = diff.codes.removed.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(added, ["92550"]);
    assert_eq!(removed, ["92553"]);
    assert_eq!(diff.codes.unchanged, 4);
    assert_eq!(diff.affected.len(), 1);
    assert_eq!(diff.affected[0].measure_id, AUDIOGRAM);
    assert_eq!(diff.affected[0].links, "old");
    // Linking the new version to a draft makes it show on the new side.
    let draft = measures::new_version(&mut d.conn, AUDIOGRAM, "audiometry 2.0").unwrap();
    measures::unlink_value_set(&mut d.conn, draft.id, catalog::VS_AUDIOMETRY).unwrap();
    measures::link_value_set(&mut d.conn, draft.id, vs.id).unwrap();
    let diff = valuesets::diff(&d.conn, catalog::VS_AUDIOMETRY, vs.id).unwrap();
    assert_eq!(diff.affected.len(), 2);
    assert_eq!(
        diff.affected
            .iter()
            .find(|a| a.measure_version_id == draft.id)
            .unwrap()
            .links,
        "new"
    );
    assert_eq!(events(&d.conn, "VALUE_SET_IMPORTED").len(), 1);
}

#[test]
fn reimport_replaces_by_oid_and_version_and_reports_unchanged_codes() {
    let mut d = db();
    valuesets::import_fhir(&mut d.conn, AUDIOMETRY_V2, &ImportOptions::default()).unwrap();
    // Same codes in another order: same hash, no change.
    let reordered = AUDIOMETRY_V2
        .replace("\"92557\"", "\"TMP\"")
        .replace("\"92552\"", "\"92557\"")
        .replace("\"TMP\"", "\"92552\"");
    let r = valuesets::import_fhir(&mut d.conn, &reordered, &ImportOptions::default()).unwrap();
    assert!(!r.created);
    assert!(!r.codes_changed);
    assert_eq!(events(&d.conn, "VALUE_SET_UPDATED").len(), 1);
}

#[test]
fn csv_import_and_statuses() {
    let mut d = db();
    let opts = ImportOptions {
        oid: Some("2.999.9.1".into()),
        name: Some("Respirator fit tests".into()),
        version: Some("1".into()),
        canonical_url: Some("https://workwell-demo.dev/fhir/ValueSet/fit-test".into()),
        source: Some("fit.csv".into()),
    };
    let r = valuesets::import_csv(
        &mut d.conn,
        "system,code,display\nhttp://www.ama-assn.org/go/cpt,94150,Vital capacity test\n",
        &opts,
    )
    .unwrap();
    assert_eq!(r.value_set.resolution_status, ResolutionStatus::Resolved);
    // QA finding F16: every bad line is named as FILE:LINE, nothing is stored.
    let before = valuesets::list(&d.conn).unwrap().len();
    let err = valuesets::import_csv(
        &mut d.conn,
        "system,code,display\nhttp://loinc.org,,A\n,22,B\nhttp://loinc.org,5,ok\n",
        &ImportOptions {
            version: Some("2".into()),
            ..opts.clone()
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "fit.csv:2: code is empty\nfit.csv:3: system is empty\nnothing imported: 2 bad line(s)"
    );
    assert_eq!(valuesets::list(&d.conn).unwrap().len(), before);
    let intensional = r#"{"resourceType":"ValueSet","identifier":[{"value":"urn:oid:2.999.9.2"}],"name":"Hearing procedures",
        "compose":{"include":[{"system":"http://snomed.info/sct","filter":[{"property":"concept","op":"is-a","value":"128981007"}]}]}}"#;
    let u = valuesets::import_fhir(&mut d.conn, intensional, &ImportOptions::default()).unwrap();
    assert_eq!(u.value_set.resolution_status, ResolutionStatus::Unresolved);
    assert!(u.value_set.resolution_error.unwrap().contains("filter"));
    assert!(matches!(
        valuesets::import_csv(&mut d.conn, "system,code\n", &ImportOptions::default()),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        valuesets::import_fhir(
            &mut d.conn,
            r#"{"resourceType":"ValueSet","expansion":{}}"#,
            &ImportOptions::default()
        ),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn a_newer_value_set_with_the_same_url_does_not_change_the_linked_version() {
    let mut d = db();
    let v9 = r#"{"resourceType":"ValueSet","url":"https://workwell-demo.dev/fhir/ValueSet/audiometry",
        "identifier":[{"value":"urn:oid:2.999.1.1"}],"version":"9.0","name":"Audiometry",
        "expansion":{"contains":[{"system":"http://www.ama-assn.org/go/cpt","code":"92550"}]}}"#;
    valuesets::import_fhir(&mut d.conn, v9, &ImportOptions::default()).unwrap();
    // The seeded version links Audiometry 1.0: its fixtures still see 1.0's codes.
    let report = ww_governance::fixtures::validate(&d.conn, catalog::MV_AUDIOGRAM).unwrap();
    assert_eq!((report.total, report.passed), (6, 6), "{report:#?}");
}

const AUDIOMETRY_CHANGED: &str = "system,code,display\nhttp://example.org,nothing,none\n";

fn audiometry_opts(version: &str) -> ImportOptions {
    ImportOptions {
        oid: Some("2.999.1.1".into()),
        name: Some("Audiometry".into()),
        version: Some(version.into()),
        canonical_url: None,
        source: Some("vsx.csv".into()),
    }
}

/// QA finding F15: the codes of a value set linked to an approved (here ACTIVE) measure
/// version cannot be replaced in place under the same (OID, version).
#[test]
fn reimporting_a_value_set_of_an_active_measure_with_other_codes_is_refused() {
    let mut d = db();
    let before = valuesets::get(&d.conn, catalog::VS_AUDIOMETRY).unwrap();
    let err = valuesets::import_csv(&mut d.conn, AUDIOMETRY_CHANGED, &audiometry_opts("1.0"))
        .unwrap_err();
    assert!(matches!(err, Error::Gate(_)), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("linked to approved measure version(s) Hearing Conservation: Annual Audiogram 1.0 (ACTIVE)"),
        "{msg}"
    );
    assert!(msg.contains("new value-set version"), "{msg}");
    assert_eq!(
        valuesets::get(&d.conn, catalog::VS_AUDIOMETRY).unwrap(),
        before
    );

    // The same codes again (another order) change nothing and are accepted.
    let mut same = String::from("system,code,display\n");
    for c in before.codes.iter().rev() {
        same.push_str(&format!("{},{},\n", c.system, c.code));
    }
    let r = valuesets::import_csv(&mut d.conn, &same, &audiometry_opts("1.0")).unwrap();
    assert!(!r.codes_changed);

    // A new value-set version is the way to change the list.
    let r =
        valuesets::import_csv(&mut d.conn, AUDIOMETRY_CHANGED, &audiometry_opts("2.0")).unwrap();
    assert!(r.created);
    assert_eq!(
        valuesets::get(&d.conn, catalog::VS_AUDIOMETRY).unwrap(),
        before
    );
}

/// A DRAFT link does not freeze the value set: the draft must be recompiled anyway.
#[test]
fn a_value_set_linked_only_to_drafts_can_be_replaced() {
    let mut d = db();
    let r =
        valuesets::import_csv(&mut d.conn, AUDIOMETRY_CHANGED, &audiometry_opts("3.0")).unwrap();
    let draft =
        ww_governance::measures::new_version(&mut d.conn, catalog::M_AUDIOGRAM, "try 3.0").unwrap();
    ww_governance::measures::link_value_set(&mut d.conn, draft.id, r.value_set.id).unwrap();
    let again = valuesets::import_csv(
        &mut d.conn,
        "system,code\nhttp://example.org,other\n",
        &audiometry_opts("3.0"),
    )
    .unwrap();
    assert!(again.codes_changed);
}

/// QA finding F15, evaluation side: a run resolves a canonical URL to the value-set version
/// the ACTIVE measure version links, not to whichever version was loaded last.
#[test]
fn a_run_uses_the_codes_of_the_value_set_version_the_active_measure_links() {
    use chrono::NaiveDate;
    use serde_json::json;
    let mut d = db();
    let e = ww_store::employees::Employee {
        id: ww_store::ids::EmployeeId::new(),
        external_id: "emp-vs".into(),
        name: "Ada Vance".into(),
        role: Some("Machine Operator".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: Some("emp-vs".into()),
        start_date: NaiveDate::from_ymd_opt(2019, 6, 3),
        active: true,
    };
    ww_store::employees::insert(&d.conn, &e).unwrap();
    for resource in [
        json!({"resourceType": "Patient", "id": "emp-vs"}),
        json!({"resourceType": "Procedure", "id": "aud-vs-1", "status": "completed",
               "subject": {"reference": "Patient/emp-vs"},
               "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "92557"}]},
               "performedDateTime": "2025-09-15T10:00:00Z"}),
    ] {
        ww_store::fhir_resources::upsert(&d.conn, &resource).unwrap();
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let outcome = |conn: &mut rusqlite::Connection| -> String {
        let run = crate::support::run_measure(conn, AUDIOGRAM, as_of);
        conn.query_row(
            "SELECT status FROM outcomes WHERE run_id = ?1 AND employee_id = ?2",
            rusqlite::params![run, e.id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(outcome(&mut d.conn), "COMPLIANT");
    // A newer version of Audiometry under the same URL, without CPT 92557, linked to nothing
    // ACTIVE ("Audiometry" 9.0 sorts after 1.0, so it used to win).
    let v9 = r#"{"resourceType":"ValueSet","url":"https://workwell-demo.dev/fhir/ValueSet/audiometry",
        "identifier":[{"value":"urn:oid:2.999.1.1"}],"version":"9.0","name":"Audiometry",
        "expansion":{"contains":[{"system":"http://www.ama-assn.org/go/cpt","code":"92550"}]}}"#;
    valuesets::import_fhir(&mut d.conn, v9, &ImportOptions::default()).unwrap();
    assert_eq!(
        outcome(&mut d.conn),
        "COMPLIANT",
        "the ACTIVE version links Audiometry 1.0"
    );
}

/// Runs resolve a value set by URL or OID, so two ACTIVE measure versions may not link two
/// different versions of one value set: the activation that would do so is refused.
#[test]
fn activation_is_refused_when_another_active_measure_links_another_version_of_a_value_set() {
    let mut d = db();
    let tb9 = r#"{"resourceType":"ValueSet","url":"https://workwell-demo.dev/fhir/ValueSet/tb-screening",
        "identifier":[{"value":"urn:oid:2.999.1.2"}],"version":"9","name":"TB Screening Tests",
        "expansion":{"contains":[{"system":"http://loinc.org","code":"71773-6"}]}}"#;
    let vs = valuesets::import_fhir(&mut d.conn, tb9, &ImportOptions::default())
        .unwrap()
        .value_set;
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "also TB").unwrap();
    measures::link_value_set(&mut d.conn, v.id, vs.id).unwrap();
    ww_governance::compile::compile(&mut d.conn, v.id).unwrap();
    measures::approve(&mut d.conn, v.id).unwrap();
    let err = measures::activate(&mut d.conn, v.id).unwrap_err();
    assert!(matches!(err, Error::Gate(_)), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("links value set TB Screening Tests version 9")
            && msg.contains("the ACTIVE version 1.0 of TB Screening: Health-Care Personnel"),
        "{msg}"
    );
    assert_eq!(crate::support::active_count(&d.conn, AUDIOGRAM), 1);
}
