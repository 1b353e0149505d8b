//! ww-store: the WorkWell SQLite store.
//!
//! * [`db`]: opening files ([`open`]), migrations, [`with_tx`], the concurrency contract.
//! * [`ids`]: typed ids; [`enums`]: every database enum, defined once; [`time`]: stored
//!   timestamp and date text.
//! * One module per table or aggregate with typed rows and insert / get / list functions.
//! * [`seed`]: the standard content and the demo workforce loaded by `workwell init`.
//!
//! The schema lives in the top-level `migrations/` folder (embedded at build time) and is
//! described in `docs/schema.md`.

pub mod db;
pub mod enums;
mod error;
pub mod ids;
pub mod time;

pub use db::{open, reopen, with_tx};
pub use error::{Error, Result};
