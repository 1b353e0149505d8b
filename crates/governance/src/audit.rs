//! The acting user and the audit event every change writes in its own transaction
//! (DOMAIN.md section 7: "every state change writes its event in the same transaction").

use crate::Result;
use rusqlite::Connection;
use serde_json::Value;
use ww_store::audit_events::{append, NewAuditEvent};
use ww_store::enums::{AuditEventType, EntityType};
use ww_store::ids::MeasureVersionId;

/// The acting user: the `settings` value `user_name` (default `local-user`).
///
/// # Errors
/// [`crate::Error::Db`] when the settings cannot be read.
pub fn actor(conn: &Connection) -> Result<String> {
    Ok(ww_store::settings::user_name(conn)?)
}

/// Appends one audit event (inside the caller's transaction).
pub(crate) fn record(
    conn: &Connection,
    event_type: AuditEventType,
    entity_type: EntityType,
    entity_id: impl ToString,
    actor: &str,
    measure_version: Option<MeasureVersionId>,
    payload: Value,
) -> Result<()> {
    let mut e = NewAuditEvent::new(event_type, entity_type, Some(entity_id.to_string()), actor)
        .payload(payload);
    if let Some(mv) = measure_version {
        e = e.measure_version(mv);
    }
    append(conn, &e)?;
    Ok(())
}

/// Turns a `--since` / `--until` filter value into the UTC timestamp text the ledger and the
/// runs table compare against (`2026-05-06T14:03:00.123Z`), refusing anything else (QA finding
/// G20: `--since yesterday` was compared as text and matched nothing, silently).
///
/// A plain date `YYYY-MM-DD` is a whole day in the organisation's time zone: as a lower bound
/// (`end_of_day` false) it is that day's first instant; as an upper bound (`end_of_day` true,
/// used with "before") it is the next day's first instant, so `--until 2026-11-30` includes
/// all of 30 November. An RFC 3339 timestamp (any offset) is taken as that instant.
///
/// # Errors
/// [`crate::Error::Invalid`] naming `flag` and the value, with the accepted forms.
pub fn filter_instant(
    conn: &Connection,
    flag: &str,
    text: &str,
    end_of_day: bool,
) -> Result<String> {
    use chrono::{NaiveDate, SecondsFormat, TimeZone, Utc};
    let t = text.trim();
    if let Ok(ts) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(ts
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true));
    }
    let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") else {
        return Err(crate::Error::Invalid(format!(
            "{flag} '{text}' is not a date (YYYY-MM-DD, a whole day in the organisation's time \
             zone) or an ISO-8601 timestamp (e.g. 2026-05-06T14:03:00Z)"
        )));
    };
    let zone = ww_core::run::org_zone(conn).map_err(|e| crate::Error::Invalid(e.to_string()))?;
    let day = if end_of_day {
        day.succ_opt().ok_or_else(|| {
            crate::Error::Invalid(format!("{flag} '{text}' is the last representable day"))
        })?
    } else {
        day
    };
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    // The first instant of the day in the zone (a DST gap at midnight moves it later).
    let start = zone
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .ok_or_else(|| crate::Error::Invalid(format!("{flag} '{text}': no such local day")))?;
    Ok(start
        .with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// An audit event type given on a command line, matched without regard to case.
///
/// # Errors
/// [`crate::Error::Invalid`] naming the value and listing the known types.
pub fn event_type(text: &str) -> Result<AuditEventType> {
    text.trim().to_ascii_uppercase().parse().map_err(|_| {
        crate::Error::Invalid(format!(
            "unknown audit event type '{text}'; known types: {}",
            AuditEventType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(zone: &str) -> Connection {
        let c = ww_store::db::open_in_memory().unwrap();
        ww_store::settings::set(&c, ww_store::settings::ORG_TIME_ZONE, zone).unwrap();
        c
    }

    #[test]
    fn filter_instants_are_whole_days_in_the_org_zone_and_garbage_is_refused() {
        let utc = conn("UTC");
        let check = |c: &Connection, text: &str, end: bool, want: &str| {
            assert_eq!(filter_instant(c, "--x", text, end).unwrap(), want, "{text}");
        };
        check(&utc, "2026-11-30", false, "2026-11-30T00:00:00.000Z");
        check(&utc, "2026-11-30", true, "2026-12-01T00:00:00.000Z");
        check(
            &utc,
            "2026-11-30T10:00:00Z",
            true,
            "2026-11-30T10:00:00.000Z",
        );
        check(
            &utc,
            "2026-11-30T10:00:00.5-05:00",
            false,
            "2026-11-30T15:00:00.500Z",
        );
        let ny = conn("America/New_York");
        check(&ny, "2026-11-30", false, "2026-11-30T05:00:00.000Z");
        check(&ny, "2026-11-30", true, "2026-12-01T05:00:00.000Z");
        for bad in ["yesterday", "garbage", "2026-13-01", "2026-11-31", ""] {
            let err = filter_instant(&utc, "--since", bad, false)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("--since") && err.contains("YYYY-MM-DD"),
                "{err}"
            );
        }
    }

    #[test]
    fn event_types_match_without_case_and_unknown_ones_are_listed() {
        assert_eq!(
            event_type("case_cycle_closed").unwrap().as_str(),
            "CASE_CYCLE_CLOSED"
        );
        let err = event_type("NOPE").unwrap_err().to_string();
        assert!(err.contains("unknown audit event type 'NOPE'"), "{err}");
        assert!(err.contains("SETTING_CHANGED"), "{err}");
    }
}
