//! CQL run-time values and the operators of CQL Appendix B ("CQL Reference"), as plain
//! functions with no parser and no I/O. The evaluator (crate `ww-cql`) walks its AST and
//! calls these functions; every operator takes `&Value` operands and returns
//! [`Result<Value>`], with null propagation and three-valued logic as the spec says.
//!
//! Modules, by Appendix B section:
//! - [`value`], [`decimal`], [`temporal`]: the value model.
//! - [`render`]: CQL literal text; [`literal`]: parsing literal text into values.
//! - [`quantity`]: units and UCUM conversion.

pub mod decimal;
pub mod error;
pub mod quantity;
pub mod render;
pub mod temporal;
pub mod value;

pub use decimal::Decimal;
pub use error::{EvalError, Result};
pub use temporal::{Date, DateTime, Precision, Time};
pub use value::{Code, Concept, Interval, Quantity, Ratio, Resource, Tuple, Value, ValueType};
