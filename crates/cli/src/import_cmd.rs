//! `workwell import fhir PATH...` and `workwell import employees FILE.csv` (owned by the runs
//! work): one engine call each, then a printed summary.

use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `workwell import ...`
#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import FHIR R4 Bundles, resources and Bulk Data NDJSON files or folders.
    Fhir {
        /// Files or folders (folders are read recursively: *.ndjson, *.json).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Import the employee roster (CSV with the header
    /// external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active).
    Employees {
        /// The roster CSV file.
        file: PathBuf,
    },
}

/// Opens an initialised database (imports need the standard content's integration rows).
pub fn open_initialised(db: Option<&Path>) -> anyhow::Result<rusqlite::Connection> {
    let path = match db {
        Some(p) => p.to_owned(),
        None => ww_store::db::default_path()?,
    };
    match ww_store::db::inspect(&path)? {
        ww_store::db::FileState::WorkWell { .. } => Ok(ww_store::open(&path)?),
        _ => anyhow::bail!(
            "{} is not set up yet: run `workwell init` (or `workwell demo`) first",
            path.display()
        ),
    }
}

/// Runs one import command.
pub fn run(db: Option<&Path>, cmd: &ImportCommand) -> anyhow::Result<ExitCode> {
    let mut conn = open_initialised(db)?;
    let actor = ww_store::settings::user_name(&conn)?;
    match cmd {
        ImportCommand::Fhir { paths } => {
            // Ctrl-C rolls the import back (QA G16).
            crate::run_cmd::install_ctrl_c_saying(
                "cancelling the import: nothing will be imported",
            );
            let report = match ww_core::import::fhir::import_fhir_cancellable(
                &mut conn,
                paths,
                &actor,
                &crate::run_cmd::CANCEL,
            ) {
                Ok(report) => report,
                Err(ww_core::Error::Cancelled(_)) => {
                    eprintln!("cancelled, nothing imported");
                    return Ok(ExitCode::from(130));
                }
                Err(e) => return Err(e.into()),
            };
            println!("{:<24} {:>9} {:>9}", "resource type", "inserted", "updated");
            for (t, c) in &report.counts {
                println!("{t:<24} {:>9} {:>9}", c.inserted, c.updated);
            }
            println!(
                "{} resource(s) imported; {} new employee(s) awaiting roster data",
                report.total(),
                report.employees_created
            );
        }
        ImportCommand::Employees { file } => {
            let (r, warnings) =
                ww_core::import::roster::import_roster_checked(&mut conn, file, &actor)?;
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            println!(
                "{} roster row(s): {} new, {} updated, {} linked to their FHIR Patient",
                r.rows, r.inserted, r.updated, r.linked
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
