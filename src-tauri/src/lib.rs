//! WorkWell desktop shell (Tauri v2).
//!
//! The shell is thin: it opens the database once at start-up ([`state::App`]), then each
//! command in [`commands`] calls one engine function and converts its error to the
//! `{code, message}` shape of [`error::CommandError`]. Every decision (compliance, case
//! transitions, export contents) is made by the engine crates and tested headlessly.

pub mod admin_model;
pub mod bindings;
pub mod commands;
pub mod dto;
pub mod dto_admin;
pub mod dto_audit;
pub mod dto_cases;
pub mod dto_history;
pub mod dto_overview;
pub mod dto_runs;
pub mod dto_studio;
pub mod error;
pub mod files;
pub mod run;
pub mod schedule;
pub mod state;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_admin;
#[cfg(test)]
mod tests_audit;
#[cfg(test)]
mod tests_cases;
#[cfg(test)]
mod tests_overview;

use tauri::Manager;

/// Builds and runs the application until its last window closes.
///
/// # Panics
/// When the window system cannot be initialised (no display) or the database cannot be
/// opened; the error is printed before exiting.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let db_path = state::resolve_db_path(
                std::env::var_os(state::DB_ENV),
                ww_store::db::default_path,
            )?;
            let state = state::App::open(&db_path)?;
            // APP-C: the daily scheduled run (a missed one runs now, at launch).
            schedule::spawn(db_path.clone());
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::status::app_status,
            commands::overview::programs_overview,
            commands::overview::program_detail,
            commands::schedule::get_schedule,
            commands::schedule::set_schedule,
            commands::measures::list_measures,
            commands::employees::list_employees,
            commands::runs::list_runs,
            commands::cases::list_sites,
            commands::cases::list_cases,
            commands::audit::list_audit_events,
            commands::audit::verify_audit_chain,
            commands::audit_log::search_audit_events,
            commands::audit_log::export_audit_csv,
            commands::audit_log::audit_options,
            commands::terminology::list_value_sets,
            commands::terminology::list_mappings,
            commands::terminology::list_integrations,
            commands::run::run_all_programs,
            commands::run::cancel_run,
            // APP-A: case work, runs and employees
            commands::cases::bulk_case_action,
            commands::cases::export_cases_csv,
            commands::case_detail::get_case,
            commands::case_detail::case_assign,
            commands::case_detail::case_add_note,
            commands::case_detail::case_escalate,
            commands::case_detail::case_schedule,
            commands::case_detail::case_resolve,
            commands::case_detail::case_rerun,
            commands::case_detail::preview_outreach,
            commands::case_detail::send_outreach,
            commands::packets::export_packet,
            commands::packets::verify_packet_file,
            commands::runs::get_run,
            commands::runs::list_run_outcomes,
            commands::runs::export_run_outcomes_csv,
            commands::run::start_run,
            commands::run::rerun_run,
            commands::employees::search_employees,
            commands::employees::employee_profile,
            // APP-B: measure catalog and Studio
            commands::measures::measure_catalog,
            commands::studio::studio_measure,
            commands::studio::studio_new_version,
            commands::studio::studio_save_cql,
            commands::studio::studio_save_spec,
            commands::studio::studio_compile,
            commands::studio::studio_link_value_set,
            commands::studio::studio_fixtures,
            commands::studio::studio_run_fixtures,
            commands::studio::studio_add_fixture,
            commands::studio::studio_edit_fixture,
            commands::studio::studio_remove_fixture,
            commands::studio::studio_set_osha_reference,
            commands::studio::studio_approve,
            commands::studio::studio_activate,
            commands::studio::studio_deprecate,
            commands::studio::studio_deprecation_preview,
            commands::studio::search_osha_references,
            // APP-D: value sets, mappings and Admin
            commands::terminology::value_set_detail,
            commands::terminology::import_value_set,
            commands::terminology::diff_value_sets,
            commands::terminology::propose_mapping,
            commands::terminology::decide_mapping,
            commands::admin::sync_integration,
            commands::admin::import_fhir_files,
            commands::admin::import_roster_file,
            commands::admin::list_outreach_templates,
            commands::admin::preview_outreach_template,
            commands::admin::list_deliveries,
            commands::admin::list_waivers,
            commands::admin::grant_waiver,
            commands::admin::revoke_waiver,
            commands::admin::get_settings,
            commands::admin::save_settings,
            commands::admin::list_time_zones,
            commands::admin::demo_reset,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("WorkWell could not start: {e}");
            std::process::exit(1);
        });
}
