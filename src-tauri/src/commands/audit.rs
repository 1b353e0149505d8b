//! The audit ledger: listing and chain verification (ww-casework).

use crate::dto::AuditEventRow;
use crate::dto_audit::{LedgerCheck, VerifyProblem};
use crate::error::Result;
use crate::state::App;
use tauri::State;
use ww_casework::audit::AuditFilter;

/// Largest page of events.
pub const MAX_EVENTS: u32 = 1000;

/// `list_audit_events`: events newest first, optionally of one type, one page.
#[tauri::command(async)]
pub fn list_audit_events(
    app: State<'_, App>,
    event_type: Option<String>,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEventRow>> {
    events(&app, event_type, offset, limit)
}

/// The body of [`list_audit_events`].
pub fn events(
    app: &App,
    event_type: Option<String>,
    offset: u64,
    limit: u32,
) -> Result<Vec<AuditEventRow>> {
    let filter = AuditFilter {
        event_types: event_type.into_iter().filter(|t| !t.is_empty()).collect(),
        ..AuditFilter::default()
    };
    let rows = app.read_with(|conn| {
        ww_casework::audit::list_events(conn, &filter, offset, limit.min(MAX_EVENTS))
    })?;
    Ok(rows.into_iter().map(AuditEventRow::from).collect())
}

/// `verify_audit_chain`: what `workwell audit verify` checks (QA3 H3): every hash and link of
/// the chain, the case rows against their ledger history and the approved rules' hashes.
#[tauri::command(async)]
pub fn verify_audit_chain(app: State<'_, App>) -> Result<LedgerCheck> {
    verify(&app)
}

/// The body of [`verify_audit_chain`]: one read of the chain, cases and rules.
pub fn verify(app: &App) -> Result<LedgerCheck> {
    let (ledger, rules) = app.read_with(|conn| -> Result<_> {
        let ledger = ww_casework::audit::verify_ledger(conn)?;
        let rules = ww_governance::rule_integrity::verify_rules(conn)?;
        Ok((ledger, rules))
    })?;
    Ok(ledger_check(&ledger, &rules))
}

/// Turns the casework and governance reports into the window's verdict and problem list.
pub fn ledger_check(
    ledger: &ww_casework::audit::LedgerVerification,
    rules: &[ww_governance::rule_integrity::RuleCheck],
) -> LedgerCheck {
    use ww_governance::rule_integrity::{FixtureState, RuleState};
    let mut problems = Vec::new();
    if let Some(b) = &ledger.chain.first_break {
        problems.push(VerifyProblem {
            kind: "CHAIN".into(),
            entity_type: "AUDIT_EVENT".into(),
            entity_id: b.event_id.to_string(),
            entity_label: format!("event {}", b.event_id),
            message: format!(
                "the chain is broken here: {} ({} events verified before it)",
                b.reason, ledger.chain.checked
            ),
            fails: true,
        });
    }
    for d in &ledger.cases.discrepancies {
        problems.push(VerifyProblem {
            kind: "CASE".into(),
            entity_type: "CASE".into(),
            entity_id: d.case_id.clone(),
            entity_label: format!("case {}", d.case_id),
            message: format!(
                "{}: the row says {}, the ledger says {} (the case row was changed outside \
                 WorkWell)",
                d.field.as_str(),
                d.row_value,
                d.ledger_value
            ),
            fails: true,
        });
    }
    let mut notes = Vec::new();
    for r in rules {
        let entity_label = format!("{} version {}", r.measure_name, r.version);
        if r.state == RuleState::Drift {
            problems.push(VerifyProblem {
                kind: "RULE_DRIFT".into(),
                entity_type: "MEASURE_VERSION".into(),
                entity_id: r.version_id.to_string(),
                entity_label: entity_label.clone(),
                message: format!("{} (runs refuse it until it is restored)", r.detail),
                fails: true,
            });
        }
        if r.fixtures == FixtureState::Changed {
            notes.push(VerifyProblem {
                kind: "FIXTURES_CHANGED".into(),
                entity_type: "MEASURE_VERSION".into(),
                entity_id: r.version_id.to_string(),
                entity_label,
                message: format!(
                    "test fixtures changed since the approval: {}",
                    r.fixtures_detail
                ),
                fails: false,
            });
        }
    }
    let intact = problems.is_empty();
    problems.extend(notes);
    LedgerCheck {
        checked: ledger.chain.checked,
        cases_checked: ledger.cases.cases_checked,
        rules_checked: rules.len() as u64,
        intact,
        problems,
    }
}
