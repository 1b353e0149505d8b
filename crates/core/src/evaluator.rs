//! The evaluation seam of runs: a measure's CQL is compiled once per run and evaluated per
//! employee with the parameters of TEAM.md ("Measure CQL parameters") and the employee's FHIR
//! data. The only production implementation is [`crate::cql_eval::CqlEvaluator`] over the
//! WorkWell CQL engine; tests may use doubles.

use crate::interpret::DefineResult;
use crate::period::MeasurementPeriod;
use crate::spec::MeasureSpec;
use chrono::{DateTime, FixedOffset, NaiveDate};
use ww_cql::DataProvider;

/// A CQL parameter value handed to the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// `null`.
    Null,
    /// Boolean.
    Boolean(bool),
    /// Integer.
    Integer(i64),
    /// String.
    String(String),
    /// Date.
    Date(NaiveDate),
    /// List<String>.
    StringList(Vec<String>),
    /// Interval<DateTime>, both ends closed.
    DateTimeInterval(DateTime<FixedOffset>, DateTime<FixedOffset>),
}

/// Parameter names (TEAM.md "Measure CQL parameters").
pub mod names {
    /// Interval<DateTime>: as_of - 1 year .. as_of 23:59:59.999 in the org zone.
    pub const MEASUREMENT_PERIOD: &str = "Measurement Period";
    /// String.
    pub const EMPLOYEE_ROLE: &str = "Employee Role";
    /// String.
    pub const EMPLOYEE_SITE: &str = "Employee Site";
    /// Date.
    pub const EMPLOYEE_START_DATE: &str = "Employee Start Date";
    /// Boolean.
    pub const EMPLOYEE_ACTIVE: &str = "Employee Active";
    /// List<String>; empty = every role.
    pub const ELIGIBLE_ROLES: &str = "Eligible Roles";
    /// List<String>; empty = every site.
    pub const ELIGIBLE_SITES: &str = "Eligible Sites";
    /// Integer.
    pub const WINDOW_DAYS: &str = "Window Days";
    /// Integer.
    pub const DUE_SOON_DAYS: &str = "Due Soon Days";
    /// Integer.
    pub const BASELINE_DAYS: &str = "Baseline Days";
    /// Boolean.
    pub const HAS_ACTIVE_WAIVER: &str = "Has Active Waiver";
    /// Integer (flu).
    pub const SEASON_DEADLINE_MONTH: &str = "Season Deadline Month";
    /// Integer (flu).
    pub const SEASON_DEADLINE_DAY: &str = "Season Deadline Day";
}

/// The facts of one employee that reach the CQL.
#[derive(Debug, Clone, Copy)]
pub struct EmployeeFacts<'a> {
    /// Role.
    pub role: Option<&'a str>,
    /// Site.
    pub site: Option<&'a str>,
    /// Start (hire or assignment) date.
    pub start_date: Option<NaiveDate>,
    /// Active employment.
    pub active: bool,
    /// A waiver for this measure is active at the as-of date.
    pub has_active_waiver: bool,
}

/// The parameters for one evaluation, from the period, the employee and the spec, so that a
/// setting change needs no CQL edit (issue 4 item 3). Spec settings that are absent are not
/// passed (the CQL default applies).
pub fn parameters(
    period: &MeasurementPeriod,
    employee: &EmployeeFacts<'_>,
    spec: &MeasureSpec,
) -> Vec<(&'static str, ParamValue)> {
    use names::*;
    let text = |v: Option<&str>| v.map_or(ParamValue::Null, |s| ParamValue::String(s.to_owned()));
    let mut p = vec![
        (
            MEASUREMENT_PERIOD,
            ParamValue::DateTimeInterval(period.start, period.end),
        ),
        (EMPLOYEE_ROLE, text(employee.role)),
        (EMPLOYEE_SITE, text(employee.site)),
        (
            EMPLOYEE_START_DATE,
            employee
                .start_date
                .map_or(ParamValue::Null, ParamValue::Date),
        ),
        (EMPLOYEE_ACTIVE, ParamValue::Boolean(employee.active)),
        (
            ELIGIBLE_ROLES,
            ParamValue::StringList(spec.eligible_roles.clone()),
        ),
        (
            ELIGIBLE_SITES,
            ParamValue::StringList(spec.eligible_sites.clone()),
        ),
        (
            HAS_ACTIVE_WAIVER,
            ParamValue::Boolean(employee.has_active_waiver),
        ),
    ];
    for (name, value) in [
        (WINDOW_DAYS, spec.window_days),
        (DUE_SOON_DAYS, spec.due_soon_days),
        (BASELINE_DAYS, spec.baseline_days),
    ] {
        if let Some(v) = value {
            p.push((name, ParamValue::Integer(v)));
        }
    }
    if let Some((month, day)) = spec.season_deadline {
        p.push((SEASON_DEADLINE_MONTH, ParamValue::Integer(i64::from(month))));
        p.push((SEASON_DEADLINE_DAY, ParamValue::Integer(i64::from(day))));
    }
    p
}

/// One evaluation request.
pub struct EvaluationInput<'a> {
    /// The context Patient id (the employee's FHIR Patient id, else its external id).
    pub patient_id: &'a str,
    /// The as-of instant returned by CQL `Now()` (DOMAIN.md section 1 lesson: never the
    /// wall clock).
    pub now: DateTime<FixedOffset>,
    /// Parameters by name.
    pub parameters: &'a [(&'static str, ParamValue)],
    /// The employee's FHIR data.
    pub data: &'a dyn DataProvider,
}

/// Compiles and evaluates measure CQL.
pub trait MeasureEvaluator: Send + Sync {
    /// A compiled library, shared across evaluation threads.
    type Compiled: Send + Sync;

    /// Why a library did not compile or an evaluation failed as a whole
    /// ([`crate::cql_eval::CqlEvalError`] for the CQL engine). The run records its text in the
    /// run log or the outcome's `{evaluationError, message}` evidence.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Compiles a measure version's CQL once per run.
    ///
    /// # Errors
    /// [`Self::Error`] with the compile diagnostics (the run fails: a broken measure is not
    /// evaluated).
    fn compile(&self, cql: &str) -> std::result::Result<Self::Compiled, Self::Error>;

    /// Evaluates every define for one patient, in define order; each define carries its JSON
    /// value or its error.
    ///
    /// # Errors
    /// [`Self::Error`] for a failure of the whole evaluation (that employee's outcome becomes
    /// MISSING_DATA with `{evaluationError, message}` evidence).
    fn evaluate(
        &self,
        compiled: &Self::Compiled,
        input: &EvaluationInput<'_>,
    ) -> std::result::Result<Vec<DefineResult>, Self::Error>;

    /// FHIR resource types the compiled library retrieves, so a run loads only those; `None`
    /// means every type.
    fn resource_types(&self, _compiled: &Self::Compiled) -> Option<Vec<String>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;
    use serde_json::json;

    #[test]
    fn settings_reach_the_cql_as_parameters() {
        let period = MeasurementPeriod::new(NaiveDate::from_ymd_opt(2026, 5, 6).unwrap(), Tz::UTC);
        let spec = MeasureSpec::from_json(
            &json!({"windowDays": 365, "dueSoonDays": 30, "baselineDays": 180,
                    "eligibleRoles": ["Welder"], "eligibleSites": []}),
            "audiogram",
        )
        .unwrap();
        let facts = EmployeeFacts {
            role: Some("Welder"),
            site: None,
            start_date: NaiveDate::from_ymd_opt(2024, 2, 1),
            active: true,
            has_active_waiver: false,
        };
        let p = parameters(&period, &facts, &spec);
        let get = |n: &str| p.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone());
        assert_eq!(get(names::WINDOW_DAYS), Some(ParamValue::Integer(365)));
        assert_eq!(get(names::BASELINE_DAYS), Some(ParamValue::Integer(180)));
        assert_eq!(get(names::EMPLOYEE_SITE), Some(ParamValue::Null));
        assert_eq!(
            get(names::ELIGIBLE_ROLES),
            Some(ParamValue::StringList(vec!["Welder".into()]))
        );
        assert_eq!(get(names::SEASON_DEADLINE_MONTH), None);
        let Some(ParamValue::DateTimeInterval(s, e)) = get(names::MEASUREMENT_PERIOD) else {
            panic!("period missing")
        };
        assert_eq!(s.to_rfc3339(), "2025-05-06T00:00:00+00:00");
        assert_eq!(e.to_rfc3339(), "2026-05-06T23:59:59.999+00:00");
    }
}
