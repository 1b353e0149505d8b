//! Compliance cycle labels, the `evaluation_period` of outcomes and cases (DOMAIN.md section 5).
//!
//! Keying cases on the cycle rather than the run date makes daily runs in one cycle update one
//! case (lesson: keying on the run date left thousands of stale open cases).

use chrono::{Datelike, NaiveDate};

/// How a measure's compliance cycle is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CycleRule {
    /// The calendar year of the as-of date, e.g. `2026`.
    #[default]
    CalendarYear,
    /// The influenza season, which starts on August 1: `2025-2026` for any date from
    /// 2025-08-01 to 2026-07-31 (DOMAIN.md section 3).
    FluSeason,
}

impl CycleRule {
    /// The spelling used in `spec_json` (`"cycle"`): `CALENDAR_YEAR` or `FLU_SEASON`.
    pub fn as_str(self) -> &'static str {
        match self {
            CycleRule::CalendarYear => "CALENDAR_YEAR",
            CycleRule::FluSeason => "FLU_SEASON",
        }
    }

    /// Parses the `spec_json` spelling (case-sensitive, UPPERCASE); `None` when unknown.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "CALENDAR_YEAR" => Some(CycleRule::CalendarYear),
            "FLU_SEASON" => Some(CycleRule::FluSeason),
            _ => None,
        }
    }

    /// The cycle label of the as-of date.
    pub fn label(self, as_of: NaiveDate) -> String {
        match self {
            CycleRule::CalendarYear => as_of.year().to_string(),
            CycleRule::FluSeason => {
                let first = if as_of.month() >= 8 {
                    as_of.year()
                } else {
                    as_of.year() - 1
                };
                format!("{first}-{}", first + 1)
            }
        }
    }
}

impl CycleRule {
    /// The last day of the cycle labelled `label` (`2026` -> 2026-12-31, `2025-2026` ->
    /// 2026-07-31); `None` when the label is not one of this rule's.
    pub fn last_day(self, label: &str) -> Option<NaiveDate> {
        match self {
            CycleRule::CalendarYear => {
                let year: i32 = label.parse().ok()?;
                NaiveDate::from_ymd_opt(year, 12, 31)
            }
            CycleRule::FluSeason => {
                let (first, second) = label.split_once('-')?;
                let (first, second): (i32, i32) = (first.parse().ok()?, second.parse().ok()?);
                (second == first + 1).then_some(())?;
                NaiveDate::from_ymd_opt(second, 7, 31)
            }
        }
    }

    /// The as-of date that verifies a case of cycle `label` (RERUN_TO_VERIFY, QA G1): today
    /// when today is in that cycle, else the cycle's last day when the cycle is over, so the
    /// rerun evaluates the case's own cycle and updates that case. `None` when the label is
    /// not this rule's or the cycle has not begun yet (a case from a future-dated run).
    pub fn verification_as_of(self, label: &str, today: NaiveDate) -> Option<NaiveDate> {
        if self.label(today) == label {
            return Some(today);
        }
        let last = self.last_day(label)?;
        (last < today).then_some(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rule: CycleRule, date: &str, expect: &str) {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        assert_eq!(rule.label(d), expect, "{rule:?} {date}");
    }

    #[test]
    fn calendar_year_labels() {
        check(CycleRule::CalendarYear, "2026-01-01", "2026");
        check(CycleRule::CalendarYear, "2026-12-31", "2026");
    }

    #[test]
    fn flu_season_starts_august_first() {
        check(CycleRule::FluSeason, "2025-07-31", "2024-2025");
        check(CycleRule::FluSeason, "2025-08-01", "2025-2026");
        check(CycleRule::FluSeason, "2025-12-01", "2025-2026");
        check(CycleRule::FluSeason, "2026-03-31", "2025-2026");
        check(CycleRule::FluSeason, "2023-01-15", "2022-2023");
    }

    #[test]
    fn daily_runs_in_one_cycle_share_one_label() {
        // Lesson (DOMAIN.md section 5): a key on the run date gives a new case every day.
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let labels: std::collections::HashSet<String> = (0..365)
            .map(|i| CycleRule::CalendarYear.label(start + chrono::Duration::days(i)))
            .collect();
        assert_eq!(labels.len(), 1);
    }

    #[test]
    fn rerun_verifies_the_cases_own_cycle() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-01-05");
        let year = CycleRule::CalendarYear;
        assert_eq!(year.verification_as_of("2026", today), Some(today));
        assert_eq!(
            year.verification_as_of("2025", today),
            Some(d("2025-12-31"))
        );
        assert_eq!(year.verification_as_of("2027", today), None);
        assert_eq!(year.verification_as_of("x", today), None);
        let flu = CycleRule::FluSeason;
        assert_eq!(flu.verification_as_of("2025-2026", today), Some(today));
        assert_eq!(
            flu.verification_as_of("2024-2025", today),
            Some(d("2025-07-31"))
        );
        assert_eq!(flu.verification_as_of("2024-2026", today), None);
        assert_eq!(flu.last_day("2022-2023"), Some(d("2023-07-31")));
    }

    #[test]
    fn spec_spelling_round_trips() {
        for r in [CycleRule::CalendarYear, CycleRule::FluSeason] {
            assert_eq!(CycleRule::parse(r.as_str()), Some(r));
        }
        assert_eq!(CycleRule::parse("calendar_year"), None);
    }
}
