//! The measurement period of a run (DOMAIN.md section 1).
//!
//! `"Measurement Period"` is `Interval[as_of - 1 year, as_of]`: from 00:00:00.000 of the same
//! calendar day one year earlier to 23:59:59.999 of the as-of day, both in the organisation's
//! IANA time zone. The as-of instant (what CQL `Now()` returns) is the period's end.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime,
    Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

/// The calendar date type of as-of dates (chrono's), re-exported for callers without chrono.
pub use chrono::NaiveDate as Date;

/// A run's measurement period, in UTC and in the organisation's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasurementPeriod {
    /// The as-of calendar date in the organisation's zone.
    pub as_of: NaiveDate,
    /// The organisation's zone.
    pub zone: Tz,
    /// 00:00:00.000 local of the same day one year before `as_of` (Feb 29 -> Feb 28).
    pub start: DateTime<FixedOffset>,
    /// 23:59:59.999 local of `as_of`; also the as-of instant given to CQL `Now()`.
    pub end: DateTime<FixedOffset>,
}

impl MeasurementPeriod {
    /// The period for `as_of` in `zone`.
    pub fn new(as_of: NaiveDate, zone: Tz) -> Self {
        // CQL date arithmetic: minus 1 year clamps Feb 29 to Feb 28.
        let start_day = as_of
            .checked_sub_months(Months::new(12))
            .unwrap_or(NaiveDate::MIN);
        let start = local_instant(zone, start_day.and_time(NaiveTime::MIN));
        let end_time = NaiveTime::from_hms_milli_opt(23, 59, 59, 999).expect("valid time");
        let end = local_instant(zone, as_of.and_time(end_time));
        MeasurementPeriod {
            as_of,
            zone,
            start,
            end,
        }
    }

    /// Start as UTC ISO-8601 with milliseconds, e.g. `2025-05-06T00:00:00.000Z`.
    pub fn start_utc(&self) -> String {
        iso_millis(self.start.with_timezone(&Utc))
    }

    /// End as UTC ISO-8601 with milliseconds, e.g. `2026-05-06T23:59:59.999Z`.
    pub fn end_utc(&self) -> String {
        iso_millis(self.end.with_timezone(&Utc))
    }
}

/// The earliest as-of date a run accepts.
pub const EARLIEST_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// How many years after today a run's as-of date may lie (planning ahead, not typos).
pub const AS_OF_YEARS_AHEAD: u32 = 5;

/// Refuses an as-of date outside [`EARLIEST_AS_OF`] ..= `today` + [`AS_OF_YEARS_AHEAD`] years
/// (QA F1: `9999-12-31` made flu seasons in year 10000, `0001-01-01` a period in year 0).
///
/// # Errors
/// [`crate::Error::Invalid`] naming the date and the accepted range.
pub fn check_as_of(as_of: NaiveDate, today: NaiveDate) -> crate::Result<()> {
    let latest = today
        .checked_add_months(Months::new(12 * AS_OF_YEARS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    if as_of < EARLIEST_AS_OF || as_of > latest {
        return Err(crate::Error::Invalid(format!(
            "the as-of date {as_of} is outside the accepted range {EARLIEST_AS_OF} to {latest} \
             (today {today} + {AS_OF_YEARS_AHEAD} years); no run was started"
        )));
    }
    Ok(())
}

/// Refuses a non-dry run whose as-of date is after `today` (organisation zone): a future
/// as-of date is only meaningful as a dry-run projection (QA G23: one mistyped year closed
/// the whole worklist and froze case handling until that date arrived).
///
/// # Errors
/// [`crate::Error::Invalid`] naming the date, today and the way to project instead.
pub fn check_not_future(as_of: NaiveDate, today: NaiveDate, dry_run: bool) -> crate::Result<()> {
    if !dry_run && as_of > today {
        return Err(crate::Error::Invalid(format!(
            "the as-of date {as_of} is after today ({today} in the organisation's time zone): \
             a future as-of date is only allowed for a dry run (--dry-run), which changes no \
             case; no run was started"
        )));
    }
    Ok(())
}

/// UTC ISO-8601 text with milliseconds (`2026-05-06T14:03:00.123Z`), the project's timestamp form.
pub fn iso_millis(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The calendar date of an instant in the organisation's zone (DOMAIN.md section 2: dates in
/// evidence do not move with the host's zone).
pub fn local_date(t: DateTime<FixedOffset>, zone: Tz) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// A local wall-clock time in `zone` as an instant with that zone's offset. An ambiguous time
/// (DST fall-back) takes the earlier instant; a skipped one (DST spring-forward) the first
/// valid instant after the gap.
pub fn local_instant(zone: Tz, local: NaiveDateTime) -> DateTime<FixedOffset> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.fixed_offset(),
        LocalResult::None => {
            // Walk forward minute by minute to the end of the gap (gaps are at most a few hours).
            let mut probe = local;
            loop {
                probe += Duration::minutes(1);
                if let LocalResult::Single(t) | LocalResult::Ambiguous(t, _) =
                    zone.from_local_datetime(&probe)
                {
                    let offset = t.offset().fix();
                    return t.with_timezone(&offset);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn utc_period_matches_contract_dates() {
        let p = MeasurementPeriod::new(d(2026, 5, 6), Tz::UTC);
        assert_eq!(p.start_utc(), "2025-05-06T00:00:00.000Z");
        assert_eq!(p.end_utc(), "2026-05-06T23:59:59.999Z");
    }

    #[test]
    fn period_end_is_end_of_as_of_day_in_org_zone() {
        let p = MeasurementPeriod::new(d(2026, 1, 15), chrono_tz::America::Chicago);
        assert_eq!(p.end.to_rfc3339(), "2026-01-15T23:59:59.999-06:00");
        assert_eq!(p.end_utc(), "2026-01-16T05:59:59.999Z");
        assert_eq!(p.start_utc(), "2025-01-15T06:00:00.000Z");
        let tokyo = MeasurementPeriod::new(d(2026, 1, 15), chrono_tz::Asia::Tokyo);
        assert_eq!(tokyo.end_utc(), "2026-01-15T14:59:59.999Z");
    }

    #[test]
    fn leap_day_as_of_starts_on_feb_28() {
        let p = MeasurementPeriod::new(d(2028, 2, 29), Tz::UTC);
        assert_eq!(p.start_utc(), "2027-02-28T00:00:00.000Z");
    }

    #[test]
    fn midnight_gap_takes_first_valid_instant() {
        // America/Santiago skipped 2022-09-11 00:00..01:00 local.
        let t = local_instant(
            chrono_tz::America::Santiago,
            d(2022, 9, 11).and_hms_opt(0, 0, 0).unwrap(),
        );
        assert_eq!(t.to_rfc3339(), "2022-09-11T01:00:00-03:00");
    }

    #[test]
    fn as_of_outside_a_sane_range_is_refused() {
        let today = d(2026, 11, 30);
        assert!(check_as_of(d(1900, 1, 1), today).is_ok());
        assert!(check_as_of(d(2031, 11, 30), today).is_ok());
        assert_eq!(
            check_as_of(d(9999, 12, 31), today).unwrap_err().to_string(),
            "the as-of date 9999-12-31 is outside the accepted range 1900-01-01 to 2031-11-30 \
             (today 2026-11-30 + 5 years); no run was started"
        );
        assert!(check_as_of(d(1, 1, 1), today).is_err());
        assert!(check_as_of(d(1899, 12, 31), today).is_err());
        assert!(check_as_of(d(2031, 12, 1), today).is_err());
    }

    #[test]
    fn local_date_uses_org_zone_not_utc() {
        let t = DateTime::parse_from_rfc3339("2025-03-10T02:30:00Z").unwrap();
        assert_eq!(local_date(t, chrono_tz::America::New_York), d(2025, 3, 9));
        assert_eq!(local_date(t, Tz::UTC), d(2025, 3, 10));
    }
}
