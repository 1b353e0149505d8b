//! Integration health (issue 6 item 7, DOMAIN.md section 8): `integration_health` rows for
//! `fhir`, `hris`, `mcp` and `ai`, refreshed by real checks and audited.
//!
//! | id | check | status |
//! |---|---|---|
//! | fhir | counts `fhir_resources` by type; reads the newest FHIR_IMPORTED audit event | HEALTHY with resources, DEGRADED when the store is empty |
//! | hris | counts employees; reads the newest EMPLOYEES_IMPORTED (and DEMO_WORKFORCE_GENERATED) audit event | HEALTHY after a roster import or with the generated demo roster, DEGRADED with employees from neither, NOT_CONFIGURED without employees |
//! | mcp, ai | `config_json.endpoint` (`host:port`): a TCP connection within 2 s | NOT_CONFIGURED without an endpoint (the offline default, said honestly), HEALTHY or ERROR otherwise |

use crate::audit::{actor, record};
use crate::{Error, Result};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;
use ww_store::enums::{AuditEventType as Ev, EntityType, IntegrationStatus};
use ww_store::integration_health::{self as store, Integration};
use ww_store::time::now_ts;
use ww_store::with_tx;

/// The integration ids WorkWell knows.
pub const IDS: [&str; 4] = ["fhir", "hris", "mcp", "ai"];

/// What one check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// The new status.
    pub status: IntegrationStatus,
    /// One sentence for `last_sync_result`.
    pub result: String,
    /// Details kept in the audit event (counts, last import).
    pub details: Value,
}

/// Every integration row, by id.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection) -> Result<Vec<Integration>> {
    Ok(store::list(conn)?)
}

fn last_event(conn: &Connection, event: Ev) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT occurred_at, payload_json FROM audit_events WHERE event_type = ?1 \
             ORDER BY id DESC LIMIT 1",
            [event.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn check_fhir(conn: &Connection) -> Result<Check> {
    let counts = ww_store::fhir_resources::count_by_type(conn)?;
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let last = last_event(conn, Ev::FhirImported)?;
    let demo = last_event(conn, Ev::DemoWorkforceGenerated)?;
    let by_type: serde_json::Map<String, Value> =
        counts.iter().map(|(t, n)| (t.clone(), json!(n))).collect();
    let last_text = match (&last, &demo) {
        (Some((at, _)), _) => format!("last import {at}"),
        (None, Some((at, _))) => format!("demo records generated {at}, no import yet"),
        (None, None) => "no import recorded".into(),
    };
    let (status, result) = if total > 0 {
        (
            IntegrationStatus::Healthy,
            format!("{total} resources of {} types; {last_text}", counts.len()),
        )
    } else {
        (
            IntegrationStatus::Degraded,
            format!("the FHIR store is empty; {last_text}"),
        )
    };
    Ok(Check {
        status,
        result,
        details: json!({
            "resourceCounts": by_type, "total": total,
            "lastImportAt": last.as_ref().map(|l| &l.0),
            "lastImportResult": last.and_then(|l| l.1).and_then(|p| serde_json::from_str::<Value>(&p).ok()),
        }),
    })
}

fn check_hris(conn: &Connection) -> Result<Check> {
    let employees = ww_store::employees::count(conn)?;
    let last = last_event(conn, Ev::EmployeesImported)?;
    let demo = last_event(conn, Ev::DemoWorkforceGenerated)?;
    let (status, result) = match (&last, employees) {
        (Some((at, _)), n) => (
            IntegrationStatus::Healthy,
            format!("{n} employees; last roster import {at}"),
        ),
        (None, n) if n > 0 && demo.is_some() => (
            IntegrationStatus::Healthy,
            format!(
                "{n} employees from the demo roster generated {}; no roster import yet",
                demo.as_ref().map(|d| d.0.as_str()).unwrap_or("")
            ),
        ),
        (None, n) if n > 0 => (
            IntegrationStatus::Degraded,
            format!("{n} employees on file, none from a roster import"),
        ),
        (None, _) => (
            IntegrationStatus::NotConfigured,
            "no roster imported yet".into(),
        ),
    };
    Ok(Check {
        status,
        result,
        details: json!({
            "employees": employees,
            "lastImportAt": last.as_ref().map(|l| &l.0),
            "lastImportResult": last.and_then(|l| l.1).and_then(|p| serde_json::from_str::<Value>(&p).ok()),
        }),
    })
}

fn check_endpoint(row: &Integration) -> Check {
    let Some(endpoint) = row.config_json.get("endpoint").and_then(Value::as_str) else {
        return Check {
            status: IntegrationStatus::NotConfigured,
            result: format!(
                "{} is not configured on this machine (no endpoint set); WorkWell works offline without it",
                row.display_name
            ),
            details: json!({"endpoint": null}),
        };
    };
    let target = endpoint
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    let reached = target
        .to_socket_addrs()
        .map_err(|e| e.to_string())
        .and_then(|mut addrs| addrs.next().ok_or_else(|| "no address".to_string()))
        .and_then(|addr| {
            TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(|e| e.to_string())
        });
    match reached {
        Ok(_) => Check {
            status: IntegrationStatus::Healthy,
            result: format!("{endpoint} accepted a connection"),
            details: json!({"endpoint": endpoint}),
        },
        Err(e) => Check {
            status: IntegrationStatus::Error,
            result: format!("{endpoint} could not be reached: {e}"),
            details: json!({"endpoint": endpoint, "error": e}),
        },
    }
}

/// Runs the real check of one integration, stores status, time and result, and audits it
/// (INTEGRATION_SYNCED) in one transaction.
///
/// # Errors
/// [`Error::NotFound`] for an id without a row (not seeded).
pub fn sync(conn: &mut Connection, id: &str) -> Result<(Integration, Check)> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let row =
            store::get(tx, id)?.ok_or_else(|| Error::NotFound(format!("integration {id}")))?;
        let check = match id {
            "fhir" => check_fhir(tx)?,
            "hris" => check_hris(tx)?,
            _ => check_endpoint(&row),
        };
        store::record_sync(tx, id, check.status, &now_ts(), &check.result)?;
        record(
            tx,
            Ev::IntegrationSynced,
            EntityType::Integration,
            id,
            &who,
            None,
            json!({"status": check.status, "result": check.result, "details": check.details,
                   "previousStatus": row.status}),
        )?;
        let row =
            store::get(tx, id)?.ok_or_else(|| Error::NotFound(format!("integration {id}")))?;
        Ok((row, check))
    })
}

/// [`sync`] for every integration row, in id order (one transaction each).
///
/// # Errors
/// The first failing check's error.
pub fn sync_all(conn: &mut Connection) -> Result<Vec<(Integration, Check)>> {
    let ids: Vec<String> = store::list(conn)?.into_iter().map(|i| i.id).collect();
    ids.iter().map(|id| sync(conn, id)).collect()
}
