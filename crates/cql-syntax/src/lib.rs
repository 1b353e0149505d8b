//! Lexer, parser and syntax tree for HL7 Clinical Quality Language (CQL 1.5 / 2.0).
//!
//! Written by hand from the grammar `Cql.g4` (repository HL7/cql, folder `grammar`): a
//! recursive-descent parser for libraries and a precedence-climbing (Pratt) parser for
//! expressions, with the operator precedence of the grammar's alternative order (see the
//! table in the `parser::expr` module).
//!
//! - [`parse_expression`] parses one expression (as in the conformance tests);
//! - [`parse_library`] parses a whole library, recovering at the next statement after an
//!   error so that every independent error is reported once;
//! - every node of the tree ([`ast`]) carries a byte [`Span`] and expressions a [`NodeId`];
//!   [`LineIndex`] turns a byte offset into a 1-based line and column, and each
//!   [`Diagnostic`] already carries both (`Display`: `LINE:COL: error: MESSAGE`);
//! - [`expr_to_cql`] prints an expression back as CQL (it re-parses to the same tree),
//!   [`library_to_cql`] a whole library;
//!   [`Expr::walk`] and [`Expr::children`] visit sub-expressions.
//!
//! Nesting deeper than [`MAX_DEPTH`], or more than [`MAX_CHAIN`] operators in a row, is
//! reported as an error instead of overflowing the stack.
//!
//! Not supported (reported as errors): the CQL 2.0 trial-use model definitions
//! (`define context ... of type`, `define type`, `define implicit|explicit conversion`) and
//! `union all [ordered]` (and the other set operators with `all`). Accepted beyond CQL 2.0:
//! the words CQL 2.0 made keywords (`type`, `path`, `label`, ...) still name things as in
//! CQL 1.5, and CQL 1.3's `timezone from` (with a warning).
//!
//! ```
//! use ww_cql_syntax::{parse_expression, expr_to_cql_grouped};
//! let e = parse_expression("1 + 2 * 3 > 6 and exists X.y").unwrap();
//! assert_eq!(expr_to_cql_grouped(&e), "((1 + (2 * 3)) > 6) and (exists (X.y))");
//! ```

#![warn(missing_docs)]

pub mod ast;
mod diagnostic;
pub mod lexer;
mod parser;
mod print;
mod visit;

pub use ast::*;
pub use diagnostic::{Diagnostic, LineIndex, Severity};
pub use parser::{
    parse_expression, parse_expression_with_diagnostics, parse_library, MAX_CHAIN, MAX_DEPTH,
};
pub use print::{
    expr_to_cql, expr_to_cql_grouped, library_to_cql, timing_phrase_to_cql, type_to_cql,
};
