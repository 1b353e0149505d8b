//! WorkWell's CQL engine: library model and checker, evaluator over FHIR R4,
//! FHIRHelpers equivalent, data and terminology provider traits, and the conformance
//! runner for the cqframework/cql-tests suite.
//!
//! Specification: HL7 Clinical Quality Language 1.5.3 / 2.0 (https://cql.hl7.org).

pub mod conformance;
pub mod data;
pub mod error;
pub mod fhir;
pub mod terminology;

pub use data::{
    CodeFilter, CodeRef, DataProvider, InMemoryData, NoData, Resource, RetrieveRequest,
};
pub use error::{Error, Result};
pub use terminology::{InMemoryTerminology, TerminologyProvider};
