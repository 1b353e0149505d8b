//! `why_flagged`: the readable facts behind an outcome (DOMAIN.md section 2, contract
//! "evidence_json"). Derived from the CQL define results and the spec, never computed a second
//! way.

use crate::cycle::CycleRule;
use crate::period::local_date;
use crate::spec::MeasureSpec;
use crate::status::OutcomeStatus;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use serde_json::{Map, Value};

/// Define holding the last qualifying event's date (Date, DateTime or null).
pub const DEFINE_LAST_EXAM: &str = "Most Recent Exam Date";
/// Define holding the days past the due date (Integer or null).
pub const DEFINE_DAYS_OVERDUE: &str = "Days Overdue";
/// Define deciding the initial population (Boolean).
pub const DEFINE_IN_POPULATION: &str = "In Population";
/// Define holding the outcome status text.
pub const DEFINE_OUTCOME: &str = "Outcome Status";
/// Optional define holding the due date (Date or null), used for next-action sentences and
/// written as `why_flagged.due_date`.
pub const DEFINE_DUE_DATE: &str = "Due Date";
/// Define of a season rule holding the season (Interval<Date>), written as
/// `why_flagged.season` instead of the window.
pub const DEFINE_SEASON: &str = "Season";

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

/// How precise a partial FHIR date is (`2022` or `2022-10`, QA G17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// Only the year is known.
    Year,
    /// Year and month are known.
    Month,
}

impl DatePrecision {
    /// `YEAR` or `MONTH`, the value of `why_flagged.last_exam_date_precision`.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "YEAR",
            DatePrecision::Month => "MONTH",
        }
    }
}

/// The date of the last qualifying event as the evidence shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExamDate {
    /// A calendar date in the organisation's zone.
    Day(NaiveDate),
    /// A partial date, shown as written (`2022-10`), with its precision: the record says
    /// when only to the month or year, so the day is not known (QA G17). CQL compares such
    /// dates with uncertainty (CQL.md "Semantics decisions"); the outcome is the engine's.
    Partial {
        /// The date as written (`2022` or `2022-10`).
        written: String,
        /// Year or month.
        precision: DatePrecision,
        /// The first day the partial date may mean (`2022-10` -> 2022-10-01).
        earliest: NaiveDate,
    },
}

impl ExamDate {
    /// The calendar date, or the first day a partial date may mean (the earliest, hence the
    /// most cautious, due date follows from it).
    pub fn earliest(&self) -> NaiveDate {
        match self {
            ExamDate::Day(d) => *d,
            ExamDate::Partial { earliest, .. } => *earliest,
        }
    }

    /// The date's text in evidence: `2025-03-10`, or a partial date as written.
    pub fn text(&self) -> String {
        match self {
            ExamDate::Day(d) => d.to_string(),
            ExamDate::Partial { written, .. } => written.clone(),
        }
    }

    /// The precision of a partial date; `None` for a full date.
    pub fn precision(&self) -> Option<DatePrecision> {
        match self {
            ExamDate::Day(_) => None,
            ExamDate::Partial { precision, .. } => Some(*precision),
        }
    }
}

/// What the linked FHIR Patient says about the person's death (`Patient.deceased[x]`), when
/// the record says they died on or before the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deceased {
    /// `deceasedBoolean: true`: the date is not known.
    Yes,
    /// `deceasedDateTime`: the calendar date in the organisation's zone, or the partial date
    /// as written.
    On(String),
}

impl Deceased {
    /// The value of `why_flagged.patient_deceased`: the date, or `true` when unknown.
    pub fn to_json(&self) -> Value {
        match self {
            Deceased::Yes => Value::Bool(true),
            Deceased::On(d) => Value::String(d.clone()),
        }
    }

    /// `on 1989-05-09` or `(date not recorded)`, for log sentences.
    pub fn describe(&self) -> String {
        match self {
            Deceased::Yes => "(date not recorded)".to_owned(),
            Deceased::On(d) => format!("on {d}"),
        }
    }
}

/// The death a FHIR Patient records on or before `as_of` (`deceasedBoolean: true`, or a
/// `deceasedDateTime` whose calendar date in `zone`, or whose first possible day for a partial
/// date, is not after `as_of`); `None` when the record says nothing of it or a later date.
pub fn deceased_by(patient: &Value, as_of: NaiveDate, zone: Tz) -> Option<Deceased> {
    if patient.get("deceasedBoolean").and_then(Value::as_bool) == Some(true) {
        return Some(Deceased::Yes);
    }
    let when = patient.get("deceasedDateTime")?;
    if let Some(d) = json_date(when, zone) {
        return (d <= as_of).then(|| Deceased::On(d.to_string()));
    }
    let text = when.as_str()?;
    let (_, earliest) = partial_date(text)?;
    (earliest <= as_of).then(|| Deceased::On(text.to_owned()))
}

/// The contract's `why_flagged` object, plus facts the contract's keys cannot say (each
/// written only when it applies, after the contract's keys): a partial exam date's precision,
/// the season of a season rule, the CQL's due date, a missing health-record link and a
/// recorded death.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhyFlagged {
    /// The last qualifying event (organisation zone); `None` for MISSING_DATA and whenever
    /// nothing is on record (never a sentinel date).
    pub last_exam_date: Option<ExamDate>,
    /// The spec's `windowDays`; not written for a season rule, where it means nothing.
    pub compliance_window_days: Option<i64>,
    /// For a season rule (cycle `FLU_SEASON`), the season from the CQL's `Season` define as
    /// `start/end` (`2022-08-01/2023-03-31`); written instead of `compliance_window_days`.
    pub season: Option<Option<String>>,
    /// Days past the due date from the `Days Overdue` define; `None` for MISSING_DATA.
    pub days_overdue: Option<i64>,
    /// The `Due Date` define's value, when the CQL has one (written only then).
    pub due_date: Option<NaiveDate>,
    /// Role in the spec's eligible roles (empty list = all).
    pub role_eligible: bool,
    /// Site in the spec's eligible sites (empty list = all).
    pub site_eligible: bool,
    /// Waiver at the as-of date.
    pub waiver_status: WaiverStatus,
    /// The outcome.
    pub outcome_status: OutcomeStatus,
    /// Whether a FHIR Patient is linked to the employee; `false` is written as
    /// `"health_record_linked": false` (QA G14: no exam can be found without the link).
    pub health_record_linked: bool,
    /// The linked Patient's recorded death on or before the as-of date, written as
    /// `patient_deceased`.
    pub deceased: Option<Deceased>,
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
    /// Whether the employee has a linked FHIR Patient (`fhir_patient_id`).
    pub health_record_linked: bool,
    /// The linked Patient's recorded death on or before the as-of date.
    pub deceased: Option<&'a Deceased>,
}

impl WhyFlagged {
    /// Derives the facts from the define results (`(name, JSON value)` in define order).
    ///
    /// MISSING_DATA always carries null `last_exam_date` and `days_overdue` (DOMAIN.md
    /// section 2 lesson); dates are taken in the organisation's `zone`; a partial date is
    /// kept as written with its precision (QA G17).
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
            define(results, DEFINE_LAST_EXAM).and_then(|v| exam_date(v, zone))
        };
        let days_overdue = if missing {
            None
        } else {
            define(results, DEFINE_DAYS_OVERDUE).and_then(Value::as_i64)
        };
        let season = (spec.cycle == CycleRule::FluSeason)
            .then(|| define(results, DEFINE_SEASON).and_then(season_text));
        WhyFlagged {
            last_exam_date,
            compliance_window_days: if season.is_some() {
                None
            } else {
                spec.window_days
            },
            season,
            days_overdue,
            due_date: define(results, DEFINE_DUE_DATE).and_then(|v| json_date(v, zone)),
            role_eligible: spec.role_eligible(facts.role),
            site_eligible: spec.site_eligible(facts.site),
            waiver_status: if facts.has_active_waiver {
                WaiverStatus::Active
            } else {
                WaiverStatus::None
            },
            outcome_status: outcome,
            health_record_linked: facts.health_record_linked,
            deceased: facts.deceased.cloned(),
        }
    }

    /// The JSON object: the contract's keys in the contract's order, with the extra facts
    /// (see [`WhyFlagged`]) beside the key they qualify or after the contract's keys.
    pub fn to_json(&self) -> Value {
        let mut m = Map::with_capacity(8);
        m.insert(
            "last_exam_date".into(),
            self.last_exam_date
                .as_ref()
                .map_or(Value::Null, |d| Value::String(d.text())),
        );
        if let Some(p) = self.last_exam_date.as_ref().and_then(ExamDate::precision) {
            m.insert("last_exam_date_precision".into(), p.as_str().into());
        }
        match &self.season {
            Some(season) => {
                m.insert(
                    "season".into(),
                    season.clone().map_or(Value::Null, Value::from),
                );
            }
            None => {
                m.insert(
                    "compliance_window_days".into(),
                    self.compliance_window_days.into(),
                );
            }
        }
        m.insert("days_overdue".into(), self.days_overdue.into());
        if let Some(d) = self.due_date {
            m.insert("due_date".into(), d.to_string().into());
        }
        m.insert("role_eligible".into(), self.role_eligible.into());
        m.insert("site_eligible".into(), self.site_eligible.into());
        m.insert("waiver_status".into(), self.waiver_status.as_str().into());
        m.insert("outcome_status".into(), self.outcome_status.as_str().into());
        if !self.health_record_linked {
            m.insert("health_record_linked".into(), false.into());
        }
        if let Some(d) = &self.deceased {
            m.insert("patient_deceased".into(), d.to_json());
        }
        Value::Object(m)
    }
}

/// `start/end` of the `Season` define's interval (`{low, high}` JSON).
fn season_text(v: &Value) -> Option<String> {
    let low = v.get("low")?.as_str()?;
    let high = v.get("high")?.as_str()?;
    Some(format!("{low}/{high}"))
}

/// The exam date of a define's JSON value: a calendar date as [`json_date`] reads it, or a
/// partial date (`2022`, `2022-10`) kept as written with its precision.
pub fn exam_date(value: &Value, zone: Tz) -> Option<ExamDate> {
    if let Some(d) = json_date(value, zone) {
        return Some(ExamDate::Day(d));
    }
    let written = value
        .as_str()?
        .trim_start_matches('@')
        .trim_end_matches('T');
    let (precision, earliest) = partial_date(written)?;
    Some(ExamDate::Partial {
        written: written.to_owned(),
        precision,
        earliest,
    })
}

/// `YYYY` or `YYYY-MM`: the precision and the first day it may mean.
pub fn partial_date(text: &str) -> Option<(DatePrecision, NaiveDate)> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('-') {
        None if digits(text, 4) => Some((
            DatePrecision::Year,
            NaiveDate::from_ymd_opt(text.parse().ok()?, 1, 1)?,
        )),
        Some((y, m)) if digits(y, 4) && digits(m, 2) => Some((
            DatePrecision::Month,
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?,
        )),
        _ => None,
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
    use serde_json::json;

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
        health_record_linked: true,
        deceased: None,
    };

    fn day(y: i32, m: u32, d: u32) -> Option<ExamDate> {
        NaiveDate::from_ymd_opt(y, m, d).map(ExamDate::Day)
    }

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
        assert_eq!(ny.last_exam_date, day(2025, 3, 9));
        let utc = WhyFlagged::derive(&r, &spec(), FACTS, OutcomeStatus::Compliant, Tz::UTC);
        assert_eq!(utc.last_exam_date, day(2025, 3, 10));
        // A Synthea-style offset time near midnight.
        let r = results(json!("2022-06-22T23:31:08-04:00"), Value::Null);
        let chicago = WhyFlagged::derive(
            &r,
            &spec(),
            FACTS,
            OutcomeStatus::Compliant,
            chrono_tz::America::Chicago,
        );
        assert_eq!(chicago.last_exam_date, day(2022, 6, 22));
    }

    #[test]
    fn eligibility_and_waiver_from_spec_and_facts() {
        let facts = FlagFacts {
            role: Some("Clerk"),
            site: None,
            has_active_waiver: true,
            ..FACTS
        };
        let r = results(Value::Null, Value::Null);
        let w = WhyFlagged::derive(&r, &spec(), facts, OutcomeStatus::Excluded, Tz::UTC);
        assert!(!w.role_eligible);
        assert!(w.site_eligible);
        assert_eq!(w.waiver_status, WaiverStatus::Active);
        assert_eq!(w.last_exam_date, None);
    }

    /// QA G17: a partial FHIR date (`2022-10`, `2022`) is shown as written and flagged as
    /// imprecise; null stays reserved for "no exam on record" (DOMAIN.md section 2).
    #[test]
    fn partial_exam_date_is_shown_as_written_and_flagged_imprecise() {
        let month = results(json!("2022-10"), Value::Null);
        let w = WhyFlagged::derive(&month, &spec(), FACTS, OutcomeStatus::Compliant, Tz::UTC);
        let j = w.to_json();
        assert_eq!(j["last_exam_date"], "2022-10");
        assert_eq!(j["last_exam_date_precision"], "MONTH");
        assert_eq!(
            w.last_exam_date.as_ref().map(ExamDate::earliest),
            NaiveDate::from_ymd_opt(2022, 10, 1)
        );
        let year = results(json!("2022"), json!(3));
        let w = WhyFlagged::derive(&year, &spec(), FACTS, OutcomeStatus::Overdue, Tz::UTC);
        let j = w.to_json();
        assert_eq!(j["last_exam_date"], "2022");
        assert_eq!(j["last_exam_date_precision"], "YEAR");
        assert_eq!(j["days_overdue"], 3);
        // A full date carries no precision key.
        let full = results(json!("2022-10-04"), Value::Null);
        let w = WhyFlagged::derive(&full, &spec(), FACTS, OutcomeStatus::Compliant, Tz::UTC);
        assert_eq!(w.to_json().get("last_exam_date_precision"), None);
        assert_eq!(partial_date("2022-13"), None);
        assert_eq!(partial_date("22-10"), None);
    }

    /// QA G14: an employee with no linked FHIR Patient has evidence that says so.
    #[test]
    fn no_linked_health_record_is_a_fact_in_why_flagged() {
        let facts = FlagFacts {
            health_record_linked: false,
            ..FACTS
        };
        let r = results(Value::Null, Value::Null);
        let w = WhyFlagged::derive(&r, &spec(), facts, OutcomeStatus::MissingData, Tz::UTC);
        let j = w.to_json();
        assert_eq!(j["health_record_linked"], false);
        assert_eq!(j["last_exam_date"], Value::Null);
        // Linked employees' evidence keeps the contract's keys only.
        let w = WhyFlagged::derive(&r, &spec(), FACTS, OutcomeStatus::MissingData, Tz::UTC);
        assert_eq!(w.to_json().get("health_record_linked"), None);
    }

    /// QA G10: a season rule shows its season, not a 365-day window, and the CQL's due date.
    #[test]
    fn season_rule_shows_the_season_not_a_window() {
        let flu = MeasureSpec::from_json(
            &json!({"windowDays": 365, "cycleRule": "FLU_SEASON", "seasonDeadline": "11-15"}),
            "flu",
        )
        .unwrap();
        let r = vec![
            (
                DEFINE_SEASON.to_owned(),
                json!({"low": "2022-08-01", "high": "2023-03-31", "lowClosed": true, "highClosed": true}),
            ),
            (DEFINE_LAST_EXAM.to_owned(), json!("2021-10-12")),
            (DEFINE_DAYS_OVERDUE.to_owned(), json!(1)),
            (DEFINE_DUE_DATE.to_owned(), json!("2022-11-14")),
        ];
        let j = WhyFlagged::derive(&r, &flu, FACTS, OutcomeStatus::Overdue, Tz::UTC).to_json();
        assert_eq!(j.get("compliance_window_days"), None);
        assert_eq!(j["season"], "2022-08-01/2023-03-31");
        assert_eq!(j["due_date"], "2022-11-14");
        assert_eq!(j["days_overdue"], 1);
        let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "last_exam_date",
                "season",
                "days_overdue",
                "due_date",
                "role_eligible",
                "site_eligible",
                "waiver_status",
                "outcome_status"
            ]
        );
    }

    #[test]
    fn recorded_death_is_shown_in_why_flagged() {
        let died = Deceased::On("1989-05-09".into());
        let facts = FlagFacts {
            deceased: Some(&died),
            ..FACTS
        };
        let r = results(json!("1989-04-01"), json!(11977));
        let j = WhyFlagged::derive(&r, &spec(), facts, OutcomeStatus::Overdue, Tz::UTC).to_json();
        assert_eq!(j["patient_deceased"], "1989-05-09");
        let unknown = Deceased::Yes;
        let facts = FlagFacts {
            deceased: Some(&unknown),
            ..FACTS
        };
        let j = WhyFlagged::derive(&r, &spec(), facts, OutcomeStatus::Overdue, Tz::UTC).to_json();
        assert_eq!(j["patient_deceased"], true);
    }

    #[test]
    fn deceased_by_reads_the_patient_record_at_the_as_of_date() {
        let as_of = NaiveDate::from_ymd_opt(2023, 1, 15).unwrap();
        let died =
            json!({"resourceType": "Patient", "deceasedDateTime": "1989-05-09T03:00:00-04:00"});
        assert_eq!(
            deceased_by(&died, as_of, Tz::UTC),
            Some(Deceased::On("1989-05-09".into()))
        );
        let later = json!({"deceasedDateTime": "2024-01-01"});
        assert_eq!(deceased_by(&later, as_of, Tz::UTC), None);
        assert_eq!(
            deceased_by(&json!({"deceasedDateTime": "2020"}), as_of, Tz::UTC),
            Some(Deceased::On("2020".into()))
        );
        assert_eq!(
            deceased_by(&json!({"deceasedBoolean": true}), as_of, Tz::UTC),
            Some(Deceased::Yes)
        );
        assert_eq!(
            deceased_by(&json!({"deceasedBoolean": false}), as_of, Tz::UTC),
            None
        );
        assert_eq!(deceased_by(&json!({"id": "p"}), as_of, Tz::UTC), None);
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
