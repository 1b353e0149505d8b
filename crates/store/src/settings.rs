//! `settings`: local key/value settings (WorkWell extension). Defaults live here in code, so
//! a missing row reads as its default; `workwell init` writes the defaults as rows.

use crate::time::now_ts;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The acting user's name (audit actor, case action performer).
pub const USER_NAME: &str = "user_name";
/// The organisation's IANA time zone (measurement period, dates in evidence).
pub const ORG_TIME_ZONE: &str = "org_time_zone";

/// `"true"` in a database created as a demo database (written by demo-reset, backfilled by
/// migration V31 for databases `init --demo` filled); demo-reset refuses other databases.
pub const DEMO_DATABASE: &str = "demo_database";

/// Every known key with its default value.
pub const DEFAULTS: &[(&str, &str)] = &[(USER_NAME, "local-user"), (ORG_TIME_ZONE, "UTC")];

/// The stored value of `key`, or its default from [`DEFAULTS`], or None.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    let stored: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(stored.or_else(|| {
        DEFAULTS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| (*v).to_owned())
    }))
}

/// Sets `key` to `value`. Returns the previous stored value.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<Option<String>> {
    let old: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value, now_ts()],
    )?;
    Ok(old)
}

/// The acting user's name (default `local-user`).
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn user_name(conn: &Connection) -> Result<String> {
    Ok(get(conn, USER_NAME)?.unwrap_or_else(|| "local-user".to_owned()))
}

/// The organisation's IANA time zone name (default `UTC`).
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn org_time_zone(conn: &Connection) -> Result<String> {
    Ok(get(conn, ORG_TIME_ZONE)?.unwrap_or_else(|| "UTC".to_owned()))
}

/// Writes every default whose key has no row; returns how many were written.
///
/// # Errors
/// [`crate::Error::Sqlite`].
pub fn insert_defaults(conn: &Connection) -> Result<usize> {
    let mut n = 0;
    for (k, v) in DEFAULTS {
        n += conn.execute(
            "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)",
            params![k, v, now_ts()],
        )?;
    }
    Ok(n)
}
