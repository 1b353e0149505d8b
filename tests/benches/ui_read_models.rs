//! Timings of the desktop's read models (issue #7 must-show: "the overview opens in under
//! 1 second on the demo database and the worklist scrolls 100,000 cases without stalls").
//!
//! Run: `cargo bench -p ww-tests --bench ui_read_models` (release). Prints milliseconds per
//! call: the overview read model (`ww_core::overview::overview`) on the demo database after
//! the first-launch run and after 30 daily runs, and the worklist's page query
//! on a generated database of `WW_BENCH_CASES` (default 100,000) cases, 100 rows per page:
//! first page, deep pages and each filter, each by OFFSET (`ww_casework::cases::list_cases`)
//! and by keyset after the row before (`ww_casework::worklist::list_after`, what the
//! virtualised list fetches when it pages on); then the same without migration V32's indexes.

use rusqlite::{params, Connection};
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use ww_casework::cases::{AssigneeFilter, CaseFilter, Page, StatusFilter};
use ww_casework::worklist::{list_after, CaseCursor, KeysetPage};
use ww_core::run::{NoProgress, RunOptions, RunRequest};
use ww_store::enums::{CaseStatus, Priority};

/// Milliseconds of `f`: (median, max) over `n` calls after one warm-up call.
fn time_ms<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    f();
    let mut samples: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[n / 2], samples[n - 1])
}

fn run_all(conn: &mut Connection, as_of: chrono::NaiveDate) {
    let evaluator = ww_core::cql_eval::CqlEvaluator::from_db(conn).expect("evaluator");
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 0,
    };
    ww_core::run::execute(conn, &evaluator, &RunRequest::all_programs(as_of), &opts)
        .expect("run all programs");
}

fn overview_bench(dir: &std::path::Path) {
    let path = dir.join("demo.db");
    let mut conn = ww_store::open(&path).expect("open");
    ww_store::seed::load_standard(&mut conn).expect("standard content");
    let today = ww_core::run::today(&conn).expect("today");
    ww_store::seed::demo::load_demo(&mut conn, &ww_store::seed::demo::DemoOptions::as_of(today))
        .expect("demo");
    run_all(&mut conn, today);
    drop(conn);

    // Each call opens its own connection, as the command does.
    let open_and_read = || {
        let conn = ww_store::reopen(&path).expect("reopen");
        ww_core::overview::overview(&conn).expect("overview")
    };
    let o = open_and_read();
    let (med, max) = time_ms(20, open_and_read);
    println!(
        "overview, demo database after the first-launch run ({} programs, {} open cases): median {med:.2} ms, max {max:.2} ms",
        o.programs.len(),
        o.open_cases
    );

    let mut conn = ww_store::reopen(&path).expect("reopen");
    let t = Instant::now();
    for day in (1..30).rev() {
        run_all(&mut conn, today - chrono::Duration::days(day));
    }
    // The back-dated runs above are older cycles' figures; one more run today ends newest.
    run_all(&mut conn, today);
    let history = t.elapsed().as_secs_f64();
    drop(conn);
    let o = open_and_read();
    let (med, max) = time_ms(20, open_and_read);
    println!(
        "overview, demo database after 31 runs ({} trend points per card; runs took {history:.1} s): median {med:.2} ms, max {max:.2} ms",
        o.programs.first().map_or(0, |p| p.trend.len())
    );
}

/// `n` cases over the four demo measures (n / 4 employees at 20 sites), with a spread of
/// statuses, priorities and assignees.
fn fill_cases(conn: &mut Connection, n: u64) {
    ww_store::seed::load_standard(conn).expect("standard content");
    let versions: Vec<String> = ww_store::measures::list_active(conn)
        .expect("measures")
        .into_iter()
        .map(|(_, v)| v.id.to_string())
        .collect();
    let tx = conn.transaction().expect("begin");
    tx.execute(
        "INSERT INTO runs (id, scope_type, trigger_type, status, started_at, \
         measurement_period_start, measurement_period_end) VALUES \
         ('b3000000-0000-4000-8000-000000000001', 'ALL_PROGRAMS', 'MANUAL', 'COMPLETED', \
         '2026-05-06T00:00:00.000Z', '2025-05-06T00:00:00.000Z', '2026-05-06T23:59:59.999Z')",
        [],
    )
    .expect("run");
    {
        let mut emp = tx
            .prepare(
                "INSERT INTO employees (id, external_id, name, role, site) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .expect("prepare");
        let mut case = tx
            .prepare(
                "INSERT INTO cases (id, employee_id, measure_version_id, evaluation_period, status, \
                 priority, assignee, current_outcome_status, next_action, last_run_id, created_at, \
                 updated_at) VALUES (?1, ?2, ?3, '2026', ?4, ?5, ?6, 'OVERDUE', \
                 'Schedule the exam', 'b3000000-0000-4000-8000-000000000001', ?7, ?7)",
            )
            .expect("prepare");
        let statuses = [
            "OPEN",
            "OPEN",
            "IN_PROGRESS",
            "RESOLVED",
            "OPEN",
            "CLOSED",
            "EXCLUDED",
        ];
        let priorities = ["LOW", "MEDIUM", "HIGH", "CRITICAL", "MEDIUM"];
        let roles = ["Machinist", "Welder", "Nurse", "Driver", "Lab technician"];
        let employees = n.div_ceil(4);
        let mut made = 0;
        for i in 0..employees {
            let emp_id = format!("e{:07x}-0000-4000-8000-{:012x}", i, i);
            emp.execute(params![
                emp_id,
                format!("emp-{i:06}"),
                format!("Employee {i}"),
                roles[(i % 5) as usize],
                format!("Site {:02}", i % 20)
            ])
            .expect("employee");
            for (k, v) in versions.iter().enumerate() {
                if made == n {
                    break;
                }
                let j = i * 4 + k as u64;
                let at = format!(
                    "2026-05-{:02}T{:02}:{:02}:{:02}.000Z",
                    1 + j % 28,
                    (j / 60) % 24,
                    j % 60,
                    (j / 7) % 60
                );
                case.execute(params![
                    format!("c{:07x}-0000-4000-8000-{:012x}", j, j),
                    emp_id,
                    v,
                    statuses[(j % 7) as usize],
                    priorities[(j % 5) as usize],
                    j.is_multiple_of(6).then(|| format!("nurse-{}", j % 9)),
                    at
                ])
                .expect("case");
                made += 1;
            }
        }
    }
    tx.commit().expect("commit");
}

/// The indexes migrations/V32__worklist_indexes.sql creates.
const V9_INDEXES: [&str; 4] = [
    "employees_site_idx",
    "cases_worklist_order_idx",
    "cases_worklist_status_order_idx",
    "cases_assignee_idx",
];

struct Query {
    name: &'static str,
    filter: CaseFilter,
    offset: u64,
}

fn queries(measure: ww_store::ids::MeasureId, n: u64) -> Vec<Query> {
    let open = || CaseFilter {
        status: Some(StatusFilter::Open),
        ..CaseFilter::default()
    };
    let q = |name, filter, offset| Query {
        name,
        filter,
        offset,
    };
    vec![
        q("first page, open (the default view)", open(), 0),
        q("middle page, open", open(), n * 2 / 7),
        q("last page, open", open(), (n * 4 / 7).saturating_sub(100)),
        q("first page, every status", CaseFilter::default(), 0),
        q("last page, every status", CaseFilter::default(), n - 100),
        q(
            "status IN_PROGRESS",
            CaseFilter {
                status: Some(StatusFilter::Is(CaseStatus::InProgress)),
                ..CaseFilter::default()
            },
            0,
        ),
        q(
            "open + measure",
            CaseFilter {
                measure_id: Some(measure),
                ..open()
            },
            0,
        ),
        q(
            "open + priority CRITICAL",
            CaseFilter {
                priority: Some(Priority::Critical),
                ..open()
            },
            0,
        ),
        q(
            "open + assignee nurse-3",
            CaseFilter {
                assignee: Some(AssigneeFilter::Named("nurse-3".into())),
                ..open()
            },
            0,
        ),
        q(
            "open + unassigned",
            CaseFilter {
                assignee: Some(AssigneeFilter::Unassigned),
                ..open()
            },
            0,
        ),
        q(
            "open + site",
            CaseFilter {
                site: Some("Site 07".into()),
                ..open()
            },
            0,
        ),
        q(
            "open + site, last page",
            CaseFilter {
                site: Some("Site 07".into()),
                ..open()
            },
            n * 4 / 7 / 20 - 100,
        ),
        q(
            "open + site + measure + priority",
            CaseFilter {
                site: Some("Site 07".into()),
                measure_id: Some(measure),
                priority: Some(Priority::Critical),
                ..open()
            },
            0,
        ),
    ]
}

/// The keyset request of the page at `offset`: after the row before it (what the UI sends
/// when it pages on from the page before).
fn keyset_at(conn: &Connection, filter: &CaseFilter, offset: u64) -> KeysetPage {
    let after = if offset == 0 {
        None
    } else {
        let before = Page {
            offset: offset - 1,
            limit: 1,
        };
        let row = ww_casework::cases::list_cases(conn, filter, before).expect("row before");
        row.items.first().map(CaseCursor::of)
    };
    KeysetPage {
        after,
        skip: 0,
        limit: 100,
    }
}

fn page_bench(conn: &Connection, qs: &[Query], label: &str) {
    println!("{label}");
    for q in qs {
        let page = Page {
            offset: q.offset,
            limit: 100,
        };
        let found = ww_casework::cases::list_cases(conn, &q.filter, page).expect("list");
        let (med, max) = time_ms(7, || {
            ww_casework::cases::list_cases(conn, &q.filter, page).expect("list")
        });
        let keyset = keyset_at(conn, &q.filter, q.offset);
        let by_key = list_after(conn, &q.filter, &keyset).expect("keyset page");
        assert_eq!(
            by_key.items, found.items,
            "{}: keyset = offset page",
            q.name
        );
        let (kmed, kmax) = time_ms(7, || list_after(conn, &q.filter, &keyset).expect("keyset"));
        println!(
            "  {:<38} offset {:>6}: {:>3} rows of {:>6}  OFFSET median {med:>7.2} ms max {max:>7.2} ms | keyset median {kmed:>7.2} ms max {kmax:>7.2} ms",
            q.name,
            q.offset,
            found.items.len(),
            found.total
        );
    }
}

fn worklist_bench(dir: &std::path::Path, n: u64) {
    let path = dir.join("cases.db");
    let mut conn = ww_store::open(&path).expect("open");
    let t = Instant::now();
    fill_cases(&mut conn, n);
    println!("generated {n} cases in {:.1} s", t.elapsed().as_secs_f64());
    conn.execute_batch("ANALYZE").expect("analyze");
    let measure = ww_store::measures::list_active(&conn).expect("measures")[0]
        .0
        .id;
    let qs = queries(measure, n);
    page_bench(
        &conn,
        &qs,
        &format!("worklist page of 100 at {n} cases (with V32's indexes):"),
    );
    let v9 = V9_INDEXES;
    for name in v9 {
        conn.execute_batch(&format!("DROP INDEX {name}"))
            .expect("drop");
    }
    conn.execute_batch("ANALYZE").expect("analyze");
    page_bench(
        &conn,
        &qs,
        &format!("the same without V32's indexes ({}):", v9.join(", ")),
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `WW_BENCH_ONLY=worklist` skips the overview's 31 runs.
    if std::env::var("WW_BENCH_ONLY").as_deref() != Ok("worklist") {
        overview_bench(dir.path());
    }
    let n: u64 = std::env::var("WW_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    worklist_bench(dir.path(), n);
}
