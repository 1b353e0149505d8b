//! Issue 6 item 5: during evaluation a local code counts as its APPROVED standard code; a
//! PROPOSED or REVIEWED mapping does not. One employee's outcome changes when the mapping is
//! approved, evaluated by real runs of the run engine (ww-core) over the same database.

use crate::support::{db, AUDIOGRAM};
use chrono::NaiveDate;
use serde_json::json;
use std::sync::atomic::AtomicBool;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
use ww_governance::mapping_flow::{MappingDecision, MappingStatus};
use ww_governance::mappings::{self, NewMapping, Review};
use ww_store::employees::Employee;
use ww_store::ids::EmployeeId;

const LOCAL: &str = "urn:workwell:test-clinic:procedures";

/// Runs the audiogram measure for one employee as of 2026-03-02 and returns the outcome.
fn outcome_of(conn: &mut rusqlite::Connection, external_id: &str) -> String {
    // A run loads the terminology (value sets and APPROVED mappings) when it starts.
    let evaluator = CqlEvaluator::from_db(conn).unwrap();
    let req = RunRequest {
        measure: Some(AUDIOGRAM),
        employee: Some(external_id.into()),
        ..RunRequest::all_programs(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    };
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    let report = execute(conn, &evaluator, &req, &opts).unwrap();
    assert_eq!(report.total_evaluated, 1, "{report:?}");
    conn.query_row(
        "SELECT o.status FROM outcomes o JOIN employees e ON e.id = o.employee_id \
         WHERE o.run_id = ?1 AND e.external_id = ?2",
        rusqlite::params![report.run_id, external_id],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn an_employee_outcome_changes_when_the_mapping_is_approved() {
    let mut d = db();
    let e = Employee {
        id: EmployeeId::new(),
        external_id: "emp-local-aud".into(),
        name: "Lee Park".into(),
        role: Some("Machine Operator".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: Some("emp-local-aud".into()),
        start_date: NaiveDate::from_ymd_opt(2019, 6, 3),
        active: true,
    };
    ww_store::employees::insert(&d.conn, &e).unwrap();
    for resource in [
        json!({"resourceType": "Patient", "id": "emp-local-aud"}),
        // The clinic's record of a hearing test 168 days before the as-of date carries
        // only the clinic's own code.
        json!({"resourceType": "Procedure", "id": "aud-local-1", "status": "completed",
               "subject": {"reference": "Patient/emp-local-aud"},
               "code": {"coding": [{"system": LOCAL, "code": "HT-ANNUAL", "display": "Annual hearing test"}]},
               "performedDateTime": "2025-09-15T10:00:00Z"}),
    ] {
        ww_store::fhir_resources::upsert(&d.conn, &resource).unwrap();
    }
    assert_eq!(outcome_of(&mut d.conn, "emp-local-aud"), "MISSING_DATA");

    let m = mappings::propose(
        &mut d.conn,
        &NewMapping {
            local_system: LOCAL.into(),
            local_code: "HT-ANNUAL".into(),
            local_display: Some("Annual hearing test".into()),
            standard_system: "http://www.ama-assn.org/go/cpt".into(),
            standard_code: "92557".into(),
            standard_display: None,
            confidence: Some(0.85),
            notes: None,
        },
    )
    .unwrap();
    assert_eq!(
        outcome_of(&mut d.conn, "emp-local-aud"),
        "MISSING_DATA",
        "PROPOSED does not count"
    );
    let review = |decision| Review {
        decision,
        confidence: None,
        notes: Some("checked".into()),
    };
    mappings::decide(&mut d.conn, m.id, &review(MappingDecision::Review)).unwrap();
    assert_eq!(
        outcome_of(&mut d.conn, "emp-local-aud"),
        "MISSING_DATA",
        "REVIEWED does not count"
    );
    let approved = mappings::decide(&mut d.conn, m.id, &review(MappingDecision::Approve)).unwrap();
    assert_eq!(approved.mapping_status, MappingStatus::Approved);
    assert_eq!(
        outcome_of(&mut d.conn, "emp-local-aud"),
        "COMPLIANT",
        "APPROVED counts as CPT 92557"
    );
}
