//! QA finding G19: the built-in "Overdue notice" claimed "Your supervisor has been informed";
//! nothing informs anyone. New databases get the corrected text, and migration V34 corrects
//! the built-in row of databases seeded before it.

use crate::support::db;

const OLD_BODY: &str = "Hello {{employeeName}},\n\nYour {{measureName}} is overdue (status: \
{{outcomeStatus}}). Please schedule it so that it is completed by {{dueDate}}. Your supervisor \
has been informed.\n\nOccupational Health";

fn overdue_body(conn: &rusqlite::Connection) -> String {
    conn.query_row(
        "SELECT body_text FROM outreach_templates WHERE name = 'Overdue notice' AND measure_id IS NULL",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn the_overdue_notice_claims_no_supervisor_notification() {
    let d = db();
    for t in ww_store::outreach::BUILTIN_TEMPLATES {
        assert!(!t.body_text.contains("supervisor"), "{}", t.name);
    }
    let seeded = overdue_body(&d.conn);
    assert!(!seeded.contains("supervisor"), "{seeded}");

    // A database seeded before V34 holds the old text: the migration corrects it.
    d.conn
        .execute(
            "UPDATE outreach_templates SET body_text = ?1 WHERE name = 'Overdue notice' AND measure_id IS NULL",
            [OLD_BODY],
        )
        .unwrap();
    d.conn
        .execute_batch(include_str!(
            "../../../../migrations/V34__overdue_notice_wording.sql"
        ))
        .unwrap();
    let fixed = overdue_body(&d.conn);
    assert!(!fixed.contains("supervisor"), "{fixed}");
    assert!(
        fixed.contains("If you have already had it, please send us the record"),
        "{fixed}"
    );
    assert_eq!(fixed, seeded, "same text as the built-in");
}
