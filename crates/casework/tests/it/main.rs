//! Integration tests of `ww-casework` (one test binary, one module per area).

mod csv_format;
mod sendgrid;
