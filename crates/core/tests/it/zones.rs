//! DOMAIN.md section 2 lesson: dates in evidence are calendar dates in the organisation's zone
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
    assert_eq!(evidence["why_flagged"]["days_overdue"], 61);
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
