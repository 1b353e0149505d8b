//! The real CQL engine over the seeded measures and the demo workforce: every outcome must be
//! the status the demo generator built the records for.

use crate::support::{date, Db};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicBool;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
use ww_store::enums::RunStatus;
use ww_store::seed::demo::{generate, load_demo, DemoOptions};

/// The generator's plan agrees with the measures for as-of dates across a whole year: in and
/// out of the flu season (April-July belong to the season that ended March 31), on and around
/// the season's first day, end and deadline, and at month and year ends.
#[test]
fn demo_workforce_outcomes_match_the_generators_plan() {
    for as_of in [
        "2026-01-15",
        "2025-09-10",
        "2026-11-29",
        "2026-02-28",
        "2026-03-31",
        "2026-04-01",
        "2026-05-20",
        "2026-06-30",
        "2026-07-31",
        "2026-08-01",
        "2026-11-14",
        "2026-11-15",
        "2026-12-31",
    ] {
        check_plan(as_of);
    }
}

fn check_plan(as_of: &str) {
    let mut db = Db::new();
    let as_of = date(as_of);
    let opts = DemoOptions {
        employees: 120,
        ..DemoOptions::as_of(as_of)
    };
    load_demo(&mut db.conn, &opts).unwrap();
    let plan = generate(&opts).unwrap().plan;
    let evaluator = CqlEvaluator::from_db(&db.conn).unwrap();
    let cancel = AtomicBool::new(false);
    let run_opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    // A future as-of date is a projection: only a dry run accepts it (QA G23); outcomes are
    // stored either way.
    let today = ww_core::run::today(&db.conn).unwrap();
    let report = execute(
        &mut db.conn,
        &evaluator,
        &RunRequest {
            dry_run: as_of > today,
            ..RunRequest::all_programs(as_of)
        },
        &run_opts,
    )
    .unwrap();
    let keys: HashMap<String, &str> = ww_store::seed::catalog::measures()
        .into_iter()
        .map(|m| (m.version_id.to_string(), m.key))
        .collect();
    let mut stmt = db
        .conn
        .prepare(
            "SELECT e.external_id, o.measure_version_id, o.status, o.evidence_json FROM outcomes o \
             JOIN employees e ON e.id = o.employee_id WHERE o.run_id = ?1",
        )
        .unwrap();
    let got: BTreeMap<(String, String), (String, String)> = stmt
        .query_map([report.run_id], |r| {
            let version: String = r.get(1)?;
            Ok((
                (r.get::<_, String>(0)?, keys[&version].to_string()),
                (r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut wrong = Vec::new();
    for p in &plan {
        let key = (p.external_id.clone(), p.measure_key.to_string());
        match got.get(&key) {
            Some((status, _)) if status == p.status.as_str() => {}
            Some((status, evidence)) => wrong.push(format!(
                "{} {}: planned {}, got {status}: {evidence}",
                p.external_id, p.measure_key, p.status
            )),
            None => wrong.push(format!(
                "{} {}: planned {}, got no outcome",
                p.external_id, p.measure_key, p.status
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "as of {as_of}: {} of {} wrong:\n{}",
        wrong.len(),
        plan.len(),
        wrong
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        got.len(),
        plan.len(),
        "outcomes only for the planned population"
    );
    assert_eq!(
        report.status,
        RunStatus::Completed,
        "{:?}",
        report.failure_summary
    );
}

#[test]
fn cql_now_is_the_as_of_instant_not_the_wall_clock() {
    // Lesson (DOMAIN.md section 1): Now()/Today() return the run's as-of instant.
    use ww_core::evaluator::{EvaluationInput, MeasureEvaluator};
    use ww_core::period::MeasurementPeriod;
    let db = Db::new();
    let ev = CqlEvaluator::from_db(&db.conn).unwrap();
    let lib = ev
        .compile("library T version '1'\ndefine \"Now\": Now()\ndefine \"Today\": Today()")
        .unwrap();
    let period = MeasurementPeriod::new(date("2023-01-15"), chrono_tz::America::Chicago);
    let input = EvaluationInput {
        patient_id: "p",
        now: period.end,
        parameters: &[],
        data: &ww_core::fhir_data::PatientData::default(),
    };
    let out = ev.evaluate(&lib, &input).unwrap();
    assert_eq!(out[0].1.as_ref().unwrap(), "2023-01-15T23:59:59.999-06:00");
    assert_eq!(out[1].1.as_ref().unwrap(), "2023-01-15");
}

#[test]
fn a_setting_change_needs_no_cql_edit() {
    // Issue 4 item 3: windowDays reaches the CQL as "Window Days".
    use crate::support::Db as TestDb;
    use ww_store::seed::catalog::MV_AUDIOGRAM;
    let mut db = TestDb::new();
    let as_of = date("2026-01-15");
    load_demo(
        &mut db.conn,
        &DemoOptions {
            employees: 60,
            ..DemoOptions::as_of(as_of)
        },
    )
    .unwrap();
    let evaluator = CqlEvaluator::from_db(&db.conn).unwrap();
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    let req = RunRequest {
        measure: Some(ww_store::seed::catalog::M_AUDIOGRAM),
        dry_run: true,
        ..RunRequest::all_programs(as_of)
    };
    let before = execute(&mut db.conn, &evaluator, &req, &opts).unwrap();
    let mut v = ww_store::measures::get_version(&db.conn, MV_AUDIOGRAM)
        .unwrap()
        .unwrap();
    v.spec_json["windowDays"] = serde_json::json!(3650);
    ww_store::measures::update_version(&db.conn, &v).unwrap();
    // An approved rule changed in place is refused by runs (QA G12); this test is about the
    // engine reading the spec, so the recorded approval hashes are dropped (as for a version
    // approved before they were recorded).
    forget_approval_hashes(&db);
    let after = execute(&mut db.conn, &evaluator, &req, &opts).unwrap();
    let (b, a) = (&before.measures[0], &after.measures[0]);
    assert!(b.overdue > 0);
    assert_eq!(a.overdue, 0, "a ten-year window leaves nobody overdue");
    assert_eq!(
        a.compliant,
        b.compliant + b.overdue + b.due_soon - a.due_soon
    );
}

/// Drops the approval hashes of the seeded audiogram version so a test may edit its rule in
/// place (runs refuse an approved rule that no longer matches its hashes, QA G12).
pub fn forget_approval_hashes(db: &Db) {
    db.conn
        .execute(
            "UPDATE measure_versions SET approved_cql_sha256 = NULL, approved_spec_sha256 = NULL \
             WHERE id = ?1",
            [ww_store::seed::catalog::MV_AUDIOGRAM],
        )
        .unwrap();
}
