//! Case work in the real window: open an overdue case from the worklist, assign it, preview
//! and send outreach (the demo database's simulated provider), export the case packet and
//! check the file's SHA-256 here, independently of the app, against what the window shows.
//!
//! The save dialog cannot be driven through WebDriver, so the test uses the window's other
//! export button, which writes to the app's export folder (`exports/` beside the database
//! file) and shows the path it wrote: the same command and bytes, no test-only hook.

use crate::webdriver::{Element, Session};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

/// Waits until the first element matching `css` has text for which `ok` holds; answers it.
fn wait_text(s: &Session, css: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    loop {
        if let Some(e) = s.find_all(css).unwrap().first() {
            last = s.text(e).unwrap_or_default();
            if ok(&last) {
                return last;
            }
        }
        if Instant::now() > deadline {
            let _ = s.screenshot("cases-wait-failed");
            panic!("waited {timeout:?} for {css:?}; last text {last:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The single element matching `css`, waiting up to `secs` seconds.
fn one(s: &Session, css: &str, secs: u64) -> Element {
    let found = s
        .wait_for(css, 1, Duration::from_secs(secs))
        .unwrap_or_else(|e| {
            let _ = s.screenshot("cases-failed");
            panic!("{e}")
        });
    found.into_iter().next().expect("one element")
}

#[test]
fn overdue_case_assign_outreach_and_verified_packet() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let s = crate::launch(&dir);

    // The first launch seeds the demo database and runs all programs before the window shows.
    one(&s, "[data-testid=program-card]", 120);
    let link = one(&s, "a[href='#/cases']", 5);
    s.click(&link).unwrap();
    let row = one(&s, "[data-testid=case-row][data-outcome=OVERDUE]", 60);
    let employee = s.text(&row).unwrap();
    s.screenshot("cases-worklist").unwrap();
    // A row opens with a click anywhere but its checkbox (WebDriver clicks cells, not rows).
    let cell = one(
        &s,
        "[data-testid=case-row][data-outcome=OVERDUE] td:nth-child(2)",
        5,
    );
    s.click(&cell).unwrap();
    one(&s, "[data-testid=case-detail]", 30);
    let header = wait_text(
        &s,
        "[data-testid=case-detail] h2",
        Duration::from_secs(10),
        |t| !t.is_empty(),
    );
    // The row reads "<name><external id> · <site>..." (the demo's ids are `emp-NNN`).
    let at = employee.find("emp-").expect("an emp- id in the row");
    let name = employee[..at].trim().to_owned();
    let id: String = employee[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    assert!(
        header.contains(&name) && header.contains(&id),
        "the detail {header:?} is the clicked case of {name} {id}"
    );
    let why = s
        .text(&one(&s, "section[aria-label='Why flagged']", 5))
        .unwrap();
    assert!(
        why.contains("Outcome Status"),
        "define results shown: {why}"
    );
    // Enum values read as words (QA3 H9).
    assert!(why.contains("Overdue"), "{why}");
    s.screenshot("case-detail").unwrap();

    // Assign: the assignee box starts with the acting user (settings user_name).
    let assign = one(&s, "[data-testid=assign-button]", 5);
    s.click(&assign).unwrap();
    wait_text(
        &s,
        "[data-testid=case-assignee]",
        Duration::from_secs(20),
        |t| t == "local-user",
    );

    // Outreach: pick a template other than the engine's default, preview it, then send; the
    // demo provider is simulated.
    let options = s
        .wait_for(
            "[data-testid=outreach-template] option",
            2,
            Duration::from_secs(10),
        )
        .unwrap();
    let mut picked = None;
    for o in &options {
        if s.attribute(o, "selected").unwrap().is_none() {
            let text = s.text(o).unwrap();
            s.click(o).unwrap();
            picked = text.split(" (").next().map(str::to_owned);
            break;
        }
    }
    let picked = picked.expect("a template besides the default");
    s.click(&one(&s, "[data-testid=outreach-preview]", 5))
        .unwrap();
    let preview = wait_text(
        &s,
        "[data-testid=outreach-preview-box]",
        Duration::from_secs(20),
        |t| t.contains("@workwell-demo.dev"),
    );
    assert!(
        preview.contains(&name),
        "the message names {name}: {preview}"
    );
    assert!(
        preview.contains(&format!("template “{picked}”")),
        "the preview renders the picked template {picked}: {preview}"
    );
    s.screenshot("case-outreach-preview").unwrap();
    s.click(&one(&s, "[data-testid=outreach-send]", 5)).unwrap();
    wait_text(
        &s,
        "[data-testid=outreach-sent]",
        Duration::from_secs(20),
        |t| t.contains("Simulated"),
    );

    // Packet: export to the exports folder, then hash the file here.
    s.click(&one(&s, "[data-testid=packet-export]", 5)).unwrap();
    let shown = wait_text(
        &s,
        "[data-testid=packet-sha256]",
        Duration::from_secs(30),
        |t| t.len() == 64,
    );
    let path = s
        .text(&one(&s, "[data-testid=packet-path]", 5))
        .unwrap()
        .trim()
        .to_owned();
    assert!(
        path.starts_with(&dir.path().join("exports").display().to_string()),
        "{path} is in the export folder beside the database"
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let hashed: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hashed, shown,
        "the file's SHA-256 is the one the window shows"
    );
    let packet: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(packet["packet_type"], "CASE");
    assert_eq!(packet["case"]["assignee"], "local-user");
    assert!(
        packet["outreach"]
            .as_array()
            .is_some_and(|o| o.iter().any(|d| d["status"] == "SIMULATED")),
        "the packet holds the simulated delivery"
    );

    // Verify re-hashes the file in Rust and finds its export record.
    s.click(&one(&s, "[data-testid=packet-verify]", 5)).unwrap();
    let check = wait_text(
        &s,
        "[data-testid=packet-check]",
        Duration::from_secs(20),
        |t| t.starts_with("Verified"),
    );
    assert!(check.contains(&shown), "{check}");

    // The timeline shows each step once.
    let timeline = s.text(&one(&s, "[data-testid=timeline]", 5)).unwrap();
    for step in ["Created", "Assigned", "Outreach sent"] {
        assert!(timeline.contains(step), "timeline lacks {step}: {timeline}");
    }
    assert_eq!(timeline.matches("Assigned").count(), 1, "{timeline}");
    let shot = s.screenshot("case-packet-verified").unwrap();
    println!(
        "screenshot: {}; case flow took {:.1} s",
        shot.display(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn run_detail_and_employee_profile_screens() {
    let dir = tempfile::tempdir().unwrap();
    let s = crate::launch(&dir);
    one(&s, "[data-testid=program-card]", 120);

    // Runs: the seeding run opens with its counts, log and outcomes.
    s.click(&one(&s, "a[href='#/runs']", 5)).unwrap();
    let cell = one(&s, "[data-testid=run-row] td:nth-child(2)", 30);
    s.screenshot("runs-history").unwrap();
    s.click(&cell).unwrap();
    one(&s, "[data-testid=run-detail]", 30);
    let outcomes = wait_text(
        &s,
        "section[aria-label=Outcomes]",
        Duration::from_secs(30),
        |t| t.contains(" of "),
    );
    assert!(
        outcomes.contains("1–50 of"),
        "first page of outcomes: {outcomes}"
    );
    let log = s
        .text(&one(&s, "section[aria-label='Run log']", 5))
        .unwrap();
    assert!(!log.contains("No log lines"), "{log}");
    s.screenshot("run-detail").unwrap();

    // Employee profile from an outcome row: facts, latest outcome per measure.
    let employee = one(&s, "table[aria-label='Run outcomes'] td a", 10);
    s.click(&employee).unwrap();
    let profile = wait_text(
        &s,
        "[data-testid=employee-profile]",
        Duration::from_secs(30),
        |t| t.contains("Latest outcome per measure"),
    );
    assert!(profile.contains("Open cases"), "{profile}");
    s.screenshot("employee-profile").unwrap();
}
