//! `workwell init` and `workwell status` (owned by the store work).

use clap::Args;
use std::path::Path;
use std::process::ExitCode;

#[derive(Args)]
pub struct InitArgs {
    /// Also generate the demo workforce and its FHIR records.
    #[arg(long)]
    pub demo: bool,
}

pub fn init(_db: Option<&Path>, _args: &InitArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("init is being built")
}

pub fn status(_db: Option<&Path>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("status is being built")
}
