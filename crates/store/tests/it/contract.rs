//! The schema cannot drift from the contract: every column the contract lists exists in
//! SQLite with the same nullability, and every UNIQUE / INDEX it lists exists.
//!
//! The contract file lists the tables in a summary paragraph, then their column lists with
//! nothing between one table and the next (a line may end with one table's last column and
//! continue with the next table's `id ... PK`). The parser therefore:
//! 1. reads the table names from the summary (`name: description.`);
//! 2. splits the body into column blocks: a block starts at `id <TYPE> PK` wherever it occurs
//!    in a line, or at a column line that follows free text (the notes after a block);
//! 3. matches each block to the one contract table whose SQLite columns contain all of the
//!    block's columns. The file lists the last two tables (outreach_delivery_log,
//!    audit_packet_exports) in the opposite order to the summary, so matching by content is
//!    needed; the test requires the matching to be one-to-one over all summary tables.

use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

const CONTRACT: &str =
    include_str!("../../../../../shared/contract/workwell-mvp-schema-contract.txt");

const TYPES: &[&str] = &[
    "TIMESTAMPTZ",
    "BIGSERIAL",
    "BOOLEAN",
    "INTEGER",
    "NUMERIC",
    "BIGINT",
    "TEXT[]",
    "JSONB",
    "UUID",
    "TEXT",
    "DATE",
];

#[derive(Debug, Default)]
struct Block {
    /// (column, not null) in contract order.
    columns: Vec<(String, bool)>,
    /// Column lists of UNIQUE(...) / PRIMARY KEY(...) lines.
    uniques: Vec<Vec<String>>,
    /// (index name, columns) of INDEX lines.
    indexes: Vec<(String, Vec<String>)>,
}

/// Table names of the summary paragraph, in order.
fn summary_tables(text: &str) -> Vec<String> {
    let summary = text.lines().nth(1).expect("summary line");
    let mut names = Vec::new();
    for part in summary.split(':').collect::<Vec<_>>().windows(2) {
        // The text before each ':' ends with the table name (after the previous sentence).
        let before = part[0];
        let name: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// A column definition at the start of `s`: (name, rest after the type).
fn column_def(s: &str) -> Option<(String, &str)> {
    let (name, rest) = s.split_once(' ')?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return None;
    }
    let ty = TYPES.iter().find(|t| rest.starts_with(**t))?;
    Some((name.to_owned(), &rest[ty.len()..]))
}

fn list_in_parens(s: &str) -> Vec<String> {
    let inner = &s[s.find('(').expect("(") + 1..s.find(')').expect(")")];
    inner
        .split(',')
        .map(|c| c.split_whitespace().next().unwrap_or("").to_owned())
        .collect()
}

/// Splits a line where a new table's `id <TYPE> PK` is glued to the previous text.
fn split_glued(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = line;
    loop {
        let found = ["id UUID PK", "id BIGSERIAL PK", "id TEXT PK"]
            .iter()
            .filter_map(|p| rest.match_indices(p).map(|(i, _)| i).find(|&i| i > 0))
            .filter(|&i| {
                let prev = rest.as_bytes()[i - 1];
                !(prev.is_ascii_lowercase() || prev == b'_')
            })
            .min();
        match found {
            Some(i) => {
                parts.push(&rest[..i]);
                rest = &rest[i..];
            }
            None => {
                parts.push(rest);
                return parts;
            }
        }
    }
}

fn parse_blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut after_text = true;
    for line in text.lines().skip(2) {
        for piece in split_glued(line) {
            let piece = piece.trim();
            if let Some((name, rest)) = column_def(piece) {
                let starts_table =
                    (name == "id" && rest.trim_start().starts_with("PK")) || after_text;
                if starts_table {
                    blocks.push(Block::default());
                }
                let not_null = rest.contains("NOT NULL") || rest.trim_start().starts_with("PK");
                blocks
                    .last_mut()
                    .expect("block")
                    .columns
                    .push((name, not_null));
                after_text = false;
            } else if piece.starts_with("UNIQUE(") || piece.starts_with("PRIMARY KEY(") {
                if let Some(b) = blocks.last_mut() {
                    b.uniques.push(list_in_parens(piece));
                }
            } else if let Some(rest) = piece.strip_prefix("INDEX ") {
                if let Some(b) = blocks.last_mut() {
                    let name = rest[..rest.find('(').expect("(")].to_owned();
                    b.indexes.push((name, list_in_parens(rest)));
                }
            } else if !piece.is_empty() && !blocks.is_empty() {
                after_text = true;
            }
        }
    }
    blocks
}

/// (column -> not null) of a SQLite table.
fn sqlite_columns(conn: &Connection, table: &str) -> BTreeMap<String, bool> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA table_info(\"{table}\")"))
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get::<_, String>(1)?, r.get::<_, i64>(3)? == 1))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Column lists of the table's unique indexes (incl. PRIMARY KEY and UNIQUE constraints).
fn sqlite_unique_sets(conn: &Connection, table: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let names: Vec<(String, bool)> = conn
        .prepare(&format!("PRAGMA index_list(\"{table}\")"))
        .unwrap()
        .query_map([], |r| Ok((r.get(1)?, r.get::<_, i64>(2)? == 1)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, unique) in names {
        if unique {
            out.push(index_columns(conn, &name));
        }
    }
    out
}

fn index_columns(conn: &Connection, index: &str) -> Vec<String> {
    conn.prepare(&format!("PRAGMA index_info(\"{index}\")"))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(2))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_parser_reads_the_contract_as_seventeen_tables() {
    let tables = summary_tables(CONTRACT);
    assert_eq!(tables.len(), 17, "{tables:?}");
    assert_eq!(tables[0], "measures");
    assert_eq!(tables[16], "audit_packet_exports");
    let blocks = parse_blocks(CONTRACT);
    assert_eq!(blocks.len(), 17);
    let total: usize = blocks.iter().map(|b| b.columns.len()).sum();
    assert_eq!(total, 150, "contract column count");
    // Spot checks of the glued lines.
    assert_eq!(blocks[2].columns[0], ("id".to_owned(), true));
    assert_eq!(blocks[2].columns[1].0, "cfr_citation");
    assert_eq!(
        blocks[5].columns[0],
        ("measure_version_id".to_owned(), true)
    );
    assert_eq!(
        blocks[6].columns.last().unwrap(),
        &("active".to_owned(), false)
    );
}

#[test]
fn every_contract_column_exists_with_the_same_nullability() {
    let conn = ww_store::db::open_in_memory().unwrap();
    let tables = summary_tables(CONTRACT);
    let blocks = parse_blocks(CONTRACT);
    let mut matched: BTreeMap<String, usize> = BTreeMap::new();
    for (bi, block) in blocks.iter().enumerate() {
        let names: BTreeSet<&str> = block.columns.iter().map(|(c, _)| c.as_str()).collect();
        let candidates: Vec<&String> = tables
            .iter()
            .filter(|t| {
                let cols = sqlite_columns(&conn, t);
                names.iter().all(|c| cols.contains_key(*c))
            })
            .collect();
        assert_eq!(
            candidates.len(),
            1,
            "contract block {bi} ({names:?}) matches tables {candidates:?}"
        );
        let table = candidates[0];
        assert!(
            matched.insert(table.clone(), bi).is_none(),
            "two contract blocks match {table}"
        );
        let cols = sqlite_columns(&conn, table);
        for (col, not_null) in &block.columns {
            assert_eq!(
                cols[col],
                *not_null,
                "{table}.{col}: contract says {}",
                if *not_null { "NOT NULL" } else { "nullable" }
            );
        }
        let uniques = sqlite_unique_sets(&conn, table);
        for u in &block.uniques {
            assert!(
                uniques.contains(u),
                "{table}: UNIQUE({}) missing; have {uniques:?}",
                u.join(", ")
            );
        }
        for (name, cols) in &block.indexes {
            assert_eq!(&index_columns(&conn, name), cols, "{table}: index {name}");
        }
    }
    assert_eq!(matched.len(), tables.len(), "unmatched tables");
}

#[test]
fn integer_primary_keys_and_uuid_defaults() {
    let conn = ww_store::db::open_in_memory().unwrap();
    // A hand-written INSERT without an id still gets a v4 UUID.
    conn.execute("INSERT INTO measures (name) VALUES ('x')", [])
        .unwrap();
    let id: String = conn
        .query_row("SELECT id FROM measures", [], |r| r.get(0))
        .unwrap();
    let u = uuid::Uuid::parse_str(&id).unwrap();
    assert_eq!(u.get_version_num(), 4);
    let created: String = conn
        .query_row("SELECT created_at FROM measures", [], |r| r.get(0))
        .unwrap();
    assert_eq!(created.len(), 24, "{created}");
    assert!(created.ends_with('Z'));
}
