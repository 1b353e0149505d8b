//! Libraries as CQL text: definitions in the grammar's order, then the statements in
//! source order. Comments are not kept (the tree has none).

use super::text::{write_string, write_type};
use super::*;

/// Renders a library as CQL source text that parses back to the same library (comments
/// and layout aside): header, `using`, `include`, `codesystem`, `valueset`, `code`,
/// `concept` and `parameter` definitions, then `context` and `define` statements in order.
pub fn library_to_cql(lib: &Library) -> String {
    let mut out = Out::default();
    for d in &lib.directives {
        out.push('#');
        write_name(&mut out, &d.name.name);
        if let Some(v) = &d.value {
            out.push_str(": ");
            write_string(&mut out, &v.value);
        }
        out.push('\n');
    }
    if let Some(h) = &lib.header {
        out.push_str("library ");
        write_qualified(&mut out, &h.name);
        write_version(&mut out, &h.version);
        out.push_str("\n\n");
    }
    for u in &lib.usings {
        out.push_str("using ");
        write_qualified(&mut out, &u.model);
        write_version(&mut out, &u.version);
        write_called(&mut out, &u.alias);
        out.push('\n');
    }
    for i in &lib.includes {
        out.push_str("include ");
        write_qualified(&mut out, &i.library);
        write_version(&mut out, &i.version);
        write_called(&mut out, &i.alias);
        if let Some(b) = &i.bind {
            out.push_str(" bind ");
            write_expr(&mut out, b, 0);
        }
        out.push('\n');
    }
    for c in &lib.codesystems {
        write_access(&mut out, c.access);
        out.push_str("codesystem ");
        write_name(&mut out, &c.name.name);
        out.push_str(": ");
        write_string(&mut out, &c.id.value);
        write_version(&mut out, &c.version);
        out.push('\n');
    }
    for v in &lib.valuesets {
        write_access(&mut out, v.access);
        out.push_str("valueset ");
        write_name(&mut out, &v.name.name);
        out.push_str(": ");
        write_string(&mut out, &v.id.value);
        write_version(&mut out, &v.version);
        if !v.codesystems.is_empty() {
            out.push_str(" codesystems { ");
            for (i, c) in v.codesystems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_definition_ref(&mut out, c);
            }
            out.push_str(" }");
        }
        out.push('\n');
    }
    for c in &lib.codes {
        write_access(&mut out, c.access);
        out.push_str("code ");
        write_name(&mut out, &c.name.name);
        out.push_str(": ");
        write_string(&mut out, &c.code.value);
        out.push_str(" from ");
        write_definition_ref(&mut out, &c.system);
        write_display(&mut out, &c.display);
        out.push('\n');
    }
    for c in &lib.concepts {
        write_access(&mut out, c.access);
        out.push_str("concept ");
        write_name(&mut out, &c.name.name);
        out.push_str(": { ");
        for (i, r) in c.codes.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_definition_ref(&mut out, r);
        }
        out.push_str(" }");
        write_display(&mut out, &c.display);
        out.push('\n');
    }
    for p in &lib.parameters {
        write_access(&mut out, p.access);
        out.push_str("parameter ");
        write_name(&mut out, &p.name.name);
        if let Some(t) = &p.type_specifier {
            out.push(' ');
            write_type(&mut out, t);
        }
        if let Some(d) = &p.default {
            out.push_str(" default ");
            write_expr(&mut out, d, 0);
        }
        out.push('\n');
    }
    for s in &lib.statements {
        out.push('\n');
        match s {
            Statement::Context(c) => {
                out.push_str("context ");
                if let Some(m) = &c.model {
                    write_name(&mut out, &m.name);
                    out.push('.');
                }
                write_name(&mut out, &c.name.name);
                out.push('\n');
            }
            Statement::Expression(d) => {
                out.push_str("define ");
                write_access(&mut out, d.access);
                write_name(&mut out, &d.name.name);
                out.push_str(":\n  ");
                write_expr(&mut out, &d.expression, 0);
                out.push('\n');
            }
            Statement::Function(f) => {
                out.push_str("define ");
                write_access(&mut out, f.access);
                if f.fluent {
                    out.push_str("fluent ");
                }
                out.push_str("function ");
                write_name(&mut out, &f.name.name);
                out.push('(');
                for (i, op) in f.operands.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_referential(&mut out, &op.name.name);
                    out.push(' ');
                    write_type(&mut out, &op.type_specifier);
                }
                out.push(')');
                if let Some(r) = &f.return_type {
                    out.push_str(" returns ");
                    write_type(&mut out, r);
                }
                match &f.body {
                    FunctionBody::Expression(e) => {
                        out.push_str(":\n  ");
                        write_expr(&mut out, e, 0);
                    }
                    FunctionBody::External(_) => out.push_str(": external"),
                }
                out.push('\n');
            }
        }
    }
    out.text
}

fn write_access(out: &mut Out, access: AccessModifier) {
    if access == AccessModifier::Private {
        out.push_str("private ");
    }
}

fn write_qualified(out: &mut Out, q: &QualifiedIdentifier) {
    for (i, p) in q.parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        write_name(out, &p.name);
    }
}

fn write_version(out: &mut Out, v: &Option<StringLit>) {
    if let Some(v) = v {
        out.push_str(" version ");
        write_string(out, &v.value);
    }
}

fn write_called(out: &mut Out, alias: &Option<Ident>) {
    if let Some(a) = alias {
        out.push_str(" called ");
        write_name(out, &a.name);
    }
}

fn write_display(out: &mut Out, d: &Option<StringLit>) {
    if let Some(d) = d {
        out.push_str(" display ");
        write_string(out, &d.value);
    }
}
