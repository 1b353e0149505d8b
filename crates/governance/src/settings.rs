//! Validated, audited settings changes (QA finding G6): the rule behind the desktop Admin
//! screen's settings form and `workwell settings`, in one place. Every change of a known key
//! is one transaction with one SETTING_CHANGED event per changed key (`old` / `new`; for the
//! secret SendGrid key only whether one is set, never the value).
//!
//! Known keys: `user_name` (the acting user written into every audit event),
//! `org_time_zone` (IANA zone deciding every evidence date), `email_provider`
//! (`simulated` | `sendgrid`), `email_from` (sender address), `sendgrid_base_url` and
//! `sendgrid_api_key` (secret). The email key names are those ww-casework's outreach reads.

use crate::audit::{actor, record};
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::settings as store;
use ww_store::with_tx;

/// Longest user name accepted (it is written into every audit event).
pub const MAX_USER_NAME: usize = 100;
/// The email providers outreach knows.
pub const EMAIL_PROVIDERS: &[&str] = &["simulated", "sendgrid"];

/// How a key's value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SettingKind {
    /// Non-blank text of at most [`MAX_USER_NAME`] characters.
    UserName,
    /// An IANA time-zone name (chrono-tz), stored in its canonical spelling.
    TimeZone,
    /// One of [`EMAIL_PROVIDERS`].
    EmailProvider,
    /// `name@domain.tld`, no spaces.
    EmailAddress,
    /// An `http://` or `https://` URL.
    Url,
    /// Secret text: stored, never shown or audited (only whether it is set).
    Secret,
}

/// One known setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SettingSpec {
    /// The `settings` key.
    pub key: &'static str,
    /// What it is for.
    pub description: &'static str,
    /// How values are checked.
    pub kind: SettingKind,
    /// The value in effect when no row exists.
    pub default: Option<&'static str>,
}

/// Every setting `workwell settings` and the Admin screen may change.
pub const KNOWN: &[SettingSpec] = &[
    SettingSpec {
        key: store::USER_NAME,
        description: "the acting user recorded in audit events and case actions",
        kind: SettingKind::UserName,
        default: Some("local-user"),
    },
    SettingSpec {
        key: store::ORG_TIME_ZONE,
        description: "the organisation's IANA time zone: measurement periods and evidence dates",
        kind: SettingKind::TimeZone,
        default: Some("UTC"),
    },
    SettingSpec {
        key: "email_provider",
        description: "how outreach email is sent: simulated or sendgrid",
        kind: SettingKind::EmailProvider,
        default: Some("simulated"),
    },
    SettingSpec {
        key: "email_from",
        description: "the sender address of outreach email",
        kind: SettingKind::EmailAddress,
        default: Some("occupational-health@workwell-demo.dev"),
    },
    SettingSpec {
        key: "sendgrid_base_url",
        description: "the SendGrid API base URL",
        kind: SettingKind::Url,
        default: Some("https://api.sendgrid.com"),
    },
    SettingSpec {
        key: "sendgrid_api_key",
        description: "the SendGrid API key (secret; WORKWELL_SENDGRID_API_KEY overrides it)",
        kind: SettingKind::Secret,
        default: None,
    },
];

/// The spec of a known key.
///
/// # Errors
/// [`Error::Invalid`] for an unknown key, listing the known ones.
pub fn spec(key: &str) -> Result<&'static SettingSpec> {
    KNOWN.iter().find(|s| s.key == key).ok_or_else(|| {
        Error::invalid(format!(
            "unknown setting \"{key}\"; known settings: {}",
            KNOWN.iter().map(|s| s.key).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// Checks `value` for `key` and returns the value to store (trimmed; a time zone in its
/// canonical spelling).
///
/// # Errors
/// [`Error::Invalid`] naming the key and what is wrong.
pub fn validate(key: &str, value: &str) -> Result<String> {
    let s = spec(key)?;
    let v = value.trim();
    let bad = |why: String| Err(Error::invalid(format!("setting {key}: {why}")));
    match s.kind {
        SettingKind::UserName if v.is_empty() => {
            bad("the user name cannot be blank: audit events record it".into())
        }
        SettingKind::UserName if v.chars().count() > MAX_USER_NAME => bad(format!(
            "the user name is longer than {MAX_USER_NAME} characters"
        )),
        SettingKind::UserName => Ok(v.to_owned()),
        SettingKind::TimeZone => match v.parse::<chrono_tz::Tz>() {
            Ok(tz) => Ok(tz.name().to_owned()),
            Err(_) => bad(format!(
                "\"{v}\" is not an IANA time zone; use a name such as Europe/Berlin, \
                 America/Chicago or UTC"
            )),
        },
        SettingKind::EmailProvider => {
            let lower = v.to_ascii_lowercase();
            if EMAIL_PROVIDERS.contains(&lower.as_str()) {
                Ok(lower)
            } else {
                bad(format!(
                    "\"{v}\" is not an email provider ({})",
                    EMAIL_PROVIDERS.join(" or ")
                ))
            }
        }
        SettingKind::EmailAddress => {
            let ok = v
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                && !v.contains(char::is_whitespace);
            if ok {
                Ok(v.to_owned())
            } else {
                bad(format!("\"{v}\" is not an email address (name@domain)"))
            }
        }
        SettingKind::Url => {
            if (v.starts_with("https://") || v.starts_with("http://")) && !v.contains(' ') {
                Ok(v.trim_end_matches('/').to_owned())
            } else {
                bad(format!("\"{v}\" is not an http(s) URL"))
            }
        }
        SettingKind::Secret => Ok(v.to_owned()),
    }
}

/// A setting as shown to a person: secrets only as set / not set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    /// The key.
    pub key: &'static str,
    /// The value in effect (stored, else the default); None for a secret or an unset key.
    pub value: Option<String>,
    /// Whether a non-empty value is in effect.
    pub is_set: bool,
    /// True when the value came from the default (no row).
    pub is_default: bool,
    /// True for secrets.
    pub secret: bool,
    /// What it is for.
    pub description: &'static str,
}

fn stored(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn view(conn: &Connection, s: &'static SettingSpec) -> Result<SettingView> {
    let row = stored(conn, s.key)?;
    let is_default = row.is_none();
    let value = row.or_else(|| s.default.map(str::to_owned));
    let secret = s.kind == SettingKind::Secret;
    Ok(SettingView {
        key: s.key,
        is_set: value.as_deref().is_some_and(|v| !v.is_empty()),
        value: if secret { None } else { value },
        is_default,
        secret,
        description: s.description,
    })
}

/// Every known setting with the value in effect.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection) -> Result<Vec<SettingView>> {
    KNOWN.iter().map(|s| view(conn, s)).collect()
}

/// One known setting.
///
/// # Errors
/// [`Error::Invalid`] for an unknown key; [`Error::Db`].
pub fn get(conn: &Connection, key: &str) -> Result<SettingView> {
    view(conn, spec(key)?)
}

/// Validates every `(key, value)` first (nothing is written when one is refused), then in one
/// transaction stores the values that differ from the value in effect, each with a
/// SETTING_CHANGED event. The actor is the user acting before the change (a rename is made
/// by the old name). Returns the changed keys, in the order given.
///
/// # Errors
/// [`Error::Invalid`] naming the first refused key; [`Error::Db`].
pub fn set_many(conn: &mut Connection, changes: &[(&str, &str)]) -> Result<Vec<String>> {
    let mut writes = Vec::new();
    for (key, value) in changes {
        writes.push((spec(key)?, validate(key, value)?));
    }
    with_tx(conn, |tx| {
        let mut changed = Vec::new();
        for (s, value) in &writes {
            let old = stored(tx, s.key)?.or_else(|| s.default.map(str::to_owned));
            if old.as_deref() == Some(value.as_str()) || (old.is_none() && value.is_empty()) {
                continue;
            }
            let who = actor(tx)?;
            store::set(tx, s.key, value)?;
            let payload = if s.kind == SettingKind::Secret {
                json!({"key": s.key, "oldSet": old.is_some_and(|o| !o.is_empty()),
                       "newSet": !value.is_empty()})
            } else {
                json!({"key": s.key, "old": old, "new": value})
            };
            record(
                tx,
                Ev::SettingChanged,
                EntityType::Setting,
                s.key,
                &who,
                None,
                payload,
            )?;
            changed.push(s.key.to_owned());
        }
        Ok(changed)
    })
}

/// [`set_many`] for one key: true when the value changed.
///
/// # Errors
/// As [`set_many`].
pub fn set(conn: &mut Connection, key: &str, value: &str) -> Result<bool> {
    Ok(!set_many(conn, &[(key, value)])?.is_empty())
}
