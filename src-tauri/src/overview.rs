//! The programs overview, composed from store reads.
//!
//! Which run a dashboard may show follows DOMAIN.md section 4: only terminal, non-dry runs
//! over a population (ALL_PROGRAMS or MEASURE scope) count; an in-flight run, a dry run or a
//! one-person rerun never becomes "the latest" figure. This module only reads; when the run
//! engine (ww-core) publishes its own read model the command switches to it.

use crate::dto::{ProgramCard, ProgramsOverview, RunSummary, StatusCounts};
use rusqlite::Connection;
use std::collections::HashMap;
use ww_store::enums::{CaseStatus, OutcomeStatus, ScopeType};
use ww_store::ids::MeasureVersionId;
use ww_store::runs::Run;

/// How many recent runs the overview looks through for each measure's latest figures.
pub const RECENT_RUNS: u32 = 50;

/// Whether a run may feed dashboards (terminal, not a dry run, a population scope).
pub fn counts_for_dashboards(run: &Run) -> bool {
    run.status.is_terminal()
        && !run.dry_run
        && matches!(run.scope_type, ScopeType::AllPrograms | ScopeType::Measure)
}

/// Adds one outcome to the counts.
pub fn tally(counts: &mut StatusCounts, status: OutcomeStatus) {
    let slot = match status {
        OutcomeStatus::Compliant => &mut counts.compliant,
        OutcomeStatus::DueSoon => &mut counts.due_soon,
        OutcomeStatus::Overdue => &mut counts.overdue,
        OutcomeStatus::MissingData => &mut counts.missing_data,
        OutcomeStatus::Excluded => &mut counts.excluded,
    };
    *slot += 1;
}

/// Builds the overview: a card per ACTIVE measure version with the counts of the newest
/// dashboard run that evaluated it, open cases per version, and the newest dashboard run.
///
/// # Errors
/// Store read failures.
pub fn build(conn: &Connection) -> ww_store::Result<ProgramsOverview> {
    let active = ww_store::measures::list_active(conn)?;

    let mut open_by_version: HashMap<MeasureVersionId, u32> = HashMap::new();
    let open = ww_store::cases::list_by_status(conn, &[CaseStatus::Open, CaseStatus::InProgress])?;
    for c in &open {
        *open_by_version.entry(c.measure_version_id).or_default() += 1;
    }

    let runs: Vec<Run> = ww_store::runs::list_recent(conn, RECENT_RUNS)?
        .into_iter()
        .filter(counts_for_dashboards)
        .collect();

    // Newest run first: the first run that evaluated a version gives that version's counts.
    let mut counts: HashMap<MeasureVersionId, StatusCounts> = HashMap::new();
    for run in &runs {
        let mut this_run: HashMap<MeasureVersionId, StatusCounts> = HashMap::new();
        for o in ww_store::outcomes::list_for_run(conn, run.id)? {
            tally(this_run.entry(o.measure_version_id).or_default(), o.status);
        }
        for (version, c) in this_run {
            counts.entry(version).or_insert(c);
        }
        if active.iter().all(|(_, v)| counts.contains_key(&v.id)) {
            break;
        }
    }

    let programs = active
        .into_iter()
        .map(|(m, v)| ProgramCard {
            measure_id: m.id.to_string(),
            measure_version_id: v.id.to_string(),
            name: m.name,
            version: v.version,
            policy_ref: m.policy_ref,
            counts: counts.get(&v.id).cloned(),
            open_cases: open_by_version.get(&v.id).copied().unwrap_or(0),
        })
        .collect();

    Ok(ProgramsOverview {
        programs,
        open_cases: u32::try_from(open.len()).unwrap_or(u32::MAX),
        last_run: runs.into_iter().next().map(RunSummary::from),
    })
}
