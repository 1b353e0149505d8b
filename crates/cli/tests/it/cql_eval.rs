//! QA finding F23: `workwell cql eval FILE --db DB` evaluates with the database's value sets.

use crate::governance::{ok, workwell, Scratch};

#[test]
fn cql_eval_uses_the_value_sets_of_the_database_given_with_db() {
    let s = Scratch::new("cqleval");
    let db = s.path("ww.db");
    ok(&workwell(&db, &["init"]));
    let cql = s.path("m.cql");
    std::fs::write(
        &cql,
        "library M version '1'\nusing FHIR version '4.0.1'\n\
         valueset \"Audiometry\": 'https://workwell-demo.dev/fhir/ValueSet/audiometry'\n\
         context Patient\n\
         define \"Has Audiogram\": exists [Procedure: \"Audiometry\"]\n",
    )
    .unwrap();
    let data = s.path("p.json");
    std::fs::write(
        &data,
        r#"{"resourceType":"Bundle","type":"collection","entry":[
            {"resource":{"resourceType":"Patient","id":"p1"}},
            {"resource":{"resourceType":"Procedure","id":"x1","status":"completed",
             "subject":{"reference":"Patient/p1"},
             "code":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"92557"}]},
             "performedDateTime":"2025-09-15T10:00:00Z"}}]}"#,
    )
    .unwrap();
    let args = [
        "cql",
        "eval",
        cql.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    let out = ok(&workwell(&db, &args));
    assert!(
        out.contains(r#"{"name":"Has Audiogram","value":"true"}"#),
        "{out}"
    );
    // Without a database the value set is unknown, and the message says so.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_workwell"))
        .args(args)
        .env_remove("WORKWELL_DB")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("is not known to the terminology provider"),
        "{text}"
    );
}
