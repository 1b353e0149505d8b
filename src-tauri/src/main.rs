//! WorkWell desktop application entry point.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    workwell_app::run();
}
