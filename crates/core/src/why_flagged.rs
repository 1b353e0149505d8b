//! `why_flagged`: the readable facts behind an outcome (DOMAIN.md section 2, contract
//! "evidence_json"). Derived from the CQL define results and the spec, never computed a second
//! way.

use crate::period::local_date;
use crate::spec::MeasureSpec;
use crate::status::OutcomeStatus;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use serde_json::{json, Value};

/// Define holding the last qualifying event's date (Date, DateTime or null).
pub const DEFINE_LAST_EXAM: &str = "Most Recent Exam Date";
/// Define holding the days past the due date (Integer or null).
pub const DEFINE_DAYS_OVERDUE: &str = "Days Overdue";
/// Define deciding the initial population (Boolean).
pub const DEFINE_IN_POPULATION: &str = "In Population";
/// Define holding the outcome status text.
pub const DEFINE_OUTCOME: &str = "Outcome Status";
/// Optional define holding the due date (Date or null), used for next-action sentences.
pub const DEFINE_DUE_DATE: &str = "Due Date";

/// Whether a waiver exempts the employee at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverStatus {
    /// No active waiver.
    None,
    /// An active waiver at the as-of date.
    Active,
}

impl WaiverStatus {
    /// `NONE` or `ACTIVE`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaiverStatus::None => "NONE",
            WaiverStatus::Active => "ACTIVE",
        }
    }
}

/// The contract's `why_flagged` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhyFlagged {
    /// Calendar date (organisation zone) of the last qualifying event; `None` for
    /// MISSING_DATA and whenever nothing is on record (never a sentinel date).
    pub last_exam_date: Option<NaiveDate>,
    /// The spec's `windowDays`.
    pub compliance_window_days: Option<i64>,
    /// Days past the due date from the `Days Overdue` define; `None` for MISSING_DATA.
    pub days_overdue: Option<i64>,
    /// Role in the spec's eligible roles (empty list = all).
    pub role_eligible: bool,
    /// Site in the spec's eligible sites (empty list = all).
    pub site_eligible: bool,
    /// Waiver at the as-of date.
    pub waiver_status: WaiverStatus,
    /// The outcome.
    pub outcome_status: OutcomeStatus,
}

/// Employee facts the derivation reads.
#[derive(Debug, Clone, Copy)]
pub struct FlagFacts<'a> {
    /// Employee role.
    pub role: Option<&'a str>,
    /// Employee site.
    pub site: Option<&'a str>,
    /// Whether an active waiver exists at the as-of date.
    pub has_active_waiver: bool,
}

impl WhyFlagged {
    /// Derives the facts from the define results (`(name, JSON value)` in define order).
    ///
    /// MISSING_DATA always carries null `last_exam_date` and `days_overdue` (DOMAIN.md
    /// section 2 lesson); dates are taken in the organisation's `zone`.
    pub fn derive(
        results: &[(String, Value)],
        spec: &MeasureSpec,
        facts: FlagFacts<'_>,
        outcome: OutcomeStatus,
        zone: Tz,
    ) -> Self {
        let missing = outcome == OutcomeStatus::MissingData;
        let last_exam_date = if missing {
            None
        } else {
            define(results, DEFINE_LAST_EXAM).and_then(|v| json_date(v, zone))
        };
        let days_overdue = if missing {
            None
        } else {
            define(results, DEFINE_DAYS_OVERDUE).and_then(Value::as_i64)
        };
        WhyFlagged {
            last_exam_date,
            compliance_window_days: spec.window_days,
            days_overdue,
            role_eligible: spec.role_eligible(facts.role),
            site_eligible: spec.site_eligible(facts.site),
            waiver_status: if facts.has_active_waiver {
                WaiverStatus::Active
            } else {
                WaiverStatus::None
            },
            outcome_status: outcome,
        }
    }

    /// The contract's JSON object, keys in the contract's order.
    pub fn to_json(&self) -> Value {
        json!({
            "last_exam_date": self.last_exam_date.map(|d| d.to_string()),
            "compliance_window_days": self.compliance_window_days,
            "days_overdue": self.days_overdue,
            "role_eligible": self.role_eligible,
            "site_eligible": self.site_eligible,
            "waiver_status": self.waiver_status.as_str(),
            "outcome_status": self.outcome_status.as_str(),
        })
    }
}

/// The value of the define `name`, if it ran.
pub fn define<'a>(results: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    results.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// A calendar date from a define's JSON value: `2025-03-10`, `@2025-03-10`, or a DateTime
/// (`2025-03-10T22:30:00-05:00` is the calendar date of that instant in `zone`; a DateTime
/// without an offset keeps its written date). Partial dates (`2025-03`) give `None`.
pub fn json_date(value: &Value, zone: Tz) -> Option<NaiveDate> {
    let text = value.as_str()?.trim_start_matches('@');
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(local_date(t, zone));
    }
    let t = text.trim_end_matches('Z');
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%:z") {
        return Some(local_date(t, zone));
    }
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
        .ok()
        .map(|dt| dt.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> MeasureSpec {
        MeasureSpec::from_json(
            &json!({"windowDays": 365, "eligibleRoles": ["Machinist"], "eligibleSites": []}),
            "audiogram",
        )
        .unwrap()
    }

    fn results(last: Value, overdue: Value) -> Vec<(String, Value)> {
        vec![
            (DEFINE_IN_POPULATION.into(), json!(true)),
            (DEFINE_LAST_EXAM.into(), last),
            (DEFINE_DAYS_OVERDUE.into(), overdue),
            (DEFINE_OUTCOME.into(), json!("OVERDUE")),
        ]
    }

    const FACTS: FlagFacts<'static> = FlagFacts {
        role: Some("Machinist"),
        site: Some("Plant A"),
        has_active_waiver: false,
    };

    #[test]
    fn contract_example_follows_the_calendar() {
        // Last audiogram 2025-03-10, as of 2026-05-06, window 365: due 2026-03-10, so
        // 57 days overdue by the calendar (the contract's prose says 55).
        let r = results(json!("2025-03-10"), json!(57));
        let w = WhyFlagged::derive(&r, &spec(), FACTS, OutcomeStatus::Overdue, Tz::UTC);
        assert_eq!(
            w.to_json(),
            json!({
                "last_exam_date": "2025-03-10",
                "compliance_window_days": 365,
                "days_overdue": 57,
                "role_eligible": true,
                "site_eligible": true,
                "waiver_status": "NONE",
                "outcome_status": "OVERDUE"
            })
        );
    }

    #[test]
    fn missing_data_evidence_has_null_dates_never_a_sentinel() {
        // Lesson (DOMAIN.md section 2): MISSING_DATA carries nulls, not 1900-01-01.
        let r = results(json!("1900-01-01"), json!(-45000));
        let w = WhyFlagged::derive(&r, &spec(), FACTS, OutcomeStatus::MissingData, Tz::UTC);
        let j = w.to_json();
        assert_eq!(j["last_exam_date"], Value::Null);
        assert_eq!(j["days_overdue"], Value::Null);
        assert_eq!(j["outcome_status"], "MISSING_DATA");
    }

    #[test]
    fn evidence_dates_are_calendar_dates_in_org_zone_not_host_zone() {
        // Lesson (DOMAIN.md section 2): the date does not move with the host's zone.
        let r = results(json!("2025-03-10T03:30:00.000Z"), Value::Null);
        let ny = WhyFlagged::derive(
            &r,
            &spec(),
            FACTS,
            OutcomeStatus::Compliant,
            chrono_tz::America::New_York,
        );
        assert_eq!(ny.last_exam_date, NaiveDate::from_ymd_opt(2025, 3, 9));
        let utc = WhyFlagged::derive(&r, &spec(), FACTS, OutcomeStatus::Compliant, Tz::UTC);
        assert_eq!(utc.last_exam_date, NaiveDate::from_ymd_opt(2025, 3, 10));
        // A Synthea-style offset time near midnight.
        let r = results(json!("2022-06-22T23:31:08-04:00"), Value::Null);
        let chicago = WhyFlagged::derive(
            &r,
            &spec(),
            FACTS,
            OutcomeStatus::Compliant,
            chrono_tz::America::Chicago,
        );
        assert_eq!(chicago.last_exam_date, NaiveDate::from_ymd_opt(2022, 6, 22));
    }

    #[test]
    fn eligibility_and_waiver_from_spec_and_facts() {
        let facts = FlagFacts {
            role: Some("Clerk"),
            site: None,
            has_active_waiver: true,
        };
        let r = results(Value::Null, Value::Null);
        let w = WhyFlagged::derive(&r, &spec(), facts, OutcomeStatus::Excluded, Tz::UTC);
        assert!(!w.role_eligible);
        assert!(w.site_eligible);
        assert_eq!(w.waiver_status, WaiverStatus::Active);
        assert_eq!(w.last_exam_date, None);
    }

    #[test]
    fn json_date_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 2);
        assert_eq!(json_date(&json!("@2024-01-02"), Tz::UTC), d);
        assert_eq!(json_date(&json!("2024-01-02T10:00:00"), Tz::UTC), d);
        assert_eq!(
            json_date(&json!("2024-01-02T10:00:00.000+01:00"), Tz::UTC),
            d
        );
        assert_eq!(json_date(&json!("2024-01"), Tz::UTC), None);
        assert_eq!(json_date(&json!(5), Tz::UTC), None);
    }
}
