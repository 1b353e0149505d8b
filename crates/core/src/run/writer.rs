//! The run's one writer: each evaluated batch of whole employees is stored in one
//! transaction (outcomes with their evidence, case changes with their actions and audit
//! events), so a cancelled or failed run never leaves half an employee written.

use super::pipeline::{EmployeeResult, Prepared};
use super::report::{MeasureSummary, RunTimings};
use crate::case_rule::CaseImpact;
use crate::cases::{self, CaseInput, PopulationExit};
use crate::interpret::{Interpretation, OutcomeFacts};
use crate::spec::MeasureSpec;
use crate::status::{OutcomeStatus, Priority};
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use ww_store::employees::Employee;
use ww_store::enums::RunStatus;
use ww_store::ids::{OutcomeId, RunId};
use ww_store::outcomes::OutcomeRow;
use ww_store::time::now_ts;

/// Where a run's writes go.
pub(super) enum Store<'c> {
    /// The run's own transactions on this connection: one per step and per batch.
    Own(&'c mut Connection),
    /// Inside the caller's open transaction: nothing is committed here.
    Within(&'c Connection),
}

impl Store<'_> {
    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        match self {
            Store::Own(c) => c,
            Store::Within(c) => c,
        }
    }

    /// Runs `f` as one unit of work: its own transaction, or a savepoint inside the caller's
    /// transaction; either is rolled back when `f` fails, so a step is never half-written.
    ///
    /// # Errors
    /// `f`'s error, or the store error of beginning or committing.
    pub fn tx<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match self {
            Store::Own(c) => ww_store::with_tx(c, |tx| f(tx)),
            Store::Within(c) => {
                c.execute_batch("SAVEPOINT ww_run_step")?;
                match f(c) {
                    Ok(value) => {
                        c.execute_batch("RELEASE ww_run_step")?;
                        Ok(value)
                    }
                    Err(e) => {
                        // The step's error is what the caller needs; a failed rollback of
                        // the savepoint leaves the caller's transaction to roll back whole.
                        let _ = c.execute_batch("ROLLBACK TO ww_run_step; RELEASE ww_run_step");
                        Err(e)
                    }
                }
            }
        }
    }
}

/// One measure's result for one employee, ready to store. Built on the evaluation threads:
/// the evidence is serialised there once, so the writer binds the text and never clones or
/// re-serialises JSON.
pub(super) enum Ready {
    /// Outside the initial population: no outcome row, counted.
    OutOfPopulation,
    /// An outcome to store.
    Outcome(ReadyOutcome),
}

/// An outcome with its id and its evidence as JSON text.
pub(super) struct ReadyOutcome {
    /// The outcome row's id (made on the evaluation thread: a v4 UUID costs a random-number
    /// read the writer need not wait for).
    pub id: OutcomeId,
    /// The status.
    pub status: OutcomeStatus,
    /// Case priority for the outcome.
    pub priority: Priority,
    /// Next-action sentence for the case.
    pub next_action: String,
    /// The evaluation error, when the evaluation failed.
    pub error: Option<String>,
    /// `evidence_json` as compact JSON text (byte for byte what serde_json writes).
    pub evidence_json: String,
}

impl From<Interpretation> for Ready {
    fn from(i: Interpretation) -> Self {
        match i {
            Interpretation::OutOfPopulation => Ready::OutOfPopulation,
            Interpretation::Outcome(o) => Ready::Outcome(ReadyOutcome::from(o)),
        }
    }
}

impl From<OutcomeFacts> for ReadyOutcome {
    fn from(o: OutcomeFacts) -> Self {
        ReadyOutcome {
            id: OutcomeId::new(),
            status: o.status,
            priority: o.priority,
            // Value's Display is its compact JSON, the same text serde_json::to_string gives.
            evidence_json: o.evidence.to_string(),
            next_action: o.next_action,
            error: o.error,
        }
    }
}

/// Writes the batches of one run and counts what they did.
pub(super) struct BatchWriter<'a, C> {
    /// The run.
    pub run_id: RunId,
    /// The person who started the run (audit actor).
    pub actor: &'a str,
    /// A dry run writes outcomes but no case.
    pub dry_run: bool,
    /// Whether the back-dated rule applies ([`cases::apply_outcome`]); off for a rerun to
    /// verify, which evaluates its case's own cycle on purpose.
    pub guard_back_dated: bool,
    /// The run's as-of date (for the reason a case leaves the population).
    pub as_of: NaiveDate,
    /// The measures, by the index the results use.
    pub prepared: &'a [Prepared<C>],
    /// The employees in scope, by the index the results use.
    pub employees: &'a [Employee],
    /// Per-measure counts (only committed batches count).
    pub summaries: &'a mut [MeasureSummary],
    /// Failed evaluations, named.
    pub failures: &'a mut Vec<String>,
    /// Employees with no linked Patient or a recorded death (only committed batches count).
    pub notes: &'a mut RunNotes,
    /// Writer phase times.
    pub timings: &'a mut RunTimings,
}

impl<C> BatchWriter<'_, C> {
    /// Stores one batch in one transaction; the counts change only when it commits.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the run is no longer RUNNING (a terminal run accepts no
    /// writes); [`Error::Store`] for SQLite errors (the batch is rolled back).
    pub fn write(&mut self, store: &mut Store<'_>, results: &[EmployeeResult]) -> Result<()> {
        let started = Instant::now();
        let mut counts: Vec<MeasureSummary> = self.summaries.to_vec();
        let mut new_failures = Vec::new();
        let mut notes = RunNotes::default();
        let mut spent = Spent::default();
        store.tx(|tx| {
            self.write_in(
                tx,
                results,
                &mut counts,
                &mut new_failures,
                &mut notes,
                &mut spent,
            )
        })?;
        // Counted into a copy so a rolled-back batch does not count.
        self.summaries.clone_from_slice(&counts);
        self.failures.extend(new_failures);
        self.notes.unlinked.extend(notes.unlinked);
        self.notes.deceased.extend(notes.deceased);
        let total = started.elapsed();
        self.timings.write_outcomes += spent.outcomes;
        self.timings.write_cases += spent.cases;
        self.timings.write_commit += total.saturating_sub(spent.outcomes + spent.cases);
        self.timings.batches += 1;
        Ok(())
    }

    fn write_in(
        &self,
        tx: &Connection,
        results: &[EmployeeResult],
        counts: &mut [MeasureSummary],
        new_failures: &mut Vec<String>,
        notes: &mut RunNotes,
        spent: &mut Spent,
    ) -> Result<()> {
        // Terminal runs accept no writes (DOMAIN.md section 4 lesson): checked inside the
        // transaction that would write.
        let status: RunStatus = tx.query_row(
            "SELECT status FROM runs WHERE id = ?1",
            [self.run_id],
            |r| r.get(0),
        )?;
        if status != RunStatus::Running {
            return Err(Error::Invalid(format!(
                "run {} is {status} and accepts no more writes",
                self.run_id
            )));
        }
        let now = now_ts();
        for r in results {
            let employee = &self.employees[r.employee];
            for (m, ready) in &r.results {
                let p = &self.prepared[*m];
                let summary = &mut counts[*m];
                let o = match ready {
                    Ready::OutOfPopulation => {
                        summary.outside_population += 1;
                        // QA G3: an employee who left the population (deactivated, role or
                        // site no longer eligible, or left out of a new version) must not
                        // keep an active case of the cycle.
                        let t = Instant::now();
                        let exit = PopulationExit {
                            employee_id: employee.id,
                            measure_version_id: p.version.id,
                            period: &p.label,
                            reason: &population_exit_reason(employee, &p.spec, self.as_of),
                            run_id: self.run_id,
                            actor: self.actor,
                            now: &now,
                        };
                        summary.cases.population_closed += cases::close_out_of_population(
                            tx,
                            &exit,
                            self.dry_run,
                            self.guard_back_dated,
                        )? as u64;
                        spent.cases += t.elapsed();
                        continue;
                    }
                    Ready::Outcome(o) => o,
                };
                count_outcome(summary, o);
                if employee.fhir_patient_id.is_none() {
                    summary.no_health_record += 1;
                    notes.unlinked.insert(employee.external_id.clone());
                }
                if let Some(d) = &r.deceased {
                    summary.deceased += 1;
                    notes.deceased.insert(
                        employee.external_id.clone(),
                        format!(
                            "{} ({}): the linked FHIR Patient {} is recorded deceased {} while \
                             the roster says active; outcomes are recorded with \
                             patient_deceased in their evidence, but no case is opened, \
                             updated or closed for them: check the roster and the patient link.",
                            employee.external_id,
                            employee.name,
                            employee.fhir_patient_id.as_deref().unwrap_or("?"),
                            d.describe()
                        ),
                    );
                }
                if let Some(error) = &o.error {
                    new_failures.push(format!(
                        "Evaluation failed for {} on {}: {error} (outcome recorded as \
                         MISSING_DATA with the error in its evidence; case left unchanged)",
                        employee.external_id, p.measure.name
                    ));
                }
                let t = Instant::now();
                ww_store::outcomes::insert_row(
                    tx,
                    &OutcomeRow {
                        id: o.id,
                        run_id: self.run_id,
                        employee_id: employee.id,
                        measure_version_id: p.version.id,
                        evaluation_period: &p.label,
                        status: o.status,
                        evidence_json: &o.evidence_json,
                        evaluated_at: &r.evaluated_at,
                    },
                )?;
                let t2 = Instant::now();
                spent.outcomes += t2 - t;
                let input = CaseInput {
                    employee_id: employee.id,
                    measure_version_id: p.version.id,
                    period: &p.label,
                    outcome: o.status,
                    priority: o.priority,
                    next_action: &o.next_action,
                    run_id: self.run_id,
                    actor: self.actor,
                    now: &now,
                };
                // QA G21: a failed evaluation says nothing about the employee's record, so it
                // opens, updates and closes no case (the failure is in the run log and the
                // outcome's evidence). A person whose health record says they died is not
                // contacted on the roster's word alone: the conflict is for a person to settle
                // (run log), so their cases are left as they are too.
                let (decision, closed) = if o.error.is_some() || r.deceased.is_some() {
                    (crate::case_rule::CaseDecision::Nothing, 0)
                } else {
                    cases::apply_outcome_guarded(tx, &input, self.dry_run, self.guard_back_dated)?
                };
                spent.cases += t2.elapsed();
                match decision.impact() {
                    Some(CaseImpact::Create) => summary.cases.opened += 1,
                    Some(CaseImpact::Update) => summary.cases.updated += 1,
                    Some(CaseImpact::Refresh) => summary.cases.refreshed += 1,
                    Some(CaseImpact::Resolve) => summary.cases.resolved += 1,
                    Some(CaseImpact::Exclude) => summary.cases.excluded += 1,
                    None => {}
                }
                summary.cases.cycle_closed += closed as u64;
            }
        }
        Ok(())
    }
}

/// Employees a run names in its log beyond the counts.
#[derive(Debug, Default)]
pub(super) struct RunNotes {
    /// External ids of employees with an outcome and no linked FHIR Patient (QA G14).
    pub unlinked: BTreeSet<String>,
    /// External id -> log sentence, for employees with an outcome whose linked Patient is
    /// recorded deceased on or before the as-of date.
    pub deceased: BTreeMap<String, String>,
}

/// Time spent inside one batch's transaction, by kind of write.
#[derive(Default)]
struct Spent {
    outcomes: Duration,
    cases: Duration,
}

fn count_outcome(summary: &mut MeasureSummary, o: &ReadyOutcome) {
    summary.evaluated += 1;
    match o.status {
        OutcomeStatus::Compliant => summary.compliant += 1,
        OutcomeStatus::DueSoon => summary.due_soon += 1,
        OutcomeStatus::Overdue => summary.overdue += 1,
        OutcomeStatus::MissingData => summary.missing_data += 1,
        OutcomeStatus::Excluded => summary.excluded += 1,
    }
    if o.error.is_some() {
        summary.failures += 1;
    }
}

/// Why an employee is outside a measure's population, for the reason a case is closed with:
/// inactive, not started yet, role or site not eligible, or the measure's own rule.
pub(crate) fn population_exit_reason(e: &Employee, spec: &MeasureSpec, as_of: NaiveDate) -> String {
    let why = if !e.active {
        "inactive".to_owned()
    } else if e.start_date.is_some_and(|d| d > as_of) {
        format!(
            "start date {} is after the as-of date {as_of}",
            e.start_date.map(|d| d.to_string()).unwrap_or_default()
        )
    } else if !spec.role_eligible(e.role.as_deref()) {
        format!(
            "role {} not eligible",
            e.role.as_deref().unwrap_or("(none)")
        )
    } else if !spec.site_eligible(e.site.as_deref()) {
        format!(
            "site {} not eligible",
            e.site.as_deref().unwrap_or("(none)")
        )
    } else {
        "left out by the measure's population rule".to_owned()
    };
    format!("no longer in the population: {why}")
}
