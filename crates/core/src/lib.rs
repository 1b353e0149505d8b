//! WorkWell domain logic for runs, outcomes, evidence and cases (DOMAIN.md sections 1-5).
//!
//! The pure rules live in small modules with no database access:
//! [`period`] (measurement period), [`cycle`] (compliance cycle labels), [`case_rule`]
//! (the case upsert decision table), [`next_action`] (priority and next action),
//! [`why_flagged`] and [`evidence`] (the contract's `evidence_json`).

pub mod case_rule;
pub mod cycle;
pub mod evidence;
pub mod interpret;
pub mod next_action;
pub mod period;
pub mod spec;
pub mod status;
pub mod why_flagged;

/// Errors of the WorkWell domain layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A measure version's `spec_json` cannot be read.
    #[error("measure spec: {0}")]
    Spec(String),
    /// An input value (date, zone, status text) is not valid.
    #[error("{0}")]
    Invalid(String),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
