//! Who acts and when: the acting user from settings and "today" in the organisation's zone.

use crate::{Error, Result};
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

/// The acting user (`settings.user_name`, default `local-user`): the actor of every audit
/// event and the `performed_by` of every case action written by this crate.
pub fn actor(conn: &Connection) -> Result<String> {
    Ok(ww_store::settings::user_name(conn)?)
}

/// Today's calendar date in the organisation's time zone (`settings.org_time_zone`).
///
/// Errors: [`Error::Invalid`] when the stored zone is not an IANA zone name.
pub fn today(conn: &Connection) -> Result<NaiveDate> {
    let zone_name = ww_store::settings::org_time_zone(conn)?;
    let zone: Tz = zone_name.parse().map_err(|_| {
        Error::Invalid(format!(
            "setting org_time_zone: '{zone_name}' is not an IANA time zone"
        ))
    })?;
    Ok(Utc::now().with_timezone(&zone).date_naive())
}
