//! `workwell cases list|show|assign|note|escalate|schedule|outreach|delivery|rerun|resolve`.
//! Each command is one call into `ww_casework`.
//!
//! One argument style (QA F5): the case id is the only positional argument; everything else
//! is a named option (`assign ID --to NAME`, `note ID --text TEXT`, `schedule ID --date D`,
//! `resolve ID --note TEXT`, `delivery ID --delivery DID --status S`). The older positional
//! forms of `assign`, `note` and `delivery` are still accepted, hidden from the help.

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::Path;
use std::process::ExitCode;
use ww_casework::cases::{AssigneeFilter, CaseFilter, Page, StatusFilter};
use ww_casework::outreach::DeliveryStatus;
use ww_store::enums::Priority;
use ww_store::ids::{CaseId, DeliveryId};

/// Opens an existing database (`--db`, else the platform default).
pub fn connect(db: Option<&Path>) -> anyhow::Result<ww_casework::Connection> {
    let path = match db {
        Some(p) => p.to_owned(),
        None => ww_store::db::default_path()?,
    };
    if !path.exists() {
        anyhow::bail!(
            "{} does not exist: create it with `workwell init`",
            path.display()
        );
    }
    ww_store::open(&path).with_context(|| format!("cannot open {}", path.display()))
}

fn case_id(text: &str) -> anyhow::Result<CaseId> {
    CaseId::parse(text).with_context(|| format!("case id '{text}' is not a UUID"))
}

/// Case filters shared by `cases list` and `export cases`.
#[derive(Args, Debug, Clone, Default)]
pub struct CaseFilterArgs {
    /// `open` (OPEN + IN_PROGRESS) or an exact status (OPEN, IN_PROGRESS, RESOLVED, CLOSED, EXCLUDED).
    #[arg(long)]
    pub status: Option<String>,
    /// Measure id (any version).
    #[arg(long = "measure")]
    pub measure_id: Option<String>,
    /// Measure version id.
    #[arg(long)]
    pub measure_version: Option<String>,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    #[arg(long)]
    pub priority: Option<String>,
    /// Assigned to this user.
    #[arg(long, conflicts_with = "unassigned")]
    pub assignee: Option<String>,
    /// Only cases nobody is assigned to.
    #[arg(long)]
    pub unassigned: bool,
    /// Employee site.
    #[arg(long)]
    pub site: Option<String>,
    /// Only these case ids (repeat or comma-separate).
    #[arg(long = "id", value_delimiter = ',')]
    pub ids: Vec<String>,
}

impl CaseFilterArgs {
    /// The engine filter; errors name the bad option.
    pub fn to_filter(&self) -> anyhow::Result<CaseFilter> {
        Ok(CaseFilter {
            status: self
                .status
                .as_deref()
                .map(str::parse::<StatusFilter>)
                .transpose()?,
            measure_id: self
                .measure_id
                .as_deref()
                .map(|m| {
                    m.parse()
                        .with_context(|| format!("--measure '{m}' is not a UUID"))
                })
                .transpose()?,
            measure_version_id: self
                .measure_version
                .as_deref()
                .map(|m| {
                    m.parse()
                        .with_context(|| format!("--measure-version '{m}' is not a UUID"))
                })
                .transpose()?,
            priority: self
                .priority
                .as_deref()
                .map(|p| {
                    p.parse::<Priority>()
                        .with_context(|| format!("--priority '{p}'"))
                })
                .transpose()?,
            assignee: if self.unassigned {
                Some(AssigneeFilter::Unassigned)
            } else {
                self.assignee.clone().map(AssigneeFilter::Named)
            },
            site: self.site.clone(),
            case_ids: self
                .ids
                .iter()
                .map(|i| case_id(i))
                .collect::<anyhow::Result<_>>()?,
        })
    }
}

#[derive(Subcommand)]
pub enum CasesCommand {
    /// List cases (paged in SQL).
    List {
        #[command(flatten)]
        filter: Box<CaseFilterArgs>,
        /// Rows to skip.
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// Rows to show (1-1000).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one case: summary, why it is flagged, timeline and outreach.
    Show {
        /// Case id.
        id: String,
        /// Print the full detail as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Assign a case: `cases assign ID --to NAME`, or `--clear` to remove the assignee.
    Assign {
        /// Case id.
        id: String,
        /// User name to assign.
        #[arg(long, value_name = "NAME", conflicts_with = "clear")]
        to: Option<String>,
        /// Remove the assignee.
        #[arg(long)]
        clear: bool,
        /// Older form `cases assign ID NAME` (still accepted).
        #[arg(hide = true, conflicts_with_all = ["to", "clear"])]
        assignee: Option<String>,
    },
    /// Add a note: `cases note ID --text TEXT`. Closed cases take notes too (follow-up
    /// after closure is documented on the case).
    Note {
        /// Case id.
        id: String,
        /// The note.
        #[arg(long, required_unless_present = "positional_text")]
        text: Option<String>,
        /// Older form `cases note ID TEXT` (still accepted).
        #[arg(hide = true, conflicts_with = "text")]
        positional_text: Option<String>,
    },
    /// Raise the priority one step and reopen.
    Escalate {
        /// Case id.
        id: String,
        /// Why.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record an appointment (OPEN -> IN_PROGRESS).
    Schedule {
        /// Case id.
        id: String,
        /// Appointment date, YYYY-MM-DD (today or later).
        #[arg(long)]
        date: String,
        /// Note (place, time).
        #[arg(long)]
        note: Option<String>,
    },
    /// Preview or send outreach email through the configured provider.
    Outreach {
        /// Case id.
        id: String,
        /// Template id or name (default: chosen by measure and outcome).
        #[arg(long)]
        template: Option<String>,
        /// Show the message without sending or recording anything.
        #[arg(long)]
        preview: bool,
    },
    /// Record a later delivery status: `cases delivery ID --delivery DELIVERY_ID --status S`.
    Delivery {
        /// Case id.
        id: String,
        /// The outreach_delivery_log id being updated (`cases show ID` lists them).
        #[arg(
            long = "delivery",
            value_name = "DELIVERY_ID",
            required_unless_present = "positional_delivery"
        )]
        delivery_id: Option<String>,
        /// Older form `cases delivery ID DELIVERY_ID` (still accepted).
        #[arg(hide = true, conflicts_with = "delivery_id")]
        positional_delivery: Option<String>,
        /// SIMULATED, SENT or FAILED.
        #[arg(long)]
        status: String,
        /// Provider detail (required for FAILED).
        #[arg(long)]
        detail: Option<String>,
    },
    /// Evaluate this employee now through the engine; only COMPLIANT resolves the case.
    Rerun {
        /// Case id.
        id: String,
    },
    /// Close the case by hand with a required note.
    Resolve {
        /// Case id.
        id: String,
        /// Why it is closed.
        #[arg(long)]
        note: String,
    },
}

/// The `summary` sentence an outreach action records (QA G10), if any.
fn action_summary(r: &ww_casework::actions::ActionResult) -> Option<String> {
    r.action
        .payload_json
        .as_ref()
        .and_then(|p| p.get("summary"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

fn print_action(r: &ww_casework::actions::ActionResult) -> anyhow::Result<ExitCode> {
    println!(
        "{} {} by {}: case {} is {} / {}{}",
        r.action.performed_at,
        r.action.action_type,
        r.action.performed_by.as_deref().unwrap_or("?"),
        r.case.id,
        r.case.status,
        r.case.priority,
        r.case
            .assignee
            .as_deref()
            .map(|a| format!(" / assigned to {a}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs one `cases` subcommand.
pub fn run(db: Option<&Path>, cmd: &CasesCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    match cmd {
        CasesCommand::List {
            filter,
            offset,
            limit,
            json,
        } => {
            let page = ww_casework::cases::list_cases(
                &conn,
                &filter.to_filter()?,
                Page {
                    offset: *offset,
                    limit: *limit,
                },
            )?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&page)?);
            } else {
                println!(
                    "{} case(s) match; showing {} from {}",
                    page.total,
                    page.items.len(),
                    offset
                );
                for c in &page.items {
                    println!(
                        "{}  {:<11} {:<8} {:<12} {:<10} {} ({}) {} {} [{}]",
                        c.id,
                        c.status.as_str(),
                        c.priority.as_str(),
                        c.current_outcome_status.as_str(),
                        c.employee_external_id,
                        c.employee_name,
                        c.site.as_deref().unwrap_or("-"),
                        c.measure_name,
                        c.measure_version,
                        c.assignee.as_deref().unwrap_or("unassigned"),
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        CasesCommand::Show { id, json } => {
            let detail = ww_casework::cases::case_detail(&conn, case_id(id)?)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&detail)?);
                return Ok(ExitCode::SUCCESS);
            }
            // Name the version the evidence came from when it is not the case's own.
            let evidence_version = match &detail.evidence_source {
                Some(src) if src.measure_version_id != detail.case.measure_version_id => {
                    ww_store::measures::get_version(&conn, src.measure_version_id)?
                        .map(|v| v.version)
                }
                _ => None,
            };
            print!(
                "{}",
                super::case_view::render(&detail, evidence_version.as_deref())
            );
            Ok(ExitCode::SUCCESS)
        }
        CasesCommand::Assign {
            id,
            to,
            clear,
            assignee,
        } => {
            let who = match (to.as_deref().or(assignee.as_deref()), *clear) {
                (_, true) => None,
                (Some(name), false) => Some(name),
                (None, false) => anyhow::bail!(
                    "cases assign {id}: say who with --to NAME, or remove the assignee with --clear"
                ),
            };
            print_action(&ww_casework::actions::assign(&mut conn, case_id(id)?, who)?)
        }
        CasesCommand::Note {
            id,
            text,
            positional_text,
        } => {
            let text = text
                .as_deref()
                .or(positional_text.as_deref())
                .context("cases note: the note goes in --text TEXT")?;
            print_action(&ww_casework::actions::add_note(
                &mut conn,
                case_id(id)?,
                text,
            )?)
        }
        CasesCommand::Escalate { id, reason } => print_action(&ww_casework::actions::escalate(
            &mut conn,
            case_id(id)?,
            reason.as_deref(),
        )?),
        CasesCommand::Schedule { id, date, note } => {
            let date = ww_store::time::parse_date(date)
                .with_context(|| format!("--date '{date}' is not YYYY-MM-DD"))?;
            print_action(&ww_casework::actions::schedule_appointment(
                &mut conn,
                case_id(id)?,
                date,
                note.as_deref(),
            )?)
        }
        CasesCommand::Outreach {
            id,
            template,
            preview,
        } => {
            let id = case_id(id)?;
            if *preview {
                let p = ww_casework::outreach::preview_outreach(&conn, id, template.as_deref())?;
                println!(
                    "Template: {}\nTo: {}\nSubject: {}\n\n{}",
                    p.template_name, p.to_address, p.subject, p.body_text
                );
                return Ok(ExitCode::SUCCESS);
            }
            let service = ww_casework::outreach::email_config(&conn)?.service();
            let r = ww_casework::outreach::send_outreach(
                &mut conn,
                id,
                template.as_deref(),
                service.as_ref(),
            )?;
            // QA G10: the action is OUTREACH_SENT whatever happened; say what did.
            println!(
                "{} (delivery {})",
                action_summary(&r.action).unwrap_or_else(|| format!(
                    "outreach attempt {} to {}",
                    r.delivery.status, r.delivery.to_address
                )),
                r.delivery.id
            );
            Ok(if r.delivery.status == DeliveryStatus::Failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        CasesCommand::Delivery {
            id,
            delivery_id,
            positional_delivery,
            status,
            detail,
        } => {
            let delivery_id = delivery_id
                .as_deref()
                .or(positional_delivery.as_deref())
                .context("cases delivery: the delivery id goes in --delivery DELIVERY_ID")?;
            let status: DeliveryStatus = status
                .parse()
                .with_context(|| format!("--status '{status}'"))?;
            let delivery = DeliveryId::parse(delivery_id)
                .with_context(|| format!("delivery id '{delivery_id}' is not a UUID"))?;
            let r = ww_casework::outreach::update_delivery(
                &mut conn,
                case_id(id)?,
                delivery,
                status,
                detail.as_deref(),
            )?;
            if let Some(summary) = action_summary(&r.action) {
                println!("{summary} (new delivery row {})", r.delivery.id);
            }
            print_action(&r.action)
        }
        CasesCommand::Rerun { id } => {
            let r = ww_casework::rerun::rerun_to_verify(&mut conn, case_id(id)?)?;
            println!(
                "rerun {} ({}) evaluated {}: case {} is {}{}",
                r.run_id,
                r.run_status,
                r.outcome_status
                    .map(|s| s.as_str())
                    .unwrap_or("no outcome (outside the population)"),
                r.action.case.id,
                r.action.case.status,
                if r.resolved { " (resolved)" } else { "" }
            );
            Ok(ExitCode::SUCCESS)
        }
        CasesCommand::Resolve { id, note } => print_action(&ww_casework::actions::resolve(
            &mut conn,
            case_id(id)?,
            note,
        )?),
    }
}
