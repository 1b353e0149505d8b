//! The application state, built once in `setup` and managed once.
//!
//! The state holds the database path, not a connection: every command opens its own
//! connection with [`ww_store::reopen`] on the thread that runs it (SQLite connections are
//! `Send` but not `Sync`), following the store's concurrency contract. The file itself is
//! verified and migrated exactly once, by [`App::open`], before the window is shown.

pub mod startup;

use crate::error::{AppError, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Environment variable that overrides the database file (the CLI reads the same one).
pub const DB_ENV: &str = "WORKWELL_DB";

/// The shell's state: where the database is and what happened when it was opened.
#[derive(Debug)]
pub struct App {
    db_path: PathBuf,
    created: bool,
    cancel: AtomicBool,
    /// Database reads and writes done by commands so far (the first few are traced).
    accesses: AtomicU32,
}

/// How many of the first commands' database accesses [`startup::mark`] notes.
const TRACED_ACCESSES: u32 = 6;

impl App {
    /// Opens the database at `db_path` (creating and migrating it when missing), and on a
    /// file that did not exist yet loads the demo content ([`seed_demo`]), so the first
    /// launch shows data.
    ///
    /// # Errors
    /// The store's refusal of foreign, newer or damaged files (the file is left untouched),
    /// or a failure creating the parent directory.
    pub fn open(db_path: &Path) -> Result<App> {
        startup::mark("setup", "the window exists; opening the database");
        if let Some(dir) = db_path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| {
                AppError::Invalid(format!(
                    "cannot create the data directory {}: {source}",
                    dir.display()
                ))
            })?;
        }
        let created = !db_path.exists();
        let mut conn = startup::timed("db_open", "open and migrate", || ww_store::open(db_path))?;
        if created {
            seed_demo(&mut conn)?;
        }
        drop(conn);
        Ok(App {
            db_path: db_path.to_owned(),
            created,
            cancel: AtomicBool::new(false),
            accesses: AtomicU32::new(0),
        })
    }

    /// The flag that cancels the running run (set by `cancel_run`, cleared when a run starts).
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// The database file this window works on.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// Whether this launch created the database file.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Runs `body`, and when it is one of the first [`TRACED_ACCESSES`] database accesses of
    /// the window's commands, marks it in the start-up trace with `what` (the type name of
    /// the command's function or closure) and how long it took.
    fn traced<T>(&self, what: &str, body: impl FnOnce() -> T) -> T {
        let n = self.accesses.fetch_add(1, Ordering::Relaxed);
        if n >= TRACED_ACCESSES {
            return body();
        }
        startup::timed(&format!("command_access_{}", n + 1), what, body)
    }

    /// Runs `f` with a fresh connection to the database (on the caller's thread).
    ///
    /// # Errors
    /// Opening the connection, or `f`'s own error.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> ww_store::Result<T>,
    ) -> Result<T> {
        self.traced(type_name_of(&f), || {
            let conn = ww_store::reopen(&self.db_path)?;
            Ok(f(&conn)?)
        })
    }

    /// Like [`App::read`] for engine functions with their own error type (e.g. ww-casework).
    ///
    /// # Errors
    /// Opening the connection, or `f`'s own error converted to [`AppError`].
    pub fn read_with<T, E>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T, E>,
    ) -> Result<T>
    where
        AppError: From<E>,
    {
        self.traced(type_name_of(&f), || {
            let conn = ww_store::reopen(&self.db_path)?;
            Ok(f(&conn)?)
        })
    }

    /// Like [`App::write`] for engine functions with their own error type.
    ///
    /// # Errors
    /// Opening the connection, or `f`'s own error converted to [`AppError`].
    pub fn write_with<T, E>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> Result<T, E>,
    ) -> Result<T>
    where
        AppError: From<E>,
    {
        self.traced(type_name_of(&f), || {
            let mut conn = ww_store::reopen(&self.db_path)?;
            Ok(f(&mut conn)?)
        })
    }

    /// Runs `f` with a fresh, mutable connection (for engine calls that open their own
    /// transaction with [`ww_store::with_tx`]).
    ///
    /// # Errors
    /// Opening the connection, or `f`'s own error.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> ww_store::Result<T>,
    ) -> Result<T> {
        self.traced(type_name_of(&f), || {
            let mut conn = ww_store::reopen(&self.db_path)?;
            Ok(f(&mut conn)?)
        })
    }
}

/// The type name of `f` (for a function item, its path; for a closure, the path of the
/// function that wrote it), naming a command's database access in the start-up trace.
fn type_name_of<F>(_: &F) -> &'static str {
    std::any::type_name::<F>()
}

/// Loads the standard content (with the seeded measures' test fixtures, as `workwell init`
/// does) and the demo workforce (with its FHIR records) into a new
/// database, as of today in the organisation's zone, then runs all programs once so the
/// overview has figures: what `workwell demo` does on a new file. The loaders are idempotent.
///
/// # Errors
/// Store and engine failures; each loader and each run batch is its own transaction.
pub fn seed_demo(conn: &mut rusqlite::Connection) -> Result<()> {
    startup::timed("seed_standard", "measures, value sets, settings", || {
        ww_store::seed::load_standard(conn)
    })?;
    startup::timed(
        "seed_fixtures",
        "the seeded measures' test fixtures",
        || ww_store::with_tx(conn, |tx| ww_governance::seed_fixtures(tx)),
    )?;
    let as_of = ww_core::run::today(conn)?;
    startup::timed("seed_demo", "demo workforce and FHIR records", || {
        ww_store::seed::demo::load_demo(conn, &ww_store::seed::demo::DemoOptions::as_of(as_of))
    })?;
    let cancel = AtomicBool::new(false);
    startup::timed("first_run", "run all programs", || {
        crate::run::run_all_programs(conn, &cancel, &ww_core::run::NoProgress)
    })?;
    Ok(())
}

/// The database path: `$WORKWELL_DB` when set, else `default()` (the CLI's default file,
/// [`ww_store::db::default_path`], so the window and `workwell` share one database).
///
/// # Errors
/// `default()`'s error (no home directory) when the variable is not set.
pub fn resolve_db_path(
    env_value: Option<std::ffi::OsString>,
    default: impl FnOnce() -> ww_store::Result<PathBuf>,
) -> Result<PathBuf> {
    match env_value {
        Some(v) if !v.is_empty() => Ok(PathBuf::from(v)),
        _ => Ok(default()?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_the_default_file() {
        let default = || Ok(PathBuf::from("/data/workwell/workwell.db"));
        assert_eq!(
            resolve_db_path(None, default).unwrap(),
            PathBuf::from("/data/workwell/workwell.db")
        );
        assert_eq!(
            resolve_db_path(Some("".into()), default).unwrap(),
            PathBuf::from("/data/workwell/workwell.db")
        );
        assert_eq!(
            resolve_db_path(Some("/tmp/x.db".into()), default).unwrap(),
            PathBuf::from("/tmp/x.db")
        );
        let no_home = || Err(ww_store::Error::Invalid("no home directory".into()));
        assert!(resolve_db_path(None, no_home).is_err());
        assert!(resolve_db_path(Some("/tmp/x.db".into()), no_home).is_ok());
    }

    #[test]
    fn first_open_creates_and_second_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("ww.db");
        let app = App::open(&path).unwrap();
        assert!(app.created());
        let again = App::open(&path).unwrap();
        assert!(!again.created());
        // The second launch seeds nothing more.
        let first = crate::commands::status::status(&app).unwrap();
        let second = crate::commands::status::status(&again).unwrap();
        assert_eq!(first.tables, second.tables);
    }
}
