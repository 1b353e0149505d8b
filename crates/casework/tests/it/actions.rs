//! Every case action, its refusals, and what each writes (case change, action row, audit).

use super::fixture::{case2_id, case_id, db};
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use ww_casework::actions::{add_note, assign, escalate, resolve, schedule_appointment};
use ww_casework::cases::{
    case_detail, list_cases, timeline, AssigneeFilter, CaseFilter, Page, StatusFilter,
};
use ww_casework::outreach::{
    preview_outreach, send_outreach, update_delivery, DeliveryStatus, SimulatedEmail,
};
use ww_casework::Error;
use ww_store::enums::{CaseStatus, Priority};
use ww_store::ids::CaseId;

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn last_event(conn: &Connection) -> (String, String, Option<String>, Option<String>) {
    conn.query_row(
        "SELECT event_type, actor, ref_case_id, payload_json FROM audit_events ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

#[test]
fn assign_writes_case_action_and_audit_in_one_go() {
    let mut conn = db();
    let (actions, events) = (count(&conn, "case_actions"), count(&conn, "audit_events"));
    let r = assign(&mut conn, case_id(), Some("  nurse-kim ")).unwrap();
    assert_eq!(r.case.assignee.as_deref(), Some("nurse-kim"));
    assert_eq!(r.action.action_type.as_str(), "ASSIGNED");
    assert_eq!(r.action.performed_by.as_deref(), Some("nurse-kim"));
    assert_eq!(count(&conn, "case_actions"), actions + 1);
    assert_eq!(count(&conn, "audit_events"), events + 1);
    let (event_type, actor, case, payload) = last_event(&conn);
    assert_eq!(event_type, "CASE_ASSIGNED");
    assert_eq!(actor, "nurse-kim");
    assert_eq!(case.as_deref(), Some(super::fixture::CASE));
    assert!(payload.unwrap().contains("\"assignee\":\"nurse-kim\""));
    let stored = ww_store::cases::get(&conn, case_id()).unwrap().unwrap();
    assert_eq!(stored.assignee.as_deref(), Some("nurse-kim"));
}

#[test]
fn assign_refusals() {
    let mut conn = db();
    assert!(matches!(
        assign(&mut conn, case_id(), Some("  ")),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        assign(&mut conn, case_id(), None),
        Err(Error::InvalidTransition { .. })
    ));
    assign(&mut conn, case_id(), Some("a")).unwrap();
    let err = assign(&mut conn, case_id(), Some("a")).unwrap_err();
    assert!(err.to_string().contains("already assigned to a"), "{err}");
    let unknown = CaseId::parse("60000000-0000-4000-8000-0000000000ff").unwrap();
    assert!(matches!(
        assign(&mut conn, unknown, Some("a")),
        Err(Error::NotFound { entity: "case", .. })
    ));
    // Unassigning works once assigned.
    let r = assign(&mut conn, case_id(), None).unwrap();
    assert_eq!(r.case.assignee, None);
}

#[test]
fn note_requires_text_and_works_on_closed_cases() {
    let mut conn = db();
    let events = count(&conn, "audit_events");
    let err = add_note(&mut conn, case_id(), " \n ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: note is required and must not be empty"
    );
    assert_eq!(
        count(&conn, "audit_events"),
        events,
        "a refusal writes nothing"
    );
    resolve(&mut conn, case_id(), "Exam done at clinic").unwrap();
    let r = add_note(&mut conn, case_id(), "Copy of results filed").unwrap();
    assert_eq!(
        r.action.payload_json.unwrap()["note"],
        "Copy of results filed"
    );
    assert_eq!(last_event(&conn).0, "CASE_NOTE_ADDED");
}

#[test]
fn escalate_raises_priority_and_reopens() {
    let mut conn = db();
    schedule_appointment(&mut conn, case_id(), today(), None).unwrap();
    let r = escalate(&mut conn, case_id(), Some("No show")).unwrap();
    assert_eq!(r.case.priority, Priority::Critical);
    assert_eq!(r.case.status, CaseStatus::Open);
    assert_eq!(last_event(&conn).0, "CASE_ESCALATED");
    let err = escalate(&mut conn, case_id(), None).unwrap_err();
    assert!(
        err.to_string().contains("already OPEN at CRITICAL"),
        "{err}"
    );
}

#[test]
fn schedule_moves_open_to_in_progress_and_refuses_past_dates() {
    let mut conn = db();
    let past = today().checked_sub_days(Days::new(1)).unwrap();
    let err = schedule_appointment(&mut conn, case_id(), past, None).unwrap_err();
    assert!(err.to_string().contains("is in the past"), "{err}");
    let date = today().checked_add_days(Days::new(7)).unwrap();
    let r = schedule_appointment(&mut conn, case_id(), date, Some("Clinic B")).unwrap();
    assert_eq!(r.case.status, CaseStatus::InProgress);
    let payload = r.action.payload_json.unwrap();
    assert_eq!(
        payload["appointmentDate"],
        date.format("%Y-%m-%d").to_string()
    );
    assert_eq!(payload["rescheduled"], false);
    let r = schedule_appointment(&mut conn, case_id(), date, None).unwrap();
    assert_eq!(r.action.payload_json.unwrap()["rescheduled"], true);
    assert_eq!(last_event(&conn).0, "CASE_APPOINTMENT_SCHEDULED");
}

#[test]
fn resolve_closes_with_the_person_and_refuses_twice() {
    let mut conn = db();
    let err = resolve(&mut conn, case_id(), "").unwrap_err();
    assert!(
        err.to_string().contains("resolution note is required"),
        "{err}"
    );
    let r = resolve(
        &mut conn,
        case_id(),
        "Audiogram done 2026-05-01 at Clinic B",
    )
    .unwrap();
    assert_eq!(r.case.status, CaseStatus::Closed);
    assert_eq!(r.case.closed_by.as_deref(), Some("nurse-kim"));
    assert_eq!(
        r.case.closed_reason.as_deref(),
        Some("Audiogram done 2026-05-01 at Clinic B")
    );
    assert!(r.case.closed_at.is_some());
    assert_eq!(last_event(&conn).0, "CASE_CLOSED");
    let err = resolve(&mut conn, case_id(), "again").unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidTransition {
                action: "RESOLVED",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("the case is CLOSED"), "{err}");
    // Other actions on a closed case are refused too.
    assert!(matches!(
        escalate(&mut conn, case_id(), None),
        Err(Error::InvalidTransition { .. })
    ));
    assert!(matches!(
        schedule_appointment(&mut conn, case_id(), today(), None),
        Err(Error::InvalidTransition { .. })
    ));
}

#[test]
fn outreach_simulated_writes_log_action_and_event() {
    let mut conn = db();
    let preview = preview_outreach(&conn, case_id(), None).unwrap();
    assert_eq!(preview.template_name, "Overdue notice");
    assert_eq!(preview.to_address, "emp-006@workwell-demo.dev");
    assert!(preview.due_date >= today(), "due date never in the past");
    assert!(preview.body_text.contains("=HYPERLINK"));
    let r = send_outreach(&mut conn, case_id(), None, &SimulatedEmail).unwrap();
    assert_eq!(r.delivery.status, DeliveryStatus::Simulated);
    assert_eq!(r.delivery.case_action_id, Some(r.action.action.id));
    assert_eq!(count(&conn, "outreach_delivery_log"), 1);
    assert_eq!(last_event(&conn).0, "OUTREACH_SENT");
    let page = list_cases(&conn, &CaseFilter::default(), Page::default()).unwrap();
    let listed = page.items.iter().find(|c| c.id == case_id()).unwrap();
    assert_eq!(
        listed.latest_outreach_delivery_status,
        Some(DeliveryStatus::Simulated)
    );
    // A later FAILED update becomes the latest status.
    let u = update_delivery(
        &mut conn,
        case_id(),
        r.delivery.id,
        DeliveryStatus::Failed,
        Some("bounced: mailbox full"),
    )
    .unwrap();
    assert_eq!(
        u.action.action.action_type.as_str(),
        "OUTREACH_DELIVERY_UPDATED"
    );
    assert_eq!(last_event(&conn).0, "OUTREACH_DELIVERY_UPDATED");
    let detail = case_detail(&conn, case_id()).unwrap();
    assert_eq!(
        detail.summary.latest_outreach_delivery_status,
        Some(DeliveryStatus::Failed)
    );
    assert_eq!(detail.deliveries.len(), 2);
    assert!(matches!(
        update_delivery(
            &mut conn,
            case_id(),
            r.delivery.id,
            DeliveryStatus::Failed,
            None
        ),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        update_delivery(
            &mut conn,
            case2_id(),
            r.delivery.id,
            DeliveryStatus::Sent,
            None
        ),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn outreach_on_excluded_case_is_refused_and_sends_nothing() {
    let mut conn = db();
    conn.execute(
        "UPDATE cases SET status = 'EXCLUDED', current_outcome_status = 'EXCLUDED' WHERE id = ?1",
        [super::fixture::CASE],
    )
    .unwrap();
    let err = send_outreach(&mut conn, case_id(), None, &SimulatedEmail).unwrap_err();
    assert!(err.to_string().contains("EXCLUDED"), "{err}");
    assert!(matches!(
        err,
        Error::InvalidTransition {
            action: "OUTREACH_SENT",
            ..
        }
    ));
    assert_eq!(count(&conn, "outreach_delivery_log"), 0);
}

#[test]
fn timeline_lists_each_action_once() {
    let mut conn = db();
    assign(&mut conn, case_id(), Some("nurse-kim")).unwrap();
    add_note(&mut conn, case_id(), "Called, left voicemail").unwrap();
    send_outreach(&mut conn, case_id(), None, &SimulatedEmail).unwrap();
    escalate(&mut conn, case_id(), None).unwrap();
    resolve(&mut conn, case_id(), "Done").unwrap();
    let entries = timeline(&conn, case_id()).unwrap();
    let types: Vec<&str> = entries.iter().map(|e| e.action_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "CREATED",
            "ASSIGNED",
            "NOTE_ADDED",
            "OUTREACH_SENT",
            "ESCALATED",
            "RESOLVED"
        ]
    );
    let mut ids: Vec<&str> = entries.iter().map(|e| e.action_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), entries.len());
}

#[test]
fn case_list_filters_and_pages() {
    let mut conn = db();
    assign(&mut conn, case_id(), Some("nurse-kim")).unwrap();
    let all = |f: CaseFilter| list_cases(&conn, &f, Page::default()).unwrap();
    assert_eq!(all(CaseFilter::default()).total, 2);
    let f = CaseFilter {
        assignee: Some(AssigneeFilter::Unassigned),
        ..Default::default()
    };
    assert_eq!(all(f).items[0].id, case2_id());
    let f = CaseFilter {
        assignee: Some(AssigneeFilter::Named("nurse-kim".into())),
        ..Default::default()
    };
    assert_eq!(all(f).items[0].id, case_id());
    let f = CaseFilter {
        status: Some("open".parse::<StatusFilter>().unwrap()),
        ..Default::default()
    };
    assert_eq!(all(f).total, 2);
    let f = CaseFilter {
        status: Some("CLOSED".parse::<StatusFilter>().unwrap()),
        ..Default::default()
    };
    assert_eq!(all(f).total, 0);
    let f = CaseFilter {
        site: Some("Plant B".into()),
        ..Default::default()
    };
    assert_eq!(all(f).total, 0);
    let f = CaseFilter {
        case_ids: vec![case2_id()],
        priority: Some(Priority::High),
        measure_id: Some(super::fixture::MEASURE.parse().unwrap()),
        ..Default::default()
    };
    let page = all(f);
    assert_eq!((page.total, page.items.len()), (1, 1));
    let page = list_cases(
        &conn,
        &CaseFilter::default(),
        Page {
            offset: 1,
            limit: 1,
        },
    )
    .unwrap();
    assert_eq!((page.total, page.items.len()), (2, 1));
    assert!(list_cases(
        &conn,
        &CaseFilter::default(),
        Page {
            offset: 0,
            limit: 0
        }
    )
    .is_err());
    assert!("bogus".parse::<StatusFilter>().is_err());
}

/// QA G21: a case whose outcome is an evaluation error (written before runs stopped opening
/// cases from errors) offered the employee a "no record on file" email. Outreach is refused,
/// naming the error.
#[test]
fn outreach_is_refused_when_the_outcome_is_an_evaluation_error() {
    let mut conn = db();
    // Outcomes are append-only (V35): the erroneous evaluation is a later outcome of the
    // case's run.
    conn.execute(
        "INSERT INTO outcomes (id, run_id, employee_id, measure_version_id, evaluation_period, \
         status, evidence_json, evaluated_at) SELECT '50000000-0000-4000-8000-0000000000e1', \
         run_id, employee_id, measure_version_id, evaluation_period, 'MISSING_DATA', \
         '{\"evaluationError\":\"CQL engine failure\",\"message\":\"month 13\"}', \
         '2026-05-06T14:03:01.000Z' FROM outcomes",
        [],
    )
    .unwrap();
    let err = preview_outreach(&conn, case_id(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot send outreach for case {}: its outcome is an evaluation error (CQL engine \
             failure: month 13), not a missing record: fix the measure or the data and rerun to \
             verify before contacting the employee",
            case_id()
        )
    );
    assert!(send_outreach(&mut conn, case_id(), None, &SimulatedEmail).is_err());
    assert_eq!(count(&conn, "outreach_delivery_log"), 0);
}

/// Adds a later outcome of the case's run with `evidence` (outcomes are append-only).
fn later_outcome(conn: &rusqlite::Connection, evidence: &str) {
    conn.execute(
        "INSERT INTO outcomes (id, run_id, employee_id, measure_version_id, evaluation_period, \
         status, evidence_json, evaluated_at) SELECT '50000000-0000-4000-8000-0000000000e2', \
         run_id, employee_id, measure_version_id, evaluation_period, 'MISSING_DATA', ?1, \
         '2026-05-06T14:03:01.000Z' FROM outcomes",
        [evidence],
    )
    .unwrap();
}

/// QA3: an employee with no linked health record has no exam on file because of the missing
/// link, not a missing exam: outreach is refused, naming the linkage.
#[test]
fn outreach_is_refused_without_a_linked_health_record() {
    let mut conn = db();
    later_outcome(
        &conn,
        r#"{"why_flagged":{"outcome_status":"MISSING_DATA","health_record_linked":false}}"#,
    );
    let err = preview_outreach(&conn, case_id(), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no linked health record"), "{err}");
    assert!(send_outreach(&mut conn, case_id(), None, &SimulatedEmail).is_err());
    assert_eq!(count(&conn, "outreach_delivery_log"), 0);
}

/// QA3: a recorded death (`patient_deceased`) refuses outreach with the date.
#[test]
fn outreach_is_refused_when_a_death_is_recorded() {
    let mut conn = db();
    later_outcome(
        &conn,
        r#"{"why_flagged":{"outcome_status":"OVERDUE","patient_deceased":"2026-01-02"}}"#,
    );
    let err = preview_outreach(&conn, case_id(), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("records a death on 2026-01-02"), "{err}");
    assert!(send_outreach(&mut conn, case_id(), None, &SimulatedEmail).is_err());
    assert_eq!(count(&conn, "outreach_delivery_log"), 0);
}

/// A provider that refuses every message, as SendGrid answering HTTP 500 does.
struct Failing;

impl ww_casework::outreach::EmailService for Failing {
    fn provider(&self) -> ww_casework::outreach::EmailProvider {
        ww_casework::outreach::EmailProvider::Sendgrid
    }

    fn send(
        &self,
        _message: &ww_casework::outreach::EmailMessage,
    ) -> ww_casework::outreach::DeliveryResult {
        ww_casework::outreach::DeliveryResult {
            status: DeliveryStatus::Failed,
            detail: Some("HTTP 500: upstream broke".into()),
        }
    }
}

/// The summary of the `index`-th newest audit event, and its type.
fn event_summary(conn: &Connection, index: u32) -> (String, Option<String>) {
    conn.query_row(
        "SELECT event_type, json_extract(payload_json, '$.summary') FROM audit_events \
         ORDER BY id DESC LIMIT 1 OFFSET ?1",
        [index],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// QA G10: every attempt is typed OUTREACH_SENT (the contract's action type) even when it
/// failed, and the status was only deep in the payload: `audit list` showed five "sent"
/// emails where one went out. The case action and the audit event now say the delivery
/// status in a `summary` sentence; other actions get none.
#[test]
fn outreach_actions_say_what_happened_to_the_email() {
    let mut conn = db();
    let failed = send_outreach(&mut conn, case_id(), None, &Failing).unwrap();
    let expected = "outreach attempt FAILED: HTTP 500: upstream broke; nothing was delivered \
                    to emp-006@workwell-demo.dev (provider sendgrid)";
    assert_eq!(
        failed.action.action.payload_json.as_ref().unwrap()["summary"],
        expected
    );
    assert_eq!(
        event_summary(&conn, 0),
        ("OUTREACH_SENT".into(), Some(expected.into()))
    );
    send_outreach(&mut conn, case_id(), None, &SimulatedEmail).unwrap();
    assert_eq!(
        event_summary(&conn, 0),
        (
            "OUTREACH_SENT".into(),
            Some(
                "outreach attempt SIMULATED: nothing was sent to emp-006@workwell-demo.dev \
                 (simulated provider)"
                    .into()
            )
        )
    );
    let updated = update_delivery(
        &mut conn,
        case_id(),
        failed.delivery.id,
        DeliveryStatus::Sent,
        None,
    )
    .unwrap();
    assert_eq!(
        updated.action.action.payload_json.as_ref().unwrap()["summary"],
        format!(
            "outreach delivery {} updated: FAILED -> SENT",
            failed.delivery.id
        )
    );
    add_note(&mut conn, case_id(), "left a voicemail").unwrap();
    assert_eq!(event_summary(&conn, 0), ("CASE_NOTE_ADDED".into(), None));
}
