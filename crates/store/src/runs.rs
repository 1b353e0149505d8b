//! `runs` and `run_logs`: evaluation runs and their log timelines (DOMAIN.md section 4).
//!
//! # Run ownership (crash recovery without killing live runs)
//!
//! A run that is not terminal is *owned* by the process that inserted it, and that ownership
//! is an OS advisory lock, so it ends by itself when the process dies: [`insert`] takes a
//! shared lock on the database's run lock file ([`lock_path`], beside the database) for every
//! non-terminal run it writes, and [`update_progress`] releases it when it writes a terminal
//! status. Start-up recovery (`ww_core::run::recover_interrupted_runs`) only fails runs when it
//! can take the exclusive lock, i.e. when no process owns a live run; two overlapping runs (two
//! CLI processes, a scheduled run in the app and a CLI run) therefore both finish.

use crate::enums::{LogLevel, RunStatus, ScopeType, TriggerType};
use crate::ids::RunId;
use crate::sqlutil::{json_col, to_json_text};
use crate::time::now_ts;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The run lock file of the database at `db`: `<db file name>.runs.lock` in the same folder.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".runs.lock");
    db.with_file_name(name)
}

/// A held advisory lock on a database's run lock file (`flock` on Unix, `LockFileEx` on
/// Windows), released when dropped or when the process ends.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

impl RunLock {
    fn open(db: &Path) -> Result<File> {
        let path = lock_path(db);
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io { path, source })
    }

    /// A shared lock, as every owner of a live run holds. Waits while a recovery holds the
    /// exclusive lock (it holds it for no database work, only for the check).
    ///
    /// # Errors
    /// [`Error::Io`] naming the lock file.
    pub fn shared(db: &Path) -> Result<RunLock> {
        let file = Self::open(db)?;
        file.lock_shared().map_err(|source| Error::Io {
            path: lock_path(db),
            source,
        })?;
        Ok(RunLock { _file: file })
    }

    /// The exclusive lock if no process holds the lock now (no live run), without waiting;
    /// `None` when some process owns a live run.
    ///
    /// # Errors
    /// [`Error::Io`] naming the lock file.
    pub fn try_exclusive(db: &Path) -> Result<Option<RunLock>> {
        let file = Self::open(db)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(RunLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(source)) => Err(Error::Io {
                path: lock_path(db),
                source,
            }),
        }
    }
}

/// Shared locks held by this process for its live runs.
static OWNED: Mutex<Vec<(RunId, RunLock)>> = Mutex::new(Vec::new());

/// The database file of `conn`, or `None` for an in-memory database (nothing to share).
pub fn database_file(conn: &Connection) -> Option<PathBuf> {
    conn.path().filter(|p| !p.is_empty()).map(PathBuf::from)
}

fn own(conn: &Connection, id: RunId) -> Result<()> {
    if let Some(db) = database_file(conn) {
        let lock = RunLock::shared(&db)?;
        OWNED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((id, lock));
    }
    Ok(())
}

fn release(id: RunId) {
    OWNED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .retain(|(owned, _)| *owned != id);
}

/// Whether this process owns the run (inserted it and has not yet written a terminal status).
pub fn owned_here(id: RunId) -> bool {
    OWNED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .iter()
        .any(|(owned, _)| *owned == id)
}

/// One `runs` row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Run {
    /// Primary key.
    pub id: RunId,
    /// Scope.
    pub scope_type: ScopeType,
    /// For MEASURE / CASE runs the resolved measure version id (text); else None.
    pub scope_id: Option<String>,
    /// Site for SITE runs.
    pub site: Option<String>,
    /// Trigger.
    pub trigger_type: TriggerType,
    /// Lifecycle status.
    pub status: RunStatus,
    /// Who started it.
    pub triggered_by: Option<String>,
    /// Start time.
    pub started_at: String,
    /// End time.
    pub completed_at: Option<String>,
    /// Employees x measures evaluated.
    pub total_evaluated: Option<i64>,
    /// COMPLIANT count.
    pub compliant: Option<i64>,
    /// Not COMPLIANT (and not EXCLUDED) count.
    pub non_compliant: Option<i64>,
    /// Wall-clock milliseconds from start to finish.
    pub duration_ms: Option<i64>,
    /// Measurement period start.
    pub measurement_period_start: String,
    /// Measurement period end.
    pub measurement_period_end: String,
    /// The request as given (scope, filters, as-of date).
    pub requested_scope_json: Value,
    /// What went wrong.
    pub failure_summary: Option<String>,
    /// Employees whose evaluation failed.
    pub partial_failure_count: i64,
    /// Dry run: stored for inspection, touches no case.
    pub dry_run: bool,
}

/// One `run_logs` row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunLog {
    /// Sequence number.
    pub id: i64,
    /// The run.
    pub run_id: RunId,
    /// Time.
    pub ts: String,
    /// Level.
    pub level: LogLevel,
    /// A short sentence.
    pub message: String,
}

const COLUMNS: &str = "id, scope_type, scope_id, site, trigger_type, status, triggered_by, started_at, \
    completed_at, total_evaluated, compliant, non_compliant, duration_ms, measurement_period_start, \
    measurement_period_end, requested_scope_json, failure_summary, partial_failure_count, dry_run";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Run> {
    Ok(Run {
        id: r.get(0)?,
        scope_type: r.get(1)?,
        scope_id: r.get(2)?,
        site: r.get(3)?,
        trigger_type: r.get(4)?,
        status: r.get(5)?,
        triggered_by: r.get(6)?,
        started_at: r.get(7)?,
        completed_at: r.get(8)?,
        total_evaluated: r.get(9)?,
        compliant: r.get(10)?,
        non_compliant: r.get(11)?,
        duration_ms: r.get(12)?,
        measurement_period_start: r.get(13)?,
        measurement_period_end: r.get(14)?,
        requested_scope_json: json_col(r, 15)?,
        failure_summary: r.get(16)?,
        partial_failure_count: r.get(17)?,
        dry_run: r.get(18)?,
    })
}

/// Inserts a run. A non-terminal run becomes owned by this process (module docs: a shared
/// lock on the run lock file, held until [`update_progress`] writes a terminal status or the
/// process ends).
///
/// # Errors
/// [`Error::Sqlite`]; [`Error::Io`] when the run lock file cannot be opened or locked.
pub fn insert(conn: &Connection, run: &Run) -> Result<()> {
    let scope_json = to_json_text("runs.requested_scope_json", &run.requested_scope_json)?;
    if !run.status.is_terminal() {
        own(conn, run.id)?;
    }
    let written = conn.execute(
        &format!(
            "INSERT INTO runs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
        ),
        params![
            run.id,
            run.scope_type,
            run.scope_id,
            run.site,
            run.trigger_type,
            run.status,
            run.triggered_by,
            run.started_at,
            run.completed_at,
            run.total_evaluated,
            run.compliant,
            run.non_compliant,
            run.duration_ms,
            run.measurement_period_start,
            run.measurement_period_end,
            scope_json,
            run.failure_summary,
            run.partial_failure_count,
            run.dry_run
        ],
    );
    if let Err(e) = written {
        release(run.id);
        return Err(e.into());
    }
    Ok(())
}

/// Writes status, completion time, counts, duration, failure summary and partial-failure
/// count of `run`, but only while the stored run is not terminal (DOMAIN.md section 4:
/// terminal states are final). Writing a terminal status ends this process's ownership of the
/// run (module docs).
///
/// # Errors
/// [`Error::NotFound`] for an unknown run; [`Error::Invalid`] when the stored run is terminal.
pub fn update_progress(conn: &Connection, run: &Run) -> Result<()> {
    let stored = get(conn, run.id)?.ok_or_else(|| Error::NotFound {
        what: "run",
        id: run.id.to_string(),
    })?;
    if stored.status.is_terminal() {
        return Err(Error::Invalid(format!(
            "run {} is {} and accepts no more writes",
            run.id, stored.status
        )));
    }
    conn.execute(
        "UPDATE runs SET status = ?2, completed_at = ?3, total_evaluated = ?4, compliant = ?5, \
         non_compliant = ?6, duration_ms = ?7, failure_summary = ?8, partial_failure_count = ?9 WHERE id = ?1",
        params![
            run.id,
            run.status,
            run.completed_at,
            run.total_evaluated,
            run.compliant,
            run.non_compliant,
            run.duration_ms,
            run.failure_summary,
            run.partial_failure_count
        ],
    )?;
    if run.status.is_terminal() {
        release(run.id);
    }
    Ok(())
}

/// The run with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: RunId) -> Result<Option<Run>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM runs WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The newest `limit` runs, newest first.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_recent(conn: &Connection, limit: u32) -> Result<Vec<Run>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM runs ORDER BY started_at DESC, id LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Runs whose status is not terminal (crash recovery looks for these at start-up).
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_unfinished(conn: &Connection) -> Result<Vec<Run>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM runs WHERE status IN ('REQUESTED', 'QUEUED', 'RUNNING') ORDER BY started_at"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Appends a log line at the current time. Returns its id.
///
/// # Errors
/// [`Error::Sqlite`] for an unknown run.
pub fn append_log(conn: &Connection, run_id: RunId, level: LogLevel, message: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO run_logs (run_id, ts, level, message) VALUES (?1, ?2, ?3, ?4)",
        params![run_id, now_ts(), level, message],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A run's log lines in order.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list_logs(conn: &Connection, run_id: RunId) -> Result<Vec<RunLog>> {
    let mut stmt = conn.prepare(
        "SELECT id, run_id, ts, level, message FROM run_logs WHERE run_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([run_id], |r| {
        Ok(RunLog {
            id: r.get(0)?,
            run_id: r.get(1)?,
            ts: r.get(2)?,
            level: r.get(3)?,
            message: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live, non-dry runs that may write cases of the measure `measure_id` (a
/// `crate::ids::MeasureId`, as text or typed): RUNNING / QUEUED / REQUESTED runs whose scope is
/// one of the measure's versions, or every measure (`scope_id` NULL). A run counts as live when
/// this process owns it ([`owned_here`]), or when another process holds the run lock
/// ([`lock_path`]; the lock is shared by every live run, so then each such row is taken as
/// live); a row left RUNNING by a crashed process (nobody holds the lock) is not live. For an
/// in-memory database every such row is live (no other process can see it).
///
/// Read-only: the exclusive lock taken for the check is released at once.
///
/// # Errors
/// [`Error::Sqlite`]; [`Error::Io`] when the run lock file cannot be opened.
pub fn live_runs_of_measure(
    conn: &Connection,
    measure_id: crate::ids::MeasureId,
) -> Result<Vec<Run>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM runs WHERE status IN ('REQUESTED', 'QUEUED', 'RUNNING') \
         AND dry_run = 0 AND (scope_id IS NULL OR scope_id IN \
         (SELECT mv.id FROM measure_versions mv WHERE mv.measure_id = ?1)) ORDER BY started_at"
    ))?;
    let candidates: Vec<Run> = stmt
        .query_map([measure_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    if candidates.is_empty() {
        return Ok(candidates);
    }
    let Some(db) = database_file(conn) else {
        return Ok(candidates);
    };
    let others_live = RunLock::try_exclusive(&db)?.is_none();
    Ok(candidates
        .into_iter()
        .filter(|r| owned_here(r.id) || others_live)
        .collect())
}
