//! CSV export throughput and peak memory for a large audit ledger (issue 5, "Must show").
//!
//! `cargo bench -p ww-casework --bench export_throughput` builds a database file with
//! `WW_BENCH_EVENTS` audit events (default 1,000,000, hash-chained like the store writes
//! them), then streams `export_audit_events` into a file and prints rows/s and the peak
//! resident memory (VmHWM from /proc/self/status, reset just before the export through
//! /proc/self/clear_refs so the figure is the export's own). It also times `verify_chain`.

use rusqlite::params;
use std::io::{BufWriter, Write};
use std::time::Instant;
use ww_casework::audit::{verify_chain, AuditFilter};
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
}
