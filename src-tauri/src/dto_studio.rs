//! Types the measure catalog and the Studio send to and receive from the UI (issue 7,
//! "Measures and Studio"). Each derives `ts_rs::TS`; `ui/src/bindings.ts` is generated from
//! them with the rest (see [`crate::bindings`]).
//!
//! The conversions here are shape changes only: which actions a version allows comes from the
//! lifecycle gates of `ww_governance::lifecycle`, compile diagnostics from the engine's stored
//! `compile_result`, and the spec form is read from and merged back into `spec_json` keeping
//! every key the form does not show.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use ww_governance::lifecycle::{self, VersionStatus};

/// One measure in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogRow {
    /// Measure id (UUID text).
    pub id: String,
    /// Measure name.
    pub name: String,
    /// Program area from the spec (`programArea`) of the ACTIVE version, else the newest.
    pub program: Option<String>,
    /// Regulation or policy reference.
    pub policy_ref: Option<String>,
    /// The OSHA citation (`29 CFR 1910.95`) of the ACTIVE version, else the newest.
    pub osha_citation: Option<String>,
    /// The ACTIVE version's label, if one is ACTIVE.
    pub active_version: Option<String>,
    /// Every version's label and lifecycle status, oldest first.
    pub versions: Vec<CatalogVersion>,
}

/// A version label and its lifecycle status, as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogVersion {
    /// Measure version id (UUID text).
    pub id: String,
    /// Label, e.g. `1.1`.
    pub version: String,
    /// DRAFT, APPROVED, ACTIVE or DEPRECATED.
    pub status: String,
}

/// A lifecycle action the Studio may offer on a version. Which ones apply is decided by the
/// engine's gates (`ww_governance::lifecycle`); the engine still refuses at the action itself
/// when a condition (clean compile, passing fixtures) is not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StudioAction {
    /// Save CQL, spec and value-set links (DRAFT only).
    Edit,
    /// Approve (DRAFT; needs a clean, current compile and passing fixtures).
    Approve,
    /// Activate (APPROVED).
    Activate,
    /// Deprecate with a reason (APPROVED or ACTIVE).
    Deprecate,
}

impl StudioAction {
    /// The actions the lifecycle gates allow for a version in `status`.
    pub fn allowed(status: VersionStatus) -> Vec<StudioAction> {
        let mut out = Vec::new();
        if lifecycle::check_editable(status).is_ok() {
            out.push(StudioAction::Edit);
            out.push(StudioAction::Approve);
        }
        if lifecycle::check_activate(status).is_ok() {
            out.push(StudioAction::Activate);
        }
        if lifecycle::check_deprecate(status, "reason").is_ok() {
            out.push(StudioAction::Deprecate);
        }
        out
    }
}

/// One compile diagnostic with its 1-based position in the version's CQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticDto {
    /// `error` or `warning`.
    pub severity: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// A value set the CQL declares and whether a linked value set provides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeclaredValueSetDto {
    /// The canonical URL or `urn:oid:` the CQL uses.
    pub url: String,
    /// Line of the declaration (0: not found in the text).
    pub line: u32,
    /// The linked value set providing it (UUID text), `None` when none is linked.
    pub linked_value_set_id: Option<String>,
}

/// The result of compiling a version (stored on a DRAFT, reported only on others).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompileReportDto {
    /// COMPILED, WARNINGS or ERROR.
    pub status: String,
    /// Every diagnostic, by position.
    pub diagnostics: Vec<DiagnosticDto>,
    /// The declared value sets and their links.
    pub value_sets: Vec<DeclaredValueSetDto>,
    /// Whether the result was stored on the version (DRAFT only).
    pub stored: bool,
}

impl From<ww_governance::compile::CompileReport> for CompileReportDto {
    fn from(r: ww_governance::compile::CompileReport) -> Self {
        CompileReportDto {
            status: r.status.as_str().to_owned(),
            diagnostics: r
                .diagnostics
                .into_iter()
                .map(|d| DiagnosticDto {
                    severity: d.severity,
                    line: d.line,
                    column: d.column,
                    message: d.message,
                })
                .collect(),
            value_sets: r
                .value_sets
                .into_iter()
                .map(|v| DeclaredValueSetDto {
                    url: v.url,
                    line: v.line,
                    linked_value_set_id: v.linked_value_set_id.map(|id| id.to_string()),
                })
                .collect(),
            stored: r.stored,
        }
    }
}

/// The diagnostics of a stored `compile_result` (the shape of `ww_governance::compile`).
/// A result without a `diagnostics` array (or with malformed entries) gives none.
pub fn stored_diagnostics(compile_result: Option<&Value>) -> Vec<DiagnosticDto> {
    compile_result
        .and_then(|r| r.get("diagnostics"))
        .and_then(|d| serde_json::from_value(d.clone()).ok())
        .unwrap_or_default()
}

/// An OSHA or policy citation from `osha_references`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OshaReferenceDto {
    /// Row id (UUID text).
    pub id: String,
    /// The citation, e.g. `29 CFR 1910.95`.
    pub cfr_citation: String,
    /// The standard's title.
    pub title: String,
    /// Program area, e.g. `Hearing Conservation`.
    pub program_area: String,
}

impl From<ww_store::osha_references::OshaReference> for OshaReferenceDto {
    fn from(o: ww_store::osha_references::OshaReference) -> Self {
        OshaReferenceDto {
            id: o.id.to_string(),
            cfr_citation: o.cfr_citation,
            title: o.title,
            program_area: o.program_area,
        }
    }
}

/// The structured settings of a spec (DOMAIN.md section 2), as the spec form edits them.
/// Keys of `spec_json` the form does not show (`measureKey`, `cqlLibrary`, `valueSets`,
/// exemption reason codes, season bounds, ...) are kept when the form is saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpecForm {
    /// `description`: what the measure requires, in words.
    pub description: String,
    /// `programArea`, e.g. `Hearing Conservation`.
    pub program_area: String,
    /// `examName`: the exam in words ("audiogram"), used in next actions.
    pub exam_name: String,
    /// `eligibleRoles`: roles in the population (empty = every role).
    pub eligible_roles: Vec<String>,
    /// `eligibleSites`: sites in the population (empty = every site).
    pub eligible_sites: Vec<String>,
    /// `windowDays`: days an exam stays valid.
    #[ts(type = "number | null")]
    pub window_days: Option<i64>,
    /// `dueSoonDays`: lead time before the due date that makes DUE_SOON.
    #[ts(type = "number | null")]
    pub due_soon_days: Option<i64>,
    /// `baselineDays`: days after the start date within which the first exam is due.
    #[ts(type = "number | null")]
    pub baseline_days: Option<i64>,
    /// `cycleRule`: `CALENDAR_YEAR` or `FLU_SEASON`.
    pub cycle_rule: String,
    /// `seasonDeadline` as `MM-DD` (flu), empty when none.
    pub season_deadline: String,
    /// `exemptionRules`, e.g. `ACTIVE_WAIVER`.
    pub exemption_rules: Vec<String>,
}

fn text(spec: &Value, key: &str) -> String {
    spec.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn list(spec: &Value, key: &str) -> Vec<String> {
    spec.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

impl SpecForm {
    /// Reads the form's fields from a version's `spec_json` (missing keys: empty fields).
    pub fn from_spec(spec: &Value) -> SpecForm {
        SpecForm {
            description: text(spec, "description"),
            program_area: text(spec, "programArea"),
            exam_name: text(spec, "examName"),
            eligible_roles: list(spec, "eligibleRoles"),
            eligible_sites: list(spec, "eligibleSites"),
            window_days: spec.get("windowDays").and_then(Value::as_i64),
            due_soon_days: spec.get("dueSoonDays").and_then(Value::as_i64),
            baseline_days: spec.get("baselineDays").and_then(Value::as_i64),
            cycle_rule: {
                let c = text(spec, "cycleRule");
                if c.is_empty() {
                    text(spec, "cycle")
                } else {
                    c
                }
            },
            season_deadline: text(spec, "seasonDeadline"),
            exemption_rules: list(spec, "exemptionRules"),
        }
    }

    /// Writes the form into a copy of `existing` (a spec object): the form's keys are set,
    /// or removed when the field is empty; every other key is kept as it was. List entries
    /// are trimmed and blank entries dropped.
    pub fn merge_into(&self, existing: &Value) -> Value {
        let mut map: Map<String, Value> = existing.as_object().cloned().unwrap_or_default();
        let mut set_text = |key: &str, v: &str| {
            let v = v.trim();
            if v.is_empty() {
                map.remove(key);
            } else {
                map.insert(key.to_owned(), Value::String(v.to_owned()));
            }
        };
        set_text("description", &self.description);
        set_text("programArea", &self.program_area);
        set_text("examName", &self.exam_name);
        set_text("cycleRule", &self.cycle_rule);
        set_text("seasonDeadline", &self.season_deadline);
        if map.contains_key("cycleRule") {
            map.remove("cycle");
        }
        let clean = |items: &[String]| -> Value {
            Value::Array(
                items
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            )
        };
        map.insert("eligibleRoles".into(), clean(&self.eligible_roles));
        map.insert("eligibleSites".into(), clean(&self.eligible_sites));
        map.insert("exemptionRules".into(), clean(&self.exemption_rules));
        for (key, v) in [
            ("windowDays", self.window_days),
            ("dueSoonDays", self.due_soon_days),
            ("baselineDays", self.baseline_days),
        ] {
            match v {
                Some(n) => map.insert(key.to_owned(), Value::from(n)),
                None => map.remove(key),
            };
        }
        Value::Object(map)
    }
}

/// One version as the Studio shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StudioVersion {
    /// Measure version id (UUID text).
    pub id: String,
    /// Label, e.g. `1.1`.
    pub version: String,
    /// DRAFT, APPROVED, ACTIVE or DEPRECATED.
    pub status: String,
    /// What the lifecycle gates allow on it.
    pub actions: Vec<StudioAction>,
    /// NOT_COMPILED, COMPILED, WARNINGS or ERROR (`None`: never compiled).
    pub compile_status: Option<String>,
    /// The diagnostics of the stored compile result (empty when not compiled).
    pub diagnostics: Vec<DiagnosticDto>,
    /// The CQL library text.
    pub cql: String,
    /// The spec's form fields.
    pub spec: SpecForm,
    /// The whole spec as pretty JSON (read-only view of every key).
    pub spec_json: String,
    /// The OSHA reference the version cites.
    pub osha_reference: Option<OshaReferenceDto>,
    /// Linked value sets (UUID text).
    pub value_set_ids: Vec<String>,
    /// Why this version was made.
    pub change_summary: Option<String>,
    /// Creation time, UTC ISO-8601.
    pub created_at: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved.
    pub approved_at: Option<String>,
    /// When it became ACTIVE.
    pub activated_at: Option<String>,
    /// When it was deprecated.
    pub deprecated_at: Option<String>,
    /// Why it was deprecated.
    pub deprecated_reason: Option<String>,
}

impl StudioVersion {
    /// The version as the Studio shows it; `osha` is its reference row, when it has one.
    pub fn new(
        info: ww_governance::measures::VersionInfo,
        osha: Option<ww_store::osha_references::OshaReference>,
    ) -> StudioVersion {
        let v = info.version;
        StudioVersion {
            id: v.id.to_string(),
            version: v.version,
            status: v.status.as_str().to_owned(),
            actions: StudioAction::allowed(v.status),
            compile_status: v.compile_status.map(|c| c.as_str().to_owned()),
            diagnostics: stored_diagnostics(v.compile_result.as_ref()),
            cql: v.cql_text.unwrap_or_default(),
            spec: SpecForm::from_spec(&v.spec_json),
            spec_json: serde_json::to_string_pretty(&v.spec_json).unwrap_or_default(),
            osha_reference: osha.map(OshaReferenceDto::from),
            value_set_ids: info.value_set_ids.iter().map(|i| i.to_string()).collect(),
            change_summary: v.change_summary,
            created_at: v.created_at,
            approved_by: v.approved_by,
            approved_at: info.approved_at,
            activated_at: v.activated_at,
            deprecated_at: info.deprecated_at,
            deprecated_reason: info.deprecated_reason,
        }
    }
}

/// A measure with every version, for the Studio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StudioMeasure {
    /// Measure id (UUID text).
    pub id: String,
    /// Measure name.
    pub name: String,
    /// Regulation or policy reference.
    pub policy_ref: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Versions, newest first.
    pub versions: Vec<StudioVersion>,
}

/// One stored test fixture of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixtureRow {
    /// Fixture name (unique per measure).
    pub name: String,
    /// What the case shows.
    pub description: Option<String>,
    /// As-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// The outcome status the measure must produce.
    pub expected_status: String,
    /// Employee role.
    pub role: Option<String>,
    /// Employee site.
    pub site: Option<String>,
    /// Employee start date, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Whether a waiver is active at the as-of date.
    pub has_active_waiver: bool,
    /// Active employment.
    pub active: bool,
    /// The FHIR Patient id the bundle's records use.
    pub patient_id: String,
    /// Number of FHIR resources in the fixture's bundle.
    pub resources: u32,
    /// The bundle as pretty JSON text (what the editor shows).
    pub bundle_json: String,
    /// SHA-256 of the fixture's content (what an approval records).
    pub sha256: String,
    /// `seed` or the user who added it.
    pub source: String,
}

impl From<ww_governance::fixtures::Fixture> for FixtureRow {
    fn from(f: ww_governance::fixtures::Fixture) -> Self {
        let sha256 = ww_governance::fixture_check::fixture_sha256(&f.file);
        let file = f.file;
        let resources = file
            .bundle
            .get("entry")
            .and_then(Value::as_array)
            .map_or(0, |e| u32::try_from(e.len()).unwrap_or(u32::MAX));
        FixtureRow {
            name: file.name,
            description: file.description,
            as_of: ww_store::time::format_date(file.as_of),
            expected_status: file.expected_status.as_str().to_owned(),
            role: file.employee.role,
            site: file.employee.site,
            start_date: file.employee.start_date.map(ww_store::time::format_date),
            has_active_waiver: file.employee.has_active_waiver,
            active: file.employee.active,
            patient_id: file.employee.patient_id,
            resources,
            bundle_json: serde_json::to_string_pretty(&file.bundle).unwrap_or_default(),
            sha256,
            source: f.source,
        }
    }
}

/// A fixture as the Studio's form sends it: dates and the status as typed, the bundle as JSON
/// text. The engine checks it (`ww_governance::fixture_check`) and names the bad field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixtureDraftDto {
    /// Unique per measure.
    pub name: String,
    /// What the case shows.
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// COMPLIANT | DUE_SOON | OVERDUE | MISSING_DATA | EXCLUDED.
    pub expected_status: String,
    /// Employee role.
    pub role: Option<String>,
    /// Employee site.
    pub site: Option<String>,
    /// `YYYY-MM-DD` or blank.
    pub start_date: Option<String>,
    /// Active employment.
    pub active: bool,
    /// A waiver is active at the as-of date.
    pub has_active_waiver: bool,
    /// The Patient id the bundle uses (blank = `fixture-patient`).
    pub patient_id: Option<String>,
    /// The FHIR Bundle as JSON text.
    pub bundle_json: String,
}

impl From<FixtureDraftDto> for ww_governance::fixture_check::FixtureDraft {
    fn from(d: FixtureDraftDto) -> Self {
        ww_governance::fixture_check::FixtureDraft {
            name: d.name,
            description: d.description,
            as_of: d.as_of,
            expected_status: d.expected_status,
            role: d.role,
            site: d.site,
            start_date: d.start_date,
            active: d.active,
            has_active_waiver: d.has_active_waiver,
            patient_id: d.patient_id,
            bundle_json: d.bundle_json,
        }
    }
}

/// What a fixture change did, for the Studio's notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixtureChangeDto {
    /// ADDED, EDITED or REMOVED.
    pub action: String,
    /// The fixture's name (after an edit, its new name).
    pub name: String,
    /// False when an edit changed nothing.
    pub changed: bool,
    /// The DRAFT version label the change was made for.
    pub version: String,
    /// Content SHA-256 now (None after a removal).
    pub sha256: Option<String>,
}

impl From<ww_governance::fixture_edit::FixtureChange> for FixtureChangeDto {
    fn from(c: ww_governance::fixture_edit::FixtureChange) -> Self {
        FixtureChangeDto {
            action: c.action.as_str().to_owned(),
            name: c.name,
            changed: c.changed,
            version: c.version,
            sha256: c.sha256,
        }
    }
}

/// A define's value in a fixture run, rendered as compact JSON text (or its error).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DefineValueDto {
    /// Define name.
    pub name: String,
    /// The value as JSON text (`null`, `true`, `"2026-01-01"`, ...), absent on error.
    pub value: Option<String>,
    /// The evaluation error, if any.
    pub error: Option<String>,
}

/// One fixture's verdict: expected vs actual with the define values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixtureResultDto {
    /// Fixture name.
    pub name: String,
    /// Expected outcome status.
    pub expected: String,
    /// What the CQL produced: an outcome status, `NOT_IN_POPULATION` or `ERROR`.
    pub actual: String,
    /// Whether actual equals expected.
    pub passed: bool,
    /// Every define's value, in define order.
    pub defines: Vec<DefineValueDto>,
    /// The compile or evaluation error, when there was one.
    pub error: Option<String>,
    /// SHA-256 of the fixture's content as run.
    pub sha256: String,
}

/// The validation of one version against its measure's fixtures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixtureReportDto {
    /// Number of fixtures.
    pub total: u32,
    /// Number passing.
    pub passed: u32,
    /// Per fixture, by name.
    pub results: Vec<FixtureResultDto>,
    /// SHA-256 over the fixtures run (names and content hashes).
    pub sha256: String,
}

impl From<ww_governance::fixtures::ValidationReport> for FixtureReportDto {
    fn from(r: ww_governance::fixtures::ValidationReport) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        FixtureReportDto {
            total: n(r.total),
            passed: n(r.passed),
            results: r
                .results
                .into_iter()
                .map(|f| FixtureResultDto {
                    name: f.name,
                    expected: f.expected.as_str().to_owned(),
                    actual: f.actual,
                    passed: f.passed,
                    defines: f
                        .defines
                        .into_iter()
                        .map(|d| DefineValueDto {
                            name: d.name,
                            value: d.value.map(|v| v.to_string()),
                            error: d.error,
                        })
                        .collect(),
                    error: f.error,
                    sha256: f.sha256,
                })
                .collect(),
            sha256: r.sha256,
        }
    }
}

/// The outcome of a lifecycle action: the version's new status and what else changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleResult {
    /// The version acted on (UUID text).
    pub version_id: String,
    /// Its status now.
    pub status: String,
    /// A sentence saying what happened, e.g. "Version 1.1 is ACTIVE; 1.0 was deprecated".
    pub summary: String,
}

/// What deprecating a version would do (QA3 H1), decided in Rust before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeprecationPreviewDto {
    /// True when the version is ACTIVE: deprecating it retires the program.
    pub retires_program: bool,
    /// Open cases the deprecation would close.
    #[ts(type = "number")]
    pub open_cases_to_close: u64,
    /// The consequence in words.
    pub message: String,
    /// The word to type to confirm, or null when none is needed.
    pub confirmation: Option<String>,
}

impl From<ww_governance::retire::DeprecationPreview> for DeprecationPreviewDto {
    fn from(p: ww_governance::retire::DeprecationPreview) -> Self {
        DeprecationPreviewDto {
            retires_program: p.retires_program,
            open_cases_to_close: p.open_cases_to_close as u64,
            message: p.message,
            confirmation: p.confirmation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spec_form_round_trip_keeps_unknown_keys() {
        let spec = json!({
            "measureKey": "audiogram", "programArea": "Hearing Conservation",
            "description": "Annual audiogram", "examName": "audiogram",
            "windowDays": 365, "dueSoonDays": 30, "baselineDays": 180,
            "eligibleRoles": ["Machine Operator"], "eligibleSites": [],
            "exemptionRules": ["ACTIVE_WAIVER"], "valueSets": ["a0000001"],
            "cycleRule": "CALENDAR_YEAR"
        });
        let form = SpecForm::from_spec(&spec);
        assert_eq!(form.window_days, Some(365));
        assert_eq!(form.eligible_roles, vec!["Machine Operator"]);
        assert_eq!(
            form.merge_into(&spec),
            spec,
            "an unchanged form changes nothing"
        );

        let edited = SpecForm {
            window_days: Some(180),
            baseline_days: None,
            eligible_roles: vec![" Welder ".into(), "".into(), "Machine Operator".into()],
            season_deadline: "   ".into(),
            ..form
        };
        let merged = edited.merge_into(&spec);
        assert_eq!(merged["windowDays"], 180);
        assert!(
            merged.get("baselineDays").is_none(),
            "an empty number is removed"
        );
        assert!(merged.get("seasonDeadline").is_none());
        assert_eq!(
            merged["eligibleRoles"],
            json!(["Welder", "Machine Operator"])
        );
        assert_eq!(merged["measureKey"], "audiogram");
        assert_eq!(merged["valueSets"], json!(["a0000001"]));
    }

    #[test]
    fn legacy_cycle_key_is_read_and_replaced() {
        let spec = json!({"cycle": "FLU_SEASON"});
        let form = SpecForm::from_spec(&spec);
        assert_eq!(form.cycle_rule, "FLU_SEASON");
        let merged = form.merge_into(&spec);
        assert_eq!(merged["cycleRule"], "FLU_SEASON");
        assert!(merged.get("cycle").is_none());
    }

    #[test]
    fn actions_follow_the_lifecycle_gates() {
        use StudioAction::*;
        assert_eq!(
            StudioAction::allowed(VersionStatus::Draft),
            vec![Edit, Approve]
        );
        assert_eq!(
            StudioAction::allowed(VersionStatus::Approved),
            vec![Activate, Deprecate]
        );
        assert_eq!(
            StudioAction::allowed(VersionStatus::Active),
            vec![Deprecate]
        );
        assert!(StudioAction::allowed(VersionStatus::Deprecated).is_empty());
    }

    #[test]
    fn stored_diagnostics_are_read_from_the_compile_result() {
        let result = json!({"errors": 1, "diagnostics": [
            {"severity": "error", "line": 12, "column": 5, "message": "Could not resolve identifier 'Nope'."}
        ]});
        let d = stored_diagnostics(Some(&result));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (12, 5));
        assert!(stored_diagnostics(None).is_empty());
        assert!(stored_diagnostics(Some(&json!({"diagnostics": "junk"}))).is_empty());
    }
}
