//! The four export row shapes, one field per contract column, in the contract's order.

use super::{CellWriter, CsvRecord};
use crate::Result;
use serde::Serialize;

/// Columns of `workwell export runs` (contract "CSV export columns", runs).
pub const RUNS_COLUMNS: [&str; 17] = [
    "runId",
    "measureName",
    "measureVersion",
    "scopeType",
    "triggerType",
    "status",
    "startedAt",
    "completedAt",
    "durationMs",
    "totalEvaluated",
    "compliant",
    "dueSoon",
    "overdue",
    "missingData",
    "excluded",
    "passRate",
    "dataFreshAsOf",
];

/// Columns of `workwell export outcomes` (contract "CSV export columns", outcomes).
pub const OUTCOMES_COLUMNS: [&str; 17] = [
    "outcomeId",
    "runId",
    "employeeExternalId",
    "employeeName",
    "role",
    "site",
    "measureName",
    "measureVersion",
    "evaluationPeriod",
    "status",
    "lastExamDate",
    "complianceWindowDays",
    "daysOverdue",
    "roleEligible",
    "siteEligible",
    "waiverStatus",
    "evaluatedAt",
];

/// Columns of `workwell export cases` (contract "CSV export columns", cases).
pub const CASES_COLUMNS: [&str; 18] = [
    "caseId",
    "employeeExternalId",
    "employeeName",
    "role",
    "site",
    "measureName",
    "measureVersion",
    "evaluationPeriod",
    "status",
    "priority",
    "assignee",
    "currentOutcomeStatus",
    "nextAction",
    "lastRunId",
    "createdAt",
    "updatedAt",
    "closedAt",
    "latestOutreachDeliveryStatus",
];

/// Columns of `workwell export audit-events` (issue 5: timestamp, eventType, entity, caseId,
/// runId, measure, employee, actor, payload).
pub const AUDIT_EVENTS_COLUMNS: [&str; 9] = [
    "timestamp",
    "eventType",
    "entity",
    "caseId",
    "runId",
    "measure",
    "employee",
    "actor",
    "payload",
];

/// One run with its outcome counts.
///
/// `pass_rate` is the percentage (0-100, one decimal) of COMPLIANT among the outcomes that are
/// not EXCLUDED; `None` when no such outcome exists. `data_fresh_as_of` is the run's as-of
/// instant (the end of its measurement period): the data the run judged was current then.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunCsvRow {
    /// Run id (UUID text).
    pub run_id: String,
    /// Measure name, empty for all-programs runs.
    pub measure_name: String,
    /// Measure version label (e.g. `v1.0`), empty for all-programs runs.
    pub measure_version: String,
    /// ALL_PROGRAMS | MEASURE | SITE | EMPLOYEE | CASE.
    pub scope_type: String,
    /// MANUAL | SCHEDULED | RERUN.
    pub trigger_type: String,
    /// Run status.
    pub status: String,
    /// ISO-8601 UTC start.
    pub started_at: String,
    /// ISO-8601 UTC end, if finished.
    pub completed_at: Option<String>,
    /// Wall-clock duration in milliseconds, if finished.
    pub duration_ms: Option<i64>,
    /// Outcomes written.
    pub total_evaluated: i64,
    /// COMPLIANT outcomes.
    pub compliant: i64,
    /// DUE_SOON outcomes.
    pub due_soon: i64,
    /// OVERDUE outcomes.
    pub overdue: i64,
    /// MISSING_DATA outcomes.
    pub missing_data: i64,
    /// EXCLUDED outcomes.
    pub excluded: i64,
    /// Percent compliant among non-excluded outcomes.
    pub pass_rate: Option<f64>,
    /// As-of instant of the run.
    pub data_fresh_as_of: String,
}

impl RunCsvRow {
    /// Pass rate in percent from the counts: COMPLIANT / (total - EXCLUDED), `None` if zero.
    pub fn compute_pass_rate(compliant: i64, total: i64, excluded: i64) -> Option<f64> {
        let denominator = total - excluded;
        (denominator > 0).then(|| compliant as f64 * 100.0 / denominator as f64)
    }
}

impl CsvRecord for RunCsvRow {
    const COLUMNS: &'static [&'static str] = &RUNS_COLUMNS;

    fn write_cells(&self, out: &mut CellWriter<'_>) -> Result<()> {
        out.text(&self.run_id)?;
        out.text(&self.measure_name)?;
        out.text(&self.measure_version)?;
        out.text(&self.scope_type)?;
        out.text(&self.trigger_type)?;
        out.text(&self.status)?;
        out.text(&self.started_at)?;
        out.opt_text(self.completed_at.as_deref())?;
        out.int(self.duration_ms)?;
        out.int(Some(self.total_evaluated))?;
        out.int(Some(self.compliant))?;
        out.int(Some(self.due_soon))?;
        out.int(Some(self.overdue))?;
        out.int(Some(self.missing_data))?;
        out.int(Some(self.excluded))?;
        out.decimal1(self.pass_rate)?;
        out.text(&self.data_fresh_as_of)
    }
}

/// One outcome with its employee, measure and the `why_flagged` explainer fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCsvRow {
    /// Outcome id.
    pub outcome_id: String,
    /// Run that wrote it.
    pub run_id: String,
    /// Employee external id (roster key).
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Employee role.
    pub role: Option<String>,
    /// Employee site.
    pub site: Option<String>,
    /// Measure name.
    pub measure_name: String,
    /// Measure version label.
    pub measure_version: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// Outcome status.
    pub status: String,
    /// `why_flagged.last_exam_date` (calendar date), empty when null.
    pub last_exam_date: Option<String>,
    /// `why_flagged.compliance_window_days`.
    pub compliance_window_days: Option<i64>,
    /// `why_flagged.days_overdue`, empty when null.
    pub days_overdue: Option<i64>,
    /// `why_flagged.role_eligible`.
    pub role_eligible: Option<bool>,
    /// `why_flagged.site_eligible`.
    pub site_eligible: Option<bool>,
    /// `why_flagged.waiver_status`.
    pub waiver_status: Option<String>,
    /// ISO-8601 UTC evaluation instant.
    pub evaluated_at: String,
}

impl CsvRecord for OutcomeCsvRow {
    const COLUMNS: &'static [&'static str] = &OUTCOMES_COLUMNS;

    fn write_cells(&self, out: &mut CellWriter<'_>) -> Result<()> {
        out.text(&self.outcome_id)?;
        out.text(&self.run_id)?;
        out.text(&self.employee_external_id)?;
        out.text(&self.employee_name)?;
        out.opt_text(self.role.as_deref())?;
        out.opt_text(self.site.as_deref())?;
        out.text(&self.measure_name)?;
        out.text(&self.measure_version)?;
        out.text(&self.evaluation_period)?;
        out.text(&self.status)?;
        out.opt_text(self.last_exam_date.as_deref())?;
        out.int(self.compliance_window_days)?;
        out.int(self.days_overdue)?;
        out.boolean(self.role_eligible)?;
        out.boolean(self.site_eligible)?;
        out.opt_text(self.waiver_status.as_deref())?;
        out.text(&self.evaluated_at)
    }
}

/// One case with its employee, measure and the status of its newest outreach attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseCsvRow {
    /// Case id.
    pub case_id: String,
    /// Employee external id.
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Employee role.
    pub role: Option<String>,
    /// Employee site.
    pub site: Option<String>,
    /// Measure name.
    pub measure_name: String,
    /// Measure version label.
    pub measure_version: String,
    /// Compliance cycle label.
    pub evaluation_period: String,
    /// OPEN | IN_PROGRESS | RESOLVED | CLOSED | EXCLUDED.
    pub status: String,
    /// HIGH | MEDIUM | LOW.
    pub priority: String,
    /// Assignee, empty when unassigned.
    pub assignee: Option<String>,
    /// Outcome status of the last evaluation.
    pub current_outcome_status: String,
    /// Next action sentence.
    pub next_action: Option<String>,
    /// Last run that touched the case.
    pub last_run_id: String,
    /// ISO-8601 UTC.
    pub created_at: String,
    /// ISO-8601 UTC.
    pub updated_at: String,
    /// ISO-8601 UTC, when terminal.
    pub closed_at: Option<String>,
    /// SIMULATED | SENT | FAILED of the newest outreach attempt, empty when none.
    pub latest_outreach_delivery_status: Option<String>,
}

impl CsvRecord for CaseCsvRow {
    const COLUMNS: &'static [&'static str] = &CASES_COLUMNS;

    fn write_cells(&self, out: &mut CellWriter<'_>) -> Result<()> {
        out.text(&self.case_id)?;
        out.text(&self.employee_external_id)?;
        out.text(&self.employee_name)?;
        out.opt_text(self.role.as_deref())?;
        out.opt_text(self.site.as_deref())?;
        out.text(&self.measure_name)?;
        out.text(&self.measure_version)?;
        out.text(&self.evaluation_period)?;
        out.text(&self.status)?;
        out.text(&self.priority)?;
        out.opt_text(self.assignee.as_deref())?;
        out.text(&self.current_outcome_status)?;
        out.opt_text(self.next_action.as_deref())?;
        out.text(&self.last_run_id)?;
        out.text(&self.created_at)?;
        out.text(&self.updated_at)?;
        out.opt_text(self.closed_at.as_deref())?;
        out.opt_text(self.latest_outreach_delivery_status.as_deref())
    }
}

/// One audit event flattened for a spreadsheet.
///
/// `entity` is `ENTITY_TYPE:entity_id` (or the type alone when the event has no entity id);
/// `measure` is `name version` of the referenced measure version; `employee` is the external
/// id of the case's employee; `payload` is the event's compact JSON payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventCsvRow {
    /// ISO-8601 UTC `occurred_at`.
    pub timestamp: String,
    /// Event type (e.g. CASE_ASSIGNED).
    pub event_type: String,
    /// `ENTITY_TYPE:id`.
    pub entity: String,
    /// Referenced case id.
    pub case_id: Option<String>,
    /// Referenced run id.
    pub run_id: Option<String>,
    /// Referenced measure (name and version).
    pub measure: Option<String>,
    /// Employee external id of the referenced case.
    pub employee: Option<String>,
    /// Who did it.
    pub actor: Option<String>,
    /// Compact JSON payload.
    pub payload: Option<String>,
}

impl CsvRecord for AuditEventCsvRow {
    const COLUMNS: &'static [&'static str] = &AUDIT_EVENTS_COLUMNS;

    fn write_cells(&self, out: &mut CellWriter<'_>) -> Result<()> {
        out.text(&self.timestamp)?;
        out.text(&self.event_type)?;
        out.text(&self.entity)?;
        out.opt_text(self.case_id.as_deref())?;
        out.opt_text(self.run_id.as_deref())?;
        out.opt_text(self.measure.as_deref())?;
        out.opt_text(self.employee.as_deref())?;
        out.opt_text(self.actor.as_deref())?;
        out.opt_text(self.payload.as_deref())
    }
}
