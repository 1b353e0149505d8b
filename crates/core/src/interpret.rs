//! From one evaluation's define results to an outcome (or none), with evidence and the case
//! fields (DOMAIN.md sections 1, 2, 4 and 5).

use crate::evidence::{evidence, failure_evidence, EvaluatedResource};
use crate::next_action::{next_action, priority, ActionFacts};
use crate::period::MeasurementPeriod;
use crate::spec::MeasureSpec;
use crate::status::{OutcomeStatus, Priority};
use crate::why_flagged::{define, FlagFacts, WhyFlagged, DEFINE_IN_POPULATION, DEFINE_OUTCOME};
use chrono::{Duration, NaiveDate};
use serde_json::Value;

/// One define's result from the engine: its JSON value or its error text.
pub type DefineResult = (String, std::result::Result<Value, String>);

/// What one employee's evaluation of one measure produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Interpretation {
    /// Outside the initial population: no outcome row, counted in the run log.
    OutOfPopulation,
    /// An outcome to store.
    Outcome(OutcomeFacts),
}

/// An outcome with everything the outcome row and the case need.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeFacts {
    /// The status (from the `Outcome Status` define, or MISSING_DATA on failure).
    pub status: OutcomeStatus,
    /// `evidence_json`.
    pub evidence: Value,
    /// Case priority for this outcome.
    pub priority: Priority,
    /// Next-action sentence for the case.
    pub next_action: String,
    /// The evaluation error text, when the evaluation failed (a PARTIAL_FAILURE count).
    pub error: Option<String>,
}

/// Everything besides the define results that the interpretation reads.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The measure version's settings.
    pub spec: &'a MeasureSpec,
    /// Employee facts and waiver.
    pub facts: FlagFacts<'a>,
    /// Employee start date.
    pub start_date: Option<NaiveDate>,
    /// Whether the employee is active.
    pub active: bool,
    /// The evaluated patient and measure, with the run's period.
    pub resource: EvaluatedResource<'a>,
    /// The run's measurement period (zone and as-of date).
    pub period: &'a MeasurementPeriod,
}

/// Interprets one evaluation.
///
/// `evaluation` is the engine's result: the defines in order, or an error for the whole
/// library. A failed evaluation (whole or any define) becomes MISSING_DATA with
/// `{evaluationError, message}` evidence (DOMAIN.md section 4 lesson). Population: the
/// `In Population` define decides; when it could not be evaluated, the spec's role/site
/// eligibility and the active flag decide, so a failure never pulls outsiders in
/// (DOMAIN.md section 1 lesson). Whatever the measure says, an employee whose start date is
/// after the as-of date is not an employee yet and is outside every population (QA F20; the
/// seeded measures also say so in their `"Started"` define).
pub fn interpret(
    evaluation: std::result::Result<&[DefineResult], &str>,
    ctx: &Context<'_>,
) -> Interpretation {
    let zone = ctx.period.zone;
    if !started(ctx) {
        return Interpretation::OutOfPopulation;
    }
    let defines = match evaluation {
        Ok(d) => d,
        Err(message) => return failed(message.to_owned(), ctx),
    };
    let in_population = defines.iter().find(|(n, _)| n == DEFINE_IN_POPULATION);
    match in_population {
        Some((_, Ok(Value::Bool(true)))) => {}
        Some((_, Ok(_))) => return Interpretation::OutOfPopulation,
        Some((_, Err(e))) => {
            return failed(format!("define \"{DEFINE_IN_POPULATION}\": {e}"), ctx);
        }
        None => {
            return failed(
                format!("the library has no define \"{DEFINE_IN_POPULATION}\""),
                ctx,
            )
        }
    }
    if let Some((name, Err(e))) = defines.iter().find(|(_, r)| r.is_err()) {
        return failed(format!("define \"{name}\": {e}"), ctx);
    }
    let results: Vec<(String, Value)> = defines
        .iter()
        .map(|(n, r)| (n.clone(), r.clone().unwrap_or(Value::Null)))
        .collect();
    let status = match define(&results, DEFINE_OUTCOME) {
        Some(Value::String(s)) => match s.parse::<OutcomeStatus>() {
            Ok(s) => s,
            Err(e) => return failed(format!("define \"{DEFINE_OUTCOME}\": {e}"), ctx),
        },
        Some(Value::Null) => {
            return failed(format!("define \"{DEFINE_OUTCOME}\" returned null"), ctx)
        }
        Some(other) => {
            return failed(
                format!("define \"{DEFINE_OUTCOME}\" returned {other}, not a status text"),
                ctx,
            )
        }
        None => {
            return failed(
                format!("the library has no define \"{DEFINE_OUTCOME}\""),
                ctx,
            )
        }
    };
    let why = WhyFlagged::derive(&results, ctx.spec, ctx.facts, status, zone);
    let due_date = why.due_date.or_else(|| due_from_spec(&why, ctx));
    let action = ActionFacts {
        evaluation_failed: false,
        days_overdue: why.days_overdue,
        due_date,
        no_prior_exam: why.last_exam_date.is_none(),
        no_health_record: !ctx.facts.health_record_linked,
    };
    Interpretation::Outcome(OutcomeFacts {
        status,
        evidence: evidence(&results, &ctx.resource, &why),
        priority: priority(status),
        next_action: next_action(status, &ctx.spec.exam_name, action),
        error: None,
    })
}

/// Due date when the CQL has no `Due Date` define: last exam + window (from the first day a
/// partial date may mean), else start + baseline.
fn due_from_spec(why: &WhyFlagged, ctx: &Context<'_>) -> Option<NaiveDate> {
    match &why.last_exam_date {
        Some(last) => Some(last.earliest() + Duration::days(ctx.spec.window_days?)),
        None => Some(ctx.start_date? + Duration::days(ctx.spec.baseline_days?)),
    }
}

/// Whether the employee has started by the as-of date (no start date on record counts as
/// started, as the measures' `"Started"` define says).
fn started(ctx: &Context<'_>) -> bool {
    ctx.start_date.is_none_or(|start| start <= ctx.period.as_of)
}

fn failed(message: String, ctx: &Context<'_>) -> Interpretation {
    let eligible = ctx.active
        && started(ctx)
        && ctx.spec.role_eligible(ctx.facts.role)
        && ctx.spec.site_eligible(ctx.facts.site);
    if !eligible {
        return Interpretation::OutOfPopulation;
    }
    let status = OutcomeStatus::MissingData;
    let why = WhyFlagged::derive(&[], ctx.spec, ctx.facts, status, ctx.period.zone);
    let action = ActionFacts {
        evaluation_failed: true,
        ..ActionFacts::default()
    };
    Interpretation::Outcome(OutcomeFacts {
        status,
        evidence: failure_evidence(&message, &ctx.resource, &why),
        priority: priority(status),
        next_action: next_action(status, &ctx.spec.exam_name, action),
        error: Some(message),
    })
}

#[cfg(test)]
mod tests;
