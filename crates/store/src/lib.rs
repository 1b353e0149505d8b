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

pub mod audit_events;
pub mod cases;
pub mod db;
pub mod employees;
pub mod enums;
mod error;
pub mod fhir_resources;
pub mod ids;
pub mod integration_health;
pub mod measures;
pub mod osha_references;
pub mod outcomes;
pub mod outreach;
pub mod packet_exports;
pub mod runs;
pub mod seed;
pub mod settings;
mod sqlutil;
pub mod terminology_mappings;
pub mod time;
pub mod value_sets;
pub mod waivers;

pub use db::{open, reopen, with_tx};
pub use error::{Error, Result};
pub use value_sets::expansion_hash;
