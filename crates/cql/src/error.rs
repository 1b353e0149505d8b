//! The crate's error type.

use std::path::PathBuf;

/// Errors of the CQL engine outside of per-define evaluation (loading data, reading
/// conformance files, compiling a library).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// FHIR input that is not valid JSON or not a FHIR resource.
    #[error("{location}: {message}")]
    Data {
        /// `FILE` or `FILE:LINE` of the bad input.
        location: String,
        /// What is wrong.
        message: String,
    },
    /// A conformance XML file that cannot be read.
    #[error("{path}: invalid conformance XML: {message}")]
    Xml {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A library that did not compile (the diagnostics say why).
    #[error("library has {0} error(s)")]
    Compile(usize),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;
