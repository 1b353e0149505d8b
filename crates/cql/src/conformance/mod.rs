//! The conformance runner for cqframework/cql-tests.

pub mod suite;
