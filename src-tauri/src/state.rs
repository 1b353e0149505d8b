//! The application state, built once in `setup` and managed once.
//!
//! The state holds the database path, not a connection: every command opens its own
//! connection with [`ww_store::reopen`] on the thread that runs it (SQLite connections are
//! `Send` but not `Sync`), following the store's concurrency contract. The file itself is
//! verified and migrated exactly once, by [`App::open`], before the window is shown.

use crate::error::{AppError, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Environment variable that overrides the database file (the CLI reads the same one).
pub const DB_ENV: &str = "WORKWELL_DB";

/// The shell's state: where the database is and what happened when it was opened.
#[derive(Debug)]
pub struct App {
    db_path: PathBuf,
    created: bool,
    cancel: AtomicBool,
}

impl App {
    /// Opens the database at `db_path` (creating and migrating it when missing), and on a
    /// file that did not exist yet loads the demo content ([`seed_demo`]), so the first
    /// launch shows data.
    ///
    /// # Errors
    /// The store's refusal of foreign, newer or damaged files (the file is left untouched),
    /// or a failure creating the parent directory.
    pub fn open(db_path: &Path) -> Result<App> {
        if let Some(dir) = db_path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| {
                AppError::Invalid(format!(
                    "cannot create the data directory {}: {source}",
                    dir.display()
                ))
            })?;
        }
        let created = !db_path.exists();
        let mut conn = ww_store::open(db_path)?;
        if created {
            seed_demo(&mut conn)?;
        }
        drop(conn);
        Ok(App {
            db_path: db_path.to_owned(),
            created,
            cancel: AtomicBool::new(false),
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

    /// Runs `f` with a fresh connection to the database (on the caller's thread).
    ///
    /// # Errors
    /// Opening the connection, or `f`'s own error.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> ww_store::Result<T>,
    ) -> Result<T> {
        let conn = ww_store::reopen(&self.db_path)?;
        Ok(f(&conn)?)
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
        let conn = ww_store::reopen(&self.db_path)?;
        Ok(f(&conn)?)
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
        let mut conn = ww_store::reopen(&self.db_path)?;
        Ok(f(&mut conn)?)
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
        let mut conn = ww_store::reopen(&self.db_path)?;
        Ok(f(&mut conn)?)
    }
}

/// Loads the standard content (with the seeded measures' test fixtures, as `workwell init`
/// does) and the demo workforce (with its FHIR records) into a new
/// database, as of today in the organisation's zone, then runs all programs once so the
/// overview has figures: what `workwell demo` does on a new file. The loaders are idempotent.
///
/// # Errors
/// Store and engine failures; each loader and each run batch is its own transaction.
pub fn seed_demo(conn: &mut rusqlite::Connection) -> Result<()> {
    ww_store::seed::load_standard(conn)?;
    ww_store::with_tx(conn, |tx| ww_governance::seed_fixtures(tx))?;
    let as_of = ww_core::run::today(conn)?;
    ww_store::seed::demo::load_demo(conn, &ww_store::seed::demo::DemoOptions::as_of(as_of))?;
    let cancel = AtomicBool::new(false);
    crate::run::run_all_programs(conn, &cancel, &ww_core::run::NoProgress)?;
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
