//! End-to-end tests: the real WorkWell window (the debug build of `workwell-app`, with the UI
//! embedded) driven through `tauri-driver` and WebKitWebDriver, on a fresh database that the
//! app creates with the demo content on first launch. Each test saves a screenshot under
//! `<target>/e2e-screenshots/`.
//!
//! Run by `scripts/test.sh` (under Xvfb, after building the UI and the app):
//! `cargo test -p ww-tests --features e2e --test e2e`.

mod admin;
mod cases;
mod overview;
mod studio;
mod webdriver;

use std::path::PathBuf;
use std::time::Duration;
use webdriver::Session;

/// `<target>/debug`: this test binary lives in `<target>/debug/deps/`.
fn target_debug() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent()
        .and_then(|deps| deps.parent())
        .expect("<target>/debug")
        .to_owned()
}

/// Launches the app on the database file `workwell.db` in `dir` (created with the demo
/// content when missing).
fn launch(dir: &tempfile::TempDir) -> Session {
    launch_with(dir, &[])
}

/// [`launch`] with more environment variables for the app (e.g. the start-up trace file).
fn launch_with(dir: &tempfile::TempDir, extra_env: &[(&str, &std::path::Path)]) -> Session {
    let debug = target_debug();
    let app = std::env::var_os("WORKWELL_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| debug.join("workwell-app"));
    assert!(
        app.exists(),
        "{} is missing: build it first with `cargo build -p workwell-app`",
        app.display()
    );
    let db = dir.path().join("workwell.db");
    let shots = debug.parent().expect("<target>").join("e2e-screenshots");
    // WebKitWebDriver now and then drops the very first connection while several windows
    // start at once ("POST /session: Peer disconnected"); a failed start is torn down whole
    // (its process group is killed), so trying again is clean. Three tries, then fail.
    let mut last = None;
    for _ in 0..3 {
        let mut env = vec![("WORKWELL_DB", db.as_path())];
        env.extend_from_slice(extra_env);
        match Session::start(&app, &env, shots.clone()) {
            Ok(session) => return session,
            Err(e) => {
                eprintln!("e2e: starting a session failed ({e:?}); trying again");
                last = Some(e);
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    }
    panic!("session with the app: {last:?}")
}

#[test]
fn overview_shows_the_four_demo_measures_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let s = launch(&dir);
    let cards = s
        .wait_for("[data-testid=program-card]", 4, Duration::from_secs(90))
        .unwrap_or_else(|e| {
            let _ = s.screenshot("overview-failed");
            panic!("{e}")
        });
    assert_eq!(cards.len(), 4, "one card per active demo measure");

    let mut names = Vec::new();
    for card in &cards {
        let text = s.text(card).unwrap();
        for status in [
            "Compliant",
            "Due soon",
            "Overdue",
            "Missing data",
            "Excluded",
        ] {
            assert!(text.contains(status), "card {text:?} lacks {status}");
        }
        names.push(text.lines().next().unwrap_or_default().to_lowercase());
    }
    for program in ["hearing", "tb", "flu", "hazwoper"] {
        assert!(
            names.iter().any(|n| n.contains(program)),
            "no card for the {program} program among {names:?}"
        );
    }
    let shot = s.screenshot("overview").unwrap();
    println!("screenshot: {}", shot.display());

    // Run all programs from the window and watch it finish.
    let button = s
        .wait_for("section.run-all button", 1, Duration::from_secs(10))
        .unwrap();
    s.click(&button[0]).unwrap();
    let done = s
        .wait_for("[data-testid=run-finished]", 1, Duration::from_secs(300))
        .unwrap_or_else(|e| {
            let _ = s.screenshot("run-all-failed");
            panic!("{e}")
        });
    let text = s.text(&done[0]).unwrap();
    assert!(
        text.contains("Completed") || text.contains("Partial failure"),
        "run ended {text:?}"
    );
    s.screenshot("run-all-finished").unwrap();

    // The worklist shows the open cases the runs made.
    let link = s
        .wait_for("a[href='#/cases']", 1, Duration::from_secs(5))
        .unwrap();
    s.click(&link[0]).unwrap();
    s.wait_for("[data-testid=case-row]", 1, Duration::from_secs(60))
        .unwrap_or_else(|e| {
            let _ = s.screenshot("cases-failed");
            panic!("{e}")
        });
    s.screenshot("cases").unwrap();
}
