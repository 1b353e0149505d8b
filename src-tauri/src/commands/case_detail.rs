//! One case: its detail, every case action ww-casework has, outreach preview and send.
//!
//! Each action is one engine call and one transaction there (ww-casework writes the change,
//! its `case_actions` row and its audit event together); the UI reloads the case afterwards.

use crate::dto_cases::{
    ActionDone, CaseDetailDto, CaseDetailParts, OutreachPreviewDto, OutreachSent, RerunDone,
};
use crate::error::{AppError, Result};
use crate::state::App;
use tauri::State;
use ww_store::ids::CaseId;

/// Parses a case id from the UI, naming the field when it is not a UUID.
pub fn case_id(text: &str) -> Result<CaseId> {
    CaseId::parse(text).map_err(|_| AppError::Invalid(format!("caseId: {text:?} is not a case id")))
}

/// `get_case`: the case with why it was flagged, its timeline, outreach attempts and the
/// outreach templates the officer may pick.
#[tauri::command(async)]
pub fn get_case(app: State<'_, App>, case_id: String) -> Result<CaseDetailDto> {
    detail(&app, &case_id)
}

/// The body of [`get_case`].
pub fn detail(app: &App, id: &str) -> Result<CaseDetailDto> {
    let id = case_id(id)?;
    app.read_with(|conn| -> Result<CaseDetailDto> {
        let detail = ww_casework::cases::case_detail(conn, id)?;
        let events = ww_store::audit_events::list_for_case(conn, id)?;
        Ok(CaseDetailDto::new(CaseDetailParts {
            detail,
            events,
            user: ww_casework::actor(conn)?,
            zone: ww_core::run::org_zone(conn)?,
            today: ww_casework::today(conn)?,
            templates: ww_casework::outreach::template_choices(conn, id)?,
        }))
    })
}

/// `case_assign`: assigns the case to `assignee`, or clears it when `None`.
#[tauri::command(async)]
pub fn case_assign(
    app: State<'_, App>,
    case_id: String,
    assignee: Option<String>,
) -> Result<ActionDone> {
    assign(&app, &case_id, assignee.as_deref())
}

/// The body of [`case_assign`].
pub fn assign(app: &App, id: &str, assignee: Option<&str>) -> Result<ActionDone> {
    let id = case_id(id)?;
    let done = app.write_with(|conn| ww_casework::actions::assign(conn, id, assignee))?;
    Ok(done.into())
}

/// `case_add_note`: adds a note (allowed on closed cases too).
#[tauri::command(async)]
pub fn case_add_note(app: State<'_, App>, case_id: String, note: String) -> Result<ActionDone> {
    let id = self::case_id(&case_id)?;
    let done = app.write_with(|conn| ww_casework::actions::add_note(conn, id, &note))?;
    Ok(done.into())
}

/// `case_escalate`: raises the priority one step and reopens, with an optional reason.
#[tauri::command(async)]
pub fn case_escalate(
    app: State<'_, App>,
    case_id: String,
    reason: Option<String>,
) -> Result<ActionDone> {
    escalate(&app, &case_id, reason.as_deref())
}

/// The body of [`case_escalate`].
pub fn escalate(app: &App, id: &str, reason: Option<&str>) -> Result<ActionDone> {
    let id = case_id(id)?;
    let done = app.write_with(|conn| ww_casework::actions::escalate(conn, id, reason))?;
    Ok(done.into())
}

/// `case_schedule`: records an appointment on `date` (`YYYY-MM-DD`, today or later).
#[tauri::command(async)]
pub fn case_schedule(
    app: State<'_, App>,
    case_id: String,
    date: String,
    note: Option<String>,
) -> Result<ActionDone> {
    let id = self::case_id(&case_id)?;
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(format!("date: {date:?} is not a YYYY-MM-DD date")))?;
    let done = app.write_with(|conn| {
        ww_casework::actions::schedule_appointment(conn, id, date, note.as_deref())
    })?;
    Ok(done.into())
}

/// `case_resolve`: a person closes the case with a required note.
#[tauri::command(async)]
pub fn case_resolve(app: State<'_, App>, case_id: String, note: String) -> Result<ActionDone> {
    let id = self::case_id(&case_id)?;
    let done = app.write_with(|conn| ww_casework::actions::resolve(conn, id, &note))?;
    Ok(done.into())
}

/// `case_rerun`: evaluates the case's employee again now (a real one-employee run); only a
/// COMPLIANT outcome resolves the case.
#[tauri::command(async)]
pub fn case_rerun(app: State<'_, App>, case_id: String) -> Result<RerunDone> {
    let id = self::case_id(&case_id)?;
    let done = app.write_with(|conn| ww_casework::rerun::rerun_to_verify(conn, id))?;
    Ok(done.into())
}

/// `preview_outreach`: the message a send would deliver, with the provider it would use;
/// `template` is the picked template's key (`None`: the engine's default for the case).
#[tauri::command(async)]
pub fn preview_outreach(
    app: State<'_, App>,
    case_id: String,
    template: Option<String>,
) -> Result<OutreachPreviewDto> {
    preview(&app, &case_id, template.as_deref())
}

/// The body of [`preview_outreach`].
pub fn preview(app: &App, id: &str, template: Option<&str>) -> Result<OutreachPreviewDto> {
    let id = case_id(id)?;
    app.read_with(|conn| -> Result<OutreachPreviewDto> {
        let provider = ww_casework::outreach::email_config(conn)?.provider;
        let p = ww_casework::outreach::preview_outreach(conn, id, template)?;
        Ok(OutreachPreviewDto::new(p, provider.as_str()))
    })
}

/// `send_outreach`: sends the previewed message (rendered again with the same `template`)
/// through the configured provider (simulated on the demo database) and records the attempt,
/// whatever the provider answered.
#[tauri::command(async)]
pub fn send_outreach(
    app: State<'_, App>,
    case_id: String,
    template: Option<String>,
) -> Result<OutreachSent> {
    send(&app, &case_id, template.as_deref())
}

/// The body of [`send_outreach`].
pub fn send(app: &App, id: &str, template: Option<&str>) -> Result<OutreachSent> {
    let id = case_id(id)?;
    let sent = app.write_with(|conn| -> Result<_> {
        let service = ww_casework::outreach::email_config(conn)?.service();
        Ok(ww_casework::outreach::send_outreach(
            conn,
            id,
            template,
            service.as_ref(),
        )?)
    })?;
    Ok(sent.into())
}
