//! Every lifecycle gate (issue 6 "Must show").

use crate::support::{active_count, db, events, AUDIOGRAM, AUDIOGRAM_V1};
use serde_json::json;
use ww_governance::lifecycle::{CompileStatus, VersionStatus};
use ww_governance::{compile, fixtures, measures, Error};
use ww_store::ids::MeasureVersionId;
use ww_store::seed::catalog;

fn gate_message(r: Result<impl std::fmt::Debug, Error>) -> String {
    match r {
        Err(Error::Gate(m)) | Err(Error::Invalid(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A new DRAFT of the audiogram measure, compiled.
fn compiled_draft(conn: &mut rusqlite::Connection, summary: &str) -> MeasureVersionId {
    let v = measures::new_version(conn, AUDIOGRAM, summary).unwrap();
    let report = compile::compile(conn, v.id).unwrap();
    assert_eq!(
        report.status,
        CompileStatus::Compiled,
        "{:?}",
        report.diagnostics
    );
    v.id
}

#[test]
fn new_version_clones_the_latest_and_needs_a_change_summary() {
    let mut d = db();
    assert!(matches!(
        measures::new_version(&mut d.conn, AUDIOGRAM, "   "),
        Err(Error::Invalid(_))
    ));
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "Tighter due-soon lead").unwrap();
    assert_eq!(v.version, "1.1");
    assert_eq!(v.status, VersionStatus::Draft);
    assert_eq!(v.compile_status, Some(CompileStatus::NotCompiled));
    assert_eq!(v.cql_text.as_deref(), Some(catalog::AUDIOGRAM_CQL));
    assert_eq!(v.change_summary.as_deref(), Some("Tighter due-soon lead"));
    let info = measures::version_info(&d.conn, v.id).unwrap();
    assert_eq!(info.value_set_ids, vec![catalog::VS_AUDIOMETRY]);
    let v2 = measures::new_version(&mut d.conn, AUDIOGRAM, "another").unwrap();
    assert_eq!(v2.version, "1.2");
    let (actor, payload) = &events(&d.conn, "MEASURE_VERSION_CREATED")[0];
    assert_eq!(actor, "local-user");
    assert!(
        payload.contains("\"clonedFromVersion\":\"1.1\""),
        "{payload}"
    );
}

#[test]
fn full_lifecycle_draft_approved_active_deprecated() {
    let mut d = db();
    let id = compiled_draft(&mut d.conn, "Annual review");
    let (v, report) = measures::approve(&mut d.conn, id).unwrap();
    assert_eq!(v.status, VersionStatus::Approved);
    assert_eq!(v.approved_by.as_deref(), Some("local-user"));
    assert_eq!((report.total, report.passed), (6, 6), "{report:#?}");
    let a = measures::activate(&mut d.conn, id).unwrap();
    assert_eq!(a.demoted, Some(AUDIOGRAM_V1));
    let new = measures::version_info(&d.conn, id).unwrap();
    assert_eq!(new.version.status, VersionStatus::Active);
    assert!(new.version.activated_at.is_some());
    assert!(new.approved_at.is_some());
    let old = measures::version_info(&d.conn, AUDIOGRAM_V1).unwrap();
    assert_eq!(old.version.status, VersionStatus::Deprecated);
    assert_eq!(
        old.deprecated_reason.as_deref(),
        Some("superseded by version 1.1")
    );
    assert_eq!(active_count(&d.conn, AUDIOGRAM), 1);
    // Deprecation needs a reason, then retires the measure's only ACTIVE version.
    assert!(matches!(
        measures::deprecate(&mut d.conn, id, " "),
        Err(Error::Invalid(_))
    ));
    let dep =
        measures::deprecate(&mut d.conn, id, "Programme paused by the safety committee").unwrap();
    assert_eq!(dep.version.status, VersionStatus::Deprecated);
    assert_eq!(active_count(&d.conn, AUDIOGRAM), 0);
    for ev in ["MEASURE_VERSION_APPROVED", "MEASURE_VERSION_ACTIVATED"] {
        assert_eq!(events(&d.conn, ev).len(), 1, "{ev}");
    }
    assert_eq!(events(&d.conn, "MEASURE_VERSION_DEPRECATED").len(), 2);
}

#[test]
fn gates_refuse_out_of_order_moves() {
    let mut d = db();
    let draft = measures::new_version(&mut d.conn, AUDIOGRAM, "x")
        .unwrap()
        .id;
    assert!(gate_message(measures::activate(&mut d.conn, draft)).contains("only an APPROVED"));
    assert!(
        gate_message(measures::deprecate(&mut d.conn, draft, "r")).contains("APPROVED or ACTIVE")
    );
    assert!(gate_message(measures::approve(&mut d.conn, draft)).contains("not been compiled"));
    // The seeded ACTIVE version is frozen.
    assert!(
        gate_message(measures::save_cql(&mut d.conn, AUDIOGRAM_V1, "library X"))
            .contains("new version")
    );
    assert!(
        gate_message(measures::save_spec(&mut d.conn, AUDIOGRAM_V1, &json!({})))
            .contains("new version")
    );
    assert!(gate_message(measures::approve(&mut d.conn, AUDIOGRAM_V1)).contains("only a DRAFT"));
    assert!(gate_message(measures::link_value_set(
        &mut d.conn,
        AUDIOGRAM_V1,
        catalog::VS_TB
    ))
    .contains("new version"));
}

#[test]
fn editing_cql_after_compiling_requires_a_new_compile() {
    let mut d = db();
    let id = compiled_draft(&mut d.conn, "comment only");
    let edited = format!("{}\n// reviewed 2026\n", catalog::AUDIOGRAM_CQL);
    let v = measures::save_cql(&mut d.conn, id, &edited).unwrap();
    assert_eq!(v.compile_status, Some(CompileStatus::NotCompiled));
    assert_eq!(v.compile_result, None);
    assert!(gate_message(measures::approve(&mut d.conn, id)).contains("not been compiled"));
    compile::compile(&mut d.conn, id).unwrap();
    assert!(measures::approve(&mut d.conn, id).is_ok());
}

#[test]
fn a_compile_of_older_text_is_stale() {
    let mut d = db();
    let id = compiled_draft(&mut d.conn, "stale");
    // Behind the application's back: the text changes but the compile status stays.
    d.conn
        .execute(
            "UPDATE measure_versions SET cql_text = cql_text || '\n// edited' WHERE id = ?1",
            [id],
        )
        .unwrap();
    assert!(gate_message(measures::approve(&mut d.conn, id)).contains("older CQL"));
}

#[test]
fn compile_errors_are_stored_with_line_and_column_and_block_approval() {
    let mut d = db();
    let id = measures::new_version(&mut d.conn, AUDIOGRAM, "broken")
        .unwrap()
        .id;
    let broken = catalog::AUDIOGRAM_CQL.replace(
        "define \"Exempt\":\n  \"Has Active Waiver\" is true",
        "define \"Exempt\":\n  \"Has Active Waiver\" is (",
    );
    assert_ne!(broken, catalog::AUDIOGRAM_CQL);
    measures::save_cql(&mut d.conn, id, &broken).unwrap();
    let report = compile::compile(&mut d.conn, id).unwrap();
    assert_eq!(report.status, CompileStatus::Error);
    let line = broken.lines().position(|l| l.contains("is (")).unwrap() as u32 + 1;
    assert!(
        report
            .diagnostics
            .iter()
            .any(|x| x.severity == "error" && (x.line == line || x.line == line + 1)),
        "{:?}",
        report.diagnostics
    );
    let v = measures::version_info(&d.conn, id).unwrap().version;
    assert_eq!(v.compile_status, Some(CompileStatus::Error));
    let stored = v.compile_result.unwrap();
    assert!(stored["diagnostics"][0]["line"].as_u64().is_some());
    assert!(gate_message(measures::approve(&mut d.conn, id)).contains("compile errors"));
}

#[test]
fn a_declared_value_set_that_is_not_linked_is_a_compile_error() {
    let mut d = db();
    let id = measures::new_version(&mut d.conn, AUDIOGRAM, "unlink")
        .unwrap()
        .id;
    assert!(measures::unlink_value_set(&mut d.conn, id, catalog::VS_AUDIOMETRY).unwrap());
    let report = compile::compile(&mut d.conn, id).unwrap();
    assert_eq!(report.status, CompileStatus::Error);
    let line = catalog::AUDIOGRAM_CQL
        .lines()
        .position(|l| l.starts_with("valueset \"Audiometry\""))
        .unwrap() as u32
        + 1;
    let diag = report
        .diagnostics
        .iter()
        .find(|x| x.message.contains("not linked"))
        .expect("missing-link diagnostic");
    assert_eq!((diag.line, diag.column), (line, 1));
    assert_eq!(report.value_sets[0].linked_value_set_id, None);
    // Linking again resets the compile status; a new compile is clean.
    measures::link_value_set(&mut d.conn, id, catalog::VS_AUDIOMETRY).unwrap();
    assert_eq!(
        measures::version_info(&d.conn, id)
            .unwrap()
            .version
            .compile_status,
        Some(CompileStatus::NotCompiled)
    );
    assert_eq!(
        compile::compile(&mut d.conn, id).unwrap().status,
        CompileStatus::Compiled
    );
}

#[test]
fn approving_with_a_failing_fixture_is_refused() {
    let mut d = db();
    let id = compiled_draft(&mut d.conn, "fixture check");
    let wrong = fixtures::FixtureFile {
        name: "claims-compliant-without-any-exam".into(),
        description: Some("deliberately wrong expectation".into()),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        employee: serde_json::from_value(
            json!({"role": "Machine Operator", "startDate": "2019-06-03"}),
        )
        .unwrap(),
        expected_status: ww_store::enums::OutcomeStatus::Compliant,
        bundle: json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Patient", "id": "fixture-patient"}}
        ]}),
    };
    fixtures::add(&mut d.conn, id, &wrong).unwrap();
    let report = fixtures::validate(&d.conn, id).unwrap();
    assert_eq!((report.total, report.passed), (7, 6));
    let failed = report.results.iter().find(|r| !r.passed).unwrap();
    assert_eq!(failed.name, "claims-compliant-without-any-exam");
    assert_eq!(failed.actual, "MISSING_DATA");
    assert!(failed
        .defines
        .iter()
        .any(|x| x.name == "Most Recent Exam Date" && x.value == Some(serde_json::Value::Null)));
    let msg = gate_message(measures::approve(&mut d.conn, id));
    assert!(msg.contains("1 of 7 test fixtures fail"), "{msg}");
    assert_eq!(
        measures::version_info(&d.conn, id).unwrap().version.status,
        VersionStatus::Draft
    );
    // Fixing the expectation lets the approval through.
    fixtures::remove(&mut d.conn, id, "claims-compliant-without-any-exam").unwrap();
    assert!(measures::approve(&mut d.conn, id).is_ok());
}

#[test]
fn seeded_fixtures_cover_every_outcome_status_and_pass_on_the_seeded_versions() {
    let d = db();
    for (measure, version) in [
        (catalog::M_AUDIOGRAM, catalog::MV_AUDIOGRAM),
        (catalog::M_TB, catalog::MV_TB),
        (catalog::M_FLU, catalog::MV_FLU),
        (catalog::M_HAZWOPER, catalog::MV_HAZWOPER),
    ] {
        let mut statuses: Vec<&str> = fixtures::list(&d.conn, measure)
            .unwrap()
            .iter()
            .map(|f| f.file.expected_status.as_str())
            .collect();
        statuses.sort();
        statuses.dedup();
        assert_eq!(
            statuses,
            [
                "COMPLIANT",
                "DUE_SOON",
                "EXCLUDED",
                "MISSING_DATA",
                "OVERDUE"
            ]
        );
        let report = fixtures::validate(&d.conn, version).unwrap();
        let failures: Vec<_> = report.results.iter().filter(|r| !r.passed).collect();
        assert!(failures.is_empty(), "{measure}: {failures:#?}");
    }
}

#[test]
fn two_active_versions_of_one_measure_never_exist() {
    let mut d = db();
    // The database refuses a second ACTIVE row even behind the application's back.
    let v = measures::new_version(&mut d.conn, AUDIOGRAM, "sneaky").unwrap();
    let err = d
        .conn
        .execute(
            "UPDATE measure_versions SET status = 'ACTIVE' WHERE id = ?1",
            [v.id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    assert_eq!(active_count(&d.conn, AUDIOGRAM), 1);
}

#[test]
fn concurrent_activations_in_two_transactions_leave_one_active_version() {
    let mut d = db();
    let a = compiled_draft(&mut d.conn, "A");
    measures::approve(&mut d.conn, a).unwrap();
    let b = compiled_draft(&mut d.conn, "B");
    measures::approve(&mut d.conn, b).unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = [a, b]
        .into_iter()
        .map(|id| {
            let mut conn = d.reopen();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                measures::activate(&mut conn, id)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(active_count(&d.conn, AUDIOGRAM), 1);
    // The later activation demoted the earlier one: each demoted exactly one predecessor.
    let demoted: Vec<_> = results
        .iter()
        .map(|r| r.as_ref().unwrap().demoted.unwrap())
        .collect();
    assert!(demoted.contains(&AUDIOGRAM_V1));
    assert!(demoted.contains(&a) || demoted.contains(&b));
    let statuses: Vec<VersionStatus> = [AUDIOGRAM_V1, a, b]
        .iter()
        .map(|id| measures::version_info(&d.conn, *id).unwrap().version.status)
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == VersionStatus::Active)
            .count(),
        1
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == VersionStatus::Deprecated)
            .count(),
        2
    );
}

#[test]
fn create_measure_starts_a_draft_and_is_addressed_by_id() {
    let mut d = db();
    let v = measures::create(
        &mut d.conn,
        &measures::NewMeasure {
            name: "Hearing Conservation: Annual Audiogram".into(),
            spec_json: json!({"windowDays": 365}),
            cql_text: Some(catalog::AUDIOGRAM_CQL.into()),
            ..Default::default()
        },
    )
    .unwrap();
    // Same name as the seeded measure, still a different measure: ids, not names.
    assert_ne!(v.measure_id, AUDIOGRAM);
    assert_eq!(
        (v.version.as_str(), v.status),
        ("1.0", VersionStatus::Draft)
    );
    assert_eq!(measures::list(&d.conn).unwrap().len(), 5);
    assert!(matches!(
        measures::create(
            &mut d.conn,
            &measures::NewMeasure {
                name: "x".into(),
                spec_json: json!([]),
                ..Default::default()
            }
        ),
        Err(Error::Invalid(_))
    ));
}

/// A flu fixture with one dose given late on 2025-07-31 in New York (2025-08-01 02:00 UTC).
fn late_july_dose_fixture() -> fixtures::FixtureFile {
    serde_json::from_value(json!({
        "name": "dose-at-the-season-boundary",
        "asOf": "2025-12-01",
        "employee": {"role": "Office Administrator", "site": "Plant A",
                     "startDate": "2019-06-03", "patientId": "p"},
        "expectedStatus": "COMPLIANT",
        "bundle": {"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Patient", "id": "p"}},
            {"resource": {"resourceType": "Immunization", "id": "i", "status": "completed",
             "patient": {"reference": "Patient/p"},
             "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "141"}]},
             "occurrenceDateTime": "2025-07-31T22:00:00-04:00"}}
        ]}
    }))
    .unwrap()
}

#[test]
fn fixtures_see_event_dates_in_the_organisations_zone_like_runs() {
    let mut d = db();
    let draft = measures::new_version(&mut d.conn, catalog::M_FLU, "zone check")
        .unwrap()
        .id;
    fixtures::add(&mut d.conn, draft, &late_july_dose_fixture()).unwrap();
    let result = |d: &crate::support::Db| {
        let report = fixtures::validate(&d.conn, catalog::MV_FLU).unwrap();
        let r = report
            .results
            .into_iter()
            .find(|r| r.name == "dose-at-the-season-boundary")
            .unwrap();
        (r.actual, r.passed)
    };
    // UTC (the default): the dose is on 2025-08-01, inside the 2025-2026 season.
    assert_eq!(result(&d), ("COMPLIANT".to_string(), true));
    // New York: the same instant is 2025-07-31, the previous season.
    ww_store::settings::set(&d.conn, "org_time_zone", "America/New_York").unwrap();
    let (actual, passed) = result(&d);
    assert_ne!(actual, "COMPLIANT");
    assert!(!passed);
}

/// QA finding G9: an empty CQL file, a library without the defines runs read, and a spec the
/// run engine cannot read all compiled as COMPILED.
#[test]
fn empty_cql_missing_defines_and_a_bad_spec_do_not_compile() {
    use ww_governance::{compile, measures};
    use ww_store::enums::CompileStatus;
    let mut d = crate::support::db();
    let v = measures::new_version(&mut d.conn, crate::support::AUDIOGRAM, "G9").unwrap();
    let good_cql = v.cql_text.clone().unwrap();
    let good_spec = v.spec_json.clone();
    let errors = |r: &compile::CompileReport| -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    };

    measures::save_cql(&mut d.conn, v.id, "").unwrap();
    let r = compile::compile(&mut d.conn, v.id).unwrap();
    assert_eq!(r.status, CompileStatus::Error);
    assert!(
        errors(&r)[0].contains("1:1: the CQL is empty"),
        "{:?}",
        errors(&r)
    );

    measures::save_cql(
        &mut d.conn,
        v.id,
        "library X version '1'\ndefine \"In Population\": true\n",
    )
    .unwrap();
    let r = compile::compile(&mut d.conn, v.id).unwrap();
    assert_eq!(r.status, CompileStatus::Error);
    assert_eq!(errors(&r).len(), 1, "{:?}", errors(&r));
    assert!(
        errors(&r)[0].contains("no define \"Outcome Status\""),
        "{:?}",
        errors(&r)
    );

    measures::save_cql(&mut d.conn, v.id, &good_cql).unwrap();
    measures::save_spec(&mut d.conn, v.id, &serde_json::json!({"windowDays": -5})).unwrap();
    let r = compile::compile(&mut d.conn, v.id).unwrap();
    assert_eq!(r.status, CompileStatus::Error);
    assert!(
        errors(&r)[0].contains("0:0: spec_json: ") && errors(&r)[0].contains("windowDays"),
        "{:?}",
        errors(&r)
    );

    measures::save_spec(&mut d.conn, v.id, &good_spec).unwrap();
    let r = compile::compile(&mut d.conn, v.id).unwrap();
    assert_eq!(r.status, CompileStatus::Compiled, "{:?}", r.diagnostics);
}
