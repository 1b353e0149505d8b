//! Static type checker for CQL libraries and expressions (CQL 1.5 §3 "Developer's
//! Guide", §5.6 "Type conversions", Appendix B "CQL Reference"): reports, before any
//! evaluation, what the reference translator rejects as type errors, e.g.
//!
//! - `1 + 'a'`: "Could not resolve call to operator Add with signature (System.Integer,
//!   System.String)." (overload resolution with implicit conversions, [`signatures`]);
//! - `[Procedure] P where P.performedDate > 5`: "Procedure has no element
//!   'performedDate'. Did you mean 'performed'?" (the FHIR R4 model of
//!   [`crate::fhir::model`]);
//! - `where` / `if` / `when` / `such that` conditions that are not Boolean;
//! - wrong argument counts and types for system and user-defined functions
//!   (`Count(5)`, `Length('a', 'b')`), tuple members that do not exist.
//!
//! The lattice ([`types`]) has the System types, `List<T>`, `Interval<T>`, tuples,
//! choices, FHIR types with FHIRHelpers' implicit conversions to System types, and
//! `Any`. Whatever the checker does not understand is `Any` and never reported, so a
//! library the engine accepts is not flagged by guesswork.

pub mod infer;
pub mod signatures;
mod support;
pub mod types;

pub use types::Type;

use infer::{Checker, Unit};
use ww_cql_syntax::{self as syn, Diagnostic, LineIndex};

/// Type-checks library `lib` (parsed from `source`), resolving names through
/// `includes` (the parsed libraries it may include, found by their header name;
/// `FHIRHelpers` is always the built-in one). Returns error diagnostics with line and
/// column in `source`, in source order; included libraries are typed but not reported.
pub fn check_library(
    source: &str,
    lib: &syn::Library,
    includes: &[&syn::Library],
) -> Vec<Diagnostic> {
    with_big_stack(|| check_library_inner(source, lib, includes))
}

fn check_library_inner(
    source: &str,
    lib: &syn::Library,
    includes: &[&syn::Library],
) -> Vec<Diagnostic> {
    let index = LineIndex::new(source);
    let unit = Unit::new(lib, includes);
    let li = unit.libs.len() - 1;
    let mut diags = Vec::new();
    for p in &lib.parameters {
        let mut c = Checker::new(&unit, Some(li), Some(&index));
        if let Some(d) = &p.default {
            let dt = c.infer(d);
            if let Some(ts) = &p.type_specifier {
                let declared = c.type_spec(ts);
                if !types::converts(&dt, &declared) {
                    let msg = format!(
                        "The default of parameter '{}' has type '{dt}', but the parameter is declared '{declared}'.",
                        p.name.name
                    );
                    diags.push(Diagnostic::error(&index, d.span, msg));
                }
            }
        }
        diags.append(&mut c.diags);
    }
    for s in &lib.statements {
        let mut c = Checker::new(&unit, Some(li), Some(&index));
        match s {
            syn::Statement::Expression(d) => {
                c.infer(&d.expression);
            }
            syn::Statement::Function(f) => {
                if let syn::FunctionBody::Expression(body) = &f.body {
                    for op in &f.operands {
                        let t = c.type_spec(&op.type_specifier);
                        c.push(&op.name.name, t);
                    }
                    let bt = c.infer(body);
                    if let Some(rt) = &f.return_type {
                        let declared = c.type_spec(rt);
                        if !types::converts(&bt, &declared) {
                            let msg = format!(
                                "Function '{}' is declared to return '{declared}', but its body has type '{bt}'.",
                                f.name.name
                            );
                            diags.push(Diagnostic::error(&index, body.span, msg));
                        }
                    }
                }
            }
            syn::Statement::Context(_) => {}
        }
        diags.append(&mut c.diags);
    }
    diags.sort_by_key(|d| (d.line, d.column));
    diags.dedup();
    diags
}

/// Type-checks a lone expression (as in the conformance tests: no library, so every
/// name must be a query alias or `let`). Positions are in `source`.
pub fn check_expression(source: &str, expr: &syn::Expr) -> Vec<Diagnostic> {
    with_big_stack(|| check_expression_inner(source, expr))
}

fn check_expression_inner(source: &str, expr: &syn::Expr) -> Vec<Diagnostic> {
    let index = LineIndex::new(source);
    let empty = syn::Library::default();
    let unit = Unit::new(&empty, &[]);
    let mut c = Checker::new(&unit, None, Some(&index));
    c.infer(expr);
    let mut diags = c.diags;
    diags.sort_by_key(|d| (d.line, d.column));
    diags.dedup();
    diags
}

/// The static type of a lone expression (`Any` where unknown), ignoring diagnostics.
pub fn expression_type(expr: &syn::Expr) -> Type {
    with_big_stack(|| {
        let empty = syn::Library::default();
        let unit = Unit::new(&empty, &[]);
        Checker::new(&unit, None, None).infer(expr)
    })
}

/// Stack for checking: the parser allows chains of 1,000 operators and nesting 200 deep,
/// and inference recurses once per node.
const STACK_BYTES: usize = 256 << 20;

/// Runs `f` on a scoped thread with a [`STACK_BYTES`] stack (reserved, touched only as
/// deep as the tree goes); runs it in place when no thread can be started.
fn with_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let run = || {
        let f = slot.lock().ok().and_then(|mut s| s.take());
        f.map(|f| f())
    };
    let spawned = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("cql-typecheck".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, run)
            .ok()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    match spawned.flatten() {
        Some(t) => t,
        None => run()
            .unwrap_or_else(|| unreachable!("the checker ran neither on a thread nor in place")),
    }
}
