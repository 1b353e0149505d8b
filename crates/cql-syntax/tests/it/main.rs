//! Integration tests of ww-cql-syntax: one test binary, one module per area.

mod conformance;
mod expr;
mod lexer;
mod library;
mod line_index;
mod props;
mod speed;
