//! Run throughput benchmark (issue 4 must-show): a generated workforce of 10,000 employees x
//! the 4 demo measures, evaluated through the CQL engine with outcomes, evidence and cases
//! persisted; prints evaluations per second and the peak memory (VmHWM).
//!
//! `cargo bench -p ww-core --bench runs` (env `WW_BENCH_EMPLOYEES` changes the size,
//! `WW_BENCH_BATCH` the employees per batch, `WW_BENCH_NO_BREAKDOWN=1` skips the
//! evaluation-only breakdown). The database is generated
//! by a child process first, so the peak memory reported is the run's. Per run it prints
//! employees, measures, evaluations/s, wall and CPU time and the pipeline's phase times
//! ([`ww_core::run::RunTimings`]).

use std::sync::atomic::AtomicBool;
use std::time::Instant;
use ww_core::cql_eval::CqlEvaluator;
use ww_core::run::{execute, NoProgress, RunOptions, RunRequest};
use ww_store::seed::demo::{load_demo, DemoOptions};

fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat` (Linux; clock
/// ticks of 1/100 s, the x86_64 and aarch64 USER_HZ). Includes threads that have exited.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    match (tick(11), tick(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

fn main() {
    let employees: usize = std::env::var("WW_BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--setup") {
        let path = std::path::PathBuf::from(&args[pos + 1]);
        let mut conn = ww_store::open(&path).expect("open");
        ww_store::seed::load_standard(&mut conn).expect("standard content");
        let opts = DemoOptions {
            employees,
            ..DemoOptions::as_of(as_of)
        };
        load_demo(&mut conn, &opts).expect("demo workforce");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    let setup = Instant::now();
    let status = std::process::Command::new(&args[0])
        .arg("--setup")
        .arg(&path)
        .status()
        .expect("setup process");
    assert!(status.success(), "setup failed");
    println!(
        "setup: {employees} employees with their FHIR records generated in {:.1} s (child process)",
        setup.elapsed().as_secs_f64()
    );

    let mut conn = ww_store::open(&path).expect("open");
    let evaluator = CqlEvaluator::from_db(&conn).expect("evaluator");
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: std::env::var("WW_BENCH_BATCH")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    };
    println!(
        "workforce: {employees} employees x {} active measures",
        ww_store::measures::list_active(&conn)
            .expect("measures")
            .len()
    );
    for label in ["first run (cases created)", "second run (cases refreshed)"] {
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let report = execute(
            &mut conn,
            &evaluator,
            &RunRequest::all_programs(as_of),
            &opts,
        )
        .expect("run");
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_before;
        let evaluations = (report.employees as usize * report.measures.len()) as f64;
        let cases = report.case_totals();
        println!(
            "{label}: {} employees x {} measures = {} evaluations ({} outcomes written, {} outside populations), status {}",
            report.employees,
            report.measures.len(),
            evaluations,
            report.total_evaluated,
            report.measures.iter().map(|m| m.outside_population).sum::<u64>(),
            report.status
        );
        println!(
            "  {:.0} evaluations/s; wall {secs:.2} s; CPU {cpu:.2} s ({:.0} us CPU per evaluation, {:.0}% of 2 cores); cases opened {}, updated {}, resolved {}",
            evaluations / secs,
            cpu * 1e6 / evaluations,
            cpu / secs / 2.0 * 100.0,
            cases.opened,
            cases.updated,
            cases.resolved,
        );
        let t = &report.timings;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        println!(
            "  phases (ms): prepare {:.0}; reader: load FHIR {:.0}, evaluate {:.0}; writer ({} batches): outcomes {:.0}, cases+audit {:.0}, begin/commit {:.0}, waiting {:.0}; finish {:.0}",
            ms(t.prepare),
            ms(t.load),
            ms(t.evaluate),
            t.batches,
            ms(t.write_outcomes),
            ms(t.write_cases),
            ms(t.write_commit),
            ms(t.write_wait),
            ms(t.finish),
        );
        let cpu_ms = |d: Option<std::time::Duration>| d.map_or(f64::NAN, ms);
        println!(
            "  CPU (ms): writer thread {:.0}, reader thread {:.0}, evaluation threads and the rest {:.0}",
            cpu_ms(t.writer_cpu),
            cpu_ms(t.reader_cpu),
            cpu * 1e3 - cpu_ms(t.writer_cpu) - cpu_ms(t.reader_cpu),
        );
    }
    println!(
        "peak memory (VmHWM) of the run process: {:.1} MB",
        peak_memory_mb()
    );
    if std::env::var_os("WW_BENCH_NO_BREAKDOWN").is_none() {
        breakdown(&conn, &evaluator, as_of);
    }
}

/// Where the time goes: loading the FHIR data, and evaluating without writing (one thread
/// and all threads).
fn breakdown(conn: &rusqlite::Connection, evaluator: &CqlEvaluator, as_of: chrono::NaiveDate) {
    use rayon::prelude::*;
    use ww_core::evaluator::{parameters, EmployeeFacts, EvaluationInput, MeasureEvaluator};
    use ww_core::period::MeasurementPeriod;
    use ww_core::spec::MeasureSpec;
    let employees = ww_store::employees::list(conn).expect("employees");
    let measures = ww_store::measures::list_active(conn).expect("measures");
    let compiled: Vec<_> = measures
        .iter()
        .map(|(m, v)| {
            let spec = MeasureSpec::from_json(&v.spec_json, &m.name).expect("spec");
            let c = evaluator
                .compile(v.cql_text.as_deref().expect("cql"))
                .expect("compile");
            (spec, c)
        })
        .collect();
    let ids: Vec<&str> = employees
        .iter()
        .filter_map(|e| e.fhir_patient_id.as_deref())
        .collect();
    let t = Instant::now();
    let data = ww_core::fhir_data::load_patients(conn, &ids, None).expect("load");
    println!(
        "  load FHIR data of {} patients: {:.2} s",
        ids.len(),
        t.elapsed().as_secs_f64()
    );
    let period = MeasurementPeriod::new(as_of, chrono_tz::Tz::UTC);
    let empty = ww_core::fhir_data::PatientData::default();
    let eval_one = |e: &ww_store::employees::Employee| {
        let d = e
            .fhir_patient_id
            .as_deref()
            .and_then(|p| data.get(p))
            .unwrap_or(&empty);
        for (spec, c) in &compiled {
            let facts = EmployeeFacts {
                role: e.role.as_deref(),
                site: e.site.as_deref(),
                start_date: e.start_date,
                active: e.active,
                has_active_waiver: false,
            };
            let params = parameters(&period, &facts, spec);
            let input = EvaluationInput {
                patient_id: e.fhir_patient_id.as_deref().unwrap_or(&e.external_id),
                now: period.end,
                parameters: &params,
                data: d,
            };
            let _ = evaluator.evaluate(c, &input);
        }
    };
    let n = employees.len().min(2000);
    let t = Instant::now();
    employees[..n].iter().for_each(eval_one);
    let one = t.elapsed().as_secs_f64();
    println!(
        "  CQL evaluation only, one thread: {} evaluations in {:.2} s = {:.0} us each",
        n * compiled.len(),
        one,
        one * 1e6 / (n * compiled.len()) as f64
    );
    let t = Instant::now();
    employees.par_iter().for_each(eval_one);
    let all = t.elapsed().as_secs_f64();
    println!(
        "  CQL evaluation only, {} threads: {} evaluations in {:.2} s = {:.0} evaluations/s",
        rayon::current_num_threads(),
        employees.len() * compiled.len(),
        all,
        (employees.len() * compiled.len()) as f64 / all
    );
}
