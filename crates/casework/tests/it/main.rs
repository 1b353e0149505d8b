//! Integration tests of `ww-casework` (one test binary, one module per area).

mod actions;
mod case_ledger;
mod csv_format;
mod exports;
mod fixture;
mod ledger;
mod moved_cases;
mod packets;
mod rerun;
mod sendgrid;
