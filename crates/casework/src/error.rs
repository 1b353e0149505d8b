//! The one error type of `ww-casework` and its stable codes for the UI.

use thiserror::Error;

/// Result of every fallible `ww-casework` function.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in case work, outreach, the audit ledger, packets and exports.
///
/// The UI switches on [`Error::code`], never on the message text.
#[derive(Debug, Error)]
pub enum Error {
    /// A SQLite statement failed.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// Reading or writing a file or stream failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// Writing a CSV record failed.
    #[error("csv error: {0}")]
    Csv(#[from] csv::Error),
    /// A JSON document could not be read or written.
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
    /// The HTML template could not be rendered.
    #[error("template error: {0}")]
    Template(#[from] minijinja::Error),
    /// The requested row does not exist (`entity` names the table, `id` the key asked for).
    #[error("{entity} {id} not found")]
    NotFound {
        /// Which kind of row was looked up (e.g. "case", "run", "measure version").
        entity: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// A case action is not allowed in the case's current state (DOMAIN.md section 5).
    #[error("cannot {} case {case_id}: {reason}", action_verb(action))]
    InvalidTransition {
        /// The case the action was aimed at.
        case_id: String,
        /// The action type that was refused (e.g. `RESOLVED`).
        action: &'static str,
        /// Why: names the current status or the missing input.
        reason: String,
    },
    /// An argument is missing or malformed; the message names the field.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// An outreach template has a placeholder that is not one of the four supported ones.
    #[error("template {template}: unknown placeholder {{{{{placeholder}}}}}")]
    UnknownPlaceholder {
        /// Template name.
        template: String,
        /// The placeholder name found between `{{` and `}}`.
        placeholder: String,
    },
    /// The one-employee evaluation of RERUN_TO_VERIFY failed.
    #[error("evaluation failed: {0}")]
    Evaluation(String),
    /// The audit hash chain does not verify; `event_id` is the first event that does not match.
    #[error("audit ledger broken at event {event_id}: {reason}")]
    LedgerBroken {
        /// Id of the first event whose stored hash or link does not match.
        event_id: i64,
        /// What did not match.
        reason: String,
    },
    /// An error from the store crate.
    #[error(transparent)]
    Store(#[from] ww_store::Error),
}

/// The plain verb phrase for a refused case action in messages ("cannot escalate case ..."),
/// from its action type text (`ESCALATED`); unknown texts are lowercased (QA finding F4).
fn action_verb(action: &str) -> String {
    match action {
        "ASSIGNED" => "assign".into(),
        "NOTE_ADDED" => "add a note to".into(),
        "OUTREACH_SENT" => "send outreach for".into(),
        "OUTREACH_DELIVERY_UPDATED" => "update the outreach delivery of".into(),
        "ESCALATED" => "escalate".into(),
        "APPOINTMENT_SCHEDULED" => "schedule an appointment for".into(),
        "RERUN_TO_VERIFY" => "rerun to verify".into(),
        "RESOLVED" => "resolve".into(),
        other => other.to_lowercase().replace('_', " "),
    }
}

impl Error {
    /// A stable, UPPERCASE code for the UI (`{ code, message }`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Db(_) | Error::Store(_) => "DATABASE",
            Error::Io(_) => "IO",
            Error::Csv(_) => "CSV",
            Error::Json(_) => "JSON",
            Error::Template(_) => "TEMPLATE",
            Error::NotFound { .. } => "NOT_FOUND",
            Error::InvalidTransition { .. } => "INVALID_TRANSITION",
            Error::Invalid(_) => "INVALID_INPUT",
            Error::UnknownPlaceholder { .. } => "UNKNOWN_PLACEHOLDER",
            Error::Evaluation(_) => "EVALUATION_FAILED",
            Error::LedgerBroken { .. } => "LEDGER_BROKEN",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_action_in_plain_words() {
        let e = Error::InvalidTransition {
            case_id: "c1".into(),
            action: "ESCALATED",
            reason: "the case is CLOSED".into(),
        };
        assert_eq!(e.to_string(), "cannot escalate case c1: the case is CLOSED");
        assert_eq!(action_verb("RESOLVED"), "resolve");
        assert_eq!(action_verb("OUTREACH_SENT"), "send outreach for");
        assert_eq!(action_verb("SOMETHING_NEW"), "something new");
    }
}
