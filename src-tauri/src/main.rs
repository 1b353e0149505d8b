//! WorkWell desktop application entry point.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // The start-up trace (off unless WORKWELL_LOG=debug or WORKWELL_STARTUP_TRACE is set).
    workwell_app::state::startup::init();
    workwell_app::state::startup::mark("main", "entered main");
    workwell_app::run();
}
