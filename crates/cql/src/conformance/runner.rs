//! Running the conformance suite with the oracle's pass rule
//! (`tools/cql-oracle/README.md`, "suite"):
//!
//! 1. a test marked invalid passes on any error (compile or run time) and fails on a value;
//! 2. otherwise an error fails; a value passes when its literal equals the expected
//!    literal (as written, or as this engine renders the expected expression);
//! 3. failing that, the test passes when `(EXPR) ~ (EXPECTED)` evaluates to true.
//!
//! Every test runs on its own thread with a 1 s deadline inside the evaluator and a
//! hard wait limit outside it; a panic is caught and counted as a failure.

use super::suite::{read_suite, Invalid, TestCase};
use crate::api::{evaluate_expression_with, ExpressionError};
use crate::error::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use ww_cql_value::{DateTime, Value};

/// Per-test time limit.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(1);

/// The result of one test.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    /// `<group>` name.
    pub group: String,
    /// `<test>` name.
    pub name: String,
    /// Whether it passed.
    pub passed: bool,
    /// What came out (a literal or `error: ...`), for reports.
    pub actual: String,
    /// What was expected.
    pub expected: String,
    /// How long it took.
    pub elapsed: Duration,
}

/// The results of one XML file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// File name without folder and extension (e.g. `CqlQueryTests`).
    pub file: String,
    /// Each test's outcome in file order.
    pub outcomes: Vec<TestOutcome>,
}

impl FileReport {
    /// Number of passing tests.
    pub fn passed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.passed).count()
    }

    /// Number of failing tests.
    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.passed()
    }
}

fn render(r: &std::result::Result<Value, ExpressionError>) -> String {
    match r {
        Ok(v) => v.to_cql_literal(),
        Err(e) => format!("error: {e}"),
    }
}

/// Whitespace outside string literals removed and calendar units singular, so literals
/// written with different spacing or unit plurals compare equal.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_str = false;
    let mut prev = '\0';
    for c in s.chars() {
        if c == '\'' && prev != '\\' {
            in_str = !in_str;
        }
        if in_str || !c.is_whitespace() {
            out.push(c);
        }
        prev = c;
    }
    for (pl, sg) in [
        ("years", "year"),
        ("months", "month"),
        ("weeks", "week"),
        ("days", "day"),
        ("hours", "hour"),
        ("minutes", "minute"),
        ("seconds", "second"),
        ("milliseconds", "millisecond"),
    ] {
        out = out.replace(pl, sg);
    }
    out
}

/// Runs one test (on the calling thread) and judges it.
pub fn judge(t: &TestCase, now: DateTime) -> (bool, String, String) {
    let deadline = Some(Instant::now() + TEST_TIMEOUT);
    let params = HashMap::new();
    let result = evaluate_expression_with(&t.expression, now, &params, deadline);
    let actual = render(&result);
    let expected_text = t.outputs.join(", ");
    if t.invalid == Invalid::Yes {
        return (result.is_err(), actual, "an error".into());
    }
    let Ok(value) = result else {
        return (false, actual, expected_text);
    };
    if t.outputs.is_empty() {
        return (value.is_null(), actual, "null".into());
    }
    let expected = &t.outputs[0];
    let got = normalise(&actual);
    if got == normalise(expected) {
        return (true, actual, expected_text);
    }
    if let Ok(ev) = evaluate_expression_with(expected, now, &params, deadline) {
        if got == normalise(&ev.to_cql_literal()) {
            return (true, actual, expected_text);
        }
    }
    let eq = format!("({}) ~ ({})", t.expression, expected);
    let pass = matches!(
        evaluate_expression_with(&eq, now, &params, deadline),
        Ok(Value::Boolean(true))
    );
    (pass, actual, expected_text)
}

/// Runs one test on a worker thread with the time limit and panic guard.
pub fn run_test(t: &TestCase, now: DateTime) -> TestOutcome {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    let tc = t.clone();
    let spawned = std::thread::Builder::new()
        .stack_size(32 * 1024 * 1024)
        .spawn(move || {
            let r = std::panic::catch_unwind(|| judge(&tc, now));
            let _ = tx.send(r);
        });
    let (passed, actual, expected) = match spawned {
        Err(e) => (
            false,
            format!("error: cannot start test thread: {e}"),
            String::new(),
        ),
        Ok(_) => match rx.recv_timeout(TEST_TIMEOUT * 3) {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => (false, "error: panic".into(), t.outputs.join(", ")),
            Err(_) => (false, "error: timed out".into(), t.outputs.join(", ")),
        },
    };
    let elapsed = start.elapsed();
    let passed = passed && elapsed <= TEST_TIMEOUT;
    TestOutcome {
        group: t.group.clone(),
        name: t.name.clone(),
        passed,
        actual,
        expected,
        elapsed,
    }
}

/// Runs every test of one XML file.
///
/// # Errors
/// When the file cannot be read or parsed.
pub fn run_file(path: &Path, now: DateTime) -> Result<FileReport> {
    let tests = read_suite(path)?;
    let outcomes = tests.iter().map(|t| run_test(t, now)).collect();
    Ok(FileReport {
        file: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        outcomes,
    })
}

/// The `.xml` files of a folder, sorted by name.
///
/// # Errors
/// When the folder cannot be read.
pub fn suite_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| crate::Error::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("xml"))
        .collect();
    files.sort();
    Ok(files)
}

/// The fixed evaluation time of conformance runs: 2025-06-15T12:00:00.000Z.
pub fn conformance_now() -> DateTime {
    crate::api::parse_now("2025-06-15T12:00:00.000Z").unwrap_or_else(unreachable_now)
}

fn unreachable_now() -> DateTime {
    // The literal above is valid; this keeps the function total without panicking.
    DateTime::from_fields(
        [
            Some(2025),
            Some(6),
            Some(15),
            Some(12),
            Some(0),
            Some(0),
            Some(0),
        ],
        0,
    )
    .unwrap_or(DateTime {
        year: 2025,
        month: 6,
        day: 15,
        hour: 12,
        minute: 0,
        second: 0,
        millisecond: 0,
        precision: ww_cql_value::Precision::Millisecond,
        offset: 0,
    })
}
