//! Generating a packet (bytes + export record + audit event) and verifying a packet file.

use super::model::{case_packet, measure_version_packet, run_packet};
use super::render::{html_bytes, json_bytes, sha256_hex};
use super::view::{case_document, measure_version_document, run_document};
use crate::context::actor;
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use std::io::Write as _;
use std::path::Path;
use ww_store::audit_events::{append, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType, PacketFormat, PacketType};
use ww_store::ids::{CaseId, MeasureVersionId, PacketExportId, RunId};
use ww_store::packet_exports::PacketExport;
use ww_store::time::now_ts;

/// The exact bytes of a packet in `format`, built from the database (no write).
///
/// Errors: [`Error::Invalid`] for an `entity_id` that is not a UUID; [`Error::NotFound`]
/// for an unknown entity; rendering errors.
pub fn render_packet(
    conn: &Connection,
    packet_type: PacketType,
    entity_id: &str,
    format: PacketFormat,
) -> Result<Vec<u8>> {
    let bad_id = |_| Error::Invalid(format!("{packet_type} id '{entity_id}' is not a UUID"));
    match packet_type {
        PacketType::Case => {
            let p = case_packet(conn, CaseId::parse(entity_id).map_err(bad_id)?)?;
            match format {
                PacketFormat::Json => json_bytes(&p),
                PacketFormat::Html => html_bytes(&case_document(&p)),
            }
        }
        PacketType::Run => {
            let p = run_packet(conn, RunId::parse(entity_id).map_err(bad_id)?)?;
            match format {
                PacketFormat::Json => json_bytes(&p),
                PacketFormat::Html => html_bytes(&run_document(&p)),
            }
        }
        PacketType::MeasureVersion => {
            let p =
                measure_version_packet(conn, MeasureVersionId::parse(entity_id).map_err(bad_id)?)?;
            match format {
                PacketFormat::Json => json_bytes(&p),
                PacketFormat::Html => html_bytes(&measure_version_document(&p)),
            }
        }
    }
}

/// A generated packet: its bytes and the export record written for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedPacket {
    /// The exact bytes to write to the file.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The `audit_packet_exports` row (payload hash and size included).
    pub export: PacketExport,
    /// Id of the AUDIT_PACKET_GENERATED event.
    pub audit_event_id: i64,
}

/// Builds the packet and, in one transaction, records it in `audit_packet_exports` and the
/// ledger (AUDIT_PACKET_GENERATED, actor = settings user). The packet is read inside the
/// same transaction, so the recorded hash is that of exactly these bytes.
///
/// Errors: as [`render_packet`]; database errors (nothing is recorded then).
pub fn generate_packet(
    conn: &mut Connection,
    packet_type: PacketType,
    entity_id: &str,
    format: PacketFormat,
) -> Result<GeneratedPacket> {
    ww_store::with_tx(conn, |tx| record_packet(tx, packet_type, entity_id, format))
}

/// Builds the packet, writes it to `out` and records it, so that the record exists only for
/// bytes that are on disk (QA finding G2; DOMAIN.md section 7 "payload_hash = SHA-256 of the
/// exact bytes written"). In one transaction: render, insert the `audit_packet_exports` row
/// and the AUDIT_PACKET_GENERATED event, write the bytes to a temporary file in `out`'s
/// folder, flush it to disk and rename it onto `out`; only then commit. A failed write rolls
/// the record back (nothing is recorded, no temporary file is left); a failed commit removes
/// the written file.
///
/// Errors: as [`generate_packet`]; [`Error::Io`] naming the file when it cannot be written.
pub fn write_packet(
    conn: &mut Connection,
    packet_type: PacketType,
    entity_id: &str,
    format: PacketFormat,
    out: &Path,
) -> Result<GeneratedPacket> {
    let mut written = false;
    let result = ww_store::with_tx(conn, |tx| {
        let g = record_packet(tx, packet_type, entity_id, format)?;
        write_atomically(out, &g.bytes)?;
        written = true;
        Ok(g)
    });
    if result.is_err() && written {
        // The record was not committed: the file must not outlive it.
        let _ = std::fs::remove_file(out);
    }
    result
}

/// Writes `bytes` to a temporary file beside `out`, syncs it and renames it onto `out`.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let named = |e: std::io::Error| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", out.display()),
        ))
    };
    let name = out
        .file_name()
        .ok_or_else(|| Error::Invalid(format!("{} does not name a file", out.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", uuid::Uuid::new_v4()));
    let tmp = out.with_file_name(tmp_name);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, out)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        named(e)
    })
}

/// Renders the packet and records it (export row + ledger event) inside `tx`.
fn record_packet(
    tx: &Connection,
    packet_type: PacketType,
    entity_id: &str,
    format: PacketFormat,
) -> Result<GeneratedPacket> {
    {
        let bytes = render_packet(tx, packet_type, entity_id, format)?;
        let who = actor(tx)?;
        let export = PacketExport {
            id: PacketExportId::new(),
            packet_type,
            entity_id: entity_id.to_lowercase(),
            format,
            generated_by: who.clone(),
            generated_at: now_ts(),
            payload_hash: Some(sha256_hex(&bytes)),
            payload_size_bytes: Some(bytes.len() as i64),
        };
        ww_store::packet_exports::insert(tx, &export)?;
        let mut event = NewAuditEvent::new(
            AuditEventType::AuditPacketGenerated,
            EntityType::AuditPacket,
            Some(export.id.to_string()),
            &who,
        )
        .payload(json!({
            "packetType": packet_type.as_str(),
            "entityId": export.entity_id,
            "format": format.as_str(),
            "payloadHash": export.payload_hash,
            "payloadSizeBytes": export.payload_size_bytes,
        }));
        event = match packet_type {
            PacketType::Case => event.case(CaseId::parse(entity_id)?),
            PacketType::Run => event.run(RunId::parse(entity_id)?),
            PacketType::MeasureVersion => {
                event.measure_version(MeasureVersionId::parse(entity_id)?)
            }
        };
        let (audit_event_id, _) = append(tx, &event)?;
        Ok(GeneratedPacket {
            bytes,
            export,
            audit_event_id,
        })
    }
}

/// What `packet verify` found for a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PacketVerification {
    /// SHA-256 of the file's bytes.
    pub payload_hash: String,
    /// The file's size.
    pub size_bytes: u64,
    /// Export records with this hash (and size), newest first; empty = not verified.
    pub matching_exports: Vec<PacketExport>,
    /// The packet type and entity the file claims to be about, when readable.
    pub claimed_entity: Option<(String, String)>,
    /// Hashes recorded for the claimed entity (to show what was expected on a mismatch).
    pub recorded_hashes_for_entity: Vec<String>,
}

impl PacketVerification {
    /// True when an export record has exactly this hash and size.
    pub fn is_verified(&self) -> bool {
        !self.matching_exports.is_empty()
    }
}

/// The (packet type, entity id) a packet file names: `packet_type` / `entity_id` of a JSON
/// packet, or the `workwell-packet-type` / `workwell-entity-id` meta tags of an HTML one.
fn claimed_entity(bytes: &[u8]) -> Option<(String, String)> {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let t = v.get("packet_type")?.as_str()?.to_string();
        let id = v.get("entity_id")?.as_str()?.to_string();
        return Some((t, id));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let meta = |name: &str| {
        let marker = format!("<meta name=\"{name}\" content=\"");
        let start = text.find(&marker)? + marker.len();
        let end = text[start..].find('"')?;
        Some(text[start..start + end].to_string())
    };
    Some((meta("workwell-packet-type")?, meta("workwell-entity-id")?))
}

/// Recomputes the SHA-256 of `bytes` and looks up export records with that hash and size.
pub fn verify_packet(conn: &Connection, bytes: &[u8]) -> Result<PacketVerification> {
    let payload_hash = sha256_hex(bytes);
    let size_bytes = bytes.len() as u64;
    let matching_exports = ww_store::packet_exports::find_by_hash(conn, &payload_hash)?
        .into_iter()
        .filter(|e| e.payload_size_bytes == Some(size_bytes as i64))
        .collect();
    let claimed = claimed_entity(bytes);
    let mut recorded = Vec::new();
    if let Some((t, id)) = &claimed {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT payload_hash FROM audit_packet_exports \
             WHERE packet_type = ?1 AND entity_id = ?2 AND payload_hash IS NOT NULL ORDER BY 1",
        )?;
        recorded = stmt
            .query_map([t, id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(PacketVerification {
        payload_hash,
        size_bytes,
        matching_exports,
        claimed_entity: claimed,
        recorded_hashes_for_entity: recorded,
    })
}
