//! WorkWell's CQL engine: library model and checker, evaluator over FHIR R4,
//! FHIRHelpers equivalent, data and terminology provider traits, and the conformance
//! runner for the cqframework/cql-tests suite.
//!
//! Specification: HL7 Clinical Quality Language 1.5.3 / 2.0 (https://cql.hl7.org).

pub mod api;
pub mod compile;
pub mod conformance;
pub mod data;
pub mod error;
pub(crate) mod eval;
pub mod fhir;
pub mod ir;
pub mod terminology;
pub mod typecheck;

pub use api::{
    compile_library, evaluate_expression, evaluate_expression_with, format_epoch_ms_utc,
    included_libraries, parameter_value, parse_now, CompiledLibrary, DefineResult,
    EvaluationRequest, ExpressionError,
};
pub use data::{
    CodeFilter, CodeRef, DataProvider, InMemoryData, NoData, Resource, RetrieveRequest,
};
pub use error::{Error, Result};
pub use terminology::{InMemoryTerminology, TerminologyProvider};
pub use ww_cql_syntax::{Diagnostic, Severity};
pub use ww_cql_value::{DateTime, EvalError, Value};
