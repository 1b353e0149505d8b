//! The mapping review workflow over the store (issue 6 item 5).

use crate::support::{db, events};
use ww_governance::mapping_flow::{MappingDecision, MappingStatus};
use ww_governance::mappings::{self, NewMapping, Review};
use ww_governance::Error;

fn new() -> NewMapping {
    NewMapping {
        local_system: "urn:workwell:test-clinic".into(),
        local_code: "HEAR-1".into(),
        local_display: Some("Hearing test".into()),
        standard_system: "http://www.ama-assn.org/go/cpt".into(),
        standard_code: "92557".into(),
        standard_display: None,
        confidence: Some(0.8),
        notes: None,
    }
}

fn review(decision: MappingDecision, notes: Option<&str>) -> Review {
    Review {
        decision,
        confidence: Some(0.9),
        notes: notes.map(str::to_string),
    }
}

#[test]
fn proposed_reviewed_approved_with_reviewer_time_confidence_notes() {
    let mut d = db();
    ww_store::settings::set(&d.conn, "user_name", "dr.osei").unwrap();
    let m = mappings::propose(&mut d.conn, &new()).unwrap();
    assert_eq!(m.mapping_status, MappingStatus::Proposed);
    let refused = mappings::decide(&mut d.conn, m.id, &review(MappingDecision::Approve, None));
    assert!(matches!(refused, Err(Error::Gate(_))));
    let m = mappings::decide(
        &mut d.conn,
        m.id,
        &review(
            MappingDecision::Review,
            Some("matches the clinic catalogue"),
        ),
    )
    .unwrap();
    assert_eq!(m.mapping_status, MappingStatus::Reviewed);
    let m = mappings::decide(&mut d.conn, m.id, &review(MappingDecision::Approve, None)).unwrap();
    assert_eq!(m.mapping_status, MappingStatus::Approved);
    assert_eq!(m.reviewed_by.as_deref(), Some("dr.osei"));
    assert!(m.reviewed_at.is_some());
    assert_eq!(m.mapping_confidence, Some(0.9));
    assert_eq!(
        m.notes.as_deref(),
        Some("dr.osei: matches the clinic catalogue")
    );
    assert!(matches!(
        mappings::decide(
            &mut d.conn,
            m.id,
            &review(MappingDecision::Reject, Some("late"))
        ),
        Err(Error::Gate(_))
    ));
    for ev in ["MAPPING_CREATED", "MAPPING_REVIEWED", "MAPPING_APPROVED"] {
        let e = events(&d.conn, ev);
        assert_eq!(e.len(), 1, "{ev}");
        assert_eq!(e[0].0, "dr.osei");
    }
}

#[test]
fn rejection_needs_notes_and_bad_input_is_refused() {
    let mut d = db();
    let m = mappings::propose(&mut d.conn, &new()).unwrap();
    assert!(matches!(
        mappings::decide(&mut d.conn, m.id, &review(MappingDecision::Reject, None)),
        Err(Error::Invalid(_))
    ));
    let r = mappings::decide(
        &mut d.conn,
        m.id,
        &review(MappingDecision::Reject, Some("wrong code")),
    )
    .unwrap();
    assert_eq!(r.mapping_status, MappingStatus::Rejected);
    assert!(
        matches!(
            mappings::propose(&mut d.conn, &new()),
            Err(Error::Invalid(_))
        ),
        "duplicate pair"
    );
    let mut bad = new();
    bad.local_code = "OTHER".into();
    bad.confidence = Some(1.5);
    assert!(matches!(
        mappings::propose(&mut d.conn, &bad),
        Err(Error::Invalid(_))
    ));
    // The contract's five seeded mappings: 3 APPROVED, 1 REVIEWED, 1 PROPOSED.
    assert_eq!(
        mappings::list(&d.conn, Some(MappingStatus::Approved))
            .unwrap()
            .len(),
        3
    );
}
