//! The governance commands as a user runs them (QA findings F14, F16, F17, F19): exit codes
//! and the messages on stderr.

use std::path::{Path, PathBuf};
use std::process::Output;

/// A fresh scratch folder under the system temp dir, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "ww-cli-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn workwell(db: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_workwell"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("WORKWELL_DB")
        .output()
        .unwrap()
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &Output) -> String {
    assert!(!out.status.success(), "expected a refusal: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_value_set_csv_with_bad_rows_is_refused_naming_every_line() {
    let s = Scratch::new("vs");
    let db = s.path("ww.db");
    ok(&workwell(&db, &["init"]));
    let csv = s.path("vs3.csv");
    std::fs::write(&csv, "system,code,display\nhttp://loinc.org,,A\n,22,B\n").unwrap();
    let before = ok(&workwell(&db, &["valuesets", "list"]));
    let err = refused(&workwell(
        &db,
        &[
            "valuesets",
            "import",
            csv.to_str().unwrap(),
            "--oid",
            "2.999.3",
            "--name",
            "QA3",
        ],
    ));
    let file = csv.display().to_string();
    assert!(err.contains(&format!("{file}:2: code is empty")), "{err}");
    assert!(err.contains(&format!("{file}:3: system is empty")), "{err}");
    assert_eq!(ok(&workwell(&db, &["valuesets", "list"])), before);
}

#[test]
fn demo_reset_refuses_a_database_not_created_as_a_demo_unless_forced() {
    let s = Scratch::new("reset");
    let site = s.path("site.db");
    ok(&workwell(&site, &["init"]));
    let err = refused(&workwell(&site, &["demo-reset", "--yes"]));
    assert!(err.contains("was not created as a demo database"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_dir(&s.0).unwrap().count(), 1 + sidecars(&s.0));
    let out = ok(&workwell(&site, &["demo-reset", "--yes", "--force"]));
    assert!(out.contains("previous database kept at"), "{out}");

    let demo = s.path("demo.db");
    ok(&workwell(&demo, &["init", "--demo"]));
    let out = ok(&workwell(&demo, &["demo-reset", "--yes"]));
    assert!(out.contains("fresh demo database"), "{out}");
}

/// -wal / -shm files SQLite may leave beside the database.
fn sidecars(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            name.ends_with("-wal") || name.ends_with("-shm")
        })
        .count()
}

#[test]
fn waivers_have_a_start_and_the_list_names_the_employee() {
    let s = Scratch::new("waiver");
    let db = s.path("ww.db");
    ok(&workwell(&db, &["init", "--demo"]));
    const TB: &str = "b0000001-0000-0000-0000-000000000002";
    let employee = "emp-001";
    let err = refused(&workwell(
        &db,
        &[
            "waivers",
            "grant",
            "--employee",
            employee,
            "--measure",
            TB,
            "--reason",
            "QA",
            "--expires",
            "2023-06-30",
        ],
    ));
    assert!(err.contains("is before the waiver's start"), "{err}");
    let out = ok(&workwell(
        &db,
        &[
            "waivers",
            "grant",
            "--employee",
            employee,
            "--measure",
            TB,
            "--reason",
            "Medical leave",
            "--from",
            "2023-01-01",
            "--expires",
            "2023-06-30",
        ],
    ));
    assert!(out.contains("from 2023-01-01 to 2023-06-30"), "{out}");
    let list = ok(&workwell(&db, &["waivers", "list", "--employee", employee]));
    let line = list
        .lines()
        .find(|l| l.contains("Medical leave"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(line.contains(&format!("{employee} (")), "{line}");
    assert!(line.contains("from 2023-01-01 to 2023-06-30"), "{line}");
}

#[test]
fn open_errors_do_not_advise_init_for_a_file_init_cannot_fix() {
    let s = Scratch::new("open");
    let junk = s.path("notes.db");
    std::fs::write(
        &junk,
        "this is not a database, just text that is long enough",
    )
    .unwrap();
    let err = refused(&workwell(&junk, &["status"]));
    assert!(!err.contains("workwell init"), "{err}");
    let missing = s.path("missing.db");
    let err = refused(&workwell(&missing, &["status"]));
    assert!(
        err.contains("does not exist: create it with `workwell init`"),
        "{err}"
    );
}

/// QA finding G20: `--since yesterday`, `--type NOPE` answered with silence (exit 0, and for
/// an export a header-only file plus an EXPORT_GENERATED event). G6: settings through the CLI.
#[test]
fn audit_and_export_filters_are_validated_and_settings_are_audited() {
    let s = Scratch::new("g20");
    let db = s.path("w.db");
    ok(&workwell(&db, &["init"]));
    let err = refused(&workwell(&db, &["audit", "list", "--since", "yesterday"]));
    assert!(err.contains("--since 'yesterday' is not a date"), "{err}");
    let err = refused(&workwell(&db, &["audit", "list", "--type", "NOPE"]));
    assert!(err.contains("unknown audit event type 'NOPE'"), "{err}");
    let csv = s.path("a.csv");
    let err = refused(&workwell(
        &db,
        &[
            "export",
            "audit-events",
            "--since",
            "garbage",
            "--out",
            csv.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("--since 'garbage'"), "{err}");
    assert!(!csv.exists(), "no file for a refused filter");
    let err = refused(&workwell(&db, &["export", "runs", "--until", "2026-02-30"]));
    assert!(err.contains("--until '2026-02-30'"), "{err}");

    // Settings: a change is audited; `--until DAY` covers that whole day.
    ok(&workwell(
        &db,
        &["settings", "set", "user_name", "Dana Officer"],
    ));
    let json = ok(&workwell(
        &db,
        &["audit", "list", "--type", "setting_changed", "--json"],
    ));
    let events: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(events.len(), 1, "{json}");
    let at = events[0]["occurred_at"]
        .as_str()
        .or_else(|| events[0]["occurredAt"].as_str())
        .unwrap_or_else(|| panic!("{json}"))
        .to_owned();
    let day = &at[..10];
    let listed = ok(&workwell(
        &db,
        &[
            "audit",
            "list",
            "--type",
            "SETTING_CHANGED",
            "--since",
            day,
            "--until",
            day,
        ],
    ));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.contains("\"new\":\"Dana Officer\""), "{listed}");

    let err = refused(&workwell(
        &db,
        &["settings", "set", "org_time_zone", "Mars/Base"],
    ));
    assert!(err.contains("not an IANA time zone"), "{err}");
    ok(&workwell(
        &db,
        &["settings", "set", "org_time_zone", "Pacific/Kiritimati"],
    ));
    assert_eq!(
        ok(&workwell(&db, &["settings", "get", "org_time_zone"])).trim(),
        "Pacific/Kiritimati"
    );
}
