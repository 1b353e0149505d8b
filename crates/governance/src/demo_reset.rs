//! Demo reset (issue 6 item 7, DOMAIN.md section 7): a fresh demo database in a new file, the
//! old file kept beside it under a timestamped name, so no ledger row is ever deleted.

use crate::audit::record;
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use std::path::{Path, PathBuf};
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::seed::demo::DemoOptions;
use ww_store::with_tx;

/// What a demo reset did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResetReport {
    /// The database file now holding the fresh demo content.
    pub database: PathBuf,
    /// Where the previous file was moved (None when there was none).
    pub archived_to: Option<PathBuf>,
    /// Demo employees written.
    pub employees: usize,
    /// FHIR resources written.
    pub resources: usize,
    /// Seed fixtures written.
    pub fixtures: usize,
}

/// `<stem>.<UTC timestamp>.<ext>` beside `path` (e.g. `workwell.20261129T231500123Z.db`),
/// with a counter added if that name is taken.
pub fn archive_name(path: &Path, stamp: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workwell".into());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "db".into());
    let mut n = 0;
    loop {
        let name = if n == 0 {
            format!("{stem}.{stamp}.{ext}")
        } else {
            format!("{stem}.{stamp}-{n}.{ext}")
        };
        let candidate = path.with_file_name(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Whether the database was created as a demo database: the settings row `demo_database` is
/// `"true"` (demo-reset writes it; migration V31 backfills it), or the ledger records that
/// the demo workforce was generated into it (`init --demo` writes DEMO_WORKFORCE_GENERATED).
///
/// # Errors
/// [`Error::Db`].
pub fn is_demo_database(conn: &Connection) -> Result<bool> {
    if ww_store::settings::get(conn, ww_store::settings::DEMO_DATABASE)?.as_deref() == Some("true")
    {
        return Ok(true);
    }
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit_events WHERE event_type = ?1)",
        [Ev::DemoWorkforceGenerated.as_str()],
        |r| r.get(0),
    )?)
}

/// [`demo_reset_force`] for demo databases only: a database that was not created as a demo
/// database ([`is_demo_database`]) is refused untouched, naming why, so a site's real
/// database is never swapped for fictitious people by mistake (QA finding F17).
///
/// # Errors
/// [`Error::Gate`] for a non-demo database; otherwise as [`demo_reset_force`].
pub fn demo_reset(path: &Path, demo: &DemoOptions) -> Result<ResetReport> {
    reset(path, demo, false)
}

/// Moves the WorkWell database at `path` aside (after writing a DEMO_RESET event into its own
/// ledger and checkpointing its WAL), then creates a fresh database there with the standard
/// content, the demo workforce (`demo`) and the seed fixtures, and records DEMO_RESET in the
/// new ledger too. It replaces any WorkWell database, demo or not (the user asked for that
/// explicitly, e.g. `demo-reset --force`); the old ledger's DEMO_RESET event records whether
/// it was a demo database. A file that is not a WorkWell database is refused untouched.
///
/// Nobody else may hold the file open (the desktop app closes its connections first).
///
/// # Errors
/// [`Error::Db`] when the file is not a WorkWell database or seeding fails; [`Error::Io`] when
/// the file cannot be moved.
pub fn demo_reset_force(path: &Path, demo: &DemoOptions) -> Result<ResetReport> {
    reset(path, demo, true)
}

fn reset(path: &Path, demo: &DemoOptions, force: bool) -> Result<ResetReport> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ").to_string();
    let archived_to = if path.exists() {
        let target = archive_name(path, &stamp);
        let mut old = ww_store::open(path)?;
        let was_demo = is_demo_database(&old)?;
        if !was_demo && !force {
            let count = |table: &str| -> Result<i64> {
                Ok(old.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
            };
            return Err(Error::gate(format!(
                "{} was not created as a demo database (neither `workwell init --demo` nor \
                 demo-reset made it) and holds {} employees and {} FHIR resources: demo-reset \
                 would put fictitious people in its place. Nothing was changed; use --force to \
                 replace it anyway (the file is kept beside it)",
                path.display(),
                count("employees")?,
                count("fhir_resources")?
            )));
        }
        with_tx(&mut old, |tx| {
            let who = crate::audit::actor(tx)?;
            record(
                tx,
                Ev::DemoReset,
                EntityType::Database,
                "database",
                &who,
                None,
                json!({
                    "movedTo": target.display().to_string(), "replacedBy": "fresh demo database",
                    "wasDemoDatabase": was_demo, "forced": force && !was_demo,
                }),
            )
        })?;
        old.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        old.close().map_err(|(_, e)| Error::from(e))?;
        std::fs::rename(path, &target).map_err(io(path))?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", path.display()));
            if side.exists() {
                let to = PathBuf::from(format!("{}{suffix}", target.display()));
                std::fs::rename(&side, &to).map_err(io(&side))?;
            }
        }
        Some(target)
    } else {
        None
    };
    let mut conn = ww_store::open(path)?;
    ww_store::seed::load_standard(&mut conn)?;
    let demo_report = ww_store::seed::demo::load_demo(&mut conn, demo)?;
    let fixtures = with_tx(&mut conn, |tx| crate::fixtures::seed_fixtures(tx))?;
    finish(&mut conn, archived_to.as_deref())?;
    Ok(ResetReport {
        database: path.to_path_buf(),
        archived_to,
        employees: demo_report.employees,
        resources: demo_report.resources,
        fixtures,
    })
}

fn finish(conn: &mut Connection, archived: Option<&Path>) -> Result<()> {
    with_tx(conn, |tx| {
        let who = crate::audit::actor(tx)?;
        ww_store::settings::set(tx, ww_store::settings::DEMO_DATABASE, "true")?;
        record(
            tx,
            Ev::DemoReset,
            EntityType::Database,
            "database",
            &who,
            None,
            json!({"previousDatabase": archived.map(|p| p.display().to_string())}),
        )
    })
}
