//! Regression guard over the cqframework/cql-tests suite (`../shared/cql-tests/cql`):
//! every test not listed in `conformance/known-failures.txt` must pass, none may take
//! more than a second; listed tests that now pass are reported so the list shrinks.

use std::collections::BTreeSet;
use std::path::PathBuf;
use ww_cql::conformance;

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cql-tests/cql")
}

fn known_failures() -> BTreeSet<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance/known-failures.txt");
    let text = std::fs::read_to_string(&path).expect("known-failures.txt is readable");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split("  ").next().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn no_conformance_test_regresses() {
    let dir = suite_dir();
    if !dir.exists() {
        eprintln!("conformance suite not found at {}; skipping", dir.display());
        return;
    }
    let known = known_failures();
    let now = conformance::conformance_now();
    let mut regressions = Vec::new();
    let mut now_passing = Vec::new();
    let mut slow = Vec::new();
    let (mut passed, mut total) = (0, 0);
    for f in conformance::suite_files(&dir).expect("suite folder is readable") {
        let report = conformance::run_file(&f, now).expect("suite file parses");
        for o in &report.outcomes {
            total += 1;
            let id = format!("{}/{}/{}", report.file, o.group, o.name);
            if o.elapsed > conformance::runner::TEST_TIMEOUT {
                slow.push(id.clone());
            }
            if o.passed {
                passed += 1;
                if known.contains(&id) {
                    now_passing.push(id);
                }
            } else if !known.contains(&id) {
                regressions.push(format!("{id}: got {} expected {}", o.actual, o.expected));
            }
        }
    }
    eprintln!("conformance: {passed} of {total} pass");
    if !now_passing.is_empty() {
        eprintln!(
            "now passing (remove from known-failures.txt):\n  {}",
            now_passing.join("\n  ")
        );
    }
    assert!(slow.is_empty(), "tests over 1 s: {slow:?}");
    assert!(
        regressions.is_empty(),
        "{} conformance test(s) regressed:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}
