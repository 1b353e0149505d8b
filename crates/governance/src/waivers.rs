//! Waivers (issue 6 item 6): an exemption of one employee from one measure, granted with a
//! reason until an optional expiry date, revoked with a reason (the row stays).
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

/// Grants a waiver. `expires_on` None means until revoked; an expiry before today is refused.
///
/// # Errors
/// [`Error::Invalid`] for a blank reason or a past expiry; [`Error::NotFound`] for an unknown
/// employee or measure.
pub fn grant(
    conn: &mut Connection,
    employee: EmployeeId,
    measure: MeasureId,
    reason: &str,
    expires_on: Option<NaiveDate>,
) -> Result<Waiver> {
    let reason = required_text("waiver reason", reason)?;
    let today = chrono::Utc::now().date_naive();
    if let Some(e) = expires_on.filter(|e| *e < today) {
        return Err(Error::invalid(format!(
            "the expiry date {e} is in the past"
        )));
    }
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let emp = ww_store::employees::get(tx, employee)?
            .ok_or_else(|| Error::NotFound(format!("employee {employee}")))?;
        ww_store::measures::get_measure(tx, measure)?
            .ok_or_else(|| Error::NotFound(format!("measure {measure}")))?;
        let w = Waiver {
            id: WaiverId::new(),
            employee_id: employee,
            measure_id: measure,
            reason: reason.clone(),
            granted_by: who.clone(),
            granted_at: now_ts(),
            expires_on,
            revoked_at: None,
            revoked_by: None,
            revoke_reason: None,
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
                "employeeId": employee, "employeeExternalId": emp.external_id,
                "measureId": measure, "reason": reason, "expiresOn": expires_on,
            }),
        )?;
        Ok(w)
    })
}

/// Revokes an active waiver with a required reason.
///
/// # Errors
/// [`Error::Invalid`] for a blank reason or an already revoked waiver; [`Error::NotFound`].
pub fn revoke(conn: &mut Connection, id: WaiverId, reason: &str) -> Result<Waiver> {
    let reason = required_text("revocation reason", reason)?;
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        store::revoke(tx, id, &who, &now_ts(), &reason)?;
        let w = store::get(tx, id)?.ok_or_else(|| Error::NotFound(format!("waiver {id}")))?;
        record(
            tx,
            Ev::WaiverRevoked,
            EntityType::Waiver,
            id,
            &who,
            None,
            json!({"employeeId": w.employee_id, "measureId": w.measure_id, "reason": reason}),
        )?;
        Ok(w)
    })
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

/// The waiver of `employee` for `measure` active at `as_of` (not revoked, not expired:
/// `as_of <= expires_on`), the most recently granted when several are. This is what the run
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
