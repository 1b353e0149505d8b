//! `evidence_json` exactly in the contract's shape:
//! `{expressionResults: [{define, result}], evaluatedResource: {patientId, measureId,
//! measurementPeriod: {start, end}}, why_flagged: {...}}`; an evaluation failure gives
//! `{evaluationError, message, evaluatedResource, why_flagged}` with MISSING_DATA.

use crate::period::MeasurementPeriod;
use crate::why_flagged::WhyFlagged;
use serde_json::{json, Map, Value};

/// The text of `evaluationError` for a failed evaluation (contract).
pub const EVALUATION_ERROR: &str = "CQL engine failure";

/// The `evaluatedResource` context of one evaluation.
#[derive(Debug, Clone, Copy)]
pub struct EvaluatedResource<'a> {
    /// The evaluated patient: the employee's FHIR Patient id, else its external id.
    pub patient_id: &'a str,
    /// The measure's id.
    pub measure_id: &'a str,
    /// The run's measurement period.
    pub period: &'a MeasurementPeriod,
}

impl EvaluatedResource<'_> {
    /// The contract's `evaluatedResource` object (period bounds in UTC with milliseconds).
    pub fn to_json(&self) -> Value {
        json!({
            "patientId": self.patient_id,
            "measureId": self.measure_id,
            "measurementPeriod": {
                "start": self.period.start_utc(),
                "end": self.period.end_utc(),
            }
        })
    }
}

/// Evidence of a successful evaluation; `results` are `(define, value)` in define order.
pub fn evidence(
    results: &[(String, Value)],
    resource: &EvaluatedResource<'_>,
    why: &WhyFlagged,
) -> Value {
    let expression_results: Vec<Value> = results
        .iter()
        .map(|(name, value)| json!({"define": name, "result": value}))
        .collect();
    let mut m = Map::new();
    m.insert("expressionResults".into(), Value::Array(expression_results));
    m.insert("evaluatedResource".into(), resource.to_json());
    m.insert("why_flagged".into(), why.to_json());
    Value::Object(m)
}

/// Evidence of a failed evaluation (the outcome is MISSING_DATA): the contract's
/// `{evaluationError, message}` plus the evaluated resource and a MISSING_DATA `why_flagged`.
pub fn failure_evidence(
    message: &str,
    resource: &EvaluatedResource<'_>,
    why: &WhyFlagged,
) -> Value {
    let mut m = Map::new();
    m.insert("evaluationError".into(), Value::from(EVALUATION_ERROR));
    m.insert("message".into(), Value::from(message));
    m.insert("evaluatedResource".into(), resource.to_json());
    m.insert("why_flagged".into(), why.to_json());
    Value::Object(m)
}
