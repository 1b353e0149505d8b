//! Small helpers shared by the table modules: JSON text columns and booleans.

use crate::{Error, Result};
use rusqlite::Row;
use serde_json::Value;

/// Reads a JSON text column into a [`Value`].
pub(crate) fn json_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Value> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads a nullable JSON text column.
pub(crate) fn json_col_opt(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Value>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// Reads a JSON array of strings (the SQLite form of `TEXT[]`); NULL reads as empty.
pub(crate) fn string_array_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Vec<String>> {
    let text: Option<String> = row.get(idx)?;
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        }),
    }
}

/// Serialises a value for a JSON text column.
pub(crate) fn to_json_text<T: serde::Serialize>(context: &str, v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|source| Error::Json {
        context: context.to_owned(),
        source,
    })
}

/// Reads a nullable `DATE` column as a [`chrono::NaiveDate`].
pub(crate) fn date_col_opt(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        crate::time::parse_date(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}
