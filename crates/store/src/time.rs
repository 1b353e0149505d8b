//! Timestamps and dates as stored: UTC ISO-8601 text with milliseconds
//! (`2026-05-06T14:03:00.123Z`) and calendar dates (`2026-05-06`).
//!
//! Every TIMESTAMPTZ column has a CHECK that accepts exactly [`format_ts`]'s shape, so text
//! from `to_rfc3339()` (`+00:00`, nanoseconds) is refused by the database.

use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// The current instant as stored text, e.g. `2026-05-06T14:03:00.123Z`.
pub fn now_ts() -> String {
    format_ts(Utc::now())
}

/// Formats an instant as stored text (UTC, milliseconds, `Z`).
pub fn format_ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses stored timestamp text (any RFC 3339 text is accepted and converted to UTC).
///
/// # Errors
/// [`Error::InvalidValue`] when the text is not RFC 3339.
pub fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::InvalidValue {
            what: "timestamp",
            value: s.to_owned(),
        })
}

/// Formats a calendar date as stored text (`YYYY-MM-DD`).
pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Parses stored date text (`YYYY-MM-DD`).
///
/// # Errors
/// [`Error::InvalidValue`] when the text is not a valid date.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::InvalidValue {
        what: "date",
        value: s.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn stored_shape_has_millis_and_z() {
        let t = Utc.with_ymd_and_hms(2026, 5, 6, 14, 3, 0).unwrap();
        assert_eq!(format_ts(t), "2026-05-06T14:03:00.000Z");
        assert_eq!(parse_ts("2026-05-06T16:03:00.000+02:00").unwrap(), t);
        assert_eq!(now_ts().len(), 24);
    }
}
