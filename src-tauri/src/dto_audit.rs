//! Types of the audit log screen's filters and options (generated into `ui/src/bindings.ts`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The audit log's filters; empty fields do not filter. Dates are calendar dates in the
/// organisation's zone; the shell turns them into UTC bounds (`from` inclusive from its
/// local midnight, `to` inclusive through its last millisecond).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// Exact event type, e.g. `CASE_ASSIGNED`.
    pub event_type: Option<String>,
    /// Exact entity type, e.g. `CASE`.
    pub entity_type: Option<String>,
    /// Exact actor, e.g. `local-user` or `SYSTEM`.
    pub actor: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from_date: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to_date: Option<String>,
}

/// The values the filter menus offer (every event and entity type the store knows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditOptions {
    /// Every `event_type`, alphabetical.
    pub event_types: Vec<String>,
    /// Every `entity_type`, alphabetical.
    pub entity_types: Vec<String>,
    /// The organisation's zone the dates are read in.
    pub time_zone: String,
}

/// One problem the window's ledger verification found (QA3 H3), in the words of
/// `workwell audit verify`, with the entity it concerns so the screen can link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyProblem {
    /// `CHAIN` (hash chain break), `CASE` (a case row disagrees with its ledger history),
    /// `RULE_DRIFT` (an approved rule changed since approval) or `FIXTURES_CHANGED` (the
    /// measure's fixtures differ from those the approval ran).
    pub kind: String,
    /// The entity's type: `AUDIT_EVENT`, `CASE` or `MEASURE_VERSION`.
    pub entity_type: String,
    /// The entity's id (event number, case id or measure version id).
    pub entity_id: String,
    /// The entity in words, e.g. "TB Screening version 1.0" or "event 12".
    pub entity_label: String,
    /// What is wrong.
    pub message: String,
    /// True when it makes the verification fail (as `audit verify` exits 1); false for a
    /// note (changed fixtures are normal while a new version is drafted).
    pub fails: bool,
}

/// The result of the window's "Verify chain": everything `workwell audit verify` checks
/// (the hash chain, the case rows against their ledger history, the approved rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerCheck {
    /// Audit events verified (before the first break when the chain is broken).
    #[ts(type = "number")]
    pub checked: u64,
    /// Case rows compared with their ledger history.
    #[ts(type = "number")]
    pub cases_checked: u64,
    /// Approved (non-draft) measure versions whose rule hashes were compared.
    #[ts(type = "number")]
    pub rules_checked: u64,
    /// True when no problem fails the verification.
    pub intact: bool,
    /// Every problem, failing ones first.
    pub problems: Vec<VerifyProblem>,
}
