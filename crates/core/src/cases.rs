//! Case upsert against the store (DOMAIN.md section 5): the decision of [`crate::case_rule`]
//! applied to the case row, each change with its `case_actions` row and audit event in the
//! caller's transaction.

use crate::case_rule::{decide, CaseDecision, ClosedBy, ExistingCase};
use crate::status::{CaseStatus, OutcomeStatus, Priority};
use crate::Result;
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;
use ww_store::audit_events::{self, NewAuditEvent};
use ww_store::cases::{self, Case, CaseAction, CLOSED_BY_SYSTEM};
use ww_store::enums::{AuditEventType, CaseActionType, EntityType, LogLevel};
use ww_store::ids::{CaseActionId, CaseId, EmployeeId, MeasureVersionId, RunId};

/// One outcome's effect on its case, as the run writer hands it over.
#[derive(Debug, Clone, Copy)]
pub struct CaseInput<'a> {
    /// The employee.
    pub employee_id: EmployeeId,
    /// The evaluated measure version.
    pub measure_version_id: MeasureVersionId,
    /// The compliance cycle label (`evaluation_period`).
    pub period: &'a str,
    /// The outcome.
    pub outcome: OutcomeStatus,
    /// Priority for the outcome.
    pub priority: Priority,
    /// Next-action sentence for the outcome.
    pub next_action: &'a str,
    /// The run writing it.
    pub run_id: RunId,
    /// The person who started the run (audit actor).
    pub actor: &'a str,
    /// Current time as stored text.
    pub now: &'a str,
}

/// What happened to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseChange {
    /// The applied decision.
    pub decision: CaseDecision,
    /// The case, when one exists after the change.
    pub case_id: Option<CaseId>,
}

/// The rule's view of a stored case.
pub fn existing_state(case: &Case) -> ExistingCase {
    if case.status.is_active() {
        ExistingCase::Active {
            status: case.status,
            outcome: case.current_outcome_status,
        }
    } else {
        let by_system = case.closed_by.as_deref() == Some(CLOSED_BY_SYSTEM)
            // A terminal case without closed_by can only come from a run's EXCLUDED insert
            // written before closed_by existed; a person's closure always names the person.
            || (case.closed_by.is_none() && case.status != CaseStatus::Closed);
        ExistingCase::Terminal {
            status: case.status,
            closed_by: if by_system {
                ClosedBy::System
            } else {
                ClosedBy::Person
            },
        }
    }
}

/// The decision for `input` without writing anything (dry runs).
///
/// # Errors
/// [`crate::Error::Store`].
pub fn plan(conn: &Connection, input: &CaseInput<'_>) -> Result<CaseDecision> {
    let existing = cases::get_by_key(
        conn,
        input.employee_id,
        input.measure_version_id,
        input.period,
    )?;
    Ok(decide(
        input.outcome,
        existing.as_ref().map_or(ExistingCase::None, existing_state),
    ))
}

/// Applies the decision table to the case of `input`'s key, inside the caller's transaction.
///
/// Insert is insert-or-nothing on the unique key, then re-read: two overlapping runs converge
/// on one row (the second one's decision is taken against the row the first one wrote).
///
/// # Errors
/// [`crate::Error::Store`].
pub fn upsert(conn: &Connection, input: &CaseInput<'_>) -> Result<CaseChange> {
    let existing = cases::get_by_key(
        conn,
        input.employee_id,
        input.measure_version_id,
        input.period,
    )?;
    upsert_with(conn, input, existing)
}

/// What a run does for one outcome: the case of its cycle per the decision table, and the
/// closing of the pair's active cases in older cycles, from one read of the pair's cases.
/// With `dry_run` nothing is written and the decision and count are what would happen.
/// Returns the decision and the number of older-cycle cases closed.
///
/// A back-dated outcome (its cycle is older than a cycle of the measure already evaluated for
/// THIS employee by another non-dry run, or than one of the employee's cases of the measure)
/// touches no case: looking at the past must not refill the worklist (QA F13; DOMAIN.md
/// section 5 "stale open cases"). The rule is per employee (QA G1/G23): one person's run in
/// a later cycle never freezes the other employees' cases. Its outcomes are still stored;
/// the run log says so once per measure version ([`BACK_DATED`]).
///
/// # Errors
/// [`crate::Error::Store`].
pub fn apply_outcome(
    conn: &Connection,
    input: &CaseInput<'_>,
    dry_run: bool,
) -> Result<(CaseDecision, usize)> {
    apply_outcome_guarded(conn, input, dry_run, true)
}

/// [`apply_outcome`], with the back-dated rule switched off when `guard_back_dated` is false:
/// a rerun to verify evaluates its case's own cycle on purpose and must update that case.
///
/// # Errors
/// [`crate::Error::Store`].
pub fn apply_outcome_guarded(
    conn: &Connection,
    input: &CaseInput<'_>,
    dry_run: bool,
    guard_back_dated: bool,
) -> Result<(CaseDecision, usize)> {
    if guard_back_dated && back_dated(conn, input)? {
        return Ok((CaseDecision::Nothing, 0));
    }
    let mut existing = None;
    let mut older = Vec::new();
    for c in pair_cases(conn, input.employee_id, input.measure_version_id)? {
        if c.evaluation_period == input.period {
            existing = Some(c);
        } else if c.status.is_active() && c.evaluation_period.as_str() < input.period {
            older.push(c);
        }
    }
    if dry_run {
        let state = existing.as_ref().map_or(ExistingCase::None, existing_state);
        return Ok((decide(input.outcome, state), older.len()));
    }
    let change = upsert_with(conn, input, existing)?;
    let closed = older.len();
    for case in older {
        close_older(conn, input, case)?;
    }
    Ok((change.decision, closed))
}

/// Every case of one (employee, version) pair, through a cached statement (the run writer's
/// hot path).
fn pair_cases(
    conn: &Connection,
    employee_id: EmployeeId,
    version_id: MeasureVersionId,
) -> Result<Vec<Case>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, employee_id, measure_version_id, evaluation_period, status, priority, assignee, \
         next_action, current_outcome_status, last_run_id, created_at, updated_at, closed_at, \
         closed_by, closed_reason FROM cases WHERE employee_id = ?1 AND measure_version_id = ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![employee_id, version_id], |r| {
        Ok(Case {
            id: r.get(0)?,
            employee_id: r.get(1)?,
            measure_version_id: r.get(2)?,
            evaluation_period: r.get(3)?,
            status: r.get(4)?,
            priority: r.get(5)?,
            assignee: r.get(6)?,
            next_action: r.get(7)?,
            current_outcome_status: r.get(8)?,
            last_run_id: r.get(9)?,
            created_at: r.get(10)?,
            updated_at: r.get(11)?,
            closed_at: r.get(12)?,
            closed_by: r.get(13)?,
            closed_reason: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn upsert_with(
    conn: &Connection,
    input: &CaseInput<'_>,
    existing: Option<Case>,
) -> Result<CaseChange> {
    let decision = decide(
        input.outcome,
        existing.as_ref().map_or(ExistingCase::None, existing_state),
    );
    match (decision, existing) {
        (CaseDecision::Nothing, existing) => Ok(CaseChange {
            decision,
            case_id: existing.map(|c| c.id),
        }),
        (CaseDecision::Insert(status), _) => insert(conn, input, status),
        (_, None) => unreachable_state(decision),
        (decision, Some(mut case)) => {
            apply(conn, input, decision, &mut case)?;
            Ok(CaseChange {
                decision,
                case_id: Some(case.id),
            })
        }
    }
}

fn unreachable_state(decision: CaseDecision) -> Result<CaseChange> {
    Err(crate::Error::Invalid(format!(
        "case rule chose {decision:?} for a case that does not exist"
    )))
}

fn insert(conn: &Connection, input: &CaseInput<'_>, status: CaseStatus) -> Result<CaseChange> {
    let excluded = status == CaseStatus::Excluded;
    let case = Case {
        id: CaseId::new(),
        employee_id: input.employee_id,
        measure_version_id: input.measure_version_id,
        evaluation_period: input.period.to_owned(),
        status,
        priority: input.priority,
        assignee: None,
        next_action: Some(input.next_action.to_owned()),
        current_outcome_status: input.outcome,
        last_run_id: input.run_id,
        created_at: input.now.to_owned(),
        updated_at: input.now.to_owned(),
        closed_at: excluded.then(|| input.now.to_owned()),
        closed_by: excluded.then(|| CLOSED_BY_SYSTEM.to_owned()),
        closed_reason: excluded.then(|| format!("EXCLUDED in run {}", input.run_id)),
    };
    if !cases::insert_if_absent(conn, &case)? {
        // Another run inserted the row first: decide again against what it wrote.
        let again = upsert(conn, input)?;
        return Ok(again);
    }
    let (action, event) = if excluded {
        (CaseActionType::SystemExcluded, AuditEventType::CaseExcluded)
    } else {
        (CaseActionType::Created, AuditEventType::CaseCreated)
    };
    record(conn, input, &case, action, event, None, None)?;
    Ok(CaseChange {
        decision: CaseDecision::Insert(status),
        case_id: Some(case.id),
    })
}

fn apply(
    conn: &Connection,
    input: &CaseInput<'_>,
    decision: CaseDecision,
    case: &mut Case,
) -> Result<()> {
    let before_status = case.status;
    let before_outcome = case.current_outcome_status;
    let outcome_changed = before_outcome != input.outcome;
    case.current_outcome_status = input.outcome;
    case.last_run_id = input.run_id;
    case.updated_at = input.now.to_owned();
    case.next_action = Some(input.next_action.to_owned());
    let audit = match decision {
        CaseDecision::Refresh { audit } => {
            // Keep status and assignee; a priority raised by escalation stays while the
            // outcome is unchanged.
            if outcome_changed {
                case.priority = input.priority;
            }
            audit.then_some((CaseActionType::OutcomeUpdated, AuditEventType::CaseUpdated))
        }
        CaseDecision::Reopen => {
            case.status = CaseStatus::Open;
            case.priority = input.priority;
            case.closed_at = None;
            case.closed_by = None;
            case.closed_reason = None;
            Some((CaseActionType::Reopened, AuditEventType::CaseReopened))
        }
        CaseDecision::Resolve => {
            case.status = CaseStatus::Resolved;
            case.closed_at = Some(input.now.to_owned());
            case.closed_by = Some(CLOSED_BY_SYSTEM.to_owned());
            case.closed_reason = Some(format!("COMPLIANT in run {}", input.run_id));
            Some((CaseActionType::SystemResolved, AuditEventType::CaseResolved))
        }
        CaseDecision::Exclude => {
            case.status = CaseStatus::Excluded;
            case.priority = input.priority;
            case.closed_at = Some(input.now.to_owned());
            case.closed_by = Some(CLOSED_BY_SYSTEM.to_owned());
            case.closed_reason = Some(format!("EXCLUDED in run {}", input.run_id));
            Some((CaseActionType::SystemExcluded, AuditEventType::CaseExcluded))
        }
        CaseDecision::Nothing | CaseDecision::Insert(_) => None,
    };
    cases::update(conn, case)?;
    if let Some((action, event)) = audit {
        record(
            conn,
            input,
            case,
            action,
            event,
            Some(before_status),
            Some(before_outcome),
        )?;
    }
    Ok(())
}

fn record(
    conn: &Connection,
    input: &CaseInput<'_>,
    case: &Case,
    action: CaseActionType,
    event: AuditEventType,
    before_status: Option<CaseStatus>,
    before_outcome: Option<OutcomeStatus>,
) -> Result<()> {
    let payload = json!({
        "runId": input.run_id,
        "evaluationPeriod": input.period,
        "fromStatus": before_status,
        "toStatus": case.status,
        "fromOutcome": before_outcome,
        "toOutcome": input.outcome,
        "priority": case.priority,
    });
    cases::insert_action(
        conn,
        &CaseAction {
            id: CaseActionId::new(),
            case_id: case.id,
            action_type: action,
            payload_json: Some(payload.clone()),
            performed_by: Some(CLOSED_BY_SYSTEM.to_owned()),
            performed_at: input.now.to_owned(),
        },
    )?;
    audit_events::append(
        conn,
        &NewAuditEvent::new(
            event,
            EntityType::Case,
            Some(case.id.to_string()),
            input.actor,
        )
        .run(input.run_id)
        .case(case.id)
        .measure_version(case.measure_version_id)
        .payload(payload),
    )?;
    Ok(())
}

/// Active cases of (employee, version) in cycles older than `input.period`: a new cycle's run
/// closes them (RESOLVED by the system, reason naming the new cycle), each audited. Returns
/// how many were closed; with `write = false` only counts them (dry runs).
///
/// # Errors
/// [`crate::Error::Store`].
pub fn close_older_cycles(conn: &Connection, input: &CaseInput<'_>, write: bool) -> Result<usize> {
    let older: Vec<Case> = cases::active_in_other_periods(
        conn,
        input.employee_id,
        input.measure_version_id,
        input.period,
    )?
    .into_iter()
    // Labels of one rule sort in time order ("2025" < "2026", "2024-2025" < "2025-2026"); a
    // run with a past as-of date leaves newer cycles alone.
    .filter(|c| c.evaluation_period.as_str() < input.period)
    .collect();
    if !write {
        return Ok(older.len());
    }
    for case in older.iter().cloned() {
        close_older(conn, input, case)?;
    }
    Ok(older.len())
}

fn close_older(conn: &Connection, input: &CaseInput<'_>, mut case: Case) -> Result<()> {
    let before = case.status;
    case.status = CaseStatus::Resolved;
    case.closed_at = Some(input.now.to_owned());
    case.closed_by = Some(CLOSED_BY_SYSTEM.to_owned());
    case.closed_reason = Some(format!(
        "cycle {} began; closed by run {}",
        input.period, input.run_id
    ));
    case.updated_at = input.now.to_owned();
    case.last_run_id = input.run_id;
    cases::update(conn, &case)?;
    let payload = json!({
        "runId": input.run_id,
        "evaluationPeriod": case.evaluation_period,
        "newCycle": input.period,
        "fromStatus": before,
        "toStatus": case.status,
    });
    cases::insert_action(
        conn,
        &CaseAction {
            id: CaseActionId::new(),
            case_id: case.id,
            action_type: CaseActionType::CycleClosed,
            payload_json: Some(payload.clone()),
            performed_by: Some(CLOSED_BY_SYSTEM.to_owned()),
            performed_at: input.now.to_owned(),
        },
    )?;
    audit_events::append(
        conn,
        &NewAuditEvent::new(
            AuditEventType::CaseCycleClosed,
            EntityType::Case,
            Some(case.id.to_string()),
            input.actor,
        )
        .run(input.run_id)
        .case(case.id)
        .measure_version(case.measure_version_id)
        .payload(payload),
    )?;
    Ok(())
}

/// How the run log line about a back-dated run begins (written once per run and measure
/// version; the CLI prints these lines after the run's table).
pub const BACK_DATED: &str = "Back-dated run:";

/// Per (run, measure version): the newest evaluated cycle of the measure other runs reached,
/// and whether the run log already says the run is back-dated. A cache for the run writer's
/// hot path (one look-up per run and version instead of one per outcome); bounded, and
/// correct when an entry is missing (it is computed again).
type BackDatedCache = HashMap<(RunId, MeasureVersionId), (Option<String>, bool)>;
static BACK_DATED_CACHE: Mutex<Option<BackDatedCache>> = Mutex::new(None);
const BACK_DATED_CACHE_LIMIT: usize = 256;

/// Whether `input`'s cycle is older than a cycle of its measure already evaluated for its
/// employee (see [`employee_has_newer_cycle`]); writes the run's log line the first time it
/// finds so. The measure-wide newest cycle (cached per run and version) is the fast path: an
/// outcome in that cycle or a newer one cannot be back-dated for anybody.
fn back_dated(conn: &Connection, input: &CaseInput<'_>) -> Result<bool> {
    let key = (input.run_id, input.measure_version_id);
    let cached = {
        let guard = BACK_DATED_CACHE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        guard.as_ref().and_then(|m| m.get(&key).cloned())
    };
    let (newest, logged) = match cached {
        Some(entry) => entry,
        None => (
            newest_evaluated_cycle(conn, input.measure_version_id, input.run_id)?,
            false,
        ),
    };
    let maybe_past = newest
        .as_deref()
        .is_some_and(|newest| input.period < newest);
    let past = maybe_past
        && employee_has_newer_cycle(
            conn,
            input.employee_id,
            input.measure_version_id,
            input.period,
            input.run_id,
        )?;
    if past && !logged {
        let measure = measure_label(conn, input.measure_version_id)?;
        let message = format!(
            "{BACK_DATED} {measure}: cycle {} is older than a cycle already evaluated for some \
             employees (newest {}); their outcomes are recorded, but their cases are not \
             opened, reopened, updated or closed.",
            input.period,
            newest.as_deref().unwrap_or_default()
        );
        ww_store::runs::append_log(conn, input.run_id, LogLevel::Warn, &message)?;
    }
    let mut guard = BACK_DATED_CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let map = guard.get_or_insert_with(HashMap::new);
    if map.len() >= BACK_DATED_CACHE_LIMIT && !map.contains_key(&key) {
        map.clear();
    }
    map.insert(key, (newest, logged || past));
    Ok(past)
}

/// Whether `employee` has, for the measure of `version_id` (any version), a case in a cycle
/// newer than `period`, or an outcome in such a cycle from a non-dry run other than `except`.
///
/// # Errors
/// [`crate::Error::Store`].
pub fn employee_has_newer_cycle(
    conn: &Connection,
    employee: EmployeeId,
    version_id: MeasureVersionId,
    period: &str,
    except: RunId,
) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "WITH versions AS (SELECT v.id FROM measure_versions v JOIN measure_versions w \
           ON w.measure_id = v.measure_id WHERE w.id = ?2) \
         SELECT EXISTS(SELECT 1 FROM cases c WHERE c.employee_id = ?1 \
             AND c.measure_version_id IN versions AND c.evaluation_period > ?3) \
           OR EXISTS(SELECT 1 FROM outcomes o JOIN runs r ON r.id = o.run_id \
             WHERE o.employee_id = ?1 AND o.measure_version_id IN versions \
             AND o.evaluation_period > ?3 AND r.dry_run = 0 AND o.run_id <> ?4)",
    )?;
    Ok(stmt.query_row(
        rusqlite::params![employee, version_id, period, except],
        |r| r.get(0),
    )?)
}

fn measure_label(conn: &Connection, version_id: MeasureVersionId) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT m.name || ' v' || v.version FROM measure_versions v \
             JOIN measures m ON m.id = v.measure_id WHERE v.id = ?1",
            [version_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| version_id.to_string()))
}

/// The newest compliance cycle (`evaluation_period`) of the measure of `version_id` (any of
/// its versions) that a non-dry run other than `except` has stored outcomes for; `None` when
/// there is none. Runs are probed newest as-of first (cycle labels of one rule grow with the
/// as-of date), each through the outcomes' run index, so the cost does not grow with the
/// number of outcomes stored.
///
/// # Errors
/// [`crate::Error::Store`].
pub fn newest_evaluated_cycle(
    conn: &Connection,
    version_id: MeasureVersionId,
    except: RunId,
) -> Result<Option<String>> {
    let versions: Vec<MeasureVersionId> = {
        let mut stmt = conn.prepare_cached(
            "SELECT v.id FROM measure_versions v JOIN measure_versions w \
             ON w.measure_id = v.measure_id WHERE w.id = ?1",
        )?;
        let rows = stmt.query_map([version_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let runs: Vec<RunId> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM runs WHERE dry_run = 0 AND id <> ?1 \
             ORDER BY measurement_period_end DESC, started_at DESC",
        )?;
        let rows = stmt.query_map([except], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut probe = conn.prepare_cached(
        "SELECT evaluation_period FROM outcomes WHERE run_id = ?1 AND measure_version_id = ?2 \
         LIMIT 1",
    )?;
    for run in runs {
        let mut newest: Option<String> = None;
        for v in &versions {
            let label: Option<String> = probe
                .query_row(rusqlite::params![run, v], |r| r.get(0))
                .optional()?;
            if let Some(label) = label {
                if newest.as_deref().is_none_or(|n| label.as_str() > n) {
                    newest = Some(label);
                }
            }
        }
        if newest.is_some() {
            return Ok(newest);
        }
    }
    Ok(None)
}

/// An employee evaluated outside a measure's population (QA G3), as the run writer hands it
/// over to [`close_out_of_population`].
#[derive(Debug, Clone, Copy)]
pub struct PopulationExit<'a> {
    /// The employee.
    pub employee_id: EmployeeId,
    /// The evaluated measure version.
    pub measure_version_id: MeasureVersionId,
    /// The run's compliance cycle label.
    pub period: &'a str,
    /// Why the employee is outside, e.g. "no longer in the population: inactive".
    pub reason: &'a str,
    /// The run.
    pub run_id: RunId,
    /// The person who started the run (audit actor).
    pub actor: &'a str,
    /// Current time as stored text.
    pub now: &'a str,
}

/// Closes (RESOLVED by the system, `closed_reason` = the exit's reason and the run) the
/// employee's active cases of the version in the run's cycle and older cycles, each with a
/// SYSTEM_RESOLVED case action and a CASE_RESOLVED audit event in the caller's transaction.
/// An employee who comes back into the population later gets the case reopened by the
/// decision table (closed by the system). With `dry_run` nothing is written; with
/// `guard_back_dated` an employee who has a newer cycle of the measure is left alone, like
/// [`apply_outcome`]. Returns how many cases were (or would be) closed.
///
/// # Errors
/// [`crate::Error::Store`].
pub fn close_out_of_population(
    conn: &Connection,
    exit: &PopulationExit<'_>,
    dry_run: bool,
    guard_back_dated: bool,
) -> Result<usize> {
    let active: Vec<Case> = pair_cases(conn, exit.employee_id, exit.measure_version_id)?
        .into_iter()
        .filter(|c| c.status.is_active() && c.evaluation_period.as_str() <= exit.period)
        .collect();
    if active.is_empty() {
        return Ok(0);
    }
    if guard_back_dated
        && employee_has_newer_cycle(
            conn,
            exit.employee_id,
            exit.measure_version_id,
            exit.period,
            exit.run_id,
        )?
    {
        return Ok(0);
    }
    if dry_run {
        return Ok(active.len());
    }
    let count = active.len();
    for mut case in active {
        let before = case.status;
        case.status = CaseStatus::Resolved;
        case.closed_at = Some(exit.now.to_owned());
        case.closed_by = Some(CLOSED_BY_SYSTEM.to_owned());
        case.closed_reason = Some(format!("{}; closed by run {}", exit.reason, exit.run_id));
        case.updated_at = exit.now.to_owned();
        case.last_run_id = exit.run_id;
        cases::update(conn, &case)?;
        let payload = json!({
            "runId": exit.run_id,
            "evaluationPeriod": case.evaluation_period,
            "fromStatus": before,
            "toStatus": case.status,
            "reason": exit.reason,
        });
        cases::insert_action(
            conn,
            &CaseAction {
                id: CaseActionId::new(),
                case_id: case.id,
                action_type: CaseActionType::SystemResolved,
                payload_json: Some(payload.clone()),
                performed_by: Some(CLOSED_BY_SYSTEM.to_owned()),
                performed_at: exit.now.to_owned(),
            },
        )?;
        audit_events::append(
            conn,
            &NewAuditEvent::new(
                AuditEventType::CaseResolved,
                EntityType::Case,
                Some(case.id.to_string()),
                exit.actor,
            )
            .run(exit.run_id)
            .case(case.id)
            .measure_version(case.measure_version_id)
            .payload(payload),
        )?;
    }
    Ok(count)
}
