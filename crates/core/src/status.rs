//! Status values used by the rules of this crate (DOMAIN.md sections 1 and 5), defined once
//! in `ww_store::enums` (UPPERCASE, compared exactly) and re-exported here.

pub use ww_store::enums::{CaseStatus, OutcomeStatus, Priority};

/// OVERDUE, DUE_SOON and MISSING_DATA: the outcomes that call for a case.
pub fn needs_action(outcome: OutcomeStatus) -> bool {
    matches!(
        outcome,
        OutcomeStatus::Overdue | OutcomeStatus::DueSoon | OutcomeStatus::MissingData
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_non_compliant_outcomes_need_action() {
        let needing: Vec<_> = OutcomeStatus::ALL
            .iter()
            .filter(|o| needs_action(**o))
            .map(|o| o.as_str())
            .collect();
        assert_eq!(needing, ["DUE_SOON", "OVERDUE", "MISSING_DATA"]);
    }
}
