//! The terminology-mapping review workflow as a pure state machine (issue 6, item 5).
//!
//! ```text
//! PROPOSED --review--> REVIEWED --approve--> APPROVED
//!     \                    \------reject---> REJECTED
//!      \-------------------------reject----> REJECTED
//! ```
//!
//! Only an APPROVED mapping changes evaluation: during a run a local code in the FHIR data
//! counts as its APPROVED standard code for value-set membership; PROPOSED, REVIEWED and
//! REJECTED mappings do not. APPROVED and REJECTED are final; a changed opinion is a new
//! proposal.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};

pub use ww_store::enums::MappingStatus;

/// A review decision on a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MappingDecision {
    /// PROPOSED -> REVIEWED.
    Review,
    /// REVIEWED -> APPROVED.
    Approve,
    /// PROPOSED or REVIEWED -> REJECTED.
    Reject,
}

/// The status a decision leads to from `from`, or a gate error naming the allowed move.
pub fn transition(from: MappingStatus, decision: MappingDecision) -> Result<MappingStatus> {
    use MappingDecision::*;
    use MappingStatus::*;
    match (from, decision) {
        (Proposed, Review) => Ok(Reviewed),
        (Reviewed, Approve) => Ok(Approved),
        (Proposed | Reviewed, Reject) => Ok(Rejected),
        (Proposed, Approve) => Err(Error::gate(
            "the mapping must be reviewed before it is approved",
        )),
        (s, d) => {
            let verb = match d {
                Review => "review",
                Approve => "approve",
                Reject => "reject",
            };
            let state = match s {
                Proposed => "proposed",
                Reviewed => "reviewed",
                Approved => "approved",
                Rejected => "rejected",
            };
            Err(Error::gate(if transition_target(d) == s {
                format!("the mapping is already {state}")
            } else {
                format!("cannot {verb} the mapping: it is already {state}")
            }))
        }
    }
}

fn transition_target(d: MappingDecision) -> MappingStatus {
    match d {
        MappingDecision::Review => MappingStatus::Reviewed,
        MappingDecision::Approve => MappingStatus::Approved,
        MappingDecision::Reject => MappingStatus::Rejected,
    }
}

/// Checks a confidence score is a finite number in 0..=1.
pub fn check_confidence(confidence: f64) -> Result<f64> {
    if confidence.is_finite() && (0.0..=1.0).contains(&confidence) {
        Ok(confidence)
    } else {
        Err(Error::invalid(format!(
            "mapping confidence must be between 0 and 1, got {confidence}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MappingDecision::*;
    use MappingStatus::*;

    #[test]
    fn transitions() {
        let cases = [
            (Proposed, Review, Some(Reviewed)),
            (Proposed, Approve, None),
            (Proposed, Reject, Some(Rejected)),
            (Reviewed, Review, None),
            (Reviewed, Approve, Some(Approved)),
            (Reviewed, Reject, Some(Rejected)),
            (Approved, Review, None),
            (Approved, Approve, None),
            (Approved, Reject, None),
            (Rejected, Review, None),
            (Rejected, Approve, None),
            (Rejected, Reject, None),
        ];
        for (from, d, to) in cases {
            assert_eq!(transition(from, d).ok(), to, "{from:?} {d:?}");
        }
    }

    /// QA finding F19/F4 wording: plain words, not raw status names.
    #[test]
    fn refusals_are_plain_sentences() {
        let msg = |from, d| transition(from, d).unwrap_err().to_string();
        assert_eq!(msg(Approved, Approve), "the mapping is already approved");
        assert_eq!(msg(Reviewed, Review), "the mapping is already reviewed");
        assert_eq!(
            msg(Rejected, Approve),
            "cannot approve the mapping: it is already rejected"
        );
        assert_eq!(
            msg(Approved, Reject),
            "cannot reject the mapping: it is already approved"
        );
    }

    #[test]
    fn confidence_range() {
        assert_eq!(check_confidence(0.0).unwrap(), 0.0);
        assert_eq!(check_confidence(1.0).unwrap(), 1.0);
        for bad in [-0.01, 1.01, f64::NAN, f64::INFINITY] {
            assert!(check_confidence(bad).is_err(), "{bad}");
        }
    }
}
