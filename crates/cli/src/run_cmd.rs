//! `workwell run` and `workwell demo` (owned by the runs work): evaluation runs through the
//! CQL engine with a progress bar on stderr and Ctrl-C cancellation.

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use ww_core::cql_eval::CqlEvaluator;
use ww_core::run::{self, RunOptions, RunProgress, RunReport, RunRequest};
use ww_store::enums::{RunStatus, TriggerType};
use ww_store::ids::MeasureId;

/// Set by Ctrl-C; the running evaluation stops after the batch being written.
/// Set by Ctrl-C (see [`install_ctrl_c`]); also used by `import fhir`.
pub(crate) static CANCEL: AtomicBool = AtomicBool::new(false);

/// Arguments of `workwell run`.
#[derive(Args)]
pub struct RunArgs {
    /// Only this measure (its id; the ACTIVE version runs).
    #[arg(long, value_name = "MEASURE_ID")]
    pub measure: Option<String>,
    /// Only employees at this site.
    #[arg(long)]
    pub site: Option<String>,
    /// Only this employee (external id).
    #[arg(long, value_name = "EXTERNAL_ID")]
    pub employee: Option<String>,
    /// As-of date (default: today in the organisation's time zone). A date after today is a
    /// projection and needs --dry-run.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Store the run and its outcomes, touch no case, report the case impact.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the run report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
struct Bar(ProgressBar);

impl RunProgress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn bar() -> Bar {
    let pb = ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} evaluating [{bar:30}] {pos}/{len} employees ({elapsed}, ETA {eta})",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    Bar(pb)
}

fn install_ctrl_c() {
    install_ctrl_c_saying("cancelling after the current batch");
}

/// Makes the first Ctrl-C set [`CANCEL`] (saying `what` happens next on stderr) and a second
/// one quit at once with exit code 130.
pub(crate) fn install_ctrl_c_saying(what: &'static str) {
    // A second install (tests, repeated calls) fails harmlessly.
    let _ = ctrlc::set_handler(move || {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\n{what} (Ctrl-C again to quit at once)");
    });
}

/// Marks runs left unfinished by a crash as FAILED (said on stderr).
fn recover(conn: &mut rusqlite::Connection) -> anyhow::Result<()> {
    let actor = ww_store::settings::user_name(conn)?;
    for id in run::recover_interrupted_runs(conn, &actor)? {
        eprintln!("run {id} was left unfinished by an earlier crash: marked FAILED");
    }
    Ok(())
}

fn execute(conn: &mut rusqlite::Connection, req: &RunRequest) -> anyhow::Result<RunReport> {
    install_ctrl_c();
    let evaluator = CqlEvaluator::from_db(conn)?;
    let progress = bar();
    let opts = RunOptions {
        cancel: &CANCEL,
        progress: &progress,
        batch_size: 0,
    };
    let db = conn.path().map(std::path::PathBuf::from);
    run::execute(conn, &evaluator, req, &opts).map_err(|e| stopped(e, db.as_deref()))
}

/// A run that stopped mid-way (QA G15) is said in one line: the run id, whether it is marked
/// FAILED, what its committed batches kept, and the cause once.
fn stopped(e: ww_core::Error, db: Option<&Path>) -> anyhow::Error {
    match e {
        ww_core::Error::RunStopped {
            run_id,
            recorded,
            kept,
            source,
        } => {
            let cause = crate::error_text::render(&anyhow::Error::from(*source), db);
            let marked = if recorded {
                "is marked FAILED"
            } else {
                "could not be marked FAILED yet (the next workwell command marks it)"
            };
            anyhow::anyhow!("run {run_id} stopped and {marked}; {kept}. Cause: {cause}")
        }
        other => other.into(),
    }
}

/// `workwell run`.
pub fn run(db: Option<&Path>, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let mut conn = crate::import_cmd::open_initialised(db)?;
    recover(&mut conn)?;
    let as_of = as_of_arg(&conn, args.as_of.as_deref())?;
    ww_core::period::check_not_future(as_of, run::today(&conn)?, args.dry_run)
        .context("--as-of")?;
    let measure = args
        .measure
        .as_deref()
        .map(|m| {
            MeasureId::parse(m).with_context(|| format!("--measure {m:?} is not a measure id"))
        })
        .transpose()?;
    let req = RunRequest {
        measure,
        site: args.site.clone(),
        employee: args.employee.clone(),
        case: None,
        as_of,
        dry_run: args.dry_run,
        trigger: TriggerType::Manual,
    };
    let report = execute(&mut conn, &req)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        for note in back_dated_notes(&conn, &report)? {
            eprintln!("{note}");
        }
    } else {
        print_report(&report);
        for note in back_dated_notes(&conn, &report)? {
            println!("{note}");
        }
    }
    Ok(exit_code(&report))
}

/// The as-of date of `--as-of` (default today in the organisation's zone), refused outside
/// the accepted range before anything is written.
fn as_of_arg(
    conn: &rusqlite::Connection,
    arg: Option<&str>,
) -> anyhow::Result<ww_core::period::Date> {
    let today = run::today(conn)?;
    let as_of = match arg {
        Some(s) => ww_store::time::parse_date(s).with_context(|| format!("--as-of {s:?}"))?,
        None => today,
    };
    ww_core::period::check_as_of(as_of, today).context("--as-of")?;
    Ok(as_of)
}

/// The run log's notes that a measure's cycle was older than its newest evaluated cycle (a
/// back-dated run records outcomes but changes no case).
fn back_dated_notes(conn: &rusqlite::Connection, r: &RunReport) -> anyhow::Result<Vec<String>> {
    Ok(ww_store::runs::list_logs(conn, r.run_id)?
        .into_iter()
        .filter(|l| l.message.starts_with(ww_core::cases::BACK_DATED))
        .map(|l| l.message)
        .collect())
}

/// Arguments of `workwell demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// As-of date (default: today in the organisation's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Run all programs even on a database that was not created as a demo database (a
    /// site's real data): without it such a database is refused untouched.
    #[arg(long)]
    pub force: bool,
}

/// `workwell demo`: creates the embedded demo database when missing, runs all programs and
/// prints a table per measure.
pub fn demo(db: Option<&Path>, args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let path = match db {
        Some(p) => p.to_owned(),
        None => ww_store::db::default_path()?,
    };
    let fresh = !matches!(
        ww_store::db::inspect(&path)?,
        ww_store::db::FileState::WorkWell { .. }
    );
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut conn = ww_store::open(&path)?;
    if !fresh {
        refuse_real_database(&conn, &path, args.force)?;
    }
    let as_of = as_of_arg(&conn, args.as_of.as_deref())?;
    if fresh {
        ww_store::seed::load_standard(&mut conn)?;
        let opts = ww_store::seed::demo::DemoOptions::as_of(as_of);
        let r = ww_store::seed::demo::load_demo(&mut conn, &opts)?;
        println!(
            "created the demo database {}: {} employees, {} FHIR resources, {} waivers",
            path.display(),
            r.employees,
            r.resources,
            r.waivers
        );
    } else if ww_governance::demo_reset::is_demo_database(&conn)? {
        println!("using the demo database {}", path.display());
    } else {
        println!(
            "using {} (not a demo database; --force given): running all programs as of {as_of}",
            path.display()
        );
    }
    recover(&mut conn)?;
    let report = execute(&mut conn, &RunRequest::all_programs(as_of))?;
    print_report(&report);
    Ok(exit_code(&report))
}

/// QA G13: `workwell demo` on a site's real database (one not made by `init --demo`, `demo`
/// or demo-reset, as `ww_governance::demo_reset::is_demo_database` tells) would run every
/// program as of today on real people; it is refused untouched unless `--force`.
fn refuse_real_database(
    conn: &rusqlite::Connection,
    path: &Path,
    force: bool,
) -> anyhow::Result<()> {
    if force || ww_governance::demo_reset::is_demo_database(conn)? {
        return Ok(());
    }
    let count = |table: &str| -> anyhow::Result<i64> {
        Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    anyhow::bail!(
        "{} was not created as a demo database (neither `workwell init --demo`, `workwell demo` \
         nor demo-reset made it) and holds {} employees and {} runs: `workwell demo` would run \
         every program on it as of today. Nothing was changed; use `workwell run` for a site's \
         database, or `workwell demo --force` to run the demo on it anyway",
        path.display(),
        count("employees")?,
        count("runs")?
    )
}

fn exit_code(r: &RunReport) -> ExitCode {
    match r.status {
        RunStatus::Completed | RunStatus::PartialFailure => ExitCode::SUCCESS,
        RunStatus::Cancelled => ExitCode::from(130),
        _ => ExitCode::from(1),
    }
}

fn print_report(r: &RunReport) {
    // QA3 H16: people awaiting roster data are in no population; count them apart.
    let awaiting = r.employees_awaiting_roster;
    let employees = if awaiting > 0 {
        format!(
            "{} employees and {awaiting} awaiting roster data",
            r.employees - awaiting
        )
    } else {
        format!("{} employees", r.employees)
    };
    println!(
        "run {} {}{} as of {} ({employees}, {} ms)",
        r.run_id,
        r.status,
        if r.dry_run { " (dry run)" } else { "" },
        r.as_of,
        r.duration_ms
    );
    let case_head = if r.dry_run {
        "  would: open  update  resolve  refresh"
    } else {
        "cases: opened updated resolved refreshed"
    };
    println!(
        "{:<46} {:>9} {:>9} {:>8} {:>7} {:>7} {:>8} {:>7}   {case_head}",
        "measure (cycle)",
        "evaluated",
        "compliant",
        "due soon",
        "overdue",
        "missing",
        "excluded",
        "outside"
    );
    for m in &r.measures {
        let name = format!("{} ({})", m.name, m.evaluation_period);
        println!(
            "{:<46} {:>9} {:>9} {:>8} {:>7} {:>7} {:>8} {:>7}   {:>13} {:>7} {:>8} {:>9}",
            truncate(&name, 46),
            m.evaluated,
            m.compliant,
            m.due_soon,
            m.overdue,
            m.missing_data,
            m.excluded,
            m.outside_population,
            m.cases.opened,
            m.cases.updated,
            m.cases.resolved,
            m.cases.refreshed
        );
    }
    println!("{}", case_legend(r.dry_run));
    let c = r.case_totals();
    if c.excluded + c.cycle_closed > 0 {
        println!(
            "{}",
            case_extras_line(r.dry_run, c.excluded, c.cycle_closed)
        );
    }
    if c.population_closed > 0 {
        if r.dry_run {
            println!(
                "dry run: would close {} case(s) of employees no longer in the population",
                c.population_closed
            );
        } else {
            println!(
                "cases closed because the employee left the population: {} (reason in each case)",
                c.population_closed
            );
        }
    }
    if r.partial_failure_count > 0 {
        println!(
            "{} evaluation(s) failed (their cases were left unchanged): see the run logs and the outcomes' evidence",
            r.partial_failure_count
        );
    }
    if r.employees_without_health_record > 0 {
        println!(
            "{} employee(s) have no linked FHIR Patient: their outcomes say no health record is \
             linked; set fhir_patient_id in the roster (names in the run log)",
            r.employees_without_health_record
        );
    }
    if r.deceased_employees > 0 {
        println!(
            "{} employee(s) are linked to a FHIR Patient recorded as deceased: no case was \
             changed for them; check the roster and the patient link (see the run log)",
            r.deceased_employees
        );
    }
    if r.employees == 0 {
        println!("no employee was in scope: {}", empty_hint(r));
    }
    if let Some(why) = &r.failure_summary {
        println!("{why}");
    }
}

/// What "updated" and "refreshed" mean under the table (QA G10: an identical second run
/// printed "updated 86" for refreshes that changed nothing).
fn case_legend(dry_run: bool) -> &'static str {
    if dry_run {
        "(update = the outcome would change or a case would reopen; refresh = same outcome, nothing recorded)"
    } else {
        "(updated = outcome changed or case reopened, audited; refreshed = same outcome, only the last run noted)"
    }
}

/// The hint for a run that found no employee (QA G10).
fn empty_hint(r: &RunReport) -> &'static str {
    if r.measures.is_empty() {
        "no measure is ACTIVE either"
    } else {
        "if the database has no employees yet, import the roster first: \
         workwell import employees roster.csv (and the health records: workwell import fhir PATH)"
    }
}

/// The line about excluded and older-cycle cases; a dry run changed nothing, so it says what
/// the run would have done (QA F1).
fn case_extras_line(dry_run: bool, excluded: u64, cycle_closed: u64) -> String {
    if dry_run {
        format!(
            "dry run, no case changed: would exclude {excluded} case(s) and close {cycle_closed} older-cycle case(s)"
        )
    } else {
        format!("cases excluded: {excluded}, older-cycle cases closed: {cycle_closed}")
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::{case_extras_line, stopped};

    /// QA G15: a run that stops mid-way names the run, whether it is FAILED, what was kept,
    /// and the cause once (here a locked database, as one sentence).
    #[test]
    fn stopped_run_names_the_run_what_was_kept_and_the_cause_once() {
        let run_id = ww_store::ids::RunId::new();
        let locked = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(5),
            Some("database is locked".into()),
        );
        let e = ww_core::Error::RunStopped {
            run_id,
            recorded: true,
            kept: "kept: 1842 outcome(s) and 728 case change(s) from the batches committed \
                   before the error; nothing of the batch being written"
                .into(),
            source: Box::new(ww_core::Error::Store(ww_store::Error::Sqlite(locked))),
        };
        let db = std::path::PathBuf::from("big.db");
        let text = format!("{:#}", stopped(e, Some(&db)));
        assert_eq!(
            text,
            format!(
                "run {run_id} stopped and is marked FAILED; kept: 1842 outcome(s) and 728 case \
                 change(s) from the batches committed before the error; nothing of the batch \
                 being written. Cause: {}",
                crate::error_text::locked_sentence(Some(&db))
            )
        );
        assert_eq!(text.matches("locked").count(), 1, "{text}");
    }

    #[test]
    fn dry_run_summary_says_would_never_closed() {
        let dry = case_extras_line(true, 2, 125);
        assert_eq!(
            dry,
            "dry run, no case changed: would exclude 2 case(s) and close 125 older-cycle case(s)"
        );
        assert!(!dry.contains("closed"));
        assert_eq!(
            case_extras_line(false, 2, 125),
            "cases excluded: 2, older-cycle cases closed: 125"
        );
    }
}
