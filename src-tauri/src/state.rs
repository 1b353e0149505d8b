//! The application state, built once in `setup` and managed once.
//!
//! The state holds the database path, not a connection: every command opens its own
//! connection with [`ww_store::reopen`] on the thread that runs it (SQLite connections are
//! `Send` but not `Sync`), following the store's concurrency contract. The file itself is
//! verified and migrated exactly once, by [`App::open`], while the window starts.
//!
//! On a new file the demo content and the first run of all programs are loaded on a
//! background thread, so the window paints at once; every database access of a command
//! waits until that work is done ([`App::read`] and friends), so no screen sees a
//! half-built demo database.

pub mod startup;

use crate::error::{AppError, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};

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
    /// Whether the database is ready for commands (see [`App::open`]).
    ready: Arc<Ready>,
}

/// A latch: unset while a new database's demo content is being loaded, then the outcome.
#[derive(Debug, Default)]
struct Ready {
    outcome: Mutex<Option<std::result::Result<(), String>>>,
    changed: Condvar,
}

impl Ready {
    fn set(&self, outcome: std::result::Result<(), String>) {
        let mut slot = self.outcome.lock().unwrap_or_else(|p| p.into_inner());
        *slot = Some(outcome);
        self.changed.notify_all();
    }

    fn is_set(&self) -> bool {
        self.outcome
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Blocks until the outcome is known; the loader's error, if it failed.
    fn wait(&self) -> Result<()> {
        let mut slot = self.outcome.lock().unwrap_or_else(|p| p.into_inner());
        while slot.is_none() {
            slot = self.changed.wait(slot).unwrap_or_else(|p| p.into_inner());
        }
        match slot.as_ref() {
            Some(Err(e)) => Err(AppError::Task(format!(
                "preparing the demo database at first launch failed: {e}"
            ))),
            _ => Ok(()),
        }
    }
}

/// How many of the first commands' database accesses [`startup::mark`] notes.
const TRACED_ACCESSES: u32 = 6;

impl App {
    /// Opens the database at `db_path` (creating and migrating it when missing), and on a
    /// file that did not exist yet starts loading the demo content and running all programs
    /// once ([`seed_demo`]) on a background thread, so the first launch shows data without
    /// holding up the window. Commands' database accesses wait until that is done.
    ///
    /// # Errors
    /// The store's refusal of foreign, newer or damaged files (the file is left untouched),
    /// a failure creating the parent directory, or no thread for the demo loader.
    pub fn open(db_path: &Path) -> Result<App> {
        Self::open_with(db_path, || ())
    }

    /// [`App::open`], with `before_demo` run on the loader thread before it loads anything
    /// (tests hold the loader there).
    fn open_with(db_path: &Path, before_demo: impl FnOnce() + Send + 'static) -> Result<App> {
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
        let ready = Arc::new(Ready::default());
        if created {
            let latch = Arc::clone(&ready);
            std::thread::Builder::new()
                .name("workwell-demo".into())
                .spawn(move || {
                    before_demo();
                    let outcome = seed_demo(&mut conn).map_err(|e| e.to_string());
                    if let Err(e) = &outcome {
                        eprintln!("preparing the demo database failed: {e}");
                    }
                    drop(conn);
                    startup::mark("demo_ready", if outcome.is_ok() { "ok" } else { "failed" });
                    latch.set(outcome);
                })
                .map_err(|e| AppError::Task(format!("cannot start the demo loader: {e}")))?;
        } else {
            drop(conn);
            ready.set(Ok(()));
        }
        Ok(App {
            db_path: db_path.to_owned(),
            created,
            cancel: AtomicBool::new(false),
            accesses: AtomicU32::new(0),
            ready,
        })
    }

    /// The flag that cancels the running run (set by `cancel_run`, cleared when a run starts).
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// The database file this window works on, once it is ready (a new file's demo content
    /// is loaded; a failure to load it shows at the command's own database access).
    pub fn db_path(&self) -> &Path {
        let _ = self.ready.wait();
        &self.db_path
    }

    /// Whether commands can use the database without waiting (false while a new file's demo
    /// content is being loaded).
    pub fn is_ready(&self) -> bool {
        self.ready.is_set()
    }

    /// Whether this launch created the database file.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Runs `body` once the database is ready, and when it is one of the first
    /// [`TRACED_ACCESSES`] database accesses of the window's commands, marks it in the start-up trace with `what` (the type name of
    /// the command's function or closure) and how long it took.
    fn traced<T>(&self, what: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
        let n = self.accesses.fetch_add(1, Ordering::Relaxed);
        if n >= TRACED_ACCESSES {
            self.ready.wait()?;
            return body();
        }
        startup::timed(&format!("command_access_{}", n + 1), what, || {
            self.ready.wait()?;
            body()
        })
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
        // (Waits for the first launch's demo content.)
        let first = crate::commands::status::status(&app).unwrap();
        let again = App::open(&path).unwrap();
        assert!(!again.created());
        assert!(again.is_ready(), "an existing file is ready at once");
        // The second launch seeds nothing more.
        let second = crate::commands::status::status(&again).unwrap();
        assert_eq!(first.tables, second.tables);
    }

    /// Issue #7 (the overview opens in under a second): the first launch's demo content and
    /// first run are loaded off the window's thread, and commands wait for them.
    #[test]
    fn a_new_file_is_prepared_in_the_background_and_commands_wait_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ww.db");
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let app = App::open_with(&path, move || {
            let _ = wait.recv();
        })
        .unwrap();
        // `open` returned while the loader has not loaded anything yet.
        assert!(app.created());
        assert!(!app.is_ready(), "the demo content is still to be loaded");
        go.send(()).unwrap();
        // A command's read waits for the demo content and the first run of all programs.
        let (runs, employees): (i64, i64) = app
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT (SELECT count(*) FROM runs WHERE status = 'COMPLETED'), \
                     (SELECT count(*) FROM employees)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?)
            })
            .unwrap();
        assert!(app.is_ready());
        assert_eq!(runs, 1, "the first launch's run of all programs");
        assert_eq!(employees, 200, "the demo workforce");
    }
}
