//! `workwell waivers ...`, `workwell integrations ...` and `workwell demo-reset`
//! (issue 6 items 6 and 7).

use crate::gov_util::{connect, db_path};
use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::Path;
use std::process::ExitCode;
use ww_governance::{demo_reset, integrations, waivers};
use ww_store::ids::{EmployeeId, MeasureId, WaiverId};

/// Waiver subcommands.
#[derive(Subcommand)]
pub enum WaiversCommand {
    /// List waivers (employee external id and name, measure, dates, status, reason).
    List {
        /// Only this employee's (external id or UUID).
        #[arg(long)]
        employee: Option<String>,
        /// Only this measure's.
        #[arg(long)]
        measure: Option<MeasureId>,
        /// Only those active on this date (YYYY-MM-DD).
        #[arg(long)]
        active_on: Option<String>,
    },
    /// Grant a waiver. It applies to as-of dates from its start to its expiry, both included;
    /// granting to an employee outside the measure's eligible roles or sites warns.
    Grant {
        /// Employee (external id or UUID).
        #[arg(long)]
        employee: String,
        /// Measure id.
        #[arg(long)]
        measure: MeasureId,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// First day it applies (YYYY-MM-DD, may be in the past); default: today.
        #[arg(long = "from", value_name = "DATE")]
        effective_from: Option<String>,
        /// Last day it applies (YYYY-MM-DD; may be in the past if --from is before it);
        /// none = until revoked.
        #[arg(long)]
        expires: Option<String>,
    },
    /// Revoke a waiver. It stops applying from the revocation date (default today in the
    /// organisation's zone); earlier as-of dates keep the exemption. For a waiver entered in
    /// error, give its start date with --on: it then never applied.
    Revoke {
        /// Waiver id.
        id: WaiverId,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// First day the waiver no longer applies (YYYY-MM-DD, not after today).
        #[arg(long)]
        on: Option<String>,
    },
}

/// Integration subcommands.
#[derive(Subcommand)]
pub enum IntegrationsCommand {
    /// Show the health of every integration.
    List,
    /// Run the real checks and store the result (all integrations, or one id).
    Sync {
        /// fhir, hris, mcp or ai.
        id: Option<String>,
    },
}

/// Arguments of `workwell demo-reset`.
#[derive(Args)]
pub struct DemoResetArgs {
    /// Confirm: the current file is moved aside and a fresh demo database takes its place.
    #[arg(long)]
    pub yes: bool,
    /// Replace the database even if it was not created as a demo database (`init --demo` or
    /// an earlier demo-reset); without it such a database is refused.
    #[arg(long)]
    pub force: bool,
}

fn employee_id(conn: &crate::gov_util::Conn, text: &str) -> anyhow::Result<EmployeeId> {
    if let Ok(id) = EmployeeId::parse(text) {
        return Ok(id);
    }
    ww_store::employees::get_by_external_id(conn, text)?
        .map(|e| e.id)
        .with_context(|| format!("no employee with external id {text:?}"))
}

/// Runs a `workwell waivers` subcommand.
pub fn run_waivers(db: Option<&Path>, cmd: &WaiversCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    let date = |text: &str| {
        ww_store::time::parse_date(text)
            .with_context(|| format!("{text:?} is not a YYYY-MM-DD date"))
    };
    match cmd {
        WaiversCommand::List {
            employee,
            measure,
            active_on,
        } => {
            let filter = waivers::WaiverFilter {
                employee: employee
                    .as_deref()
                    .map(|e| employee_id(&conn, e))
                    .transpose()?,
                measure: *measure,
                active_on: active_on.as_deref().map(date).transpose()?,
            };
            let rows = waivers::list_rows(&conn, &filter)?;
            if rows.is_empty() {
                println!("no waivers");
            }
            for r in rows {
                let w = &r.waiver;
                println!(
                    "{}  {} ({})  {}  from {} to {}  {}  {}",
                    w.id,
                    r.employee_external_id,
                    r.employee_name,
                    r.measure_name,
                    w.start()
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    w.expires_on
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "no expiry".into()),
                    waivers::state_today(&conn, w)?.as_str(),
                    w.reason
                );
            }
        }
        WaiversCommand::Grant {
            employee,
            measure,
            reason,
            effective_from,
            expires,
        } => {
            let emp = employee_id(&conn, employee)?;
            let new = waivers::NewWaiver {
                employee: emp,
                measure: *measure,
                reason: reason.clone(),
                effective_from: effective_from.as_deref().map(date).transpose()?,
                expires_on: expires.as_deref().map(date).transpose()?,
            };
            let g = waivers::grant_waiver(&mut conn, &new)?;
            for warning in &g.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "granted waiver {} from {} to {}",
                g.waiver.id,
                g.waiver
                    .start()
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                g.waiver
                    .expires_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "no expiry".into())
            );
        }
        WaiversCommand::Revoke { id, reason, on } => {
            let on = on.as_deref().map(date).transpose()?;
            let w = waivers::revoke_waiver(&mut conn, *id, reason, on)?;
            println!(
                "revoked waiver {}: it no longer applies from {}",
                w.id,
                w.revoked_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a `workwell integrations` subcommand.
pub fn run_integrations(db: Option<&Path>, cmd: &IntegrationsCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    let rows = match cmd {
        IntegrationsCommand::List => integrations::list(&conn)?,
        IntegrationsCommand::Sync { id: Some(id) } => vec![integrations::sync(&mut conn, id)?.0],
        IntegrationsCommand::Sync { id: None } => integrations::sync_all(&mut conn)?
            .into_iter()
            .map(|(row, _)| row)
            .collect(),
    };
    for i in rows {
        println!(
            "{:<5} {:<26} {:<15} {:<24} {}",
            i.id,
            i.display_name,
            i.status.as_str(),
            i.last_sync_at.as_deref().unwrap_or("-"),
            i.last_sync_result.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `workwell demo-reset`.
pub fn run_demo_reset(db: Option<&Path>, args: &DemoResetArgs) -> anyhow::Result<ExitCode> {
    let path = db_path(db)?;
    if !args.yes {
        eprintln!(
            "demo-reset moves {} aside and creates a fresh demo database there; run again with --yes",
            path.display()
        );
        return Ok(ExitCode::from(1));
    }
    let opts = ww_store::seed::demo::DemoOptions::default();
    let r = if args.force {
        demo_reset::demo_reset_force(&path, &opts)?
    } else {
        demo_reset::demo_reset(&path, &opts)?
    };
    if let Some(old) = &r.archived_to {
        println!("previous database kept at {}", old.display());
    }
    println!(
        "fresh demo database at {}: {} employees, {} FHIR resources, {} fixtures",
        r.database.display(),
        r.employees,
        r.resources,
        r.fixtures
    );
    Ok(ExitCode::SUCCESS)
}
