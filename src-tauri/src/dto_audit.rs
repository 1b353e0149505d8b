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
