//! Reading cases: the filtered, paged case list, one case's detail and its timeline
//! (DOMAIN.md section 5; contract `cases`, `case_actions`, `outreach_delivery_log`).
//!
//! Filtering and paging happen in SQL (`LIMIT` / `OFFSET` plus a `COUNT(*)` of the same
//! filter), so the UI can page through 100,000 cases without loading them.

use crate::{Error, Result};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::str::FromStr;
use ww_store::cases::{Case, CaseAction};
use ww_store::enums::{CaseStatus, DeliveryStatus, OutcomeStatus, Priority};
use ww_store::ids::{CaseId, MeasureId, MeasureVersionId, OutcomeId, RunId};
use ww_store::outcomes::Outcome;
use ww_store::outreach::Delivery;

/// The status part of a case filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// `open`: OPEN and IN_PROGRESS (the active statuses).
    Open,
    /// Exactly this status.
    Is(CaseStatus),
}

impl FromStr for StatusFilter {
    type Err = Error;

    /// `open` (any case) or an exact UPPERCASE status such as `IN_PROGRESS`.
    fn from_str(s: &str) -> Result<Self> {
        if s.eq_ignore_ascii_case("open") && s != "OPEN" {
            return Ok(StatusFilter::Open);
        }
        s.parse::<CaseStatus>()
            .map(StatusFilter::Is)
            .map_err(|_| {
                Error::Invalid(format!(
                    "status filter '{s}': expected open, OPEN, IN_PROGRESS, RESOLVED, CLOSED or EXCLUDED"
                ))
            })
    }
}

/// The assignee part of a case filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// Cases nobody is assigned to.
    Unassigned,
    /// Cases whose assignee contains this text, ignoring ASCII case (`dana` matches
    /// `Dana Officer`; `%` and `_` are plain characters).
    Named(String),
}

/// Which cases to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Status (`open` = OPEN + IN_PROGRESS).
    pub status: Option<StatusFilter>,
    /// Cases of any version of this measure.
    pub measure_id: Option<MeasureId>,
    /// Cases of exactly this measure version.
    pub measure_version_id: Option<MeasureVersionId>,
    /// Priority.
    pub priority: Option<Priority>,
    /// Assignee, or unassigned.
    pub assignee: Option<AssigneeFilter>,
    /// Employee site: the whole name, ignoring ASCII case.
    pub site: Option<String>,
    /// Only these cases (empty = any).
    pub case_ids: Vec<CaseId>,
}

/// A page request: `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return (at most 1,000).
    pub limit: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            offset: 0,
            limit: 50,
        }
    }
}

/// Largest page [`list_cases`] returns.
pub const MAX_PAGE: u32 = 1000;

/// One case as listed: the case with its employee, measure and newest delivery status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseSummary {
    /// Case id.
    pub id: CaseId,
    /// Employee external id.
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Employee role.
    pub role: Option<String>,
    /// Employee site.
    pub site: Option<String>,
    /// Measure id.
    pub measure_id: MeasureId,
    /// Measure name.
    pub measure_name: String,
    /// Measure version id.
    pub measure_version_id: MeasureVersionId,
    /// Measure version label.
    pub measure_version: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// Case status.
    pub status: CaseStatus,
    /// Priority.
    pub priority: Priority,
    /// Assignee.
    pub assignee: Option<String>,
    /// Latest outcome status.
    pub current_outcome_status: OutcomeStatus,
    /// Next action sentence.
    pub next_action: Option<String>,
    /// Last run id (text).
    pub last_run_id: String,
    /// ISO-8601 UTC.
    pub created_at: String,
    /// ISO-8601 UTC.
    pub updated_at: String,
    /// ISO-8601 UTC.
    pub closed_at: Option<String>,
    /// Status of the newest outreach attempt (by `sent_at`, then insertion order).
    pub latest_outreach_delivery_status: Option<DeliveryStatus>,
}

/// One page of cases and the number of cases matching the filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CasePage {
    /// Cases matching the filter (all pages).
    pub total: u64,
    /// The requested page, highest priority first, then most recently updated.
    pub items: Vec<CaseSummary>,
}

pub(crate) const SUMMARY_SELECT: &str =
    "SELECT c.id, e.external_id, e.name, e.role, e.site, m.id, m.name, \
    mv.id, mv.version, c.evaluation_period, c.status, c.priority, c.assignee, \
    c.current_outcome_status, c.next_action, c.last_run_id, c.created_at, c.updated_at, \
    c.closed_at, \
    (SELECT d.status FROM outreach_delivery_log d WHERE d.case_id = c.id \
     ORDER BY d.sent_at DESC, d.rowid DESC LIMIT 1) \
    FROM cases c JOIN employees e ON e.id = c.employee_id \
    JOIN measure_versions mv ON mv.id = c.measure_version_id \
    JOIN measures m ON m.id = mv.measure_id";

pub(crate) const ORDER: &str =
    " ORDER BY CASE c.priority WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 \
    WHEN 'MEDIUM' THEN 2 ELSE 3 END, c.updated_at DESC, c.id";

pub(crate) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: r.get(0)?,
        employee_external_id: r.get(1)?,
        employee_name: r.get(2)?,
        role: r.get(3)?,
        site: r.get(4)?,
        measure_id: r.get(5)?,
        measure_name: r.get(6)?,
        measure_version_id: r.get(7)?,
        measure_version: r.get(8)?,
        evaluation_period: r.get(9)?,
        status: r.get(10)?,
        priority: r.get(11)?,
        assignee: r.get(12)?,
        current_outcome_status: r.get(13)?,
        next_action: r.get(14)?,
        last_run_id: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
        closed_at: r.get(18)?,
        latest_outreach_delivery_status: r.get(19)?,
    })
}

/// The WHERE clause and its parameters for `filter` (aliases c, e, mv as in the select).
pub(crate) fn where_clause(filter: &CaseFilter) -> (String, Vec<SqlValue>) {
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    match filter.status {
        Some(StatusFilter::Open) => clauses.push("c.status IN ('OPEN', 'IN_PROGRESS')"),
        Some(StatusFilter::Is(s)) => {
            clauses.push("c.status = ?");
            params.push(SqlValue::Text(s.as_str().into()));
        }
        None => {}
    }
    if let Some(m) = filter.measure_id {
        clauses.push("mv.measure_id = ?");
        params.push(SqlValue::Text(m.to_string()));
    }
    if let Some(v) = filter.measure_version_id {
        clauses.push("c.measure_version_id = ?");
        params.push(SqlValue::Text(v.to_string()));
    }
    if let Some(p) = filter.priority {
        clauses.push("c.priority = ?");
        params.push(SqlValue::Text(p.as_str().into()));
    }
    match &filter.assignee {
        Some(AssigneeFilter::Unassigned) => clauses.push("c.assignee IS NULL"),
        Some(AssigneeFilter::Named(name)) => {
            // Part of the name, ignoring case (QA H11: "dana" finds "Dana Officer").
            clauses.push("c.assignee LIKE ? ESCAPE '\\'");
            params.push(SqlValue::Text(format!("%{}%", like_escaped(name.trim()))));
        }
        None => {}
    }
    if let Some(site) = &filter.site {
        // The whole site name, ignoring case (QA H11: "plant b" is Plant B).
        clauses.push("e.site = ? COLLATE NOCASE");
        params.push(SqlValue::Text(site.trim().to_owned()));
    }
    if !filter.case_ids.is_empty() {
        clauses.push("c.id IN (SELECT value FROM json_each(?))");
        let ids: Vec<String> = filter.case_ids.iter().map(|i| i.to_string()).collect();
        params.push(SqlValue::Text(
            serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
        ));
    }
    if clauses.is_empty() {
        (String::new(), params)
    } else {
        (format!(" WHERE {}", clauses.join(" AND ")), params)
    }
}

/// `text` with the LIKE wildcards `%` and `_` and the backslash escaped by a backslash.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// One page of cases matching `filter`, highest priority first, then most recently updated.
///
/// Errors: [`Error::Invalid`] when `page.limit` is 0 or above [`MAX_PAGE`]; database errors.
pub fn list_cases(conn: &Connection, filter: &CaseFilter, page: Page) -> Result<CasePage> {
    if page.limit == 0 || page.limit > MAX_PAGE {
        return Err(Error::Invalid(format!(
            "page limit {} must be between 1 and {MAX_PAGE}",
            page.limit
        )));
    }
    let (where_sql, mut params) = where_clause(filter);
    // Join only the tables the filter needs: the count and the page then walk `cases` alone
    // in the common unfiltered and status-only cases.
    let mut joins = String::new();
    if filter.site.is_some() {
        joins.push_str(" JOIN employees e ON e.id = c.employee_id");
    }
    if filter.measure_id.is_some() {
        joins.push_str(" JOIN measure_versions mv ON mv.id = c.measure_version_id");
    }
    let count_sql = format!("SELECT COUNT(*) FROM cases c{joins}{where_sql}");
    let total: i64 = conn.query_row(&count_sql, params_from_iter(params.iter()), |r| r.get(0))?;
    // Page on the narrow rows first (ids and sort keys only), then read the details and the
    // latest delivery status for the page's rows alone.
    let sql = format!(
        "WITH page AS (SELECT c.id AS id FROM cases c{joins}{where_sql}{ORDER} \
         LIMIT ? OFFSET ?) {SUMMARY_SELECT} WHERE c.id IN (SELECT id FROM page){ORDER}"
    );
    params.push(SqlValue::Integer(i64::from(page.limit)));
    params.push(SqlValue::Integer(
        i64::try_from(page.offset).unwrap_or(i64::MAX),
    ));
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(params_from_iter(params.iter()), summary_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CasePage {
        total: u64::try_from(total).unwrap_or(0),
        items,
    })
}

/// Calls `f` for every case matching `filter`, in list order, one row at a time (bounded
/// memory; used by the CSV export). Stops at the first error.
pub fn for_each_case(
    conn: &Connection,
    filter: &CaseFilter,
    mut f: impl FnMut(CaseSummary) -> Result<()>,
) -> Result<()> {
    let (where_sql, params) = where_clause(filter);
    let sql = format!("{SUMMARY_SELECT}{where_sql}{ORDER}");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    while let Some(row) = rows.next()? {
        f(summary_from_row(row)?)?;
    }
    Ok(())
}

/// One timeline entry: a case action (each action appears exactly once).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// The case action id.
    pub action_id: String,
    /// Action type (UPPERCASE).
    pub action_type: String,
    /// Who (user name or `SYSTEM`).
    pub performed_by: Option<String>,
    /// When (ISO-8601 UTC).
    pub performed_at: String,
    /// The action's details.
    pub payload: Option<serde_json::Value>,
}

impl From<CaseAction> for TimelineEntry {
    fn from(a: CaseAction) -> Self {
        TimelineEntry {
            action_id: a.id.to_string(),
            action_type: a.action_type.as_str().to_string(),
            performed_by: a.performed_by,
            performed_at: a.performed_at,
            payload: a.payload_json,
        }
    }
}

/// Everything the case screen shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseDetail {
    /// The listed view (employee, measure, latest delivery status).
    pub summary: CaseSummary,
    /// The full row (with `closed_by` and `closed_reason`).
    pub case: Case,
    /// Actions in time order, each once.
    pub timeline: Vec<TimelineEntry>,
    /// Outreach attempts, newest first.
    pub deliveries: Vec<Delivery>,
    /// Evidence of the newest outcome for the case's key or, when its version has not run yet
    /// (a case carried over at activation), of the outcome of the case's last run; see
    /// [`evidence_outcome`].
    pub latest_evidence: Option<serde_json::Value>,
    /// Which outcome `latest_evidence` comes from (None when there is none).
    pub evidence_source: Option<EvidenceSource>,
}

/// The outcome a case's evidence was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceSource {
    /// The outcome row.
    pub outcome_id: OutcomeId,
    /// The run that wrote it.
    pub run_id: RunId,
    /// The measure version it evaluated: another version of the case's measure than the
    /// case's own when the case was carried over and its new version has not run yet.
    pub measure_version_id: MeasureVersionId,
    /// When it was evaluated (ISO-8601 UTC).
    pub evaluated_at: String,
}

impl EvidenceSource {
    fn of(o: &Outcome) -> EvidenceSource {
        EvidenceSource {
            outcome_id: o.id,
            run_id: o.run_id,
            measure_version_id: o.measure_version_id,
            evaluated_at: o.evaluated_at.clone(),
        }
    }
}

/// The outcome that explains why `case` is flagged:
///
/// 1. the newest outcome for the case's key (employee, measure version, cycle), which is what
///    every run of the case's version refreshes;
/// 2. else the outcome written by the case's last run (`cases.last_run_id`) for the same
///    employee and cycle on any version of the same measure ([`last_run_outcome`]).
///
/// The second step covers a case carried over to a newly activated version
/// (`ww_governance::carry_over`): until that version runs, the case's evidence is the old
/// version's outcome that opened or last refreshed it. The run id is exact (a run evaluates
/// one version per measure), so no guess between versions or runs is made.
///
/// Errors: database errors.
pub fn evidence_outcome(conn: &Connection, case: &Case) -> Result<Option<Outcome>> {
    if let Some(o) = ww_store::outcomes::latest_for(
        conn,
        case.employee_id,
        case.measure_version_id,
        &case.evaluation_period,
    )? {
        return Ok(Some(o));
    }
    last_run_outcome(conn, case)
}

/// The outcome the case's last run (`cases.last_run_id`) wrote for the case's employee and
/// cycle on any version of the case's measure: the outcome that set the case's current state,
/// also after the case was carried over to another version of its measure. None when that run
/// wrote no such outcome.
///
/// Errors: database errors.
pub fn last_run_outcome(conn: &Connection, case: &Case) -> Result<Option<Outcome>> {
    let id: Option<OutcomeId> = conn
        .query_row(
            "SELECT o.id FROM outcomes o JOIN measure_versions mv ON mv.id = o.measure_version_id \
             WHERE o.run_id = ?1 AND o.employee_id = ?2 AND o.evaluation_period = ?3 \
             AND mv.measure_id = (SELECT measure_id FROM measure_versions WHERE id = ?4) \
             ORDER BY o.evaluated_at DESC, o.rowid DESC LIMIT 1",
            params![
                case.last_run_id,
                case.employee_id,
                case.evaluation_period,
                case.measure_version_id
            ],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => Ok(ww_store::outcomes::get(conn, id)?),
        None => Ok(None),
    }
}

/// One case with its timeline, deliveries and latest evidence.
///
/// Errors: [`Error::NotFound`] for an unknown case id; database errors.
pub fn case_detail(conn: &Connection, case_id: CaseId) -> Result<CaseDetail> {
    let case = ww_store::cases::get(conn, case_id)?.ok_or_else(|| Error::NotFound {
        entity: "case",
        id: case_id.to_string(),
    })?;
    let summary = conn.query_row(
        &format!("{SUMMARY_SELECT} WHERE c.id = ?1"),
        [case_id],
        summary_from_row,
    )?;
    let timeline = timeline(conn, case_id)?;
    let deliveries = ww_store::outreach::list_deliveries(conn, case_id)?;
    let outcome = evidence_outcome(conn, &case)?;
    let evidence_source = outcome.as_ref().map(EvidenceSource::of);
    Ok(CaseDetail {
        summary,
        case,
        timeline,
        deliveries,
        latest_evidence: outcome.map(|o| o.evidence_json),
        evidence_source,
    })
}

/// A case's actions in time order, each exactly once.
pub fn timeline(conn: &Connection, case_id: CaseId) -> Result<Vec<TimelineEntry>> {
    Ok(ww_store::cases::list_actions(conn, case_id)?
        .into_iter()
        .map(TimelineEntry::from)
        .collect())
}

/// The case or [`Error::NotFound`].
pub(crate) fn get_case(conn: &Connection, case_id: CaseId) -> Result<Case> {
    ww_store::cases::get(conn, case_id)?.ok_or_else(|| Error::NotFound {
        entity: "case",
        id: case_id.to_string(),
    })
}
