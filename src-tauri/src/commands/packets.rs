//! Audit packets of a case or a run: generate (ww-casework records the export and its
//! SHA-256 in one transaction), write the exact bytes to a file, and verify a file later by
//! re-hashing it in Rust.

use crate::dto_cases::{PacketCheck, PacketWritten};
use crate::error::{AppError, Result};
use crate::state::App;
use std::path::Path;
use tauri::State;
use ww_casework::packet::{PacketFormat, PacketType};

/// `export_packet`: the packet of `entity_id` (`packet_type` CASE, RUN or MEASURE_VERSION;
/// `format` json or html) written to `path` (from the save dialog) or, without one, to a new
/// file in the export folder; answers the file's path and SHA-256.
#[tauri::command(async)]
pub fn export_packet(
    app: State<'_, App>,
    packet_type: String,
    entity_id: String,
    format: String,
    path: Option<String>,
) -> Result<PacketWritten> {
    export(&app, &packet_type, &entity_id, &format, path.as_deref())
}

/// The body of [`export_packet`].
pub fn export(
    app: &App,
    packet_type: &str,
    entity_id: &str,
    format: &str,
    path: Option<&str>,
) -> Result<PacketWritten> {
    let kind: PacketType = packet_type.parse().map_err(|_| {
        AppError::Invalid(format!(
            "packetType: {packet_type:?} is not CASE, RUN or MEASURE_VERSION"
        ))
    })?;
    let fmt: PacketFormat = format
        .parse()
        .map_err(|_| AppError::Invalid(format!("format: {format:?} is not json or html")))?;
    let stem = format!(
        "{}-{}",
        kind.as_str().to_lowercase().replace('_', "-"),
        entity_id.chars().take(8).collect::<String>()
    );
    let file = crate::files::target(app.db_path(), path, &stem, fmt.as_str())?;
    let g =
        app.write_with(|conn| ww_casework::packet::generate_packet(conn, kind, entity_id, fmt))?;
    crate::files::write(&file, &g.bytes)?;
    Ok(PacketWritten {
        path: file.display().to_string(),
        packet_type: kind.as_str().to_owned(),
        format: fmt.as_str().to_owned(),
        sha256: g.export.payload_hash.clone().unwrap_or_default(),
        size_bytes: g.bytes.len() as u64,
        export_id: g.export.id.to_string(),
    })
}

/// `verify_packet_file`: re-hashes the file at `path` and looks for the export record with
/// that SHA-256 and size.
#[tauri::command(async)]
pub fn verify_packet_file(app: State<'_, App>, path: String) -> Result<PacketCheck> {
    verify(&app, &path)
}

/// The body of [`verify_packet_file`].
pub fn verify(app: &App, path: &str) -> Result<PacketCheck> {
    let bytes = crate::files::read(Path::new(path))?;
    let v = app.read_with(|conn| ww_casework::packet::verify_packet(conn, &bytes))?;
    Ok(PacketCheck::new(path, v))
}
