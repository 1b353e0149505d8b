//! Value sets (list, detail, import, diff), terminology mappings with their review workflow,
//! and integration health (read view). Each command calls one ww-governance function.

use crate::dto::{IntegrationRow, ValueSetRow};
use crate::dto_admin::{
    LinkedVersionRow, MappingDecisionRequest, MappingItem, NewMappingRequest, ValueSetDetail,
    ValueSetDiffDto, ValueSetImportDto, ValueSetImportRequest,
};
use crate::error::{AppError, Result};
use crate::state::App;
use std::path::Path;
use tauri::State;
use ww_governance::mapping_flow::{transition, MappingDecision, MappingStatus};
use ww_governance::valuesets::ImportOptions;
use ww_store::ids::{MappingId, ValueSetId};

/// `list_value_sets`: every value set with its codes.
#[tauri::command(async)]
pub fn list_value_sets(app: State<'_, App>) -> Result<Vec<ValueSetRow>> {
    value_sets(&app)
}

/// The body of [`list_value_sets`].
pub fn value_sets(app: &App) -> Result<Vec<ValueSetRow>> {
    let rows = app.read(ww_store::value_sets::list)?;
    Ok(rows.into_iter().map(ValueSetRow::from).collect())
}

fn parse_id<T: std::str::FromStr>(what: &str, text: &str) -> Result<T> {
    text.trim()
        .parse()
        .map_err(|_| AppError::Invalid(format!("{what} \"{text}\" is not an id")))
}

/// `value_set_detail`: one value set with its resolution details and linked measure versions.
#[tauri::command(async)]
pub fn value_set_detail(app: State<'_, App>, id: String) -> Result<ValueSetDetail> {
    detail(&app, &id)
}

/// The body of [`value_set_detail`].
pub fn detail(app: &App, id: &str) -> Result<ValueSetDetail> {
    let id: ValueSetId = parse_id("value set", id)?;
    app.read_with(|conn| -> Result<ValueSetDetail> {
        let vs = ww_governance::valuesets::get(conn, id)?;
        let mut linked = Vec::new();
        for version_id in ww_store::measures::versions_linking(conn, id)? {
            let Some(v) = ww_store::measures::get_version(conn, version_id)? else {
                continue;
            };
            let name = ww_store::measures::get_measure(conn, v.measure_id)?
                .map(|m| m.name)
                .unwrap_or_default();
            linked.push(LinkedVersionRow {
                measure_id: v.measure_id.to_string(),
                measure_name: name,
                measure_version_id: version_id.to_string(),
                version: v.version,
                status: v.status.to_string(),
                links: "linked".into(),
            });
        }
        linked.sort_by(|a, b| (&a.measure_name, &a.version).cmp(&(&b.measure_name, &b.version)));
        Ok(ValueSetDetail {
            resolution_error: vs.resolution_error.clone(),
            source: vs.source.clone(),
            last_resolved_at: vs.last_resolved_at.clone(),
            value_set: ValueSetRow::from(vs),
            linked_versions: linked,
        })
    })
}

/// How a value-set file is read, decided from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSetFormat {
    /// A FHIR R4 ValueSet resource (`.json`).
    FhirJson,
    /// A code list with the header `system,code[,display]` (`.csv`).
    Csv,
}

impl ValueSetFormat {
    /// The format of `path` by its extension (case-insensitive).
    ///
    /// # Errors
    /// [`AppError::Invalid`] naming the file for any other extension.
    pub fn of(path: &Path) -> Result<ValueSetFormat> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("json") => Ok(ValueSetFormat::FhirJson),
            Some("csv") => Ok(ValueSetFormat::Csv),
            _ => Err(AppError::Invalid(format!(
                "{}: a value set is imported from a .json FHIR ValueSet or a .csv code list (system,code,display)",
                path.display()
            ))),
        }
    }

    /// `FHIR_JSON` or `CSV`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSetFormat::FhirJson => "FHIR_JSON",
            ValueSetFormat::Csv => "CSV",
        }
    }
}

/// `import_value_set`: imports a FHIR ValueSet (`.json`) or a CSV code list (`.csv`) chosen
/// in the file dialog, in one transaction with its audit event.
#[tauri::command(async)]
pub fn import_value_set(
    app: State<'_, App>,
    request: ValueSetImportRequest,
) -> Result<ValueSetImportDto> {
    import(&app, &request)
}

fn blank_to_none(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The body of [`import_value_set`].
pub fn import(app: &App, request: &ValueSetImportRequest) -> Result<ValueSetImportDto> {
    let path = Path::new(request.path.trim());
    let format = ValueSetFormat::of(path)?;
    let text = std::fs::read_to_string(path).map_err(|source| ww_governance::Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let opts = ImportOptions {
        oid: blank_to_none(&request.oid),
        name: blank_to_none(&request.name),
        version: blank_to_none(&request.version),
        canonical_url: blank_to_none(&request.canonical_url),
        source: path.file_name().map(|n| n.to_string_lossy().into_owned()),
    };
    let result = app.write_with(|conn| match format {
        ValueSetFormat::FhirJson => ww_governance::valuesets::import_fhir(conn, &text, &opts),
        ValueSetFormat::Csv => ww_governance::valuesets::import_csv(conn, &text, &opts),
    })?;
    Ok(ValueSetImportDto {
        format: format.as_str().into(),
        value_set: ValueSetRow::from(result.value_set),
        created: result.created,
        codes_changed: result.codes_changed,
    })
}

/// `diff_value_sets`: codes added and removed from `old_id` to `new_id`, and the measure
/// versions linked to either.
#[tauri::command(async)]
pub fn diff_value_sets(
    app: State<'_, App>,
    old_id: String,
    new_id: String,
) -> Result<ValueSetDiffDto> {
    diff(&app, &old_id, &new_id)
}

/// The body of [`diff_value_sets`].
pub fn diff(app: &App, old_id: &str, new_id: &str) -> Result<ValueSetDiffDto> {
    let old: ValueSetId = parse_id("value set", old_id)?;
    let new: ValueSetId = parse_id("value set", new_id)?;
    let d = app.read_with(|conn| ww_governance::valuesets::diff(conn, old, new))?;
    let code = |c: ww_store::value_sets::Code| crate::dto::CodeRow {
        system: c.system,
        code: c.code,
        display: c.display,
    };
    Ok(ValueSetDiffDto {
        old_id: d.old.to_string(),
        new_id: d.new.to_string(),
        added: d.codes.added.into_iter().map(code).collect(),
        removed: d.codes.removed.into_iter().map(code).collect(),
        unchanged: u32::try_from(d.codes.unchanged).unwrap_or(u32::MAX),
        affected: d
            .affected
            .into_iter()
            .map(|a| LinkedVersionRow {
                measure_id: a.measure_id.to_string(),
                measure_name: a.measure_name,
                measure_version_id: a.measure_version_id.to_string(),
                version: a.version,
                status: a.status.to_string(),
                links: a.links.into(),
            })
            .collect(),
    })
}

/// A typed confidence: blank is None, else a number (the engine checks the 0..=1 range).
///
/// # Errors
/// [`AppError::Invalid`] when the text is not a number.
pub fn confidence(text: &Option<String>) -> Result<Option<f64>> {
    match blank_to_none(text) {
        None => Ok(None),
        Some(t) => t.parse::<f64>().map(Some).map_err(|_| {
            AppError::Invalid(format!(
                "confidence \"{t}\" is not a number between 0 and 1"
            ))
        }),
    }
}

/// The review decisions, in the order the screen offers them.
const DECISIONS: [(MappingDecision, &str); 3] = [
    (MappingDecision::Review, "REVIEW"),
    (MappingDecision::Approve, "APPROVE"),
    (MappingDecision::Reject, "REJECT"),
];

/// The decisions the workflow allows from `status` (ww-governance `mapping_flow::transition`).
pub fn allowed_actions(status: MappingStatus) -> Vec<String> {
    DECISIONS
        .iter()
        .filter(|(d, _)| transition(status, *d).is_ok())
        .map(|(_, name)| (*name).to_owned())
        .collect()
}

impl From<ww_store::terminology_mappings::Mapping> for MappingItem {
    fn from(m: ww_store::terminology_mappings::Mapping) -> Self {
        MappingItem {
            id: m.id.to_string(),
            allowed_actions: allowed_actions(m.mapping_status),
            local_system: m.local_system,
            local_code: m.local_code,
            local_display: m.local_display,
            standard_system: m.standard_system,
            standard_code: m.standard_code,
            standard_display: m.standard_display,
            status: m.mapping_status.to_string(),
            confidence: m.mapping_confidence,
            reviewed_by: m.reviewed_by,
            reviewed_at: m.reviewed_at,
            notes: m.notes,
        }
    }
}

/// `list_mappings`: every terminology mapping, whatever its review status, with the
/// decisions each allows.
#[tauri::command(async)]
pub fn list_mappings(app: State<'_, App>) -> Result<Vec<MappingItem>> {
    mappings(&app)
}

/// The body of [`list_mappings`].
pub fn mappings(app: &App) -> Result<Vec<MappingItem>> {
    let rows = app.read_with(|conn| ww_governance::mappings::list(conn, None))?;
    Ok(rows.into_iter().map(MappingItem::from).collect())
}

/// `propose_mapping`: a new mapping, PROPOSED.
#[tauri::command(async)]
pub fn propose_mapping(app: State<'_, App>, request: NewMappingRequest) -> Result<MappingItem> {
    propose(&app, &request)
}

/// The body of [`propose_mapping`].
pub fn propose(app: &App, r: &NewMappingRequest) -> Result<MappingItem> {
    let new = ww_governance::mappings::NewMapping {
        local_system: r.local_system.trim().to_owned(),
        local_code: r.local_code.trim().to_owned(),
        local_display: blank_to_none(&r.local_display),
        standard_system: r.standard_system.trim().to_owned(),
        standard_code: r.standard_code.trim().to_owned(),
        standard_display: blank_to_none(&r.standard_display),
        confidence: confidence(&r.confidence)?,
        notes: blank_to_none(&r.notes),
    };
    let m = app.write_with(|conn| ww_governance::mappings::propose(conn, &new))?;
    Ok(MappingItem::from(m))
}

/// `decide_mapping`: REVIEW, APPROVE or REJECT a mapping; the reviewer is the acting user.
#[tauri::command(async)]
pub fn decide_mapping(
    app: State<'_, App>,
    id: String,
    request: MappingDecisionRequest,
) -> Result<MappingItem> {
    decide(&app, &id, &request)
}

/// The body of [`decide_mapping`].
pub fn decide(app: &App, id: &str, r: &MappingDecisionRequest) -> Result<MappingItem> {
    let id: MappingId = parse_id("mapping", id)?;
    let decision = DECISIONS
        .iter()
        .find(|(_, name)| *name == r.decision.trim())
        .map(|(d, _)| *d)
        .ok_or_else(|| {
            AppError::Invalid(format!(
                "decision \"{}\" is not one of REVIEW, APPROVE, REJECT",
                r.decision
            ))
        })?;
    let review = ww_governance::mappings::Review {
        decision,
        confidence: confidence(&r.confidence)?,
        notes: blank_to_none(&r.notes),
    };
    let m = app.write_with(|conn| ww_governance::mappings::decide(conn, id, &review))?;
    Ok(MappingItem::from(m))
}

/// `list_integrations`: the health row of each integration.
#[tauri::command(async)]
pub fn list_integrations(app: State<'_, App>) -> Result<Vec<IntegrationRow>> {
    integrations(&app)
}

/// The body of [`list_integrations`].
pub fn integrations(app: &App) -> Result<Vec<IntegrationRow>> {
    let rows = app.read(ww_store::integration_health::list)?;
    Ok(rows.into_iter().map(IntegrationRow::from).collect())
}
