//! The Studio in the real window: open a demo measure, make a new DRAFT version, type CQL
//! with an unresolved identifier on a known line, save, compile, and find the engine's
//! diagnostic at that line (gutter marker, underline and the list under the editor).

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
    notice(&s, "new DRAFT");
    let select = wait(&s, "[data-testid=version-select]", "select", 10);
    assert!(
        s.text(&select[0]).unwrap().contains("1.1 — Draft"),
        "{}",
        s.text(&select[0]).unwrap()
    );

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
