//! Compiling a measure version (issue 6 item 2) through the WorkWell CQL engine.
//!
//! The result is stored on a DRAFT as `compile_status` (COMPILED, WARNINGS or ERROR) and
//! `compile_result`:
//!
//! ```json
//! {"cqlSha256": "...", "compiledAt": "2026-05-06T14:03:00.123Z",
//!  "library": {"name": "HearingConservationAudiogram", "version": "1.0"},
//!  "errors": 0, "warnings": 0,
//!  "diagnostics": [{"severity": "error", "line": 3, "column": 7, "message": "..."}],
//!  "valueSets": [{"url": "https://...", "line": 9, "column": 1, "linkedValueSetId": "a0000001-..."}]}
//! ```
//!
//! Each value set the CQL declares (by canonical URL, or `urn:oid:` OID) must be linked to the
//! version: a missing link is an error diagnostic at the declaration. `cqlSha256` lets the
//! approval gate see that the text changed since (a stale compile). Versions other than DRAFT
//! are frozen: compiling them reports without storing.
//!
//! An empty library, one without the defines runs read ([`REQUIRED_DEFINES`]), or a spec the
//! run engine cannot read (diagnostic at 0:0, "spec_json: ...") is an ERROR (QA finding G9).

use crate::audit::{actor, record};
use crate::lifecycle::{CompileStatus, VersionStatus};
use crate::measures::{cql_sha256, load_version};
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::ids::{MeasureVersionId, ValueSetId};
use ww_store::time::now_ts;
use ww_store::with_tx;

/// One diagnostic with its 1-based position in the version's CQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompileDiagnostic {
    /// `error` or `warning`.
    pub severity: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// What is wrong, in words a measure author acts on.
    pub message: String,
}

/// A value set the CQL declares and the linked value set that provides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclaredValueSet {
    /// The id the CQL uses (canonical URL or `urn:oid:...`).
    pub url: String,
    /// Position of the declaration (0 when not found in the text).
    pub line: u32,
    /// Column of the declaration.
    pub column: u32,
    /// The linked value set with that URL or OID, if any.
    pub linked_value_set_id: Option<ValueSetId>,
}

/// The outcome of compiling one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompileReport {
    /// The version.
    pub measure_version_id: MeasureVersionId,
    /// COMPILED, WARNINGS or ERROR.
    pub status: CompileStatus,
    /// Every diagnostic, by position.
    pub diagnostics: Vec<CompileDiagnostic>,
    /// Declared value sets and their links.
    pub value_sets: Vec<DeclaredValueSet>,
    /// The library's name and version from its header.
    pub library: (String, Option<String>),
    /// True when stored on the version (DRAFT only).
    pub stored: bool,
}

/// Where `valueset "..." : 'url'` is declared: the line and column of the `valueset` keyword.
fn declaration_position(cql: &str, url: &str) -> (u32, u32) {
    let quoted = format!("'{url}'");
    for (i, line) in cql.lines().enumerate() {
        if line.contains(&quoted) {
            if let Some(col) = line.find("valueset") {
                return (i as u32 + 1, line[..col].chars().count() as u32 + 1);
            }
        }
    }
    (0, 0)
}

/// Compiles `cql` and checks its value-set declarations against `linked`. Pure apart from
/// the engine; used by [`compile`] and by tests.
pub fn check(
    id: MeasureVersionId,
    cql: &str,
    linked: &[ww_store::value_sets::ValueSet],
) -> CompileReport {
    let lib = ww_cql::compile_library(cql, &[]);
    let mut diagnostics: Vec<CompileDiagnostic> = lib
        .diagnostics
        .iter()
        .map(|d| CompileDiagnostic {
            severity: d.severity.to_string(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
        })
        .collect();
    let mut value_sets = Vec::new();
    for url in lib.value_set_ids() {
        let (line, column) = declaration_position(cql, &url);
        let found = linked.iter().find(|vs| {
            vs.canonical_url.as_deref() == Some(url.as_str())
                || url == format!("urn:oid:{}", vs.oid)
                || url == vs.id.to_string()
        });
        if found.is_none() {
            diagnostics.push(CompileDiagnostic {
                severity: "error".into(),
                line: line.max(1),
                column: column.max(1),
                message: format!(
                    "value set '{url}' is declared but not linked to this measure version: link the value set with that canonical URL"
                ),
            });
        }
        value_sets.push(DeclaredValueSet {
            url,
            line,
            column,
            linked_value_set_id: found.map(|vs| vs.id),
        });
    }
    // QA G9: an empty library (or one without the defines runs read) compiled as COMPILED.
    if cql.trim().is_empty() {
        diagnostics.push(error_at(
            1,
            1,
            "the CQL is empty: a measure library needs the defines \"In Population\" and \
             \"Outcome Status\""
                .into(),
        ));
    } else if !diagnostics.iter().any(|d| d.severity == "error") {
        let names = lib.define_names();
        for required in REQUIRED_DEFINES {
            if !names.contains(required) {
                diagnostics.push(error_at(
                    1,
                    1,
                    format!(
                        "the library has no define \"{required}\": runs read \"In Population\" \
                         (Boolean) and \"Outcome Status\" (String) from every measure"
                    ),
                ));
            }
        }
    }
    let mut report = CompileReport {
        measure_version_id: id,
        status: CompileStatus::Compiled,
        diagnostics,
        value_sets,
        library: (lib.name().to_string(), lib.version().map(str::to_string)),
        stored: false,
    };
    report.settle();
    report
}

/// The defines the run engine reads from every measure (TEAM.md conventions).
pub const REQUIRED_DEFINES: &[&str] = &["In Population", "Outcome Status"];

fn error_at(line: u32, column: u32, message: String) -> CompileDiagnostic {
    CompileDiagnostic {
        severity: "error".into(),
        line,
        column,
        message,
    }
}

impl CompileReport {
    /// Sorts the diagnostics by position and derives the status from them.
    fn settle(&mut self) {
        self.diagnostics.sort_by_key(|a| (a.line, a.column));
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .count();
        self.status = if errors > 0 {
            CompileStatus::Error
        } else if self.diagnostics.is_empty() {
            CompileStatus::Compiled
        } else {
            CompileStatus::Warnings
        };
    }
}

/// The spec check of a compile (QA G9): a spec the run engine cannot read is an error
/// diagnostic at 0:0 (not a CQL position) naming the key.
fn check_spec(report: &mut CompileReport, spec: &serde_json::Value) {
    if let Err(e) = ww_core::spec::MeasureSpec::from_json(spec, "exam") {
        report
            .diagnostics
            .push(error_at(0, 0, format!("spec_json: {e}")));
        report.settle();
    }
}

/// Compiles a version's CQL; on a DRAFT stores `compile_status` and `compile_result` and
/// audits MEASURE_VERSION_COMPILED in one transaction.
///
/// # Errors
/// [`crate::Error::NotFound`] for an unknown version.
pub fn compile(conn: &mut Connection, id: MeasureVersionId) -> Result<CompileReport> {
    with_tx(conn, |tx| {
        let mut v = load_version(tx, id)?;
        let cql = v.cql_text.clone().unwrap_or_default();
        let linked = ww_store::measures::linked_value_sets(tx, id)?
            .into_iter()
            .filter_map(|vs| ww_store::value_sets::get(tx, vs).transpose())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut report = check(id, &cql, &linked);
        check_spec(&mut report, &v.spec_json);
        if v.status != VersionStatus::Draft {
            return Ok(report);
        }
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .count();
        let result = json!({
            "cqlSha256": cql_sha256(&cql),
            "compiledAt": now_ts(),
            "library": {"name": report.library.0, "version": report.library.1},
            "errors": errors,
            "warnings": report.diagnostics.len() - errors,
            "diagnostics": report.diagnostics,
            "valueSets": report.value_sets,
        });
        v.compile_status = Some(report.status);
        v.compile_result = Some(result);
        ww_store::measures::update_version(tx, &v)?;
        let who = actor(tx)?;
        record(
            tx,
            Ev::MeasureVersionCompiled,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({"status": report.status, "errors": errors,
                   "warnings": report.diagnostics.len() - errors, "cqlSha256": cql_sha256(&cql)}),
        )?;
        report.stored = true;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_position_finds_the_keyword() {
        let cql = "library X\n\n  valueset \"A\": 'http://x/a'\n";
        assert_eq!(declaration_position(cql, "http://x/a"), (3, 3));
        assert_eq!(declaration_position(cql, "http://x/b"), (0, 0));
    }
}
