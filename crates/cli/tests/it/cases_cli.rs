//! The case commands as a user types them (QA F5, F2, F9, F19) and what a measure's
//! activation and retirement do to its cases, seen through `cases show`.

use crate::governance::{ok, workwell, Scratch};
use std::path::Path;

const AUDIOGRAM: &str = "b0000001-0000-0000-0000-000000000001";
const AUDIOGRAM_V1: &str = "b0000002-0000-0000-0000-000000000001";

fn refused(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "expected a refusal: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A demo database of 40 employees run as of 2026-03-02; returns an open audiogram case.
fn demo_with_open_case(db: &Path) -> String {
    ok(&workwell(
        db,
        &[
            "init",
            "--demo",
            "--employees",
            "40",
            "--as-of",
            "2026-03-02",
        ],
    ));
    ok(&workwell(db, &["run", "--as-of", "2026-03-02"]));
    let page: serde_json::Value = serde_json::from_str(&ok(&workwell(
        db,
        &[
            "cases",
            "list",
            "--status",
            "OPEN",
            "--measure",
            AUDIOGRAM,
            "--limit",
            "1",
            "--json",
        ],
    )))
    .unwrap();
    page["items"][0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn case_actions_take_the_id_then_named_options_and_show_prints_text() {
    let s = Scratch::new("cases");
    let db = s.path("ww.db");
    let case = demo_with_open_case(&db);
    let c = case.as_str();
    assert!(
        ok(&workwell(&db, &["cases", "assign", c, "--to", "nurse.kim"]))
            .contains("assigned to nurse.kim")
    );
    ok(&workwell(
        &db,
        &["cases", "note", c, "--text", "called, left message"],
    ));
    // The older positional forms still work.
    assert!(ok(&workwell(&db, &["cases", "assign", c, "dr.lee"])).contains("assigned to dr.lee"));
    ok(&workwell(&db, &["cases", "note", c, "second note"]));
    // Neither a name nor --clear: refused before anything is written.
    assert!(refused(&workwell(&db, &["cases", "assign", c])).contains("--to NAME"));
    let err = refused(&workwell(&db, &["cases", "note", c]));
    assert!(err.contains("--text"), "{err}");
    let err = refused(&workwell(&db, &["cases", "assign", c, "x", "--to", "y"]));
    assert!(err.contains("cannot be used with"), "{err}");

    let text = ok(&workwell(&db, &["cases", "show", c]));
    for needle in [
        &format!("Case {c}") as &str,
        "Status:        OPEN / priority HIGH / assigned to dr.lee",
        "Measure:       Hearing Conservation: Annual Audiogram version 1.0, cycle 2026",
        "Why flagged",
        "  outcome status:         OVERDUE",
        "    Outcome Status = OVERDUE",
        "Timeline (5 action(s), oldest first)",
        "local-user: called, left message",
        "local-user: assignee dr.lee, previousAssignee nurse.kim",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&workwell(&db, &["cases", "show", c, "--json"]))).unwrap();
    assert_eq!(json["case"]["assignee"], "dr.lee");
    assert_eq!(
        json["latestEvidence"]["why_flagged"]["outcome_status"],
        "OVERDUE"
    );
    assert_eq!(json["timeline"].as_array().unwrap().len(), 5);

    // Outreach, then a delivery update by the id `cases show` prints. The output, the
    // timeline and `audit list` say what happened to the email (QA G10).
    let sent = ok(&workwell(&db, &["cases", "outreach", c]));
    assert!(
        sent.starts_with("outreach attempt SIMULATED: nothing was sent to ")
            && sent.contains("(simulated provider) (delivery "),
        "{sent}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&workwell(&db, &["cases", "show", c, "--json"]))).unwrap();
    let delivery = json["deliveries"][0]["id"].as_str().unwrap().to_owned();
    let text = ok(&workwell(&db, &["cases", "show", c]));
    assert!(
        text.contains(&format!("  {delivery} SIMULATED via simulated to ")),
        "{text}"
    );
    ok(&workwell(
        &db,
        &[
            "cases",
            "delivery",
            c,
            "--delivery",
            &delivery,
            "--status",
            "FAILED",
            "--detail",
            "bounced",
        ],
    ));
    ok(&workwell(
        &db,
        &["cases", "delivery", c, &delivery, "--status", "SENT"],
    ));
    let text = ok(&workwell(&db, &["cases", "show", c]));
    assert!(text.contains("Outreach (3, newest first"), "{text}");
    assert!(text.contains(" FAILED via simulated to "), "{text}");
    assert!(
        text.contains(&format!(
            "local-user: outreach delivery {delivery} updated: SIMULATED -> FAILED: bounced"
        )),
        "{text}"
    );
    let listed = ok(&workwell(
        &db,
        &["audit", "list", "--type", "OUTREACH_SENT"],
    ));
    assert!(
        listed.contains(" by local-user outreach attempt SIMULATED: nothing was sent to "),
        "{listed}"
    );
}

#[test]
fn a_carried_over_case_keeps_why_flagged_and_retirement_closes_it() {
    let s = Scratch::new("retire");
    let db = s.path("ww.db");
    let case = demo_with_open_case(&db);
    let c = case.as_str();
    let created = ok(&workwell(
        &db,
        &[
            "measures",
            "new-version",
            AUDIOGRAM,
            "--summary",
            "Annual review",
        ],
    ));
    let v = created
        .trim()
        .rsplit_once('(')
        .unwrap()
        .1
        .trim_end_matches(')')
        .to_owned();
    ok(&workwell(&db, &["measures", "compile", &v]));
    ok(&workwell(&db, &["measures", "approve", &v]));
    ok(&workwell(&db, &["measures", "activate", &v]));

    // Before version 1.1 runs, the case shows the evaluation of version 1.0 that opened it.
    let text = ok(&workwell(&db, &["cases", "show", c]));
    assert!(text.contains("version 1.1, cycle 2026"), "{text}");
    assert!(text.contains(", measure version 1.0)"), "{text}");
    assert!(text.contains("  outcome status:         OVERDUE"), "{text}");
    let packet = s.path("case.json");
    ok(&workwell(
        &db,
        &[
            "packet",
            "case",
            c,
            "--format",
            "json",
            "--out",
            packet.to_str().unwrap(),
        ],
    ));
    let p: serde_json::Value = serde_json::from_slice(&std::fs::read(&packet).unwrap()).unwrap();
    assert_eq!(p["decision_evidence"]["measure_version_id"], AUDIOGRAM_V1);

    // Deprecating 1.1 without a successor retires the measure and closes its open cases.
    let out = ok(&workwell(
        &db,
        &["measures", "deprecate", &v, "--reason", "Programme ended"],
    ));
    assert!(
        out.contains("closed ") && out.contains("\"measure retired: Programme ended\""),
        "{out}"
    );
    let text = ok(&workwell(&db, &["cases", "show", c]));
    assert!(
        text.contains("by SYSTEM: measure retired: Programme ended"),
        "{text}"
    );
    assert!(text.contains("Status:        RESOLVED"), "{text}");
    let open: serde_json::Value = serde_json::from_str(&ok(&workwell(
        &db,
        &[
            "cases",
            "list",
            "--status",
            "open",
            "--measure",
            AUDIOGRAM,
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(open["total"], 0);
    // Carry-over and retirement record every case change: the rows agree with the ledger.
    let verify = ok(&workwell(&db, &["audit", "verify"]));
    assert!(
        verify.contains("case(s) agree with their ledger history"),
        "{verify}"
    );
}

#[test]
fn a_measure_id_given_to_packet_measure_version_lists_the_versions() {
    let s = Scratch::new("f19");
    let db = s.path("ww.db");
    ok(&workwell(&db, &["init"]));
    let out = s.path("p.json");
    let err = refused(&workwell(
        &db,
        &[
            "packet",
            "measure-version",
            AUDIOGRAM,
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(
        err.contains(&format!(
            "{AUDIOGRAM} is the id of the measure 'Hearing Conservation: Annual Audiogram', not of a measure version; its versions are 1.0 (ACTIVE) {AUDIOGRAM_V1}"
        )),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn top_level_help_says_what_the_product_does_and_the_usual_sequence() {
    let s = Scratch::new("help");
    let help = ok(&workwell(&s.path("none.db"), &["--help"]));
    for needle in [
        "occupational-health compliance, offline",
        "  measure  a compliance rule written in CQL",
        "  run      one evaluation of the active measures",
        "  case     the work item for an employee",
        "Typical sequence:",
        "workwell import employees roster.csv",
        "workwell cases assign CASE_ID --to nurse.kim",
        "workwell packet case CASE_ID --format html --out case.html",
    ] {
        assert!(help.contains(needle), "{needle:?} missing from:\n{help}");
    }
}

#[test]
fn cql_check_reports_an_operator_type_error() {
    let s = Scratch::new("f9");
    let file = s.path("e2.cql");
    std::fs::write(&file, "library E version '1'\ndefine \"C\": 'x' + 1\n").unwrap();
    let out = workwell(
        &s.path("none.db"),
        &["cql", "check", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("e2.cql:2:13: error: Could not resolve call to operator Add with signature (System.String, System.Integer)."),
        "{text}"
    );
}

/// QA G12: a case's status changed by SQL outside WorkWell went unnoticed (`audit verify`
/// said OK). It is now reported, naming the case, the field and both values, with exit 1.
#[test]
fn audit_verify_reports_a_case_status_changed_by_sql() {
    let s = Scratch::new("case-sql");
    let db = s.path("ww.db");
    let case = demo_with_open_case(&db);
    let clean = ok(&workwell(&db, &["audit", "verify"]));
    assert!(
        clean.contains("case(s) agree with their ledger history"),
        "{clean}"
    );
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE cases SET status = 'CLOSED' WHERE id = ?1",
            [case.as_str()],
        )
        .unwrap();
    let out = workwell(&db, &["audit", "verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "CASE MISMATCH: case {case} status: the row says CLOSED, the ledger says OPEN \
             (last case event #"
        )),
        "{text}"
    );
    assert!(
        text.contains("1 case field(s) disagree with the ledger: those case rows were changed outside WorkWell"),
        "{text}"
    );
}
