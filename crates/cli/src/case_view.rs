//! The text view of `workwell cases show ID` (QA F5): the case at a glance, why it is
//! flagged (the evidence's facts and define results) and its timeline, for a safety officer
//! reading a terminal. `--json` prints the engine's [`CaseDetail`] unchanged for scripts.

use serde_json::Value;
use std::fmt::Write as _;
use ww_casework::cases::CaseDetail;

/// Renders `d` as text. `evidence_version` is the label of the measure version the evidence
/// was evaluated with when it is not the case's own (a case carried over at activation whose
/// new version has not run yet).
pub fn render(d: &CaseDetail, evidence_version: Option<&str>) -> String {
    let mut out = String::new();
    summary(&mut out, d);
    why_flagged(&mut out, d, evidence_version);
    timeline(&mut out, d);
    deliveries(&mut out, d);
    out
}

/// Appends one `label: value` line with the labels aligned.
fn line(out: &mut String, label: &str, value: impl std::fmt::Display) {
    aligned(out, label, 13, value);
}

/// Appends `  label:` padded to `width` characters of label, then the value.
fn aligned(out: &mut String, label: &str, width: usize, value: impl std::fmt::Display) {
    let _ = writeln!(out, "  {:<w$} {value}", format!("{label}:"), w = width + 1);
}

fn summary(out: &mut String, d: &CaseDetail) {
    let s = &d.summary;
    let c = &d.case;
    let _ = writeln!(out, "Case {}", c.id);
    line(
        out,
        "Status",
        format!(
            "{} / priority {} / {}",
            c.status.as_str(),
            c.priority.as_str(),
            c.assignee
                .as_deref()
                .map_or("unassigned".to_owned(), |a| format!("assigned to {a}"))
        ),
    );
    let place: Vec<&str> = [s.role.as_deref(), s.site.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    line(
        out,
        "Employee",
        format!(
            "{} {}{}",
            s.employee_external_id,
            s.employee_name,
            if place.is_empty() {
                String::new()
            } else {
                format!(" ({})", place.join(", "))
            }
        ),
    );
    line(
        out,
        "Measure",
        format!(
            "{} version {}, cycle {}",
            s.measure_name, s.measure_version, c.evaluation_period
        ),
    );
    line(out, "Outcome", c.current_outcome_status.as_str());
    if let Some(next) = c.next_action.as_ref().filter(|_| c.closed_at.is_none()) {
        line(out, "Next action", next);
    }
    line(out, "Last run", c.last_run_id);
    line(
        out,
        "Opened",
        format!("{} (updated {})", c.created_at, c.updated_at),
    );
    if let Some(at) = &c.closed_at {
        line(
            out,
            "Closed",
            format!(
                "{at} by {}{}",
                c.closed_by.as_deref().unwrap_or("?"),
                c.closed_reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ),
        );
    }
}

fn why_flagged(out: &mut String, d: &CaseDetail, evidence_version: Option<&str>) {
    out.push_str("\nWhy flagged\n");
    let (Some(e), Some(src)) = (&d.latest_evidence, &d.evidence_source) else {
        out.push_str("  no evaluation of this case's employee and cycle is recorded\n");
        return;
    };
    let _ = writeln!(
        out,
        "  from run {} (evaluated {}{})",
        src.run_id,
        src.evaluated_at,
        evidence_version
            .map(|v| format!(", measure version {v}"))
            .unwrap_or_default()
    );
    if let Some(err) = e.get("evaluationError") {
        let _ = writeln!(
            out,
            "  evaluation failed: {} {}",
            scalar(err),
            e.get("message").map(scalar).unwrap_or_default()
        );
    }
    if let Some(facts) = e.get("why_flagged").and_then(Value::as_object) {
        let width = facts.keys().map(String::len).max().unwrap_or(0);
        for (k, v) in facts {
            aligned(out, &k.replace('_', " "), width, scalar(v));
        }
    }
    if let Some(p) = e
        .get("evaluatedResource")
        .and_then(|r| r.get("measurementPeriod"))
    {
        let _ = writeln!(
            out,
            "  measurement period {} to {}",
            p.get("start").map(scalar).unwrap_or_default(),
            p.get("end").map(scalar).unwrap_or_default()
        );
    }
    if let Some(defines) = e.get("expressionResults").and_then(Value::as_array) {
        out.push_str("  CQL define results:\n");
        for item in defines {
            let _ = writeln!(
                out,
                "    {} = {}",
                item.get("define").map(scalar).unwrap_or_default(),
                item.get("result").map(scalar).unwrap_or("null".into())
            );
        }
    }
}

fn timeline(out: &mut String, d: &CaseDetail) {
    let _ = writeln!(
        out,
        "\nTimeline ({} action(s), oldest first)",
        d.timeline.len()
    );
    for a in &d.timeline {
        let detail = a.payload.as_ref().map(payload_summary).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  {:<26} {}{}",
            a.performed_at,
            a.action_type,
            a.performed_by.as_deref().unwrap_or("?"),
            if detail.is_empty() {
                String::new()
            } else {
                format!(": {detail}")
            }
        );
    }
}

fn deliveries(out: &mut String, d: &CaseDetail) {
    if d.deliveries.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nOutreach ({}, newest first; the id is what `cases delivery` takes)",
        d.deliveries.len()
    );
    for x in &d.deliveries {
        let _ = writeln!(
            out,
            "  {}  {} {} via {} to {}: \"{}\"{}",
            x.sent_at,
            x.id,
            x.status.as_str(),
            x.provider.as_str(),
            x.to_address,
            x.subject,
            x.error_detail
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        );
    }
}

/// A JSON value as plain text: strings unquoted, null as `none`.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        other => other.to_string(),
    }
}

/// One line about an action: its summary (outreach: what happened to the email, QA G10) or
/// note when it has one, else its non-empty scalar fields.
fn payload_summary(p: &Value) -> String {
    if let Some(text) = p
        .get("summary")
        .or_else(|| p.get("note"))
        .and_then(Value::as_str)
    {
        return text.to_owned();
    }
    match p.as_object() {
        Some(o) => o
            .iter()
            .filter(|(_, v)| !v.is_null() && !v.is_object() && !v.is_array())
            .map(|(k, v)| format!("{k} {}", scalar(v)))
            .collect::<Vec<_>>()
            .join(", "),
        None => scalar(p),
    }
}

#[cfg(test)]
mod tests {
    use super::payload_summary;
    use serde_json::json;

    #[test]
    fn payload_summaries() {
        for (payload, expected) in [
            (
                json!({"note": "called, left message"}),
                "called, left message",
            ),
            (
                json!({"assignee": "nurse.kim", "previousAssignee": null}),
                "assignee nurse.kim",
            ),
            (
                json!({"fromPriority": "HIGH", "toPriority": "CRITICAL", "reason": null}),
                "fromPriority HIGH, toPriority CRITICAL",
            ),
            (
                json!({"resolved": false, "runId": "r1"}),
                "resolved false, runId r1",
            ),
        ] {
            assert_eq!(payload_summary(&payload), expected, "{payload}");
        }
    }
}
