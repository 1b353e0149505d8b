//! WorkWell measure governance (issue 6): how measures are authored, approved and fed.
//!
//! * [`lifecycle`]: the measure-version state machine DRAFT -> APPROVED -> ACTIVE ->
//!   DEPRECATED and its gates (pure).
//! * [`valueset`]: FHIR ValueSet / CSV parsing, expansion hash, resolution rules, diffs (pure).
//! * [`mapping_flow`]: the terminology-mapping review workflow (pure).
//!
//! Over the store, one transaction per user action with its audit event (the actor is the
//! `settings` value `user_name`):
//!
//! * [`measures`]: create, new version, save CQL/spec, approve, activate, deprecate, links;
//!   activation carries the measure's open cases over to the new version ([`carry_over`]);
//!   deprecating the ACTIVE version without a successor closes them ([`retire`]);
//! * [`compile`]: compile through the CQL engine, value-set link check;
//! * [`fixtures`]: test fixtures and their validation through the run engine's seam;
//!   [`fixture_check`] reads and checks them (naming the field), [`fixture_edit`] adds, edits
//!   and removes them for a DRAFT version;
//! * [`valuesets`]: import (FHIR JSON, CSV), diff; [`mappings`]: the review workflow;
//! * [`waivers`]: grant (effective start to expiry, eligibility warnings), revoke, list with
//!   employee names, [`waivers::active_waiver`];
//! * [`integrations`]: health checks; [`demo_reset`]: a fresh demo file, the old one kept
//!   (only over a demo database unless forced).

pub mod audit;
pub mod carry_over;
pub mod compile;
pub mod demo_reset;
pub mod fixture_check;
pub mod fixture_edit;
pub mod fixtures;
pub mod integrations;
pub mod lifecycle;
pub mod mapping_flow;
pub mod mappings;
pub mod measures;
pub mod retire;
pub mod rule_integrity;
pub mod settings;
pub mod spec_value_sets;
pub mod valueset;
pub mod valuesets;
pub mod waivers;

mod seed_data {
    include!(concat!(env!("OUT_DIR"), "/seed_fixtures.rs"));
}

pub use fixtures::seed_fixtures;
/// The connection type every function takes (re-exported for callers without rusqlite).
pub use rusqlite::Connection;
pub use waivers::active_waiver;

/// Errors of the governance crate. The `code()` of each variant is what the UI switches on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: malformed JSON/CSV, a blank required field, an out-of-range number.
    #[error("{0}")]
    Invalid(String),
    /// A lifecycle or workflow gate refused the action (the message says what is missing).
    #[error("{0}")]
    Gate(String),
    /// The referenced row does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// An SQLite error.
    #[error("database: {0}")]
    Db(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub(crate) fn gate(msg: impl Into<String>) -> Self {
        Error::Gate(msg.into())
    }

    /// A stable machine-readable code: `INVALID`, `GATE`, `NOT_FOUND`, `DB`, `IO`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "INVALID",
            Error::Gate(_) => "GATE",
            Error::NotFound(_) => "NOT_FOUND",
            Error::Db(_) => "DB",
            Error::Io { .. } => "IO",
        }
    }
}

impl From<ww_store::Error> for Error {
    fn from(e: ww_store::Error) -> Self {
        match e {
            ww_store::Error::NotFound { what, id } => Error::NotFound(format!("{what} {id}")),
            ww_store::Error::InvalidValue { what, value } => {
                Error::Invalid(format!("invalid {what}: {value:?}"))
            }
            ww_store::Error::Invalid(msg) => Error::Invalid(msg),
            other => Error::Db(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Db(e.to_string())
    }
}

/// Result of governance operations.
pub type Result<T> = std::result::Result<T, Error>;
