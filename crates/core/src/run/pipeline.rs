//! The run pipeline: create the run, compile, evaluate batches in parallel on a reader
//! thread, write each batch in one transaction on the calling thread, finish the run.

use super::report::{
    cpu_since, thread_cpu_time, CaseCounts, MeasureSummary, RunReport, RunTimings,
};
use super::scope::{resolve, Scope};
use super::writer::{BatchWriter, Ready, RunNotes, Store};
use super::{RunOptions, RunRequest};
use crate::evaluator::{parameters, EmployeeFacts, EvaluationInput, MeasureEvaluator};
use crate::evidence::EvaluatedResource;
use crate::fhir_data::{load_patients, PatientData};
use crate::interpret::{interpret, Context};
use crate::period::MeasurementPeriod;
use crate::spec::MeasureSpec;
use crate::why_flagged::{deceased_by, Deceased, FlagFacts};
use crate::{Error, Result};
use chrono_tz::Tz;
use rayon::prelude::*;
use rusqlite::Connection;
use serde_json::json;
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::employees::Employee;
use ww_store::enums::{AuditEventType, EntityType, LogLevel, RunStatus, ScopeType};
use ww_store::ids::{EmployeeId, MeasureId, RunId};
use ww_store::measures::{Measure, MeasureVersion};
use ww_store::runs::{self, Run};
use ww_store::time::now_ts;

const DEFAULT_BATCH: usize = 512;
/// Failed evaluations named one by one in the run log; the rest are counted.
const LOGGED_FAILURES: usize = 20;

/// A measure ready to evaluate.
pub(super) struct Prepared<C> {
    /// The measure.
    pub measure: Measure,
    /// Its ACTIVE version.
    pub version: MeasureVersion,
    /// The version's settings.
    pub spec: MeasureSpec,
    /// The compiled CQL.
    pub compiled: C,
    /// The compliance cycle label of the run's as-of date.
    pub label: String,
}

/// One employee's evaluations: per measure index, the interpretation.
pub(super) struct EmployeeResult {
    /// Index into the scope's employees.
    pub employee: usize,
    /// Evaluation time as stored text.
    pub evaluated_at: String,
    /// (measure index, result ready to store) per measure.
    pub results: Vec<(usize, Ready)>,
    /// The linked Patient's recorded death on or before the as-of date: the outcomes are
    /// stored with it in their evidence, and no case is changed for them.
    pub deceased: Option<Deceased>,
}

/// Runs the request to a terminal state and reports it.
///
/// `conn` is the writer (a file database opened with `ww_store::open`); the reader thread
/// opens its own connection to the same file. The run row, its logs, outcomes, case changes
/// and audit events are written as DOMAIN.md section 4 says, each step and each batch in its
/// own transaction; a dry run writes no case.
///
/// # Errors
/// Before the run row exists: [`Error::NotFound`] / [`Error::Invalid`] for a bad request or
/// an in-memory database. Afterwards the run always ends terminal: compile failures end it
/// FAILED (returned as `Ok` with that status); store failures end it FAILED and are returned
/// as `Err` after the failure is recorded where possible.
pub fn execute<E: MeasureEvaluator>(
    conn: &mut Connection,
    evaluator: &E,
    req: &RunRequest,
    opts: &RunOptions<'_>,
) -> Result<RunReport> {
    run_to_end(&mut Store::Own(conn), evaluator, req, opts)
}

/// Runs the request inside the caller's open transaction `tx` (from `ww_store::with_tx`)
/// and reports it, committing nothing itself: the caller's commit makes the whole run
/// visible at once, together with whatever else the caller wrote in `tx` (e.g. the case
/// action that asked for the run), and a rollback leaves no trace of it. Meant for small
/// scopes (one case's employee): the run's batches are not committed one by one, and a
/// cancel cannot keep the batches written before it.
///
/// The reader thread reads the FHIR data through its own connection, which sees the data
/// committed before `tx` began (WAL mode).
///
/// # Errors
/// As [`execute`]; a store error leaves `tx` for the caller to roll back.
pub fn execute_within<E: MeasureEvaluator>(
    tx: &rusqlite::Transaction<'_>,
    evaluator: &E,
    req: &RunRequest,
    opts: &RunOptions<'_>,
) -> Result<RunReport> {
    run_to_end(&mut Store::Within(tx), evaluator, req, opts)
}

fn run_to_end<E: MeasureEvaluator>(
    store: &mut Store<'_>,
    evaluator: &E,
    req: &RunRequest,
    opts: &RunOptions<'_>,
) -> Result<RunReport> {
    let clock = Instant::now();
    let db_path = match store.conn().path() {
        Some(p) if !p.is_empty() => std::path::PathBuf::from(p),
        _ => {
            return Err(Error::Invalid(
                "runs need a database file (the reader thread opens its own connection)".into(),
            ))
        }
    };
    let actor = ww_store::settings::user_name(store.conn())?;
    let zone: Tz = super::org_zone(store.conn())?;
    let period = MeasurementPeriod::new(req.as_of, zone);
    let scope = resolve(store.conn(), req)?;

    let mut run = Run {
        id: RunId::new(),
        scope_type: scope.scope_type,
        scope_id: scope.scope_id.clone(),
        site: scope.site.clone(),
        trigger_type: req.trigger,
        status: RunStatus::Requested,
        triggered_by: Some(actor.clone()),
        started_at: now_ts(),
        completed_at: None,
        total_evaluated: None,
        compliant: None,
        non_compliant: None,
        duration_ms: None,
        measurement_period_start: period.start_utc(),
        measurement_period_end: period.end_utc(),
        requested_scope_json: req.to_json(),
        failure_summary: None,
        partial_failure_count: 0,
        dry_run: req.dry_run,
    };
    let requested = format!(
        "{} run requested by {actor}: {}, as of {} (measurement period {} to {}, zone {zone}).",
        if req.dry_run { "Dry" } else { "A" },
        describe(&scope),
        req.as_of,
        period.start_utc(),
        period.end_utc(),
    );
    store.tx(|tx| -> Result<()> {
        runs::insert(tx, &run)?;
        runs::append_log(tx, run.id, LogLevel::Info, &requested)?;
        audit_events::append(
            tx,
            &NewAuditEvent::new(
                AuditEventType::RunStarted,
                EntityType::Run,
                Some(run.id.to_string()),
                &actor,
            )
            .run(run.id)
            .payload(json!({"scopeType": run.scope_type, "request": run.requested_scope_json})),
        )?;
        Ok(())
    })?;
    let mut summaries: Vec<MeasureSummary> = scope
        .measures
        .iter()
        .map(|(m, v)| MeasureSummary {
            measure_id: Some(m.id),
            measure_version_id: Some(v.id),
            name: m.name.clone(),
            version: v.version.clone(),
            ..MeasureSummary::default()
        })
        .collect();
    let mut ctx = Finish {
        run: &mut run,
        actor: &actor,
        clock,
        timings: RunTimings::default(),
        employees: scope.employees.len() as u64,
        awaiting_roster: scope
            .employees
            .iter()
            .filter(|e| e.awaiting_roster())
            .count() as u64,
        as_of: req.as_of.to_string(),
        notes: RunNotes::default(),
    };
    set_status(
        store,
        ctx.run,
        RunStatus::Queued,
        &format!(
            "Queued: {} measure(s) for {} employee(s).",
            scope.measures.len(),
            scope.employees.len()
        ),
    )?;

    let mut prepared = Vec::with_capacity(scope.measures.len());
    for ((measure, version), summary) in scope.measures.iter().zip(summaries.iter_mut()) {
        match prepare(evaluator, measure, version, req) {
            Ok(p) => {
                summary.evaluation_period = p.label.clone();
                prepared.push(p);
            }
            Err(message) => {
                let report =
                    ctx.finish(store, RunStatus::Failed, Some(message), &summaries, &[])?;
                opts.progress.finish();
                return Ok(report);
            }
        }
    }
    set_status(
        store,
        ctx.run,
        RunStatus::Running,
        &format!(
            "Running: {} evaluation(s) in batches of {} employees.",
            scope.employees.len() * prepared.len(),
            batch_size(opts)
        ),
    )?;

    let waivers = active_waivers(store.conn(), req)?;
    let types = resource_types(evaluator, &prepared);
    let mut failures: Vec<String> = Vec::new();
    let mut notes = RunNotes::default();
    ctx.timings.prepare = clock.elapsed();
    let mut writer = BatchWriter {
        run_id: ctx.run.id,
        actor: &actor,
        dry_run: req.dry_run,
        guard_back_dated: scope.scope_type != ScopeType::Case,
        as_of: req.as_of,
        prepared: &prepared,
        employees: &scope.employees,
        summaries: &mut summaries,
        failures: &mut failures,
        notes: &mut notes,
        timings: &mut ctx.timings,
    };
    let tuning = Tuning::apply(store.conn());
    let outcome = stream(
        store,
        &db_path,
        evaluator,
        &prepared,
        &scope,
        &period,
        &waivers,
        types.as_deref(),
        opts,
        &mut writer,
    );
    opts.progress.finish();
    // The caller's connection gets its own settings back before the run's last commit, so
    // that commit checkpoints the WAL as usual.
    tuning.restore(store.conn());
    ctx.notes = notes;
    match outcome {
        Err(e) => {
            let message = format!("The run stopped on a store error: {e}");
            // Record the failure if the store still lets us; the original error wins.
            let recorded = ctx
                .finish(
                    store,
                    RunStatus::Failed,
                    Some(message),
                    &summaries,
                    &failures,
                )
                .is_ok();
            match store {
                // Inside the caller's transaction nothing is kept: the caller rolls back.
                Store::Within(_) => Err(e),
                // QA G15: say which run stopped and what its committed batches kept.
                Store::Own(_) => Err(Error::RunStopped {
                    run_id: ctx.run.id,
                    recorded,
                    kept: kept_text(&summaries),
                    source: Box::new(e),
                }),
            }
        }
        Ok(cancelled) => {
            let failed = summaries.iter().map(|s| s.failures).sum::<u64>();
            let (status, summary) = if cancelled {
                (
                    RunStatus::Cancelled,
                    Some("Cancelled by the user; batches written before the cancel are kept whole, nothing after it was written.".to_owned()),
                )
            } else if failed > 0 {
                (
                    RunStatus::PartialFailure,
                    Some(format!(
                        "{failed} evaluation(s) failed and were recorded as MISSING_DATA; their cases were left unchanged."
                    )),
                )
            } else {
                (RunStatus::Completed, None)
            };
            ctx.finish(store, status, summary, &summaries, &failures)
        }
    }
}

/// Page cache of each of a run's two connections while it runs, in KiB (SQLite's default is
/// 2 MiB). The writer revisits the pages of the outcome and case indexes in every batch and
/// the reader the FHIR store's; with the default they were evicted and read again through
/// the WAL. The memory is taken only as pages are used.
const RUN_CACHE_KIB: i64 = 32 * 1024;

/// WAL pages (4 KiB each) after which a commit of the run's writer checkpoints, while the
/// run's batches are written (SQLite's default is 1,000). Every batch rewrites the pages of
/// the random-keyed indexes of outcomes, cases and audit events; checkpointing less often
/// copies each such page into the database file once instead of once per 4 MiB of WAL. The
/// WAL may grow to about 40 MiB during a run; durability is unchanged (WAL,
/// `synchronous=NORMAL`).
const RUN_WAL_AUTOCHECKPOINT: i64 = 10_000;

fn set_run_cache(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "cache_size", -RUN_CACHE_KIB)?;
    Ok(())
}

/// The writer connection's page cache and checkpoint settings before the run changed them.
/// Tuning only: a setting that cannot be read or changed leaves SQLite's behaviour as it was
/// and never stops a run whose row exists (a run always ends terminal).
struct Tuning {
    cache_size: Option<i64>,
    autocheckpoint: Option<i64>,
}

impl Tuning {
    fn apply(conn: &Connection) -> Tuning {
        let read = |pragma: &str| -> Option<i64> {
            conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                .ok()
        };
        let tuning = Tuning {
            cache_size: read("cache_size"),
            autocheckpoint: read("wal_autocheckpoint"),
        };
        if tuning.cache_size.is_some() {
            let _ = set_run_cache(conn);
        }
        if tuning.autocheckpoint.is_some() {
            let _ = conn.pragma_update(None, "wal_autocheckpoint", RUN_WAL_AUTOCHECKPOINT);
        }
        tuning
    }

    fn restore(self, conn: &Connection) {
        if let Some(v) = self.cache_size {
            let _ = conn.pragma_update(None, "cache_size", v);
        }
        if let Some(v) = self.autocheckpoint {
            let _ = conn.pragma_update(None, "wal_autocheckpoint", v);
        }
    }
}

fn batch_size(opts: &RunOptions<'_>) -> usize {
    if opts.batch_size == 0 {
        DEFAULT_BATCH
    } else {
        opts.batch_size
    }
}

fn describe(scope: &Scope) -> String {
    let measures: Vec<String> = scope
        .measures
        .iter()
        .map(|(m, v)| format!("{} v{}", m.name, v.version))
        .collect();
    format!(
        "scope {} ({}; {} employee(s))",
        scope.scope_type,
        measures.join(", "),
        scope.employees.len()
    )
}

fn prepare<E: MeasureEvaluator>(
    evaluator: &E,
    measure: &Measure,
    version: &MeasureVersion,
    req: &RunRequest,
) -> std::result::Result<Prepared<E::Compiled>, String> {
    let name = format!("{} v{}", measure.name, version.version);
    let spec = MeasureSpec::from_json(&version.spec_json, &measure.name.to_lowercase())
        .map_err(|e| format!("{name}: {e}"))?;
    let cql = version
        .cql_text
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| format!("{name} has no CQL"))?;
    let compiled = evaluator
        .compile(cql)
        .map_err(|e| format!("{name} does not compile: {e}"))?;
    Ok(Prepared {
        label: spec.cycle.label(req.as_of),
        measure: measure.clone(),
        version: version.clone(),
        spec,
        compiled,
    })
}

fn resource_types<E: MeasureEvaluator>(
    evaluator: &E,
    prepared: &[Prepared<E::Compiled>],
) -> Option<Vec<String>> {
    let mut all = HashSet::new();
    for p in prepared {
        all.extend(evaluator.resource_types(&p.compiled)?);
    }
    let mut v: Vec<String> = all.into_iter().collect();
    v.sort();
    Some(v)
}

fn active_waivers(conn: &Connection, req: &RunRequest) -> Result<HashSet<(EmployeeId, MeasureId)>> {
    Ok(ww_store::waivers::list(conn)?
        .into_iter()
        .filter(|w| w.is_active_on(req.as_of))
        .map(|w| (w.employee_id, w.measure_id))
        .collect())
}

fn set_status(
    store: &mut Store<'_>,
    run: &mut Run,
    status: RunStatus,
    message: &str,
) -> Result<()> {
    run.status = status;
    store.tx(|tx| -> Result<()> {
        runs::update_progress(tx, run)?;
        runs::append_log(tx, run.id, LogLevel::Info, message)?;
        Ok(())
    })
}

/// Evaluates and writes every batch; returns whether the run was cancelled before all its
/// employees were written (a cancel that arrives after the last batch is committed does not
/// count: the run is complete, QA finding F18).
#[allow(clippy::too_many_arguments)]
fn stream<E: MeasureEvaluator>(
    store: &mut Store<'_>,
    db_path: &std::path::Path,
    evaluator: &E,
    prepared: &[Prepared<E::Compiled>],
    scope: &Scope,
    period: &MeasurementPeriod,
    waivers: &HashSet<(EmployeeId, MeasureId)>,
    types: Option<&[String]>,
    opts: &RunOptions<'_>,
    writer: &mut BatchWriter<'_, E::Compiled>,
) -> Result<bool> {
    let employees = &scope.employees;
    opts.progress.start(employees.len() as u64);
    let batch = batch_size(opts);
    let cancel = opts.cancel;
    let mut written = 0usize;
    let mut write_error = None;
    let read_result = std::thread::scope(|s| {
        let (sender, receiver) = sync_channel::<Vec<EmployeeResult>>(2);
        let producer = s.spawn(move || -> Result<(Duration, Duration, Option<Duration>)> {
            let cpu = thread_cpu_time();
            let reader = ww_store::reopen(db_path)?;
            set_run_cache(&reader)?;
            let (mut load, mut evaluate) = (Duration::ZERO, Duration::ZERO);
            for (chunk_no, chunk) in employees.chunks(batch).enumerate() {
                if cancel.load(Ordering::SeqCst) {
                    break;
                }
                let t = Instant::now();
                let ids: Vec<&str> = chunk
                    .iter()
                    .filter_map(|e| e.fhir_patient_id.as_deref())
                    .collect();
                let data = load_patients(&reader, &ids, types)?;
                let t2 = Instant::now();
                load += t2 - t;
                let offset = chunk_no * batch;
                let results: Vec<EmployeeResult> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let d = e.fhir_patient_id.as_deref().and_then(|p| data.get(p));
                        evaluate_employee(evaluator, prepared, offset + i, e, d, period, waivers)
                    })
                    .collect();
                evaluate += t2.elapsed();
                if sender.send(results).is_err() {
                    break; // the writer stopped
                }
            }
            Ok((load, evaluate, cpu_since(cpu)))
        });
        let writer_cpu = thread_cpu_time();
        let mut waiting = Instant::now();
        for results in receiver.iter() {
            writer.timings.write_wait += waiting.elapsed();
            if cancel.load(Ordering::SeqCst) {
                break;
            }
            if let Err(e) = writer.write(store, &results) {
                write_error = Some(e);
                break;
            }
            written += results.len();
            opts.progress.advance(results.len() as u64);
            waiting = Instant::now();
        }
        writer.timings.writer_cpu = cpu_since(writer_cpu);
        drop(receiver);
        producer
            .join()
            .unwrap_or_else(|_| Err(Error::Invalid("the evaluation thread panicked".into())))
    });
    if let Some(e) = write_error {
        return Err(e);
    }
    let (load, evaluate, reader_cpu) = read_result?;
    writer.timings.load += load;
    writer.timings.evaluate += evaluate;
    writer.timings.reader_cpu = reader_cpu;
    Ok(written < employees.len())
}

fn evaluate_employee<E: MeasureEvaluator>(
    evaluator: &E,
    prepared: &[Prepared<E::Compiled>],
    index: usize,
    e: &Employee,
    data: Option<&PatientData>,
    period: &MeasurementPeriod,
    waivers: &HashSet<(EmployeeId, MeasureId)>,
) -> EmployeeResult {
    let empty = PatientData::default();
    let data = data.unwrap_or(&empty);
    // The CQL context needs an id; the evidence names the linked Patient only (QA G14).
    let linked = e.fhir_patient_id.as_deref();
    let context_id = linked.unwrap_or(&e.external_id);
    let deceased = data
        .patient()
        .and_then(|p| deceased_by(p, period.as_of, period.zone));
    let results = prepared
        .iter()
        .enumerate()
        .map(|(m, p)| {
            let has_active_waiver = waivers.contains(&(e.id, p.measure.id));
            let facts = EmployeeFacts {
                role: e.role.as_deref(),
                site: e.site.as_deref(),
                start_date: e.start_date,
                active: e.active,
                has_active_waiver,
            };
            let params = parameters(period, &facts, &p.spec);
            let input = EvaluationInput {
                patient_id: context_id,
                now: period.end,
                parameters: &params,
                data,
            };
            let evaluated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                evaluator
                    .evaluate(&p.compiled, &input)
                    .map_err(|e| e.to_string())
            }))
            .unwrap_or_else(|panic| {
                Err(format!("the CQL engine panicked: {}", panic_text(&panic)))
            });
            let measure_id = p.measure.id.to_string();
            let ctx = Context {
                spec: &p.spec,
                facts: FlagFacts {
                    role: e.role.as_deref(),
                    site: e.site.as_deref(),
                    has_active_waiver,
                    health_record_linked: linked.is_some(),
                    deceased: deceased.as_ref(),
                },
                start_date: e.start_date,
                active: e.active,
                resource: EvaluatedResource {
                    patient_id: linked,
                    measure_id: &measure_id,
                    period,
                },
                period,
            };
            let interpretation = match &evaluated {
                Ok(defines) => interpret(Ok(defines), &ctx),
                Err(message) => interpret(Err(message), &ctx),
            };
            (m, Ready::from(interpretation))
        })
        .collect();
    EmployeeResult {
        employee: index,
        evaluated_at: now_ts(),
        results,
        deceased,
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// What finishing a run needs.
struct Finish<'a> {
    run: &'a mut Run,
    actor: &'a str,
    clock: Instant,
    timings: RunTimings,
    employees: u64,
    awaiting_roster: u64,
    as_of: String,
    notes: RunNotes,
}

impl Finish<'_> {
    /// Writes the terminal status, counts, logs and audit event in one transaction.
    fn finish(
        &mut self,
        store: &mut Store<'_>,
        status: RunStatus,
        failure_summary: Option<String>,
        summaries: &[MeasureSummary],
        failures: &[String],
    ) -> Result<RunReport> {
        let started = Instant::now();
        let note_logs = self.note_lines(store.conn())?;
        let total: u64 = summaries.iter().map(|s| s.evaluated).sum();
        let compliant: u64 = summaries.iter().map(|s| s.compliant).sum();
        let non_compliant: u64 = summaries
            .iter()
            .map(|s| s.due_soon + s.overdue + s.missing_data)
            .sum();
        let failed: u64 = summaries.iter().map(|s| s.failures).sum();
        let run = &mut *self.run;
        run.status = status;
        run.completed_at = Some(now_ts());
        run.total_evaluated = Some(total as i64);
        run.compliant = Some(compliant as i64);
        run.non_compliant = Some(non_compliant as i64);
        run.failure_summary = failure_summary.clone();
        run.partial_failure_count = failed as i64;
        let mut logs: Vec<(LogLevel, String)> = Vec::new();
        for s in summaries {
            logs.push((LogLevel::Info, measure_line(s)));
        }
        for f in failures.iter().take(LOGGED_FAILURES) {
            logs.push((LogLevel::Warn, f.clone()));
        }
        if failures.len() > LOGGED_FAILURES {
            logs.push((
                LogLevel::Warn,
                format!(
                    "{} more evaluation failure(s) are recorded in their outcomes' evidence.",
                    failures.len() - LOGGED_FAILURES
                ),
            ));
        }
        logs.extend(note_logs);
        let mut cases = CaseCounts::default();
        for s in summaries {
            cases.add(&s.cases);
        }
        logs.push((LogLevel::Info, cases_line(&cases, run.dry_run)));
        let (event, level) = match status {
            RunStatus::Completed => (AuditEventType::RunCompleted, LogLevel::Info),
            RunStatus::PartialFailure => (AuditEventType::RunPartialFailure, LogLevel::Warn),
            RunStatus::Cancelled => (AuditEventType::RunCancelled, LogLevel::Warn),
            _ => (AuditEventType::RunFailed, LogLevel::Error),
        };
        // duration_ms is wall clock from the request to this write (DOMAIN.md section 4 lesson).
        let duration_ms = self.clock.elapsed().as_millis() as i64;
        run.duration_ms = Some(duration_ms);
        let last = match &failure_summary {
            Some(why) => format!("Run {status} after {duration_ms} ms: {why}"),
            None => format!("Run {status} after {duration_ms} ms: {total} outcome(s) written."),
        };
        logs.push((level, last));
        let run_snapshot = run.clone();
        let actor = self.actor;
        store.tx(|tx| -> Result<()> {
            for (level, message) in &logs {
                runs::append_log(tx, run_snapshot.id, *level, message)?;
            }
            runs::update_progress(tx, &run_snapshot)?;
            audit_events::append(
                tx,
                &NewAuditEvent::new(
                    event,
                    EntityType::Run,
                    Some(run_snapshot.id.to_string()),
                    actor,
                )
                .run(run_snapshot.id)
                .payload(json!({
                    "status": status,
                    "totalEvaluated": total,
                    "compliant": compliant,
                    "nonCompliant": non_compliant,
                    "partialFailureCount": failed,
                    "durationMs": duration_ms,
                    "dryRun": run_snapshot.dry_run,
                    "cases": cases,
                })),
            )?;
            Ok(())
        })?;
        Ok(RunReport {
            run_id: run_snapshot.id,
            status,
            dry_run: run_snapshot.dry_run,
            as_of: self.as_of.clone(),
            measurement_period_start: run_snapshot.measurement_period_start.clone(),
            measurement_period_end: run_snapshot.measurement_period_end.clone(),
            employees: self.employees,
            employees_awaiting_roster: self.awaiting_roster,
            measures: summaries.to_vec(),
            total_evaluated: total,
            partial_failure_count: failed,
            employees_without_health_record: self.notes.unlinked.len() as u64,
            deceased_employees: self.notes.deceased.len() as u64,
            duration_ms,
            failure_summary,
            timings: RunTimings {
                finish: started.elapsed(),
                ..self.timings
            },
        })
    }
}

impl Finish<'_> {
    /// WARN lines for employees without a linked FHIR Patient (QA G14) and with a recorded
    /// death, and the hint for a database with no employees yet.
    fn note_lines(&self, conn: &Connection) -> Result<Vec<(LogLevel, String)>> {
        let mut logs = Vec::new();
        let unlinked = &self.notes.unlinked;
        if !unlinked.is_empty() {
            let named: Vec<&str> = unlinked
                .iter()
                .take(LOGGED_FAILURES)
                .map(String::as_str)
                .collect();
            let more = unlinked.len().saturating_sub(named.len());
            logs.push((
                LogLevel::Warn,
                format!(
                    "{} employee(s) have no linked FHIR Patient (the roster's fhir_patient_id \
                     is empty), so no health record was read for them: their outcomes say so \
                     (evaluatedResource.patientId null, why_flagged.health_record_linked \
                     false). Link them with the roster to count their exams: {}{}.",
                    unlinked.len(),
                    named.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        for line in self.notes.deceased.values().take(LOGGED_FAILURES) {
            logs.push((LogLevel::Warn, line.clone()));
        }
        if self.notes.deceased.len() > LOGGED_FAILURES {
            logs.push((
                LogLevel::Warn,
                format!(
                    "{} more employee(s) have a linked FHIR Patient recorded deceased; their \
                     outcomes' evidence carries patient_deceased.",
                    self.notes.deceased.len() - LOGGED_FAILURES
                ),
            ));
        }
        if self.employees == 0 && ww_store::employees::count(conn)? == 0 {
            logs.push((LogLevel::Warn, NO_EMPLOYEES_HINT.to_owned()));
        }
        Ok(logs)
    }
}

/// The run log's hint when the database has no employees at all (QA G10).
pub const NO_EMPLOYEES_HINT: &str = "The database has no employees yet, so nothing was \
     evaluated: import the roster first (workwell import employees roster.csv), and the \
     health records (workwell import fhir PATH).";

/// What a run that stopped on a store error keeps: the outcomes and case changes of the
/// batches committed before the error (each batch is one transaction).
fn kept_text(summaries: &[MeasureSummary]) -> String {
    let outcomes: u64 = summaries.iter().map(|s| s.evaluated).sum();
    let mut cases = CaseCounts::default();
    for s in summaries {
        cases.add(&s.cases);
    }
    let changes = cases.opened
        + cases.updated
        + cases.resolved
        + cases.excluded
        + cases.cycle_closed
        + cases.population_closed;
    format!(
        "kept: {outcomes} outcome(s) and {changes} case change(s) from the batches committed \
         before the error; nothing of the batch being written"
    )
}

fn measure_line(s: &MeasureSummary) -> String {
    format!(
        "{} v{} ({}): {} evaluated: {} compliant, {} due soon, {} overdue, {} missing data, {} excluded; {} outside the population (not evaluated, no outcome).",
        s.name,
        s.version,
        s.evaluation_period,
        s.evaluated,
        s.compliant,
        s.due_soon,
        s.overdue,
        s.missing_data,
        s.excluded,
        s.outside_population
    )
}

fn cases_line(c: &CaseCounts, dry_run: bool) -> String {
    if dry_run {
        format!(
            "Dry run: no case was changed; the run would have opened {}, updated {} (and refreshed {} with the same outcome), resolved {}, excluded {} and closed {} older-cycle case(s) and {} case(s) of employees no longer in the population.",
            c.opened, c.updated, c.refreshed, c.resolved, c.excluded, c.cycle_closed, c.population_closed
        )
    } else {
        format!(
            "Cases: {} opened, {} updated (outcome changed or reopened), {} refreshed (same outcome, no change recorded), {} resolved, {} excluded, {} older-cycle case(s) closed, {} closed because the employee left the population.",
            c.opened, c.updated, c.refreshed, c.resolved, c.excluded, c.cycle_closed, c.population_closed
        )
    }
}
