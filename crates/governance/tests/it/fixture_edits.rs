//! Fixture editing for DRAFT versions, approval evidence of the fixtures run and `measures
//! verify` reporting fixture changes since approval (QA finding G10, issue 7 Studio).

use crate::support::{db, events, AUDIOGRAM, AUDIOGRAM_V1};
use serde_json::{json, Value};
use ww_governance::fixture_check::{fixture_from_value, fixture_set_sha256, fixture_sha256};
use ww_governance::fixture_edit::FixtureAction;
use ww_governance::lifecycle::CompileStatus;
use ww_governance::rule_integrity::{verify_rules, FixtureState, RuleState};
use ww_governance::{compile, fixtures, measures, Error};
use ww_store::ids::MeasureVersionId;

fn fixture(name: &str, expected: &str) -> fixtures::FixtureFile {
    fixture_from_value(&json!({
        "name": name,
        "asOf": "2026-03-02",
        "employee": {"role": "Machine Operator", "site": "Plant A", "startDate": "2019-06-03"},
        "expectedStatus": expected,
        "bundle": {"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Patient", "id": "fixture-patient"}}
        ]}
    }))
    .unwrap()
}

fn draft(conn: &mut rusqlite::Connection) -> MeasureVersionId {
    let v = measures::new_version(conn, AUDIOGRAM, "fixture work").unwrap();
    let r = compile::compile(conn, v.id).unwrap();
    assert_eq!(r.status, CompileStatus::Compiled);
    v.id
}

fn fixture_names(conn: &rusqlite::Connection) -> Vec<String> {
    fixtures::list(conn, AUDIOGRAM)
        .unwrap()
        .into_iter()
        .map(|f| f.file.name)
        .collect()
}

fn payloads(conn: &rusqlite::Connection, event: &str) -> Vec<Value> {
    events(conn, event)
        .into_iter()
        .map(|(_, p)| serde_json::from_str(&p).unwrap())
        .collect()
}

#[test]
fn fixtures_are_added_edited_and_removed_for_a_draft_each_audited_with_hashes() {
    let mut d = db();
    let v = draft(&mut d.conn);
    let new = fixture("no-exam-on-record", "MISSING_DATA");
    let added = fixtures::add(&mut d.conn, v, &new).unwrap();
    assert_eq!(added.action, FixtureAction::Added);
    assert_eq!(added.version, "1.1");
    assert_eq!(added.sha256.as_deref(), Some(fixture_sha256(&new).as_str()));
    assert_eq!(fixture_names(&d.conn).len(), 7);

    // The same name again is refused, naming the field.
    match fixtures::add(&mut d.conn, v, &new) {
        Err(Error::Invalid(m)) => assert!(
            m.starts_with("name: the measure already has a fixture named \"no-exam-on-record\""),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }

    // Edit with a rename and a new expectation.
    let mut changed = fixture("no-exam-claimed-compliant", "COMPLIANT");
    changed.description = Some("wrong on purpose".into());
    let edited = fixtures::edit(&mut d.conn, v, "no-exam-on-record", &changed).unwrap();
    assert_eq!(edited.action, FixtureAction::Edited);
    assert!(edited.changed);
    assert_eq!(edited.previous_name.as_deref(), Some("no-exam-on-record"));
    assert_eq!(
        edited.previous_sha256.as_deref(),
        Some(fixture_sha256(&new).as_str())
    );
    let names = fixture_names(&d.conn);
    assert!(names.contains(&"no-exam-claimed-compliant".to_string()));
    assert!(!names.contains(&"no-exam-on-record".to_string()));
    // The edit is what runs now: the wrong expectation fails.
    let report = fixtures::validate(&d.conn, v).unwrap();
    let r = report
        .results
        .iter()
        .find(|r| r.name == "no-exam-claimed-compliant")
        .unwrap();
    assert_eq!((r.actual.as_str(), r.passed), ("MISSING_DATA", false));
    assert_eq!((report.total, report.passed), (7, 6));

    // Saving the same content again changes nothing and writes no event.
    let before = events(&d.conn, "MEASURE_UPDATED").len();
    let same = fixtures::edit(&mut d.conn, v, "no-exam-claimed-compliant", &changed).unwrap();
    assert!(!same.changed);
    assert_eq!(events(&d.conn, "MEASURE_UPDATED").len(), before);

    let removed = fixtures::remove(&mut d.conn, v, "no-exam-claimed-compliant").unwrap();
    assert_eq!(removed.action, FixtureAction::Removed);
    assert_eq!(fixture_names(&d.conn).len(), 6);
    assert!(matches!(
        fixtures::remove(&mut d.conn, v, "no-exam-claimed-compliant"),
        Err(Error::NotFound(_))
    ));

    // Three audited changes, newest first, each naming the draft and the hashes.
    let audit = payloads(&d.conn, "MEASURE_UPDATED");
    let actions: Vec<&str> = audit
        .iter()
        .map(|p| p["fixtureAction"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["REMOVED", "EDITED", "ADDED"]);
    assert_eq!(audit[2]["sha256"], json!(fixture_sha256(&new)));
    assert_eq!(audit[1]["previousName"], json!("no-exam-on-record"));
    assert_eq!(audit[1]["previousSha256"], json!(fixture_sha256(&new)));
    assert_eq!(audit[0]["sha256"], Value::Null);
    assert!(audit.iter().all(|p| p["version"] == json!("1.1")));
    let refs: i64 = d
        .conn
        .query_row(
            "SELECT COUNT(*) FROM audit_events WHERE event_type = 'MEASURE_UPDATED' \
             AND ref_measure_version_id = ?1",
            [v],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refs, 3);
}

#[test]
fn fixtures_do_not_change_for_a_version_that_is_no_longer_draft() {
    let mut d = db();
    let seeded = fixture_names(&d.conn);
    // The seeded measure's only version is ACTIVE: no DRAFT to change fixtures for.
    match fixtures::draft_version(&d.conn, AUDIOGRAM) {
        Err(Error::Gate(m)) => assert!(
            m.contains("has no DRAFT version") && m.contains("measures new-version"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
    for r in [
        fixtures::add(&mut d.conn, AUDIOGRAM_V1, &fixture("x", "OVERDUE")).map(|_| ()),
        fixtures::edit(
            &mut d.conn,
            AUDIOGRAM_V1,
            "compliant-recent-exam",
            &fixture("compliant-recent-exam", "OVERDUE"),
        )
        .map(|_| ()),
        fixtures::remove(&mut d.conn, AUDIOGRAM_V1, "compliant-recent-exam").map(|_| ()),
    ] {
        match r {
            Err(Error::Gate(m)) => assert!(
                m.starts_with("fixtures change only for a DRAFT version; version 1.0 is ACTIVE"),
                "{m}"
            ),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(fixture_names(&d.conn), seeded);
    assert!(events(&d.conn, "MEASURE_UPDATED").is_empty());
    // With a draft, draft_version names it.
    let v = draft(&mut d.conn);
    assert_eq!(fixtures::draft_version(&d.conn, AUDIOGRAM).unwrap(), v);
}

/// QA G10: a fixture with an empty bundle and no patient was accepted.
#[test]
fn a_fixture_without_its_patient_is_refused_before_anything_is_stored() {
    let mut d = db();
    let v = draft(&mut d.conn);
    let mut f = fixture("empty", "MISSING_DATA");
    f.bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": []});
    match fixtures::add(&mut d.conn, v, &f) {
        Err(Error::Invalid(m)) => assert!(
            m.starts_with("bundle: has no Patient resource with id \"fixture-patient\""),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(fixture_names(&d.conn).len(), 6);
    assert!(events(&d.conn, "MEASURE_UPDATED").is_empty());
}

/// QA G10: approval recorded only `{"total":6,"passed":6}`.
#[test]
fn approval_records_each_fixture_run_and_verify_reports_later_changes() {
    let mut d = db();
    let v = draft(&mut d.conn);
    let (_, report) = measures::approve(&mut d.conn, v).unwrap();
    let approved = payloads(&d.conn, "MEASURE_VERSION_APPROVED").remove(0);
    let fx = &approved["fixtures"];
    assert_eq!(
        (fx["total"].clone(), fx["passed"].clone()),
        (json!(6), json!(6))
    );
    let items = fx["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    let stored = fixtures::list(&d.conn, AUDIOGRAM).unwrap();
    for (item, f) in items.iter().zip(&stored) {
        assert_eq!(item["name"], json!(f.file.name));
        assert_eq!(item["expected"], json!(f.file.expected_status.as_str()));
        assert_eq!(item["actual"], json!(f.file.expected_status.as_str()));
        assert_eq!(item["sha256"], json!(fixture_sha256(&f.file)));
    }
    let hashes: Vec<(String, String)> = stored
        .iter()
        .map(|f| (f.file.name.clone(), fixture_sha256(&f.file)))
        .collect();
    let set = fixture_set_sha256(hashes.iter().map(|(n, h)| (n.as_str(), h.as_str())));
    assert_eq!(fx["sha256"], json!(set));
    assert_eq!(report.sha256, set);

    let check = |d: &crate::support::Db| {
        verify_rules(&d.conn)
            .unwrap()
            .into_iter()
            .find(|c| c.version_id == v)
            .unwrap()
    };
    let c = check(&d);
    assert_eq!((c.state, c.fixtures), (RuleState::Ok, FixtureState::Same));
    assert_eq!(c.fixtures_detail, "");
    // The seeded version was approved before fixture hashes were recorded.
    let seeded = verify_rules(&d.conn)
        .unwrap()
        .into_iter()
        .find(|c| c.version_id == AUDIOGRAM_V1)
        .unwrap();
    assert_eq!(seeded.fixtures, FixtureState::Unrecorded);
    assert_eq!(
        seeded.fixtures_detail,
        "the approval recorded fixture counts only (approved before fixture hashes were \
         recorded)"
    );

    // A new draft changes the fixtures: the approved 1.1 reports it, naming them.
    let next = measures::new_version(&mut d.conn, AUDIOGRAM, "next")
        .unwrap()
        .id;
    fixtures::add(&mut d.conn, next, &fixture("added-later", "MISSING_DATA")).unwrap();
    let mut edited = stored[0].file.clone();
    edited.description = Some("reworded".into());
    fixtures::edit(&mut d.conn, next, &stored[0].file.name, &edited).unwrap();
    fixtures::remove(&mut d.conn, next, &stored[1].file.name).unwrap();
    let c = check(&d);
    assert_eq!(
        c.state,
        RuleState::Ok,
        "a fixture change is not a rule drift"
    );
    assert_eq!(c.fixtures, FixtureState::Changed);
    assert_eq!(
        c.fixtures_detail,
        format!(
            "fixtures changed since approval (edited: {}; removed: {}; added: added-later)",
            stored[0].file.name, stored[1].file.name
        )
    );
}

#[test]
fn the_osha_reference_of_a_draft_is_set_and_cleared_with_an_audit_event() {
    let mut d = db();
    let v = draft(&mut d.conn);
    let hazwoper = measures::find_osha_reference(&d.conn, "29 CFR 1910.120").unwrap();
    assert!(measures::set_osha_reference(&mut d.conn, v, Some(hazwoper)).unwrap());
    let info = measures::version_info(&d.conn, v).unwrap();
    assert_eq!(info.version.osha_reference_id, Some(hazwoper));
    // Setting it again changes nothing.
    assert!(!measures::set_osha_reference(&mut d.conn, v, Some(hazwoper)).unwrap());
    assert!(measures::set_osha_reference(&mut d.conn, v, None).unwrap());
    assert_eq!(
        measures::version_info(&d.conn, v)
            .unwrap()
            .version
            .osha_reference_id,
        None
    );
    let osha: Vec<Value> = payloads(&d.conn, "MEASURE_VERSION_UPDATED")
        .into_iter()
        .filter(|p| p["field"] == json!("osha_reference_id"))
        .collect();
    assert_eq!(osha.len(), 2);
    assert_eq!(osha[1]["fromCitation"], json!("29 CFR 1910.95"));
    assert_eq!(osha[1]["toCitation"], json!("29 CFR 1910.120"));
    assert_eq!(osha[0]["fromCitation"], json!("29 CFR 1910.120"));
    assert_eq!(osha[0]["toCitation"], Value::Null);

    // The ACTIVE version's citation is frozen; an unknown citation is named.
    match measures::set_osha_reference(&mut d.conn, AUDIOGRAM_V1, Some(hazwoper)) {
        Err(Error::Gate(m)) => assert!(m.contains("only a DRAFT version can be edited"), "{m}"),
        other => panic!("{other:?}"),
    }
    match measures::find_osha_reference(&d.conn, "29 CFR 9999") {
        Err(Error::NotFound(m)) => assert_eq!(
            m,
            "OSHA reference \"29 CFR 9999\" (give its id or its exact CFR citation; the \
             Studio's lookup searches them)"
        ),
        other => panic!("{other:?}"),
    }
}
