//! The one error type of ww-store.

use std::path::PathBuf;

/// Everything that can go wrong in the store. Messages name the file, table or value at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite reported an error (constraint, I/O, syntax, busy after the timeout).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed or the migration history does not match this build.
    #[error("migration error: {0}")]
    Migration(#[from] refinery::Error),
    /// Reading the file header failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file exists but is not a WorkWell database (another SQLite file or not SQLite at
    /// all). The file was not changed.
    #[error("{path} is not a WorkWell database ({reason}); the file was not changed")]
    NotWorkWell {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        reason: String,
    },
    /// The file was written by a newer WorkWell whose schema this build does not know.
    #[error(
        "{path} has schema version {found}, newer than this build of WorkWell supports \
         (up to {supported}); upgrade WorkWell to open it (the file was not changed)"
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// The schema version stored in the file.
        found: i64,
        /// The newest schema version this build embeds.
        supported: i64,
    },
    /// `PRAGMA integrity_check` reported damage. The file was not changed.
    #[error("{path} failed the SQLite integrity check: {detail}; the file was not changed")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The first lines reported by the check.
        detail: String,
    },
    /// A value read from or written to a column does not parse (enum, id, timestamp, JSON).
    #[error("invalid value for {what}: {value:?}")]
    InvalidValue {
        /// The column or type (e.g. `cases.status`, `CaseId`).
        what: &'static str,
        /// The offending text.
        value: String,
    },
    /// JSON (de)serialisation failed.
    #[error("JSON error in {context}: {source}")]
    Json {
        /// Where (table.column or file).
        context: String,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// A row that must exist does not.
    #[error("{what} not found: {id}")]
    NotFound {
        /// The kind of row (e.g. `measure`).
        what: &'static str,
        /// The id or key looked up.
        id: String,
    },
    /// A store-level rule was broken (e.g. the audit chain does not continue).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// A stable machine-readable code for the UI's `{code, message}` (never switch on the
    /// message text): `DATABASE`, `MIGRATION`, `IO`, `NOT_WORKWELL`, `NEWER_SCHEMA`, `CORRUPT`,
    /// `INVALID_VALUE`, `JSON`, `NOT_FOUND`, `INVALID`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Sqlite(_) => "DATABASE",
            Error::Migration(_) => "MIGRATION",
            Error::Io { .. } => "IO",
            Error::NotWorkWell { .. } => "NOT_WORKWELL",
            Error::NewerSchema { .. } => "NEWER_SCHEMA",
            Error::Corrupt { .. } => "CORRUPT",
            Error::InvalidValue { .. } => "INVALID_VALUE",
            Error::Json { .. } => "JSON",
            Error::NotFound { .. } => "NOT_FOUND",
            Error::Invalid(_) => "INVALID",
        }
    }
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
