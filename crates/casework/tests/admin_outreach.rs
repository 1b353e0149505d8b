//! The cross-case outreach read models of `ww_casework::admin_outreach` on the shared fixture.

#[allow(dead_code)]
#[path = "it/fixture.rs"]
mod fixture;

use fixture::{case2_id, case_id, db, MEASURE};
use ww_casework::admin_outreach::{
    recent_deliveries, sample_preview, templates_in_use, SAMPLE_EMPLOYEE,
};
use ww_casework::outreach::{send_outreach, SimulatedEmail};
use ww_casework::Error;
use ww_store::ids::{MeasureId, TemplateId};
use ww_store::outreach::{insert_template, Template};

const MEASURE_NAME: &str = "Hearing Conservation: Annual Audiogram";

#[test]
fn the_delivery_log_spans_cases_newest_first_with_names() {
    let mut conn = db();
    assert!(recent_deliveries(&conn, 10).unwrap().is_empty());
    let first = send_outreach(&mut conn, case_id(), None, &SimulatedEmail).unwrap();
    let second = send_outreach(&mut conn, case2_id(), None, &SimulatedEmail).unwrap();

    let log = recent_deliveries(&conn, 10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].id, second.delivery.id.to_string(), "newest first");
    assert_eq!(log[1].id, first.delivery.id.to_string());
    assert_eq!(log[0].case_id, case2_id().to_string());
    assert_eq!(log[0].employee_external_id, "emp-007");
    assert_eq!(log[0].employee_name, "<script>alert(1)</script>");
    assert_eq!(log[1].employee_external_id, "emp-006");
    assert_eq!(log[1].to_address, "emp-006@workwell-demo.dev");
    assert!(log.iter().all(|d| d.measure_name == MEASURE_NAME));
    assert!(log.iter().all(|d| d.status == "SIMULATED"));
    assert!(log.iter().all(|d| d.provider == "simulated"));
    assert_eq!(log[0].error_detail, None);

    let one = recent_deliveries(&conn, 1).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, log[0].id);
}

#[test]
fn without_template_rows_the_builtins_are_listed_and_previewed_with_sample_values() {
    let conn = db();
    let pool = templates_in_use(&conn).unwrap();
    let names: Vec<&str> = pool.iter().map(|t| t.template.name.as_str()).collect();
    assert_eq!(pool.len(), 3, "{names:?}");
    assert!(names.contains(&"Overdue notice"), "{names:?}");
    assert!(pool.iter().all(|t| t.builtin && t.key == t.template.name));
    assert!(pool.iter().all(|t| t.measure_name.is_none()));

    let p = sample_preview(&conn, "Overdue notice").unwrap();
    assert_eq!(p.template_name, "Overdue notice");
    assert_eq!(p.values.employee_name, SAMPLE_EMPLOYEE);
    assert_eq!(p.values.measure_name, MEASURE_NAME, "the only measure");
    assert_eq!(p.values.outcome_status, "OVERDUE");
    let today = ww_casework::today(&conn).unwrap();
    assert_eq!(
        p.values.due_date,
        today + chrono::Days::new(ww_casework::outreach::template::OVERDUE_GRACE_DAYS)
    );
    assert!(p.body_text.contains(SAMPLE_EMPLOYEE), "{}", p.body_text);
    assert!(!p.subject.contains("{{") && !p.body_text.contains("{{"));
    assert_eq!(
        p.sample_sentence(),
        format!(
            "Sample values: employee {SAMPLE_EMPLOYEE}, measure {MEASURE_NAME}, status Overdue, due {}.",
            p.values.due_date
        )
    );

    assert!(matches!(
        sample_preview(&conn, "No such template"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn active_rows_replace_the_builtins_and_a_bad_placeholder_is_named() {
    let conn = db();
    let id = TemplateId::parse("80000000-0000-4000-8000-000000000001").unwrap();
    insert_template(
        &conn,
        &Template {
            id,
            name: "Plant A audiogram".into(),
            subject: "{{measureName}} for {{employeeName}}".into(),
            body_text: "Due {{dueDate}} ({{outcomeStatus}}); ask {{supervisor}}".into(),
            measure_id: Some(MeasureId::parse(MEASURE).unwrap()),
            created_at: "2026-05-06T14:03:00.123Z".into(),
            active: true,
        },
    )
    .unwrap();
    let pool = templates_in_use(&conn).unwrap();
    assert_eq!(pool.len(), 1);
    assert_eq!(pool[0].key, id.to_string());
    assert!(!pool[0].builtin);
    assert_eq!(pool[0].measure_name.as_deref(), Some(MEASURE_NAME));

    match sample_preview(&conn, &id.to_string()) {
        Err(Error::UnknownPlaceholder {
            template,
            placeholder,
        }) => {
            assert_eq!(template, "Plant A audiogram");
            assert_eq!(placeholder, "supervisor");
        }
        other => panic!("expected UNKNOWN_PLACEHOLDER, got {other:?}"),
    }
}
