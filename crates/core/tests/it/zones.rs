//! Evidence through the real CQL engine and the seeded measures. DOMAIN.md section 2 lesson:
//! dates in evidence are calendar dates in the organisation's zone
//! (QA F3), through the real CQL engine and the seeded flu measure.

use crate::support::{date, Db};
use std::sync::atomic::AtomicBool;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::import::import_fhir;
use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
use ww_store::seed::catalog::M_FLU;

/// The QA's dose: 22:00 on July 31 in New York is 02:00 on August 1 in UTC, the first day of
/// the 2022-2023 flu season.
const DOSE: &str = "{\"resourceType\":\"Immunization\",\"id\":\"qa-tz-1\",\"status\":\"completed\",\
    \"vaccineCode\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\"140\"}]},\
    \"patient\":{\"reference\":\"Patient/pat-R001\"},\"occurrenceDateTime\":\"2022-07-31T22:00:00-04:00\"}\n";

/// The flu outcome of R001 as of 2023-01-15 with the organisation in `zone`.
fn flu_as_of_2023_01_15(zone: &str) -> (String, serde_json::Value) {
    let mut db = Db::new();
    db.employee("R001");
    ww_store::settings::set(&db.conn, ww_store::settings::ORG_TIME_ZONE, zone).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tz.ndjson");
    std::fs::write(&file, DOSE).unwrap();
    import_fhir(&mut db.conn, &[file], "tester").unwrap();
    let ev = CqlEvaluator::from_db(&db.conn).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    let req = RunRequest {
        measure: Some(M_FLU),
        employee: Some("R001".into()),
        ..RunRequest::all_programs(date("2023-01-15"))
    };
    let report = execute(&mut db.conn, &ev, &req, &opts).unwrap();
    db.conn
        .query_row(
            "SELECT status, evidence_json FROM outcomes WHERE run_id = ?1",
            [report.run_id],
            |r| {
                let evidence: String = r.get(1)?;
                Ok((r.get(0)?, serde_json::from_str(&evidence).unwrap()))
            },
        )
        .unwrap()
}

#[test]
fn dates_in_evidence_are_calendar_dates_in_the_organisations_zone() {
    let (status, evidence) = flu_as_of_2023_01_15("UTC");
    assert_eq!(status, "COMPLIANT", "{evidence}");
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2022-08-01");

    let (status, evidence) = flu_as_of_2023_01_15("America/New_York");
    assert_eq!(
        status, "OVERDUE",
        "July 31 is before the season: {evidence}"
    );
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2022-07-31");
    // Due 2022-11-14, the day before the 2022-11-15 deadline (QA G10, DOMAIN.md section 3).
    assert_eq!(evidence["why_flagged"]["days_overdue"], 62);
}

/// QA F20: an employee who starts after the as-of date is outside every population (no
/// outcome, no case, counted as outside in the run log), in the run and in the seeded CQL.
#[test]
fn employee_not_started_at_the_as_of_date_is_outside_the_population() {
    use ww_core::evaluator::{parameters, EmployeeFacts, EvaluationInput, MeasureEvaluator};
    use ww_core::period::MeasurementPeriod;
    use ww_core::spec::MeasureSpec;
    let mut db = Db::new();
    let e = ww_store::employees::Employee {
        id: ww_store::ids::EmployeeId::new(),
        external_id: "N3".into(),
        name: "Future Start".into(),
        role: Some("Nurse".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: None,
        start_date: Some(date("2027-01-01")),
        active: true,
    };
    ww_store::employees::insert(&db.conn, &e).unwrap();
    let ev = CqlEvaluator::from_db(&db.conn).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    let req = RunRequest {
        employee: Some("N3".into()),
        ..RunRequest::all_programs(date("2026-05-06"))
    };
    let report = execute(&mut db.conn, &ev, &req, &opts).unwrap();
    assert_eq!(report.total_evaluated, 0);
    assert!(report.measures.iter().all(|m| m.outside_population == 1));
    assert_eq!(db.count("SELECT COUNT(*) FROM outcomes"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 0);
    let log = ww_store::runs::list_logs(&db.conn, report.run_id).unwrap();
    assert!(
        log.iter().any(|l| l
            .message
            .starts_with("Seasonal Influenza Vaccination v1.0 (2025-2026): 0 evaluated")
            && l.message.contains("1 outside the population")),
        "{log:?}"
    );

    // The seeded flu CQL itself says so too (fixture validation evaluates the CQL alone).
    let version = ww_store::measures::get_version(&db.conn, ww_store::seed::catalog::MV_FLU)
        .unwrap()
        .unwrap();
    let spec = MeasureSpec::from_json(&version.spec_json, "flu").unwrap();
    let lib = ev.compile(version.cql_text.as_deref().unwrap()).unwrap();
    let period = MeasurementPeriod::new(date("2026-05-06"), chrono_tz::Tz::UTC);
    let define = |start: &str, name: &str| {
        let facts = EmployeeFacts {
            role: Some("Nurse"),
            site: Some("Plant A"),
            start_date: Some(date(start)),
            active: true,
            has_active_waiver: false,
        };
        let params = parameters(&period, &facts, &spec);
        let input = EvaluationInput {
            patient_id: "N3",
            now: period.end,
            parameters: &params,
            data: &ww_core::fhir_data::PatientData::default(),
        };
        let out = ev.evaluate(&lib, &input).unwrap();
        out.into_iter().find(|(n, _)| n == name).unwrap().1.unwrap()
    };
    assert_eq!(define("2027-01-01", "In Population"), false);
    assert_eq!(
        define("2027-01-01", "Outcome Status"),
        serde_json::Value::Null
    );
    assert_eq!(define("2026-05-06", "In Population"), true);
    assert_eq!(define("2026-05-06", "Outcome Status"), "DUE_SOON");
}

/// One employee's outcome of one seeded measure through the real engine: the employee is
/// inserted as given, `ndjson` imported, and a run as of `as_of` made; returns the status,
/// the evidence, the run report and its log lines.
fn outcome(
    e: ww_store::employees::Employee,
    ndjson: &str,
    measure: ww_store::ids::MeasureId,
    as_of: &str,
) -> (
    String,
    serde_json::Value,
    ww_core::run::RunReport,
    Vec<String>,
    Db,
) {
    let mut db = Db::new();
    ww_store::employees::insert(&db.conn, &e).unwrap();
    if !ndjson.is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.ndjson");
        std::fs::write(&file, ndjson).unwrap();
        import_fhir(&mut db.conn, &[file], "tester").unwrap();
    }
    let ev = CqlEvaluator::from_db(&db.conn).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    let req = RunRequest {
        measure: Some(measure),
        employee: Some(e.external_id.clone()),
        ..RunRequest::all_programs(date(as_of))
    };
    let report = execute(&mut db.conn, &ev, &req, &opts).unwrap();
    let (status, evidence) = db
        .conn
        .query_row(
            "SELECT status, evidence_json FROM outcomes WHERE run_id = ?1",
            [report.run_id],
            |r| {
                let evidence: String = r.get(1)?;
                Ok((r.get(0)?, serde_json::from_str(&evidence).unwrap()))
            },
        )
        .unwrap();
    let log = ww_store::runs::list_logs(&db.conn, report.run_id)
        .unwrap()
        .into_iter()
        .map(|l| format!("{} {}", l.level, l.message))
        .collect();
    (status, evidence, report, log, db)
}

fn nurse(external_id: &str, patient: Option<&str>) -> ww_store::employees::Employee {
    ww_store::employees::Employee {
        id: ww_store::ids::EmployeeId::new(),
        external_id: external_id.into(),
        name: format!("Nurse {external_id}"),
        role: Some("Nurse".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: patient.map(str::to_owned),
        start_date: Some(date("2020-01-06")),
        active: true,
    }
}

fn flu_dose(id: &str, when: &str) -> String {
    format!(
        "{{\"resourceType\":\"Immunization\",\"id\":\"{id}\",\"status\":\"completed\",\
         \"vaccineCode\":{{\"coding\":[{{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\"141\"}}]}},\
         \"patient\":{{\"reference\":\"Patient/pat-1\"}},\"occurrenceDateTime\":\"{when}\"}}\n"
    )
}

/// QA G14: an employee with no linked FHIR Patient: the evidence says no health record is
/// linked (patientId null, `health_record_linked: false`), the outcome stays the engine's
/// MISSING_DATA, the next action asks for the link, and the run log counts them.
#[test]
fn employee_without_a_linked_patient_is_said_to_have_no_health_record() {
    use ww_store::seed::catalog::M_TB;
    let (status, evidence, report, log, db) = outcome(nurse("S3", None), "", M_TB, "2023-01-15");
    assert_eq!(status, "MISSING_DATA");
    assert_eq!(
        evidence["evaluatedResource"]["patientId"],
        serde_json::Value::Null
    );
    assert_eq!(evidence["why_flagged"]["health_record_linked"], false);
    assert_eq!(
        evidence["why_flagged"]["last_exam_date"],
        serde_json::Value::Null
    );
    assert_eq!(report.employees_without_health_record, 1);
    assert_eq!(report.measures[0].no_health_record, 1);
    assert!(
        log.iter().any(|l| {
            l.starts_with(
            "WARN 1 employee(s) have no linked FHIR Patient (the roster's fhir_patient_id is empty)"
        ) && l.ends_with(": S3.")
        }),
        "{log:#?}"
    );
    let next: String = db
        .conn
        .query_row("SELECT next_action FROM cases", [], |r| r.get(0))
        .unwrap();
    assert!(
        next.starts_with("Link this employee to their health record"),
        "{next}"
    );
}

/// QA G17: a partial FHIR date is shown as written with its precision; the status is what
/// the engine decides with CQL's uncertainty (CQL.md), not changed here.
#[test]
fn partial_exam_date_is_shown_as_written_and_flagged_imprecise() {
    let patient = "{\"resourceType\":\"Patient\",\"id\":\"pat-1\"}\n";
    let month = format!("{patient}{}", flu_dose("d-1", "2022-10"));
    let (status, evidence, ..) = outcome(nurse("Q014", Some("pat-1")), &month, M_FLU, "2023-01-15");
    assert_eq!(status, "COMPLIANT", "{evidence}");
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2022-10");
    assert_eq!(evidence["why_flagged"]["last_exam_date_precision"], "MONTH");
    // A year-only dose next to an exact older one: the engine cannot place "2022" in the
    // season; the evidence shows the year as written, never null.
    let year = format!(
        "{patient}{}{}",
        flu_dose("d-1", "2022"),
        flu_dose("d-0", "1950-07-24T10:00:00Z")
    );
    let (status, evidence, ..) = outcome(nurse("Q014", Some("pat-1")), &year, M_FLU, "2023-01-15");
    assert_eq!(status, "OVERDUE", "{evidence}");
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2022");
    assert_eq!(evidence["why_flagged"]["last_exam_date_precision"], "YEAR");
}

/// QA G10 / DOMAIN.md section 3: on the deadline day an unvaccinated employee is OVERDUE, and
/// the days agree: 1 day overdue (the due date is the day before the deadline); the evidence
/// shows the season and the due date, not a 365-day window.
#[test]
fn flu_on_the_deadline_day_is_one_day_overdue() {
    let patient = "{\"resourceType\":\"Patient\",\"id\":\"pat-1\"}\n";
    let old = format!("{patient}{}", flu_dose("d-0", "2021-10-12T10:00:00Z"));
    let (status, evidence, ..) = outcome(nurse("F1", Some("pat-1")), &old, M_FLU, "2022-11-15");
    assert_eq!(status, "OVERDUE", "{evidence}");
    let why = &evidence["why_flagged"];
    assert_eq!(why["days_overdue"], 1, "{why}");
    assert_eq!(why["due_date"], "2022-11-14");
    assert_eq!(why["season"], "2022-08-01/2023-03-31");
    assert_eq!(why.get("compliance_window_days"), None);
    let (status, evidence, ..) = outcome(nurse("F1", Some("pat-1")), &old, M_FLU, "2022-11-14");
    assert_eq!(status, "DUE_SOON", "{evidence}");
    assert_eq!(
        evidence["why_flagged"]["days_overdue"],
        serde_json::Value::Null
    );
    assert_eq!(evidence["why_flagged"]["due_date"], "2022-11-14");
    let (_, evidence, ..) = outcome(nurse("F1", Some("pat-1")), &old, M_FLU, "2022-12-01");
    assert_eq!(evidence["why_flagged"]["days_overdue"], 17);
}

/// A linked Patient recorded deceased: the outcome is the engine's, the evidence and the run
/// log say so, and no case is opened for the person (no outreach on the roster's word alone).
#[test]
fn deceased_patient_is_shown_and_gets_no_case() {
    use ww_store::seed::catalog::M_TB;
    let patient =
        "{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"deceasedDateTime\":\"1989-05-09T10:00:00Z\"}\n";
    let (status, evidence, report, log, db) =
        outcome(nurse("Q001", Some("pat-1")), patient, M_TB, "2023-01-15");
    assert_eq!(status, "MISSING_DATA");
    assert_eq!(evidence["why_flagged"]["patient_deceased"], "1989-05-09");
    assert_eq!(report.deceased_employees, 1);
    assert_eq!(report.measures[0].deceased, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM cases"), 0);
    assert!(
        log.iter().any(|l| l.starts_with(
            "WARN Q001 (Nurse Q001): the linked FHIR Patient pat-1 is recorded deceased on 1989-05-09"
        )),
        "{log:#?}"
    );
}

/// QA G10: Synthea writes TB skin tests as SNOMED 28163009; the seeded value set counts it.
#[test]
fn synthea_tine_test_counts_as_a_tb_screening_test() {
    use ww_store::seed::catalog::M_TB;
    let data = "{\"resourceType\":\"Patient\",\"id\":\"pat-1\"}\n\
        {\"resourceType\":\"Procedure\",\"id\":\"tb-1\",\"status\":\"completed\",\
        \"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"28163009\",\
        \"display\":\"Skin test for tuberculosis, Tine test (procedure)\"}]},\
        \"subject\":{\"reference\":\"Patient/pat-1\"},\
        \"performedPeriod\":{\"start\":\"2022-08-17T14:45:24-04:00\",\"end\":\"2022-08-17T15:00:24-04:00\"}}\n";
    let (status, evidence, ..) = outcome(nurse("Q011", Some("pat-1")), data, M_TB, "2023-01-15");
    assert_eq!(status, "COMPLIANT", "{evidence}");
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2022-08-17");
}
