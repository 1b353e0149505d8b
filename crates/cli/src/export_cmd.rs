//! `workwell export runs|outcomes|cases|audit-events [--out FILE] [filters]` (owned by the
//! casework work). Rows stream straight to the file or standard output.

use super::audit_cmd::AuditFilterArgs;
use super::cases_cmd::CaseFilterArgs;
use anyhow::Context;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ww_casework::export::{OutcomeExportFilter, RunExportFilter};

/// Where to write.
#[derive(Args, Debug, Clone, Default)]
pub struct OutArg {
    /// Output file (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Runs with outcome counts.
    Runs {
        #[command(flatten)]
        out: OutArg,
        /// Run status.
        #[arg(long)]
        status: Option<String>,
        /// Measure version id (scope).
        #[arg(long)]
        measure_version: Option<String>,
        /// Started at or after: a date (YYYY-MM-DD, from the start of that day in the
        /// organisation's time zone) or an ISO-8601 timestamp.
        #[arg(long)]
        since: Option<String>,
        /// Started up to: a date (YYYY-MM-DD, that whole day included) or an ISO-8601
        /// timestamp (runs started before it).
        #[arg(long)]
        until: Option<String>,
        /// Include dry runs.
        #[arg(long)]
        include_dry_runs: bool,
    },
    /// Outcomes with why_flagged fields.
    Outcomes {
        #[command(flatten)]
        out: OutArg,
        /// Run id.
        #[arg(long)]
        run: Option<String>,
        /// Measure version id.
        #[arg(long)]
        measure_version: Option<String>,
        /// Outcome status.
        #[arg(long)]
        status: Option<String>,
        /// Employee site.
        #[arg(long)]
        site: Option<String>,
        /// Include outcomes of dry runs (left out by default; `--run` exports that run's
        /// outcomes whatever kind of run it is).
        #[arg(long)]
        include_dry_runs: bool,
    },
    /// Cases (same filters as `cases list`).
    Cases {
        #[command(flatten)]
        out: OutArg,
        #[command(flatten)]
        filter: Box<CaseFilterArgs>,
    },
    /// The audit ledger (same filters as `audit list`).
    AuditEvents {
        #[command(flatten)]
        out: OutArg,
        #[command(flatten)]
        filter: Box<AuditFilterArgs>,
    },
}

fn parse_opt<T: std::str::FromStr>(value: &Option<String>, flag: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    value
        .as_deref()
        .map(|v| v.parse::<T>().with_context(|| format!("{flag} '{v}'")))
        .transpose()
}

/// Runs one `export` subcommand; prints the row count to standard error.
pub fn run(db: Option<&Path>, cmd: &ExportCommand) -> anyhow::Result<ExitCode> {
    let mut conn = super::cases_cmd::connect(db)?;
    // QA G20: bad --since / --until / --type are refused before the output file is created.
    let audit_filter = match cmd {
        ExportCommand::AuditEvents { filter, .. } => Some(filter.to_filter(&conn)?),
        _ => None,
    };
    let run_bounds = match cmd {
        ExportCommand::Runs { since, until, .. } => (
            crate::audit_cmd::time_bound(&conn, "--since", since, false)?,
            crate::audit_cmd::time_bound(&conn, "--until", until, true)?,
        ),
        _ => (None, None),
    };
    let out_arg = match cmd {
        ExportCommand::Runs { out, .. }
        | ExportCommand::Outcomes { out, .. }
        | ExportCommand::Cases { out, .. }
        | ExportCommand::AuditEvents { out, .. } => out,
    };
    let sink: Box<dyn Write> = match &out_arg.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let (kind, rows) = match cmd {
        ExportCommand::Runs {
            status,
            measure_version,
            include_dry_runs,
            ..
        } => {
            let filter = RunExportFilter {
                status: parse_opt(status, "--status")?,
                measure_version_id: parse_opt(measure_version, "--measure-version")?,
                since: run_bounds.0.clone(),
                until: run_bounds.1.clone(),
                include_dry_runs: *include_dry_runs,
            };
            (
                "runs",
                ww_casework::export::export_runs(&conn, &filter, sink)?,
            )
        }
        ExportCommand::Outcomes {
            run,
            measure_version,
            status,
            site,
            include_dry_runs,
            ..
        } => {
            let filter = OutcomeExportFilter {
                run_id: parse_opt(run, "--run")?,
                measure_version_id: parse_opt(measure_version, "--measure-version")?,
                status: parse_opt(status, "--status")?,
                site: site.clone(),
                include_dry_runs: *include_dry_runs,
            };
            (
                "outcomes",
                ww_casework::export::export_outcomes(&conn, &filter, sink)?,
            )
        }
        ExportCommand::Cases { filter, .. } => (
            "cases",
            ww_casework::export::export_cases(&conn, &filter.to_filter()?, sink)?,
        ),
        ExportCommand::AuditEvents { .. } => (
            "audit events",
            ww_casework::export::export_audit_events(
                &conn,
                audit_filter.as_ref().expect("built above for audit events"),
                sink,
            )?,
        ),
    };
    let target = out_arg.out.as_ref().map(|p| p.display().to_string());
    ww_casework::export::record_export(
        &mut conn,
        kind,
        rows,
        target.as_deref(),
        serde_json::json!(format!("{cmd:?}")),
    )?;
    eprintln!(
        "exported {rows} {kind}{}",
        out_arg
            .out
            .as_ref()
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}
