//! Lexer, parser and syntax tree for HL7 Clinical Quality Language (CQL 1.5 / 2.0).
//!
//! Written by hand from the grammar `Cql.g4` (repository HL7/cql, folder `grammar`): a
//! recursive-descent parser for libraries and a precedence-climbing (Pratt) parser for
//! expressions, with the operator precedence of the grammar's alternative order.
//!
//! - [`parse_expression`] parses one expression (as in the conformance tests);
//! - [`parse_library`] parses a whole library, recovering at the next statement after an
//!   error so that every independent error is reported once;
//! - every node of the tree ([`ast`]) carries a byte [`Span`]; [`LineIndex`] turns a byte
//!   offset into a 1-based line and column, and each [`Diagnostic`] already carries both.
//!
//! Nesting deeper than the parser's limit is reported as an error instead of
//! overflowing the stack.

pub mod ast;
mod diagnostic;
pub mod lexer;

pub use ast::*;
pub use diagnostic::{Diagnostic, LineIndex, Severity};
mod parser;

pub use parser::{
    parse_expression, parse_expression_with_diagnostics, parse_library, MAX_CHAIN, MAX_DEPTH,
};
mod print;

pub use print::{expr_to_cql, expr_to_cql_grouped, timing_phrase_to_cql, type_to_cql};
