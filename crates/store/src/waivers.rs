//! `waivers`: exemptions of one employee from one measure (WorkWell extension, issue 6 item 6).
//!
//! A waiver is active at date D when it is not revoked and D lies in [start, expiry], both
//! days included: the start is `effective_from` (migration V31; by default the day it was
//! granted, possibly earlier for a historical exemption) and an absent `expires_on` means no
//! end. A waiver granted today therefore does not rewrite past as-of dates (QA finding F14).
//! Likewise a revocation takes effect on its date `revoked_on` (migration V33): the waiver
//! applies on [start, min(expiry, revoked_on - 1 day)], so revoking today keeps past
//! evaluations exempt, and a revocation dated on or before the start ("entered in error")
//! removes the exemption everywhere (QA finding G4).

use crate::ids::{EmployeeId, MeasureId, WaiverId};
use crate::sqlutil::date_col_opt;
use crate::time::format_date;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One `waivers` row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Waiver {
    /// Primary key.
    pub id: WaiverId,
    /// The employee.
    pub employee_id: EmployeeId,
    /// The measure (not a version: a waiver outlives measure revisions).
    pub measure_id: MeasureId,
    /// Why (required).
    pub reason: String,
    /// Who granted it.
    pub granted_by: String,
    /// When.
    pub granted_at: String,
    /// First day covered. None on a new row means the day it was granted (the UTC date of
    /// `granted_at`), and [`insert`] stores that day; rows read back always carry it.
    pub effective_from: Option<NaiveDate>,
    /// Last day covered (None: no expiry).
    pub expires_on: Option<NaiveDate>,
    /// Revocation time.
    pub revoked_at: Option<String>,
    /// Who revoked it.
    pub revoked_by: Option<String>,
    /// Why it was revoked.
    pub revoke_reason: Option<String>,
    /// First day a revoked waiver no longer applies (V33); None while not revoked.
    pub revoked_on: Option<NaiveDate>,
}

impl Waiver {
    /// The first day the waiver covers: `effective_from`, else the day it was granted.
    pub fn start(&self) -> Option<NaiveDate> {
        self.effective_from.or_else(|| {
            self.granted_at
                .get(..10)
                .and_then(|d| crate::time::parse_date(d).ok())
        })
    }

    /// Whether the waiver exempts at `date`: `date` in [start, expiry] and before the
    /// revocation date, if revoked.
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        let revoked = match (self.revoked_at.is_some(), self.revoked_on) {
            (false, _) => false,
            (true, Some(on)) => on <= date,
            (true, None) => true,
        };
        !revoked
            && self.start().is_none_or(|s| s <= date)
            && self.expires_on.is_none_or(|e| date <= e)
    }
}

const COLUMNS: &str = "id, employee_id, measure_id, reason, granted_by, granted_at, expires_on, \
    revoked_at, revoked_by, revoke_reason, effective_from, revoked_on";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Waiver> {
    Ok(Waiver {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        measure_id: r.get(2)?,
        reason: r.get(3)?,
        granted_by: r.get(4)?,
        granted_at: r.get(5)?,
        expires_on: date_col_opt(r, 6)?,
        revoked_at: r.get(7)?,
        revoked_by: r.get(8)?,
        revoke_reason: r.get(9)?,
        effective_from: date_col_opt(r, 10)?,
        revoked_on: date_col_opt(r, 11)?,
    })
}

/// Inserts a waiver (an absent `effective_from` is stored as the grant day).
///
/// # Errors
/// [`Error::Sqlite`] for unknown employee / measure or an empty reason.
pub fn insert(conn: &Connection, w: &Waiver) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO waivers ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            w.id,
            w.employee_id,
            w.measure_id,
            w.reason,
            w.granted_by,
            w.granted_at,
            w.expires_on.map(format_date),
            w.revoked_at,
            w.revoked_by,
            w.revoke_reason,
            w.start().map(format_date),
            w.revoked_on.map(format_date)
        ],
    )?;
    Ok(())
}

/// Revokes a waiver that is not yet revoked, from the (UTC) day of `at`.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id; [`Error::Invalid`] when already revoked.
pub fn revoke(conn: &Connection, id: WaiverId, by: &str, at: &str, reason: &str) -> Result<()> {
    let on = at
        .get(..10)
        .and_then(|d| crate::time::parse_date(d).ok())
        .ok_or_else(|| Error::Invalid(format!("revocation time {at:?} is not a timestamp")))?;
    revoke_on(conn, id, by, at, on, reason)
}

/// Revokes a waiver that is not yet revoked: recorded at `at`, no longer applying from `on`
/// (as-of dates before `on` keep the exemption; QA finding G4).
///
/// # Errors
/// [`Error::NotFound`] for an unknown id; [`Error::Invalid`] when already revoked.
pub fn revoke_on(
    conn: &Connection,
    id: WaiverId,
    by: &str,
    at: &str,
    on: NaiveDate,
    reason: &str,
) -> Result<()> {
    let w = get(conn, id)?.ok_or_else(|| Error::NotFound {
        what: "waiver",
        id: id.to_string(),
    })?;
    if w.revoked_at.is_some() {
        return Err(Error::Invalid(format!("waiver {id} is already revoked")));
    }
    conn.execute(
        "UPDATE waivers SET revoked_at = ?2, revoked_by = ?3, revoke_reason = ?4, revoked_on = ?5 \
         WHERE id = ?1",
        params![id, at, by, reason, format_date(on)],
    )?;
    Ok(())
}

/// The waiver with this id.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn get(conn: &Connection, id: WaiverId) -> Result<Option<Waiver>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM waivers WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// Every waiver, newest grant first.
///
/// # Errors
/// [`Error::Sqlite`].
pub fn list(conn: &Connection) -> Result<Vec<Waiver>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM waivers ORDER BY granted_at DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the employee has a waiver for the measure that is active at `date` (`date` in
/// [start, expiry] and before the revocation date, if revoked).
///
/// # Errors
/// [`Error::Sqlite`].
pub fn has_active(
    conn: &Connection,
    employee_id: EmployeeId,
    measure_id: MeasureId,
    date: NaiveDate,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM waivers WHERE employee_id = ?1 AND measure_id = ?2 \
             AND (revoked_at IS NULL OR (revoked_on IS NOT NULL AND revoked_on > ?3)) \
             AND (expires_on IS NULL OR expires_on >= ?3) \
             AND COALESCE(effective_from, substr(granted_at, 1, 10)) <= ?3)",
        )?
        .query_row(params![employee_id, measure_id, format_date(date)], |r| {
            r.get(0)
        })?)
}
