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
