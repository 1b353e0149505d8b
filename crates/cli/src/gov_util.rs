//! Helpers shared by the governance subcommands (measures, valuesets, mappings, waivers,
//! integrations, demo-reset): the database path, reading files, JSON output.

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The connection type the engine functions take.
pub type Conn = ww_governance::Connection;

/// The database path: `--db`, else the platform default.
pub fn db_path(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    match db {
        Some(p) => Ok(p.to_owned()),
        None => Ok(ww_store::db::default_path()?),
    }
}

/// Opens an existing database (create one with `workwell init`).
pub fn connect(db: Option<&Path>) -> anyhow::Result<Conn> {
    let path = db_path(db)?;
    if !path.exists() {
        anyhow::bail!(
            "{} does not exist: create it with `workwell init`",
            path.display()
        );
    }
    ww_store::open(&path).with_context(|| format!("cannot open {}", path.display()))
}

/// Reads a text file, naming it in the error.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Prints pretty JSON and succeeds.
pub fn print_json(value: serde_json::Value) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(ExitCode::SUCCESS)
}
