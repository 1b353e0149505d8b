//! `workwell audit list|verify` (owned by the casework work).

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::Path;
use std::process::ExitCode;
use ww_casework::audit::AuditFilter;

/// Audit filters shared by `audit list` and `export audit-events`.
#[derive(Args, Debug, Clone, Default)]
pub struct AuditFilterArgs {
    /// Event type (repeat or comma-separate), e.g. CASE_ASSIGNED.
    #[arg(long = "type", value_delimiter = ',')]
    pub event_types: Vec<String>,
    /// Entity type, e.g. CASE.
    #[arg(long)]
    pub entity: Option<String>,
    /// Entity id.
    #[arg(long)]
    pub entity_id: Option<String>,
    /// Case id (as reference or entity).
    #[arg(long = "case")]
    pub case_id: Option<String>,
    /// Run id (as reference or entity).
    #[arg(long = "run")]
    pub run_id: Option<String>,
    /// Measure version id.
    #[arg(long)]
    pub measure_version: Option<String>,
    /// Actor.
    #[arg(long)]
    pub actor: Option<String>,
    /// At or after: a date (YYYY-MM-DD, from the start of that day in the organisation's
    /// time zone) or an ISO-8601 timestamp (e.g. 2026-05-06T14:03:00Z).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to: a date (YYYY-MM-DD, that whole day included, in the organisation's time zone)
    /// or an ISO-8601 timestamp (events before it).
    #[arg(long)]
    pub until: Option<String>,
}

/// A `--since` / `--until` value as the UTC timestamp the tables compare against (QA G20);
/// `until` dates include the whole day. Errors name the flag and the accepted forms.
pub fn time_bound(
    conn: &ww_governance::Connection,
    flag: &str,
    value: &Option<String>,
    until: bool,
) -> anyhow::Result<Option<String>> {
    value
        .as_deref()
        .map(|v| ww_governance::audit::filter_instant(conn, flag, v, until))
        .transpose()
        .map_err(Into::into)
}

impl AuditFilterArgs {
    /// The engine filter; errors name the bad option (unknown event types, dates that are
    /// neither YYYY-MM-DD nor ISO-8601 timestamps: QA G20).
    pub fn to_filter(&self, conn: &ww_governance::Connection) -> anyhow::Result<AuditFilter> {
        let event_types = self
            .event_types
            .iter()
            .map(|t| ww_governance::audit::event_type(t).map(|t| t.as_str().to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .context("--type")?;
        let uuid = |v: &Option<String>, flag: &str| -> anyhow::Result<Option<String>> {
            match v {
                Some(s) => {
                    uuid_check(s).with_context(|| format!("{flag} '{s}' is not a UUID"))?;
                    Ok(Some(s.to_lowercase()))
                }
                None => Ok(None),
            }
        };
        Ok(AuditFilter {
            event_types,
            entity_type: self.entity.clone(),
            entity_id: self.entity_id.clone(),
            case_id: uuid(&self.case_id, "--case")?
                .map(|s| s.parse())
                .transpose()?,
            run_id: uuid(&self.run_id, "--run")?
                .map(|s| s.parse())
                .transpose()?,
            measure_version_id: uuid(&self.measure_version, "--measure-version")?
                .map(|s| s.parse())
                .transpose()?,
            actor: self.actor.clone(),
            since: time_bound(conn, "--since", &self.since, false)?,
            until: time_bound(conn, "--until", &self.until, true)?,
        })
    }
}

fn uuid_check(s: &str) -> Result<(), ww_store::Error> {
    ww_store::ids::CaseId::parse(s).map(|_| ())
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// List events, newest first.
    List {
        #[command(flatten)]
        filter: Box<AuditFilterArgs>,
        /// Rows to skip.
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// Rows to show.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Walk the hash chain and check every case row against its ledger history; exit 1
    /// naming the first event that does not match and every case field that disagrees.
    Verify,
}

/// Runs one `audit` subcommand.
pub fn run(db: Option<&Path>, cmd: &AuditCommand) -> anyhow::Result<ExitCode> {
    let conn = super::cases_cmd::connect(db)?;
    match cmd {
        AuditCommand::List {
            filter,
            offset,
            limit,
            json,
        } => {
            let events =
                ww_casework::audit::list_events(&conn, &filter.to_filter(&conn)?, *offset, *limit)?;
            if events.is_empty() && !*json {
                eprintln!("0 events match");
            }
            if *json {
                println!("{}", serde_json::to_string_pretty(&events)?);
            } else {
                for e in &events {
                    // QA G10: an outreach event says what happened to the email up front.
                    let summary = e
                        .payload_json
                        .as_deref()
                        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
                        .and_then(|p| p.get("summary").and_then(|s| s.as_str()).map(str::to_owned))
                        .map(|s| format!("{s} "))
                        .unwrap_or_default();
                    println!(
                        "#{:<7} {} {:<28} {}{} by {} {summary}{}",
                        e.id,
                        e.occurred_at,
                        e.event_type,
                        e.entity_type,
                        e.entity_id
                            .as_deref()
                            .map(|i| format!(":{i}"))
                            .unwrap_or_default(),
                        e.actor.as_deref().unwrap_or("?"),
                        e.payload_json.as_deref().unwrap_or("")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify => {
            let ledger = ww_casework::audit::verify_ledger(&conn)?;
            let report = &ledger.chain;
            let mut failed = false;
            match &report.first_break {
                None => {
                    println!(
                        "OK: {} audit events verified; head hash {}",
                        report.checked,
                        report.head_hash.as_deref().unwrap_or("(empty ledger)")
                    );
                    // QA G12: the approved rules are evidence too.
                    let drifted: Vec<_> = ww_governance::rule_integrity::verify_rules(&conn)?
                        .into_iter()
                        .filter(|c| c.state == ww_governance::rule_integrity::RuleState::Drift)
                        .collect();
                    for c in &drifted {
                        println!(
                            "DRIFT: measure {} version {} ({}): {}",
                            c.measure_name, c.version, c.version_id, c.detail
                        );
                    }
                    if !drifted.is_empty() {
                        println!(
                            "{} approved measure version(s) changed since approval (see \
                             `workwell measures verify`)",
                            drifted.len()
                        );
                        failed = true;
                    }
                }
                Some(b) => {
                    println!(
                        "BROKEN at event {}: {} ({} events verified before it)",
                        b.event_id, b.reason, report.checked
                    );
                    failed = true;
                }
            }
            // QA G12: case rows are working state; each must agree with its ledger history.
            let cases = &ledger.cases;
            for d in &cases.discrepancies {
                println!("CASE MISMATCH: {d}");
            }
            if cases.is_consistent() {
                println!(
                    "OK: {} case(s) agree with their ledger history",
                    cases.cases_checked
                );
            } else {
                println!(
                    "{} case field(s) disagree with the ledger: those case rows were changed \
                     outside WorkWell ({} case(s) checked)",
                    cases.discrepancies.len(),
                    cases.cases_checked
                );
                failed = true;
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
