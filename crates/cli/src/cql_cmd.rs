//! `workwell cql ...`: check, eval and conformance (owned by the CQL engine work).

use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum CqlCommand {}

pub fn run(cmd: &CqlCommand) -> anyhow::Result<ExitCode> {
    match *cmd {}
}
