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
    /// List waivers.
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
    /// Grant a waiver.
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
        /// Last day it applies (YYYY-MM-DD); none = until revoked.
        #[arg(long)]
        expires: Option<String>,
    },
    /// Revoke a waiver.
    Revoke {
        /// Waiver id.
        id: WaiverId,
        /// Why (required).
        #[arg(long)]
        reason: String,
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
            for w in waivers::list(&conn, &filter)? {
                println!(
                    "{}  employee {}  measure {}  expires {}  {}  {}",
                    w.id,
                    w.employee_id,
                    w.measure_id,
                    w.expires_on
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "never".into()),
                    if w.revoked_at.is_some() {
                        "REVOKED"
                    } else {
                        "ACTIVE"
                    },
                    w.reason
                );
            }
        }
        WaiversCommand::Grant {
            employee,
            measure,
            reason,
            expires,
        } => {
            let emp = employee_id(&conn, employee)?;
            let expires = expires.as_deref().map(date).transpose()?;
            let w = waivers::grant(&mut conn, emp, *measure, reason, expires)?;
            println!("granted waiver {}", w.id);
        }
        WaiversCommand::Revoke { id, reason } => {
            let w = waivers::revoke(&mut conn, *id, reason)?;
            println!("revoked waiver {}", w.id);
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
    let r = demo_reset::demo_reset(&path, &ww_store::seed::demo::DemoOptions::default())?;
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
