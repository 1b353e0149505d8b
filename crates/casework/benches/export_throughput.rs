//! CSV export throughput and peak memory for a large audit ledger (issue 5, "Must show").
//!
//! `cargo bench -p ww-casework --bench export_throughput` builds a database file with
//! `WW_BENCH_EVENTS` audit events (default 1,000,000, hash-chained like the store writes
//! them), then streams `export_audit_events` into a file and prints rows/s and the peak
//! resident memory (VmHWM from /proc/self/status, reset just before the export through
//! /proc/self/clear_refs so the figure is the export's own). It also times `verify_chain`,
//! the SQL-paged case list over `WW_BENCH_CASES` cases (default 100,000), and the check of
//! those case rows against the ledger's case events (`verify_cases`, QA G12).

use rusqlite::params;
use std::io::{BufWriter, Write};
use std::time::Instant;
use ww_casework::audit::{verify_cases, verify_chain, AuditFilter};
use ww_casework::cases::{list_cases, AssigneeFilter, CaseFilter, Page, StatusFilter};
use ww_casework::export::export_audit_events;
use ww_store::audit_events::{event_hash, EventContent};

fn status_kib(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Fills `conn` with `n` employees, each with one OPEN/IN_PROGRESS/CLOSED case, and times
/// the first, a middle and a filtered page of 100 from `list_cases`.
fn case_list_bench(conn: &mut rusqlite::Connection, n: u64) {
    let started = Instant::now();
    let tx = conn.transaction().expect("begin");
    tx.execute_batch(
        "INSERT INTO measures (id, name) VALUES ('b1000000-0000-4000-8000-000000000001', 'Bench measure');
         INSERT INTO measure_versions (id, measure_id, version, status, spec_json)
           VALUES ('b2000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'v1', 'ACTIVE', '{}');
         INSERT INTO runs (id, scope_type, trigger_type, status, started_at, measurement_period_start, measurement_period_end)
           VALUES ('b3000000-0000-4000-8000-000000000001', 'ALL_PROGRAMS', 'MANUAL', 'COMPLETED',
                   '2026-05-06T00:00:00.000Z', '2025-05-06T00:00:00.000Z', '2026-05-06T23:59:59.999Z');",
    )
    .expect("bench measure");
    {
        let mut emp = tx
            .prepare("INSERT INTO employees (id, external_id, name, role, site) VALUES (?1, ?2, ?3, 'Machinist', ?4)")
            .expect("prepare");
        let mut case = tx
            .prepare(
                "INSERT INTO cases (id, employee_id, measure_version_id, evaluation_period, status, priority, \
                 assignee, current_outcome_status, last_run_id, created_at, updated_at) \
                 VALUES (?1, ?2, 'b2000000-0000-4000-8000-000000000001', '2026', ?3, ?4, ?5, 'OVERDUE', \
                 'b3000000-0000-4000-8000-000000000001', ?6, ?6)",
            )
            .expect("prepare");
        let statuses = ["OPEN", "IN_PROGRESS", "CLOSED"];
        let priorities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
        for i in 0..n {
            let emp_id = format!("e{:07x}-0000-4000-8000-{:012x}", i, i);
            emp.execute(params![
                emp_id,
                format!("emp-{i:06}"),
                format!("Employee {i}"),
                format!("Site {}", i % 10)
            ])
            .expect("employee");
            let at = format!(
                "2026-05-{:02}T{:02}:{:02}:00.000Z",
                1 + i % 28,
                (i / 60) % 24,
                i % 60
            );
            case.execute(params![
                format!("c{:07x}-0000-4000-8000-{:012x}", i, i),
                emp_id,
                statuses[(i % 3) as usize],
                priorities[(i % 4) as usize],
                (i % 5 == 0).then(|| format!("nurse-{}", i % 7)),
                at
            ])
            .expect("case");
        }
    }
    tx.commit().expect("commit");
    println!(
        "built {n} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let time_page = |label: &str, filter: &CaseFilter, offset: u64| {
        let started = Instant::now();
        let page = list_cases(conn, filter, Page { offset, limit: 100 }).expect("list");
        println!(
            "case list {label}: {} of {} cases in {:.1} ms",
            page.items.len(),
            page.total,
            started.elapsed().as_secs_f64() * 1000.0
        );
    };
    time_page("first page", &CaseFilter::default(), 0);
    time_page("page at offset n/2", &CaseFilter::default(), n / 2);
    let open_unassigned_site = CaseFilter {
        status: Some(StatusFilter::Open),
        assignee: Some(AssigneeFilter::Unassigned),
        site: Some("Site 3".into()),
        ..Default::default()
    };
    time_page(
        "open + unassigned + site, first page",
        &open_unassigned_site,
        0,
    );
}

fn main() {
    let events: u64 = std::env::var("WW_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let mut conn = ww_store::open(&path).expect("open database");

    let started = Instant::now();
    let tx = conn.transaction().expect("begin");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO audit_events (event_type, entity_type, entity_id, actor, ref_run_id, \
                 ref_case_id, ref_measure_version_id, payload_json, occurred_at, prev_hash, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .expect("prepare");
        let kinds = [
            ("CASE_NOTE_ADDED", "CASE"),
            ("CASE_ASSIGNED", "CASE"),
            ("OUTREACH_SENT", "CASE"),
            ("RUN_COMPLETED", "RUN"),
        ];
        let mut prev: Option<String> = None;
        for i in 0..events {
            let (event_type, entity_type) = kinds[(i % 4) as usize];
            let entity_id = format!("6{:07x}-0000-4000-8000-{:012x}", i % 5000, i % 5000);
            let payload = format!(
                "{{\"note\":\"=cmd|' /C calc'!A0 row {i}\",\"assignee\":\"nurse-{}\",\"n\":{i}}}",
                i % 17
            );
            let at = format!(
                "2026-05-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                1 + (i / 86_400_000) % 28,
                (i / 3_600_000) % 24,
                (i / 60_000) % 60,
                (i / 1000) % 60,
                i % 1000
            );
            let content = EventContent {
                event_type,
                entity_type,
                entity_id: Some(&entity_id),
                actor: Some("nurse-kim"),
                ref_run_id: None,
                ref_case_id: (entity_type == "CASE").then_some(entity_id.as_str()),
                ref_measure_version_id: None,
                payload_json: Some(&payload),
                occurred_at: &at,
            };
            let hash = event_hash(&content, prev.as_deref());
            insert
                .execute(params![
                    event_type,
                    entity_type,
                    entity_id,
                    "nurse-kim",
                    None::<String>,
                    content.ref_case_id,
                    None::<String>,
                    payload,
                    at,
                    prev,
                    hash
                ])
                .expect("insert");
            prev = Some(hash);
        }
    }
    tx.commit().expect("commit");
    println!(
        "built ledger of {events} events in {:.1} s (VmHWM so far {} KiB)",
        started.elapsed().as_secs_f64(),
        status_kib("VmHWM:").unwrap_or(0)
    );

    let reset = reset_peak();
    let rss_before = status_kib("VmRSS:").unwrap_or(0);
    let out_path = dir.path().join("audit-events.csv");
    let file = std::fs::File::create(&out_path).expect("create csv");
    let mut out = BufWriter::with_capacity(64 * 1024, file);
    let started = Instant::now();
    let rows = export_audit_events(&conn, &AuditFilter::default(), &mut out).expect("export");
    out.flush().expect("flush");
    let secs = started.elapsed().as_secs_f64();
    let peak = status_kib("VmHWM:").unwrap_or(0);
    let size = std::fs::metadata(&out_path).map(|m| m.len()).unwrap_or(0);
    assert_eq!(rows, events, "every event exported");
    println!(
        "export audit-events: {rows} rows in {secs:.2} s = {:.0} rows/s, {:.1} MiB of CSV",
        rows as f64 / secs,
        size as f64 / (1024.0 * 1024.0)
    );
    println!(
        "peak resident memory during export (VmHWM{}): {peak} KiB ({:.1} MiB); VmRSS before export {rss_before} KiB",
        if reset { ", reset before export" } else { ", since process start" },
        peak as f64 / 1024.0
    );

    let started = Instant::now();
    let report = verify_chain(&conn).expect("verify");
    let secs = started.elapsed().as_secs_f64();
    assert!(report.is_intact(), "{report:?}");
    println!(
        "audit verify: {} events in {secs:.2} s = {:.0} events/s",
        report.checked,
        report.checked as f64 / secs
    );

    let cases: u64 = std::env::var("WW_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    case_list_bench(&mut conn, cases);

    // The bench's case rows are inserted without events and its case events name other
    // ids, so every row and every event's case disagree: the timing covers the full replay
    // and comparison, and the report is at its largest.
    let started = Instant::now();
    let report = verify_cases(&conn).expect("case check");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "case check against the ledger: {} case rows, {} case events replayed in {secs:.2} s \
         ({} disagreements reported; VmHWM {} KiB)",
        report.cases_checked,
        report.events_replayed,
        report.discrepancies.len(),
        status_kib("VmHWM:").unwrap_or(0)
    );
}
