//! Status values used by the rules of this crate (DOMAIN.md sections 1 and 5).
//!
//! Database text is UPPERCASE and compared exactly; `as_str` is the only spelling.

use crate::{Error, Result};
use std::fmt;
use std::str::FromStr;

macro_rules! upper_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The UPPERCASE text stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(Error::Invalid(format!(
                        concat!("\"{}\" is not a ", stringify!($name), " (expected one of {})"),
                        other,
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }
    };
}

upper_enum!(
    /// Outcome of one employee for one measure (DOMAIN.md section 1).
    OutcomeStatus {
        /// The last qualifying event is inside its window.
        Compliant => "COMPLIANT",
        /// Due within the due-soon lead time, or the baseline is not yet due.
        DueSoon => "DUE_SOON",
        /// Past its due date.
        Overdue => "OVERDUE",
        /// Nothing on record, or the evaluation failed.
        MissingData => "MISSING_DATA",
        /// In the population but exempt at the as-of date.
        Excluded => "EXCLUDED",
    }
);

upper_enum!(
    /// Case status (DOMAIN.md section 5): OPEN and IN_PROGRESS are active, the rest terminal.
    CaseStatus {
        /// Needs work.
        Open => "OPEN",
        /// Someone is on it (an appointment is scheduled).
        InProgress => "IN_PROGRESS",
        /// Closed by the system after a COMPLIANT outcome.
        Resolved => "RESOLVED",
        /// Closed by a person.
        Closed => "CLOSED",
        /// Tracks an exemption.
        Excluded => "EXCLUDED",
    }
);

upper_enum!(
    /// Case priority (DOMAIN.md section 5).
    Priority {
        /// OVERDUE.
        High => "HIGH",
        /// DUE_SOON and MISSING_DATA.
        Medium => "MEDIUM",
        /// Anything else.
        Low => "LOW",
    }
);

impl OutcomeStatus {
    /// OVERDUE, DUE_SOON and MISSING_DATA: the outcomes that call for a case.
    pub fn needs_action(self) -> bool {
        matches!(
            self,
            OutcomeStatus::Overdue | OutcomeStatus::DueSoon | OutcomeStatus::MissingData
        )
    }
}

impl CaseStatus {
    /// OPEN or IN_PROGRESS.
    pub fn is_active(self) -> bool {
        matches!(self, CaseStatus::Open | CaseStatus::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_exact_case() {
        for s in OutcomeStatus::ALL {
            assert_eq!(s.as_str().parse::<OutcomeStatus>().unwrap(), *s);
        }
        for s in CaseStatus::ALL {
            assert_eq!(s.as_str().parse::<CaseStatus>().unwrap(), *s);
        }
        let err = "overdue".parse::<OutcomeStatus>().unwrap_err().to_string();
        assert_eq!(
            err,
            "\"overdue\" is not a OutcomeStatus (expected one of COMPLIANT, DUE_SOON, OVERDUE, MISSING_DATA, EXCLUDED)"
        );
    }
}
