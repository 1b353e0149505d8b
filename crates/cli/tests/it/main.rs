//! End-to-end tests of the `workwell` binary (one integration-test binary, modules per area).

mod cql_eval;
mod governance;
