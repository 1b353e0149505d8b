//! A case carried over to a newly activated measure version (ww_governance::carry_over) keeps
//! its "why flagged" evidence until the new version runs; a measure id given where a measure
//! version id is expected is named as such (QA F19).

use crate::fixture::{case_id, db, MEASURE, OUTCOME, RUN, VERSION_1, VERSION_2};
use rusqlite::Connection;
use ww_casework::packet::render_packet;
use ww_store::enums::{PacketFormat, PacketType};

/// What activation does to an open case: only its measure version changes.
fn carry_over(conn: &Connection) {
    let n = conn
        .execute(
            "UPDATE cases SET measure_version_id = ?1 WHERE id = ?2",
            [VERSION_2, &case_id().to_string()],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_carried_over_case_shows_the_outcome_of_its_last_run() {
    let conn = db();
    carry_over(&conn);
    let detail = ww_casework::cases::case_detail(&conn, case_id()).unwrap();
    assert_eq!(detail.case.measure_version_id.to_string(), VERSION_2);
    let evidence = detail.latest_evidence.expect("evidence of the last run");
    assert_eq!(evidence["why_flagged"]["days_overdue"], 57);
    assert_eq!(evidence["why_flagged"]["last_exam_date"], "2025-03-10");
    let source = detail.evidence_source.expect("the source outcome");
    assert_eq!(source.outcome_id.to_string(), OUTCOME);
    assert_eq!(source.run_id.to_string(), RUN);
    assert_eq!(source.measure_version_id.to_string(), VERSION_1);

    let bytes = render_packet(
        &conn,
        PacketType::Case,
        &case_id().to_string(),
        PacketFormat::Json,
    )
    .unwrap();
    let packet: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(packet["decision_evidence"]["id"], OUTCOME);
    assert_eq!(
        packet["decision_evidence"]["evidence_json"]["why_flagged"]["days_overdue"],
        57
    );
}

#[test]
fn the_last_run_fallback_ignores_other_measures_and_other_cycles() {
    let conn = db();
    carry_over(&conn);
    // The run's outcome is for cycle 2026; a case of cycle 2027 on the same run has none.
    conn.execute(
        "UPDATE cases SET evaluation_period = '2027' WHERE id = ?1",
        [case_id().to_string()],
    )
    .unwrap();
    let detail = ww_casework::cases::case_detail(&conn, case_id()).unwrap();
    assert_eq!(detail.latest_evidence, None);
    assert_eq!(detail.evidence_source, None);
}

#[test]
fn a_measure_id_given_as_a_measure_version_id_is_named_with_its_versions() {
    let conn = db();
    let err = render_packet(
        &conn,
        PacketType::MeasureVersion,
        MEASURE,
        PacketFormat::Json,
    )
    .unwrap_err();
    assert_eq!(err.code(), "INVALID_INPUT");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!(
            "{MEASURE} is the id of the measure 'Hearing Conservation: Annual Audiogram', not of a measure version"
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "its versions are v1.0 (DEPRECATED) {VERSION_1}, v2.0 (ACTIVE) {VERSION_2}"
        )),
        "{msg}"
    );
    // An id that is neither stays "not found".
    let err =
        render_packet(&conn, PacketType::MeasureVersion, RUN, PacketFormat::Json).unwrap_err();
    assert_eq!(err.code(), "NOT_FOUND");
}
