//! The one error type of the shell, and the `{code, message}` shape the UI receives.
//!
//! The UI switches on [`ErrorCode`], never on message text.

use serde::Serialize;
use ts_rs::TS;

/// A machine-readable error class, serialised as an UPPERCASE string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The requested row does not exist.
    NotFound,
    /// The action is not allowed in the current state (e.g. resolving a closed case).
    InvalidTransition,
    /// The arguments were rejected (bad id, bad date, a rule refused the action).
    InvalidInput,
    /// The database file cannot be used (not WorkWell, newer schema, damaged).
    DatabaseUnusable,
    /// SQLite or another storage failure.
    Database,
    /// Reading or writing a file failed.
    Io,
    /// The engine could not evaluate, render or verify (message says what).
    Engine,
    /// A background task failed or panicked.
    Internal,
}

/// What a failed command hands the UI: `{ "code": "NOT_FOUND", "message": "..." }`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    /// The class of failure, for the UI to switch on.
    pub code: ErrorCode,
    /// A sentence for a person, naming what was wrong.
    pub message: String,
}

/// Every failure of a shell command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] ww_store::Error),
    /// Case work, outreach, audit, packets or exports refused or failed.
    #[error(transparent)]
    Casework(#[from] ww_casework::Error),
    /// A run, import or evaluation failed.
    #[error(transparent)]
    Core(#[from] ww_core::Error),
    /// Value sets, mappings, waivers, integrations or demo reset refused or failed.
    #[error(transparent)]
    Governance(#[from] ww_governance::Error),
    /// Reading or writing a file failed (`path` names it).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// A background task did not finish (panicked or was cancelled).
    #[error("background task failed: {0}")]
    Task(String),
    /// The request itself was invalid.
    #[error("{0}")]
    Invalid(String),
}

impl AppError {
    fn store_code(e: &ww_store::Error) -> ErrorCode {
        match e {
            ww_store::Error::NotFound { .. } => ErrorCode::NotFound,
            ww_store::Error::InvalidValue { .. } | ww_store::Error::Invalid(_) => {
                ErrorCode::InvalidInput
            }
            ww_store::Error::NotWorkWell { .. }
            | ww_store::Error::NewerSchema { .. }
            | ww_store::Error::Corrupt { .. } => ErrorCode::DatabaseUnusable,
            _ => ErrorCode::Database,
        }
    }

    /// The machine-readable class of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Store(e) => AppError::store_code(e),
            AppError::Casework(e) => match e {
                ww_casework::Error::Store(inner) => AppError::store_code(inner),
                other => match other.code() {
                    "NOT_FOUND" => ErrorCode::NotFound,
                    "INVALID_TRANSITION" => ErrorCode::InvalidTransition,
                    "INVALID_INPUT" | "UNKNOWN_PLACEHOLDER" => ErrorCode::InvalidInput,
                    "DATABASE" => ErrorCode::Database,
                    "IO" => ErrorCode::Io,
                    _ => ErrorCode::Engine,
                },
            },
            AppError::Core(e) => match e {
                ww_core::Error::Store(inner) => AppError::store_code(inner),
                ww_core::Error::NotFound { .. } => ErrorCode::NotFound,
                ww_core::Error::Invalid(_) => ErrorCode::InvalidInput,
                _ => ErrorCode::Engine,
            },
            AppError::Governance(e) => match e {
                ww_governance::Error::Invalid(_) => ErrorCode::InvalidInput,
                ww_governance::Error::Gate(_) => ErrorCode::InvalidTransition,
                ww_governance::Error::NotFound(_) => ErrorCode::NotFound,
                ww_governance::Error::Db(_) => ErrorCode::Database,
                ww_governance::Error::Io { .. } => ErrorCode::Io,
            },
            AppError::Io { .. } => ErrorCode::Io,
            AppError::Task(_) => ErrorCode::Internal,
            AppError::Invalid(_) => ErrorCode::InvalidInput,
        }
    }
}

impl From<&AppError> for CommandError {
    fn from(e: &AppError) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CommandError::from(self).serialize(s)
    }
}

/// Result of a shell operation.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialise_as_code_and_message() {
        let e = AppError::Store(ww_store::Error::NotFound {
            what: "measure",
            id: "m-1".into(),
        });
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "NOT_FOUND", "message": "measure not found: m-1"})
        );
        let e = AppError::Invalid("as-of date 2026-13-01 is not a date".into());
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "INVALID_INPUT");
    }
}
