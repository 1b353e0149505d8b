//! Read models for the desktop's run and employee screens: plain SELECTs over the store that
//! return what the engine wrote (statuses, evidence, case actions), decided nowhere else.
//!
//! * [`runs`]: one run with its outcome counts and log ([`runs::run_detail`]) and a page of
//!   its outcomes ([`runs::run_outcomes`], paged in SQL).
//! * [`history`]: the run history, filtered in SQL, with as-of dates and scope targets
//!   ([`history::run_history`]).
//! * [`employees`]: an employee's facts, latest outcome per measure and recent case activity
//!   ([`employees::employee_profile`]).
//!
//! Each function reads in the caller's connection; none writes. The case worklist and the case
//! detail are ww-casework's (`ww_casework::cases`, `ww_casework::worklist`).

pub mod employees;
pub mod history;
pub mod runs;
