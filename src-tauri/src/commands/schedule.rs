//! The daily scheduled run's setting (Admin) and state (overview); the rule and the
//! audited write are in [`ww_core::overview::schedule`], the thread in [`crate::schedule`].

use crate::dto_overview::ScheduleDto;
use crate::error::Result;
use crate::state::App;
use chrono::Utc;
use tauri::State;
use ww_core::overview::schedule::{self, Decision};

/// `get_schedule`: the daily run time, its zone and when the next run starts.
#[tauri::command(async)]
pub fn get_schedule(app: State<'_, App>) -> Result<ScheduleDto> {
    get(&app)
}

/// `set_schedule`: sets the daily run time (`HH:MM`, organisation zone) or, with null or
/// an empty text, turns the scheduled run off. One transaction with its audit event.
#[tauri::command(async)]
pub fn set_schedule(app: State<'_, App>, time: Option<String>) -> Result<ScheduleDto> {
    set(&app, time.as_deref())
}

/// The body of [`get_schedule`].
pub fn get(app: &App) -> Result<ScheduleDto> {
    let now = Utc::now();
    let s = app.read_with(|conn| schedule::status(conn, now))?;
    Ok(ScheduleDto {
        time: s.schedule.map(|s| s.time.format("%H:%M").to_string()),
        time_zone: s.zone.name().to_owned(),
        next_run_at: match s.decision {
            Decision::Off => None,
            Decision::RunNow { .. } => Some(ww_core::period::iso_millis(now)),
            Decision::WaitUntil { next } => Some(ww_core::period::iso_millis(next)),
        },
        due_now: matches!(s.decision, Decision::RunNow { .. }),
        last_scheduled_start: s.last_scheduled_start.map(ww_core::period::iso_millis),
    })
}

/// The body of [`set_schedule`].
pub fn set(app: &App, time: Option<&str>) -> Result<ScheduleDto> {
    let time = match time.map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(schedule::parse_time(t)?),
    };
    app.write_with(|conn| schedule::set(conn, time, Utc::now()))?;
    get(app)
}
