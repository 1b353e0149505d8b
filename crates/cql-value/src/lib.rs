//! CQL run-time values and the operators of CQL Appendix B ("CQL Reference"), as plain
//! functions with no parser and no I/O. The evaluator (crate `ww-cql`) walks its AST and
//! calls these functions; operators take `&Value` operands and return [`Result<Value>`],
//! with null propagation and three-valued logic as the spec says.
//!
//! Modules, by Appendix B section:
//! - [`value`], [`decimal`], [`temporal`]: the value model; [`error`]: run-time errors.
//! - [`render`]: CQL literal text ([`Value::to_cql_literal`]); [`literal`]: parsing
//!   literal text (`@2012-01-01T12:00`, `1.5`, `1L`) into values.
//! - [`logic`]: and/or/xor/implies/not, IsNull/IsTrue/IsFalse/Coalesce, Message.
//! - [`compare`]: =, !=, ~, <, <=, >, >=.
//! - [`arith`]: arithmetic, rounding, logarithms, successor/predecessor, min/max value,
//!   precision and boundaries.
//! - [`datetime`]: date/time arithmetic, between/difference, components, same-as,
//!   constructors, Now/Today/TimeOfDay.
//! - [`interval`], [`list`], [`aggregate`], [`string`], [`convert`]: the rest.
//! - [`quantity`], [`units`]: UCUM unit conversion and unit algebra.

pub mod aggregate;
pub mod arith;
pub mod compare;
pub mod convert;
pub mod datetime;
pub mod decimal;
pub mod error;
pub mod interval;
pub mod list;
pub mod literal;
pub mod logic;
pub mod quantity;
pub mod render;
pub mod string;
pub mod temporal;
pub mod units;
pub mod value;

pub use decimal::Decimal;
pub use error::{EvalError, Result};
pub use temporal::{Date, DateTime, Precision, Time};
pub use value::{Code, Concept, Interval, Quantity, Ratio, Resource, Tuple, Value, ValueType};
