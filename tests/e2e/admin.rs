//! Admin and terminology mappings in the real window: a time zone Rust refuses shows its
//! message beside the field; a valid one is saved and is still there after the screen is
//! opened again; a REVIEWED mapping is approved from the mappings screen and its row shows
//! the new status.

use crate::webdriver::{Element, Session};
use std::time::{Duration, Instant};

/// The first element matching `css`, waiting up to `secs` seconds (screenshot on failure).
fn one(s: &Session, css: &str, secs: u64) -> Element {
    let found = s
        .wait_for(css, 1, Duration::from_secs(secs))
        .unwrap_or_else(|e| {
            let _ = s.screenshot("admin-failed");
            panic!("{e}")
        });
    found.into_iter().next().expect("one element")
}

/// Waits until `script` (a function body returning a string) answers `expected`.
fn wait_value(s: &Session, script: &str, expected: &str, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut last = serde_json::Value::Null;
    while Instant::now() < deadline {
        last = s.execute(script).unwrap();
        if last.as_str() == Some(expected) {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = s.screenshot("admin-failed");
    panic!("waited {secs} s for {script:?} to be {expected:?}; last {last}");
}

/// Waits until the first element matching `css` has text containing `part`; answers it.
fn wait_text(s: &Session, css: &str, part: &str, secs: u64) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Some(e) = s.find_all(css).unwrap().first() {
            last = s.text(e).unwrap_or_default();
            if last.contains(part) {
                return last;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = s.screenshot("admin-failed");
    panic!("waited {secs} s for {css:?} to contain {part:?}; last text {last:?}");
}

/// Replaces the text of an input: select all (Control+A), then type.
fn retype(s: &Session, input: &Element, text: &str) {
    s.click(input).unwrap();
    s.type_keys(input, "\u{E009}a\u{E000}").unwrap();
    s.type_keys(input, text).unwrap();
}

const ZONE_VALUE: &str = "return document.querySelector('[data-testid=org-time-zone]').value;";

fn open_settings(s: &Session) {
    let admin = one(s, "a[href='#/admin']", 5);
    s.click(&admin).unwrap();
    let tab = one(s, "#tab-settings", 10);
    s.click(&tab).unwrap();
    one(s, "[data-testid=org-time-zone]", 30);
}

#[test]
fn admin_time_zone_persists_and_a_mapping_is_approved() {
    let dir = tempfile::tempdir().unwrap();
    let s = crate::launch(&dir);
    one(&s, "[data-testid=program-card]", 120);

    // Integrations: the four cards, and a real check of the FHIR store.
    let admin = one(&s, "a[href='#/admin']", 5);
    s.click(&admin).unwrap();
    let cards = s
        .wait_for("[data-testid=integration]", 4, Duration::from_secs(30))
        .unwrap();
    assert_eq!(cards.len(), 4);
    let sync = one(&s, "[data-testid=integration][data-id=fhir] button", 5);
    s.click(&sync).unwrap();
    wait_text(
        &s,
        "[data-testid=integration][data-id=fhir] [data-testid=sync-result]",
        "resources",
        30,
    );
    s.screenshot("admin-integrations").unwrap();

    // Settings: Rust refuses a zone that is not IANA, and says so beside the field.
    open_settings(&s);
    wait_value(&s, ZONE_VALUE, "UTC", 10);
    let zone = one(&s, "[data-testid=org-time-zone]", 5);
    retype(&s, &zone, "Mars/Olympus");
    let save = one(&s, "section[aria-label=Settings] button[type=submit]", 5);
    s.click(&save).unwrap();
    let message = wait_text(&s, "#err-orgTimeZone", "not an IANA time zone", 15);
    assert!(message.contains("Mars/Olympus"), "{message}");
    s.screenshot("admin-settings-refused").unwrap();

    retype(&s, &zone, "America/Chicago");
    s.click(&save).unwrap();
    wait_text(
        &s,
        "[data-testid=settings-saved]",
        "organisation time zone",
        15,
    );
    assert!(s.find_all("#err-orgTimeZone").unwrap().is_empty());

    // Open another screen, then Admin again: the stored zone comes back from the database.
    let overview = one(&s, "a[href='#/overview']", 5);
    s.click(&overview).unwrap();
    one(&s, "[data-testid=program-card]", 30);
    open_settings(&s);
    wait_value(&s, ZONE_VALUE, "America/Chicago", 15);
    s.screenshot("admin-settings-persisted").unwrap();

    // Mappings: approve the demo's REVIEWED mapping; the row shows APPROVED.
    let link = one(&s, "a[href='#/mappings']", 5);
    s.click(&link).unwrap();
    let reviewed = one(&s, "[data-testid=mapping-row][data-status=REVIEWED]", 30);
    let code = s
        .execute(
            "return document.querySelector('[data-testid=mapping-row][data-status=REVIEWED]').dataset.localCode;",
        )
        .unwrap()
        .as_str()
        .expect("the row names its local code")
        .to_owned();
    let text = s.text(&reviewed).unwrap();
    assert!(text.contains("Reviewed"), "{text}");
    let approve = one(
        &s,
        "[data-testid=mapping-row][data-status=REVIEWED] td.actions button:nth-child(2)",
        5,
    );
    assert_eq!(s.text(&approve).unwrap(), "Approve");
    s.click(&approve).unwrap();
    let notes = one(&s, "input[aria-label='Decision notes']", 5);
    s.type_keys(&notes, "Checked against the CPT code book")
        .unwrap();
    s.screenshot("mappings-approving").unwrap();
    let confirm = one(&s, "[data-testid=confirm-decision]", 5);
    s.click(&confirm).unwrap();
    let approved = one(
        &s,
        &format!("[data-testid=mapping-row][data-local-code='{code}'][data-status=APPROVED]"),
        30,
    );
    let text = s.text(&approved).unwrap();
    assert!(text.contains("Approved"), "{text}");
    assert!(text.contains("Checked against the CPT code book"), "{text}");
    s.screenshot("mappings-approved").unwrap();

    // Value sets: a seeded set's detail shows its codes and the measure versions using it.
    let link = one(&s, "a[href='#/valuesets']", 5);
    s.click(&link).unwrap();
    let name = one(&s, "[data-testid=value-set] button", 30);
    s.click(&name).unwrap();
    let detail = wait_text(&s, "[data-testid=value-set-detail]", "Used by", 15);
    assert!(detail.contains("Codes ("), "{detail}");
    s.screenshot("value-set-detail").unwrap();

    // Outreach: a template rendered with the sample values Rust chose.
    let admin = one(&s, "a[href='#/admin']", 5);
    s.click(&admin).unwrap();
    let tab = one(&s, "#tab-outreach", 10);
    s.click(&tab).unwrap();
    let preview = one(
        &s,
        "section[aria-label='Outreach templates'] tbody button",
        30,
    );
    s.click(&preview).unwrap();
    wait_text(&s, "[data-testid=template-preview]", "Sample Employee", 15);
    s.screenshot("admin-outreach").unwrap();

    // Waivers: the demo's waivers listed with the employee's id and name and their state.
    let tab = one(&s, "#tab-waivers", 10);
    s.click(&tab).unwrap();
    let row = one(&s, "[data-testid=waiver-row]", 30);
    let text = s.text(&row).unwrap();
    assert!(
        ["Active", "Future", "Expired", "Revoked"]
            .iter()
            .any(|state| text.contains(state)),
        "{text}"
    );
    s.screenshot("admin-waivers").unwrap();

    // Revoke a waiver that is not revoked yet, from today (the date left blank): Rust
    // revokes it and the row shows REVOKED with the day it stopped applying.
    let id = s
        .execute(
            "return [...document.querySelectorAll('[data-testid=waiver-row]')]\
             .find((r) => r.querySelector('button[aria-expanded]'))?.dataset.id ?? '';",
        )
        .unwrap();
    let id = id.as_str().unwrap_or_default().to_owned();
    assert!(!id.is_empty(), "the demo has a waiver that can be revoked");
    let row_css = format!("[data-testid=waiver-row][data-id='{id}']");
    let open = one(&s, &format!("{row_css} button[aria-expanded]"), 5);
    s.click(&open).unwrap();
    let reason = one(&s, "input[aria-label='Revocation reason']", 5);
    s.type_keys(&reason, "Returned to duty").unwrap();
    one(&s, "input[aria-label='Revocation date']", 5);
    let submit = one(
        &s,
        "form[aria-label^='Revoke the waiver'] button[type=submit]",
        5,
    );
    s.click(&submit).unwrap();
    wait_value(
        &s,
        &format!("return document.querySelector(\"{row_css}\")?.dataset.state ?? '';"),
        "REVOKED",
        15,
    );
    wait_text(&s, &row_css, "Revoked from ", 15);
    s.screenshot("admin-waiver-revoked").unwrap();

    // Demo reset asks for the typed confirmation; Cancel leaves the database alone.
    let tab = one(&s, "#tab-reset", 10);
    s.click(&tab).unwrap();
    let open = one(&s, "section[aria-label='Demo reset'] button", 10);
    s.click(&open).unwrap();
    one(&s, "[role=dialog] [data-testid=reset-confirmation]", 10);
    s.screenshot("admin-reset-dialog").unwrap();
    let cancel = one(&s, "[role=dialog] button.secondary", 5);
    s.click(&cancel).unwrap();
    assert!(s.find_all("[role=dialog]").unwrap().is_empty());

    // Typing RESET replaces the database (the old file is kept beside it) and the window
    // reloads on the new one: the time zone set above is back to the default.
    s.click(&open).unwrap();
    let confirm = one(&s, "[role=dialog] [data-testid=reset-confirmation]", 10);
    s.type_keys(&confirm, "RESET").unwrap();
    let submit = one(&s, "[role=dialog] button[type=submit]", 5);
    s.click(&submit).unwrap();
    wait_text(&s, "[role=dialog] [role=status]", "New demo database", 120);
    s.screenshot("admin-reset-done").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !s.find_all("[role=dialog]").unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the window did not reload");
        std::thread::sleep(Duration::from_millis(200));
    }
    open_settings(&s);
    wait_value(&s, ZONE_VALUE, "UTC", 15);
    let archived: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("workwell.") && n.ends_with(".db") && n != "workwell.db")
        .collect();
    assert_eq!(archived.len(), 1, "the old file is kept: {archived:?}");
}
