//! Tauri commands: each is a few lines with typed arguments, one engine call and the error
//! conversion. They run off the main thread (`#[tauri::command(async)]`).

pub mod admin;
pub mod audit;
pub mod audit_log;
pub mod case_detail;
pub mod cases;
pub mod employees;
pub mod measures;
pub mod overview;
pub mod packets;
pub mod run;
pub mod runs;
pub mod schedule;
pub mod status;
pub mod studio;
pub mod terminology;
