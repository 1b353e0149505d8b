//! Integration tests of ww-cql: the conformance regression guard, library evaluation
//! over FHIR data, and the seeded demo measures against their fixtures.

mod conformance;
mod fixtures;
mod library;
mod robustness;
mod support;
