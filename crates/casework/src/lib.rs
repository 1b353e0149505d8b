//! `ww-casework`: what a safety officer does with a flagged employee and what an auditor
//! takes away (issue 5; DOMAIN.md sections 5-7).
//!
//! * [`export`]: CSV exports with the contract's columns, formula-neutralised, streamed.
//! * [`outreach`]: templates, preview, the [`outreach::EmailService`] providers.
//! * [`packet`]: CASE / RUN / MEASURE_VERSION audit packets in JSON and HTML.

mod error;
pub mod export;
pub mod outreach;
pub mod packet;

pub use error::{Error, Result};
