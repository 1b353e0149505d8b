//! WorkWell measure governance (issue 6): how measures are authored, approved and fed.
//!
//! * [`lifecycle`]: the measure-version state machine DRAFT -> APPROVED -> ACTIVE ->
//!   DEPRECATED and its gates (pure).
//! * [`valueset`]: FHIR ValueSet / CSV parsing, expansion hash, resolution rules, diffs (pure).
//! * [`mapping_flow`]: the terminology-mapping review workflow (pure).
//!
//! Every operation that changes the database runs in one transaction together with its
//! audit event; the actor is the `settings` value `user_name`.

pub mod lifecycle;
pub mod mapping_flow;
pub mod valueset;

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

/// Result of governance operations.
pub type Result<T> = std::result::Result<T, Error>;
