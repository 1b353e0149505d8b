//! Types that cross between Rust and the value-set, mapping and Admin screens (issue 7:
//! "Value sets and terminology mappings", "Admin"). Outgoing types derive `Serialize`,
//! requests derive `Deserialize`; all derive `ts_rs::TS` and are generated into
//! `ui/src/bindings.ts` (see [`crate::bindings`]). Field names are camelCase on the wire.
//!
//! What a screen may do with a row is decided here, in Rust: a mapping carries the review
//! actions its status allows ([`MappingItem::allowed_actions`]), a waiver whether it is in
//! force today and whether it can be revoked.

use crate::dto::{CodeRow, ValueSetRow};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A measure version linked to a value set (or to either side of a diff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkedVersionRow {
    /// Measure id (UUID text).
    pub measure_id: String,
    /// Measure name, for display.
    pub measure_name: String,
    /// Measure version id (UUID text).
    pub measure_version_id: String,
    /// Version label, e.g. `1.0`.
    pub version: String,
    /// Lifecycle status: DRAFT, APPROVED, ACTIVE or DEPRECATED.
    pub status: String,
    /// In a diff: which side links it (`old`, `new` or `both`); `linked` in a detail view.
    pub links: String,
}

/// One value set in full: identity, resolution, codes and the measure versions using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValueSetDetail {
    /// The list row (identity, status, hash, code systems, codes).
    pub value_set: ValueSetRow,
    /// Why resolution failed (status ERROR), e.g. `line 4: no code`.
    pub resolution_error: Option<String>,
    /// Where it came from: `WorkWell demo seed`, a file name, ...
    pub source: Option<String>,
    /// When the expansion was last resolved, UTC ISO-8601.
    pub last_resolved_at: Option<String>,
    /// Measure versions linked to it.
    pub linked_versions: Vec<LinkedVersionRow>,
}

/// `import_value_set`'s request: a file chosen in the dialog and the identity fields that
/// override the file's (a CSV carries none, so it needs an OID and a name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValueSetImportRequest {
    /// Absolute path of a `.json` (FHIR ValueSet) or `.csv` (`system,code[,display]`) file.
    pub path: String,
    /// OID, e.g. `2.16.840.1.113883.3.464.1003.110.12.1082`.
    pub oid: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Version label.
    pub version: Option<String>,
    /// Canonical URL the CQL `valueset` declarations use.
    pub canonical_url: Option<String>,
}

/// What a value-set import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValueSetImportDto {
    /// `FHIR_JSON` or `CSV`: how the file was read (decided from its extension).
    pub format: String,
    /// The stored value set.
    pub value_set: ValueSetRow,
    /// True for a new row, false when the (oid, version) row was replaced.
    pub created: bool,
    /// True when the expansion hash changed (always true for a new row).
    pub codes_changed: bool,
}

/// The difference between two value sets: codes added and removed, measures affected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValueSetDiffDto {
    /// The older value set's id.
    pub old_id: String,
    /// The newer value set's id.
    pub new_id: String,
    /// Codes in the newer set only, sorted by (system, code).
    pub added: Vec<CodeRow>,
    /// Codes in the older set only, sorted by (system, code).
    pub removed: Vec<CodeRow>,
    /// Number of codes in both.
    pub unchanged: u32,
    /// Measure versions linked to either side.
    pub affected: Vec<LinkedVersionRow>,
}

/// One terminology mapping with the review actions its status allows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappingItem {
    /// Mapping id (UUID text).
    pub id: String,
    /// Local code system URI.
    pub local_system: String,
    /// Local code.
    pub local_code: String,
    /// Local display.
    pub local_display: Option<String>,
    /// Standard code system URI.
    pub standard_system: String,
    /// Standard code.
    pub standard_code: String,
    /// Standard display.
    pub standard_display: Option<String>,
    /// PROPOSED, REVIEWED, APPROVED or REJECTED.
    pub status: String,
    /// Confidence from 0 to 1.
    pub confidence: Option<f64>,
    /// Who reviewed, approved or rejected it last.
    pub reviewed_by: Option<String>,
    /// When, UTC ISO-8601.
    pub reviewed_at: Option<String>,
    /// Notes, one line per reviewer remark.
    pub notes: Option<String>,
    /// The decisions the workflow allows from this status, among REVIEW, APPROVE, REJECT
    /// (ww-governance `mapping_flow::transition`). Empty for APPROVED and REJECTED.
    pub allowed_actions: Vec<String>,
}

/// `propose_mapping`'s request: a local code and the standard code it stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewMappingRequest {
    /// Local code system URI.
    pub local_system: String,
    /// Local code.
    pub local_code: String,
    /// Local display.
    pub local_display: Option<String>,
    /// Standard code system URI.
    pub standard_system: String,
    /// Standard code.
    pub standard_code: String,
    /// Standard display.
    pub standard_display: Option<String>,
    /// Confidence from 0 to 1, as typed (parsed and checked in Rust).
    pub confidence: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// `decide_mapping`'s request: one review decision with its details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappingDecisionRequest {
    /// REVIEW, APPROVE or REJECT.
    pub decision: String,
    /// Confidence from 0 to 1, as typed (kept when absent; parsed and checked in Rust).
    pub confidence: Option<String>,
    /// Notes (required to reject).
    pub notes: Option<String>,
}

/// Resources of one type in a FHIR import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeCount {
    /// FHIR resource type, e.g. `Immunization`.
    pub resource_type: String,
    /// New resources.
    #[ts(type = "number")]
    pub inserted: u64,
    /// Resources replaced (same type and id imported again).
    #[ts(type = "number")]
    pub updated: u64,
}

/// What a FHIR import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FhirImportDto {
    /// Per resource type, by type name.
    pub counts: Vec<ResourceTypeCount>,
    /// Resources read.
    #[ts(type = "number")]
    pub total: u64,
    /// Patients that became employees awaiting roster data.
    #[ts(type = "number")]
    pub employees_created: u64,
}

/// What a roster import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RosterImportDto {
    /// Rows read.
    #[ts(type = "number")]
    pub rows: u64,
    /// New employees.
    #[ts(type = "number")]
    pub inserted: u64,
    /// Existing employees updated by external id.
    #[ts(type = "number")]
    pub updated: u64,
    /// Employees found by FHIR patient id that took the roster's external id.
    #[ts(type = "number")]
    pub linked: u64,
    /// `FILE:LINE: ...` warnings of the checked import (QA G25 / QA3 H8), e.g. a role that
    /// differs from an ACTIVE measure's eligible role only in letter case; the rows were
    /// imported as written.
    pub warnings: Vec<String>,
}

/// An outreach template (a database row or a built-in default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRow {
    /// Row id, or the name for a built-in (what `preview_template` takes).
    pub key: String,
    /// Whether this is a built-in default (used while no template row is active).
    pub builtin: bool,
    /// Name shown in the picker.
    pub name: String,
    /// Subject with placeholders such as `{{employeeName}}`.
    pub subject: String,
    /// Plain-text body with placeholders.
    pub body_text: String,
    /// The measure it is written for, by name; None = any measure.
    pub measure_name: Option<String>,
}

/// A template rendered with sample values, as a message would read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePreviewDto {
    /// Template name.
    pub template_name: String,
    /// Rendered subject.
    pub subject: String,
    /// Rendered body.
    pub body_text: String,
    /// The sample values used, in a sentence.
    pub sample: String,
}

/// One row of the outreach delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryLogRow {
    /// Delivery id.
    pub id: String,
    /// The case it belongs to.
    pub case_id: String,
    /// Employee external id.
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Measure name.
    pub measure_name: String,
    /// Recipient address.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// `simulated` or `sendgrid`.
    pub provider: String,
    /// SIMULATED, SENT or FAILED.
    pub status: String,
    /// When it was sent, UTC ISO-8601.
    pub sent_at: String,
    /// Why it failed.
    pub error_detail: Option<String>,
}

/// One waiver with the employee and measure it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WaiverRow {
    /// Waiver id.
    pub id: String,
    /// Employee external id.
    pub employee_external_id: String,
    /// Employee name.
    pub employee_name: String,
    /// Measure id.
    pub measure_id: String,
    /// Measure name.
    pub measure_name: String,
    /// Why it was granted.
    pub reason: String,
    /// Who granted it.
    pub granted_by: String,
    /// When, UTC ISO-8601.
    pub granted_at: String,
    /// First day it applies (YYYY-MM-DD); None = from the grant.
    pub starts_on: Option<String>,
    /// Last day it applies (YYYY-MM-DD); None = until revoked.
    pub expires_on: Option<String>,
    /// When the revocation was recorded, UTC ISO-8601.
    pub revoked_at: Option<String>,
    /// The first day it no longer applies (YYYY-MM-DD, org zone); it keeps applying before.
    pub revoked_on: Option<String>,
    /// Who revoked it.
    pub revoked_by: Option<String>,
    /// Why.
    pub revoke_reason: Option<String>,
    /// Its state today in the organisation's zone (`ww_governance::waivers::state_on`):
    /// ACTIVE, EXPIRED, REVOKED or FUTURE (starts later).
    pub state: String,
    /// Whether `revoke_waiver` accepts it (not revoked yet).
    pub can_revoke: bool,
}

/// What `grant_waiver` did: the stored waiver and the warnings the grant raised (e.g. the
/// employee is outside the measure's eligible roles, so the waiver changes nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GrantWaiverDto {
    /// The waiver as the list shows it.
    pub waiver: WaiverRow,
    /// Sentences for the user; the waiver was stored anyway.
    pub warnings: Vec<String>,
}

/// `grant_waiver`'s request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GrantWaiverRequest {
    /// The employee's external id (as the roster has it).
    pub employee_external_id: String,
    /// Measure id (UUID text).
    pub measure_id: String,
    /// Why (required).
    pub reason: String,
    /// First day it applies, YYYY-MM-DD (None = today).
    pub starts_on: Option<String>,
    /// Last day it applies, YYYY-MM-DD (None = until revoked).
    pub expires_on: Option<String>,
}

/// The settings the Admin screen edits. The SendGrid key is never sent back: only whether
/// one is configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    /// The acting user recorded in audit events (`user_name`).
    pub user_name: String,
    /// The organisation's IANA time zone (`org_time_zone`).
    pub org_time_zone: String,
    /// `simulated` or `sendgrid` (`email_provider`).
    pub email_provider: String,
    /// The sender address (`email_from`).
    pub email_from: String,
    /// Whether a SendGrid API key is stored.
    pub sendgrid_key_stored: bool,
    /// Whether `WORKWELL_SENDGRID_API_KEY` overrides the stored key.
    pub sendgrid_key_from_env: bool,
    /// The providers `email_provider` accepts.
    pub providers: Vec<String>,
}

/// `save_settings`'s request: each field given is validated and saved; absent ones are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsUpdate {
    /// New acting user name.
    pub user_name: Option<String>,
    /// New IANA time zone, e.g. `Europe/Berlin`.
    pub org_time_zone: Option<String>,
    /// `simulated` or `sendgrid`.
    pub email_provider: Option<String>,
    /// New sender address.
    pub email_from: Option<String>,
    /// New SendGrid API key (write-only; an empty text removes the stored key).
    pub sendgrid_api_key: Option<String>,
}

/// A field the settings form must fix, with the message to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The request field, e.g. `orgTimeZone`.
    pub field: String,
    /// What is wrong, for a person.
    pub message: String,
}

/// What `save_settings` did: all fields saved in one transaction, or none and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsSaveResult {
    /// Whether anything was written (false when a field was refused).
    pub saved: bool,
    /// Keys whose value changed.
    pub changed: Vec<String>,
    /// The refused fields (nothing is saved when there is one).
    pub errors: Vec<FieldError>,
    /// The settings after the call.
    pub settings: SettingsDto,
}

/// What a demo reset did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoResetDto {
    /// The database file (the same path, now a fresh demo database).
    pub database: String,
    /// Where the old file was kept.
    pub archived_to: Option<String>,
    /// Demo employees created.
    pub employees: u32,
    /// FHIR resources created.
    pub resources: u32,
    /// Test fixtures loaded.
    pub fixtures: u32,
}
