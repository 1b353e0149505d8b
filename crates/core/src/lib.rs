//! WorkWell domain logic for runs, outcomes, evidence and cases (DOMAIN.md sections 1-5).
//!
//! Pure rules, no database: [`period`] (measurement period), [`cycle`] (compliance cycle
//! labels), [`spec`] (measure settings), [`case_rule`] (the case upsert decision table),
//! [`next_action`] (priority and next action), [`why_flagged`], [`evidence`] and
//! [`interpret`] (define results -> outcome with the contract's `evidence_json`).
//!
//! Over the store: [`import`] (FHIR and roster imports), [`cases`] (case upsert with audit),
//! [`run`] (evaluation runs), with the evaluation seam [`evaluator`] implemented by
//! [`cql_eval`] over the WorkWell CQL engine, its data provider [`fhir_data`] and its
//! terminology provider [`terminology`].

pub mod case_rule;
pub mod cases;
pub mod cql_eval;
pub mod cycle;
pub mod evaluator;
pub mod evidence;
pub mod fhir_data;
pub mod import;
pub mod interpret;
pub mod next_action;
pub mod overview;
pub mod period;
pub mod read;
pub mod run;
pub mod spec;
pub mod status;
pub mod terminology;
pub mod why_flagged;

/// Errors of the WorkWell domain layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A measure version's `spec_json` cannot be read.
    #[error("measure spec: {0}")]
    Spec(String),
    /// An input value (date, zone, status text, scope) is not valid.
    #[error("{0}")]
    Invalid(String),
    /// Something the request names does not exist.
    #[error("{what} not found: {key}")]
    NotFound {
        /// What was looked up (e.g. `measure`).
        what: &'static str,
        /// The id or key given.
        key: String,
    },
    /// FHIR input could not be read (`FILE:LINE: ...`).
    #[error(transparent)]
    Fhir(#[from] ww_fhir::Error),
    /// Roster CSV rows are bad; every bad row as `FILE:LINE: ...`, one per line, then a line
    /// saying that nothing was imported (QA G10).
    #[error("{}\nnothing imported: {} problem(s) in the roster; the good rows were not imported either", .0.join("\n"), .0.len())]
    Roster(Vec<String>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] ww_store::Error),
    /// A run stopped on a store error after its run row was written (QA G15): it was marked
    /// FAILED (`recorded`; otherwise the next start marks it), and the batches committed
    /// before the error are kept (`kept` says what).
    #[error("run {run_id} stopped on a store error ({}; {kept}): {source}", if *.recorded { "marked FAILED" } else { "not yet marked FAILED: the next command will" })]
    RunStopped {
        /// The run.
        run_id: ww_store::ids::RunId,
        /// Whether its FAILED status was written.
        recorded: bool,
        /// What the committed batches kept, as a sentence.
        kept: String,
        /// The store error.
        #[source]
        source: Box<Error>,
    },
    /// The user cancelled (Ctrl-C); what the operation had done is rolled back. The text says
    /// what was left unchanged.
    #[error("cancelled: {0}")]
    Cancelled(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(ww_store::Error::Sqlite(e))
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
