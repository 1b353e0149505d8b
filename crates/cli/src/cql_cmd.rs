//! `workwell cql ...`: check, eval and conformance (issue 3, item 4).
//!
//! - `check FILE.cql` prints `FILE:LINE:COL: error|warning: MESSAGE` per diagnostic and
//!   exits 1 when there are errors.
//! - `eval (FILE.cql | --expr EXPR) [--now TS] [--data PATH]... [--patient ID]
//!   [--param 'NAME=CQL-EXPR']...` prints JSON: `{"value": ...}` / `{"error": ...}` for
//!   an expression, `{"defines": [{"name", "value" | "error"}]}` for a library.
//! - `conformance DIR` runs every cql-tests XML file and ends with `N passed, N failed`.

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use serde_json::json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ww_cql::{conformance, InMemoryData, InMemoryTerminology, TerminologyProvider};

/// CQL tools.
#[derive(Subcommand)]
pub enum CqlCommand {
    /// Compile a CQL library and print its diagnostics.
    Check {
        /// The library file.
        file: PathBuf,
    },
    /// Evaluate a library (every define) or one expression and print JSON. Value sets come
    /// from the ValueSet resources in --data and, with --db, from that database (its value
    /// sets and APPROVED terminology mappings, as a run sees them).
    Eval(EvalArgs),
    /// Run the cql-tests conformance suite (every XML file in DIR).
    Conformance {
        /// Folder with the cql-tests XML files.
        dir: PathBuf,
        /// Also print each failing test with its actual and expected values.
        #[arg(long)]
        verbose: bool,
    },
}

/// Arguments of `workwell cql eval`.
#[derive(Args)]
pub struct EvalArgs {
    /// The library file (or use --expr).
    #[arg(required_unless_present = "expr", conflicts_with = "expr")]
    file: Option<PathBuf>,
    /// One CQL expression.
    #[arg(long)]
    expr: Option<String>,
    /// Evaluation timestamp (Now()); default: the current time in UTC.
    #[arg(long)]
    now: Option<String>,
    /// FHIR Bundle, resource or NDJSON files or folders (repeatable).
    #[arg(long)]
    data: Vec<PathBuf>,
    /// The context patient id (default: the only patient in the data).
    #[arg(long)]
    patient: Option<String>,
    /// A parameter value: 'NAME=CQL-EXPRESSION' (repeatable).
    #[arg(long)]
    param: Vec<String>,
}

/// Runs a `workwell cql` subcommand; `db` (the global `--db`) supplies `eval`'s value sets.
pub fn run(db: Option<&Path>, cmd: &CqlCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        CqlCommand::Check { file } => check(file),
        CqlCommand::Eval(args) => eval(args, db),
        CqlCommand::Conformance { dir, verbose } => run_conformance(dir, *verbose),
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The texts of the libraries `source` includes, found beside `file` as `Name.cql` or
/// `Name-version.cql` (recursively; FHIRHelpers is built in).
fn load_includes(file: &Path, source: &str) -> anyhow::Result<Vec<String>> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut out: Vec<String> = Vec::new();
    let mut todo: Vec<(String, Option<String>)> = ww_cql::included_libraries(source);
    let mut seen: Vec<String> = Vec::new();
    while let Some((name, version)) = todo.pop() {
        if name == "FHIRHelpers" || seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let mut candidates = vec![dir.join(format!("{name}.cql"))];
        if let Some(v) = &version {
            candidates.insert(0, dir.join(format!("{name}-{v}.cql")));
        }
        if let Some(p) = candidates.iter().find(|p| p.exists()) {
            let text = read(p)?;
            todo.extend(ww_cql::included_libraries(&text));
            out.push(text);
        }
    }
    Ok(out)
}

fn check(file: &Path) -> anyhow::Result<ExitCode> {
    let source = read(file)?;
    let includes = load_includes(file, &source)?;
    let refs: Vec<&str> = includes.iter().map(String::as_str).collect();
    let lib = ww_cql::compile_library(&source, &refs);
    for d in &lib.diagnostics {
        println!("{}", d.render(&file.display().to_string()));
    }
    Ok(if lib.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A data file's ValueSets first, then the database's terminology (QA finding F23).
struct Layered<'a> {
    data: &'a InMemoryTerminology,
    db: Option<&'a ww_core::terminology::StoreTerminology>,
}

impl TerminologyProvider for Layered<'_> {
    fn in_value_set(&self, value_set: &str, system: &str, code: &str) -> Option<bool> {
        self.data
            .in_value_set(value_set, system, code)
            .or_else(|| self.db?.in_value_set(value_set, system, code))
    }

    fn expand(&self, value_set: &str) -> Option<Vec<(String, String)>> {
        self.data
            .expand(value_set)
            .or_else(|| self.db?.expand(value_set))
    }
}

fn eval(args: &EvalArgs, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let now_text = args.now.clone().unwrap_or_else(current_utc);
    let now = ww_cql::parse_now(&now_text)
        .with_context(|| format!("--now {now_text:?} is not an ISO date-time"))?;
    let mut params = HashMap::new();
    for p in &args.param {
        let (name, expr) = p
            .split_once('=')
            .with_context(|| format!("--param {p:?}: expected NAME=CQL-EXPRESSION"))?;
        let v = ww_cql::parameter_value(expr, now)
            .map_err(|e| anyhow::anyhow!("--param {name}: {e}"))?;
        params.insert(name.trim().trim_matches('"').to_string(), v);
    }
    if let Some(expr) = &args.expr {
        let out = match ww_cql::evaluate_expression(expr, now) {
            Ok(v) => json!({ "value": v.to_cql_literal() }),
            Err(e) => json!({ "error": e.to_string() }),
        };
        println!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    let Some(file) = &args.file else {
        bail!("give a library FILE or --expr");
    };
    let mut data = InMemoryData::new();
    for p in &args.data {
        data.load_path(p)?;
    }
    let mut from_data = InMemoryTerminology::new();
    for vs in data.resources_of_type("ValueSet") {
        from_data.add_fhir_value_set(&vs);
    }
    let from_db = match db {
        Some(path) => {
            let conn = ww_store::db::open_read_only(path)
                .with_context(|| format!("cannot read the value sets of {}", path.display()))?;
            Some(ww_core::terminology::StoreTerminology::load(&conn)?)
        }
        None => None,
    };
    let terminology = Layered {
        data: &from_data,
        db: from_db.as_ref(),
    };
    let patient = match &args.patient {
        Some(p) => Some(p.clone()),
        None => {
            let ids = data.patient_ids();
            match ids.len() {
                0 => None,
                1 => Some(ids[0].clone()),
                n => bail!("the data holds {n} patients: choose one with --patient ID"),
            }
        }
    };
    let source = read(file)?;
    let includes = load_includes(file, &source)?;
    let refs: Vec<&str> = includes.iter().map(String::as_str).collect();
    let lib = ww_cql::compile_library(&source, &refs);
    if lib.has_errors() {
        for d in lib.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}", d.render(&file.display().to_string()));
        }
        bail!("{} does not compile", file.display());
    }
    let req = ww_cql::EvaluationRequest {
        patient_id: patient.as_deref(),
        now,
        parameters: &params,
        data: &data,
        terminology: &terminology,
        deadline: None,
    };
    let defines: Vec<serde_json::Value> = lib
        .evaluate(&req)
        .into_iter()
        .map(|d| match d.value {
            Ok(v) => json!({ "name": d.name, "value": v.to_cql_literal() }),
            Err(e) => json!({ "name": d.name, "error": e.to_string() }),
        })
        .collect();
    println!("{}", json!({ "defines": defines }));
    Ok(ExitCode::SUCCESS)
}

/// The current UTC time as ISO-8601 with milliseconds.
fn current_utc() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    ww_cql::format_epoch_ms_utc(ms)
}

fn run_conformance(dir: &Path, verbose: bool) -> anyhow::Result<ExitCode> {
    let now = conformance::conformance_now();
    let (mut passed, mut failed) = (0, 0);
    for f in conformance::suite_files(dir)? {
        let report = conformance::run_file(&f, now)?;
        println!(
            "{}: {} passed, {} failed",
            report.file,
            report.passed(),
            report.failed()
        );
        if verbose {
            for o in report.outcomes.iter().filter(|o| !o.passed) {
                println!(
                    "  FAIL {}/{}: got {} expected {}",
                    o.group, o.name, o.actual, o.expected
                );
            }
        }
        passed += report.passed();
        failed += report.failed();
    }
    println!("{passed} passed, {failed} failed");
    Ok(ExitCode::SUCCESS)
}
