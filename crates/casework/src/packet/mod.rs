//! Audit packets (DOMAIN.md section 7; contract `audit_packet_exports`).
//!
//! A packet is everything an inspector needs about one CASE, RUN or MEASURE_VERSION, built
//! for exactly the requested entity and version (lesson: one packet loaded the latest
//! version instead), written as canonical JSON or one standalone HTML file. Its
//! `payload_hash` is the SHA-256 of the exact bytes written.

mod generate;
pub mod model;
pub mod render;
pub mod view;

pub use generate::{
    generate_packet, render_packet, verify_packet, write_packet, GeneratedPacket,
    PacketVerification,
};
pub use model::{
    case_packet, measure_version_packet, run_packet, CasePacket, MeasureVersionPacket, RunPacket,
};
pub use render::{canonicalize, html_bytes, json_bytes, sha256_hex, HtmlDocument, HtmlSection};
pub use ww_store::enums::{PacketFormat, PacketType};
