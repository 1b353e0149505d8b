//! `workwell run`, `demo` and the error wording as a user sees them (QA G10, G13, G15).

use crate::governance::{ok, workwell, Scratch};
use std::process::Command;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// QA G13: `workwell demo` on a database that was not made as a demo database (a site's real
/// file) is refused untouched; `--force` runs it anyway.
#[test]
fn demo_refuses_a_database_not_created_as_a_demo_database() {
    let dir = Scratch::new("demo-real");
    let db = dir.path("site.db");
    ok(&workwell(&db, &["init"]));
    let out = workwell(&db, &["demo"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("was not created as a demo database") && err.contains("Nothing was changed"),
        "{err}"
    );
    let runs: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(runs, 0, "nothing was run");
    let forced = ok(&workwell(&db, &["demo", "--force"]));
    assert!(
        forced.contains("not a demo database; --force given"),
        "{forced}"
    );
    // A database `demo` made itself is a demo database.
    let demo = dir.path("demo.db");
    ok(&workwell(&demo, &["demo", "--as-of", "2026-05-06"]));
    let again = ok(&workwell(&demo, &["demo", "--as-of", "2026-05-06"]));
    assert!(again.contains("using the demo database"), "{again}");
}

/// QA G10: an empty WORKWELL_DB is unset, not an empty `--db`.
#[test]
fn empty_workwell_db_variable_counts_as_unset() {
    let dir = Scratch::new("empty-env");
    let out = Command::new(env!("CARGO_BIN_EXE_workwell"))
        .arg("status")
        .env("WORKWELL_DB", "")
        .env("HOME", &dir.0)
        .env("XDG_DATA_HOME", dir.path("data"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!err.contains("a value is required"), "{err}");
    assert!(
        err.contains("workwell.db"),
        "the default path is used: {err}"
    );
}

/// QA G10: a folder given as the database names its cause once.
#[test]
fn folder_as_database_names_the_cause_once() {
    let dir = Scratch::new("folder-db");
    let out = workwell(&dir.0, &["status"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.matches("Is a directory").count(), 1, "{err}");
}

/// QA G15: a locked database gives one sentence naming the file, not "database is locked"
/// three times.
#[test]
fn locked_database_is_one_clear_message() {
    let dir = Scratch::new("lk");
    let db = dir.path("lk.db");
    ok(&workwell(&db, &["init"]));
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = workwell(&db, &["run", "--as-of", "2026-05-06"]);
    drop(holder);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert_eq!(err.matches("locked").count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "error: the database file {} is locked by another program",
            db.display()
        )),
        "{err}"
    );
}
