//! The case upsert decision table of DOMAIN.md section 5, as a pure function.
//!
//! | outcome | no case yet | active case | terminal case |
//! |---|---|---|---|
//! | OVERDUE / DUE_SOON / MISSING_DATA | insert OPEN | refresh (keep IN_PROGRESS and assignee; audit only if the outcome changed) | system-closed: reopen (audited); person-closed: leave alone |
//! | COMPLIANT | nothing | RESOLVED, closed now, audited once | no change |
//! | EXCLUDED | insert EXCLUDED | EXCLUDED | EXCLUDED if system-closed, else unchanged |

use crate::status::{needs_action, CaseStatus, OutcomeStatus};

/// Who closed a terminal case: the system (a run) or a person (a case action).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedBy {
    /// Closed by a run (RESOLVED or EXCLUDED after an outcome).
    System,
    /// Closed by a person (manual close): runs leave such a case alone.
    Person,
}

/// The existing case for (employee, measure version, cycle), as far as the rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingCase {
    /// No case yet.
    None,
    /// OPEN or IN_PROGRESS, with the outcome it currently shows.
    Active {
        /// OPEN or IN_PROGRESS (kept on refresh).
        status: CaseStatus,
        /// `current_outcome_status`.
        outcome: OutcomeStatus,
    },
    /// RESOLVED, CLOSED or EXCLUDED.
    Terminal {
        /// The terminal status.
        status: CaseStatus,
        /// Who closed it.
        closed_by: ClosedBy,
    },
}

/// What a run does to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseDecision {
    /// Leave the case (or its absence) as it is.
    Nothing,
    /// Insert a new case with this status (OPEN, or EXCLUDED to track an exemption). Audited.
    Insert(CaseStatus),
    /// Refresh outcome, priority, next action and last run of an active case, keeping its
    /// status and assignee; `audit` is true only when the outcome changed.
    Refresh {
        /// Whether the change is audited (the outcome changed).
        audit: bool,
    },
    /// Reopen a system-closed case as OPEN (clears closed_at / closed_by). Audited.
    Reopen,
    /// Resolve: status RESOLVED, `closed_at` = now, closed by the system. Audited.
    Resolve,
    /// Mark EXCLUDED (terminal, closed by the system). Audited.
    Exclude,
}

impl CaseDecision {
    /// Whether the decision writes an audit event.
    pub fn audited(self) -> bool {
        match self {
            CaseDecision::Nothing => false,
            CaseDecision::Refresh { audit } => audit,
            _ => true,
        }
    }

    /// The case impact a dry run reports (DOMAIN.md section 4), or `None` for no change.
    pub fn impact(self) -> Option<CaseImpact> {
        match self {
            CaseDecision::Nothing => None,
            CaseDecision::Insert(CaseStatus::Excluded) | CaseDecision::Exclude => {
                Some(CaseImpact::Exclude)
            }
            CaseDecision::Insert(_) => Some(CaseImpact::Create),
            CaseDecision::Refresh { audit: false } => Some(CaseImpact::Refresh),
            CaseDecision::Refresh { audit: true } | CaseDecision::Reopen => {
                Some(CaseImpact::Update)
            }
            CaseDecision::Resolve => Some(CaseImpact::Resolve),
        }
    }
}

/// Case impact categories counted by runs and dry runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseImpact {
    /// A case would be (or was) opened.
    Create,
    /// An active case whose outcome changed, or a system-closed one reopened: a real change,
    /// audited.
    Update,
    /// An active case refreshed with the same outcome (last run and next action only; not
    /// audited). Counted apart from [`CaseImpact::Update`] so a summary's "updated" means a
    /// change (QA G10).
    Refresh,
    /// A case resolved.
    Resolve,
    /// A case inserted or turned EXCLUDED.
    Exclude,
}

/// Decides what an outcome does to the case of its (employee, measure version, cycle).
///
/// Only called for employees in the measure's population (others get no outcome at all).
pub fn decide(outcome: OutcomeStatus, existing: ExistingCase) -> CaseDecision {
    use CaseDecision as D;
    use ExistingCase as E;
    match (outcome, existing) {
        (o, E::None) if needs_action(o) => D::Insert(CaseStatus::Open),
        (o, E::Active { outcome: was, .. }) if needs_action(o) => D::Refresh { audit: was != o },
        (
            o,
            E::Terminal {
                closed_by: ClosedBy::System,
                ..
            },
        ) if needs_action(o) => D::Reopen,
        (
            o,
            E::Terminal {
                closed_by: ClosedBy::Person,
                ..
            },
        ) if needs_action(o) => D::Nothing,

        (OutcomeStatus::Compliant, E::Active { .. }) => D::Resolve,
        (OutcomeStatus::Compliant, _) => D::Nothing,

        (OutcomeStatus::Excluded, E::None) => D::Insert(CaseStatus::Excluded),
        (OutcomeStatus::Excluded, E::Active { .. }) => D::Exclude,
        (
            OutcomeStatus::Excluded,
            E::Terminal {
                status,
                closed_by: ClosedBy::System,
            },
        ) if status != CaseStatus::Excluded => D::Exclude,
        (OutcomeStatus::Excluded, E::Terminal { .. }) => D::Nothing,

        // needs_action() covers the three remaining outcomes in the arms above.
        (_, _) => D::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;
    use OutcomeStatus::*;

    const OPEN_OVERDUE: ExistingCase = ExistingCase::Active {
        status: Open,
        outcome: Overdue,
    };
    const SYS_RESOLVED: ExistingCase = ExistingCase::Terminal {
        status: Resolved,
        closed_by: ClosedBy::System,
    };
    const SYS_EXCLUDED: ExistingCase = ExistingCase::Terminal {
        status: CaseStatus::Excluded,
        closed_by: ClosedBy::System,
    };
    const PERSON_CLOSED: ExistingCase = ExistingCase::Terminal {
        status: Closed,
        closed_by: ClosedBy::Person,
    };

    fn check(outcome: OutcomeStatus, existing: ExistingCase, expect: CaseDecision) {
        assert_eq!(
            decide(outcome, existing),
            expect,
            "{outcome:?} x {existing:?}"
        );
    }

    #[test]
    fn whole_table() {
        use CaseDecision as D;
        for o in [Overdue, DueSoon, MissingData] {
            check(o, ExistingCase::None, D::Insert(Open));
            check(o, SYS_RESOLVED, D::Reopen);
            check(o, SYS_EXCLUDED, D::Reopen);
            check(o, PERSON_CLOSED, D::Nothing);
        }
        check(Overdue, OPEN_OVERDUE, D::Refresh { audit: false });
        check(DueSoon, OPEN_OVERDUE, D::Refresh { audit: true });
        check(Compliant, ExistingCase::None, D::Nothing);
        check(Compliant, OPEN_OVERDUE, D::Resolve);
        check(Compliant, SYS_RESOLVED, D::Nothing);
        check(Compliant, PERSON_CLOSED, D::Nothing);
        check(
            OutcomeStatus::Excluded,
            ExistingCase::None,
            D::Insert(CaseStatus::Excluded),
        );
        check(OutcomeStatus::Excluded, OPEN_OVERDUE, D::Exclude);
        check(OutcomeStatus::Excluded, SYS_RESOLVED, D::Exclude);
        check(OutcomeStatus::Excluded, SYS_EXCLUDED, D::Nothing);
        check(OutcomeStatus::Excluded, PERSON_CLOSED, D::Nothing);
    }

    #[test]
    fn in_progress_case_keeps_its_status_on_refresh() {
        let in_progress = ExistingCase::Active {
            status: InProgress,
            outcome: DueSoon,
        };
        // Refresh never names a status: the writer keeps IN_PROGRESS and the assignee.
        assert_eq!(
            decide(Overdue, in_progress),
            CaseDecision::Refresh { audit: true }
        );
    }

    #[test]
    fn dry_run_impact_categories() {
        assert_eq!(
            CaseDecision::Insert(Open).impact(),
            Some(CaseImpact::Create)
        );
        assert_eq!(
            CaseDecision::Insert(CaseStatus::Excluded).impact(),
            Some(CaseImpact::Exclude)
        );
        assert_eq!(CaseDecision::Reopen.impact(), Some(CaseImpact::Update));
        assert_eq!(
            CaseDecision::Refresh { audit: true }.impact(),
            Some(CaseImpact::Update)
        );
        // QA G10: a refresh with the same outcome is not an update.
        assert_eq!(
            CaseDecision::Refresh { audit: false }.impact(),
            Some(CaseImpact::Refresh)
        );
        assert_eq!(CaseDecision::Resolve.impact(), Some(CaseImpact::Resolve));
        assert_eq!(CaseDecision::Nothing.impact(), None);
        assert!(!CaseDecision::Refresh { audit: false }.audited());
        assert!(CaseDecision::Resolve.audited());
    }
}
