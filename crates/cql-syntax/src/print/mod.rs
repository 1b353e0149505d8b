//! Printing syntax trees back to CQL text (for messages, traces and round-trip tests).
//!
//! The output re-parses to the same tree: parentheses are added where the grammar's
//! precedence requires them (and around queries and other forms that extend to the right,
//! whenever they are operands). Names that are not plain identifiers, or are keywords, are
//! written quoted (`"Measurement Period"`).

mod library;
mod query;
mod text;

use crate::ast::*;
pub use library::library_to_cql;
use query::{write_query, write_retrieve};
use std::fmt::Write;
pub use text::timing_phrase_to_cql;
use text::{
    quantity_text, unit_text, write_member_name, write_name, write_named_type, write_referential,
    write_string, write_type,
};

/// Renders `expr` as CQL source text.
pub fn expr_to_cql(expr: &Expr) -> String {
    let mut out = Out::default();
    write_expr(&mut out, expr, 0);
    out.text
}

/// Renders `expr` with every compound sub-expression in parentheses, showing how the
/// parser grouped it: `1 + 2 * 3` gives `1 + (2 * 3)`.
pub fn expr_to_cql_grouped(expr: &Expr) -> String {
    let mut out = Out {
        text: String::new(),
        grouped: true,
    };
    write_bare(&mut out, expr);
    out.text
}

/// Renders a type specifier as CQL (`List<FHIR.Observation>`).
pub fn type_to_cql(ty: &TypeSpecifier) -> String {
    let mut out = Out::default();
    write_type(&mut out, ty);
    out.text
}

/// Output buffer; `grouped` parenthesizes every compound operand.
#[derive(Default)]
struct Out {
    text: String,
    grouped: bool,
}

impl Out {
    fn push(&mut self, c: char) {
        self.text.push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }
}

impl Write for Out {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

// Precedence levels of the printed forms (tighter = larger), matching the parser.
const L_OPEN: u8 = 0; // forms that extend to the right: queries, if, case, distinct, ...
const L_BETWEEN: u8 = 9;
const L_EXISTS: u8 = 10;
const L_NOT: u8 = 11;
const L_TYPE: u8 = 12;
const L_PRIMARY: u8 = 13; // expression-level primaries and `is null`
const L_ADD: u8 = 14;
const L_MUL: u8 = 15;
const L_POW: u8 = 16;
const L_PREFIX: u8 = 17;
const L_POSTFIX: u8 = 18;
const L_ATOM: u8 = 19;

fn binary_level(op: BinaryOp) -> u8 {
    use BinaryOp::*;
    match op {
        Implies => 1,
        Or | Xor => 2,
        And => 3,
        Equal | NotEqual | Equivalent | NotEquivalent => 5,
        Less | LessOrEqual | Greater | GreaterOrEqual => 7,
        Union | Intersect | Except => 8,
        Add | Subtract | Concatenate => L_ADD,
        Multiply | Divide | TruncatedDivide | Modulo => L_MUL,
        Power => L_POW,
    }
}

fn level(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Query(_)
        | ExprKind::If { .. }
        | ExprKind::Case { .. }
        | ExprKind::Convert { .. }
        | ExprKind::Expand { .. }
        | ExprKind::Collapse { .. } => L_OPEN,
        ExprKind::Unary { op, .. } => match op {
            UnaryOp::Not => L_NOT,
            UnaryOp::Exists => L_EXISTS,
            UnaryOp::Distinct | UnaryOp::Flatten => L_OPEN,
            UnaryOp::IsNull
            | UnaryOp::IsNotNull
            | UnaryOp::IsTrue
            | UnaryOp::IsNotTrue
            | UnaryOp::IsFalse
            | UnaryOp::IsNotFalse => L_PRIMARY,
            _ => L_PREFIX,
        },
        ExprKind::Binary { op, .. } => binary_level(*op),
        ExprKind::Membership { .. } => 4,
        ExprKind::Timing { .. } => 6,
        ExprKind::Between { .. } => L_BETWEEN,
        ExprKind::Is { .. } => L_TYPE,
        ExprKind::As { strict: false, .. } => L_TYPE,
        ExprKind::As { strict: true, .. } => L_PRIMARY,
        ExprKind::DurationBetween { .. }
        | ExprKind::DifferenceBetween { .. }
        | ExprKind::Retrieve(_) => L_PRIMARY,
        ExprKind::DurationOf { .. }
        | ExprKind::DifferenceOf { .. }
        | ExprKind::DateTimeComponentFrom { .. }
        | ExprKind::TypeExtent { .. } => L_PREFIX,
        ExprKind::Number { text, .. } if text.starts_with('-') => L_PREFIX,
        ExprKind::Quantity(q) if q.value.starts_with('-') => L_PREFIX,
        // `Code '1' from S` would take a following `.f` as part of the system name.
        ExprKind::Code(c) if c.display.is_none() => L_PREFIX,
        ExprKind::Member { .. } | ExprKind::Indexer { .. } => L_POSTFIX,
        ExprKind::Call {
            target: Some(_), ..
        } => L_POSTFIX,
        _ => L_ATOM,
    }
}

/// Writes `e`, parenthesized when its level is looser than `min`.
fn write_expr(out: &mut Out, e: &Expr, min: u8) {
    let lv = level(e);
    if lv < min || (out.grouped && min > 0 && lv < L_ATOM) {
        out.push('(');
        write_bare(out, e);
        out.push(')');
    } else {
        write_bare(out, e);
    }
}

fn write_list(out: &mut Out, items: &[Expr]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_item(out, item);
    }
}

/// An expression followed by `,` or by another query clause: one that ends with a query
/// is parenthesized, since the query would take the comma or clause as its own.
fn write_item(out: &mut Out, e: &Expr) {
    if ends_with_query(e) {
        out.push('(');
        write_bare(out, e);
        out.push(')');
    } else {
        write_expr(out, e, 0);
    }
}

fn write_bare(out: &mut Out, e: &Expr) {
    match &e.kind {
        ExprKind::Null => out.push_str("null"),
        ExprKind::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::String(s) => write_string(out, s),
        ExprKind::Number { text, kind } => {
            out.push_str(text);
            if *kind == NumberKind::Long {
                out.push('L');
            }
        }
        ExprKind::Date(t) | ExprKind::DateTime(t) => {
            out.push('@');
            out.push_str(t);
        }
        ExprKind::Time(t) => {
            out.push_str("@T");
            out.push_str(t);
        }
        ExprKind::Quantity(q) => out.push_str(&quantity_text(q)),
        ExprKind::Ratio {
            numerator,
            denominator,
        } => {
            let _ = write!(
                out,
                "{}:{}",
                quantity_text(numerator),
                quantity_text(denominator)
            );
        }
        ExprKind::Identifier(id) => write_name(out, &id.name),
        ExprKind::ExternalConstant(id) => {
            out.push('%');
            write_name(out, &id.name);
        }
        ExprKind::This => out.push_str("$this"),
        ExprKind::Index => out.push_str("$index"),
        ExprKind::Total => out.push_str("$total"),
        ExprKind::Member { source, name } => {
            write_expr(out, source, L_POSTFIX);
            out.push('.');
            write_member_name(out, &name.name);
        }
        ExprKind::Call { target, name, args } => {
            if let Some(t) = target {
                write_expr(out, t, L_POSTFIX);
                out.push('.');
                write_member_name(out, &name.name);
            } else {
                write_name(out, &name.name);
            }
            out.push('(');
            write_list(out, args);
            out.push(')');
        }
        ExprKind::Indexer { source, index } => {
            write_expr(out, source, L_POSTFIX);
            out.push('[');
            write_expr(out, index, 0);
            out.push(']');
        }
        ExprKind::Unary { op, operand } => write_unary(out, *op, operand),
        ExprKind::Binary { op, left, right } => {
            let l = binary_level(*op);
            write_expr(out, left, l);
            let _ = write!(out, " {} ", op.symbol());
            write_expr(out, right, l + 1);
        }
        ExprKind::Membership {
            op,
            precision,
            left,
            right,
        } => {
            write_expr(out, left, 4);
            out.push_str(match op {
                MembershipOp::In => " in ",
                MembershipOp::Contains => " contains ",
                MembershipOp::EquivalentIn => " ~in ",
                MembershipOp::EquivalentContains => " ~contains ",
            });
            if let Some(p) = precision {
                let _ = write!(out, "{} of ", p.singular());
            }
            write_expr(out, right, 5);
        }
        ExprKind::Timing {
            phrase,
            left,
            right,
            ..
        } => {
            write_expr(out, left, 6);
            let _ = write!(out, " {} ", timing_phrase_to_cql(phrase));
            write_expr(out, right, 7);
        }
        ExprKind::Between {
            operand,
            low,
            high,
            proper,
        } => {
            write_expr(out, operand, L_BETWEEN);
            out.push_str(if *proper {
                " properly between "
            } else {
                " between "
            });
            write_expr(out, low, L_ADD);
            out.push_str(" and ");
            write_expr(out, high, L_ADD);
        }
        ExprKind::DurationBetween {
            precision,
            low,
            high,
        }
        | ExprKind::DifferenceBetween {
            precision,
            low,
            high,
        } => {
            if matches!(e.kind, ExprKind::DifferenceBetween { .. }) {
                out.push_str("difference in ");
            }
            let _ = write!(out, "{} between ", precision.plural());
            write_expr(out, low, L_ADD);
            out.push_str(" and ");
            write_expr(out, high, L_ADD);
        }
        ExprKind::DurationOf { precision, operand } => {
            let _ = write!(out, "duration in {} of ", precision.plural());
            write_expr(out, operand, L_PREFIX);
        }
        ExprKind::DifferenceOf { precision, operand } => {
            let _ = write!(out, "difference in {} of ", precision.plural());
            write_expr(out, operand, L_PREFIX);
        }
        ExprKind::DateTimeComponentFrom { component, operand } => {
            let word = match component {
                DateTimeComponent::Precision(p) => p.singular(),
                DateTimeComponent::Date => "date",
                DateTimeComponent::Time => "time",
                DateTimeComponent::TimezoneOffset => "timezoneoffset",
            };
            let _ = write!(out, "{word} from ");
            write_expr(out, operand, L_PREFIX);
        }
        ExprKind::TypeExtent { extent, type_name } => {
            out.push_str(match extent {
                TypeExtent::Minimum => "minimum ",
                TypeExtent::Maximum => "maximum ",
            });
            write_named_type(out, type_name);
        }
        ExprKind::Is {
            operand,
            type_specifier,
        } => {
            write_expr(out, operand, L_TYPE);
            out.push_str(" is ");
            write_type(out, type_specifier);
        }
        ExprKind::As {
            operand,
            type_specifier,
            strict,
        } => {
            if *strict {
                out.push_str("cast ");
                write_expr(out, operand, L_PRIMARY);
            } else {
                write_expr(out, operand, L_TYPE);
            }
            out.push_str(" as ");
            write_type(out, type_specifier);
        }
        ExprKind::Convert { operand, target } => {
            out.push_str("convert ");
            write_expr(out, operand, 0);
            out.push_str(" to ");
            match target.as_ref() {
                ConvertTarget::Type(t) => write_type(out, t),
                ConvertTarget::Unit(u, _) => out.push_str(&unit_text(u)),
            }
        }
        ExprKind::If {
            condition,
            then_branch,
            else_branch,
        } => {
            out.push_str("if ");
            write_expr(out, condition, 0);
            out.push_str(" then ");
            write_expr(out, then_branch, 0);
            out.push_str(" else ");
            write_expr(out, else_branch, 0);
        }
        ExprKind::Case {
            comparand,
            items,
            else_branch,
        } => {
            out.push_str("case");
            if let Some(c) = comparand {
                out.push(' ');
                write_expr(out, c, 0);
            }
            for item in items {
                out.push_str(" when ");
                write_expr(out, &item.when, 0);
                out.push_str(" then ");
                write_expr(out, &item.then, 0);
            }
            out.push_str(" else ");
            write_expr(out, else_branch, 0);
            out.push_str(" end");
        }
        ExprKind::Expand { operand, per } | ExprKind::Collapse { operand, per } => {
            out.push_str(if matches!(e.kind, ExprKind::Expand { .. }) {
                "expand "
            } else {
                "collapse "
            });
            // The operand is a full expression ended by `per`: parenthesize open forms.
            write_expr(out, operand, if per.is_some() { 1 } else { 0 });
            match per {
                Some(PerClause::Precision(p, _)) => {
                    let _ = write!(out, " per {}", p.singular());
                }
                Some(PerClause::Expression(x)) => {
                    out.push_str(" per ");
                    write_expr(out, x, 0);
                }
                None => {}
            }
        }
        ExprKind::Interval {
            low,
            low_closed,
            high,
            high_closed,
        } => {
            out.push_str(if *low_closed {
                "Interval["
            } else {
                "Interval("
            });
            write_item(out, low);
            out.push_str(", ");
            write_expr(out, high, 0);
            out.push(if *high_closed { ']' } else { ')' });
        }
        ExprKind::List {
            element_type,
            elements,
        } => {
            if let Some(t) = element_type {
                out.push_str("List<");
                write_type(out, t);
                out.push('>');
            }
            out.push('{');
            write_list(out, elements);
            out.push('}');
        }
        ExprKind::Tuple { elements } => {
            out.push_str("Tuple ");
            write_elements(out, elements);
        }
        ExprKind::Instance {
            type_name,
            elements,
        } => {
            write_named_type(out, type_name);
            out.push(' ');
            write_elements(out, elements);
        }
        ExprKind::Code(c) => write_code(out, c),
        ExprKind::Concept { codes, display } => {
            out.push_str("Concept { ");
            for (i, c) in codes.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_code(out, c);
            }
            out.push_str(" }");
            if let Some(d) = display {
                out.push_str(" display ");
                write_string(out, &d.value);
            }
        }
        ExprKind::Retrieve(r) => write_retrieve(out, r),
        ExprKind::Query(q) => write_query(out, q),
    }
}

/// True when the printed form of `e` ends with an unparenthesized query (queries are
/// parenthesized in operator operands, so only the open forms need looking into).
fn ends_with_query(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Query(_) => true,
        ExprKind::If { else_branch, .. } => ends_with_query(else_branch),
        ExprKind::Unary {
            op: UnaryOp::Distinct | UnaryOp::Flatten,
            operand,
        } => ends_with_query(operand),
        ExprKind::Expand { operand, per } | ExprKind::Collapse { operand, per } => match per {
            Some(PerClause::Expression(x)) => ends_with_query(x),
            Some(PerClause::Precision(..)) => false,
            None => ends_with_query(operand),
        },
        _ => false,
    }
}

fn write_unary(out: &mut Out, op: UnaryOp, operand: &Expr) {
    let prefix = |word: &str, min: u8, out: &mut Out| {
        out.push_str(word);
        write_expr(out, operand, min);
    };
    match op {
        UnaryOp::Not => prefix("not ", L_NOT, out),
        UnaryOp::Exists => prefix("exists ", L_EXISTS, out),
        UnaryOp::Negate => {
            // `- -x` must not print as `--x` (a line comment would start at `//` only, but
            // `--` is clearer with a space anyway).
            out.push('-');
            if matches!(&operand.kind, ExprKind::Number { text, .. } if !text.starts_with('-'))
                || matches!(&operand.kind, ExprKind::Quantity(q) if !q.value.starts_with('-'))
            {
                // A negated literal written directly would be folded: keep the node shape.
                out.push('(');
                write_expr(out, operand, 0);
                out.push(')');
            } else {
                out.push(' ');
                write_expr(out, operand, L_PREFIX);
            }
        }
        UnaryOp::Plus => prefix("+", L_PREFIX, out),
        UnaryOp::Distinct => prefix("distinct ", 0, out),
        UnaryOp::Flatten => prefix("flatten ", 0, out),
        UnaryOp::SingletonFrom => prefix("singleton from ", L_PREFIX, out),
        UnaryOp::PointFrom => prefix("point from ", L_PREFIX, out),
        UnaryOp::StartOf => prefix("start of ", L_PREFIX, out),
        UnaryOp::EndOf => prefix("end of ", L_PREFIX, out),
        UnaryOp::WidthOf => prefix("width of ", L_PREFIX, out),
        UnaryOp::SuccessorOf => prefix("successor of ", L_PREFIX, out),
        UnaryOp::PredecessorOf => prefix("predecessor of ", L_PREFIX, out),
        UnaryOp::IsNull
        | UnaryOp::IsNotNull
        | UnaryOp::IsTrue
        | UnaryOp::IsNotTrue
        | UnaryOp::IsFalse
        | UnaryOp::IsNotFalse => {
            write_expr(out, operand, L_PRIMARY);
            out.push_str(match op {
                UnaryOp::IsNull => " is null",
                UnaryOp::IsNotNull => " is not null",
                UnaryOp::IsTrue => " is true",
                UnaryOp::IsNotTrue => " is not true",
                UnaryOp::IsFalse => " is false",
                _ => " is not false",
            });
        }
    }
}

fn write_elements(out: &mut Out, elements: &[TupleElement]) {
    if elements.is_empty() {
        out.push_str("{ : }");
        return;
    }
    out.push_str("{ ");
    for (i, el) in elements.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_referential(out, &el.name.name);
        out.push_str(": ");
        write_item(out, &el.value);
    }
    out.push_str(" }");
}

fn write_code(out: &mut Out, c: &CodeSelector) {
    out.push_str("Code ");
    write_string(out, &c.code.value);
    out.push_str(" from ");
    write_definition_ref(out, &c.system);
    if let Some(d) = &c.display {
        out.push_str(" display ");
        write_string(out, &d.value);
    }
}

fn write_definition_ref(out: &mut Out, r: &DefinitionRef) {
    if let Some(l) = &r.library {
        write_name(out, &l.name);
        out.push('.');
    }
    write_name(out, &r.name.name);
}
