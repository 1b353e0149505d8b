//! CQL run-time values and the operators of CQL Appendix B ("CQL Reference"), as plain
//! functions with no parser and no I/O. The evaluator (crate `ww-cql`) walks its AST and
//! calls these functions.
//!
//! # Conventions for the evaluator
//!
//! - Every operator is a free function `module::name(&Value, ...) -> Result<Value>`
//!   named after its Appendix B entry in snake case (`arith::truncated_divide`,
//!   `interval::meets_before`, `aggregate::population_std_dev`). Null operands give
//!   `Ok(Value::Null)` as the spec says; `Err(EvalError)` is a run-time error (overflow of
//!   date arithmetic, `singleton from` of several elements, `Message` with severity
//!   Error, invalid interval or literal).
//! - Booleans are three-valued: `Value::Boolean` or `Value::Null`.
//! - Operators that accept a precision (`same day as`, `before day of`, `in day of`)
//!   take `Option<Precision>`; `duration`/`difference` take a [`Precision`] unit.
//! - Operators that need the evaluation request's timezone take `default_offset: i32`
//!   minutes (`datetime::datetime_ctor`, `convert::to_datetime`, `convert::to_string_at`,
//!   `literal::parse_temporal_literal`); `Now`/`Today`/`TimeOfDay` take the request's
//!   timestamp as a [`DateTime`].
//! - Implicit Integer -> Long -> Decimal promotion is done by the operators themselves
//!   (`1 + 2.0` works on the raw values).
//! - `duration_between`/`difference_between` on imprecise values return an uncertainty:
//!   a closed Integer interval; `compare`, `equal` and the arithmetic operators accept it
//!   against numbers (`months between DateTime(2005) and DateTime(2006, 7) > 5`).
//! - Lists versus intervals: `list::*` and `interval::*` have the same names
//!   (`union`, `includes`, `contains`, `except`, ...); the evaluator picks by the
//!   operands' run-time type. `interval::selector` builds and validates an interval
//!   literal (`Interval[5, 1]` is an error).
//!
//! # Modules, by Appendix B section
//!
//! - [`value`], [`decimal`], [`temporal`]: the value model; [`error`]: run-time errors.
//! - [`render`]: CQL literal text ([`Value::to_cql_literal`]); [`literal`]: parsing
//!   literal text (`@2012-01-01T12:00`, `1.5`, `1L`, `5 'mg'`) into values.
//! - [`logic`]: and/or/xor/implies/not, IsNull/IsTrue/IsFalse/Coalesce, Message.
//! - [`compare`]: =, !=, ~, <, <=, >, >= and the sort order.
//! - [`arith`]: arithmetic, rounding, logarithms, successor/predecessor, minimum/maximum,
//!   precision and boundaries.
//! - [`datetime`]: date/time arithmetic, duration/difference between, components,
//!   same-as and before/after at a precision, constructors, Now/Today/TimeOfDay.
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
