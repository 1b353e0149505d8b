//! Waivers (issue 6 item 6): an exemption of one employee from one measure, granted with a
//! reason from an effective start (default: the day it is granted; may be earlier to record
//! a historical exemption) until an optional expiry date, revoked with a reason (the row
//! stays). A waiver applies only to as-of dates in [start, expiry] (QA finding F14).
//!
//! The run engine passes "a waiver is active at the as-of date" to the measure's CQL as the
//! `"Has Active Waiver"` parameter, and the CQL makes the employee EXCLUDED (DOMAIN.md
//! section 2, step 1). Medical contraindications and declinations are not waivers: they come
//! from the FHIR data (for vaccines, an Immunization with status `not-done` and a
//! `statusReason`).

use crate::audit::{actor, record};
use crate::lifecycle::required_text;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::json;
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::ids::{EmployeeId, MeasureId, WaiverId};
use ww_store::time::now_ts;
use ww_store::waivers::{self as store, Waiver};
use ww_store::with_tx;

/// Which waivers [`list`] returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
pub struct WaiverFilter {
    /// Only this employee's.
    pub employee: Option<EmployeeId>,
    /// Only this measure's.
    pub measure: Option<MeasureId>,
    /// Only those active on this date.
    pub active_on: Option<NaiveDate>,
}

/// What [`grant_waiver`] needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct NewWaiver {
    /// The employee.
    pub employee: EmployeeId,
    /// The measure (waivers outlive measure versions).
    pub measure: MeasureId,
    /// Why (required, trimmed).
    pub reason: String,
    /// First day covered; None = today (UTC), the day it is granted. May be in the past.
    pub effective_from: Option<NaiveDate>,
    /// Last day covered; None = until revoked. May be in the past when the start is before it.
    pub expires_on: Option<NaiveDate>,
}

/// A granted waiver and the warnings the grant raised (it was stored anyway).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Granted {
    /// The stored waiver (with its effective start filled in).
    pub waiver: Waiver,
    /// Sentences for the user, e.g. the employee is outside the measure's eligible roles.
    pub warnings: Vec<String>,
}

/// One waiver with the names a person reads (for lists).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WaiverRow {
    /// The waiver.
    #[serde(flatten)]
    pub waiver: Waiver,
    /// The employee's external id (roster id).
    pub employee_external_id: String,
    /// The employee's name.
    pub employee_name: String,
    /// The measure's name.
    pub measure_name: String,
}

/// Grants a waiver from today with an optional expiry (see [`grant_waiver`] for the rules;
/// this is `grant_waiver` with no explicit start, warnings dropped).
///
/// # Errors
/// As [`grant_waiver`].
pub fn grant(
    conn: &mut Connection,
    employee: EmployeeId,
    measure: MeasureId,
    reason: &str,
    expires_on: Option<NaiveDate>,
) -> Result<Waiver> {
    Ok(grant_waiver(
        conn,
        &NewWaiver {
            employee,
            measure,
            reason: reason.to_owned(),
            effective_from: None,
            expires_on,
        },
    )?
    .waiver)
}

/// Grants a waiver covering [start, expiry]. The start defaults to today in the organisation's
/// time zone (`settings.org_time_zone`, QA3 H2) and may be in
/// the past; an expiry may be in the past too, as long as it is not before the start (a
/// historical exemption is recorded with both dates). Granting to an employee outside the
/// eligible roles or sites of the measure's ACTIVE version is allowed but warned about: the
/// waiver changes nothing for them. One transaction with its WAIVER_GRANTED event.
///
/// # Errors
/// [`Error::Invalid`] for a blank reason or an expiry before the start; [`Error::NotFound`]
/// for an unknown employee or measure.
pub fn grant_waiver(conn: &mut Connection, new: &NewWaiver) -> Result<Granted> {
    let reason = required_text("waiver reason", &new.reason)?;
    let today = org_today(conn)?;
    let start = new.effective_from.unwrap_or(today);
    if let Some(e) = new.expires_on.filter(|e| *e < start) {
        let hint = if new.effective_from.is_none() {
            " (the start defaults to today: give an earlier effective start to record a past waiver)"
        } else {
            ""
        };
        return Err(Error::invalid(format!(
            "the expiry date {e} is before the waiver's start {start}{hint}"
        )));
    }
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let emp = ww_store::employees::get(tx, new.employee)?
            .ok_or_else(|| Error::NotFound(format!("employee {}", new.employee)))?;
        let measure = ww_store::measures::get_measure(tx, new.measure)?
            .ok_or_else(|| Error::NotFound(format!("measure {}", new.measure)))?;
        let warnings = eligibility_warnings(tx, &emp, &measure)?;
        let w = Waiver {
            id: WaiverId::new(),
            employee_id: new.employee,
            measure_id: new.measure,
            reason: reason.clone(),
            granted_by: who.clone(),
            granted_at: now_ts(),
            effective_from: Some(start),
            expires_on: new.expires_on,
            revoked_at: None,
            revoked_by: None,
            revoke_reason: None,
            revoked_on: None,
        };
        store::insert(tx, &w)?;
        record(
            tx,
            Ev::WaiverGranted,
            EntityType::Waiver,
            w.id,
            &who,
            None,
            json!({
                "employeeId": new.employee, "employeeExternalId": emp.external_id,
                "measureId": new.measure, "reason": reason, "effectiveFrom": start,
                "expiresOn": new.expires_on, "warnings": warnings,
            }),
        )?;
        Ok(Granted {
            waiver: w,
            warnings,
        })
    })
}

/// Warnings when the employee is outside the population of the measure's ACTIVE version
/// (its spec's `eligibleRoles` / `eligibleSites`; an empty list admits everyone).
fn eligibility_warnings(
    conn: &Connection,
    emp: &ww_store::employees::Employee,
    measure: &ww_store::measures::Measure,
) -> Result<Vec<String>> {
    let Some(active) = ww_store::measures::active_version(conn, measure.id)? else {
        return Ok(vec![format!(
            "{} has no ACTIVE version: the waiver takes effect once one is activated",
            measure.name
        )]);
    };
    let list = |key: &str| -> Vec<String> {
        active
            .spec_json
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (key, what, value) in [
        ("eligibleRoles", "role", emp.role.as_deref()),
        ("eligibleSites", "site", emp.site.as_deref()),
    ] {
        let allowed = list(key);
        if !allowed.is_empty() && !value.is_some_and(|v| allowed.iter().any(|a| a == v)) {
            out.push(format!(
                "employee {} ({}) has {what} {} which is not among the eligible {what}s of {} \
                 ({}): the waiver changes nothing for them",
                emp.external_id,
                emp.name,
                value
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_else(|| "none".into()),
                measure.name,
                allowed.join(", ")
            ));
        }
    }
    Ok(out)
}

/// Revokes an active waiver with a required reason, from today in the organisation's zone
/// ([`revoke_waiver`] with no date).
///
/// # Errors
/// As [`revoke_waiver`].
pub fn revoke(conn: &mut Connection, id: WaiverId, reason: &str) -> Result<Waiver> {
    revoke_waiver(conn, id, reason, None)
}

/// Today in the organisation's time zone (`settings.org_time_zone`).
fn org_today(conn: &Connection) -> Result<NaiveDate> {
    ww_core::run::today(conn).map_err(|e| Error::invalid(e.to_string()))
}

/// Revokes a waiver with a required reason, effective from `on` (default: today in the
/// organisation's zone): the waiver no longer applies on as-of dates from `on`, and keeps
/// applying before it, so past evaluations keep their exemption (QA finding G4). A waiver
/// entered in error is revoked on (or before) its start: it then never applied. One
/// transaction with its WAIVER_REVOKED event (payload: reason and `revokedOn`).
///
/// # Errors
/// [`Error::Invalid`] for a blank reason, an already revoked waiver or a date after today;
/// [`Error::NotFound`].
pub fn revoke_waiver(
    conn: &mut Connection,
    id: WaiverId,
    reason: &str,
    on: Option<NaiveDate>,
) -> Result<Waiver> {
    let reason = required_text("revocation reason", reason)?;
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let today = org_today(tx)?;
        let on = on.unwrap_or(today);
        if on > today {
            return Err(Error::invalid(format!(
                "the revocation date {on} is after today ({today}): revoke on that day instead"
            )));
        }
        store::revoke_on(tx, id, &who, &now_ts(), on, &reason)?;
        let w = store::get(tx, id)?.ok_or_else(|| Error::NotFound(format!("waiver {id}")))?;
        record(
            tx,
            Ev::WaiverRevoked,
            EntityType::Waiver,
            id,
            &who,
            None,
            json!({
                "employeeId": w.employee_id, "measureId": w.measure_id, "reason": reason,
                "revokedOn": on,
            }),
        )?;
        Ok(w)
    })
}

/// Where a waiver stands on a day (QA finding G8: an expired waiver was listed as ACTIVE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WaiverState {
    /// It applies on that day.
    Active,
    /// Its expiry is before that day.
    Expired,
    /// It was revoked from that day or earlier.
    Revoked,
    /// Its start is after that day.
    Future,
}

impl WaiverState {
    /// `ACTIVE`, `EXPIRED`, `REVOKED` or `FUTURE`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaiverState::Active => "ACTIVE",
            WaiverState::Expired => "EXPIRED",
            WaiverState::Revoked => "REVOKED",
            WaiverState::Future => "FUTURE",
        }
    }
}

/// The state of `w` on `day` (callers pass today in the organisation's zone). A revocation
/// wins over an expiry; an expiry over a future start.
pub fn state_on(w: &Waiver, day: NaiveDate) -> WaiverState {
    let revoked = w.revoked_at.is_some() && w.revoked_on.is_none_or(|on| on <= day);
    if revoked {
        WaiverState::Revoked
    } else if w.expires_on.is_some_and(|e| e < day) {
        WaiverState::Expired
    } else if w.start().is_some_and(|s| s > day) {
        WaiverState::Future
    } else {
        WaiverState::Active
    }
}

/// [`state_on`] today in the organisation's zone.
///
/// # Errors
/// [`Error::Invalid`] when the organisation's zone setting is not an IANA zone.
pub fn state_today(conn: &Connection, w: &Waiver) -> Result<WaiverState> {
    Ok(state_on(w, org_today(conn)?))
}

/// Waivers matching the filter, newest grant first.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection, filter: &WaiverFilter) -> Result<Vec<Waiver>> {
    Ok(store::list(conn)?
        .into_iter()
        .filter(|w| filter.employee.is_none_or(|e| e == w.employee_id))
        .filter(|w| filter.measure.is_none_or(|m| m == w.measure_id))
        .filter(|w| filter.active_on.is_none_or(|d| w.is_active_on(d)))
        .collect())
}

/// Waivers matching the filter with the employee's external id and name and the measure's
/// name, newest grant first.
///
/// # Errors
/// [`Error::Db`].
pub fn list_rows(conn: &Connection, filter: &WaiverFilter) -> Result<Vec<WaiverRow>> {
    let mut out = Vec::new();
    for w in list(conn, filter)? {
        let (employee_external_id, employee_name, measure_name) = conn.query_row(
            "SELECT e.external_id, e.name, m.name FROM employees e, measures m \
             WHERE e.id = ?1 AND m.id = ?2",
            rusqlite::params![w.employee_id, w.measure_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        out.push(WaiverRow {
            waiver: w,
            employee_external_id,
            employee_name,
            measure_name,
        });
    }
    Ok(out)
}

/// The waiver of `employee` for `measure` active at `as_of` (not revoked, `as_of` in
/// [start, expiry]), the most recently granted when several are. This is what the run
/// engine turns into the `"Has Active Waiver"` CQL parameter.
///
/// # Errors
/// [`Error::Db`].
pub fn active_waiver(
    conn: &Connection,
    employee: EmployeeId,
    measure: MeasureId,
    as_of: NaiveDate,
) -> Result<Option<Waiver>> {
    Ok(list(
        conn,
        &WaiverFilter {
            employee: Some(employee),
            measure: Some(measure),
            active_on: Some(as_of),
        },
    )?
    .into_iter()
    .next())
}
