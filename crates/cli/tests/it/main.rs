//! End-to-end tests of the `workwell` binary (one integration-test binary, modules per area).

mod broken_pipe;
mod cases_cli;
mod cql_eval;
mod governance;
mod runs_cli;
