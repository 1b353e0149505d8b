//! The daily scheduled run (issue #7 item 4): at a time of day set in Admin, in the
//! organisation's zone, all programs run with trigger SCHEDULED while the app is open; a run
//! missed while the app was closed runs once at the next launch.
//!
//! [`decide`] is the whole rule, pure: given the schedule, the start of the last scheduled
//! run and the current instant it says "run now" or "wait until". The app's scheduler thread
//! asks [`due`] (the same rule over the database) about once a minute.

use crate::{Error, Result};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use ww_store::audit_events::NewAuditEvent;
use ww_store::enums::{AuditEventType, EntityType, TriggerType};

/// Settings key: the daily run's local time `HH:MM` in the organisation's zone; absent or
/// empty means no scheduled run.
pub const SCHEDULE_TIME: &str = "schedule_daily_time";
/// Settings key: when the schedule was last set (UTC ISO-8601). Slots before it are not
/// "missed": setting a time never triggers a run for a slot that passed before it was set.
pub const SCHEDULE_SINCE: &str = "schedule_daily_since";

/// The stored schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Local time of day of the run, in the organisation's zone.
    pub time: NaiveTime,
    /// When the schedule was set.
    pub since: DateTime<Utc>,
}

/// What the scheduler should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No schedule is set.
    Off,
    /// Start a scheduled run now, for the slot at this instant (the newest slot that has no
    /// scheduled run yet; older missed slots are not run again).
    RunNow {
        /// The slot being caught up.
        slot: DateTime<Utc>,
    },
    /// Nothing to do before this instant (the next slot).
    WaitUntil {
        /// The next slot.
        next: DateTime<Utc>,
    },
}

/// The instant of the daily slot on local date `date` at `time` in `zone`. A local time
/// skipped by a daylight-saving jump runs one hour later; a repeated one runs the first time.
pub fn slot_on(date: NaiveDate, time: NaiveTime, zone: Tz) -> DateTime<Utc> {
    let local = date.and_time(time);
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        // Every zone maps local + 1 h after a gap; fall back to reading the time as UTC.
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// The rule. The latest slot at or before `now` is due when it is not before the schedule was
/// set and no scheduled run started at or after it; otherwise wait for the next slot.
pub fn decide(
    schedule: Option<Schedule>,
    last_scheduled_start: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    zone: Tz,
) -> Decision {
    let Some(s) = schedule else {
        return Decision::Off;
    };
    let today = now.with_timezone(&zone).date_naive();
    let mut latest = slot_on(today, s.time, zone);
    if latest > now {
        latest = slot_on(today - Duration::days(1), s.time, zone);
    }
    let already_ran = last_scheduled_start.is_some_and(|t| t >= latest);
    if latest >= s.since && !already_ran {
        return Decision::RunNow { slot: latest };
    }
    let next_day = latest.with_timezone(&zone).date_naive() + Duration::days(1);
    Decision::WaitUntil {
        next: slot_on(next_day, s.time, zone),
    }
}

/// Reads `HH:MM` (24-hour clock).
///
/// # Errors
/// [`Error::Invalid`] naming the text.
pub fn parse_time(text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        Error::Invalid(format!(
            "schedule time \"{text}\": expected HH:MM on a 24-hour clock, e.g. 06:30"
        ))
    })
}

/// The stored schedule, if one is set.
///
/// # Errors
/// [`Error::Invalid`] when a stored value cannot be read (naming the settings key);
/// [`Error::Store`].
pub fn get(conn: &Connection) -> Result<Option<Schedule>> {
    let time = match ww_store::settings::get(conn, SCHEDULE_TIME)? {
        Some(t) if !t.trim().is_empty() => {
            parse_time(&t).map_err(|e| Error::Invalid(format!("setting {SCHEDULE_TIME}: {e}")))?
        }
        _ => return Ok(None),
    };
    let since = match ww_store::settings::get(conn, SCHEDULE_SINCE)? {
        Some(t) => t
            .parse::<DateTime<Utc>>()
            .map_err(|e| Error::Invalid(format!("setting {SCHEDULE_SINCE} \"{t}\": {e}")))?,
        None => DateTime::<Utc>::MIN_UTC,
    };
    Ok(Some(Schedule { time, since }))
}

/// Sets (`Some`) or clears (`None`) the daily run time, recording when and by whom with a
/// SETTING_CHANGED audit event, in one transaction. Returns the new schedule.
///
/// # Errors
/// [`Error::Store`]; nothing is written then.
pub fn set(
    conn: &mut Connection,
    time: Option<NaiveTime>,
    now: DateTime<Utc>,
) -> Result<Option<Schedule>> {
    ww_store::db::with_tx(conn, |tx| {
        let actor = ww_store::settings::user_name(tx)?;
        let text = time
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default();
        let old = ww_store::settings::set(tx, SCHEDULE_TIME, &text)?;
        let since = crate::period::iso_millis(now);
        ww_store::settings::set(tx, SCHEDULE_SINCE, &since)?;
        ww_store::audit_events::append(
            tx,
            &NewAuditEvent::new(
                AuditEventType::SettingChanged,
                EntityType::Setting,
                Some(SCHEDULE_TIME.into()),
                &actor,
            )
            .payload(serde_json::json!({ "from": old, "to": text })),
        )?;
        Ok::<_, Error>(time.map(|time| Schedule { time, since: now }))
    })
}

/// When the newest scheduled run (any status, not a dry run) started.
///
/// # Errors
/// [`Error::Store`]; [`Error::Invalid`] for an unreadable timestamp.
pub fn last_scheduled_start(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT started_at FROM runs WHERE trigger_type = ?1 AND dry_run = 0 \
             ORDER BY started_at DESC LIMIT 1",
            [TriggerType::Scheduled],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| {
        t.parse::<DateTime<Utc>>()
            .map_err(|e| Error::Invalid(format!("runs.started_at \"{t}\": {e}")))
    })
    .transpose()
}

/// The schedule as Admin and the overview show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The stored schedule (None: off).
    pub schedule: Option<Schedule>,
    /// The organisation's zone the time is read in.
    pub zone: Tz,
    /// What the scheduler does at the instant asked about.
    pub decision: Decision,
    /// When the newest scheduled run started.
    pub last_scheduled_start: Option<DateTime<Utc>>,
}

/// The schedule, the zone and [`decide`]'s answer at `now`, read from the database.
///
/// # Errors
/// As [`get`], [`last_scheduled_start`] and [`crate::run::org_zone`].
pub fn status(conn: &Connection, now: DateTime<Utc>) -> Result<Status> {
    let zone = crate::run::org_zone(conn)?;
    let schedule = get(conn)?;
    let last = last_scheduled_start(conn)?;
    Ok(Status {
        schedule,
        zone,
        decision: decide(schedule, last, now, zone),
        last_scheduled_start: last,
    })
}

/// [`decide`] over the database at `now`.
///
/// # Errors
/// As [`status`].
pub fn due(conn: &Connection, now: DateTime<Utc>) -> Result<Decision> {
    Ok(status(conn, now)?.decision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn at(hm: &str, since: &str) -> Option<Schedule> {
        Some(Schedule {
            time: parse_time(hm).unwrap(),
            since: t(since),
        })
    }

    const SET: &str = "2026-01-01T00:00:00Z";

    /// (schedule, last scheduled start, now, zone, expected decision)
    type Case<'a> = (Option<Schedule>, Option<&'a str>, &'a str, Tz, Decision);

    #[test]
    fn decisions() {
        let utc = chrono_tz::UTC;
        let ny: Tz = "America/New_York".parse().unwrap();
        let run = |slot: &str| Decision::RunNow { slot: t(slot) };
        let wait = |next: &str| Decision::WaitUntil { next: t(next) };
        #[rustfmt::skip]
        let cases: Vec<Case<'_>> = vec![
            // No schedule.
            (None, None, "2026-06-01T12:00:00Z", utc, Decision::Off),
            // Before today's slot, yesterday's ran: wait for today's.
            (at("06:00", SET), Some("2026-05-31T06:00:01Z"), "2026-06-01T05:59:00Z", utc, wait("2026-06-01T06:00:00Z")),
            // At the slot: run.
            (at("06:00", SET), Some("2026-05-31T06:00:01Z"), "2026-06-01T06:00:00Z", utc, run("2026-06-01T06:00:00Z")),
            // Today's already ran: wait for tomorrow's.
            (at("06:00", SET), Some("2026-06-01T06:00:02Z"), "2026-06-01T09:00:00Z", utc, wait("2026-06-02T06:00:00Z")),
            // App closed for three days: one catch-up run at launch, for the newest slot.
            (at("06:00", SET), Some("2026-05-28T06:00:00Z"), "2026-06-01T10:00:00Z", utc, run("2026-06-01T06:00:00Z")),
            // Launched before today's slot with yesterday's missed: catch up yesterday's.
            (at("06:00", SET), Some("2026-05-29T06:00:00Z"), "2026-06-01T05:00:00Z", utc, run("2026-05-31T06:00:00Z")),
            // Never ran: the latest slot after the schedule was set is due.
            (at("06:00", SET), None, "2026-06-01T07:00:00Z", utc, run("2026-06-01T06:00:00Z")),
            // Set after today's slot passed: nothing missed, wait for tomorrow's.
            (at("06:00", "2026-06-01T08:00:00Z"), None, "2026-06-01T08:00:30Z", utc, wait("2026-06-02T06:00:00Z")),
            // The organisation's zone decides the slot: 06:00 in New York is 10:00 UTC in June.
            (at("06:00", SET), Some("2026-05-31T10:00:00Z"), "2026-06-01T09:59:00Z", ny, wait("2026-06-01T10:00:00Z")),
            (at("06:00", SET), Some("2026-05-31T10:00:00Z"), "2026-06-01T10:00:00Z", ny, run("2026-06-01T10:00:00Z")),
            // ... and 11:00 UTC in January (standard time).
            (at("06:00", SET), None, "2026-01-15T10:30:00Z", ny, run("2026-01-14T11:00:00Z")),
            // Late-evening local slot, UTC already the next day.
            (at("23:30", SET), Some("2026-06-01T03:30:00Z"), "2026-06-02T02:00:00Z", ny, wait("2026-06-02T03:30:00Z")),
        ];
        for (i, (schedule, last, now, zone, expect)) in cases.into_iter().enumerate() {
            assert_eq!(
                decide(schedule, last.map(t), t(now), zone),
                expect,
                "case {i}: now {now}, last {last:?}"
            );
        }
    }

    #[test]
    fn daylight_saving_gap_and_overlap() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // 2026-03-08 02:30 does not exist in New York: it runs at 03:30 EDT (07:30 UTC).
        assert_eq!(
            slot_on(d("2026-03-08"), parse_time("02:30").unwrap(), ny),
            t("2026-03-08T07:30:00Z")
        );
        // 2026-11-01 01:30 happens twice: the first (EDT, 05:30 UTC).
        assert_eq!(
            slot_on(d("2026-11-01"), parse_time("01:30").unwrap(), ny),
            t("2026-11-01T05:30:00Z")
        );
    }

    #[test]
    fn time_text_is_checked() {
        assert_eq!(parse_time("06:30").unwrap().to_string(), "06:30:00");
        assert_eq!(parse_time(" 23:59 ").unwrap().to_string(), "23:59:00");
        for bad in ["24:00", "6", "06:60", "noon", ""] {
            let err = parse_time(bad).unwrap_err().to_string();
            assert!(err.contains("HH:MM"), "{bad}: {err}");
        }
    }

    #[test]
    fn set_get_and_due_over_the_database() {
        let mut conn = ww_store::db::open_in_memory().unwrap();
        ww_store::seed::load_standard(&mut conn).unwrap();
        assert_eq!(get(&conn).unwrap(), None);
        assert_eq!(
            due(&conn, t("2026-06-01T12:00:00Z")).unwrap(),
            Decision::Off
        );

        let set_at = t("2026-06-01T05:00:00Z");
        let s = set(&mut conn, Some(parse_time("06:00").unwrap()), set_at).unwrap();
        assert_eq!(get(&conn).unwrap(), s);
        assert_eq!(
            due(&conn, t("2026-06-01T06:00:05Z")).unwrap(),
            Decision::RunNow {
                slot: t("2026-06-01T06:00:00Z")
            }
        );
        // A scheduled run started after the slot: today's is done.
        conn.execute(
            "INSERT INTO runs (id, scope_type, trigger_type, status, started_at, \
             measurement_period_start, measurement_period_end) VALUES (?1, 'ALL_PROGRAMS', \
             'SCHEDULED', 'COMPLETED', '2026-06-01T06:00:06.000Z', \
             '2025-06-01T00:00:00.000Z', '2026-06-01T23:59:59.999Z')",
            [ww_store::ids::RunId::new()],
        )
        .unwrap();
        assert_eq!(
            due(&conn, t("2026-06-01T07:00:00Z")).unwrap(),
            Decision::WaitUntil {
                next: t("2026-06-02T06:00:00Z")
            }
        );
        // The change is audited; clearing turns the scheduler off.
        let events: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_events WHERE event_type = 'SETTING_CHANGED' \
                 AND entity_id = ?1",
                [SCHEDULE_TIME],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(events, 1);
        assert_eq!(set(&mut conn, None, set_at).unwrap(), None);
        assert_eq!(get(&conn).unwrap(), None);
        assert_eq!(
            due(&conn, t("2026-06-03T07:00:00Z")).unwrap(),
            Decision::Off
        );
    }
}
