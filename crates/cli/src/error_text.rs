//! How `workwell` words an error on stderr: every cause of the chain once (a cause whose text
//! the message already holds is not printed again, QA G10), and a locked database as one
//! sentence naming the file instead of SQLite's three layers of "database is locked" (QA G15).

use std::error::Error as StdError;
use std::path::Path;

/// The text after `error: ` for `err`; `db` is the database file the command used.
pub fn render(err: &anyhow::Error, db: Option<&Path>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        if let Some(locked) = lock_cause(cause) {
            // The database layers above the SQLite error only repeat it.
            parts.retain(|p| !p.contains(&locked));
            parts.push(locked_sentence(db));
            break;
        }
        let text = cause.to_string();
        push_once(&mut parts, text);
    }
    parts.join(": ")
}

/// Adds `text` unless a part already holds it; a text that extends the last part
/// (`cannot read X: Is a directory` after `cannot read X`) replaces it.
fn push_once(parts: &mut Vec<String>, text: String) {
    if text.is_empty() || parts.iter().any(|p| p.contains(&text)) {
        return;
    }
    if let Some(last) = parts.last_mut() {
        if text.starts_with(last.as_str()) {
            *last = text;
            return;
        }
    }
    parts.push(text);
}

/// The text of a SQLite "busy" or "locked" error in the chain, if `cause` is one.
fn lock_cause(cause: &(dyn StdError + 'static)) -> Option<String> {
    let e = cause.downcast_ref::<rusqlite::Error>()?;
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
    .then(|| e.to_string())
}

/// One sentence for a database another program holds locked.
pub fn locked_sentence(db: Option<&Path>) -> String {
    let file = db.map_or_else(
        || "the database file".to_owned(),
        |p| format!("the database file {}", p.display()),
    );
    format!(
        "{file} is locked by another program (another workwell command, the desktop app or an \
         SQLite tool is writing to it); waited {} s. Nothing was changed by this command; try \
         again when the other program has finished",
        ww_store::db::BUSY_TIMEOUT.as_secs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn locked() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(5),
            Some("database is locked".into()),
        )
    }

    /// QA G15: "database error: database is locked: database is locked: Error code 5: ..."
    /// becomes one sentence naming the file.
    #[test]
    fn locked_database_is_one_sentence_naming_the_file() {
        let err = anyhow::Error::from(ww_core::Error::Store(ww_store::Error::Sqlite(locked())));
        let db = PathBuf::from("lk.db");
        let text = render(&err, Some(&db));
        assert_eq!(text, locked_sentence(Some(&db)));
        assert_eq!(text.matches("locked").count(), 1, "{text}");
        assert!(
            text.starts_with("the database file lk.db is locked"),
            "{text}"
        );
        // Context above the database layers is kept.
        let err = err.context("--as-of");
        assert_eq!(
            render(&err, Some(&db)),
            format!("--as-of: {}", locked_sentence(Some(&db)))
        );
    }

    /// QA G10: a folder given as the database printed its cause twice.
    #[test]
    fn each_cause_is_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::IsADirectory, "Is a directory");
        let err = anyhow::Error::from(ww_store::Error::Io {
            path: PathBuf::from("/tmp/qa2"),
            source: io,
        })
        .context("cannot read /tmp/qa2");
        assert_eq!(render(&err, None), "cannot read /tmp/qa2: Is a directory");
    }
}
