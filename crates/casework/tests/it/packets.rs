//! Audit packets: snapshots of a CASE packet (JSON and HTML), determinism, the requested
//! version, export records, verification, and inert hostile names.

use super::fixture::{case2_id, case_id, db, CASE, RUN, VERSION_1, VERSION_2};
use ww_casework::packet::{
    generate_packet, render_packet, verify_packet, PacketFormat, PacketType,
};

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn case_packet_json_snapshot() {
    let conn = db();
    let bytes = render_packet(&conn, PacketType::Case, CASE, PacketFormat::Json).unwrap();
    insta::assert_snapshot!("case_packet_json", text(bytes));
}

#[test]
fn case_packet_html_snapshot() {
    let conn = db();
    let bytes = render_packet(&conn, PacketType::Case, CASE, PacketFormat::Html).unwrap();
    insta::assert_snapshot!("case_packet_html", text(bytes));
}

#[test]
fn packet_bytes_are_deterministic_and_generation_is_recorded() {
    let mut conn = db();
    let a = generate_packet(&mut conn, PacketType::Case, CASE, PacketFormat::Json).unwrap();
    let b = generate_packet(&mut conn, PacketType::Case, CASE, PacketFormat::Json).unwrap();
    assert_eq!(a.bytes, b.bytes, "equal content gives equal bytes");
    assert_eq!(a.export.payload_hash, b.export.payload_hash);
    assert_eq!(a.export.payload_size_bytes, Some(a.bytes.len() as i64));
    assert_eq!(a.export.generated_by, "nurse-kim");
    let (n, event): (i64, String) = conn
        .query_row(
            "SELECT COUNT(*), MAX(event_type) FROM audit_events WHERE event_type = 'AUDIT_PACKET_GENERATED'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, event.as_str()), (2, "AUDIT_PACKET_GENERATED"));
    let exports: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_packet_exports", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(exports, 2);
    assert!(ww_casework::audit::verify_chain(&conn).unwrap().is_intact());
}

#[test]
fn verify_finds_the_record_and_fails_on_one_changed_byte() {
    let mut conn = db();
    for format in [PacketFormat::Json, PacketFormat::Html] {
        let g = generate_packet(&mut conn, PacketType::Case, CASE, format).unwrap();
        let ok = verify_packet(&conn, &g.bytes).unwrap();
        assert!(ok.is_verified());
        assert_eq!(ok.matching_exports[0].id, g.export.id);
        let mut tampered = g.bytes.clone();
        let i = tampered.len() / 2;
        tampered[i] ^= 0x01;
        let bad = verify_packet(&conn, &tampered).unwrap();
        assert!(!bad.is_verified(), "{format}");
        assert_ne!(bad.payload_hash, ok.payload_hash);
    }
    // A JSON packet that still parses names the entity whose recorded hash it no longer has.
    let g = generate_packet(&mut conn, PacketType::Case, CASE, PacketFormat::Json).unwrap();
    let edited = text(g.bytes).replace("\"HIGH\"", "\"LOW\"");
    let bad = verify_packet(&conn, edited.as_bytes()).unwrap();
    assert!(!bad.is_verified());
    assert_eq!(bad.claimed_entity, Some(("CASE".into(), CASE.into())));
    assert!(!bad.recorded_hashes_for_entity.is_empty());
}

#[test]
fn hostile_names_are_inert_in_html() {
    let conn = db();
    let html = text(
        render_packet(
            &conn,
            PacketType::Case,
            &case2_id().to_string(),
            PacketFormat::Html,
        )
        .unwrap(),
    );
    assert!(!html.contains("<script>"), "raw script tag in packet");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(!html.contains("<script"));
    let html = text(render_packet(&conn, PacketType::Case, CASE, PacketFormat::Html).unwrap());
    assert!(html.contains("=HYPERLINK(&quot;http:&#x2f;&#x2f;x&quot;)"));
}

#[test]
fn measure_version_packet_is_the_requested_version_not_the_latest() {
    let conn = db();
    let v1 = text(
        render_packet(
            &conn,
            PacketType::MeasureVersion,
            VERSION_1,
            PacketFormat::Json,
        )
        .unwrap(),
    );
    let v: serde_json::Value = serde_json::from_str(&v1).unwrap();
    assert_eq!(v["measure_version"]["id"], VERSION_1);
    assert_eq!(v["measure_version"]["version"], "v1.0");
    assert_eq!(v["measure_version"]["status"], "DEPRECATED");
    assert_eq!(
        v["measure_version"]["cql_sha256"],
        ww_casework::packet::sha256_hex(b"library Audiogram version '1.0'")
    );
    let v2 = text(
        render_packet(
            &conn,
            PacketType::MeasureVersion,
            VERSION_2,
            PacketFormat::Json,
        )
        .unwrap(),
    );
    assert!(v2.contains("\"v2.0\"") && !v2.contains("\"v1.0\""));
    // The case packet carries the case's own version (v1.0) although v2.0 is ACTIVE.
    let case = text(render_packet(&conn, PacketType::Case, CASE, PacketFormat::Json).unwrap());
    let c: serde_json::Value = serde_json::from_str(&case).unwrap();
    assert_eq!(c["measure_version"]["id"], VERSION_1);
}

#[test]
fn run_packet_has_summary_outcomes_logs_events() {
    let conn = db();
    let bytes = render_packet(&conn, PacketType::Run, RUN, PacketFormat::Json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["summary"]["total"], 1);
    assert_eq!(v["summary"]["overdue"], 1);
    assert_eq!(v["outcomes"][0]["employee_external_id"], "emp-006");
    assert_eq!(v["logs"][0]["message"], "Evaluated 1 employee");
    assert_eq!(v["audit_events"].as_array().unwrap().len(), 3);
    let html = text(render_packet(&conn, PacketType::Run, RUN, PacketFormat::Html).unwrap());
    assert!(html.contains("Run audit packet"));
}

#[test]
fn unknown_or_malformed_entities_are_refused_and_nothing_is_recorded() {
    let mut conn = db();
    let err = generate_packet(&mut conn, PacketType::Case, "nope", PacketFormat::Json).unwrap_err();
    assert!(err.to_string().contains("is not a UUID"), "{err}");
    let err = generate_packet(
        &mut conn,
        PacketType::Run,
        &case_id().to_string(),
        PacketFormat::Json,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ww_casework::Error::NotFound { entity: "run", .. }
    ));
    let exports: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_packet_exports", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(exports, 0);
}

/// QA finding G2: a packet whose file could not be written was still recorded (export row and
/// AUDIT_PACKET_GENERATED). `write_packet` records only bytes that reached the disk.
#[test]
fn an_unwritable_packet_file_records_nothing_and_a_written_one_is_recorded_once() {
    use ww_casework::packet::write_packet;
    let mut conn = db();
    let counts = |conn: &rusqlite::Connection| -> (i64, i64) {
        conn.query_row(
            "SELECT (SELECT COUNT(*) FROM audit_packet_exports), \
             (SELECT COUNT(*) FROM audit_events WHERE event_type = 'AUDIT_PACKET_GENERATED')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let before = counts(&conn);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("z.json");
    let err = write_packet(
        &mut conn,
        PacketType::Case,
        CASE,
        PacketFormat::Json,
        &missing,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("cannot write"), "{err}");
    assert!(err.contains("z.json"), "{err}");
    assert_eq!(
        counts(&conn),
        before,
        "nothing recorded for a file not written"
    );

    let out = dir.path().join("case.json");
    let g = write_packet(&mut conn, PacketType::Case, CASE, PacketFormat::Json, &out).unwrap();
    let on_disk = std::fs::read(&out).unwrap();
    assert_eq!(on_disk, g.bytes);
    assert_eq!(counts(&conn), (before.0 + 1, before.1 + 1));
    assert!(verify_packet(&conn, &on_disk).unwrap().is_verified());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["case.json".to_string()],
        "no temporary file left"
    );
}
