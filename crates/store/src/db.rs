//! Opening the database: the one place that opens connections and sets their pragmas.
//!
//! # Concurrency contract
//!
//! * A WorkWell database is one SQLite file in WAL mode (`journal_mode=WAL`,
//!   `synchronous=NORMAL`): any number of readers run beside one writer, and readers never
//!   block the writer.
//! * Every connection comes from [`open`] (the first in a process: it verifies and migrates
//!   the file) or [`reopen`] (further connections to the same, already verified file). Both set
//!   `foreign_keys=ON` and a `busy_timeout` of [`BUSY_TIMEOUT`], so a second writer waits
//!   instead of failing at once.
//! * A [`rusqlite::Connection`] is `Send` but not `Sync`: give each thread its own connection.
//!   Evaluation may run on many threads; writes go through one connection.
//! * Every write is one [`with_tx`] call: a `BEGIN IMMEDIATE` transaction that takes the write
//!   lock up front (no deadlock upgrading a read lock) and commits, or rolls back on error. An
//!   audit row is written inside the same transaction as the change it records.
//! * A file is never changed before it has been recognised: [`open`] checks the SQLite header,
//!   `PRAGMA application_id`, the schema version and `PRAGMA integrity_check` on a read-only
//!   connection first, and refuses foreign, newer and damaged files untouched.

use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// `PRAGMA application_id` of a WorkWell database: the bytes `WWL1` (set by migration V1).
pub const APPLICATION_ID: i32 = 0x5757_4C31;

/// How long a connection waits for another writer's lock before `SQLITE_BUSY`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What [`inspect`] found at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// No file: [`open`] creates it.
    Missing,
    /// A zero-length file or an SQLite database without any schema: [`open`] initialises it.
    Empty,
    /// A WorkWell database at this schema version (the newest applied migration).
    WorkWell {
        /// The newest applied migration's version number.
        schema_version: i64,
    },
}

/// The newest migration version this build embeds (`V{n}` of the last file in `migrations/`).
pub fn supported_schema_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// Opens (creating if needed) the WorkWell database at `path`, refusing files it must not
/// touch, then sets the pragmas of the concurrency contract and applies pending migrations.
///
/// # Errors
/// [`Error::NotWorkWell`] for a file that is not SQLite or is another application's SQLite
/// database; [`Error::NewerSchema`] for a file migrated by a newer build; [`Error::Corrupt`]
/// when `PRAGMA integrity_check` fails. In those three cases the file is left byte-identical.
/// [`Error::Migration`] when a migration fails (the grouped migration transaction rolls back).
pub fn open(path: &Path) -> Result<Connection> {
    inspect(path)?;
    let mut conn = connect(path)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Opens an existing WorkWell file read-only after the same checks as [`open`], without
/// migrating it (for `workwell status` and other inspections that must not change the file).
///
/// # Errors
/// As [`inspect`]; [`Error::NotFound`] when there is no file or it is empty.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    match inspect(path)? {
        FileState::Missing | FileState::Empty => Err(Error::NotFound {
            what: "WorkWell database",
            id: path.display().to_string(),
        }),
        FileState::WorkWell { .. } => {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            Ok(conn)
        }
    }
}

/// The default database file: `workwell.db` in the platform data directory
/// (`$XDG_DATA_HOME/workwell` or `~/.local/share/workwell` on Linux,
/// `~/Library/Application Support/dev.WorkWell.WorkWell` on macOS, `%APPDATA%` on Windows).
///
/// # Errors
/// [`Error::Invalid`] when the platform has no home directory.
pub fn default_path() -> Result<std::path::PathBuf> {
    directories::ProjectDirs::from("dev", "WorkWell", "WorkWell")
        .map(|d| d.data_dir().join("workwell.db"))
        .ok_or_else(|| {
            Error::Invalid("no home directory: pass --db PATH or set WORKWELL_DB".into())
        })
}

/// Opens another connection to a file that [`open`] has already verified and migrated in
/// this process (cheap: checks the application id and schema version, not the integrity).
///
/// # Errors
/// [`Error::NotWorkWell`] or [`Error::NewerSchema`] when the file has changed under us.
pub fn reopen(path: &Path) -> Result<Connection> {
    let conn = connect(path)?;
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != APPLICATION_ID {
        return Err(Error::NotWorkWell {
            path: path.to_owned(),
            reason: format!("application_id is {app:#x}"),
        });
    }
    let found = schema_version(&conn)?;
    let supported = supported_schema_version();
    if found > supported {
        return Err(Error::NewerSchema {
            path: path.to_owned(),
            found,
            supported,
        });
    }
    Ok(conn)
}

/// Opens an in-memory WorkWell database, migrated (for tests and fixtures).
///
/// # Errors
/// [`Error::Migration`] if a migration fails.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Looks at the file without changing it: header, application id, schema version, integrity.
///
/// # Errors
/// As [`open`] (everything except migration failures).
pub fn inspect(path: &Path) -> Result<FileState> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let not_ww = |reason: String| Error::NotWorkWell {
        path: path.to_owned(),
        reason,
    };
    let mut header = Vec::with_capacity(100);
    match std::fs::File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(io(e)),
        Ok(f) => {
            f.take(100).read_to_end(&mut header).map_err(io)?;
        }
    }
    if header.is_empty() {
        return Ok(FileState::Empty);
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Err(not_ww("not an SQLite file".into()));
    }
    // A read-only connection cannot write the file; corruption surfaces as an SQLite error
    // from any of the reads below and is reported as Corrupt.
    let corrupt = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Error::Corrupt {
                path: path.to_owned(),
                detail: e.to_string(),
            }
        }
        _ => Error::Sqlite(e),
    };
    let probe = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt)?;
    probe.busy_timeout(BUSY_TIMEOUT).map_err(corrupt)?;
    let app: i32 = probe
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(corrupt)?;
    let objects: Vec<String> = probe
        .prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(corrupt)?;
    if app != APPLICATION_ID {
        if objects.is_empty() {
            return Ok(FileState::Empty);
        }
        let shown: Vec<&str> = objects.iter().take(5).map(String::as_str).collect();
        return Err(not_ww(format!(
            "application_id is {app:#x}, not {APPLICATION_ID:#x}; it holds {}",
            shown.join(", ")
        )));
    }
    let found = schema_version(&probe).map_err(|e| match e {
        Error::Sqlite(e) => corrupt(e),
        other => other,
    })?;
    let supported = supported_schema_version();
    if found > supported {
        return Err(Error::NewerSchema {
            path: path.to_owned(),
            found,
            supported,
        });
    }
    let report: Vec<String> = probe
        .prepare("PRAGMA integrity_check(20)")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(corrupt)?;
    if report != ["ok"] {
        return Err(Error::Corrupt {
            path: path.to_owned(),
            detail: report.join("; "),
        });
    }
    Ok(FileState::WorkWell {
        schema_version: found,
    })
}

/// The schema version of an open database: the larger of `PRAGMA user_version` (written after
/// each migration) and the newest version in refinery's history table.
///
/// # Errors
/// [`Error::Sqlite`] when the history table cannot be read.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_history: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    let history: i64 = if has_history {
        conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )?
    } else {
        0
    };
    Ok(user_version.max(history))
}

/// Applies pending migrations in one transaction and records the schema version in
/// `PRAGMA user_version`. Returns the versions applied now (empty when up to date).
///
/// # Errors
/// [`Error::Migration`] when a migration fails or the file's history diverges from this build.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    let report = embedded::migrations::runner().set_grouped(true).run(conn)?;
    let applied: Vec<i64> = report
        .applied_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .collect();
    let version = schema_version(conn)?;
    conn.pragma_update(None, "user_version", version)?;
    Ok(applied)
}

/// Runs `f` in one `BEGIN IMMEDIATE` transaction: commits when it returns `Ok`, rolls back
/// when it returns `Err` (or panics). Use it for every user action that writes.
///
/// # Errors
/// `f`'s error, or the store error of beginning or committing, converted into `E`.
pub fn with_tx<T, E>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<T, E>
where
    E: From<Error>,
{
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(Error::from)?;
    let value = f(&tx)?;
    tx.commit().map_err(Error::from)?;
    Ok(value)
}

/// Row counts of every WorkWell table (SQLite's and refinery's bookkeeping excluded), by name.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn table_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> 'refinery_schema_history' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = Vec::with_capacity(names.len());
    for name in names {
        let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{name}\""), [], |r| {
            r.get(0)
        })?;
        counts.push((name, n));
    }
    Ok(counts)
}

fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Invalid(format!(
            "{} could not switch to WAL journal mode (got {mode})",
            path.display()
        )));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}
