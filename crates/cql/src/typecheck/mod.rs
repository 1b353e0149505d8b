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
    let empty = syn::Library::default();
    let unit = Unit::new(&empty, &[]);
    Checker::new(&unit, None, None).infer(expr)
}
