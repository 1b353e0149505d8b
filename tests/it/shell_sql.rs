//! The desktop shell holds no SQL (docs/architecture.md, "The shell is thin"): every query is
//! a read model or an action in the engine crates, tested there. This scans the shell's
//! sources, test code aside, for SQLite calls and SQL statements.

use std::path::{Path, PathBuf};

/// Text that only SQL code contains: rusqlite calls on a connection or statement, and the
/// statement keywords (upper case, as the project writes SQL).
const SQL_MARKS: [&str; 16] = [
    ".prepare(",
    ".prepare_cached(",
    ".query_row(",
    ".query_map(",
    ".query(",
    ".execute(",
    ".execute_batch(",
    ".pragma_update(",
    "rusqlite::params",
    "OptionalExtension",
    "SELECT ",
    "INSERT INTO",
    "DELETE FROM",
    "UPDATE ",
    "CREATE TABLE",
    "CREATE INDEX",
];

/// `path:line: text` for every line of `source` that looks like SQL, test code aside: the
/// item after each `#[cfg(test)]` (an inline module to its closing brace, or `mod x;`).
/// Test files are skipped by the caller.
fn sql_lines(path: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Inside a test item: (braces opened minus closed so far, whether one has opened).
    let mut in_test: Option<(i64, bool)> = None;
    for (n, line) in source.lines().enumerate() {
        if let Some((depth, opened)) = in_test {
            let depth = depth + line.matches('{').count() as i64 - line.matches('}').count() as i64;
            let opened = opened || line.contains('{');
            let ended = if opened {
                depth <= 0
            } else {
                line.trim_end().ends_with(';')
            };
            in_test = if ended { None } else { Some((depth, opened)) };
            continue;
        }
        if line.trim() == "#[cfg(test)]" {
            in_test = Some((0, false));
            continue;
        }
        if SQL_MARKS.iter().any(|m| line.contains(m)) {
            found.push(format!("{path}:{}: {}", n + 1, line.trim()));
        }
    }
    found
}

/// Every `.rs` file under `dir`, except test files (`tests*.rs`, `*_tests.rs`).
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            sources(&path, out);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let test_file = name.starts_with("tests") || name.ends_with("_tests.rs");
        if name.ends_with(".rs") && !test_file {
            out.push(path);
        }
    }
}

#[test]
fn the_desktop_shell_has_no_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 20, "the shell's sources: {files:?}");
    let found: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("readable source");
            let shown = f.strip_prefix(&root).unwrap_or(f).display().to_string();
            sql_lines(&format!("src-tauri/src/{shown}"), &text)
        })
        .collect();
    assert!(
        found.is_empty(),
        "SQL belongs in ww-core / ww-casework read models, not in the shell:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_sql_and_skips_test_code() {
    let source = "use rusqlite::{params, Connection, OptionalExtension};\n\
        fn f(conn: &Connection) {\n\
            conn.query_row(\"SELECT status FROM cases WHERE id = ?1\", [1], |r| r.get(0));\n\
            ww_core::run::execute(conn, &ev, &req, &opts);\n\
        }\n\
        #[cfg(test)]\n\
        mod tests {\n\
            fn t() { conn.execute(\"DELETE FROM cases\", []); }\n\
        }\n\
        #[cfg(test)]\n\
        mod more_tests;\n\
        fn g(c: &Connection) { c.execute(\"UPDATE cases SET status = 'OPEN'\", []); }\n";
    assert_eq!(
        sql_lines("x.rs", source),
        [
            "x.rs:1: use rusqlite::{params, Connection, OptionalExtension};",
            "x.rs:3: conn.query_row(\"SELECT status FROM cases WHERE id = ?1\", [1], |r| r.get(0));",
            "x.rs:12: fn g(c: &Connection) { c.execute(\"UPDATE cases SET status = 'OPEN'\", []); }",
        ]
    );
}
