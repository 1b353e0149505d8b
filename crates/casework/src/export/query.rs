//! The four exports, each one SQL statement streamed row by row into a [`CsvSink`].

use super::{AuditEventCsvRow, CaseCsvRow, CsvSink, OutcomeCsvRow, RunCsvRow};
use crate::audit::AuditFilter;
use crate::cases::{for_each_case, CaseFilter};
use crate::Result;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use std::io::Write;
use ww_store::enums::{OutcomeStatus, RunStatus};
use ww_store::ids::{MeasureVersionId, RunId};

/// Which runs to export. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunExportFilter {
    /// Run status.
    pub status: Option<RunStatus>,
    /// Runs of this measure version (`scope_id`).
    pub measure_version_id: Option<MeasureVersionId>,
    /// `started_at >= since` (ISO-8601 text).
    pub since: Option<String>,
    /// `started_at < until`.
    pub until: Option<String>,
    /// Include dry runs (left out by default: they never count).
    pub include_dry_runs: bool,
}

/// Which outcomes to export. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeExportFilter {
    /// Outcomes of this run.
    pub run_id: Option<RunId>,
    /// Outcomes of this measure version.
    pub measure_version_id: Option<MeasureVersionId>,
    /// Outcome status.
    pub status: Option<OutcomeStatus>,
    /// Employee site.
    pub site: Option<String>,
    /// Include outcomes of dry runs (QA G11: left out by default, they never count and the
    /// CSV has no column telling them apart). Outcomes of the run named by `run_id` are
    /// exported whatever kind of run it is: asking for one run asks for its rows.
    pub include_dry_runs: bool,
}

/// Joins clauses with AND, numbering each clause's `?#` placeholder in order.
fn where_sql(clauses: &[String]) -> String {
    let mut sql = String::new();
    for (i, c) in clauses.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        sql.push_str(&c.replace("?#", &format!("?{}", i + 1)));
    }
    sql
}

/// Writes the runs CSV (contract columns) to `out`; returns the number of rows.
///
/// Counts come from the run's outcome rows; `passRate` = COMPLIANT / (all - EXCLUDED) in
/// percent; `measureName` / `measureVersion` are those of `scope_id` (empty for runs over all
/// programs); `dataFreshAsOf` is the run's as-of instant (`measurement_period_end`).
pub fn export_runs<W: Write>(conn: &Connection, filter: &RunExportFilter, out: W) -> Result<u64> {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    if let Some(s) = filter.status {
        clauses.push("r.status = ?#".to_string());
        params.push(SqlValue::Text(s.as_str().into()));
    }
    if let Some(v) = filter.measure_version_id {
        clauses.push("r.scope_id = ?#".to_string());
        params.push(SqlValue::Text(v.to_string()));
    }
    if let Some(since) = &filter.since {
        clauses.push("r.started_at >= ?#".to_string());
        params.push(SqlValue::Text(since.clone()));
    }
    if let Some(until) = &filter.until {
        clauses.push("r.started_at < ?#".to_string());
        params.push(SqlValue::Text(until.clone()));
    }
    if !filter.include_dry_runs {
        clauses.push("r.dry_run = 0".to_string());
    }
    let sql = format!(
        "SELECT r.id, COALESCE(m.name, ''), COALESCE(mv.version, ''), r.scope_type, \
         r.trigger_type, r.status, r.started_at, r.completed_at, r.duration_ms, \
         (SELECT COUNT(*) FROM outcomes o WHERE o.run_id = r.id), \
         (SELECT COUNT(*) FROM outcomes o WHERE o.run_id = r.id AND o.status = 'COMPLIANT'), \
         (SELECT COUNT(*) FROM outcomes o WHERE o.run_id = r.id AND o.status = 'DUE_SOON'), \
         (SELECT COUNT(*) FROM outcomes o WHERE o.run_id = r.id AND o.status = 'OVERDUE'), \
         (SELECT COUNT(*) FROM outcomes o WHERE o.run_id = r.id AND o.status = 'MISSING_DATA'), \
         (SELECT COUNT(*) FROM outcomes o WHERE o.run_id = r.id AND o.status = 'EXCLUDED'), \
         r.measurement_period_end \
         FROM runs r LEFT JOIN measure_versions mv ON mv.id = r.scope_id \
         LEFT JOIN measures m ON m.id = mv.measure_id{} ORDER BY r.started_at, r.id",
        where_sql(&clauses)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut sink = CsvSink::<RunCsvRow, W>::new(out)?;
    while let Some(r) = rows.next()? {
        let total: i64 = r.get(9)?;
        let compliant: i64 = r.get(10)?;
        let excluded: i64 = r.get(14)?;
        sink.write(&RunCsvRow {
            run_id: r.get(0)?,
            measure_name: r.get(1)?,
            measure_version: r.get(2)?,
            scope_type: r.get(3)?,
            trigger_type: r.get(4)?,
            status: r.get(5)?,
            started_at: r.get(6)?,
            completed_at: r.get(7)?,
            duration_ms: r.get(8)?,
            total_evaluated: total,
            compliant,
            due_soon: r.get(11)?,
            overdue: r.get(12)?,
            missing_data: r.get(13)?,
            excluded,
            pass_rate: RunCsvRow::compute_pass_rate(compliant, total, excluded),
            data_fresh_as_of: r.get(15)?,
        })?;
    }
    sink.finish()
}

/// Writes the outcomes CSV (contract columns) to `out`, in insertion order; the explainer
/// columns come from `evidence_json.why_flagged`. Dry-run outcomes are left out unless the
/// filter asks for them or names the run. Returns the number of rows.
pub fn export_outcomes<W: Write>(
    conn: &Connection,
    filter: &OutcomeExportFilter,
    out: W,
) -> Result<u64> {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    if let Some(r) = filter.run_id {
        clauses.push("o.run_id = ?#".to_string());
        params.push(SqlValue::Text(r.to_string()));
    }
    if let Some(v) = filter.measure_version_id {
        clauses.push("o.measure_version_id = ?#".to_string());
        params.push(SqlValue::Text(v.to_string()));
    }
    if let Some(s) = filter.status {
        clauses.push("o.status = ?#".to_string());
        params.push(SqlValue::Text(s.as_str().into()));
    }
    if let Some(site) = &filter.site {
        clauses.push("e.site = ?#".to_string());
        params.push(SqlValue::Text(site.clone()));
    }
    if filter.run_id.is_none() && !filter.include_dry_runs {
        clauses.push("o.run_id IN (SELECT id FROM runs WHERE dry_run = 0)".to_string());
    }
    let sql = format!(
        "SELECT o.id, o.run_id, e.external_id, e.name, e.role, e.site, m.name, mv.version, \
         o.evaluation_period, o.status, \
         json_extract(o.evidence_json, '$.why_flagged.last_exam_date'), \
         json_extract(o.evidence_json, '$.why_flagged.compliance_window_days'), \
         json_extract(o.evidence_json, '$.why_flagged.days_overdue'), \
         json_extract(o.evidence_json, '$.why_flagged.role_eligible'), \
         json_extract(o.evidence_json, '$.why_flagged.site_eligible'), \
         json_extract(o.evidence_json, '$.why_flagged.waiver_status'), \
         o.evaluated_at \
         FROM outcomes o JOIN employees e ON e.id = o.employee_id \
         JOIN measure_versions mv ON mv.id = o.measure_version_id \
         JOIN measures m ON m.id = mv.measure_id{} ORDER BY o.rowid",
        where_sql(&clauses)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut sink = CsvSink::<OutcomeCsvRow, W>::new(out)?;
    while let Some(r) = rows.next()? {
        let flag = |i: usize| -> rusqlite::Result<Option<bool>> {
            Ok(r.get::<_, Option<i64>>(i)?.map(|v| v != 0))
        };
        sink.write(&OutcomeCsvRow {
            outcome_id: r.get(0)?,
            run_id: r.get(1)?,
            employee_external_id: r.get(2)?,
            employee_name: r.get(3)?,
            role: r.get(4)?,
            site: r.get(5)?,
            measure_name: r.get(6)?,
            measure_version: r.get(7)?,
            evaluation_period: r.get(8)?,
            status: r.get(9)?,
            last_exam_date: r.get(10)?,
            compliance_window_days: r.get(11)?,
            days_overdue: r.get(12)?,
            role_eligible: flag(13)?,
            site_eligible: flag(14)?,
            waiver_status: r.get(15)?,
            evaluated_at: r.get(16)?,
        })?;
    }
    sink.finish()
}

/// Writes the cases CSV (contract columns) for the cases matching `filter`, in list order
/// (the same filters as the case list). Returns the number of rows.
pub fn export_cases<W: Write>(conn: &Connection, filter: &CaseFilter, out: W) -> Result<u64> {
    let mut sink = CsvSink::<CaseCsvRow, W>::new(out)?;
    for_each_case(conn, filter, |c| {
        sink.write(&CaseCsvRow {
            case_id: c.id.to_string(),
            employee_external_id: c.employee_external_id,
            employee_name: c.employee_name,
            role: c.role,
            site: c.site,
            measure_name: c.measure_name,
            measure_version: c.measure_version,
            evaluation_period: c.evaluation_period,
            status: c.status.as_str().to_string(),
            priority: c.priority.as_str().to_string(),
            assignee: c.assignee,
            current_outcome_status: c.current_outcome_status.as_str().to_string(),
            next_action: c.next_action,
            last_run_id: c.last_run_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
            closed_at: c.closed_at,
            latest_outreach_delivery_status: c
                .latest_outreach_delivery_status
                .map(|s| s.as_str().to_string()),
        })
    })?;
    sink.finish()
}

/// Writes the audit-events CSV (timestamp, eventType, entity, caseId, runId, measure,
/// employee, actor, payload) for the events matching `filter`, in ledger order, one row at a
/// time. `measure` is "name version" of the referenced measure version (or the case's);
/// `employee` is the external id of the case's employee (or of the event's EMPLOYEE entity).
/// Returns the number of rows.
pub fn export_audit_events<W: Write>(
    conn: &Connection,
    filter: &AuditFilter,
    out: W,
) -> Result<u64> {
    let (where_sql, params) = crate::audit::where_clause(filter);
    let sql = format!(
        "SELECT a.occurred_at, a.event_type, a.entity_type, a.entity_id, a.ref_case_id, \
         a.ref_run_id, m.name, mv.version, COALESCE(e.external_id, ee.external_id), a.actor, \
         a.payload_json \
         FROM audit_events a \
         LEFT JOIN cases c ON c.id = a.ref_case_id \
         LEFT JOIN measure_versions mv ON mv.id = COALESCE(a.ref_measure_version_id, c.measure_version_id) \
         LEFT JOIN measures m ON m.id = mv.measure_id \
         LEFT JOIN employees e ON e.id = c.employee_id \
         LEFT JOIN employees ee ON a.entity_type = 'EMPLOYEE' AND ee.id = a.entity_id\
         {where_sql} ORDER BY a.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut sink = CsvSink::<AuditEventCsvRow, W>::new(out)?;
    while let Some(r) = rows.next()? {
        let entity_type: String = r.get(2)?;
        let entity_id: Option<String> = r.get(3)?;
        let measure_name: Option<String> = r.get(6)?;
        let version: Option<String> = r.get(7)?;
        sink.write(&AuditEventCsvRow {
            timestamp: r.get(0)?,
            event_type: r.get(1)?,
            entity: match entity_id {
                Some(id) => format!("{entity_type}:{id}"),
                None => entity_type,
            },
            case_id: r.get(4)?,
            run_id: r.get(5)?,
            measure: match (measure_name, version) {
                (Some(n), Some(v)) => Some(format!("{n} {v}")),
                (Some(n), None) => Some(n),
                _ => None,
            },
            employee: r.get(8)?,
            actor: r.get(9)?,
            payload: r.get(10)?,
        })?;
    }
    sink.finish()
}
