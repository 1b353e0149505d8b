//! `workwell`: the command-line interface over the WorkWell engine.
//!
//! Each subcommand lives in its own module and calls one engine function per
//! user action; no business rule lives here.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod admin_cmd;
mod audit_cmd;
mod case_view;
mod cases_cmd;
mod cql_cmd;
mod db_cmd;
mod error_text;
mod export_cmd;
mod gov_util;
mod import_cmd;
mod measures_cmd;
mod packet_cmd;
mod run_cmd;
mod settings_cmd;
mod terminology_cmd;

/// WorkWell: occupational-health compliance, offline.
#[derive(Parser)]
#[command(
    name = "workwell",
    version,
    about = "WorkWell: occupational-health compliance, offline.",
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Database file (default: `workwell.db` in the platform data directory).
    #[arg(long, global = true, env = "WORKWELL_DB")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// What the product does and its three nouns, for `workwell --help` (QA F2).
const LONG_ABOUT: &str = "\
WorkWell: occupational-health compliance, offline.

It tracks whether each employee is up to date with the exams and vaccinations their job
requires (annual audiograms, TB screening, flu vaccination, HAZWOPER medical surveillance)
and turns every gap into a work item. Everything stays on this computer in one SQLite
file: no server, no network unless you configure outreach email.

  measure  a compliance rule written in CQL (who is in scope, which exam, how often), with
           versions DRAFT -> APPROVED -> ACTIVE -> DEPRECATED; runs use the ACTIVE version
  run      one evaluation of the active measures for the employees in scope as of a date,
           storing one outcome per employee (COMPLIANT, DUE_SOON, OVERDUE, MISSING_DATA,
           EXCLUDED) with the evidence behind it
  case     the work item for an employee who is due, overdue or missing data on one measure
           in one compliance cycle: assigned, noted, scheduled, resolved; every change is in
           the tamper-evident audit ledger";

/// The typical sequence with examples, printed after the command list.
const AFTER_HELP: &str = "\
Typical sequence:
  workwell init                                  create the database (--demo adds a demo workforce)
  workwell import fhir ./fhir-data               FHIR R4 Bundles, resources or NDJSON (files or folders)
  workwell import employees roster.csv           the HR roster (role, site, start date)
  workwell run                                   evaluate every ACTIVE measure as of today
  workwell cases list --status open              the worklist, highest priority first
  workwell cases show CASE_ID                    why the case is flagged, and its timeline
  workwell cases assign CASE_ID --to nurse.kim   then: note, schedule, outreach, resolve
  workwell export cases --out cases.csv          CSV for a spreadsheet (also runs, outcomes, audit-events)
  workwell packet case CASE_ID --format html --out case.html   a printable audit packet

Try it on demo data first: `workwell demo` (creates the demo database and runs all programs).
`workwell COMMAND --help` describes each command.";

#[derive(Subcommand)]
pub enum Command {
    /// Create or migrate the database and load the standard content.
    Init(db_cmd::InitArgs),
    /// Print the schema version and row counts per table.
    Status,
    /// CQL tools: check, eval, conformance.
    #[command(subcommand)]
    Cql(cql_cmd::CqlCommand),
    /// Case work: list, show, assign, note, escalate, schedule, outreach, delivery, resolve.
    #[command(subcommand)]
    Cases(cases_cmd::CasesCommand),
    /// Audit packets (json | html) and their verification.
    #[command(subcommand)]
    Packet(packet_cmd::PacketCommand),
    /// CSV exports: runs, outcomes, cases, audit-events.
    #[command(subcommand)]
    Export(export_cmd::ExportCommand),
    /// The audit ledger: list, verify the hash chain.
    #[command(subcommand)]
    Audit(audit_cmd::AuditCommand),
    /// Import FHIR R4 data or the employee roster.
    #[command(subcommand)]
    Import(import_cmd::ImportCommand),
    /// Evaluate measures for employees: outcomes with evidence, and cases.
    Run(run_cmd::RunArgs),
    /// Create the demo database if missing, run all programs as of today, print the results.
    Demo(run_cmd::DemoArgs),
    /// Measure authoring and lifecycle: versions, compile, fixtures, approval, activation.
    #[command(subcommand)]
    Measures(measures_cmd::MeasuresCommand),
    /// Value sets: import (FHIR JSON, CSV), list, diff.
    #[command(subcommand)]
    Valuesets(terminology_cmd::ValueSetsCommand),
    /// Terminology mappings and their review workflow.
    #[command(subcommand)]
    Mappings(terminology_cmd::MappingsCommand),
    /// Waivers: grant, revoke, list.
    #[command(subcommand)]
    Waivers(admin_cmd::WaiversCommand),
    /// Integration health: list, sync.
    #[command(subcommand)]
    Integrations(admin_cmd::IntegrationsCommand),
    /// Start a fresh demo database, keeping the old file beside it.
    DemoReset(admin_cmd::DemoResetArgs),
    /// Settings: list, get, set (time zone, user name, email); each change audited.
    #[command(subcommand)]
    Settings(settings_cmd::SettingsCommand),
}

/// Restores the default action of SIGPIPE (terminate quietly), as `cat` and `grep` do: the
/// Rust runtime ignores SIGPIPE, so writing to a closed pipe (`workwell ... | head -1`) made
/// `println!` panic with a backtrace. Writes in progress are safe: every change is one SQLite
/// transaction, and an uncommitted one is rolled back on the next open.
#[cfg(unix)]
fn quiet_on_broken_pipe() {
    use std::ffi::c_int;
    // `signal(2)` from the C library the standard library already links; SIGPIPE is 13 and
    // SIG_DFL is 0 on Linux, macOS and the BSDs.
    unsafe extern "C" {
        fn signal(signum: c_int, handler: usize) -> usize;
    }
    const SIGPIPE: c_int = 13;
    const SIG_DFL: usize = 0;
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

/// On Windows a closed pipe is an ordinary write error; nothing to change.
#[cfg(not(unix))]
fn quiet_on_broken_pipe() {}

/// An empty `WORKWELL_DB` counts as unset (QA G10: clap took it for an empty `--db` and said
/// "a value is required for '--db <DB>'" although no --db was typed).
fn unset_empty_db_variable() {
    if std::env::var_os("WORKWELL_DB").is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
        // Edition 2021, and no other thread exists yet.
        std::env::remove_var("WORKWELL_DB");
    }
}

fn main() -> std::process::ExitCode {
    quiet_on_broken_pipe();
    unset_empty_db_variable();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init(ref args) => db_cmd::init(cli.db.as_deref(), args),
        Command::Status => db_cmd::status(cli.db.as_deref()),
        Command::Cql(ref cmd) => cql_cmd::run(cli.db.as_deref(), cmd),
        Command::Cases(ref cmd) => cases_cmd::run(cli.db.as_deref(), cmd),
        Command::Packet(ref cmd) => packet_cmd::run(cli.db.as_deref(), cmd),
        Command::Export(ref cmd) => export_cmd::run(cli.db.as_deref(), cmd),
        Command::Audit(ref cmd) => audit_cmd::run(cli.db.as_deref(), cmd),
        Command::Import(ref cmd) => import_cmd::run(cli.db.as_deref(), cmd),
        Command::Run(ref args) => run_cmd::run(cli.db.as_deref(), args),
        Command::Demo(ref args) => run_cmd::demo(cli.db.as_deref(), args),
        Command::Measures(ref cmd) => measures_cmd::run(cli.db.as_deref(), cmd),
        Command::Valuesets(ref cmd) => terminology_cmd::run_valuesets(cli.db.as_deref(), cmd),
        Command::Mappings(ref cmd) => terminology_cmd::run_mappings(cli.db.as_deref(), cmd),
        Command::Waivers(ref cmd) => admin_cmd::run_waivers(cli.db.as_deref(), cmd),
        Command::Integrations(ref cmd) => admin_cmd::run_integrations(cli.db.as_deref(), cmd),
        Command::DemoReset(ref args) => admin_cmd::run_demo_reset(cli.db.as_deref(), args),
        Command::Settings(ref cmd) => settings_cmd::run(cli.db.as_deref(), cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let db = cli.db.clone().or_else(|| ww_store::db::default_path().ok());
            eprintln!("error: {}", error_text::render(&err, db.as_deref()));
            std::process::ExitCode::from(2)
        }
    }
}
