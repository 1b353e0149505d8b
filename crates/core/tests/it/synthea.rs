//! Issue 4 must-show on real input: the Synthea samples, a roster for 9 of their patients,
//! runs as of 2023-01-15 through the real CQL engine, idempotent case upsert, and a new
//! qualifying record resolving a case.

use crate::imports::samples;
use crate::support::{date, Db};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::import::{import_fhir, import_roster};
use ww_core::run::{execute, NoProgress, RunOptions, RunReport, RunRequest};
use ww_store::enums::{CaseStatus, RunStatus};
use ww_store::seed::catalog::{MV_AUDIOGRAM, MV_FLU};

fn roster() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthea_roster.csv")
}

fn run(db: &mut Db) -> RunReport {
    let ev = CqlEvaluator::from_db(&db.conn).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    execute(
        &mut db.conn,
        &ev,
        &RunRequest::all_programs(date("2023-01-15")),
        &opts,
    )
    .unwrap()
}

fn outcome(
    db: &Db,
    run: &RunReport,
    ext: &str,
    version: &str,
) -> Option<(String, serde_json::Value)> {
    db.conn
        .query_row(
            "SELECT o.status, o.evidence_json FROM outcomes o JOIN employees e ON e.id = o.employee_id \
             WHERE o.run_id = ?1 AND e.external_id = ?2 AND o.measure_version_id = ?3",
            rusqlite::params![run.run_id, ext, version],
            |r| {
                let ev: String = r.get(1)?;
                Ok((r.get(0)?, serde_json::from_str(&ev).unwrap()))
            },
        )
        .ok()
}

fn case_status(db: &Db, ext: &str, version: &str) -> Option<CaseStatus> {
    db.conn
        .query_row(
            "SELECT c.status FROM cases c JOIN employees e ON e.id = c.employee_id \
             WHERE e.external_id = ?1 AND c.measure_version_id = ?2",
            rusqlite::params![ext, version],
            |r| r.get(0),
        )
        .ok()
}

#[test]
fn synthea_samples_roster_and_runs_as_of_2023_01_15() {
    let mut db = Db::new();
    import_fhir(
        &mut db.conn,
        &[samples("synthea-100"), samples("synthea-10")],
        "tester",
    )
    .unwrap();
    let r = import_roster(&mut db.conn, &roster(), "tester").unwrap();
    assert_eq!((r.rows, r.linked), (9, 9));

    let first = run(&mut db);
    assert_eq!(
        first.status,
        RunStatus::Completed,
        "{:?}",
        first.failure_summary
    );
    let audiogram = first
        .measures
        .iter()
        .find(|m| m.measure_version_id == Some(MV_AUDIOGRAM))
        .unwrap();
    let flu = first
        .measures
        .iter()
        .find(|m| m.measure_version_id == Some(MV_FLU))
        .unwrap();
    // Audiogram population: the four noise-exposed roster employees; 111 unconfirmed patients
    // and five other roles are outside it.
    assert_eq!(audiogram.evaluated, 4);
    assert_eq!(
        (
            audiogram.overdue,
            audiogram.due_soon,
            audiogram.missing_data
        ),
        (1, 1, 2)
    );
    // Flu: every active roster employee; one vaccinated in the 2022-2023 season.
    assert_eq!(flu.evaluated, 9);
    assert_eq!(flu.evaluation_period, "2022-2023");
    assert_eq!((flu.compliant, flu.overdue), (1, 8));

    // emp-s01's hearing examinations are Procedures with performedPeriod; the last one
    // started 1989-04-01T13:31:16-05:00.
    let (status, evidence) = outcome(&db, &first, "emp-s01", &MV_AUDIOGRAM.to_string()).unwrap();
    assert_eq!(status, "OVERDUE");
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "1989-04-01");
    assert_eq!(evidence["why_flagged"]["compliance_window_days"], 365);
    assert_eq!(
        evidence["evaluatedResource"]["patientId"],
        "129c6ac7-8d06-89de-ad63-0204a93e76c3"
    );
    // That Patient is recorded deceased (1989-05-09T20:35:22-04:00, May 10 in the
    // organisation's zone UTC) while the roster says active (the QA's Q001): the evidence
    // says so, the run log names them, and no case is opened.
    assert_eq!(evidence["why_flagged"]["patient_deceased"], "1989-05-10");
    assert_eq!(first.deceased_employees, 1);
    assert_eq!(case_status(&db, "emp-s01", &MV_AUDIOGRAM.to_string()), None);
    let (status, evidence) = outcome(&db, &first, "emp-s03", &MV_AUDIOGRAM.to_string()).unwrap();
    assert_eq!(
        status, "DUE_SOON",
        "started 2022-11-01: baseline due within 180 days"
    );
    assert_eq!(
        evidence["why_flagged"]["last_exam_date"],
        serde_json::Value::Null
    );
    // Flu: the 2022-10-04 dose (CVX 140) makes emp-s09 compliant.
    let (status, evidence) = outcome(&db, &first, "emp-s09", &MV_FLU.to_string()).unwrap();
    assert_eq!(status, "COMPLIANT");
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2022-10-04");
    assert!(
        outcome(&db, &first, "emp-s04", &MV_AUDIOGRAM.to_string()).is_none(),
        "office clerk"
    );

    // TB: the nurse and the lab technician. One has Synthea's TB skin test of 2022-08-17,
    // written as SNOMED 28163009 ("Skin test for tuberculosis, Tine test"), which the seeded
    // value set counts (QA G10); the other has no TB test on record.
    let tb = first
        .measures
        .iter()
        .find(|m| m.name.starts_with("TB"))
        .unwrap();
    assert_eq!((tb.evaluated, tb.compliant, tb.missing_data), (2, 1, 1));
    let cases_after_first = db.count("SELECT COUNT(*) FROM cases");
    assert_eq!(
        cases_after_first,
        (4 + 8 + 1) - 2,
        "one per non-compliant outcome, none for emp-s01 (deceased: audiogram and flu)"
    );
    let second = run(&mut db);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM cases"),
        cases_after_first,
        "no new case"
    );
    assert_eq!(second.case_totals().opened, 0);

    // A qualifying record arrives for emp-s02: a hearing examination and a flu dose.
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.ndjson");
    std::fs::write(
        &new,
        "{\"resourceType\":\"Procedure\",\"id\":\"ww-hear-s02\",\"status\":\"completed\",\
         \"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"398171003\",\"display\":\"Hearing examination (procedure)\"}]},\
         \"subject\":{\"reference\":\"Patient/6a4160eb-a793-2f86-2302-378626f46cce\"},\
         \"performedPeriod\":{\"start\":\"2023-01-10T09:00:00-05:00\",\"end\":\"2023-01-10T09:30:00-05:00\"}}\n\
         {\"resourceType\":\"Immunization\",\"id\":\"ww-flu-s02\",\"status\":\"completed\",\
         \"vaccineCode\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\"140\"}]},\
         \"patient\":{\"reference\":\"Patient/6a4160eb-a793-2f86-2302-378626f46cce\"},\
         \"occurrenceDateTime\":\"2023-01-11T10:00:00-05:00\"}\n",
    )
    .unwrap();
    assert_eq!(
        case_status(&db, "emp-s02", &MV_AUDIOGRAM.to_string()),
        Some(CaseStatus::Open)
    );
    import_fhir(&mut db.conn, &[new], "tester").unwrap();
    let third = run(&mut db);
    assert_eq!(
        case_status(&db, "emp-s02", &MV_AUDIOGRAM.to_string()),
        Some(CaseStatus::Resolved)
    );
    assert_eq!(
        case_status(&db, "emp-s02", &MV_FLU.to_string()),
        Some(CaseStatus::Resolved)
    );
    assert_eq!(third.case_totals().resolved, 2);
}
