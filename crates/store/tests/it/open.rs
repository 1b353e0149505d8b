//! Opening files: creation, WAL, refusal of foreign, newer and damaged files untouched.

use std::path::Path;
use ww_store::db::{self, FileState};
use ww_store::Error;

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ww.db");
    (dir, path)
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

/// A WorkWell file, closed and checkpointed into one file (no -wal beside it).
fn make_workwell(path: &Path) {
    let conn = ww_store::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
}

#[test]
fn open_creates_and_migrates_a_new_file() {
    let (_d, path) = temp_db();
    let conn = ww_store::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, db::APPLICATION_ID);
    assert_eq!(
        db::schema_version(&conn).unwrap(),
        db::supported_schema_version()
    );
    drop(conn);
    assert_eq!(
        db::inspect(&path).unwrap(),
        FileState::WorkWell {
            schema_version: db::supported_schema_version()
        }
    );
    // Opening again applies nothing.
    let mut conn = ww_store::open(&path).unwrap();
    assert!(db::migrate(&mut conn).unwrap().is_empty());
}

#[test]
fn a_text_file_is_refused_and_left_byte_identical() {
    let (_d, path) = temp_db();
    std::fs::write(&path, "name,role\nAda,Nurse\n".repeat(20)).unwrap();
    let before = bytes(&path);
    let err = ww_store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotWorkWell { .. }), "{err}");
    assert_eq!(err.code(), "NOT_WORKWELL");
    assert!(err.to_string().contains("not an SQLite file"));
    assert_eq!(bytes(&path), before);
}

#[test]
fn another_applications_sqlite_file_is_refused_and_left_byte_identical() {
    let (_d, path) = temp_db();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');")
            .unwrap();
    }
    let before = bytes(&path);
    let err = ww_store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotWorkWell { .. }), "{err}");
    assert!(err.to_string().contains("notes"), "{err}");
    assert_eq!(bytes(&path), before);
    assert!(!path.with_extension("db-wal").exists());
}

#[test]
fn a_newer_file_is_refused_and_left_byte_identical() {
    let (_d, path) = temp_db();
    make_workwell(&path);
    let newer = db::supported_schema_version() + 1;
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", newer).unwrap();
    }
    let before = bytes(&path);
    let err = ww_store::open(&path).unwrap_err();
    match &err {
        Error::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, newer);
            assert_eq!(*supported, newer - 1);
        }
        other => panic!("expected NewerSchema, got {other}"),
    }
    assert!(err.to_string().contains("newer than this build"));
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_corrupt_file_is_refused_and_left_byte_identical() {
    let (_d, path) = temp_db();
    make_workwell(&path);
    {
        // Fill the tables with enough rows to span many pages, then damage pages in the middle.
        let mut c = ww_store::open(&path).unwrap();
        ww_store::with_tx(&mut c, |tx| -> ww_store::Result<()> {
            for i in 0..2000 {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    (format!("k{i:05}"), "x".repeat(200)),
                )?;
            }
            Ok(())
        })
        .unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let mut raw = bytes(&path);
    let page = 4096;
    let mid = (raw.len() / page / 2) * page;
    for b in &mut raw[mid + 8..mid + page] {
        *b = 0xA5;
    }
    std::fs::write(&path, &raw).unwrap();
    let err = ww_store::open(&path).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
    assert_eq!(bytes(&path), raw);
}

#[test]
fn an_empty_file_is_initialised() {
    let (_d, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    assert_eq!(db::inspect(&path).unwrap(), FileState::Empty);
    ww_store::open(&path).unwrap();
    assert!(matches!(
        db::inspect(&path).unwrap(),
        FileState::WorkWell { .. }
    ));
}

#[test]
fn a_file_in_use_by_another_connection_opens_and_sees_its_writes() {
    let (_d, path) = temp_db();
    let mut first = ww_store::open(&path).unwrap();
    ww_store::with_tx(&mut first, |tx| -> ww_store::Result<()> {
        ww_store::settings::set(tx, "user_name", "ada")?;
        Ok(())
    })
    .unwrap();
    // The first connection stays open (WAL and shared-memory files exist beside the file).
    let second = ww_store::open(&path).unwrap();
    assert_eq!(ww_store::settings::user_name(&second).unwrap(), "ada");
    let third = ww_store::reopen(&path).unwrap();
    assert_eq!(ww_store::settings::org_time_zone(&third).unwrap(), "UTC");
    let ro = db::open_read_only(&path).unwrap();
    assert!(ro
        .execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])
        .is_err());
}

#[test]
fn with_tx_rolls_back_on_error() {
    let (_d, path) = temp_db();
    let mut conn = ww_store::open(&path).unwrap();
    let result = ww_store::with_tx(&mut conn, |tx| -> ww_store::Result<()> {
        ww_store::settings::set(tx, "user_name", "eve")?;
        Err(Error::Invalid("stop".into()))
    });
    assert!(result.is_err());
    assert_eq!(ww_store::settings::user_name(&conn).unwrap(), "local-user");
}

/// Migration numbers in the order they were released. refinery refuses to open a database
/// whose newest applied migration is above a pending one, so a new migration must take a
/// number above every entry here and be appended (docs/schema.md).
const RELEASED_MIGRATIONS: [u32; 9] = [1, 2, 30, 31, 32, 33, 34, 35, 38];

#[test]
fn migrations_are_only_ever_added_above_the_newest() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut versions: Vec<u32> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .map(|name| {
            let number = name
                .strip_prefix('V')
                .and_then(|rest| rest.split("__").next())
                .unwrap_or_else(|| panic!("{name}: not named V<n>__<name>.sql"));
            number
                .parse()
                .unwrap_or_else(|_| panic!("{name}: {number:?} is not a number"))
        })
        .collect();
    versions.sort_unstable();
    let newest_released = *RELEASED_MIGRATIONS.last().unwrap();
    for v in &versions {
        assert!(
            RELEASED_MIGRATIONS.contains(v) || *v > newest_released,
            "migration V{v} is numbered below V{newest_released}, which existing databases \
             already have: refinery would refuse to open them. Number it above V{newest_released}."
        );
    }
    for v in RELEASED_MIGRATIONS {
        assert!(versions.contains(&v), "released migration V{v} is missing");
    }
    assert_eq!(
        i64::from(*versions.last().unwrap()),
        db::supported_schema_version()
    );
}
