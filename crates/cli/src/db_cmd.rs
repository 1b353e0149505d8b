//! `workwell init` and `workwell status` (owned by the store work).

use anyhow::Context;
use clap::Args;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use ww_store::seed::{self, demo::DemoOptions};

/// Arguments of `workwell init`.
#[derive(Args)]
pub struct InitArgs {
    /// Also generate the demo workforce and its FHIR records.
    #[arg(long)]
    pub demo: bool,
    /// Date the demo records are spread around (YYYY-MM-DD; default: today in UTC).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "demo")]
    pub as_of: Option<String>,
    /// Number of demo employees.
    #[arg(long, default_value_t = seed::demo::DEFAULT_EMPLOYEES, requires = "demo")]
    pub employees: usize,
    /// Seed of the demo generator.
    #[arg(long, default_value_t = seed::demo::DEFAULT_SEED, requires = "demo")]
    pub seed: u64,
}

fn db_path(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    match db {
        Some(p) => Ok(p.to_owned()),
        None => Ok(ww_store::db::default_path()?),
    }
}

/// Creates or migrates the database, loads the standard content and, with `--demo`, the
/// demo workforce. Prints what changed.
pub fn init(db: Option<&Path>, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let path = db_path(db)?;
    let as_of = match &args.as_of {
        Some(s) => ww_store::time::parse_date(s).with_context(|| format!("--as-of {s:?}"))?,
        None => DemoOptions::default().as_of,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let before = ww_store::db::inspect(&path)?;
    let mut conn = ww_store::open(&path)?;
    let version = ww_store::db::schema_version(&conn)?;
    match before {
        ww_store::db::FileState::WorkWell { schema_version } if schema_version == version => {
            println!("{}: schema version {version} (up to date)", path.display());
        }
        ww_store::db::FileState::WorkWell { schema_version } => {
            println!(
                "{}: migrated from schema version {schema_version} to {version}",
                path.display()
            );
        }
        _ => println!("{}: created at schema version {version}", path.display()),
    }
    let standard = seed::load_standard(&mut conn)?;
    // The seeded measures' test fixtures are standard content too (issue 6 item 3); they
    // live with the governance code that validates them. Idempotent like the rest.
    let fixtures = ww_store::with_tx(&mut conn, |tx| {
        ww_governance::fixtures::seed_fixtures(tx).map_err(anyhow::Error::from)
    })?;
    if fixtures > 0 {
        println!("test fixtures: {fixtures} added");
    }
    if standard.total() == 0 {
        println!("standard content: already present, nothing added");
    } else {
        println!(
            "standard content: {} measures, {} value sets, {} OSHA references, {} mappings, \
             {} integrations, {} outreach templates, {} settings",
            standard.measures,
            standard.value_sets,
            standard.osha_references,
            standard.mappings,
            standard.integrations,
            standard.templates,
            standard.settings
        );
    }
    if args.demo {
        let opts = DemoOptions {
            seed: args.seed,
            employees: args.employees,
            as_of,
        };
        let report = seed::demo::load_demo(&mut conn, &opts)?;
        if report.already_present {
            println!("demo workforce: employees already present, nothing added");
        } else {
            println!(
                "demo workforce: {} employees, {} FHIR resources, {} waivers (as of {}, seed {})",
                report.employees,
                report.resources,
                report.waivers,
                ww_store::time::format_date(as_of),
                args.seed
            );
        }
    }
    println!("done in {} ms", started.elapsed().as_millis());
    Ok(ExitCode::SUCCESS)
}

/// Prints the schema version and the row count of every table, without changing the file.
pub fn status(db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = db_path(db)?;
    if !path.exists() {
        anyhow::bail!(
            "{} does not exist: create it with `workwell init`",
            path.display()
        );
    }
    // The refusal says why (newer schema, not a WorkWell file, ...): `init` would not help.
    let conn = ww_store::db::open_read_only(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let version = ww_store::db::schema_version(&conn)?;
    let mut out = String::new();
    writeln!(out, "database: {}", path.display())?;
    writeln!(
        out,
        "schema version: {version} (this build: {})",
        ww_store::db::supported_schema_version()
    )?;
    let counts = ww_store::db::table_counts(&conn)?;
    let width = counts.iter().map(|(t, _)| t.len()).max().unwrap_or(5);
    for (table, n) in counts {
        writeln!(out, "{table:<width$}  {n:>8}")?;
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to stdout; a closed pipe (`workwell status | head`) is not an error.
fn print_out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
