//! Keyset paging of the case worklist, and the open cases of one employee (issue 7, "Cases
//! worklist ... fast with 100,000 cases").
//!
//! [`crate::cases::list_cases`] pages with `OFFSET`: SQLite walks and sorts every row before
//! the page, so a deep page of the "open" list took about 140 ms at 100,000 cases. Here a page
//! starts after a [`CaseCursor`], the sort key of the last row already shown (priority rank,
//! `updated_at` descending, case id), so the database seeks past the rows before it; the
//! order, the filters and the rows are those of `list_cases`.

use crate::cases::{summary_from_row, where_clause, CaseFilter, CaseSummary, StatusFilter};
use crate::cases::{ORDER, SUMMARY_SELECT};
use crate::{Error, Result};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use ww_store::enums::Priority;
use ww_store::ids::{CaseId, EmployeeId};

/// Largest page [`list_after`] returns.
pub const MAX_PAGE: u32 = crate::cases::MAX_PAGE;

/// The priority rank of the worklist order (CRITICAL 0 .. LOW 3). The text is the one in
/// `cases::ORDER` and in migration V32's indexes, so SQLite can seek in those indexes.
const RANK: &str =
    "(CASE c.priority WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END)";

/// The rank [`RANK`] gives `p`.
fn rank(p: Priority) -> i64 {
    match p {
        Priority::Critical => 0,
        Priority::High => 1,
        Priority::Medium => 2,
        Priority::Low => 3,
    }
}

/// Where a worklist page starts: the sort key of the row before it. Rows come after the cursor
/// when their priority ranks lower (CRITICAL first), or ranks the same and they were updated
/// earlier, or were updated at the same instant and their id sorts after.
///
/// Its text form, which the UI keeps and sends back without reading it, is
/// `PRIORITY|UPDATED_AT|CASE_ID`, e.g. `HIGH|2026-05-06T14:03:00.123Z|6f1c...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCursor {
    /// The row's priority.
    pub priority: Priority,
    /// The row's `updated_at` (ISO-8601 UTC).
    pub updated_at: String,
    /// The row's case id.
    pub id: CaseId,
}

impl CaseCursor {
    /// The cursor just after `case` in the worklist order.
    pub fn of(case: &CaseSummary) -> CaseCursor {
        CaseCursor {
            priority: case.priority,
            updated_at: case.updated_at.clone(),
            id: case.id,
        }
    }
}

impl fmt::Display for CaseCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}|{}|{}", self.priority, self.updated_at, self.id)
    }
}

impl FromStr for CaseCursor {
    type Err = Error;

    /// Reads the text form `PRIORITY|UPDATED_AT|CASE_ID`.
    ///
    /// Errors: [`Error::Invalid`] naming the cursor and the part that is wrong.
    fn from_str(s: &str) -> Result<CaseCursor> {
        let bad = |what: &str| Error::Invalid(format!("worklist cursor '{s}': {what}"));
        let mut parts = s.split('|');
        let (Some(p), Some(at), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("expected PRIORITY|UPDATED_AT|CASE_ID"));
        };
        let priority = p
            .parse::<Priority>()
            .map_err(|_| bad("the priority is not LOW, MEDIUM, HIGH or CRITICAL"))?;
        if chrono::DateTime::parse_from_rfc3339(at).is_err() {
            return Err(bad("the update time is not an ISO-8601 instant"));
        }
        let id = CaseId::parse(id).map_err(|_| bad("the case id is not a UUID"))?;
        Ok(CaseCursor {
            priority,
            updated_at: at.to_owned(),
            id,
        })
    }
}

/// A keyset page request: skip `skip` rows after `after` (or after the start of the list),
/// then return `limit` rows. `skip` is 0 when paging on from the previous page; the UI sets
/// it only to jump ahead from the nearest page it has (SQLite then walks the skipped rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysetPage {
    /// The last row before the page, `None` for the start of the list.
    pub after: Option<CaseCursor>,
    /// Rows to skip after `after`.
    pub skip: u64,
    /// Rows to return, 1 to [`MAX_PAGE`].
    pub limit: u32,
}

/// One worklist page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorklistPage {
    /// Cases matching the filter (all pages).
    pub total: u64,
    /// The page, in the worklist order (highest priority first, then most recently updated,
    /// then case id).
    pub items: Vec<CaseSummary>,
    /// The cursor of the next page: the last row's, or `None` when the page is the end of the
    /// list (fewer rows than asked for).
    pub next: Option<String>,
}

/// The `FROM` joins `filter`'s conditions need (site on employees, measure on versions).
fn joins(filter: &CaseFilter) -> String {
    let mut joins = String::new();
    if filter.site.is_some() {
        joins.push_str(" JOIN employees e ON e.id = c.employee_id");
    }
    if filter.measure_id.is_some() {
        joins.push_str(" JOIN measure_versions mv ON mv.id = c.measure_version_id");
    }
    joins
}

/// `clause` and `extra` joined with AND into one WHERE clause (`clause` is empty or starts
/// with ` WHERE `).
fn and(clause: &str, extra: &str) -> String {
    if clause.is_empty() {
        format!(" WHERE {extra}")
    } else {
        format!("{clause} AND {extra}")
    }
}

/// One page of the cases matching `filter`, after `page.after`, in the order of
/// [`crate::cases::list_cases`].
///
/// Errors: [`Error::Invalid`] naming the limit when it is 0 or above [`MAX_PAGE`]; database
/// errors.
pub fn list_after(
    conn: &Connection,
    filter: &CaseFilter,
    page: &KeysetPage,
) -> Result<WorklistPage> {
    if page.limit == 0 || page.limit > MAX_PAGE {
        return Err(Error::Invalid(format!(
            "page limit {} must be between 1 and {MAX_PAGE}",
            page.limit
        )));
    }
    let (filter_sql, filter_params) = where_clause(filter);
    let joins = joins(filter);
    let count_sql = format!("SELECT COUNT(*) FROM cases c{joins}{filter_sql}");
    let total: i64 = conn.query_row(&count_sql, params_from_iter(filter_params.iter()), |r| {
        r.get(0)
    })?;

    let mut params = filter_params;
    let page_where = match &page.after {
        None => filter_sql,
        Some(after) => {
            let r = rank(after.priority);
            // The first disjunct lets SQLite seek to the cursor's rank in V32's indexes;
            // the second is the exact "after" test for the rows of that rank.
            let keyset = format!(
                "{RANK} >= ? AND ({RANK} > ? OR c.updated_at < ? OR \
                 (c.updated_at = ? AND c.id > ?))"
            );
            params.extend([
                SqlValue::Integer(r),
                SqlValue::Integer(r),
                SqlValue::Text(after.updated_at.clone()),
                SqlValue::Text(after.updated_at.clone()),
                SqlValue::Text(after.id.to_string()),
            ]);
            and(&filter_sql, &keyset)
        }
    };
    params.push(SqlValue::Integer(i64::from(page.limit)));
    params.push(SqlValue::Integer(
        i64::try_from(page.skip).unwrap_or(i64::MAX),
    ));
    // Page on the narrow rows (ids and sort keys) first, then read the page's details.
    let sql = format!(
        "WITH page AS (SELECT c.id AS id FROM cases c{joins}{page_where}{ORDER} LIMIT ? OFFSET ?) \
         {SUMMARY_SELECT} WHERE c.id IN (SELECT id FROM page){ORDER}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(params_from_iter(params.iter()), summary_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if items.len() == page.limit as usize {
        items.last().map(|c| CaseCursor::of(c).to_string())
    } else {
        None
    };
    Ok(WorklistPage {
        total: u64::try_from(total).unwrap_or(0),
        items,
        next,
    })
}

/// The OPEN and IN_PROGRESS cases of `employee`, in the worklist order.
///
/// Errors: database errors.
pub fn open_cases_of(conn: &Connection, employee: EmployeeId) -> Result<Vec<CaseSummary>> {
    let filter = CaseFilter {
        status: Some(StatusFilter::Open),
        ..CaseFilter::default()
    };
    let (filter_sql, mut params) = where_clause(&filter);
    params.push(SqlValue::Text(employee.to_string()));
    let sql = format!(
        "{SUMMARY_SELECT}{}{ORDER}",
        and(&filter_sql, "c.employee_id = ?")
    );
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(params_from_iter(params.iter()), summary_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// The sites of the employees on record, each once, sorted ignoring case: the choices of the
/// worklist's site filter (QA H11), which matches a whole site name ignoring case.
///
/// Errors: database errors.
pub fn sites(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT site FROM employees WHERE site IS NOT NULL AND trim(site) <> '' \
         ORDER BY site COLLATE NOCASE, site",
    )?;
    let sites = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(sites)
}

#[cfg(test)]
#[path = "worklist_tests.rs"]
mod tests;
