//! `workwell valuesets ...` and `workwell mappings ...` (issue 6 items 4 and 5).

use crate::gov_util::{connect, print_json, read_text};
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ww_governance::mapping_flow::{MappingDecision, MappingStatus};
use ww_governance::{mappings, valuesets};
use ww_store::ids::{MappingId, ValueSetId};

/// Input format of a value set file.
#[derive(Clone, Copy, ValueEnum)]
pub enum VsFormat {
    /// FHIR R4 ValueSet JSON.
    Fhir,
    /// CSV with the header system,code[,display].
    Csv,
}

/// Value set subcommands.
#[derive(Subcommand)]
pub enum ValueSetsCommand {
    /// List value sets.
    List,
    /// Show one value set with its codes (JSON).
    Show {
        /// Value set id.
        id: ValueSetId,
    },
    /// Import a FHIR ValueSet JSON or a CSV code list.
    Import {
        /// The file.
        file: PathBuf,
        /// Format (default: by extension, .csv = csv, else fhir).
        #[arg(long, value_enum)]
        format: Option<VsFormat>,
        /// OID (required for CSV).
        #[arg(long)]
        oid: Option<String>,
        /// Name (required for CSV).
        #[arg(long)]
        name: Option<String>,
        /// Version label.
        #[arg(long = "vs-version")]
        vs_version: Option<String>,
        /// Canonical URL used by CQL `valueset` declarations.
        #[arg(long)]
        url: Option<String>,
    },
    /// Codes added and removed between two value sets, and the measure versions linked.
    Diff {
        /// The older value set id.
        old: ValueSetId,
        /// The newer value set id.
        new: ValueSetId,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Mapping status filter.
#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// PROPOSED.
    Proposed,
    /// REVIEWED.
    Reviewed,
    /// APPROVED.
    Approved,
    /// REJECTED.
    Rejected,
}

impl From<StatusArg> for MappingStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Proposed => MappingStatus::Proposed,
            StatusArg::Reviewed => MappingStatus::Reviewed,
            StatusArg::Approved => MappingStatus::Approved,
            StatusArg::Rejected => MappingStatus::Rejected,
        }
    }
}

/// Mapping subcommands.
#[derive(Subcommand)]
pub enum MappingsCommand {
    /// List mappings.
    List {
        /// Only this status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
    },
    /// Propose a local -> standard mapping (PROPOSED).
    Propose {
        /// Local code system.
        #[arg(long)]
        local_system: String,
        /// Local code.
        #[arg(long)]
        local_code: String,
        /// Local display.
        #[arg(long)]
        local_display: Option<String>,
        /// Standard code system.
        #[arg(long)]
        standard_system: String,
        /// Standard code.
        #[arg(long)]
        standard_code: String,
        /// Standard display.
        #[arg(long)]
        standard_display: Option<String>,
        /// Confidence 0..1.
        #[arg(long)]
        confidence: Option<f64>,
        /// Notes.
        #[arg(long)]
        notes: Option<String>,
    },
    /// PROPOSED -> REVIEWED.
    Review(DecisionArgs),
    /// REVIEWED -> APPROVED (counts during evaluation from now on).
    Approve(DecisionArgs),
    /// PROPOSED or REVIEWED -> REJECTED (notes required).
    Reject(DecisionArgs),
}

/// Arguments of a review decision.
#[derive(clap::Args)]
pub struct DecisionArgs {
    /// Mapping id.
    pub id: MappingId,
    /// Confidence 0..1.
    #[arg(long)]
    pub confidence: Option<f64>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
}

/// Runs a `workwell valuesets` subcommand.
pub fn run_valuesets(db: Option<&Path>, cmd: &ValueSetsCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    match cmd {
        ValueSetsCommand::List => {
            println!(
                "{:<36}  {:<36}  {:<8}  {:>5}  {:<10}  OID",
                "ID", "NAME", "VERSION", "CODES", "RESOLUTION"
            );
            for vs in valuesets::list(&conn)? {
                println!(
                    "{}  {:<36}  {:<8}  {:>5}  {:<10}  {}",
                    vs.id,
                    vs.name,
                    vs.version.as_deref().unwrap_or("-"),
                    vs.codes.len(),
                    vs.resolution_status.as_str(),
                    vs.oid
                );
            }
        }
        ValueSetsCommand::Show { id } => {
            return print_json(serde_json::to_value(valuesets::get(&conn, *id)?)?)
        }
        ValueSetsCommand::Import {
            file,
            format,
            oid,
            name,
            vs_version,
            url,
        } => {
            let text = read_text(file)?;
            let opts = valuesets::ImportOptions {
                oid: oid.clone(),
                name: name.clone(),
                version: vs_version.clone(),
                canonical_url: url.clone(),
                source: Some(file.display().to_string()),
            };
            let is_csv = match format {
                Some(f) => matches!(f, VsFormat::Csv),
                None => file.extension().and_then(|e| e.to_str()) == Some("csv"),
            };
            let r = if is_csv {
                valuesets::import_csv(&mut conn, &text, &opts)?
            } else {
                valuesets::import_fhir(&mut conn, &text, &opts)?
            };
            let vs = &r.value_set;
            println!(
                "{} value set {} ({} {}): {} codes, {}{}, hash {}",
                if r.created { "imported" } else { "updated" },
                vs.id,
                vs.oid,
                vs.version.as_deref().unwrap_or("-"),
                vs.codes.len(),
                vs.resolution_status,
                vs.resolution_error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default(),
                vs.expansion_hash.as_deref().unwrap_or("-")
            );
        }
        ValueSetsCommand::Diff { old, new, json } => {
            let d = valuesets::diff(&conn, *old, *new)?;
            if *json {
                return print_json(serde_json::to_value(&d)?);
            }
            for c in &d.codes.added {
                println!(
                    "+ {}|{}  {}",
                    c.system,
                    c.code,
                    c.display.as_deref().unwrap_or("")
                );
            }
            for c in &d.codes.removed {
                println!(
                    "- {}|{}  {}",
                    c.system,
                    c.code,
                    c.display.as_deref().unwrap_or("")
                );
            }
            println!(
                "{} added, {} removed, {} unchanged",
                d.codes.added.len(),
                d.codes.removed.len(),
                d.codes.unchanged
            );
            for a in &d.affected {
                println!(
                    "affects {} {} ({}, links {}) {}",
                    a.measure_name, a.version, a.status, a.links, a.measure_version_id
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a `workwell mappings` subcommand.
pub fn run_mappings(db: Option<&Path>, cmd: &MappingsCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    let decide = |conn: &mut crate::gov_util::Conn, a: &DecisionArgs, decision| {
        mappings::decide(
            conn,
            a.id,
            &mappings::Review {
                decision,
                confidence: a.confidence,
                notes: a.notes.clone(),
            },
        )
    };
    let m = match cmd {
        MappingsCommand::List { status } => {
            for m in mappings::list(&conn, status.map(Into::into))? {
                println!(
                    "{}  {:<9}  {}|{} -> {}|{}  confidence {}",
                    m.id,
                    m.mapping_status.as_str(),
                    m.local_system,
                    m.local_code,
                    m.standard_system,
                    m.standard_code,
                    m.mapping_confidence
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "-".into())
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        MappingsCommand::Propose {
            local_system,
            local_code,
            local_display,
            standard_system,
            standard_code,
            standard_display,
            confidence,
            notes,
        } => mappings::propose(
            &mut conn,
            &mappings::NewMapping {
                local_system: local_system.clone(),
                local_code: local_code.clone(),
                local_display: local_display.clone(),
                standard_system: standard_system.clone(),
                standard_code: standard_code.clone(),
                standard_display: standard_display.clone(),
                confidence: *confidence,
                notes: notes.clone(),
            },
        )?,
        MappingsCommand::Review(a) => decide(&mut conn, a, MappingDecision::Review)?,
        MappingsCommand::Approve(a) => decide(&mut conn, a, MappingDecision::Approve)?,
        MappingsCommand::Reject(a) => decide(&mut conn, a, MappingDecision::Reject)?,
    };
    println!("mapping {} is {}", m.id, m.mapping_status);
    Ok(ExitCode::SUCCESS)
}
