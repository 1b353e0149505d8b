//! Library model and checker (CQL 1.5 §2 "Author's Guide", §3 "Developer's Guide",
//! §5.1 "Library"): name resolution across included libraries, parameters with
//! defaults, terminology declarations, definitions, functions (fluent, overloaded by
//! argument types), contexts, and diagnostics a measure author understands.

mod builtins;
mod expr;
mod names;
mod query;
mod timing;

pub(crate) use expr::compile_expression;
pub(crate) use names::suggest;

use crate::ir::{Ir, TypeSpec};
use std::collections::HashMap;
use std::sync::Arc;
use ww_cql_syntax::{self as syn, Diagnostic, LineIndex};
use ww_cql_value::{Code, Concept, Resource, Value};

/// One compiled expression definition.
#[derive(Debug, Clone)]
pub struct DefineIr {
    /// The definition name.
    pub name: String,
    /// The resolved body.
    pub body: Ir,
    /// False for `private` definitions and for the implicit `Patient` definition.
    pub reported: bool,
    /// Frame slots the body needs.
    pub slots: usize,
}

/// One compiled parameter.
#[derive(Debug, Clone)]
pub struct ParamIr {
    /// The parameter name.
    pub name: String,
    /// The default value expression, if declared.
    pub default: Option<Ir>,
    /// The declared type, if any.
    pub type_spec: Option<TypeSpec>,
    /// Frame slots the default needs.
    pub slots: usize,
}

/// One compiled function.
#[derive(Debug, Clone)]
pub struct FuncIr {
    /// The function name.
    pub name: String,
    /// Operand types (used to pick an overload at run time).
    pub operands: Vec<TypeSpec>,
    /// The body; `None` for `external` functions.
    pub body: Option<Ir>,
    /// Frame slots the body needs (operands first).
    pub slots: usize,
    /// `define fluent function`.
    pub fluent: bool,
    /// Number of operands.
    pub arity: usize,
}

/// One compiled library.
#[derive(Debug, Clone, Default)]
pub struct LibIr {
    /// Library name (`Anonymous` without a header).
    pub name: String,
    /// Version, if declared.
    pub version: Option<String>,
    /// Include alias -> library index (in the compiled unit).
    pub includes: HashMap<String, usize>,
    /// Definitions in source order.
    pub defines: Vec<DefineIr>,
    /// Definition name -> index.
    pub define_index: HashMap<String, usize>,
    /// Parameters in source order.
    pub params: Vec<ParamIr>,
    /// Parameter name -> index.
    pub param_index: HashMap<String, usize>,
    /// Functions in source order.
    pub functions: Vec<FuncIr>,
    /// Function name -> indexes (overloads).
    pub function_index: HashMap<String, Vec<usize>>,
    /// Terminology declarations (value sets, code systems, codes, concepts) as values.
    pub terminology: HashMap<String, Value>,
    /// True when this is the built-in FHIRHelpers.
    pub fhir_helpers: bool,
    /// True when the library declares `context Patient`.
    pub patient_context: bool,
}

/// A value set reference as a run-time value: a `ValueSet` FHIR value holding its id.
pub fn value_set_value(id: &str, version: Option<&str>) -> Value {
    let mut j = serde_json::json!({ "resourceType": "ValueSet", "id": id, "url": id });
    if let Some(v) = version {
        j["version"] = serde_json::Value::String(v.to_string());
    }
    Value::Resource(Arc::new(Resource {
        type_name: "ValueSet".into(),
        json: Arc::new(j),
    }))
}

/// A code system reference as a run-time value.
pub fn code_system_value(id: &str, version: Option<&str>) -> Value {
    let mut j = serde_json::json!({ "resourceType": "CodeSystem", "id": id, "url": id });
    if let Some(v) = version {
        j["version"] = serde_json::Value::String(v.to_string());
    }
    Value::Resource(Arc::new(Resource {
        type_name: "CodeSystem".into(),
        json: Arc::new(j),
    }))
}

/// The built-in FHIRHelpers library (`include FHIRHelpers version '4.0.1'`).
pub fn fhir_helpers_library() -> LibIr {
    LibIr {
        name: "FHIRHelpers".into(),
        version: Some("4.0.1".into()),
        fhir_helpers: true,
        ..LibIr::default()
    }
}

/// Compiles one parsed library against the already compiled `libs` (its includes are
/// looked up there by name). Diagnostics are appended to `diags`.
pub fn compile_library(
    ast: &syn::Library,
    index: &LineIndex,
    libs: &[LibIr],
    diags: &mut Vec<Diagnostic>,
) -> LibIr {
    let mut lib = LibIr {
        name: ast
            .header
            .as_ref()
            .map_or("Anonymous".to_string(), |h| h.name.dotted()),
        version: ast
            .header
            .as_ref()
            .and_then(|h| h.version.as_ref().map(|v| v.value.clone())),
        ..LibIr::default()
    };
    for u in &ast.usings {
        let m = u.model.dotted();
        if m != "FHIR" && m != "System" {
            diags.push(Diagnostic::error(
                index,
                u.model.span,
                format!("Unknown data model '{m}': only FHIR (4.0.1) and System are supported."),
            ));
        }
    }
    for inc in &ast.includes {
        let name = inc.library.dotted();
        let short = &inc.library.name().name;
        match libs.iter().position(|l| &l.name == short || l.name == name) {
            Some(i) => {
                lib.includes.insert(inc.local_name().to_string(), i);
            }
            None => diags.push(Diagnostic::error(
                index,
                inc.library.span,
                format!("Could not find included library '{name}'."),
            )),
        }
    }
    for cs in &ast.codesystems {
        lib.terminology.insert(
            cs.name.name.clone(),
            code_system_value(&cs.id.value, cs.version.as_ref().map(|v| v.value.as_str())),
        );
    }
    for vs in &ast.valuesets {
        lib.terminology.insert(
            vs.name.name.clone(),
            value_set_value(&vs.id.value, vs.version.as_ref().map(|v| v.value.as_str())),
        );
    }
    for c in &ast.codes {
        let system = terminology_system(&lib, libs, &c.system, index, diags);
        lib.terminology.insert(
            c.name.name.clone(),
            Value::Code(Arc::new(Code {
                code: Some(c.code.value.clone()),
                system: system.0,
                version: system.1,
                display: c.display.as_ref().map(|d| d.value.clone()),
            })),
        );
    }
    for c in &ast.concepts {
        let mut codes = Vec::new();
        for r in &c.codes {
            match lookup_terminology(&lib, libs, r) {
                Some(Value::Code(code)) => codes.push((*code).clone()),
                _ => diags.push(Diagnostic::error(
                    index,
                    r.span,
                    format!("Could not resolve code '{}'.", r.name.name),
                )),
            }
        }
        lib.terminology.insert(
            c.name.name.clone(),
            Value::Concept(Arc::new(Concept {
                codes,
                display: c.display.as_ref().map(|d| d.value.clone()),
            })),
        );
    }
    names::declare(&mut lib, ast, index, diags);
    expr::compile_bodies(&mut lib, ast, index, libs, diags);
    lib
}

fn lookup_terminology(lib: &LibIr, libs: &[LibIr], r: &syn::DefinitionRef) -> Option<Value> {
    match &r.library {
        Some(alias) => {
            let i = *lib.includes.get(&alias.name)?;
            libs[i].terminology.get(&r.name.name).cloned()
        }
        None => lib.terminology.get(&r.name.name).cloned(),
    }
}

/// The (url, version) of a code system reference, reporting unknown names.
fn terminology_system(
    lib: &LibIr,
    libs: &[LibIr],
    r: &syn::DefinitionRef,
    index: &LineIndex,
    diags: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<String>) {
    match lookup_terminology(lib, libs, r) {
        Some(Value::Resource(res)) if res.type_name == "CodeSystem" => (
            res.json
                .get("id")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            res.json
                .get("version")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        ),
        _ => {
            diags.push(Diagnostic::error(
                index,
                r.span,
                format!("Could not resolve code system '{}'.", r.name.name),
            ));
            (None, None)
        }
    }
}
