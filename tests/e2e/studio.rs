//! The Studio in the real window: open a demo measure, make a new DRAFT version, add a test
//! fixture and run the fixtures, type CQL with an unresolved identifier on a known line, save,
//! compile, and find the engine's diagnostic at that line (gutter marker, underline and the
//! list under the editor).

use crate::launch;
use crate::webdriver::{Element, Session};
use std::time::Duration;

/// The audiogram measure of the demo content.
const AUDIOGRAM: &str = "b0000001-0000-0000-0000-000000000001";

/// The CQL the demo database starts with for that measure (the app embeds the same file).
const AUDIOGRAM_CQL: &str = include_str!("../../seeds/audiogram.cql");

fn wait(s: &Session, css: &str, what: &str, secs: u64) -> Vec<Element> {
    s.wait_for(css, 1, Duration::from_secs(secs))
        .unwrap_or_else(|e| {
            let _ = s.screenshot(&format!("studio-failed-{what}"));
            panic!("{what}: {e}")
        })
}

/// Waits until the Studio's notice contains `needle`; returns its text.
fn notice(s: &Session, needle: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let texts: Vec<String> = s
            .find_all("[data-testid=studio-notice]")
            .unwrap()
            .iter()
            .map(|e| s.text(e).unwrap_or_default())
            .collect();
        if let Some(t) = texts.iter().find(|t| t.contains(needle)) {
            return t.clone();
        }
        if std::time::Instant::now() > deadline {
            let _ = s.screenshot("studio-failed-notice");
            panic!("no notice with {needle:?}; notices: {texts:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn studio_shows_a_compile_diagnostic_at_its_line() {
    // The typed define lands on the empty line after the file's final newline.
    assert!(AUDIOGRAM_CQL.ends_with('\n'));
    let line = AUDIOGRAM_CQL.lines().count() + 1;
    let typed = "define \"Broken\": Nope + 1";
    let column = typed.find("Nope").unwrap() + 1;

    let dir = tempfile::tempdir().unwrap();
    let s = launch(&dir);
    let link = wait(&s, "a[href='#/measures']", "sidebar", 90);
    s.click(&link[0]).unwrap();
    let open = wait(
        &s,
        &format!("a[href='#/measures/{AUDIOGRAM}']"),
        "catalog",
        60,
    );
    assert_eq!(s.find_all("[data-testid=measure-row]").unwrap().len(), 4);
    s.click(&open[0]).unwrap();
    let title = wait(&s, "[data-testid=studio-title]", "studio", 30);
    assert!(s.text(&title[0]).unwrap().contains("Audiogram"));

    // New DRAFT version with its change summary.
    s.click(&wait(&s, "[data-testid=new-version]", "new-version", 10)[0])
        .unwrap();
    let summary = wait(&s, "[data-testid=change-summary]", "summary", 10);
    s.type_keys(&summary[0], "e2e: unresolved identifier")
        .unwrap();
    s.click(&s.find_all("[data-testid=create-version]").unwrap()[0])
        .unwrap();
    notice(&s, "new draft version");
    let select = wait(&s, "[data-testid=version-select]", "select", 10);
    assert!(
        s.text(&select[0]).unwrap().contains("1.1 — Draft"),
        "{}",
        s.text(&select[0]).unwrap()
    );

    // Fixtures tab: add a fixture for the draft (a bad as-of date is refused naming the
    // field), then run the fixtures: the new one really evaluates.
    add_and_run_fixture(&s);

    // Type the broken define at the end of the CQL, save, compile.
    s.click(&wait(&s, "[data-testid=tab-cql]", "cql-tab", 10)[0])
        .unwrap();
    let content = wait(&s, ".cm-content", "editor", 20);
    s.click(&content[0]).unwrap();
    s.type_keys(&content[0], "\u{E009}\u{E010}\u{E000}")
        .unwrap();
    s.type_keys(&content[0], typed).unwrap();
    wait(&s, "[data-testid=unsaved]", "unsaved", 10);
    s.click(&s.find_all("[data-testid=save-cql]").unwrap()[0])
        .unwrap();
    notice(&s, "Saved");
    s.click(&s.find_all("[data-testid=compile]").unwrap()[0])
        .unwrap();
    notice(&s, "Compile found errors");

    // The list under the editor names the line and column.
    let items = wait(&s, "[data-testid=diagnostic]", "diagnostics", 30);
    let mut found = None;
    for item in &items {
        let text = s.text(item).unwrap();
        if text.contains("Nope") {
            found = Some((item.clone(), text));
        }
    }
    let (item, text) = found.unwrap_or_else(|| panic!("no diagnostic names Nope"));
    assert_eq!(
        s.attribute(&item, "data-line").unwrap().as_deref(),
        Some(line.to_string().as_str())
    );
    assert!(
        text.contains(&format!("Line {line}, column {column}")),
        "{text}"
    );
    assert!(
        text.contains("Could not resolve identifier 'Nope'"),
        "{text}"
    );

    // The gutter marker sits on that line: its data-line, and the same row as the line
    // number N and the typed text.
    let marker = wait(
        &s,
        &format!(".ww-diag-marker[data-line='{line}']"),
        "gutter-marker",
        10,
    );
    let title = s
        .attribute(&marker[0], "title")
        .unwrap()
        .unwrap_or_default();
    assert!(title.contains("'Nope'"), "marker title {title:?}");
    // WebKitWebDriver reports no usable rectangles for CodeMirror's gutter elements, so the
    // marker's line is its `data-line` (set from the document position the marker sits at);
    // the underline must cover exactly the unresolved name.
    let underlined: Vec<String> = s
        .find_all(".cm-lintRange-error")
        .unwrap()
        .iter()
        .map(|e| s.text(e).unwrap_or_default())
        .collect();
    assert!(
        underlined.iter().any(|t| t == "Nope"),
        "underlined: {underlined:?}"
    );
    assert!(
        !s.find_all(".cm-lintRange-error").unwrap().is_empty(),
        "the identifier is underlined"
    );
    let shot = s.screenshot("studio-diagnostic").unwrap();
    println!("screenshot: {}", shot.display());

    // Approval is refused with the engine's reason.
    s.click(&s.find_all("[data-testid=tab-release]").unwrap()[0])
        .unwrap();
    s.click(&wait(&s, "[data-testid=approve]", "approve", 10)[0])
        .unwrap();
    let refused = notice(&s, "Approve refused");
    assert!(refused.contains("compile errors"), "{refused}");
    s.screenshot("studio-approve-refused").unwrap();
}

/// Waits until an element matching `css` has text containing `needle`; returns that text.
fn text_of(s: &Session, css: &str, needle: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let texts: Vec<String> = s
            .find_all(css)
            .unwrap()
            .iter()
            .map(|e| s.text(e).unwrap_or_default())
            .collect();
        if let Some(t) = texts.iter().find(|t| t.contains(needle)) {
            return t.clone();
        }
        if std::time::Instant::now() > deadline {
            let _ = s.screenshot("studio-failed-text");
            panic!("no {css} with {needle:?}; found {texts:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Adds the fixture "e2e-no-exam-on-record" (a Machine Operator with no audiogram, expected
/// MISSING_DATA) to the open DRAFT and runs the measure's fixtures on it.
fn add_and_run_fixture(s: &Session) {
    const NAME: &str = "e2e-no-exam-on-record";
    let select_all = "\u{E009}a\u{E000}";
    s.click(&wait(s, "[data-testid=tab-fixtures]", "fixtures-tab", 10)[0])
        .unwrap();
    let rows = wait(s, "[data-testid=fixture-row]", "fixture-rows", 30);
    assert_eq!(rows.len(), 6, "the audiogram's seeded fixtures");
    s.click(&wait(s, "[data-testid=add-fixture]", "add-fixture", 10)[0])
        .unwrap();
    let name = wait(s, "[data-testid=fixture-name]", "fixture-form", 10);
    s.type_keys(&name[0], NAME).unwrap();
    let option = wait(
        s,
        "[data-testid=fixture-expected] option[value=MISSING_DATA]",
        "status-option",
        10,
    );
    s.click(&option[0]).unwrap();
    // The new form copies the first fixture's employee (Machine Operator, started 2019).
    let role = s.find_all("[data-testid=fixture-role]").unwrap();
    assert_eq!(
        s.attribute(&role[0], "value").unwrap().as_deref(),
        Some("Machine Operator")
    );
    let as_of = s.find_all("[data-testid=fixture-as-of]").unwrap();
    s.type_keys(&as_of[0], select_all).unwrap();
    s.type_keys(&as_of[0], "2026-13-01").unwrap();
    s.click(&s.find_all("[data-testid=save-fixture]").unwrap()[0])
        .unwrap();
    let refusal = text_of(s, "[data-testid=fixture-refusal]", "asOf");
    assert!(
        refusal.contains("asOf: \"2026-13-01\" is not a calendar date (YYYY-MM-DD)"),
        "{refusal}"
    );
    s.type_keys(&as_of[0], select_all).unwrap();
    s.type_keys(&as_of[0], "2026-03-02").unwrap();
    s.click(&s.find_all("[data-testid=save-fixture]").unwrap()[0])
        .unwrap();
    notice(s, &format!("Fixture {NAME} added for draft 1.1"));
    s.wait_for("[data-testid=fixture-row]", 7, Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("7 fixture rows: {e}"));

    s.click(&s.find_all("[data-testid=run-fixtures]").unwrap()[0])
        .unwrap();
    let summary = text_of(s, "[data-testid=fixture-summary]", "pass");
    assert!(summary.contains("7 of 7 pass."), "{summary}");
    let row = s
        .find_all(&format!("[data-testid=fixture-row][data-name={NAME}]"))
        .unwrap();
    assert_eq!(row.len(), 1);
    assert_eq!(
        s.attribute(&row[0], "class").unwrap().as_deref(),
        Some("pass")
    );
    let actual = s.text(&row[0]).unwrap();
    assert!(actual.contains("Missing data"), "{actual}");
    let shot = s.screenshot("studio-fixture-added").unwrap();
    println!("screenshot: {}", shot.display());
}
