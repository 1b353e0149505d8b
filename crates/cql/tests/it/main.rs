//! Integration tests of ww-cql: the conformance regression guard and library
//! evaluation over FHIR data.

mod conformance;
mod library;
