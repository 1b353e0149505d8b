//! Generates the Tauri context (config, capabilities, icons) at compile time.
//!
//! The app's own commands are declared here, so Tauri generates one `allow-<command>`
//! permission per command and the window may call only those its capability file grants
//! (`capabilities/default.json`).

/// Every command in `src/commands`, as registered in `generate_handler!`.
const COMMANDS: &[&str] = &[
    "app_status",
    "programs_overview",
    "program_detail",
    "get_schedule",
    "set_schedule",
    "list_measures",
    "list_employees",
    "list_runs",
    "list_sites",
    "list_cases",
    "list_audit_events",
    "verify_audit_chain",
    "search_audit_events",
    "export_audit_csv",
    "audit_options",
    "list_value_sets",
    "list_mappings",
    "list_integrations",
    "run_all_programs",
    "cancel_run",
    // APP-A: case work, runs and employees
    "bulk_case_action",
    "export_cases_csv",
    "get_case",
    "case_assign",
    "case_add_note",
    "case_escalate",
    "case_schedule",
    "case_resolve",
    "case_rerun",
    "preview_outreach",
    "send_outreach",
    "export_packet",
    "verify_packet_file",
    "get_run",
    "list_run_outcomes",
    "export_run_outcomes_csv",
    "start_run",
    "rerun_run",
    "search_employees",
    "employee_profile",
    // APP-B: measure catalog and Studio
    "measure_catalog",
    "studio_measure",
    "studio_new_version",
    "studio_save_cql",
    "studio_save_spec",
    "studio_compile",
    "studio_link_value_set",
    "studio_fixtures",
    "studio_run_fixtures",
    "studio_add_fixture",
    "studio_edit_fixture",
    "studio_remove_fixture",
    "studio_set_osha_reference",
    "studio_approve",
    "studio_activate",
    "studio_deprecate",
    "studio_deprecation_preview",
    "search_osha_references",
    // APP-D: value sets, mappings and Admin
    "value_set_detail",
    "import_value_set",
    "diff_value_sets",
    "propose_mapping",
    "decide_mapping",
    "sync_integration",
    "import_fhir_files",
    "import_roster_file",
    "list_outreach_templates",
    "preview_outreach_template",
    "list_deliveries",
    "list_waivers",
    "grant_waiver",
    "revoke_waiver",
    "get_settings",
    "save_settings",
    "list_time_zones",
    "demo_reset",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
