//! FHIR R4 JSON input for WorkWell (DOMAIN.md section 8, integration `fhir`).
//!
//! Reads the shapes a site hands us: Bundles (`collection`, `transaction`, `batch`,
//! `searchset`, `document`: every `entry.resource`), single resources, and FHIR Bulk Data
//! NDJSON files, from files or folders (recursively, `*.ndjson` and `*.json`). Every
//! problem is reported as `FILE:LINE: what is wrong`, where LINE is the NDJSON line or, for
//! JSON files, the line where the offending value starts.
//!
//! This crate never touches SQLite: it returns [`Resource`] values and the importer in
//! `ww-core` stores them.

mod dates;
mod json_pos;
mod read;
mod reference;

use std::path::PathBuf;

pub use read::{read_paths, read_paths_cancellable, read_str, SourceKind};
pub use reference::{patient_display_name, patient_id_of, reference_patient_id};

/// Errors from reading FHIR input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read. The operating system's error is part of the
    /// message and deliberately not a `source`, so a chain printer (`{:#}`) does not show it
    /// twice.
    #[error("{path}: {error}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// The content is not valid FHIR R4 JSON of a shape we accept.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file (as given or found while walking a folder).
        file: String,
        /// 1-based line: the NDJSON line, or the line where the bad JSON value starts.
        line: usize,
        /// What is wrong, in words for the person who made the file.
        message: String,
    },
    /// Reading was cancelled (the cancel flag of [`read_paths_cancellable`] was set).
    #[error("cancelled while reading the input")]
    Cancelled,
    /// A path given on the command line holds no `*.ndjson` or `*.json` file.
    #[error("{0}: no .ndjson or .json files found")]
    NoInput(PathBuf),
    /// Several problems: every bad line or resource of the input, in file and line order, up
    /// to [`MAX_REPORTED`]; `more` counts the ones left out. Shown one per line.
    #[error("{}", show_many(.problems, *.more))]
    Many {
        /// The problems reported (never [`Error::Many`] themselves).
        problems: Vec<Error>,
        /// Problems found beyond the ones reported.
        more: usize,
    },
}

/// Most problems one read reports; the rest are counted (a file with thousands of bad lines
/// is usually one mistake repeated).
pub const MAX_REPORTED: usize = 50;

fn show_many(problems: &[Error], more: usize) -> String {
    let mut lines: Vec<String> = problems.iter().map(Error::to_string).collect();
    if more > 0 {
        lines.push(format!("... and {more} more problem(s)"));
    }
    lines.join("\n")
}

impl Error {
    /// Every problem this error stands for, one per entry (`FILE:LINE: ...`).
    pub fn problems(&self) -> Vec<String> {
        match self {
            Error::Many { problems, .. } => problems.iter().map(Error::to_string).collect(),
            other => vec![other.to_string()],
        }
    }
}

/// Collects problems while reading goes on, so the whole input is reported at once.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Error>,
    more: usize,
}

impl Problems {
    /// Adds one problem (a [`Error::Many`] is flattened).
    pub(crate) fn push(&mut self, e: Error) {
        match e {
            Error::Many { problems, more } => {
                for p in problems {
                    self.push(p);
                }
                self.more += more;
            }
            e if self.list.len() < MAX_REPORTED => self.list.push(e),
            _ => self.more += 1,
        }
    }

    /// `Ok(value)` when nothing was wrong, else the one problem or [`Error::Many`].
    pub(crate) fn into_result<T>(mut self, value: T) -> Result<T> {
        match (self.list.len(), self.more) {
            (0, _) => Ok(value),
            (1, 0) => Err(self.list.remove(0)),
            _ => Err(Error::Many {
                problems: self.list,
                more: self.more,
            }),
        }
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Where a resource came from: file and 1-based line (see the crate docs for what line means).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name as given or found.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One FHIR resource read from the input, with the facts the store indexes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// `resourceType`, e.g. `Procedure`.
    pub resource_type: String,
    /// Logical id (`Resource.id`, FHIR R4 `[A-Za-z0-9\-\.]{1,64}`).
    pub id: String,
    /// Id of the Patient this resource belongs to: the id itself for a Patient, else the
    /// target of `subject` / `patient` (see [`patient_id_of`]); `None` when it has none.
    pub patient_id: Option<String>,
    /// The resource as JSON.
    pub json: serde_json::Value,
    /// Where it was read.
    pub origin: Origin,
}
