//! The outreach template an officer picks for a case (`template_choices`, then preview and
//! send with the pick) on the shared fixture.

#[allow(dead_code)]
#[path = "it/fixture.rs"]
mod fixture;

use fixture::{case_id, db, MEASURE};
use ww_casework::outreach::{preview_outreach, send_outreach, template_choices, SimulatedEmail};
use ww_casework::Error;
use ww_store::ids::{MeasureId, TemplateId};
use ww_store::outreach::{insert_template, Template};

const OTHER_MEASURE: &str = "10000000-0000-4000-8000-000000000002";

fn template(n: u32, name: &str, measure: Option<&str>, active: bool) -> Template {
    Template {
        id: TemplateId::parse(&format!("80000000-0000-4000-8000-{n:012}")).unwrap(),
        name: name.into(),
        subject: format!("{name}: {{{{measureName}}}} by {{{{dueDate}}}}"),
        body_text: format!("Dear {{{{employeeName}}}}, {name} ({{{{outcomeStatus}}}})."),
        measure_id: measure.map(|m| MeasureId::parse(m).unwrap()),
        created_at: "2026-05-06T14:03:00.123Z".into(),
        active,
    }
}

#[test]
fn without_rows_the_builtins_are_offered_and_the_status_picks_the_default() {
    let conn = db();
    let c = template_choices(&conn, case_id()).unwrap();
    let names: Vec<&str> = c.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(c.templates.iter().all(|t| t.id.is_none()));
    // The fixture's case is OVERDUE.
    assert_eq!(c.default_template.unwrap().name, "Overdue notice");
    // A built-in is picked by name; its text is what the preview renders.
    let p = preview_outreach(&conn, case_id(), Some("Exam reminder")).unwrap();
    assert_eq!(p.template_name, "Exam reminder");
    assert_eq!(p.template_id, None);
}

#[test]
fn the_case_s_measure_and_general_templates_are_offered_and_the_pick_is_sent() {
    let mut conn = db();
    // The other measure exists so its template can name it.
    conn.execute(
        "INSERT INTO measures (id, name, created_at, updated_at) VALUES (?1, 'TB screening', \
         '2026-05-06T14:03:00.123Z', '2026-05-06T14:03:00.123Z')",
        [OTHER_MEASURE],
    )
    .unwrap();
    for t in [
        template(1, "General follow-up", None, true),
        template(2, "Audiogram booking", Some(MEASURE), true),
        template(3, "TB booking", Some(OTHER_MEASURE), true),
        template(4, "Old audiogram letter", Some(MEASURE), false),
    ] {
        insert_template(&conn, &t).unwrap();
    }
    let c = template_choices(&conn, case_id()).unwrap();
    let names: Vec<&str> = c.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Audiogram booking", "General follow-up"]);
    assert_eq!(c.default_template.unwrap().name, "Audiogram booking");

    // The pick (by id) is what the preview shows and the send delivers.
    let general = template(1, "", None, true).id.to_string();
    let p = preview_outreach(&conn, case_id(), Some(&general)).unwrap();
    assert_eq!(p.template_name, "General follow-up");
    assert_eq!(p.template_id.as_deref(), Some(general.as_str()));
    assert!(
        p.subject
            .starts_with("General follow-up: Hearing Conservation"),
        "{}",
        p.subject
    );
    assert_eq!(
        p.body_text,
        "Dear =HYPERLINK(\"http://x\"), General follow-up (overdue)."
    );
    let sent = send_outreach(&mut conn, case_id(), Some(&general), &SimulatedEmail).unwrap();
    assert_eq!(sent.delivery.subject, p.subject);
    let payload = sent.action.action.payload_json.clone().unwrap();
    assert_eq!(payload["templateId"], general.as_str());
    assert_eq!(payload["templateName"], "General follow-up");

    // Another measure's template and an inactive one are refused, and nothing is sent.
    let tb = template(3, "", None, true).id.to_string();
    let err = preview_outreach(&conn, case_id(), Some(&tb)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: outreach template 'TB booking' is written for another measure than the case's"
    );
    let err = send_outreach(&mut conn, case_id(), Some(&tb), &SimulatedEmail).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    let old = template(4, "", None, true).id.to_string();
    let err = send_outreach(&mut conn, case_id(), Some(&old), &SimulatedEmail).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    assert_eq!(
        ww_store::outreach::list_deliveries(&conn, case_id())
            .unwrap()
            .len(),
        1,
        "only the one accepted send"
    );
}

#[test]
fn a_measure_without_a_suitable_template_offers_none() {
    let conn = db();
    let other = "10000000-0000-4000-8000-000000000002";
    conn.execute(
        "INSERT INTO measures (id, name, created_at, updated_at) VALUES (?1, 'TB screening', \
         '2026-05-06T14:03:00.123Z', '2026-05-06T14:03:00.123Z')",
        [other],
    )
    .unwrap();
    insert_template(&conn, &template(3, "TB booking", Some(other), true)).unwrap();
    let c = template_choices(&conn, case_id()).unwrap();
    assert!(c.templates.is_empty());
    assert_eq!(c.default_template, None);
}

#[test]
fn choices_of_an_unknown_case_name_it() {
    let conn = db();
    let id = ww_store::ids::CaseId::parse("60000000-0000-4000-8000-00000000beef").unwrap();
    let err = template_choices(&conn, id).unwrap_err();
    assert_eq!(err.to_string(), format!("case {id} not found"));
}
