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
    /// The evaluated FHIR Patient: the employee's linked Patient id; `None` (written as null)
    /// when no Patient is linked, so no health record was evaluated (QA G14).
    pub patient_id: Option<&'a str>,
    /// The measure's id.
    pub measure_id: &'a str,
    /// The run's measurement period.
    pub period: &'a MeasurementPeriod,
}

impl EvaluatedResource<'_> {
    /// The contract's `evaluatedResource` object (period bounds in UTC with milliseconds).
    pub fn to_json(&self) -> Value {
        let mut m = Map::with_capacity(3);
        m.insert("patientId".into(), Value::from(self.patient_id));
        m.insert("measureId".into(), Value::from(self.measure_id));
        m.insert("measurementPeriod".into(), period_json(self.period));
        Value::Object(m)
    }
}

thread_local! {
    /// The last period's `{start, end}` on this thread: a run evaluates every employee with
    /// one period, and formatting its two timestamps per outcome was a measurable share of
    /// the evaluation threads' time.
    static PERIOD_JSON: std::cell::RefCell<Option<(MeasurementPeriod, Value)>> =
        const { std::cell::RefCell::new(None) };
}

/// `{start, end}` of `period` in UTC with milliseconds.
fn period_json(period: &MeasurementPeriod) -> Value {
    PERIOD_JSON.with(|cell| {
        let mut cached = cell.borrow_mut();
        match &*cached {
            Some((p, v)) if p == period => v.clone(),
            _ => {
                let v = json!({"start": period.start_utc(), "end": period.end_utc()});
                *cached = Some((*period, v.clone()));
                v
            }
        }
    })
}

/// Evidence of a successful evaluation; `results` are `(define, value)` in define order.
pub fn evidence(
    results: &[(String, Value)],
    resource: &EvaluatedResource<'_>,
    why: &WhyFlagged,
) -> Value {
    // Built map by map: `json!` would round-trip each result through the serializer.
    let expression_results: Vec<Value> = results
        .iter()
        .map(|(name, value)| {
            let mut m = Map::with_capacity(2);
            m.insert("define".into(), Value::String(name.clone()));
            m.insert("result".into(), value.clone());
            Value::Object(m)
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::OutcomeStatus;
    use crate::why_flagged::{ExamDate, WaiverStatus};
    use chrono::NaiveDate;

    #[test]
    fn evidence_text_is_the_contract_shape_in_order() {
        let period = MeasurementPeriod::new(
            NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            chrono_tz::Tz::UTC,
        );
        let resource = EvaluatedResource {
            patient_id: Some("p1"),
            measure_id: "m1",
            period: &period,
        };
        let why = WhyFlagged {
            last_exam_date: NaiveDate::from_ymd_opt(2025, 3, 10).map(ExamDate::Day),
            compliance_window_days: Some(365),
            season: None,
            days_overdue: None,
            due_date: None,
            health_record_linked: true,
            deceased: None,
            role_eligible: true,
            site_eligible: true,
            waiver_status: WaiverStatus::None,
            outcome_status: OutcomeStatus::Compliant,
        };
        let results = vec![
            ("In Population".to_owned(), json!(true)),
            (
                "Season".to_owned(),
                json!({"low": "2025-08-01", "high": null}),
            ),
        ];
        assert_eq!(
            evidence(&results, &resource, &why).to_string(),
            concat!(
                r#"{"expressionResults":[{"define":"In Population","result":true},"#,
                r#"{"define":"Season","result":{"low":"2025-08-01","high":null}}],"#,
                r#""evaluatedResource":{"patientId":"p1","measureId":"m1","measurementPeriod":"#,
                r#"{"start":"2025-01-15T00:00:00.000Z","end":"2026-01-15T23:59:59.999Z"}},"#,
                r#""why_flagged":{"last_exam_date":"2025-03-10","compliance_window_days":365,"#,
                r#""days_overdue":null,"role_eligible":true,"site_eligible":true,"#,
                r#""waiver_status":"NONE","outcome_status":"COMPLIANT"}}"#
            )
        );
    }

    #[test]
    fn each_period_gets_its_own_bounds_on_one_thread() {
        let bounds = |y, m, d, zone: chrono_tz::Tz| {
            let period = MeasurementPeriod::new(NaiveDate::from_ymd_opt(y, m, d).unwrap(), zone);
            let resource = EvaluatedResource {
                patient_id: Some("p"),
                measure_id: "m",
                period: &period,
            };
            resource.to_json()["measurementPeriod"].to_string()
        };
        let utc = chrono_tz::Tz::UTC;
        let la = chrono_tz::America::Los_Angeles;
        let first = r#"{"start":"2025-01-15T00:00:00.000Z","end":"2026-01-15T23:59:59.999Z"}"#;
        assert_eq!(bounds(2026, 1, 15, utc), first);
        assert_eq!(
            bounds(2023, 1, 15, la),
            r#"{"start":"2022-01-15T08:00:00.000Z","end":"2023-01-16T07:59:59.999Z"}"#
        );
        assert_eq!(bounds(2026, 1, 15, utc), first);
    }
}
