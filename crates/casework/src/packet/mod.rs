//! Audit packets (DOMAIN.md section 7; contract `audit_packet_exports`).
//!
//! A packet is everything an inspector needs about one CASE, RUN or MEASURE_VERSION, built
//! for exactly the requested entity and version (lesson: one packet loaded the latest
//! version instead), written as canonical JSON or one standalone HTML file.

pub mod render;

pub use render::{canonicalize, html_bytes, json_bytes, sha256_hex, HtmlDocument, HtmlSection};
