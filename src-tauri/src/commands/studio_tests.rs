//! Headless tests of the Studio's command bodies on a demo database of their own (they
//! create versions, so they do not share the read-only demo of `crate::tests`).

use super::*;
use crate::dto_studio::StudioAction;
use crate::error::ErrorCode;
use std::sync::{Mutex, OnceLock};

/// The audiogram measure of the demo content.
const AUDIOGRAM: &str = "b0000001-0000-0000-0000-000000000001";
/// The HAZWOPER measure.
const HAZWOPER: &str = "b0000001-0000-0000-0000-000000000004";
/// Its seeded ACTIVE version 1.0.
const HAZWOPER_1_0: &str = "b0000002-0000-0000-0000-000000000004";

fn demo() -> &'static App {
    static APP: OnceLock<(tempfile::TempDir, App)> = OnceLock::new();
    &APP.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("workwell.db")).unwrap();
        (dir, app)
    })
    .1
}

/// Tests that change a measure's versions take this lock (the catalog test reads them).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn code<T: std::fmt::Debug>(r: Result<T>) -> (ErrorCode, String) {
    let e = r.expect_err("the engine should refuse");
    (e.code(), e.to_string())
}

#[test]
fn catalog_lists_program_active_version_and_statuses() {
    let _g = serial();
    let rows = crate::commands::measures::catalog(demo()).unwrap();
    assert_eq!(rows.len(), 4);
    let audiogram = rows.iter().find(|r| r.id == AUDIOGRAM).unwrap();
    assert_eq!(audiogram.program.as_deref(), Some("Hearing Conservation"));
    assert_eq!(audiogram.policy_ref.as_deref(), Some("29 CFR 1910.95(g)"));
    assert_eq!(audiogram.osha_citation.as_deref(), Some("29 CFR 1910.95"));
    assert!(audiogram.versions.iter().any(|v| v.version == "1.0"));
    for r in &rows {
        assert_eq!(
            r.versions.iter().filter(|v| v.status == "ACTIVE").count(),
            usize::from(r.active_version.is_some()),
            "{}: the active label matches one ACTIVE version",
            r.name
        );
    }
}

#[test]
fn a_new_version_with_an_unresolved_name_compiles_to_an_error_at_its_line() {
    let _g = serial();
    let app = demo();
    let (c, msg) = code(new_version(app, AUDIOGRAM, "   "));
    assert_eq!(c, ErrorCode::InvalidInput);
    assert!(msg.contains("change summary"), "{msg}");

    let id = new_version(app, AUDIOGRAM, "Studio test: broken define").unwrap();
    let m = measure(app, AUDIOGRAM).unwrap();
    let draft = &m.versions[0];
    assert_eq!(draft.id, id, "newest first");
    assert_eq!(draft.status, "DRAFT");
    assert_eq!(draft.compile_status.as_deref(), Some("NOT_COMPILED"));
    assert_eq!(
        draft.actions,
        vec![StudioAction::Edit, StudioAction::Approve]
    );
    let active = m.versions.iter().find(|v| v.status == "ACTIVE").unwrap();
    assert_eq!(active.actions, vec![StudioAction::Deprecate]);
    assert_eq!(
        active.osha_reference.as_ref().unwrap().cfr_citation,
        "29 CFR 1910.95"
    );

    // A frozen version refuses edits.
    let (c, msg) = code(save_cql(app, &active.id, "library X"));
    assert_eq!(c, ErrorCode::InvalidTransition);
    assert!(msg.contains("only a DRAFT"), "{msg}");

    let good = draft.cql.clone();
    let broken = format!("{good}\ndefine \"Broken\":\n  Nope + 1\n");
    let line = broken.lines().position(|l| l.contains("Nope + 1")).unwrap() as u32 + 1;
    save_cql(app, &id, &broken).unwrap();
    let report = compile_version(app, &id).unwrap();
    assert_eq!(report.status, "ERROR");
    assert!(report.stored);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("Nope"))
        .unwrap_or_else(|| panic!("no diagnostic names Nope: {:?}", report.diagnostics));
    assert_eq!((d.severity.as_str(), d.line, d.column), ("error", line, 3));
    // The stored result is what the Studio shows after a reload.
    let reloaded = measure(app, AUDIOGRAM).unwrap();
    assert_eq!(
        reloaded.versions[0].compile_status.as_deref(),
        Some("ERROR")
    );
    assert!(reloaded.versions[0].diagnostics.contains(d));

    let (c, msg) = code(approve(app, &id));
    assert_eq!(c, ErrorCode::InvalidTransition);
    assert!(msg.contains("compile errors"), "{msg}");

    // Back to the good text: saving resets the compile status, compiling cleans it.
    save_cql(app, &id, &good).unwrap();
    assert_eq!(
        measure(app, AUDIOGRAM).unwrap().versions[0]
            .compile_status
            .as_deref(),
        Some("NOT_COMPILED")
    );
    let report = compile_version(app, &id).unwrap();
    assert_eq!(report.status, "COMPILED", "{:?}", report.diagnostics);
    assert_eq!(report.value_sets.len(), 1);
    assert!(report.value_sets[0].linked_value_set_id.is_some());
}

#[test]
fn fixtures_approve_activate_and_deprecate() {
    let _g = serial();
    let app = demo();
    let fixtures = fixture_list(app, HAZWOPER).unwrap();
    assert!(fixtures.len() >= 5, "seeded fixtures: {}", fixtures.len());
    assert!(fixtures.iter().all(|f| f.source == "seed"));

    let id = new_version(app, HAZWOPER, "Studio test: release").unwrap();
    let report = run_fixtures(app, &id).unwrap();
    assert_eq!(report.total as usize, fixtures.len());
    assert_eq!(report.passed, report.total, "{:?}", report.results);
    let first = &report.results[0];
    assert_eq!(first.expected, first.actual);
    assert!(first.defines.iter().any(|d| d.name == "Outcome Status"));

    // Approval needs a compile first.
    let (c, msg) = code(approve(app, &id));
    assert_eq!(c, ErrorCode::InvalidTransition);
    assert!(msg.contains("not been compiled"), "{msg}");
    assert_eq!(compile_version(app, &id).unwrap().status, "COMPILED");
    let approved = approve(app, &id).unwrap();
    assert_eq!(approved.status, "APPROVED");
    assert!(approved
        .summary
        .contains(&format!("{} of {}", report.total, report.total)));

    let (c, _) = code(deprecate(app, &id, "  ", None));
    assert_eq!(c, ErrorCode::InvalidInput);
    let activated = activate(app, &id).unwrap();
    assert_eq!(activated.status, "ACTIVE");
    // QA3 H15: the previous version by its number, and the cases carried over.
    assert!(
        activated.summary.contains("version 1.0 was deprecated")
            && activated.summary.contains("carried over to this version")
            && !activated.summary.contains(HAZWOPER_1_0),
        "{}",
        activated.summary
    );
    let m = measure(app, HAZWOPER).unwrap();
    let old = m.versions.iter().find(|v| v.id == HAZWOPER_1_0).unwrap();
    assert_eq!(old.status, "DEPRECATED");
    assert!(old
        .deprecated_reason
        .as_deref()
        .unwrap()
        .contains("superseded"));

    // QA3 H1: deprecating the ACTIVE version retires the program: previewed, and refused
    // without the typed confirmation.
    let preview = deprecation_preview(app, &id).unwrap();
    assert!(preview.retires_program, "{preview:?}");
    assert_eq!(preview.confirmation.as_deref(), Some("RETIRE"));
    assert!(preview.message.contains("leaves the programs overview"));
    let (c, msg) = code(deprecate(app, &id, "Studio test over", None));
    assert_eq!(c, ErrorCode::InvalidInput);
    assert!(msg.contains("type RETIRE"), "{msg}");
    let (c, _) = code(deprecate(app, &id, "Studio test over", Some("retire")));
    assert_eq!(c, ErrorCode::InvalidInput);
    assert_eq!(
        measure(app, HAZWOPER)
            .unwrap()
            .versions
            .iter()
            .find(|v| v.id == id)
            .unwrap()
            .status,
        "ACTIVE"
    );
    let done = deprecate(app, &id, "Studio test over", Some("RETIRE")).unwrap();
    assert_eq!(done.status, "DEPRECATED");
    let (c, _) = code(activate(app, &id));
    assert_eq!(c, ErrorCode::InvalidTransition);
}

#[test]
fn spec_form_saves_through_the_engine_and_keeps_other_keys() {
    let _g = serial();
    let app = demo();
    let tb = "b0000001-0000-0000-0000-000000000002";
    let id = new_version(app, tb, "Studio test: spec").unwrap();
    let mut form = measure(app, tb).unwrap().versions[0].spec.clone();
    assert_eq!(form.window_days, Some(365));
    form.window_days = Some(-5);
    let (c, msg) = code(save_spec(app, &id, &form));
    assert_eq!(c, ErrorCode::InvalidInput);
    assert!(msg.contains("windowDays"), "{msg}");

    form.window_days = Some(180);
    form.eligible_sites = vec!["Plant B".into()];
    save_spec(app, &id, &form).unwrap();
    let v = &measure(app, tb).unwrap().versions[0];
    assert_eq!(v.spec.window_days, Some(180));
    assert_eq!(v.spec.eligible_sites, vec!["Plant B"]);
    assert!(
        v.spec_json.contains("\"measureKey\": \"tb_screening\""),
        "{}",
        v.spec_json
    );

    // Unlinking the declared value set makes the compile name it.
    let vs = v.value_set_ids[0].clone();
    assert!(link_value_set(app, &id, &vs, false).unwrap());
    assert!(
        !link_value_set(app, &id, &vs, false).unwrap(),
        "already unlinked"
    );
    let report = compile_version(app, &id).unwrap();
    assert_eq!(report.status, "ERROR");
    assert_eq!(report.value_sets[0].linked_value_set_id, None);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("not linked")));
    assert!(link_value_set(app, &id, &vs, true).unwrap());
    assert_eq!(compile_version(app, &id).unwrap().status, "COMPILED");
}

#[test]
fn osha_lookup_by_citation_and_program() {
    let app = demo();
    let found = osha_references(app, "1910.95").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].program_area, "Hearing Conservation");
    assert!(osha_references(app, "").unwrap().len() >= 2);
}

#[test]
fn the_release_tab_packet_is_written_with_its_recorded_hash() {
    let app = demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("version.json");
    let written = crate::commands::packets::export(
        app,
        "MEASURE_VERSION",
        HAZWOPER_1_0,
        "json",
        Some(path.to_str().unwrap()),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(written.size_bytes, bytes.len() as u64);
    assert_eq!(written.sha256, ww_casework::packet::sha256_hex(&bytes));
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["entity_id"], HAZWOPER_1_0);
    assert!(
        v.to_string().contains("HazwoperSurveillance"),
        "the packet carries the CQL"
    );
}

/// The TB measure (used only by this test).
const TB: &str = "b0000001-0000-0000-0000-000000000002";
/// Its seeded ACTIVE version 1.0.
const TB_1_0: &str = "b0000002-0000-0000-0000-000000000002";

fn tb_fixture(name: &str, as_of: &str, expected: &str) -> FixtureDraftDto {
    FixtureDraftDto {
        name: name.into(),
        description: None,
        as_of: as_of.into(),
        expected_status: expected.into(),
        role: Some("Nurse".into()),
        site: Some("Clinic North".into()),
        start_date: Some("2019-06-03".into()),
        active: true,
        has_active_waiver: false,
        patient_id: None,
        bundle_json: r#"{"resourceType": "Bundle", "type": "collection",
            "entry": [{"resource": {"resourceType": "Patient", "id": "fixture-patient"}}]}"#
            .into(),
    }
}

#[test]
fn fixtures_are_edited_for_a_draft_and_the_osha_reference_is_set() {
    let _g = serial();
    let app = demo();
    let seeded = fixture_list(app, TB).unwrap().len();
    // The ACTIVE version refuses fixture changes.
    let (c, msg) = code(add_fixture(
        app,
        TB_1_0,
        tb_fixture("x", "2026-03-02", "MISSING_DATA"),
    ));
    assert_eq!(c, ErrorCode::InvalidTransition);
    assert!(
        msg.contains("fixtures change only for a DRAFT version"),
        "{msg}"
    );

    let id = new_version(app, TB, "Studio test: fixtures").unwrap();
    let (c, msg) = code(add_fixture(
        app,
        &id,
        tb_fixture("x", "2026-13-01", "MISSING_DATA"),
    ));
    assert_eq!(c, ErrorCode::InvalidInput);
    assert_eq!(
        msg,
        "asOf: \"2026-13-01\" is not a calendar date (YYYY-MM-DD)"
    );
    let (c, msg) = code(add_fixture(app, &id, tb_fixture("x", "2026-03-02", "LATE")));
    assert_eq!(c, ErrorCode::InvalidInput);
    assert!(
        msg.starts_with("expectedStatus: \"LATE\" is not an outcome status"),
        "{msg}"
    );

    let added = add_fixture(
        app,
        &id,
        tb_fixture("no-test-on-record", "2026-03-02", "MISSING_DATA"),
    )
    .unwrap();
    assert_eq!(
        (added.action.as_str(), added.version.as_str()),
        ("ADDED", "1.1")
    );
    let rows = fixture_list(app, TB).unwrap();
    assert_eq!(rows.len(), seeded + 1);
    let row = rows.iter().find(|r| r.name == "no-test-on-record").unwrap();
    assert_eq!(Some(&row.sha256), added.sha256.as_ref());
    assert_eq!(row.patient_id, "fixture-patient");
    assert!(row.bundle_json.contains("\"Patient\""));
    let report = run_fixtures(app, &id).unwrap();
    let r = report
        .results
        .iter()
        .find(|r| r.name == "no-test-on-record")
        .unwrap();
    assert_eq!((r.actual.as_str(), r.passed), ("MISSING_DATA", true));
    assert_eq!(report.sha256.len(), 64);

    let edited = edit_fixture(
        app,
        &id,
        "no-test-on-record",
        tb_fixture("renamed", "2026-03-02", "MISSING_DATA"),
    )
    .unwrap();
    assert_eq!(edited.name, "renamed");
    assert!(edited.changed);
    let removed = remove_fixture(app, &id, "renamed").unwrap();
    assert_eq!(removed.action, "REMOVED");
    assert_eq!(fixture_list(app, TB).unwrap().len(), seeded);

    // OSHA reference: set from the lookup on the draft, shown on the version, then cleared.
    let noise = osha_references(app, "1910.95").unwrap().remove(0);
    assert!(set_osha_reference(app, &id, Some(&noise.id)).unwrap());
    let shown = |app: &App| {
        measure(app, TB).unwrap().versions[0]
            .osha_reference
            .as_ref()
            .map(|o| o.cfr_citation.clone())
    };
    assert_eq!(shown(app).as_deref(), Some("29 CFR 1910.95"));
    assert!(set_osha_reference(app, &id, None).unwrap());
    assert_eq!(shown(app), None);
    let (c, _) = code(set_osha_reference(app, TB_1_0, Some(&noise.id)));
    assert_eq!(c, ErrorCode::InvalidTransition);
}
