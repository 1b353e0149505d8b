//! `workwell`: the command-line interface over the WorkWell engine.
//!
//! Each subcommand lives in its own module and calls one engine function per
//! user action; no business rule lives here.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod cql_cmd;
mod db_cmd;

/// WorkWell: occupational-health compliance, offline.
#[derive(Parser)]
#[command(name = "workwell", version, about)]
pub struct Cli {
    /// Database file (default: `workwell.db` in the platform data directory).
    #[arg(long, global = true, env = "WORKWELL_DB")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create or migrate the database and load the standard content.
    Init(db_cmd::InitArgs),
    /// Print the schema version and row counts per table.
    Status,
    /// CQL tools: check, eval, conformance.
    #[command(subcommand)]
    Cql(cql_cmd::CqlCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init(ref args) => db_cmd::init(cli.db.as_deref(), args),
        Command::Status => db_cmd::status(cli.db.as_deref()),
        Command::Cql(ref cmd) => cql_cmd::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}
