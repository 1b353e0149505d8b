//! Integration tests of ww-cql-value: data-driven checks taken from the CQL conformance
//! suite (`cql-tests`), plus property tests.

mod aggregate;
mod arith;
mod choices;
mod compare;
mod conformance;
mod convert;
mod datetime;
mod interval;
mod list;
mod measures;
mod probe;
mod props;
mod render;
mod string;
mod support;
