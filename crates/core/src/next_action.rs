//! Case priority and the next-action sentence (DOMAIN.md section 5).

use crate::status::{OutcomeStatus, Priority};
use chrono::NaiveDate;

/// OVERDUE -> HIGH; DUE_SOON and MISSING_DATA -> MEDIUM; anything else LOW.
pub fn priority(outcome: OutcomeStatus) -> Priority {
    match outcome {
        OutcomeStatus::Overdue => Priority::High,
        OutcomeStatus::DueSoon | OutcomeStatus::MissingData => Priority::Medium,
        OutcomeStatus::Compliant | OutcomeStatus::Excluded => Priority::Low,
    }
}

/// Facts the sentence may mention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionFacts {
    /// Whether the evaluation failed (the outcome is then MISSING_DATA).
    pub evaluation_failed: bool,
    /// Days past the due date, when OVERDUE.
    pub days_overdue: Option<i64>,
    /// When the exam is (or was) due.
    pub due_date: Option<NaiveDate>,
    /// Whether no qualifying event is on record (baseline not yet done).
    pub no_prior_exam: bool,
    /// Whether the employee has no linked FHIR Patient, so no record could be read (QA G14).
    pub no_health_record: bool,
}

/// A sentence telling the safety officer what to do next, naming the measure's own exam
/// (`exam`, e.g. "audiogram").
pub fn next_action(outcome: OutcomeStatus, exam: &str, facts: ActionFacts) -> String {
    if facts.evaluation_failed {
        return format!("Check this employee's records: the {exam} rule could not be evaluated.");
    }
    match outcome {
        OutcomeStatus::Overdue => match facts.days_overdue {
            Some(1) => format!("Schedule the {exam} now: it is 1 day overdue."),
            Some(n) => format!("Schedule the {exam} now: it is {n} days overdue."),
            None => format!("Schedule the {exam} now: it is overdue."),
        },
        OutcomeStatus::DueSoon => {
            let what = if facts.no_prior_exam {
                format!("the baseline {exam}")
            } else {
                format!("the {exam}")
            };
            match facts.due_date {
                Some(d) => format!("Schedule {what} before its due date, {d}."),
                None => format!("Schedule {what}: it is due soon."),
            }
        }
        OutcomeStatus::MissingData if facts.no_health_record => format!(
            "Link this employee to their health record (the roster's fhir_patient_id is empty), \
             then check for their last {exam}: without the link no record can be read."
        ),
        OutcomeStatus::MissingData => {
            format!("Find or record this employee's last {exam}: none is on record.")
        }
        OutcomeStatus::Excluded => {
            format!("No action: the employee is exempt from the {exam} at the as-of date.")
        }
        OutcomeStatus::Compliant => format!("No action: the {exam} is up to date."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_table() {
        assert_eq!(priority(OutcomeStatus::Overdue), Priority::High);
        assert_eq!(priority(OutcomeStatus::DueSoon), Priority::Medium);
        assert_eq!(priority(OutcomeStatus::MissingData), Priority::Medium);
        assert_eq!(priority(OutcomeStatus::Compliant), Priority::Low);
        assert_eq!(priority(OutcomeStatus::Excluded), Priority::Low);
    }

    #[test]
    fn next_action_names_the_measures_exam() {
        let f = ActionFacts {
            days_overdue: Some(57),
            ..Default::default()
        };
        assert_eq!(
            next_action(OutcomeStatus::Overdue, "audiogram", f),
            "Schedule the audiogram now: it is 57 days overdue."
        );
        let due = ActionFacts {
            due_date: NaiveDate::from_ymd_opt(2026, 6, 1),
            no_prior_exam: true,
            ..Default::default()
        };
        assert_eq!(
            next_action(OutcomeStatus::DueSoon, "TB screening test", due),
            "Schedule the baseline TB screening test before its due date, 2026-06-01."
        );
        assert_eq!(
            next_action(
                OutcomeStatus::MissingData,
                "HAZWOPER medical exam",
                ActionFacts::default()
            ),
            "Find or record this employee's last HAZWOPER medical exam: none is on record."
        );
        let unlinked = ActionFacts {
            no_health_record: true,
            ..Default::default()
        };
        assert_eq!(
            next_action(OutcomeStatus::MissingData, "TB test", unlinked),
            "Link this employee to their health record (the roster's fhir_patient_id is empty), \
             then check for their last TB test: without the link no record can be read."
        );
        let failed = ActionFacts {
            evaluation_failed: true,
            ..Default::default()
        };
        assert_eq!(
            next_action(OutcomeStatus::MissingData, "flu vaccination", failed),
            "Check this employee's records: the flu vaccination rule could not be evaluated."
        );
    }
}
