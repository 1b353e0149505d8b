//! The settings of a measure version's `spec_json` that runs need (DOMAIN.md section 2).
//!
//! These settings reach the CQL as parameters, so a setting change needs no CQL edit.

use crate::cycle::CycleRule;
use crate::{Error, Result};
use serde_json::Value;

/// Settings read from `spec_json`. Absent optional keys take the defaults documented per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureSpec {
    /// `windowDays`: days an exam stays valid (e.g. 365); `None` when the spec has none (the
    /// CQL parameter's default applies, and evidence shows null).
    pub window_days: Option<i64>,
    /// `dueSoonDays`: lead time in days before the due date that makes DUE_SOON.
    pub due_soon_days: Option<i64>,
    /// `baselineDays`: days after the start date within which the first exam is due.
    pub baseline_days: Option<i64>,
    /// `eligibleRoles`: roles in the population; empty means every role.
    pub eligible_roles: Vec<String>,
    /// `eligibleSites`: sites in the population; empty means every site.
    pub eligible_sites: Vec<String>,
    /// `cycleRule` (or `cycle`): `CALENDAR_YEAR` (default) or `FLU_SEASON`.
    pub cycle: CycleRule,
    /// `examName`: the measure's own exam in words ("audiogram"), used in next actions.
    pub exam_name: String,
    /// The flu deadline (month, day), when the spec sets one: `seasonDeadline` as `"MM-DD"`,
    /// or `seasonDeadlineMonth` / `seasonDeadlineDay`.
    pub season_deadline: Option<(u32, u32)>,
}

impl MeasureSpec {
    /// Reads the settings; `fallback_exam` names the exam when `examName` is absent.
    ///
    /// Errors: a key present with the wrong type or an out-of-range value, naming the key.
    pub fn from_json(spec: &Value, fallback_exam: &str) -> Result<Self> {
        if !spec.is_object() {
            return Err(Error::Spec("spec_json is not a JSON object".into()));
        }
        let month_day = match spec.get("seasonDeadline") {
            None | Some(Value::Null) => None,
            Some(Value::String(md)) => Some(
                parse_month_day(md)
                    .ok_or_else(|| Error::Spec(format!("seasonDeadline \"{md}\" is not MM-DD")))?,
            ),
            Some(v) => {
                return Err(Error::Spec(format!(
                    "seasonDeadline must be \"MM-DD\" (is {v})"
                )))
            }
        };
        let (month, day) = match month_day {
            Some((m, d)) => (Some(m), Some(d)),
            None => (
                int(spec, "seasonDeadlineMonth")?,
                int(spec, "seasonDeadlineDay")?,
            ),
        };
        let season_deadline = match (month, day) {
            (None, None) => None,
            (Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                Some((m as u32, d as u32))
            }
            (m, d) => {
                return Err(Error::Spec(format!(
                    "seasonDeadlineMonth {m:?} / seasonDeadlineDay {d:?} is not a calendar day"
                )))
            }
        };
        let cycle = match spec.get("cycleRule").or_else(|| spec.get("cycle")) {
            None | Some(Value::Null) => CycleRule::CalendarYear,
            Some(Value::String(s)) => CycleRule::parse(s).ok_or_else(|| {
                Error::Spec(format!("cycle \"{s}\" is not CALENDAR_YEAR or FLU_SEASON"))
            })?,
            Some(_) => return Err(Error::Spec("cycle must be a string".into())),
        };
        let spec = MeasureSpec {
            window_days: int(spec, "windowDays")?,
            due_soon_days: int(spec, "dueSoonDays")?,
            baseline_days: int(spec, "baselineDays")?,
            eligible_roles: strings(spec, "eligibleRoles")?,
            eligible_sites: strings(spec, "eligibleSites")?,
            cycle,
            exam_name: match spec.get("examName") {
                Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
                None | Some(Value::Null) | Some(Value::String(_)) => fallback_exam.to_owned(),
                Some(_) => return Err(Error::Spec("examName must be a string".into())),
            },
            season_deadline,
        };
        for (key, v) in [
            ("windowDays", spec.window_days),
            ("dueSoonDays", spec.due_soon_days),
            ("baselineDays", spec.baseline_days),
        ] {
            if let Some(v) = v.filter(|v| *v < 0) {
                return Err(Error::Spec(format!("{key} must not be negative (is {v})")));
            }
        }
        Ok(spec)
    }

    /// Whether `role` is in the population's roles (an empty list admits every role; a missing
    /// role is admitted only then).
    pub fn role_eligible(&self, role: Option<&str>) -> bool {
        self.eligible_roles.is_empty()
            || role.is_some_and(|r| self.eligible_roles.iter().any(|e| e == r))
    }

    /// Whether `site` is in the population's sites (empty list = every site).
    pub fn site_eligible(&self, site: Option<&str>) -> bool {
        self.eligible_sites.is_empty()
            || site.is_some_and(|s| self.eligible_sites.iter().any(|e| e == s))
    }
}

fn parse_month_day(text: &str) -> Option<(i64, i64)> {
    let (m, d) = text.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

fn int(spec: &Value, key: &str) -> Result<Option<i64>> {
    match spec.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| Error::Spec(format!("{key} must be a whole number (is {v})"))),
    }
}

fn strings(spec: &Value, key: &str) -> Result<Vec<String>> {
    match spec.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Error::Spec(format!("{key} must hold only strings (has {i})")))
            })
            .collect(),
        Some(v) => Err(Error::Spec(format!(
            "{key} must be a list of strings (is {v})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_settings_and_defaults() {
        let s = MeasureSpec::from_json(
            &json!({"windowDays": 365, "dueSoonDays": 30, "baselineDays": 180,
                    "eligibleRoles": ["Machinist"], "examName": "audiogram"}),
            "exam",
        )
        .unwrap();
        assert_eq!(s.window_days, Some(365));
        assert_eq!(s.baseline_days, Some(180));
        assert_eq!(s.exam_name, "audiogram");
        assert_eq!(s.cycle, CycleRule::CalendarYear);
        assert!(s.role_eligible(Some("Machinist")));
        assert!(!s.role_eligible(Some("Clerk")));
        assert!(!s.role_eligible(None));
        assert!(s.site_eligible(Some("Anywhere")));
        let flu = MeasureSpec::from_json(&json!({"cycle": "FLU_SEASON"}), "flu vaccine").unwrap();
        let seeded = MeasureSpec::from_json(
            &json!({"cycleRule": "FLU_SEASON", "seasonDeadline": "11-15"}),
            "flu vaccine",
        )
        .unwrap();
        assert_eq!(seeded.cycle, CycleRule::FluSeason);
        assert_eq!(seeded.season_deadline, Some((11, 15)));
        let e = MeasureSpec::from_json(&json!({"seasonDeadline": "Nov 15"}), "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "measure spec: seasonDeadline \"Nov 15\" is not MM-DD"
        );
        assert_eq!(flu.cycle, CycleRule::FluSeason);
        assert_eq!(flu.season_deadline, None);
        assert_eq!(flu.window_days, None);
        assert_eq!(flu.exam_name, "flu vaccine");
    }

    #[test]
    fn wrong_types_name_the_key() {
        let e = MeasureSpec::from_json(&json!({"windowDays": "365"}), "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "measure spec: windowDays must be a whole number (is \"365\")"
        );
        let e = MeasureSpec::from_json(&json!({"eligibleSites": [1]}), "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "measure spec: eligibleSites must hold only strings (has 1)"
        );
        let e = MeasureSpec::from_json(&json!({"cycle": "season"}), "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "measure spec: cycle \"season\" is not CALENDAR_YEAR or FLU_SEASON"
        );
        let e = MeasureSpec::from_json(&json!({"dueSoonDays": -1}), "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "measure spec: dueSoonDays must not be negative (is -1)"
        );
    }
}
