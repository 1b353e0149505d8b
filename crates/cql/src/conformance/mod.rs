//! The conformance runner for cqframework/cql-tests.

pub mod runner;
pub mod suite;

pub use runner::{
    conformance_now, judge, run_file, run_test, suite_files, FileReport, TestOutcome,
};
pub use suite::{read_suite, Invalid, TestCase};
