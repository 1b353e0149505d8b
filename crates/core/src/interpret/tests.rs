use super::*;
use crate::status::OutcomeStatus::*;
use chrono_tz::Tz;
use serde_json::json;

fn spec() -> MeasureSpec {
    MeasureSpec::from_json(
        &json!({"windowDays": 365, "dueSoonDays": 30, "baselineDays": 180,
                "eligibleRoles": ["Machinist", "Welder"], "examName": "audiogram"}),
        "exam",
    )
    .unwrap()
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).unwrap()
}

fn with_ctx<R>(role: &str, f: impl FnOnce(&Context<'_>) -> R) -> R {
    let spec = spec();
    let period = MeasurementPeriod::new(as_of(), Tz::UTC);
    let ctx = Context {
        spec: &spec,
        facts: FlagFacts {
            role: Some(role),
            site: Some("Plant A"),
            has_active_waiver: false,
            health_record_linked: true,
            deceased: None,
        },
        start_date: NaiveDate::from_ymd_opt(2020, 1, 6),
        active: true,
        resource: EvaluatedResource {
            patient_id: Some("emp-006"),
            measure_id: "audiogram",
            period: &period,
        },
        period: &period,
    };
    f(&ctx)
}

fn ok(pairs: &[(&str, Value)]) -> Vec<DefineResult> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), Ok(v.clone())))
        .collect()
}

#[test]
fn contract_evidence_shape_in_define_order() {
    let defines = ok(&[
        ("In Population", json!(true)),
        ("Has Active Waiver", json!(false)),
        ("Most Recent Exam Date", json!("2025-03-10")),
        ("Days Overdue", json!(57)),
        ("Outcome Status", json!("OVERDUE")),
    ]);
    let out = with_ctx("Machinist", |ctx| interpret(Ok(&defines), ctx));
    let Interpretation::Outcome(o) = out else {
        panic!("expected an outcome")
    };
    assert_eq!(o.status, Overdue);
    assert_eq!(o.priority, Priority::High);
    assert_eq!(
        o.next_action,
        "Schedule the audiogram now: it is 57 days overdue."
    );
    assert_eq!(
        serde_json::to_string_pretty(&o.evidence).unwrap(),
        serde_json::to_string_pretty(&json!({
            "expressionResults": [
                {"define": "In Population", "result": true},
                {"define": "Has Active Waiver", "result": false},
                {"define": "Most Recent Exam Date", "result": "2025-03-10"},
                {"define": "Days Overdue", "result": 57},
                {"define": "Outcome Status", "result": "OVERDUE"}
            ],
            "evaluatedResource": {
                "patientId": "emp-006",
                "measureId": "audiogram",
                "measurementPeriod": {
                    "start": "2025-05-06T00:00:00.000Z",
                    "end": "2026-05-06T23:59:59.999Z"
                }
            },
            "why_flagged": {
                "last_exam_date": "2025-03-10",
                "compliance_window_days": 365,
                "days_overdue": 57,
                "role_eligible": true,
                "site_eligible": true,
                "waiver_status": "NONE",
                "outcome_status": "OVERDUE"
            }
        }))
        .unwrap()
    );
}

#[test]
fn office_staff_outside_population_get_no_outcome() {
    // Lesson (DOMAIN.md section 1): evaluating everyone made office staff MISSING_DATA.
    let defines = ok(&[
        ("In Population", json!(false)),
        ("Most Recent Exam Date", Value::Null),
        ("Outcome Status", json!("MISSING_DATA")),
    ]);
    let out = with_ctx("Office Clerk", |ctx| interpret(Ok(&defines), ctx));
    assert_eq!(out, Interpretation::OutOfPopulation);
    // A null population (unknown) is not membership either.
    let defines = ok(&[
        ("In Population", Value::Null),
        ("Outcome Status", json!("OVERDUE")),
    ]);
    let out = with_ctx("Machinist", |ctx| interpret(Ok(&defines), ctx));
    assert_eq!(out, Interpretation::OutOfPopulation);
}

#[test]
fn one_employee_evaluation_error_is_missing_data_with_error_evidence() {
    // Lesson (DOMAIN.md section 4): the error becomes this outcome's MISSING_DATA evidence.
    let out = with_ctx("Welder", |ctx| {
        interpret(Err("division by zero in Days Overdue"), ctx)
    });
    let Interpretation::Outcome(o) = out else {
        panic!("expected an outcome")
    };
    assert_eq!(o.status, MissingData);
    assert_eq!(o.error.as_deref(), Some("division by zero in Days Overdue"));
    assert_eq!(o.evidence["evaluationError"], "CQL engine failure");
    assert_eq!(o.evidence["message"], "division by zero in Days Overdue");
    assert_eq!(o.evidence["why_flagged"]["last_exam_date"], Value::Null);
    assert_eq!(o.evidence["why_flagged"]["outcome_status"], "MISSING_DATA");
    assert_eq!(o.priority, Priority::Medium);
}

#[test]
fn define_error_after_population_fails_the_employee() {
    let defines: Vec<DefineResult> = vec![
        ("In Population".into(), Ok(json!(true))),
        ("Most Recent Exam Date".into(), Err("bad date".into())),
        ("Outcome Status".into(), Ok(json!("COMPLIANT"))),
    ];
    let Interpretation::Outcome(o) = with_ctx("Welder", |ctx| interpret(Ok(&defines), ctx)) else {
        panic!("expected an outcome")
    };
    assert_eq!(o.status, MissingData);
    assert_eq!(
        o.evidence["message"],
        "define \"Most Recent Exam Date\": bad date"
    );
}

#[test]
fn failure_for_an_ineligible_employee_gives_no_outcome() {
    let out = with_ctx("Office Clerk", |ctx| interpret(Err("boom"), ctx));
    assert_eq!(out, Interpretation::OutOfPopulation);
}

#[test]
fn lowercase_status_from_cql_is_an_error_not_a_match() {
    // Lesson (DOMAIN.md section 1): enums are UPPERCASE and compared exactly.
    let defines = ok(&[
        ("In Population", json!(true)),
        ("Outcome Status", json!("overdue")),
    ]);
    let Interpretation::Outcome(o) = with_ctx("Welder", |ctx| interpret(Ok(&defines), ctx)) else {
        panic!("expected an outcome")
    };
    assert_eq!(o.status, MissingData);
    assert!(o
        .error
        .unwrap()
        .contains("invalid value for OutcomeStatus: \"overdue\""));
}

#[test]
fn baseline_due_soon_names_due_date_from_start_plus_baseline() {
    let defines = ok(&[
        ("In Population", json!(true)),
        ("Most Recent Exam Date", Value::Null),
        ("Days Overdue", Value::Null),
        ("Outcome Status", json!("DUE_SOON")),
    ]);
    let Interpretation::Outcome(o) = with_ctx("Welder", |ctx| interpret(Ok(&defines), ctx)) else {
        panic!("expected an outcome")
    };
    // start 2020-01-06 + 180 days.
    assert_eq!(
        o.next_action,
        "Schedule the baseline audiogram before its due date, 2020-07-04."
    );
}

/// QA F20: someone who starts after the as-of date is outside the population, even when the
/// measure's CQL forgets to say so, and also when the evaluation failed.
#[test]
fn employee_not_started_at_the_as_of_date_is_outside_the_population() {
    let spec = spec();
    let period = MeasurementPeriod::new(as_of(), Tz::UTC);
    let ctx = |start: NaiveDate| Context {
        spec: &spec,
        facts: FlagFacts {
            role: Some("Welder"),
            site: Some("Plant A"),
            has_active_waiver: false,
            health_record_linked: true,
            deceased: None,
        },
        start_date: Some(start),
        active: true,
        resource: EvaluatedResource {
            patient_id: Some("emp-n3"),
            measure_id: "audiogram",
            period: &period,
        },
        period: &period,
    };
    let defines = ok(&[
        ("In Population", json!(true)),
        ("Most Recent Exam Date", Value::Null),
        ("Days Overdue", Value::Null),
        ("Outcome Status", json!("DUE_SOON")),
    ]);
    let tomorrow = as_of().succ_opt().unwrap();
    assert_eq!(
        interpret(Ok(&defines), &ctx(tomorrow)),
        Interpretation::OutOfPopulation
    );
    assert_eq!(
        interpret(Err("boom"), &ctx(tomorrow)),
        Interpretation::OutOfPopulation
    );
    // Starting on the as-of date counts as started.
    assert!(matches!(
        interpret(Ok(&defines), &ctx(as_of())),
        Interpretation::Outcome(OutcomeFacts {
            status: DueSoon,
            ..
        })
    ));
}
