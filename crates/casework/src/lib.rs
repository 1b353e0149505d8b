//! `ww-casework`: what a safety officer does with a flagged employee and what an auditor
//! takes away (issue 5; DOMAIN.md sections 5-7).
//!
//! * [`cases`]: the filtered, SQL-paged case list, case detail and timeline.
//! * [`worklist`]: the case list paged by keyset (a cursor) and one employee's open cases.
//! * [`admin_outreach`]: the delivery log across cases and template sample previews.
//! * [`actions`]: ASSIGNED, NOTE_ADDED, ESCALATED, APPOINTMENT_SCHEDULED, RESOLVED.
//! * [`rerun`]: RERUN_TO_VERIFY, a real one-employee run through ww-core's engine.
//! * [`audit`]: the ledger list with filters and the hash-chain verification.
//! * [`outreach`]: templates, preview, the [`outreach::EmailService`] providers, OUTREACH_SENT
//!   and OUTREACH_DELIVERY_UPDATED.
//! * [`export`]: CSV exports with the contract's columns, formula-neutralised, streamed.
//! * [`packet`]: CASE / RUN / MEASURE_VERSION audit packets in JSON and HTML.
//!
//! Every write is one `ww_store::with_tx` transaction holding the change, its `case_actions`
//! row (for case actions) and its audit event, with `settings.user_name` as the actor.

pub mod actions;
pub mod admin_outreach;
pub mod audit;
pub mod cases;
mod context;
mod error;
pub mod export;
pub mod outreach;
pub mod packet;
pub mod rerun;
pub mod worklist;

pub use context::{actor, today};
pub use error::{Error, Result};
/// The SQLite connection type every function here takes (re-exported for callers).
pub use rusqlite::Connection;
