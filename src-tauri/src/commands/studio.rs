//! The Measure Studio (issue 7, "Measures and Studio"; the engine is issue 6): one measure's
//! versions with their spec, CQL, value-set links, fixtures and lifecycle. Each command calls
//! one governance function; refusals (editing a frozen version, approving without a clean
//! compile or with failing fixtures, a blank change summary or deprecation reason) come back
//! as `INVALID_TRANSITION` / `INVALID_INPUT` with the engine's sentence.

use crate::dto_studio::{
    CompileReportDto, DeprecationPreviewDto, FixtureChangeDto, FixtureDraftDto, FixtureReportDto,
    FixtureRow, LifecycleResult, OshaReferenceDto, SpecForm, StudioMeasure, StudioVersion,
};
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_governance::{compile, fixtures, measures};
use ww_store::ids::{MeasureId, MeasureVersionId, OshaReferenceId, ValueSetId};

/// `studio_measure`: the measure with every version (newest first) as the Studio shows it.
#[tauri::command(async)]
pub fn studio_measure(app: State<'_, App>, measure_id: String) -> Result<StudioMeasure> {
    measure(&app, &measure_id)
}

/// The body of [`studio_measure`].
pub fn measure(app: &App, measure_id: &str) -> Result<StudioMeasure> {
    let id = MeasureId::parse(measure_id)?;
    app.read_with(|conn| -> Result<StudioMeasure> {
        let detail = measures::detail(conn, id)?;
        let mut versions = Vec::with_capacity(detail.versions.len());
        for info in detail.versions.into_iter().rev() {
            let osha = match info.version.osha_reference_id {
                Some(o) => ww_store::osha_references::get(conn, o)?,
                None => None,
            };
            versions.push(StudioVersion::new(info, osha));
        }
        let m = detail.measure;
        Ok(StudioMeasure {
            id: m.id.to_string(),
            name: m.name,
            policy_ref: m.policy_ref,
            owner: m.owner,
            versions,
        })
    })
}

/// `studio_new_version`: a new DRAFT cloned from the newest version, with the required change
/// summary. Returns the new version's id.
#[tauri::command(async)]
pub fn studio_new_version(
    app: State<'_, App>,
    measure_id: String,
    change_summary: String,
) -> Result<String> {
    new_version(&app, &measure_id, &change_summary)
}

/// The body of [`studio_new_version`].
pub fn new_version(app: &App, measure_id: &str, change_summary: &str) -> Result<String> {
    let id = MeasureId::parse(measure_id)?;
    let v = app.write_with(|conn| measures::new_version(conn, id, change_summary))?;
    Ok(v.id.to_string())
}

/// `studio_save_cql`: saves a DRAFT's CQL; the compile status goes back to NOT_COMPILED.
#[tauri::command(async)]
pub fn studio_save_cql(app: State<'_, App>, version_id: String, cql: String) -> Result<()> {
    save_cql(&app, &version_id, &cql)
}

/// The body of [`studio_save_cql`].
pub fn save_cql(app: &App, version_id: &str, cql: &str) -> Result<()> {
    let id = MeasureVersionId::parse(version_id)?;
    app.write_with(|conn| measures::save_cql(conn, id, cql))?;
    Ok(())
}

/// `studio_save_spec`: merges the form into the DRAFT's spec (other keys kept), checks the
/// settings as runs read them (`ww_core::spec::MeasureSpec`), and saves it.
#[tauri::command(async)]
pub fn studio_save_spec(app: State<'_, App>, version_id: String, spec: SpecForm) -> Result<()> {
    save_spec(&app, &version_id, &spec)
}

/// The body of [`studio_save_spec`].
///
/// # Errors
/// `INVALID_INPUT` naming the setting runs could not use (e.g. a negative window, a
/// `seasonDeadline` that is not `MM-DD`); the engine's refusal for a non-DRAFT version.
pub fn save_spec(app: &App, version_id: &str, form: &SpecForm) -> Result<()> {
    let id = MeasureVersionId::parse(version_id)?;
    app.write_with(|conn| -> Result<()> {
        let current = measures::version_info(conn, id)?.version.spec_json;
        let merged = form.merge_into(&current);
        ww_core::spec::MeasureSpec::from_json(&merged, "exam")
            .map_err(|e| AppError::Invalid(format!("spec of version {id}: {e}")))?;
        measures::save_spec(conn, id, &merged)?;
        Ok(())
    })
}

/// `studio_compile`: compiles the version's CQL and checks that each declared value set is
/// linked (stored on a DRAFT).
#[tauri::command(async)]
pub fn studio_compile(app: State<'_, App>, version_id: String) -> Result<CompileReportDto> {
    compile_version(&app, &version_id)
}

/// The body of [`studio_compile`].
pub fn compile_version(app: &App, version_id: &str) -> Result<CompileReportDto> {
    let id = MeasureVersionId::parse(version_id)?;
    Ok(app.write_with(|conn| compile::compile(conn, id))?.into())
}

/// `studio_link_value_set`: links (`link = true`) or unlinks a value set on a DRAFT. Returns
/// whether anything changed.
#[tauri::command(async)]
pub fn studio_link_value_set(
    app: State<'_, App>,
    version_id: String,
    value_set_id: String,
    link: bool,
) -> Result<bool> {
    link_value_set(&app, &version_id, &value_set_id, link)
}

/// The body of [`studio_link_value_set`].
pub fn link_value_set(app: &App, version_id: &str, value_set_id: &str, link: bool) -> Result<bool> {
    let id = MeasureVersionId::parse(version_id)?;
    let vs = ValueSetId::parse(value_set_id)?;
    app.write_with(|conn| {
        if link {
            measures::link_value_set(conn, id, vs)
        } else {
            measures::unlink_value_set(conn, id, vs)
        }
    })
}

/// `studio_fixtures`: the measure's test fixtures, by name.
#[tauri::command(async)]
pub fn studio_fixtures(app: State<'_, App>, measure_id: String) -> Result<Vec<FixtureRow>> {
    fixture_list(&app, &measure_id)
}

/// The body of [`studio_fixtures`].
pub fn fixture_list(app: &App, measure_id: &str) -> Result<Vec<FixtureRow>> {
    let id = MeasureId::parse(measure_id)?;
    let rows = app.read_with(|conn| fixtures::list(conn, id))?;
    Ok(rows.into_iter().map(FixtureRow::from).collect())
}

/// `studio_add_fixture`: adds a fixture to the measure of a DRAFT version (the engine checks
/// every field and refuses other statuses).
#[tauri::command(async)]
pub fn studio_add_fixture(
    app: State<'_, App>,
    version_id: String,
    fixture: FixtureDraftDto,
) -> Result<FixtureChangeDto> {
    add_fixture(&app, &version_id, fixture)
}

/// The body of [`studio_add_fixture`].
pub fn add_fixture(
    app: &App,
    version_id: &str,
    fixture: FixtureDraftDto,
) -> Result<FixtureChangeDto> {
    let id = MeasureVersionId::parse(version_id)?;
    let f = ww_governance::fixture_check::FixtureDraft::from(fixture).into_fixture()?;
    Ok(app.write_with(|conn| fixtures::add(conn, id, &f))?.into())
}

/// `studio_edit_fixture`: replaces the fixture `name` (the form may rename it), for a DRAFT.
#[tauri::command(async)]
pub fn studio_edit_fixture(
    app: State<'_, App>,
    version_id: String,
    name: String,
    fixture: FixtureDraftDto,
) -> Result<FixtureChangeDto> {
    edit_fixture(&app, &version_id, &name, fixture)
}

/// The body of [`studio_edit_fixture`].
pub fn edit_fixture(
    app: &App,
    version_id: &str,
    name: &str,
    fixture: FixtureDraftDto,
) -> Result<FixtureChangeDto> {
    let id = MeasureVersionId::parse(version_id)?;
    let f = ww_governance::fixture_check::FixtureDraft::from(fixture).into_fixture()?;
    Ok(app
        .write_with(|conn| fixtures::edit(conn, id, name, &f))?
        .into())
}

/// `studio_remove_fixture`: removes the fixture `name`, for a DRAFT.
#[tauri::command(async)]
pub fn studio_remove_fixture(
    app: State<'_, App>,
    version_id: String,
    name: String,
) -> Result<FixtureChangeDto> {
    remove_fixture(&app, &version_id, &name)
}

/// The body of [`studio_remove_fixture`].
pub fn remove_fixture(app: &App, version_id: &str, name: &str) -> Result<FixtureChangeDto> {
    let id = MeasureVersionId::parse(version_id)?;
    Ok(app
        .write_with(|conn| fixtures::remove(conn, id, name))?
        .into())
}

/// `studio_set_osha_reference`: sets (or with `null` clears) the OSHA reference a DRAFT
/// cites. Returns whether it changed.
#[tauri::command(async)]
pub fn studio_set_osha_reference(
    app: State<'_, App>,
    version_id: String,
    reference_id: Option<String>,
) -> Result<bool> {
    set_osha_reference(&app, &version_id, reference_id.as_deref())
}

/// The body of [`studio_set_osha_reference`].
pub fn set_osha_reference(app: &App, version_id: &str, reference_id: Option<&str>) -> Result<bool> {
    let id = MeasureVersionId::parse(version_id)?;
    let reference = reference_id.map(OshaReferenceId::parse).transpose()?;
    app.write_with(|conn| measures::set_osha_reference(conn, id, reference))
}

/// `studio_run_fixtures`: evaluates the version's CQL on every fixture of its measure and
/// reports expected vs actual with the define values.
#[tauri::command(async)]
pub fn studio_run_fixtures(app: State<'_, App>, version_id: String) -> Result<FixtureReportDto> {
    run_fixtures(&app, &version_id)
}

/// The body of [`studio_run_fixtures`].
pub fn run_fixtures(app: &App, version_id: &str) -> Result<FixtureReportDto> {
    let id = MeasureVersionId::parse(version_id)?;
    Ok(app.read_with(|conn| fixtures::validate(conn, id))?.into())
}

/// `studio_approve`: approves a DRAFT (clean current compile, every fixture passing).
#[tauri::command(async)]
pub fn studio_approve(app: State<'_, App>, version_id: String) -> Result<LifecycleResult> {
    approve(&app, &version_id)
}

/// The body of [`studio_approve`].
pub fn approve(app: &App, version_id: &str) -> Result<LifecycleResult> {
    let id = MeasureVersionId::parse(version_id)?;
    let (v, report) = app.write_with(|conn| measures::approve(conn, id))?;
    Ok(LifecycleResult {
        version_id: v.id.to_string(),
        status: v.status.as_str().to_owned(),
        summary: format!(
            "Version {} approved by {}; {} of {} fixtures pass.",
            v.version,
            v.approved_by.as_deref().unwrap_or("unknown"),
            report.passed,
            report.total
        ),
    })
}

/// `studio_activate`: makes an APPROVED version ACTIVE; the previous ACTIVE one is deprecated
/// in the same transaction.
#[tauri::command(async)]
pub fn studio_activate(app: State<'_, App>, version_id: String) -> Result<LifecycleResult> {
    activate(&app, &version_id)
}

/// The body of [`studio_activate`].
pub fn activate(app: &App, version_id: &str) -> Result<LifecycleResult> {
    let id = MeasureVersionId::parse(version_id)?;
    let (a, demoted_label) = app.write_with(|conn| -> Result<_> {
        let a = measures::activate(conn, id)?;
        let label = match a.demoted {
            Some(old) => ww_store::measures::get_version(conn, old)?.map(|v| v.version),
            None => None,
        };
        Ok((a, label))
    })?;
    Ok(LifecycleResult {
        version_id: a.activated.to_string(),
        status: "ACTIVE".into(),
        summary: activation_summary(
            demoted_label.as_deref(),
            a.cases.carried,
            a.cases.superseded,
        ),
    })
}

/// The notice after an activation (QA3 H15): the previous version by its number and the
/// open cases carried over to the new version (and any closed as superseded).
pub fn activation_summary(demoted: Option<&str>, carried: usize, superseded: usize) -> String {
    let mut s = match demoted {
        Some(old) => format!("Version is now active; version {old} was deprecated"),
        None => "Version is now active".to_owned(),
    };
    if demoted.is_some() || carried > 0 {
        let cases = if carried == 1 { "case" } else { "cases" };
        s.push_str(&format!(
            "; {carried} open {cases} carried over to this version"
        ));
    }
    if superseded > 0 {
        s.push_str(&format!(
            " ({superseded} closed as superseded: another case already covered them)"
        ));
    }
    s.push('.');
    s
}

/// `studio_deprecation_preview`: what deprecating the version would do (QA3 H1): whether it
/// retires the program, how many open cases it closes, and the word to type to confirm.
#[tauri::command(async)]
pub fn studio_deprecation_preview(
    app: State<'_, App>,
    version_id: String,
) -> Result<DeprecationPreviewDto> {
    deprecation_preview(&app, &version_id)
}

/// The body of [`studio_deprecation_preview`].
pub fn deprecation_preview(app: &App, version_id: &str) -> Result<DeprecationPreviewDto> {
    let id = MeasureVersionId::parse(version_id)?;
    Ok(app
        .read_with(|conn| ww_governance::retire::preview_deprecation(conn, id))?
        .into())
}

/// `studio_deprecate`: deprecates an APPROVED or ACTIVE version with a required reason.
/// Retiring a program (the ACTIVE version, QA3 H1) also needs `confirmation` equal to the
/// word [`deprecation_preview`] names.
#[tauri::command(async)]
pub fn studio_deprecate(
    app: State<'_, App>,
    version_id: String,
    reason: String,
    confirmation: Option<String>,
) -> Result<LifecycleResult> {
    deprecate(&app, &version_id, &reason, confirmation.as_deref())
}

/// The body of [`studio_deprecate`].
pub fn deprecate(
    app: &App,
    version_id: &str,
    reason: &str,
    confirmation: Option<&str>,
) -> Result<LifecycleResult> {
    let id = MeasureVersionId::parse(version_id)?;
    let info = app.write_with(|conn| -> Result<_> {
        let preview = ww_governance::retire::preview_deprecation(conn, id)?;
        if let Some(word) = preview.confirmation.as_deref() {
            if confirmation.map(str::trim) != Some(word) {
                return Err(AppError::Invalid(format!(
                    "confirmation: type {word} to retire the program. {}",
                    preview.message
                )));
            }
        }
        Ok(measures::deprecate(conn, id, reason)?)
    })?;
    Ok(LifecycleResult {
        version_id: info.version.id.to_string(),
        status: info.version.status.as_str().to_owned(),
        summary: format!(
            "Version {} deprecated: {}",
            info.version.version,
            info.deprecated_reason.as_deref().unwrap_or_default()
        ),
    })
}

/// `search_osha_references`: references whose citation, title or program area contains
/// `text` (all of them for an empty text), by citation.
#[tauri::command(async)]
pub fn search_osha_references(app: State<'_, App>, text: String) -> Result<Vec<OshaReferenceDto>> {
    osha_references(&app, &text)
}

/// The body of [`search_osha_references`].
pub fn osha_references(app: &App, text: &str) -> Result<Vec<OshaReferenceDto>> {
    let rows = app.read(|conn| ww_store::osha_references::search(conn, text.trim()))?;
    Ok(rows.into_iter().map(OshaReferenceDto::from).collect())
}

#[cfg(test)]
#[path = "studio_tests.rs"]
mod tests;
