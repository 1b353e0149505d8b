use super::*;
use rusqlite::Connection;
use ww_store::ids::EmployeeId;

/// A database with the standard content (four ACTIVE measures) and no runs.
fn db() -> Connection {
    let mut conn = ww_store::db::open_in_memory().unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    conn
}

fn active(conn: &Connection) -> Vec<(MeasureId, MeasureVersionId, String)> {
    ww_store::measures::list_active(conn)
        .unwrap()
        .into_iter()
        .map(|(m, v)| (m.id, v.id, m.name))
        .collect()
}

fn employee(conn: &Connection, ext: &str, site: Option<&str>, role: Option<&str>) -> EmployeeId {
    let id = EmployeeId::new();
    conn.execute(
        "INSERT INTO employees (id, external_id, name, role, site, active) VALUES (?1, ?2, ?3, ?4, ?5, 1)",
        params![id, ext, format!("Employee {ext}"), role, site],
    )
    .unwrap();
    id
}

struct RunSpec<'a> {
    started_at: &'a str,
    status: &'a str,
    scope: &'a str,
    trigger: &'a str,
    dry_run: bool,
}

const DONE: RunSpec<'static> = RunSpec {
    started_at: "2026-11-01T08:00:00.000Z",
    status: "COMPLETED",
    scope: "ALL_PROGRAMS",
    trigger: "MANUAL",
    dry_run: false,
};

fn run(conn: &Connection, spec: &RunSpec<'_>) -> RunId {
    let id = RunId::new();
    let end = format!("{}T23:59:59.999Z", &spec.started_at[..10]);
    conn.execute(
        "INSERT INTO runs (id, scope_type, trigger_type, status, started_at, \
         measurement_period_start, measurement_period_end, dry_run) \
         VALUES (?1, ?2, ?3, ?4, ?5, '2025-11-01T00:00:00.000Z', ?6, ?7)",
        params![
            id,
            spec.scope,
            spec.trigger,
            spec.status,
            spec.started_at,
            end,
            spec.dry_run
        ],
    )
    .unwrap();
    id
}

fn outcome(conn: &Connection, run: RunId, e: EmployeeId, v: MeasureVersionId, status: &str) {
    conn.execute(
        "INSERT INTO outcomes (id, run_id, employee_id, measure_version_id, evaluation_period, \
         status, evidence_json) VALUES (?1, ?2, ?3, ?4, '2026', ?5, '{}')",
        params![ww_store::ids::OutcomeId::new(), run, e, v, status],
    )
    .unwrap();
}

fn counts(c: u32, d: u32, o: u32, m: u32, x: u32) -> StatusCounts {
    StatusCounts {
        compliant: c,
        due_soon: d,
        overdue: o,
        missing_data: m,
        excluded: x,
    }
}

#[test]
fn only_terminal_non_dry_population_runs_count() {
    use RunStatus::*;
    use ScopeType::*;
    let check = |status, dry, scope, expect: bool| {
        assert_eq!(
            is_dashboard_run(status, dry, scope),
            expect,
            "{status:?} dry={dry} {scope:?}"
        );
    };
    check(Completed, false, AllPrograms, true);
    check(PartialFailure, false, Measure, true);
    check(Failed, false, AllPrograms, true);
    check(Cancelled, false, AllPrograms, true);
    check(Running, false, AllPrograms, false);
    check(Queued, false, AllPrograms, false);
    check(Requested, false, Measure, false);
    check(Completed, true, AllPrograms, false);
    check(Completed, false, Employee, false);
    check(Completed, false, Case, false);
    check(Completed, false, Site, false);
}

#[test]
fn sql_filter_matches_the_rule() {
    assert_eq!(
        dashboard_run_filter(),
        "dry_run = 0 AND status IN ('PARTIAL_FAILURE', 'COMPLETED', 'FAILED', 'CANCELLED') \
         AND scope_type IN ('ALL_PROGRAMS', 'MEASURE')"
    );
}

#[test]
fn compliance_excludes_the_excluded_and_rounds_to_one_decimal() {
    assert_eq!(counts(2, 1, 0, 0, 5).compliance_pct(), Some(66.7));
    assert_eq!(counts(3, 0, 0, 0, 0).compliance_pct(), Some(100.0));
    assert_eq!(counts(0, 0, 0, 0, 4).compliance_pct(), None);
    assert_eq!(StatusCounts::default().compliance_pct(), None);
    assert_eq!(counts(1, 2, 3, 4, 5).total(), 15);
}

#[test]
fn empty_database_has_cards_without_figures() {
    let conn = db();
    let o = overview(&conn).unwrap();
    assert_eq!(o.programs.len(), 4);
    assert!(o.programs.iter().all(|p| p.counts.is_none()
        && p.trend.is_empty()
        && p.top_sites.is_empty()
        && p.open_cases == 0));
    assert_eq!(o.open_cases, 0);
    assert_eq!(o.compliance_pct, None);
    assert!(o.last_run.is_none());
}

/// Regression (DOMAIN.md section 4 lesson): a newer dry run, in-flight run or one-person
/// rerun never becomes the figure a card shows.
#[test]
fn newer_dry_inflight_and_rerun_runs_do_not_replace_the_counted_run() {
    let conn = db();
    let ms = active(&conn);
    let (_, v0, _) = ms[0];
    let a = employee(&conn, "E1", Some("North"), Some("Welder"));
    let b = employee(&conn, "E2", Some("South"), Some("Welder"));

    let counted = run(&conn, &DONE);
    outcome(&conn, counted, a, v0, "OVERDUE");
    outcome(&conn, counted, b, v0, "COMPLIANT");

    for spec in [
        RunSpec {
            started_at: "2026-11-02T08:00:00.000Z",
            dry_run: true,
            ..DONE
        },
        RunSpec {
            started_at: "2026-11-03T08:00:00.000Z",
            status: "RUNNING",
            ..DONE
        },
        RunSpec {
            started_at: "2026-11-04T08:00:00.000Z",
            scope: "EMPLOYEE",
            trigger: "RERUN",
            ..DONE
        },
    ] {
        let r = run(&conn, &spec);
        outcome(&conn, r, a, v0, "COMPLIANT");
        outcome(&conn, r, b, v0, "COMPLIANT");
    }

    let o = overview(&conn).unwrap();
    let card = o
        .programs
        .iter()
        .find(|p| p.measure_version_id == v0)
        .unwrap();
    assert_eq!(card.counts, Some(counts(1, 0, 1, 0, 0)));
    assert_eq!(card.counted_run_id, Some(counted));
    assert_eq!(card.compliance_pct, Some(50.0));
    assert_eq!(card.trend.len(), 1);
    assert_eq!(o.last_run.as_ref().map(|r| r.id), Some(counted));
    assert_eq!(o.compliance_pct, Some(50.0));
}

#[test]
fn each_version_takes_the_newest_run_that_evaluated_it_and_trends_run_oldest_first() {
    let conn = db();
    let ms = active(&conn);
    let (m0, v0, _) = ms[0];
    let (_, v1, _) = ms[1];
    let e = employee(&conn, "E1", Some("North"), Some("Welder"));
    let f = employee(&conn, "E2", Some("North"), None);

    // Day 1: all programs; day 2: a MEASURE run of the first measure only.
    let day1 = run(&conn, &DONE);
    outcome(&conn, day1, e, v0, "OVERDUE");
    outcome(&conn, day1, f, v0, "OVERDUE");
    outcome(&conn, day1, e, v1, "DUE_SOON");
    let day2 = run(
        &conn,
        &RunSpec {
            started_at: "2026-11-02T08:00:00.000Z",
            scope: "MEASURE",
            trigger: "SCHEDULED",
            ..DONE
        },
    );
    outcome(&conn, day2, e, v0, "COMPLIANT");
    outcome(&conn, day2, f, v0, "OVERDUE");

    let o = overview(&conn).unwrap();
    let first = o
        .programs
        .iter()
        .find(|p| p.measure_version_id == v0)
        .unwrap();
    let second = o
        .programs
        .iter()
        .find(|p| p.measure_version_id == v1)
        .unwrap();
    assert_eq!(first.counted_run_id, Some(day2));
    assert_eq!(first.counts, Some(counts(1, 0, 1, 0, 0)));
    assert_eq!(second.counted_run_id, Some(day1));
    assert_eq!(second.counts, Some(counts(0, 1, 0, 0, 0)));
    let trend: Vec<(RunId, &str, Option<f64>)> = first
        .trend
        .iter()
        .map(|t| (t.run_id, t.as_of.as_str(), t.compliance_pct))
        .collect();
    assert_eq!(
        trend,
        vec![
            (day1, "2026-11-01", Some(0.0)),
            (day2, "2026-11-02", Some(50.0))
        ]
    );
    assert_eq!(second.trend.len(), 1);
    assert_eq!(o.last_run.as_ref().map(|r| r.id), Some(day2));
    assert_eq!(o.last_scheduled_run.as_ref().map(|r| r.id), Some(day2));
    // All programs: (1 + 0) compliant of (2 + 1) outcomes.
    assert_eq!(o.compliance_pct, Some(33.3));

    let detail = program(&conn, m0).unwrap();
    assert_eq!(&detail, first);
}

#[test]
fn top_sites_and_roles_rank_overdue_outcomes_of_the_counted_run() {
    let conn = db();
    let (_, v0, _) = active(&conn)[0];
    let r = run(&conn, &DONE);
    let people = [
        ("A", Some("North"), Some("Welder"), "OVERDUE"),
        ("B", Some("North"), Some("Welder"), "OVERDUE"),
        ("C", Some("North"), Some("Nurse"), "OVERDUE"),
        ("D", Some("South"), Some("Nurse"), "OVERDUE"),
        ("E", None, None, "OVERDUE"),
        ("F", Some("West"), Some("Clerk"), "COMPLIANT"),
        ("G", Some("West"), Some("Clerk"), "DUE_SOON"),
    ];
    for (ext, site, role, status) in people {
        let e = employee(&conn, ext, site, role);
        outcome(&conn, r, e, v0, status);
    }
    let o = overview(&conn).unwrap();
    let card = o
        .programs
        .iter()
        .find(|p| p.measure_version_id == v0)
        .unwrap();
    let sites: Vec<(Option<&str>, u32)> = card
        .top_sites
        .iter()
        .map(|g| (g.name.as_deref(), g.overdue))
        .collect();
    // Ties are ordered by name, and SQL orders NULL first.
    assert_eq!(
        sites,
        vec![(Some("North"), 3), (None, 1), (Some("South"), 1)]
    );
    let roles: Vec<(Option<&str>, u32)> = card
        .top_roles
        .iter()
        .map(|g| (g.name.as_deref(), g.overdue))
        .collect();
    assert_eq!(
        roles,
        vec![(Some("Nurse"), 2), (Some("Welder"), 2), (None, 1)]
    );
}

#[test]
fn open_cases_count_open_and_in_progress_per_version() {
    let conn = db();
    let (_, v0, _) = active(&conn)[0];
    let r = run(&conn, &DONE);
    for (i, status) in ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED", "OPEN"]
        .iter()
        .enumerate()
    {
        let e = employee(&conn, &format!("E{i}"), None, None);
        conn.execute(
            "INSERT INTO cases (id, employee_id, measure_version_id, evaluation_period, status, \
             priority, current_outcome_status, last_run_id) \
             VALUES (?1, ?2, ?3, '2026', ?4, 'HIGH', 'OVERDUE', ?5)",
            params![ww_store::ids::CaseId::new(), e, v0, status, r],
        )
        .unwrap();
    }
    let o = overview(&conn).unwrap();
    assert_eq!(o.open_cases, 3);
    let card = o
        .programs
        .iter()
        .find(|p| p.measure_version_id == v0)
        .unwrap();
    assert_eq!(card.open_cases, 3);
}

#[test]
fn trend_keeps_the_newest_points() {
    let conn = db();
    let (_, v0, _) = active(&conn)[0];
    let e = employee(&conn, "E1", None, None);
    let n = TREND_POINTS + 5;
    for day in 0..n {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
            + chrono::Duration::days(i64::try_from(day).unwrap());
        let started = format!("{date}T08:00:00.000Z");
        let r = run(
            &conn,
            &RunSpec {
                started_at: &started,
                ..DONE
            },
        );
        outcome(&conn, r, e, v0, "COMPLIANT");
    }
    let o = overview(&conn).unwrap();
    let card = o
        .programs
        .iter()
        .find(|p| p.measure_version_id == v0)
        .unwrap();
    assert_eq!(card.trend.len(), TREND_POINTS);
    assert_eq!(card.trend.first().unwrap().as_of, "2026-09-06");
    assert_eq!(card.trend.last().unwrap().as_of, "2026-10-05");
}

#[test]
fn program_without_active_version_is_not_found() {
    let conn = db();
    let err = program(&conn, MeasureId::new()).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}
