//! The public API: compile a library (with its included libraries) into a
//! [`CompiledLibrary`], then evaluate it for one patient with parameters, a data
//! provider and a terminology provider; or evaluate one expression.

use crate::compile::{self, LibIr};
use crate::data::{DataProvider, NoData};
use crate::eval::Ctx;
use crate::terminology::{InMemoryTerminology, TerminologyProvider};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;
use ww_cql_syntax::{self as syn, Diagnostic, LineIndex, Severity};
use ww_cql_value::{literal, DateTime, EvalError, Value};

/// A compiled library: the library itself plus every library it includes, resolved,
/// and the diagnostics of compiling them (errors and warnings with line and column).
#[derive(Debug, Clone)]
pub struct CompiledLibrary {
    libs: Vec<LibIr>,
    /// Diagnostics in source order; those of included libraries name the library in
    /// the message (their line and column are in that library's text).
    pub diagnostics: Vec<Diagnostic>,
}

/// The value of one define (name as declared; the value or why it failed).
#[derive(Debug, Clone)]
pub struct DefineResult {
    /// The define's name.
    pub name: String,
    /// Its value, or the evaluation error (other defines are unaffected).
    pub value: Result<Value, EvalError>,
}

/// What one evaluation needs besides the library.
pub struct EvaluationRequest<'a> {
    /// The context patient's id (the id of its Patient resource); `None` evaluates
    /// patient-less (every retrieve is empty).
    pub patient_id: Option<&'a str>,
    /// The evaluation timestamp with its offset: `Now()`, `Today()`, `TimeOfDay()`, and
    /// the offset DateTimes written without one take.
    pub now: DateTime,
    /// Parameter values by name; parameters not given take their declared defaults.
    pub parameters: &'a HashMap<String, Value>,
    /// Clinical data.
    pub data: &'a dyn DataProvider,
    /// Value-set membership.
    pub terminology: &'a dyn TerminologyProvider,
    /// Optional wall-clock limit for the whole evaluation.
    pub deadline: Option<Instant>,
}

impl CompiledLibrary {
    /// True when any diagnostic is an error (the library should not be evaluated; if it
    /// is, defines touching the errors fail with an evaluation error).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn main(&self) -> &LibIr {
        &self.libs[self.libs.len() - 1]
    }

    /// The library's name (`Anonymous` without a `library` header).
    pub fn name(&self) -> &str {
        &self.main().name
    }

    /// The library's version, if declared.
    pub fn version(&self) -> Option<&str> {
        self.main().version.as_deref()
    }

    /// Names of the reported defines in source order.
    pub fn define_names(&self) -> Vec<&str> {
        self.main()
            .defines
            .iter()
            .filter(|d| d.reported)
            .map(|d| d.name.as_str())
            .collect()
    }

    /// Parameter names in declaration order.
    pub fn parameter_names(&self) -> Vec<&str> {
        self.main().params.iter().map(|p| p.name.as_str()).collect()
    }

    /// The ids (URLs) of the value sets the library and its includes declare, sorted.
    pub fn value_set_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .libs
            .iter()
            .flat_map(|l| l.terminology.values())
            .filter_map(|v| match v {
                Value::Resource(r) if r.type_name == "ValueSet" => r
                    .json
                    .get("url")
                    .and_then(|u| u.as_str())
                    .map(str::to_string),
                _ => None,
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Evaluates every reported define for one patient, in source order. One define's
    /// error never aborts the others, and a panic inside an operator is reported as
    /// that define's error.
    pub fn evaluate(&self, req: &EvaluationRequest<'_>) -> Vec<DefineResult> {
        let mut cx = Ctx::new(
            &self.libs,
            req.data,
            req.terminology,
            req.patient_id,
            req.now,
            req.parameters,
        );
        cx.deadline = req.deadline;
        let li = self.libs.len() - 1;
        let mut out = Vec::new();
        for (di, d) in self.main().defines.iter().enumerate() {
            if !d.reported {
                continue;
            }
            let value = match catch_unwind(AssertUnwindSafe(|| cx.define(li, di))) {
                Ok(r) => r,
                Err(_) => Err(EvalError::InvalidArgument(format!(
                    "internal error while evaluating '{}'",
                    d.name
                ))),
            };
            out.push(DefineResult {
                name: d.name.clone(),
                value,
            });
        }
        out
    }

    /// Evaluates one define by name (and whatever it depends on).
    pub fn evaluate_define(
        &self,
        name: &str,
        req: &EvaluationRequest<'_>,
    ) -> Option<Result<Value, EvalError>> {
        let li = self.libs.len() - 1;
        let di = *self.main().define_index.get(name)?;
        let mut cx = Ctx::new(
            &self.libs,
            req.data,
            req.terminology,
            req.patient_id,
            req.now,
            req.parameters,
        );
        cx.deadline = req.deadline;
        Some(
            catch_unwind(AssertUnwindSafe(|| cx.define(li, di))).unwrap_or_else(|_| {
                Err(EvalError::InvalidArgument(format!(
                    "internal error while evaluating '{name}'"
                )))
            }),
        )
    }
}

/// Compiles `source` with the texts of the libraries it may include (any order; each
/// is found by the name in its `library` header). `include FHIRHelpers` always resolves
/// to the built-in FHIRHelpers. Never fails: problems are diagnostics.
pub fn compile_library(source: &str, includes: &[&str]) -> CompiledLibrary {
    let mut libs = vec![compile::fhir_helpers_library()];
    let mut diagnostics = Vec::new();
    let parsed: Vec<(syn::Library, Vec<Diagnostic>, LineIndex)> = includes
        .iter()
        .map(|t| {
            let (l, d) = syn::parse_library(t);
            (l, d, LineIndex::new(t))
        })
        .collect();
    // Compile included libraries once their own includes are available.
    let mut pending: Vec<usize> = (0..parsed.len()).collect();
    while !pending.is_empty() {
        let ready = pending.iter().position(|&i| {
            parsed[i].0.includes.iter().all(|inc| {
                let n = &inc.library.name().name;
                libs.iter().any(|l| &l.name == n)
                    || !parsed.iter().any(|(p, _, _)| {
                        p.header.as_ref().is_some_and(|h| &h.name.name().name == n)
                    })
            })
        });
        let i = pending.remove(ready.unwrap_or(0));
        let (ast, pd, index) = &parsed[i];
        let mut d = pd.clone();
        let lib = compile::compile_library(ast, index, &libs, &mut d);
        for mut x in d {
            x.message = format!("in included library {}: {}", lib.name, x.message);
            diagnostics.push(x);
        }
        libs.push(lib);
    }
    let index = LineIndex::new(source);
    let (ast, mut d) = syn::parse_library(source);
    let main = compile::compile_library(&ast, &index, &libs, &mut d);
    libs.push(main);
    // Static types (crate::typecheck): add what name resolution did not already report
    // at the same place.
    let inc_asts: Vec<&syn::Library> = parsed.iter().map(|(l, _, _)| l).collect();
    for t in crate::typecheck::check_library(source, &ast, &inc_asts) {
        if !d
            .iter()
            .any(|x| x.span.start == t.span.start || (x.line == t.line && x.is_error()))
        {
            d.push(t);
        }
    }
    d.sort_by_key(|x| (x.line, x.column));
    diagnostics.extend(d);
    CompiledLibrary { libs, diagnostics }
}

/// Why a lone expression produced no value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExpressionError {
    /// Syntax or semantic errors (with line and column inside the expression).
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("; "))]
    Compile(Vec<Diagnostic>),
    /// Evaluation failed.
    #[error("{0}")]
    Eval(EvalError),
}

/// Evaluates one CQL expression patient-less at `now` (e.g. a conformance test).
pub fn evaluate_expression(expr: &str, now: DateTime) -> Result<Value, ExpressionError> {
    evaluate_expression_with(expr, now, &HashMap::new(), None)
}

/// Evaluates one expression patient-less at `now`, with an optional deadline (the
/// conformance runner's 1 s guard). A lone expression has no library, so `params` (the
/// evaluation's parameter overrides) can only matter to included definitions; pass an
/// empty map. Errors name the line and column inside `expr`.
pub fn evaluate_expression_with(
    expr: &str,
    now: DateTime,
    params: &HashMap<String, Value>,
    deadline: Option<Instant>,
) -> Result<Value, ExpressionError> {
    let index = LineIndex::new(expr);
    let ast = syn::parse_expression(expr).map_err(ExpressionError::Compile)?;
    let libs = vec![compile::fhir_helpers_library(), LibIr::default()];
    let mut diags = Vec::new();
    let (ir, _slots) = compile::compile_expression(&ast, &index, &libs, &mut diags);
    if !diags.iter().any(Diagnostic::is_error) {
        diags.extend(crate::typecheck::check_expression(expr, &ast));
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(ExpressionError::Compile(diags));
    }
    let term = InMemoryTerminology::new();
    let mut cx = Ctx::new(&libs, &NoData, &term, None, now, params);
    cx.deadline = deadline;
    match catch_unwind(AssertUnwindSafe(|| cx.eval(&ir))) {
        Ok(r) => r.map_err(ExpressionError::Eval),
        Err(_) => Err(ExpressionError::Eval(EvalError::InvalidArgument(
            "internal error while evaluating the expression".into(),
        ))),
    }
}

/// Parses an evaluation timestamp (`2025-06-15T12:00:00.000Z`, offsets allowed).
pub fn parse_now(text: &str) -> Option<DateTime> {
    literal::parse_iso_datetime(text.trim().trim_start_matches('@'), 0)
}

/// Parses a CQL literal or expression for a parameter value (`--param 'Name=expr'`),
/// evaluated at `now`.
pub fn parameter_value(expr: &str, now: DateTime) -> Result<Value, ExpressionError> {
    evaluate_expression(expr, now)
}

/// The libraries a source includes: (name, version) per `include` (syntax errors are
/// ignored here; `compile_library` reports them).
pub fn included_libraries(source: &str) -> Vec<(String, Option<String>)> {
    let (ast, _) = syn::parse_library(source);
    ast.includes
        .iter()
        .map(|i| {
            (
                i.library.name().name.clone(),
                i.version.as_ref().map(|v| v.value.clone()),
            )
        })
        .collect()
}

/// Milliseconds since the Unix epoch as UTC ISO-8601 with milliseconds
/// (`2026-05-06T14:03:00.123Z`).
pub fn format_epoch_ms_utc(ms: i64) -> String {
    let dt = DateTime::from_local_ms(
        ms + epoch_local_ms(),
        ww_cql_value::Precision::Millisecond,
        0,
    );
    match dt {
        Some(d) => {
            let lit = Value::DateTime(d).to_cql_literal();
            lit.trim_start_matches('@').replace("+00:00", "Z")
        }
        None => "1970-01-01T00:00:00.000Z".into(),
    }
}

/// The local-milliseconds value of 1970-01-01T00:00Z in the value crate's reckoning.
fn epoch_local_ms() -> i64 {
    DateTime::from_fields(
        [
            Some(1970),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
        ],
        0,
    )
    .map_or(0, |d| d.local_ms())
}
