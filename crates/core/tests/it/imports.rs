//! FHIR and roster imports (issue 4 items 1 and 2).

/// What the imports record in the ledger (QA G22).
mod ledger;

use crate::support::Db;
use std::path::{Path, PathBuf};
use ww_core::import::{import_fhir, import_roster};
use ww_core::Error;
use ww_store::employees;

pub fn samples(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fhir-samples")
        .join(sub)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn fhir_import_counts_types_updates_on_reimport_and_creates_waiting_employees() {
    let mut db = Db::new();
    let r = import_fhir(&mut db.conn, &[samples("synthea-100")], "tester").unwrap();
    assert_eq!(r.counts["Patient"].inserted, 120);
    assert_eq!(r.counts["Immunization"].inserted, 1818);
    assert_eq!(r.employees_created, 120);
    let again = import_fhir(&mut db.conn, &[samples("synthea-10")], "tester").unwrap();
    assert_eq!(again.counts["Patient"].updated, 13);
    assert_eq!(again.counts["Patient"].inserted, 0);
    assert_eq!(again.counts["Procedure"].inserted, 2056);
    assert_eq!(again.employees_created, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 120);
    let e = employees::get_by_external_id(&db.conn, "129c6ac7-8d06-89de-ad63-0204a93e76c3")
        .unwrap()
        .unwrap();
    assert_eq!(e.name, "Sumiko254 Larue605 Medhurst46");
    assert_eq!(
        e.fhir_patient_id.as_deref(),
        Some("129c6ac7-8d06-89de-ad63-0204a93e76c3")
    );
    assert!(!e.active, "awaiting roster data");
    let health = ww_store::integration_health::get(&db.conn, "fhir")
        .unwrap()
        .unwrap();
    assert!(health.last_sync_result.unwrap().starts_with("Imported 4011 resource(s) (AllergyIntolerance 11, Condition 555, Encounter 1215, Immunization 161, Patient 13, Procedure 2056)"));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'FHIR_IMPORTED'"),
        2
    );
}

/// QA3 H16: the people a FHIR import created await roster data; a run counts them apart.
#[test]
fn a_run_counts_the_people_awaiting_roster_data_apart() {
    let mut db = Db::new();
    import_fhir(&mut db.conn, &[samples("synthea-10")], "tester").unwrap();
    db.employee("emp-1");
    let awaiting = employees::list(&db.conn)
        .unwrap()
        .into_iter()
        .filter(|e| e.roster_status() == employees::STATUS_AWAITING_ROSTER)
        .count();
    assert_eq!(awaiting, 13);
    let ev = crate::support::Scripted::default();
    let report = crate::support::run(&mut db, &ev, &crate::support::audiogram("2026-03-02"));
    assert_eq!(report.employees, 14);
    assert_eq!(report.employees_awaiting_roster, 13);
}

#[test]
fn malformed_fhir_line_imports_nothing() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "a.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n",
    );
    let bad = write(
        dir.path(),
        "b.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"p2\"}\n{\"resourceType\":\"Procedure\"}\n",
    );
    let e = import_fhir(&mut db.conn, &[good, bad.clone()], "tester").unwrap_err();
    assert!(matches!(e, Error::Fhir(_)));
    assert_eq!(
        e.to_string(),
        format!("{}:2: Procedure resource has no id", bad.display())
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM fhir_resources"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 0);
    let health = ww_store::integration_health::get(&db.conn, "fhir")
        .unwrap()
        .unwrap();
    assert_eq!(health.status, ww_store::enums::IntegrationStatus::Error);
}

const HEADER: &str =
    "external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active\n";

#[test]
fn roster_then_fhir_and_fhir_then_roster_link_the_same_way() {
    for fhir_first in [false, true] {
        let mut db = Db::new();
        let dir = tempfile::tempdir().unwrap();
        let fhir = write(
            dir.path(),
            "p.ndjson",
            "{\"resourceType\":\"Patient\",\"id\":\"pat-9\",\"name\":[{\"family\":\"Lee\",\"given\":[\"Ann\"]}]}\n",
        );
        let roster = write(
            dir.path(),
            "r.csv",
            &format!("{HEADER}emp-9,Ann Lee,Nurse,Clinic North,,2021-04-01,pat-9,true\n"),
        );
        if fhir_first {
            import_fhir(&mut db.conn, std::slice::from_ref(&fhir), "t").unwrap();
            let r = import_roster(&mut db.conn, &roster, "t").unwrap();
            assert_eq!((r.inserted, r.linked), (0, 1));
        } else {
            let r = import_roster(&mut db.conn, &roster, "t").unwrap();
            assert_eq!(r.inserted, 1);
            let f = import_fhir(&mut db.conn, std::slice::from_ref(&fhir), "t").unwrap();
            assert_eq!(f.employees_created, 0);
        }
        let all = employees::list(&db.conn).unwrap();
        assert_eq!(all.len(), 1, "fhir first: {fhir_first}");
        let e = &all[0];
        assert_eq!(e.external_id, "emp-9");
        assert_eq!(e.fhir_patient_id.as_deref(), Some("pat-9"));
        assert_eq!(e.role.as_deref(), Some("Nurse"));
        assert!(e.active);
    }
}

#[test]
fn roster_upserts_by_external_id_and_sets_supervisors() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "r1.csv",
        &format!("{HEADER}emp-2,Bo Diaz,Machine Operator,Plant A,emp-1,2020-01-01,,\nemp-1,Cy Lead,Site Lead,Plant A,,2010-01-01,,true\n"),
    );
    let r = import_roster(&mut db.conn, &first, "t").unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (2, 2, 0));
    let bo = employees::get_by_external_id(&db.conn, "emp-2")
        .unwrap()
        .unwrap();
    let cy = employees::get_by_external_id(&db.conn, "emp-1")
        .unwrap()
        .unwrap();
    assert_eq!(bo.supervisor_id, Some(cy.id));
    assert!(bo.active, "empty active means true");
    let second = write(
        dir.path(),
        "r2.csv",
        &format!("{HEADER}emp-2,Bo Diaz,Welder,Plant B,emp-1,2020-01-01,,false\n"),
    );
    let r = import_roster(&mut db.conn, &second, "t").unwrap();
    assert_eq!((r.inserted, r.updated), (0, 1));
    let bo = employees::get_by_external_id(&db.conn, "emp-2")
        .unwrap()
        .unwrap();
    assert_eq!(bo.site.as_deref(), Some("Plant B"));
    assert!(!bo.active);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'EMPLOYEES_IMPORTED'"),
        2
    );
}

#[test]
fn bad_roster_rows_are_reported_by_line_and_nothing_is_imported() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        &format!(
            "{HEADER}emp-1,Ann,Nurse,Clinic,,2021-02-30,,true\n\
             emp-2,,Nurse,Clinic,,,,true\n\
             emp-3,Cy,Nurse,Clinic,,,,maybe\n\
             emp-4,Di,Nurse,Clinic,,2020-01-01,,true\n\
             emp-4,Ed,Nurse,Clinic,,2020-01-01,,true\n"
        ),
    );
    let e = import_roster(&mut db.conn, &bad, "t").unwrap_err();
    let f = bad.display();
    assert_eq!(
        e.to_string(),
        format!(
            "{f}:2: start_date \"2021-02-30\" is not a date (YYYY-MM-DD)\n\
             {f}:3: name is empty for emp-2\n\
             {f}:4: active \"maybe\" is not true or false\n\
             {f}:6: external_id emp-4 repeats line 5\n\
             nothing imported: 4 problem(s) in the roster; the good rows were not imported either"
        )
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 0);
    let unknown_sup = write(
        dir.path(),
        "sup.csv",
        &format!("{HEADER}emp-1,Ann,Nurse,Clinic,emp-77,,,true\n"),
    );
    let e = import_roster(&mut db.conn, &unknown_sup, "t").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:2: supervisor_external_id emp-77 is not an employee\n\
             nothing imported: 1 problem(s) in the roster; the good rows were not imported either",
            unknown_sup.display()
        )
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 0, "rolled back");
    let header = write(dir.path(), "h.csv", "id,name\nx,y\n");
    let e = import_roster(&mut db.conn, &header, "t").unwrap_err();
    assert!(e.to_string().contains(":1: the header must be `external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active`"));
}

/// QA F21: a roster row whose fhir_patient_id belongs to an employee who already came from
/// the roster under another external_id is refused, naming that employee; nothing changes.
#[test]
fn roster_row_cannot_rename_a_roster_employee_through_a_shared_patient() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let fhir = write(
        dir.path(),
        "p.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"name\":[{\"family\":\"Roe\",\"given\":[\"Al\"]}]}\n",
    );
    import_fhir(&mut db.conn, &[fhir], "t").unwrap();
    // The placeholder takes the roster's external_id.
    let first = write(
        dir.path(),
        "r1.csv",
        &format!("{HEADER}R001,Al Roe,Nurse,Plant A,,2020-01-01,pat-1,true\n"),
    );
    let r = import_roster(&mut db.conn, &first, "t").unwrap();
    assert_eq!(r.linked, 1);
    // Another roster external_id for the same Patient is a conflict.
    let second = write(
        dir.path(),
        "r2.csv",
        &format!(
            "{HEADER}N1,New Person,Nurse,Plant A,,2020-01-01,,true\n\
             N2,Linked Twice,Nurse,Plant A,,2020-01-01,pat-1,true\n"
        ),
    );
    let e = import_roster(&mut db.conn, &second, "t").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3: fhir_patient_id pat-1 is already linked to employee R001 (Al Roe); \
             external_id N2 would rename them. Use external_id R001 on this row, or correct \
             its fhir_patient_id\n\
             nothing imported: 1 problem(s) in the roster; the good rows were not imported either",
            second.display()
        )
    );
    let r001 = employees::get_by_external_id(&db.conn, "R001")
        .unwrap()
        .unwrap();
    assert_eq!(r001.name, "Al Roe");
    assert!(employees::get_by_external_id(&db.conn, "N1")
        .unwrap()
        .is_none());
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 1);
    // The same row under R001's own external_id is an ordinary update.
    let third = write(
        dir.path(),
        "r3.csv",
        &format!("{HEADER}R001,Al Roe-Smith,Nurse,Plant B,,2020-01-01,pat-1,true\n"),
    );
    let r = import_roster(&mut db.conn, &third, "t").unwrap();
    assert_eq!((r.updated, r.linked), (1, 0));
}

/// QA G16: Ctrl-C during `import fhir` was ignored and the import committed. A set cancel
/// flag rolls the import back: nothing imported, no employee, no ledger event.
#[test]
fn cancelled_fhir_import_imports_nothing() {
    let mut db = Db::new();
    let events = db.count("SELECT COUNT(*) FROM audit_events");
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let err = ww_core::import::fhir::import_fhir_cancellable(
        &mut db.conn,
        &[samples("synthea-10")],
        "tester",
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Cancelled(_)), "{err}");
    assert_eq!(err.to_string(), "cancelled: nothing imported");
    assert_eq!(db.count("SELECT COUNT(*) FROM fhir_resources"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_events"), events);
    // Not cancelled: the same call imports.
    cancel.store(false, std::sync::atomic::Ordering::SeqCst);
    let r = ww_core::import::fhir::import_fhir_cancellable(
        &mut db.conn,
        &[samples("synthea-10")],
        "tester",
        &cancel,
    )
    .unwrap();
    assert!(r.total() > 0);
}

/// QA G25: a role spelled `nurse` silently took the employee out of TB screening. The import
/// still takes the row but warns, naming the line, the measure's spelling and the measure.
#[test]
fn roster_role_differing_only_in_case_is_warned_about() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "r.csv",
        &format!(
            "{HEADER}L1,Lower Nurse,nurse,Plant A,,2020-01-01,,true\n\
             L2,Space Nurse,Nurse ,Plant A,,2020-01-01,,true\n\
             L3,Clerk,Office Administrator,Plant A,,2020-01-01,,true\n"
        ),
    );
    let (r, warnings) =
        ww_core::import::roster::import_roster_checked(&mut db.conn, &file, "t").unwrap();
    assert_eq!(r.inserted, 3, "a warning, not a refusal");
    assert_eq!(
        warnings,
        [format!(
            "{}:2: role \"nurse\" of L1 differs only in letter case from \"Nurse\", an eligible \
             role of TB Screening: Health-Care Personnel: eligibility is an exact match, so the \
             employee is outside that program; correct the roster if they belong to it",
            file.display()
        )]
    );
}

/// QA G10: external ids are limited to letters, digits, '.', '_' and '-' (the id becomes the
/// outreach address); `x y@z` is refused as FILE:LINE and nothing is imported.
#[test]
fn roster_external_ids_use_a_safe_character_set() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "ids.csv",
        &format!(
            "{HEADER}ok.id_1-A,Ann,Nurse,Clinic,,,,true\n\
             x y@z,Bo,Nurse,Clinic,,,,true\n"
        ),
    );
    let e = import_roster(&mut db.conn, &bad, "t").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3: external_id \"x y@z\" contains ' ': use only letters A-Z a-z, digits, '.', \
             '_' and '-' (the id becomes the outreach address x y@z@workwell-demo.dev)\n\
             nothing imported: 1 problem(s) in the roster; the good rows were not imported either",
            bad.display()
        )
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM employees"), 0);
    let long = "a".repeat(65);
    let refused = ww_core::import::roster::check_external_id(&long).unwrap_err();
    assert!(refused.to_string().contains("longer than 64"));
    assert_eq!(
        refused,
        ww_core::import::roster::ExternalIdError::TooLong(long.clone())
    );
    assert!(ww_core::import::roster::check_external_id("emp-001").is_ok());
}

/// A roster row linking an active employee to a Patient recorded deceased is imported with a
/// warning naming the line (runs then change no case for them).
#[test]
fn roster_link_to_a_deceased_patient_is_warned() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let fhir = write(
        dir.path(),
        "p.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"pat-9\",\"deceasedDateTime\":\"1989-05-09T10:00:00Z\"}\n",
    );
    import_fhir(&mut db.conn, &[fhir], "t").unwrap();
    let roster = write(
        dir.path(),
        "r.csv",
        &format!("{HEADER}Q001,Late Person,Nurse,Plant A,,2020-01-01,pat-9,true\n"),
    );
    let (r, warnings) =
        ww_core::import::roster::import_roster_checked(&mut db.conn, &roster, "t").unwrap();
    assert_eq!(r.linked, 1);
    assert_eq!(
        warnings,
        [format!(
            "{}:2: Q001 is active in the roster, but the linked FHIR Patient pat-9 is recorded \
             deceased on 1989-05-09: runs will record their outcomes but open, update or close \
             no case for them; check the row and its fhir_patient_id",
            roster.display()
        )]
    );
}
