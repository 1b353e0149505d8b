//! Headless tests of the value-set, mapping and Admin command bodies, on a demo database of
//! their own (they change it, so they do not share `tests.rs`'s).

use crate::commands::{admin, terminology};
use crate::dto_admin::{
    GrantWaiverRequest, MappingDecisionRequest, NewMappingRequest, SettingsUpdate,
    ValueSetImportRequest,
};
use crate::error::ErrorCode;
use crate::state::App;
use std::sync::OnceLock;

fn demo() -> &'static (tempfile::TempDir, App) {
    static APP: OnceLock<(tempfile::TempDir, App)> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("workwell.db")).unwrap();
        (dir, app)
    })
}

fn app() -> &'static App {
    &demo().1
}

fn write(name: &str, text: &str) -> String {
    let path = demo().0.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn mapping_actions_follow_the_status_rust_decides() {
    use ww_store::enums::MappingStatus::*;
    let cases = [
        (Proposed, vec!["REVIEW", "REJECT"]),
        (Reviewed, vec!["APPROVE", "REJECT"]),
        (Approved, vec![]),
        (Rejected, vec![]),
    ];
    for (status, expect) in cases {
        assert_eq!(terminology::allowed_actions(status), expect, "{status}");
    }
}

#[test]
fn a_mapping_goes_from_proposed_to_approved_and_refusals_are_gate_errors() {
    let new = NewMappingRequest {
        local_system: "urn:local:clinic".into(),
        local_code: "AUD-APPD-1".into(),
        local_display: Some("Clinic audiogram".into()),
        standard_system: "http://www.ama-assn.org/go/cpt".into(),
        standard_code: "92552".into(),
        standard_display: None,
        confidence: Some("0.8".into()),
        notes: Some("  ".into()),
    };
    let m = terminology::propose(app(), &new).unwrap();
    assert_eq!(m.status, "PROPOSED");
    assert_eq!(m.allowed_actions, ["REVIEW", "REJECT"]);
    assert_eq!(m.notes, None, "blank notes are not stored");

    let decide = |decision: &str, notes: Option<&str>| {
        terminology::decide(
            app(),
            &m.id,
            &MappingDecisionRequest {
                decision: decision.into(),
                confidence: Some("0.95".into()),
                notes: notes.map(str::to_owned),
            },
        )
    };
    let err = decide("APPROVE", None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    assert!(err.to_string().contains("reviewed before"), "{err}");
    let err = decide("ACCEPT", None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    for bad in ["high", "1.5"] {
        let err = terminology::decide(
            app(),
            &m.id,
            &MappingDecisionRequest {
                decision: "REVIEW".into(),
                confidence: Some(bad.into()),
                notes: None,
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad}");
        assert!(err.to_string().contains("confidence"), "{err}");
    }

    let reviewed = decide("REVIEW", Some("codes match")).unwrap();
    assert_eq!(reviewed.status, "REVIEWED");
    assert_eq!(reviewed.allowed_actions, ["APPROVE", "REJECT"]);
    let approved = decide("APPROVE", None).unwrap();
    assert_eq!(approved.status, "APPROVED");
    assert_eq!(approved.confidence, Some(0.95));
    assert!(approved.reviewed_at.is_some());
    assert!(approved.allowed_actions.is_empty());
    assert!(approved.notes.unwrap().ends_with(": codes match"));
    let listed = terminology::mappings(app()).unwrap();
    assert_eq!(
        listed
            .iter()
            .find(|x| x.id == m.id)
            .map(|x| x.status.as_str()),
        Some("APPROVED")
    );

    // Proposing the same pair again names it.
    let err = terminology::propose(app(), &new).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("AUD-APPD-1"), "{err}");
}

#[test]
fn value_sets_import_from_csv_and_diff_two_versions() {
    let v1 = write(
        "hearing-v1.csv",
        "system,code,display\nhttp://www.ama-assn.org/go/cpt,92552,Pure tone audiometry\nhttp://www.ama-assn.org/go/cpt,92553,Audiometry air and bone\n",
    );
    let v2 = write(
        "hearing-v2.csv",
        "system,code,display\nhttp://www.ama-assn.org/go/cpt,92552,Pure tone audiometry\nhttp://snomed.info/sct,398171003,Hearing examination\n",
    );
    let request = |path: &str, version: &str| ValueSetImportRequest {
        path: path.into(),
        oid: Some("9.9.9.1".into()),
        name: Some("APP-D hearing test set".into()),
        version: Some(version.into()),
        canonical_url: None,
    };
    let a = terminology::import(app(), &request(&v1, "1")).unwrap();
    assert_eq!(a.format, "CSV");
    assert!(a.created && a.codes_changed);
    assert_eq!(a.value_set.resolution_status, "RESOLVED");
    assert_eq!(a.value_set.codes.len(), 2);
    assert_eq!(
        a.value_set.expansion_hash.as_deref().map(str::len),
        Some(64)
    );
    let b = terminology::import(app(), &request(&v2, "2")).unwrap();
    assert_eq!(
        b.value_set.code_systems,
        ["http://snomed.info/sct", "http://www.ama-assn.org/go/cpt"]
    );

    let d = terminology::diff(app(), &a.value_set.id, &b.value_set.id).unwrap();
    let codes = |c: &[crate::dto::CodeRow]| c.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&d.added), ["398171003"]);
    assert_eq!(codes(&d.removed), ["92553"]);
    assert_eq!(d.unchanged, 1);
    assert!(d.affected.is_empty(), "nothing links the imported sets");

    let detail = terminology::detail(app(), &b.value_set.id).unwrap();
    assert_eq!(detail.source.as_deref(), Some("hearing-v2.csv"));
    assert!(detail.linked_versions.is_empty());

    // A seeded set is linked to its measure's versions.
    let seeded = terminology::detail(app(), "a0000001-0000-0000-0000-000000000001").unwrap();
    assert!(!seeded.linked_versions.is_empty());
    assert!(seeded
        .linked_versions
        .iter()
        .all(|v| v.links == "linked" && !v.measure_name.is_empty()));

    // A set an approved measure version uses is frozen: the engine's refusal reaches the UI
    // as INVALID_TRANSITION naming the measure.
    let seeded_before = terminology::detail(app(), "a0000001-0000-0000-0000-000000000001").unwrap();
    let frozen = ValueSetImportRequest {
        path: v1.clone(),
        oid: Some(seeded_before.value_set.oid.clone()),
        name: Some(seeded_before.value_set.name.clone()),
        version: seeded_before.value_set.version.clone(),
        canonical_url: None,
    };
    let err = terminology::import(app(), &frozen).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition, "{err}");
    assert!(
        err.to_string()
            .contains(&seeded_before.linked_versions[0].measure_name),
        "{err}"
    );
    let after = terminology::detail(app(), "a0000001-0000-0000-0000-000000000001").unwrap();
    assert_eq!(
        after.value_set.expansion_hash,
        seeded_before.value_set.expansion_hash
    );

    // Wrong inputs say what is wrong.
    let err = terminology::import(app(), &request(&write("codes.txt", "x"), "3")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("codes.txt"), "{err}");
    let mut no_oid = request(&v1, "4");
    no_oid.oid = Some(" ".into());
    let err = terminology::import(app(), &no_oid).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let err = terminology::import(app(), &request("/no/such/file.csv", "5")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    let err = terminology::diff(app(), "not-an-id", &b.value_set.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

#[test]
fn settings_are_validated_in_rust_and_saved_with_their_audit_event() {
    // A database of its own: changing the organisation's zone would move "today" under the
    // waiver tests running beside it.
    let mut conn = ww_store::db::open_in_memory().unwrap();
    let changes = |c: &rusqlite::Connection| -> i64 {
        c.query_row(
            "SELECT COUNT(*) FROM audit_events WHERE event_type = 'SETTING_CHANGED'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = changes(&conn);
    let bad = SettingsUpdate {
        org_time_zone: Some("Mars/Olympus".into()),
        user_name: Some("   ".into()),
        email_provider: Some("pigeon".into()),
        email_from: Some("no-at-sign".into()),
        sendgrid_api_key: None,
    };
    let r = crate::admin_model::save_settings(&mut conn, &bad).unwrap();
    assert!(!r.saved);
    let fields: Vec<&str> = r.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["userName", "orgTimeZone", "emailProvider", "emailFrom"]
    );
    assert_eq!(
        r.errors[0].message,
        "The user name cannot be blank: audit events record it."
    );
    assert!(
        r.errors[1]
            .message
            .starts_with("\"Mars/Olympus\" is not an IANA time zone"),
        "{}",
        r.errors[1].message
    );
    assert_eq!(changes(&conn), before, "nothing saved");

    // One bad field saves nothing, not even the good ones.
    let mixed = SettingsUpdate {
        org_time_zone: Some("Europe/Berlin".into()),
        email_provider: Some("carrier".into()),
        ..Default::default()
    };
    let r = crate::admin_model::save_settings(&mut conn, &mixed).unwrap();
    assert!(!r.saved);
    assert_eq!(r.settings.org_time_zone, "UTC");

    let good = SettingsUpdate {
        org_time_zone: Some(" America/Chicago ".into()),
        sendgrid_api_key: Some("SG.secret-value-APPD".into()),
        email_provider: Some("simulated".into()),
        ..Default::default()
    };
    let r = crate::admin_model::save_settings(&mut conn, &good).unwrap();
    assert!(r.saved, "{:?}", r.errors);
    assert_eq!(r.changed, ["org_time_zone", "sendgrid_api_key"]);
    assert_eq!(r.settings.org_time_zone, "America/Chicago");
    assert!(r.settings.sendgrid_key_stored);
    assert_eq!(changes(&conn), before + 2);
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        !json.contains("secret-value"),
        "the key is never sent back: {json}"
    );
    let ledger: String = conn
        .query_row(
            "SELECT group_concat(payload_json) FROM audit_events WHERE event_type = 'SETTING_CHANGED'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !ledger.contains("secret-value"),
        "nor written to the ledger"
    );
    assert!(
        ledger.contains("\"newSet\":true") && ledger.contains("\"oldSet\":false"),
        "only whether a key is set: {ledger}"
    );
    // Read back as a fresh screen would.
    let again = crate::admin_model::read_settings(&conn).unwrap();
    assert_eq!(again.org_time_zone, "America/Chicago");
    assert_eq!(again.providers, ["simulated", "sendgrid"]);
    assert!(crate::admin_model::time_zones()
        .iter()
        .any(|z| z == "Europe/Berlin"));
}

#[test]
fn roster_import_errors_name_file_and_line_and_import_nothing() {
    let path = write(
        "roster-bad.csv",
        "external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active\n\
         APPD-1,Ada Test,Welder,Plant A,,2024-01-05,,true\n\
         APPD-2,Bob Test,Welder,Plant A,,05/01/2024,,true\n",
    );
    let before = crate::commands::employees::employees(app()).unwrap().len();
    let err = admin::import_roster(app(), &path).unwrap_err();
    assert!(err.to_string().contains("roster-bad.csv:3"), "{err}");
    assert_eq!(
        crate::commands::employees::employees(app()).unwrap().len(),
        before
    );

    let good = write(
        "roster-good.csv",
        "external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active\n\
         APPD-1,Ada Test,Welder,Plant A,,2024-01-05,,true\n",
    );
    let r = admin::import_roster(app(), &good).unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (1, 1, 0));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    // QA3 H8: the window gets the checked import's FILE:LINE warnings, as the CLI prints them.
    let lower = write(
        "roster-lower.csv",
        "external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active\n\
         APPD-3,Lower Role,nurse,Plant A,,2024-01-10,,true\n",
    );
    let r = admin::import_roster(app(), &lower).unwrap();
    assert_eq!((r.rows, r.inserted), (1, 1));
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(
        r.warnings[0].contains("roster-lower.csv:2") && r.warnings[0].contains("Nurse"),
        "{:?}",
        r.warnings
    );

    let bundle = write(
        "bad.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n{not json\n",
    );
    let err = admin::import_fhir(app(), &[bundle]).unwrap_err();
    assert!(err.to_string().contains("bad.ndjson:2"), "{err}");
    let err = admin::import_fhir(app(), &[]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let fine = write(
        "ok.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"appd-p1\",\"name\":[{\"family\":\"Test\",\"given\":[\"Cy\"]}]}\n",
    );
    let r = admin::import_fhir(app(), &[fine]).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.counts.len(), 1);
    assert_eq!(r.counts[0].resource_type, "Patient");
    assert_eq!((r.counts[0].inserted, r.employees_created), (1, 1));
}

#[test]
fn waivers_are_granted_listed_with_names_and_revoked() {
    let measures = crate::commands::measures::measures(app()).unwrap();
    let measure = &measures[0];
    let employee = &crate::commands::employees::employees(app()).unwrap()[0];
    let request = GrantWaiverRequest {
        employee_external_id: employee.external_id.clone(),
        measure_id: measure.id.clone(),
        reason: "Medical leave".into(),
        starts_on: Some("2026-01-01".into()),
        expires_on: Some("2099-12-31".into()),
    };
    let granted = admin::grant(app(), &request).unwrap();
    assert_eq!(granted.waiver.employee_name, employee.name);
    assert_eq!(granted.waiver.measure_name, measure.name);
    assert_eq!(granted.waiver.starts_on.as_deref(), Some("2026-01-01"));
    assert_eq!(granted.waiver.state, "ACTIVE");
    assert!(granted.waiver.can_revoke);

    let mut bad = request.clone();
    bad.employee_external_id = "NOBODY-42".into();
    let err = admin::grant(app(), &bad).unwrap_err();
    assert!(err.to_string().contains("NOBODY-42"), "{err}");
    let mut bad = request.clone();
    bad.expires_on = Some("31/12/2099".into());
    let err = admin::grant(app(), &bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("expiry date"), "{err}");
    let mut bad = request.clone();
    bad.reason = " ".into();
    assert_eq!(
        admin::grant(app(), &bad).unwrap_err().code(),
        ErrorCode::InvalidInput
    );

    let err = admin::revoke(app(), &granted.waiver.id, "", None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    // The revocation date: not a date, or after today, is refused and names the field.
    let err = admin::revoke(app(), &granted.waiver.id, "Back", Some("1 June")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("revocation date"), "{err}");
    let today = app()
        .read_with(|c| -> crate::error::Result<_> { Ok(ww_core::run::today(c)?) })
        .unwrap();
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let err = admin::revoke(app(), &granted.waiver.id, "Back", Some(&tomorrow)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains(&tomorrow), "{err}");
    admin::revoke(
        app(),
        &granted.waiver.id,
        "Back at work",
        Some("2026-06-01"),
    )
    .unwrap();
    let rows = app().read_with(crate::admin_model::waiver_rows).unwrap();
    let row = rows.iter().find(|w| w.id == granted.waiver.id).unwrap();
    assert_eq!(row.state, "REVOKED");
    assert_eq!(row.revoked_on.as_deref(), Some("2026-06-01"));
    assert!(!row.can_revoke);
    assert_eq!(row.revoke_reason.as_deref(), Some("Back at work"));
    assert_eq!(row.employee_external_id, employee.external_id);
    let err = admin::revoke(app(), &granted.waiver.id, "Again", None).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::InvalidInput,
        "already revoked: {err}"
    );
}

#[test]
fn waiver_states_come_from_the_engine_as_of_today_in_the_org_zone() {
    let measure = &crate::commands::measures::measures(app()).unwrap()[0];
    let employees = crate::commands::employees::employees(app()).unwrap();
    let today = app()
        .read_with(|c| -> crate::error::Result<_> { Ok(ww_core::run::today(c)?) })
        .unwrap();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let grant = |employee: &crate::dto::EmployeeRow, starts: String, expires: Option<String>| {
        admin::grant(
            app(),
            &GrantWaiverRequest {
                employee_external_id: employee.external_id.clone(),
                measure_id: measure.id.clone(),
                reason: "State test".into(),
                starts_on: Some(starts),
                expires_on: expires,
            },
        )
        .unwrap()
        .waiver
    };
    let future = grant(&employees[5], day(30), None);
    assert_eq!(future.state, "FUTURE");
    assert!(future.can_revoke);
    let expired = grant(&employees[6], day(-60), Some(day(-1)));
    assert_eq!(expired.state, "EXPIRED");
    let last_day = grant(&employees[7], day(-60), Some(day(0)));
    assert_eq!(last_day.state, "ACTIVE", "the expiry day is still covered");
    // Revoked today: no longer applies from today.
    admin::revoke(app(), &last_day.id, "Left the site", None).unwrap();
    let rows = app().read_with(crate::admin_model::waiver_rows).unwrap();
    let state = |id: &str| rows.iter().find(|w| w.id == id).unwrap().state.clone();
    assert_eq!(state(&future.id), "FUTURE");
    assert_eq!(state(&expired.id), "EXPIRED");
    assert_eq!(state(&last_day.id), "REVOKED");
    let revoked = rows.iter().find(|w| w.id == last_day.id).unwrap();
    assert_eq!(revoked.revoked_on.as_deref(), Some(day(0).as_str()));
}

#[test]
fn templates_preview_with_sample_values_and_integrations_sync() {
    let templates = app().read_with(crate::admin_model::templates).unwrap();
    assert!(templates.len() >= 3, "{templates:?}");
    let overdue = templates
        .iter()
        .find(|t| t.name == "Overdue notice")
        .expect("the built-in overdue notice");
    let p = app()
        .read_with(|c| crate::admin_model::preview_template(c, &overdue.key))
        .unwrap();
    assert!(
        p.body_text
            .contains(ww_casework::admin_outreach::SAMPLE_EMPLOYEE),
        "{}",
        p.body_text
    );
    assert!(!p.subject.contains("{{") && !p.body_text.contains("{{"));
    let err = app()
        .read_with(|c| crate::admin_model::preview_template(c, "No such template"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    let fhir = admin::sync(app(), "fhir").unwrap();
    assert_eq!(fhir.id, "fhir");
    assert!(fhir.last_sync_at.is_some());
    assert!(fhir.last_sync_result.is_some());
    let mcp = admin::sync(app(), "mcp").unwrap();
    assert_eq!(mcp.status, "NOT_CONFIGURED");
    assert_eq!(
        admin::sync(app(), "fax").unwrap_err().code(),
        ErrorCode::NotFound
    );
    let log = app()
        .read_with(|c| crate::admin_model::deliveries(c, 50))
        .unwrap();
    assert!(log.len() <= 50);
}

#[test]
fn demo_reset_needs_the_typed_confirmation_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reset.db");
    let app = App::open(&path).unwrap();
    let err = admin::reset(&app, "reset", false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("RESET"));
    let r = admin::reset(&app, "RESET", false).unwrap();
    assert_eq!(r.database, path.display().to_string());
    let archived = std::path::PathBuf::from(r.archived_to.expect("old file kept"));
    assert!(archived.exists());
    assert_eq!(r.employees, 200);
    let (runs, cases): (i64, i64) = app
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT COUNT(*) FROM runs WHERE status IN ('COMPLETED', 'PARTIAL_FAILURE')), \
                 (SELECT COUNT(*) FROM cases)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert!(runs >= 1, "programs ran on the new file");
    assert!(cases > 0, "the run opened cases");
}
