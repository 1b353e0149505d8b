//! Declaring a library's names before bodies are compiled (so definitions may refer
//! to each other in any order), and "did you mean" suggestions.

use super::{DefineIr, FuncIr, LibIr, ParamIr};
use crate::ir::{Ir, Op, RetrieveIr};
use ww_cql_syntax::{self as syn, Diagnostic, LineIndex};

/// Registers definitions, parameters and functions of `ast` in `lib` with placeholder
/// bodies, reporting duplicates.
pub(super) fn declare(
    lib: &mut LibIr,
    ast: &syn::Library,
    index: &LineIndex,
    diags: &mut Vec<Diagnostic>,
) {
    for p in &ast.parameters {
        if lib.param_index.contains_key(&p.name.name) {
            diags.push(Diagnostic::error(
                index,
                p.name.span,
                format!("Parameter '{}' is declared twice.", p.name.name),
            ));
            continue;
        }
        lib.param_index
            .insert(p.name.name.clone(), lib.params.len());
        lib.params.push(ParamIr {
            name: p.name.name.clone(),
            default: None,
            type_spec: None,
            slots: 0,
        });
    }
    for s in &ast.statements {
        match s {
            syn::Statement::Context(c) => {
                if c.name.name == "Patient" {
                    lib.patient_context = true;
                }
            }
            syn::Statement::Expression(d) => {
                if lib.define_index.contains_key(&d.name.name) {
                    diags.push(Diagnostic::error(
                        index,
                        d.name.span,
                        format!("Definition '{}' is defined twice.", d.name.name),
                    ));
                    continue;
                }
                lib.define_index
                    .insert(d.name.name.clone(), lib.defines.len());
                lib.defines.push(DefineIr {
                    name: d.name.name.clone(),
                    body: Ir::Unresolved(String::new()),
                    reported: true,
                    slots: 0,
                });
            }
            syn::Statement::Function(f) => {
                lib.function_index
                    .entry(f.name.name.clone())
                    .or_default()
                    .push(lib.functions.len());
                lib.functions.push(FuncIr {
                    name: f.name.name.clone(),
                    operands: Vec::new(),
                    body: None,
                    slots: f.operands.len(),
                    fluent: f.fluent,
                    arity: f.operands.len(),
                });
            }
        }
    }
    if lib.patient_context && !lib.define_index.contains_key("Patient") {
        lib.define_index.insert("Patient".into(), lib.defines.len());
        lib.defines.push(DefineIr {
            name: "Patient".into(),
            body: Ir::Op(
                Op::SingletonFrom,
                vec![Ir::Retrieve(Box::new(RetrieveIr {
                    resource_type: "Patient".into(),
                    code_path: None,
                    terminology: None,
                }))],
            ),
            reported: false,
            slots: 0,
        });
    }
}

/// Levenshtein distance over characters, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate to `name`, when close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(
            suggest("Procedurs", ["Procedures", "Patient"]).as_deref(),
            Some("Procedures")
        );
        assert_eq!(suggest("xyz", ["Procedures"]), None);
    }
}
