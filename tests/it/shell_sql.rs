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

/// `path:line: text` for every line of `source` (test code aside) that looks like SQL. Test
/// code is a file's trailing `#[cfg(test)]` module; test files are skipped by the caller.
fn sql_lines(path: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        if line.trim() == "#[cfg(test)]" {
            break;
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
        mod tests { fn t() { conn.execute(\"DELETE FROM cases\", []); } }\n";
    assert_eq!(
        sql_lines("x.rs", source),
        [
            "x.rs:1: use rusqlite::{params, Connection, OptionalExtension};",
            "x.rs:3: conn.query_row(\"SELECT status FROM cases WHERE id = ?1\", [1], |r| r.get(0));",
        ]
    );
}
