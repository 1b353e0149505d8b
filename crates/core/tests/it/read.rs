//! The read models of the run detail and the employee profile (`ww_core::read`).

use crate::support::{audiogram, run, Db, Script, Scripted};
use serde_json::json;
use ww_core::read::{employees, runs};
use ww_store::enums::{CaseActionType, OutcomeStatus};
use ww_store::ids::RunId;
use ww_store::seed::catalog::{MV_AUDIOGRAM, M_AUDIOGRAM};

const AUDIOGRAM: &str = "Hearing Conservation: Annual Audiogram";

fn version_label(db: &Db) -> String {
    let v = ww_store::measures::get_version(&db.conn, MV_AUDIOGRAM)
        .unwrap()
        .unwrap();
    format!("{AUDIOGRAM} {}", v.version)
}

/// Three employees: e1 overdue, e2 compliant, e3 missing data, run as of 2026-05-06.
fn three(db: &mut Db, ev: &Scripted) -> RunId {
    for e in ["e1", "e2", "e3"] {
        db.employee(e);
    }
    ev.set(
        "e1",
        Script::Status("OVERDUE", Some("2025-01-10"), Some(116)),
    );
    ev.set("e2", Script::Status("COMPLIANT", Some("2026-01-02"), None));
    ev.set("e3", Script::Status("MISSING_DATA", None, None));
    run(db, ev, &audiogram("2026-05-06")).run_id
}

#[test]
fn run_detail_counts_outcomes_and_names_the_measure_version() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let id = three(&mut db, &ev);
    let d = runs::run_detail(&db.conn, id).unwrap();
    assert_eq!(d.run.id, id);
    assert_eq!(d.measure_label, Some(version_label(&db)));
    assert_eq!(
        (
            d.counts.compliant,
            d.counts.due_soon,
            d.counts.overdue,
            d.counts.missing_data,
            d.counts.excluded
        ),
        (1, 0, 1, 1, 0)
    );
    assert_eq!(d.logs, ww_store::runs::list_logs(&db.conn, id).unwrap());
    assert!(d.logs.len() >= 3);
    assert_eq!(d.zone, chrono_tz::UTC);
}

#[test]
fn run_detail_of_an_unknown_run_names_it() {
    let db = Db::new();
    let id = RunId::new();
    let err = runs::run_detail(&db.conn, id).unwrap_err();
    assert_eq!(err.to_string(), format!("run not found: {id}"));
    assert_eq!(
        runs::measure_label(&db.conn, "not-a-version").unwrap(),
        None
    );
}

#[test]
fn run_outcomes_page_in_write_order_and_filter_by_status() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let id = three(&mut db, &ev);
    let all = runs::run_outcomes(&db.conn, id, None, 0, 10).unwrap();
    assert_eq!(all.total, 3);
    let names: Vec<&str> = all
        .items
        .iter()
        .map(|o| o.employee_external_id.as_str())
        .collect();
    assert_eq!(names, ["e1", "e2", "e3"]);
    assert_eq!(all.items[0].measure, version_label(&db));
    assert_eq!(all.items[0].site.as_deref(), Some("Plant A"));

    let second = runs::run_outcomes(&db.conn, id, None, 1, 1).unwrap();
    assert_eq!(second.total, 3);
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].employee_external_id, "e2");
    assert_eq!(second.items[0].status, OutcomeStatus::Compliant);

    let overdue = runs::run_outcomes(&db.conn, id, Some(OutcomeStatus::Overdue), 0, 10).unwrap();
    assert_eq!(overdue.total, 1);
    assert_eq!(overdue.items[0].employee_name, "Employee e1");
    assert_eq!(overdue.items[0].why_flagged["days_overdue"], json!(116));
    assert_eq!(
        overdue.items[0].why_flagged["last_exam_date"],
        json!("2025-01-10")
    );

    let none = runs::run_outcomes(&db.conn, id, Some(OutcomeStatus::Excluded), 0, 10).unwrap();
    assert_eq!((none.total, none.items.len()), (0, 0));
    let past_end = runs::run_outcomes(&db.conn, id, None, 3, 10).unwrap();
    assert_eq!((past_end.total, past_end.items.len()), (3, 0));
}

#[test]
fn run_outcomes_refuse_a_page_size_out_of_range() {
    let mut db = Db::new();
    let ev = Scripted::default();
    let id = three(&mut db, &ev);
    for limit in [0, runs::MAX_OUTCOME_PAGE + 1] {
        let err = runs::run_outcomes(&db.conn, id, None, 0, limit).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("limit {limit} must be between 1 and 500")
        );
    }
    assert_eq!(
        runs::run_outcomes(&db.conn, id, None, 0, runs::MAX_OUTCOME_PAGE)
            .unwrap()
            .items
            .len(),
        3
    );
}

#[test]
fn profile_shows_the_latest_real_outcome_and_case_activity() {
    let mut db = Db::new();
    let ev = Scripted::default();
    three(&mut db, &ev);
    let e1 = ww_store::employees::get_by_external_id(&db.conn, "e1")
        .unwrap()
        .unwrap()
        .id;
    // A later dry run says COMPLIANT: the profile keeps the real run's OVERDUE (QA G11).
    ev.set("e1", Script::Status("COMPLIANT", Some("2026-05-01"), None));
    let mut dry = audiogram("2026-05-06");
    dry.dry_run = true;
    run(&mut db, &ev, &dry);

    let p = employees::employee_profile(&db.conn, e1, 20).unwrap();
    assert_eq!(p.employee.external_id, "e1");
    assert_eq!(p.supervisor, None);
    assert_eq!(p.outcomes.len(), 1);
    let o = &p.outcomes[0];
    assert_eq!(o.measure_id, M_AUDIOGRAM);
    assert_eq!(o.measure_name, AUDIOGRAM);
    assert_eq!(o.status, OutcomeStatus::Overdue);
    assert_eq!(o.why_flagged["days_overdue"], json!(116));

    // The overdue outcome opened a case: its CREATED action is the activity.
    assert_eq!(p.activity.len(), 1);
    assert_eq!(p.activity[0].action_type, CaseActionType::Created);
    assert_eq!(p.activity[0].measure_name, AUDIOGRAM);
    let limited = employees::recent_activity(&db.conn, e1, 0).unwrap();
    assert!(limited.is_empty());

    // A real run later wins: newest evaluated_at first.
    run(&mut db, &ev, &audiogram("2026-05-06"));
    let now = employees::latest_outcomes(&db.conn, e1).unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].status, OutcomeStatus::Compliant);
    // The compliant run resolved the case: two actions, the newest first.
    let activity = employees::recent_activity(&db.conn, e1, 20).unwrap();
    assert_eq!(activity.len(), 2);
    assert_eq!(activity[1].action_type, CaseActionType::Created);
    assert_ne!(activity[0].action_type, CaseActionType::Created);
}

#[test]
fn profile_of_an_unknown_employee_names_it() {
    let db = Db::new();
    let id = ww_store::ids::EmployeeId::new();
    let err = employees::employee_profile(&db.conn, id, 5).unwrap_err();
    assert_eq!(err.to_string(), format!("employee not found: {id}"));
}

#[test]
fn profile_reads_only_population_runs_and_the_newest_as_of_date() {
    // QA H5: a back-dated one-person run must not replace the current picture.
    let mut db = Db::new();
    let ev = Scripted::default();
    three(&mut db, &ev);
    let e1 = ww_store::employees::get_by_external_id(&db.conn, "e1")
        .unwrap()
        .unwrap()
        .id;
    let mut one = audiogram("2025-06-01");
    one.employee = Some("e1".into());
    ev.set("e1", Script::Status("MISSING_DATA", None, None));
    run(&mut db, &ev, &one);
    // A one-person run as of a later date does not count either.
    let mut later_one = audiogram("2026-05-07");
    later_one.employee = Some("e1".into());
    run(&mut db, &ev, &later_one);
    let p = employees::employee_profile(&db.conn, e1, 5).unwrap();
    assert_eq!(p.outcomes.len(), 1);
    assert_eq!(p.outcomes[0].status, OutcomeStatus::Overdue);
    assert_eq!(p.outcomes[0].as_of, "2026-05-06");
    assert_eq!(p.outcomes[0].why_flagged["days_overdue"], json!(116));

    // A population run as of an earlier date, started later, is not the latest either.
    ev.set("e1", Script::Status("COMPLIANT", Some("2025-01-10"), None));
    run(&mut db, &ev, &audiogram("2025-12-01"));
    let now = employees::latest_outcomes(&db.conn, e1).unwrap();
    assert_eq!(
        (now[0].status, now[0].as_of.as_str()),
        (OutcomeStatus::Overdue, "2026-05-06")
    );
    // A population run with a newer as-of date is.
    run(&mut db, &ev, &audiogram("2026-05-08"));
    let now = employees::latest_outcomes(&db.conn, e1).unwrap();
    assert_eq!(
        (now[0].status, now[0].as_of.as_str()),
        (OutcomeStatus::Compliant, "2026-05-08")
    );
}

#[test]
fn run_history_filters_in_sql_and_names_as_of_and_target() {
    // QA H4 / H6: run history by measure, with the as-of date and what the scope names.
    use ww_core::read::history::{run_history, RunHistoryFilter};
    use ww_store::enums::ScopeType;
    let mut db = Db::new();
    let ev = Scripted::default();
    let population = three(&mut db, &ev);
    let mut one = audiogram("2025-06-01");
    one.employee = Some("e1".into());
    let back_dated = run(&mut db, &ev, &one).run_id;

    let all = run_history(&db.conn, &RunHistoryFilter::default(), 10).unwrap();
    assert_eq!(all.zone, "UTC");
    let rows: Vec<(RunId, &str, Option<&str>)> = all
        .items
        .iter()
        .map(|i| (i.run.id, i.as_of.as_str(), i.target.as_deref()))
        .collect();
    let label = version_label(&db);
    let one_target = format!("{label} · Employee e1 (e1)");
    assert_eq!(
        rows,
        [
            (back_dated, "2025-06-01", Some(one_target.as_str())),
            (population, "2026-05-06", Some(label.as_str())),
        ]
    );
    assert_eq!(
        all.items[1].started_local,
        format!(
            "{} {}",
            &all.items[1].run.started_at[..10],
            &all.items[1].run.started_at[11..16]
        )
    );

    let of = |f: RunHistoryFilter| -> Vec<RunId> {
        run_history(&db.conn, &f, 10)
            .unwrap()
            .items
            .iter()
            .map(|i| i.run.id)
            .collect()
    };
    let measure = |m| RunHistoryFilter {
        measure: Some(m),
        ..Default::default()
    };
    assert_eq!(of(measure(M_AUDIOGRAM)), [back_dated, population]);
    assert!(of(measure(ww_store::seed::catalog::M_TB)).is_empty());
    let employees_only = RunHistoryFilter {
        scope_type: Some(ScopeType::Employee),
        measure: Some(M_AUDIOGRAM),
        ..Default::default()
    };
    assert_eq!(of(employees_only), [back_dated]);
    let dry = RunHistoryFilter {
        dry_run: Some(true),
        ..Default::default()
    };
    assert!(of(dry).is_empty());
    assert_eq!(
        run_history(&db.conn, &RunHistoryFilter::default(), 1)
            .unwrap()
            .items
            .len(),
        1
    );
    let err = run_history(&db.conn, &RunHistoryFilter::default(), 0).unwrap_err();
    assert_eq!(err.to_string(), "limit 0: ask for at least one run");
}
