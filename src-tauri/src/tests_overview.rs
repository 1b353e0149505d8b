//! Headless tests of the overview, program detail and schedule commands (APP-C).

use crate::error::ErrorCode;
use crate::schedule::{tick, Tick};
use crate::state::App;
use chrono::{Duration, Utc};
use std::sync::OnceLock;

fn demo() -> &'static App {
    static APP: OnceLock<(tempfile::TempDir, App)> = OnceLock::new();
    let (_, app) = APP.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("workwell.db")).unwrap();
        (dir, app)
    });
    app
}

#[test]
fn overview_shows_the_first_launch_run_on_every_card() {
    let o = crate::commands::overview::overview(demo()).unwrap();
    assert_eq!(o.programs.len(), 4);
    let last = o.last_run.as_ref().expect("first launch runs all programs");
    assert_eq!(last.scope_type, "ALL_PROGRAMS");
    let mut open = 0;
    for p in &o.programs {
        let c = p
            .counts
            .as_ref()
            .unwrap_or_else(|| panic!("{} has counts", p.name));
        let total = c.compliant + c.due_soon + c.overdue + c.missing_data + c.excluded;
        assert!(total > 0, "{}", p.name);
        assert_eq!(p.counted_run_id.as_deref(), Some(last.id.as_str()));
        assert_eq!(p.trend.len(), 1, "{}", p.name);
        assert_eq!(p.trend[0].counts, *c);
        let listed: u32 = p.top_sites.iter().map(|g| g.overdue).sum();
        assert!(listed <= c.overdue, "{}", p.name);
        if c.overdue > 0 {
            assert!(
                !p.top_sites.is_empty() && !p.top_roles.is_empty(),
                "{}",
                p.name
            );
        }
        open += p.open_cases;
    }
    assert_eq!(o.open_cases, open);
    assert!(o.compliance_pct.is_some());
}

#[test]
fn program_detail_is_the_card_of_one_measure() {
    let o = crate::commands::overview::overview(demo()).unwrap();
    let card = &o.programs[0];
    let detail = crate::commands::overview::program(demo(), &card.measure_id).unwrap();
    assert_eq!(&detail, card);
    let err = crate::commands::overview::program(demo(), "not-an-id").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let unknown = ww_store::ids::MeasureId::new().to_string();
    let err = crate::commands::overview::program(demo(), &unknown).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn schedule_is_set_read_and_refused_when_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("ww.db")).unwrap();
    let off = crate::commands::schedule::get(&app).unwrap();
    assert_eq!(
        (off.time, off.next_run_at, off.due_now),
        (None, None, false)
    );
    assert_eq!(off.time_zone, "UTC");

    let on = crate::commands::schedule::set(&app, Some("06:30")).unwrap();
    assert_eq!(on.time.as_deref(), Some("06:30"));
    // Setting the time never makes a slot that already passed due.
    assert!(!on.due_now);
    assert!(on
        .next_run_at
        .as_deref()
        .unwrap()
        .contains("T06:30:00.000Z"));

    let err = crate::commands::schedule::set(&app, Some("25:00")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(
        crate::commands::schedule::get(&app)
            .unwrap()
            .time
            .as_deref(),
        Some("06:30"),
        "a refused time changes nothing"
    );
    let cleared = crate::commands::schedule::set(&app, Some("")).unwrap();
    assert_eq!(cleared.time, None);
}

/// A slot missed while the app was closed runs once at the next check, with trigger
/// SCHEDULED, and shows on the overview; the next check waits for tomorrow's slot.
#[test]
fn a_missed_slot_runs_once_at_launch() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("ww.db")).unwrap();
    let now = Utc::now();
    let set_two_days_ago = now - Duration::days(2);
    let time = (now - Duration::hours(1)).time();
    app.write_with(|conn| ww_core::overview::schedule::set(conn, Some(time), set_two_days_ago))
        .unwrap();
    assert!(crate::commands::schedule::get(&app).unwrap().due_now);

    let Tick::Ran(run_id) = tick(app.db_path(), now).unwrap() else {
        panic!("a missed slot runs");
    };
    let again = tick(app.db_path(), now + Duration::minutes(1)).unwrap();
    assert!(
        matches!(again, Tick::Waiting(next) if next > now),
        "{again:?}"
    );

    let o = crate::commands::overview::overview(&app).unwrap();
    let scheduled = o.last_scheduled_run.expect("the scheduled run is listed");
    assert_eq!(scheduled.id, run_id);
    assert_eq!(scheduled.trigger_type, "SCHEDULED");
    assert_eq!(o.last_run.unwrap().id, run_id);
    assert!(o.programs.iter().all(|p| p.trend.len() == 2));
}
