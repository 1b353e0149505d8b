//! `workwell measures ...`: measure authoring and the version lifecycle (issue 6 items 1-3),
//! each subcommand one call into `ww_governance`. Measures and versions are named by id.

use crate::gov_util::{connect, print_json, read_text};
use anyhow::Context;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ww_governance::{compile, fixtures, measures};
use ww_store::ids::{MeasureId, MeasureVersionId, ValueSetId};

/// Measure subcommands.
#[derive(Subcommand)]
pub enum MeasuresCommand {
    /// List the measures with their ACTIVE and newest versions.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one measure with every version (JSON).
    Show {
        /// Measure id.
        measure: MeasureId,
    },
    /// Create a measure with a DRAFT version 1.0.
    Create {
        /// Measure name.
        #[arg(long)]
        name: String,
        /// spec_json file.
        #[arg(long)]
        spec: PathBuf,
        /// CQL file.
        #[arg(long)]
        cql: Option<PathBuf>,
        /// Policy reference, e.g. "29 CFR 1910.95(g)".
        #[arg(long)]
        policy_ref: Option<String>,
        /// Owner.
        #[arg(long)]
        owner: Option<String>,
    },
    /// Create a new DRAFT version cloned from the latest one.
    NewVersion {
        /// Measure id.
        measure: MeasureId,
        /// Why the new version exists (required).
        #[arg(long)]
        summary: String,
    },
    /// Save a DRAFT's CQL from a file (resets its compile status).
    SaveCql {
        /// Version id.
        version: MeasureVersionId,
        /// CQL file.
        file: PathBuf,
    },
    /// Save a DRAFT's spec_json from a file.
    SaveSpec {
        /// Version id.
        version: MeasureVersionId,
        /// JSON file.
        file: PathBuf,
    },
    /// Compile a version's CQL; prints LINE:COL: severity: message, exits 1 on errors.
    Compile {
        /// Version id.
        version: MeasureVersionId,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the measure's test fixtures against a version; exits 1 when one fails.
    Validate {
        /// Version id.
        version: MeasureVersionId,
        /// Print JSON (with every define value).
        #[arg(long)]
        json: bool,
    },
    /// Approve a DRAFT (clean compile and passing fixtures required).
    Approve {
        /// Version id.
        version: MeasureVersionId,
    },
    /// Activate an APPROVED version (the previous ACTIVE one is deprecated).
    Activate {
        /// Version id.
        version: MeasureVersionId,
    },
    /// Deprecate an APPROVED or ACTIVE version. Deprecating the ACTIVE version without
    /// activating another retires the measure: its open cases are closed (RESOLVED by SYSTEM,
    /// "measure retired: REASON"). To move them to a new version, activate that instead.
    Deprecate {
        /// Version id.
        version: MeasureVersionId,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// Link a value set to a DRAFT version.
    Link {
        /// Version id.
        version: MeasureVersionId,
        /// Value set id.
        value_set: ValueSetId,
    },
    /// Unlink a value set from a DRAFT version.
    Unlink {
        /// Version id.
        version: MeasureVersionId,
        /// Value set id.
        value_set: ValueSetId,
    },
    /// Test fixtures of a measure (changed only while the measure has a DRAFT version).
    #[command(subcommand)]
    Fixtures(FixturesCommand),
    /// Set the OSHA reference a DRAFT version cites (or clear it with --clear).
    SetOsha {
        /// Version id.
        version: MeasureVersionId,
        /// The reference's id or exact CFR citation, e.g. "29 CFR 1910.95(g)".
        #[arg(required_unless_present = "clear")]
        reference: Option<String>,
        /// Remove the version's OSHA reference.
        #[arg(long, conflicts_with = "reference")]
        clear: bool,
    },
    /// Check that every approved version still holds the CQL and spec that were approved
    /// (SHA-256 recorded at approval); exits 1 when one drifted (runs refuse those).
    Verify {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Fixture subcommands.
#[derive(Subcommand)]
pub enum FixturesCommand {
    /// List a measure's fixtures.
    List {
        /// Measure id.
        measure: MeasureId,
    },
    /// Add a fixture from a JSON file, for the measure's DRAFT version.
    Add {
        /// Measure id.
        measure: MeasureId,
        /// Fixture JSON file (name, description, asOf, employee {role, site, startDate,
        /// active, hasActiveWaiver, patientId}, expectedStatus, bundle).
        file: PathBuf,
    },
    /// Replace the fixture NAME with the content of a JSON file (which may rename it), for
    /// the measure's DRAFT version.
    Edit {
        /// Measure id.
        measure: MeasureId,
        /// The fixture's current name.
        name: String,
        /// Fixture JSON file.
        file: PathBuf,
    },
    /// Remove a fixture by name, for the measure's DRAFT version.
    Remove {
        /// Measure id.
        measure: MeasureId,
        /// Fixture name.
        name: String,
    },
    /// Load the fixtures shipped for the seeded measures (idempotent).
    Seed,
}

fn read_json(path: &Path) -> anyhow::Result<serde_json::Value> {
    let text = read_text(path)?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))
}

/// Runs a `workwell measures` subcommand.
pub fn run(db: Option<&Path>, cmd: &MeasuresCommand) -> anyhow::Result<ExitCode> {
    let mut conn = connect(db)?;
    match cmd {
        MeasuresCommand::List { json } => {
            let list = measures::list(&conn)?;
            if *json {
                return print_json(serde_json::to_value(&list)?);
            }
            println!("{:<36}  {:<44}  {:<8}  LATEST", "ID", "NAME", "ACTIVE");
            for m in list {
                let active = m.active.map(|(_, v)| v).unwrap_or_else(|| "-".into());
                let latest = m
                    .latest
                    .map(|(v, s)| format!("{v} {s}"))
                    .unwrap_or_else(|| "-".into());
                println!(
                    "{}  {:<44}  {:<8}  {latest}",
                    m.measure.id, m.measure.name, active
                );
            }
        }
        MeasuresCommand::Show { measure } => {
            return print_json(serde_json::to_value(measures::detail(&conn, *measure)?)?)
        }
        MeasuresCommand::Create {
            name,
            spec,
            cql,
            policy_ref,
            owner,
        } => {
            let new = measures::NewMeasure {
                name: name.clone(),
                policy_ref: policy_ref.clone(),
                owner: owner.clone(),
                spec_json: read_json(spec)?,
                cql_text: cql.as_deref().map(read_text).transpose()?,
                ..Default::default()
            };
            let v = measures::create(&mut conn, &new)?;
            println!(
                "created measure {} with DRAFT version {} ({})",
                v.measure_id, v.version, v.id
            );
        }
        MeasuresCommand::NewVersion { measure, summary } => {
            let v = measures::new_version(&mut conn, *measure, summary)?;
            println!("created DRAFT version {} ({})", v.version, v.id);
        }
        MeasuresCommand::SaveCql { version, file } => {
            let v = measures::save_cql(&mut conn, *version, &read_text(file)?)?;
            println!(
                "saved CQL of version {}; compile status NOT_COMPILED",
                v.version
            );
        }
        MeasuresCommand::SaveSpec { version, file } => {
            let v = measures::save_spec(&mut conn, *version, &read_json(file)?)?;
            println!("saved spec of version {}", v.version);
        }
        MeasuresCommand::Compile { version, json } => {
            let report = compile::compile(&mut conn, *version)?;
            if *json {
                print_json(serde_json::to_value(&report)?)?;
            } else {
                for d in &report.diagnostics {
                    println!("{}:{}: {}: {}", d.line, d.column, d.severity, d.message);
                }
                println!(
                    "{}{}",
                    report.status,
                    if report.stored {
                        ""
                    } else {
                        " (version is not a DRAFT: result not stored)"
                    }
                );
            }
            if report.status == ww_store::enums::CompileStatus::Error {
                return Ok(ExitCode::from(1));
            }
        }
        MeasuresCommand::Validate { version, json } => {
            let report = fixtures::validate(&conn, *version)?;
            if *json {
                print_json(serde_json::to_value(&report)?)?;
            } else {
                for r in &report.results {
                    println!(
                        "{} {:<40} expected {:<12} actual {}{}",
                        if r.passed { "PASS" } else { "FAIL" },
                        r.name,
                        r.expected.as_str(),
                        r.actual,
                        r.error
                            .as_deref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    );
                }
                println!(
                    "{} passed, {} failed",
                    report.passed,
                    report.total - report.passed
                );
            }
            if report.passed < report.total {
                return Ok(ExitCode::from(1));
            }
        }
        MeasuresCommand::Approve { version } => {
            let (v, report) = measures::approve(&mut conn, *version)?;
            println!(
                "approved version {} by {} ({} of {} fixtures pass)",
                v.version,
                v.approved_by.unwrap_or_default(),
                report.passed,
                report.total
            );
        }
        MeasuresCommand::Activate { version } => {
            let a = measures::activate(&mut conn, *version)?;
            match a.demoted {
                Some(d) => println!(
                    "activated {}; deprecated the previous ACTIVE version {d}",
                    a.activated
                ),
                None => println!("activated {}", a.activated),
            }
            if a.cases.carried + a.cases.superseded > 0 {
                println!(
                    "open cases of older versions: {} carried over to this version, {} closed as superseded",
                    a.cases.carried, a.cases.superseded
                );
            }
        }
        MeasuresCommand::Deprecate { version, reason } => {
            let d = measures::deprecate_version(&mut conn, *version, reason)?;
            let reason = d.info.deprecated_reason.unwrap_or_default();
            println!("deprecated version {}: {reason}", d.info.version.version);
            if d.cases_closed > 0 {
                println!(
                    "the measure has no ACTIVE version now: closed {} open case(s) as RESOLVED \
                     by SYSTEM with the reason \"{}\"",
                    d.cases_closed,
                    ww_governance::retire::retired_reason(&reason)
                );
            }
        }
        MeasuresCommand::Link { version, value_set } => {
            let changed = measures::link_value_set(&mut conn, *version, *value_set)?;
            println!("{}", if changed { "linked" } else { "already linked" });
        }
        MeasuresCommand::Unlink { version, value_set } => {
            let changed = measures::unlink_value_set(&mut conn, *version, *value_set)?;
            println!(
                "{}",
                if changed {
                    "unlinked"
                } else {
                    "was not linked"
                }
            );
        }
        MeasuresCommand::Fixtures(f) => run_fixtures(&mut conn, f)?,
        MeasuresCommand::SetOsha {
            version,
            reference,
            clear,
        } => {
            let id = match (reference, clear) {
                (Some(r), false) => Some(measures::find_osha_reference(&conn, r)?),
                _ => None,
            };
            let changed = measures::set_osha_reference(&mut conn, *version, id)?;
            let cited = measures::version_info(&conn, *version)?
                .version
                .osha_reference_id
                .map(|r| ww_store::osha_references::get(&conn, r))
                .transpose()?
                .flatten()
                .map(|o| format!("cites {} ({})", o.cfr_citation, o.title))
                .unwrap_or_else(|| "cites no OSHA reference".into());
            println!(
                "{}: version {cited}",
                if changed { "changed" } else { "unchanged" }
            );
        }
        MeasuresCommand::Verify { json } => return verify(&conn, *json),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_fixtures(conn: &mut crate::gov_util::Conn, cmd: &FixturesCommand) -> anyhow::Result<()> {
    match cmd {
        FixturesCommand::List { measure } => {
            for f in fixtures::list(conn, *measure)? {
                println!(
                    "{:<40} as of {}  expected {:<12} {}",
                    f.file.name,
                    f.file.as_of,
                    f.file.expected_status.as_str(),
                    f.file.description.unwrap_or_default()
                );
            }
        }
        FixturesCommand::Add { measure, file } => {
            let parsed = read_fixture(file)?;
            let version = fixtures::draft_version(conn, *measure)?;
            print_change(&fixtures::add(conn, version, &parsed)?);
        }
        FixturesCommand::Edit {
            measure,
            name,
            file,
        } => {
            let parsed = read_fixture(file)?;
            let version = fixtures::draft_version(conn, *measure)?;
            print_change(&fixtures::edit(conn, version, name, &parsed)?);
        }
        FixturesCommand::Remove { measure, name } => {
            let version = fixtures::draft_version(conn, *measure)?;
            print_change(&fixtures::remove(conn, version, name)?);
        }
        FixturesCommand::Seed => {
            let n = ww_store::with_tx(conn, |tx| fixtures::seed_fixtures(tx))?;
            println!("{n} seed fixtures added");
        }
    }
    Ok(())
}

fn read_fixture(file: &Path) -> anyhow::Result<fixtures::FixtureFile> {
    let text = read_text(file)?;
    ww_governance::fixture_check::parse_fixture_json(&text, &file.display().to_string())
        .with_context(|| format!("{} is not a usable fixture", file.display()))
}

fn print_change(c: &ww_governance::fixture_edit::FixtureChange) {
    use ww_governance::fixture_edit::FixtureAction;
    let what = match (c.action, c.changed) {
        (FixtureAction::Edited, false) => "unchanged",
        (FixtureAction::Added, _) => "added",
        (FixtureAction::Edited, true) => "edited",
        (FixtureAction::Removed, _) => "removed",
    };
    let renamed = c
        .previous_name
        .as_deref()
        .map(|p| format!(" (was {p})"))
        .unwrap_or_default();
    println!(
        "{what} fixture {}{renamed} for DRAFT version {} (sha256 {})",
        c.name,
        c.version,
        c.sha256
            .as_deref()
            .or(c.previous_sha256.as_deref())
            .unwrap_or("-")
    );
}

/// `measures verify`: one line per approved version, exit 1 on any drift.
fn verify(conn: &crate::gov_util::Conn, json: bool) -> anyhow::Result<ExitCode> {
    use ww_governance::rule_integrity::{verify_rules, FixtureState, RuleState};
    let checks = verify_rules(conn)?;
    let drifted = checks
        .iter()
        .filter(|c| c.state == RuleState::Drift)
        .count();
    if json {
        print_json(serde_json::to_value(&checks)?)?;
    } else {
        for c in &checks {
            println!(
                "{:<10}  {} {} ({}, {}){}",
                c.state.as_str(),
                c.measure_name,
                c.version,
                c.status,
                c.version_id,
                if c.detail.is_empty() {
                    String::new()
                } else {
                    format!(": {}", c.detail)
                }
            );
            if c.fixtures != FixtureState::Same {
                println!(
                    "            fixtures {}: {}",
                    c.fixtures.as_str(),
                    c.fixtures_detail
                );
            }
        }
        let fixtures_changed = checks
            .iter()
            .filter(|c| c.fixtures == FixtureState::Changed)
            .count();
        println!(
            "{} approved version(s) checked, {drifted} changed since approval; {fixtures_changed} \
             approved against fixtures that have changed since (reported, not an error)",
            checks.len()
        );
    }
    Ok(if drifted > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
