//! The measure-version lifecycle as a pure state machine (issue 6, item 1).
//!
//! ```text
//! DRAFT --approve--> APPROVED --activate--> ACTIVE --deprecate--> DEPRECATED
//!                        \----------------deprecate-------------------^
//! ```
//!
//! Gates, checked here from plain facts so they can be tested without a database:
//!
//! * only a DRAFT is edited; saving its CQL resets the compile status to "not compiled";
//! * approval needs a DRAFT, a clean compile of the CQL as it is now (COMPILED or WARNINGS,
//!   not stale) and at least one test fixture, all passing;
//! * activation needs an APPROVED version; the previous ACTIVE version of the same measure is
//!   demoted to DEPRECATED in the same transaction, so one measure never has two ACTIVE versions;
//! * deprecation needs an APPROVED or ACTIVE version and a non-blank reason;
//! * a new version is a clone of the latest with a non-blank change summary.

use crate::{Error, Result};

pub use ww_store::enums::{CompileStatus, MeasureVersionStatus as VersionStatus};

/// True when a compile status allows approval and runs (COMPILED or WARNINGS).
pub fn is_clean_compile(status: Option<CompileStatus>) -> bool {
    matches!(
        status,
        Some(CompileStatus::Compiled | CompileStatus::Warnings)
    )
}

/// Facts about one version that the approval gate reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalFacts {
    /// Current status.
    pub status: VersionStatus,
    /// Stored compile status; None or NOT_COMPILED when never compiled or reset by a CQL save.
    pub compile_status: Option<CompileStatus>,
    /// True when the stored compile result was made from different CQL than the current text.
    pub compile_stale: bool,
    /// Number of test fixtures of the measure.
    pub fixtures_total: usize,
    /// Number of them whose actual outcome equals the expected one.
    pub fixtures_passed: usize,
}

/// Refuses editing anything but a DRAFT (approved versions are frozen; clone a new version).
pub fn check_editable(status: VersionStatus) -> Result<()> {
    if status == VersionStatus::Draft {
        Ok(())
    } else {
        Err(Error::gate(format!(
            "only a DRAFT version can be edited; this one is {}: create a new version",
            status.as_str()
        )))
    }
}

/// The approval gate: DRAFT, clean and current compile, every fixture passing.
pub fn check_approve(f: &ApprovalFacts) -> Result<()> {
    if f.status != VersionStatus::Draft {
        return Err(Error::gate(format!(
            "only a DRAFT version can be approved; this one is {}",
            f.status.as_str()
        )));
    }
    match f.compile_status {
        None | Some(CompileStatus::NotCompiled) => {
            return Err(Error::gate(
                "the CQL has not been compiled since it was last saved: compile it first",
            ))
        }
        Some(CompileStatus::Error) => {
            return Err(Error::gate(
                "the CQL has compile errors: fix them and compile again",
            ))
        }
        Some(_) if f.compile_stale => {
            return Err(Error::gate(
                "the compile result is for older CQL: compile the current text first",
            ))
        }
        Some(_) => {}
    }
    if f.fixtures_total == 0 {
        return Err(Error::gate(
            "the measure has no test fixtures: add at least one before approving",
        ));
    }
    if f.fixtures_passed < f.fixtures_total {
        return Err(Error::gate(format!(
            "{} of {} test fixtures fail: approval needs every fixture to pass",
            f.fixtures_total - f.fixtures_passed,
            f.fixtures_total
        )));
    }
    Ok(())
}

/// The activation gate: only an APPROVED version becomes ACTIVE.
pub fn check_activate(status: VersionStatus) -> Result<()> {
    if status == VersionStatus::Approved {
        Ok(())
    } else {
        Err(Error::gate(format!(
            "only an APPROVED version can be activated; this one is {}",
            status.as_str()
        )))
    }
}

/// The deprecation gate: APPROVED or ACTIVE, with a non-blank reason. Returns the trimmed reason.
pub fn check_deprecate(status: VersionStatus, reason: &str) -> Result<String> {
    if !matches!(status, VersionStatus::Approved | VersionStatus::Active) {
        return Err(Error::gate(format!(
            "only an APPROVED or ACTIVE version can be deprecated; this one is {}",
            status.as_str()
        )));
    }
    required_text("deprecation reason", reason)
}

/// Trims `text` and refuses it when blank, naming the field.
pub fn required_text(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        Err(Error::invalid(format!("a {field} is required")))
    } else {
        Ok(t.to_string())
    }
}

/// The version label after `latest`: `1.0` -> `1.1`, `v2.9` -> `v2.10`, `3` -> `4`;
/// anything else gets `.1` appended. Callers check the label is unused for the measure.
pub fn next_version_label(latest: &str) -> String {
    let (head, last) = match latest.rsplit_once('.') {
        Some((h, l)) => (Some(h), l),
        None => (None, latest),
    };
    let digits_start = last
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(last.len());
    let (prefix, number) = last.split_at(digits_start);
    match number.parse::<u64>() {
        Ok(n) if !number.is_empty() => match head {
            Some(h) => format!("{h}.{prefix}{}", n + 1),
            None => format!("{prefix}{}", n + 1),
        },
        _ => format!("{latest}.1"),
    }
}

/// Orders version labels numerically part by part (`1.10` after `1.9`), text parts as text.
pub fn compare_version_labels(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.trim_start_matches(['v', 'V'])
            .split('.')
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use VersionStatus::*;

    fn facts() -> ApprovalFacts {
        ApprovalFacts {
            status: Draft,
            compile_status: Some(CompileStatus::Compiled),
            compile_stale: false,
            fixtures_total: 3,
            fixtures_passed: 3,
        }
    }

    fn refused(r: Result<()>, needle: &str) {
        let err = r.expect_err("gate should refuse").to_string();
        assert!(err.contains(needle), "{err:?} lacks {needle:?}");
    }

    #[test]
    fn approval_gate() {
        assert!(check_approve(&facts()).is_ok());
        let warnings = ApprovalFacts {
            compile_status: Some(CompileStatus::Warnings),
            ..facts()
        };
        assert!(check_approve(&warnings).is_ok());
        for s in [Approved, Active, Deprecated] {
            refused(
                check_approve(&ApprovalFacts {
                    status: s,
                    ..facts()
                }),
                "only a DRAFT",
            );
        }
        refused(
            check_approve(&ApprovalFacts {
                compile_status: None,
                ..facts()
            }),
            "not been compiled",
        );
        refused(
            check_approve(&ApprovalFacts {
                compile_status: Some(CompileStatus::Error),
                ..facts()
            }),
            "compile errors",
        );
        refused(
            check_approve(&ApprovalFacts {
                compile_stale: true,
                ..facts()
            }),
            "older CQL",
        );
        refused(
            check_approve(&ApprovalFacts {
                fixtures_total: 0,
                fixtures_passed: 0,
                ..facts()
            }),
            "no test fixtures",
        );
        refused(
            check_approve(&ApprovalFacts {
                fixtures_passed: 2,
                ..facts()
            }),
            "1 of 3 test fixtures fail",
        );
    }

    #[test]
    fn activation_and_deprecation_gates() {
        assert!(check_activate(Approved).is_ok());
        for s in [Draft, Active, Deprecated] {
            refused(check_activate(s), "only an APPROVED");
        }
        assert_eq!(
            check_deprecate(Active, "  replaced by policy  ").unwrap(),
            "replaced by policy"
        );
        assert_eq!(check_deprecate(Approved, "x").unwrap(), "x");
        assert!(check_deprecate(Active, "   ").is_err());
        for s in [Draft, Deprecated] {
            assert!(check_deprecate(s, "reason").is_err());
        }
        assert!(check_editable(Draft).is_ok());
        for s in [Approved, Active, Deprecated] {
            refused(check_editable(s), "new version");
        }
    }

    #[test]
    fn version_labels() {
        for (from, to) in [
            ("1.0", "1.1"),
            ("1.9", "1.10"),
            ("v2.3", "v2.4"),
            ("3", "4"),
            ("v1", "v2"),
            ("2024-draft", "2024-draft.1"),
        ] {
            assert_eq!(next_version_label(from), to, "{from}");
        }
        use std::cmp::Ordering::*;
        assert_eq!(compare_version_labels("1.10", "1.9"), Greater);
        assert_eq!(compare_version_labels("v1.0", "1.0"), Equal);
        assert_eq!(compare_version_labels("1.0", "1.0.1"), Less);
    }
}
