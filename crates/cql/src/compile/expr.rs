//! Expression compilation: name resolution, literal parsing, operator selection and
//! FHIR path checking (CQL 1.5 §3 "Developer's Guide", Appendix B operators).

use super::{builtins, suggest, LibIr};
use crate::fhir::model;
use crate::ir::{Ir, Op, RetrieveIr, TypeSpec};
use std::sync::Arc;
use ww_cql_syntax::{self as syn, BinaryOp, Diagnostic, ExprKind, LineIndex, Span, UnaryOp};
use ww_cql_value::{literal, Precision, Value, ValueType};

/// A coarse static type, enough to check FHIR paths and resolve `sort by` names.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum St {
    Unknown,
    Fhir(String),
    List(Box<St>),
}

impl St {
    fn element(&self) -> St {
        match self {
            St::List(e) => (**e).clone(),
            other => other.clone(),
        }
    }
}

struct Local {
    name: String,
    slot: usize,
    st: St,
}

/// The compiler state for one definition body.
pub(super) struct Cx<'a> {
    pub lib: &'a LibIr,
    pub lib_idx: usize,
    pub libs: &'a [LibIr],
    pub index: &'a LineIndex,
    pub diags: &'a mut Vec<Diagnostic>,
    pub define_types: &'a [St],
    locals: Vec<Local>,
    next_slot: usize,
    pub max_slot: usize,
    this: Option<(usize, St)>,
}

/// Compiles parameter defaults, function bodies and definitions of `lib`.
pub(super) fn compile_bodies(
    lib: &mut LibIr,
    ast: &syn::Library,
    index: &LineIndex,
    libs: &[LibIr],
    diags: &mut Vec<Diagnostic>,
) {
    let lib_idx = libs.len();
    let mut define_types = vec![St::Unknown; lib.defines.len()];
    // Parameters.
    for p in &ast.parameters {
        let Some(&pi) = lib.param_index.get(&p.name.name) else {
            continue;
        };
        let mut cx = Cx::new(lib, lib_idx, libs, index, diags, &define_types);
        let ts = p.type_specifier.as_ref().map(|t| cx.type_spec(t));
        let default = p.default.as_ref().map(|d| cx.expr(d).0);
        let slots = cx.max_slot;
        lib.params[pi].default = default;
        lib.params[pi].type_spec = ts;
        lib.params[pi].slots = slots;
    }
    // Functions, in declaration order (they were declared in the same order).
    let mut fi = 0;
    for s in &ast.statements {
        let syn::Statement::Function(f) = s else {
            continue;
        };
        let mut cx = Cx::new(lib, lib_idx, libs, index, diags, &define_types);
        let mut operands = Vec::new();
        for op in &f.operands {
            let ts = cx.type_spec(&op.type_specifier);
            let st = st_of_spec(&ts);
            operands.push(ts);
            cx.push_local(&op.name.name, st);
        }
        let body = match &f.body {
            syn::FunctionBody::Expression(e) => Some(cx.expr(e).0),
            syn::FunctionBody::External(_) => None,
        };
        let slots = cx.max_slot;
        lib.functions[fi].operands = operands;
        lib.functions[fi].body = body;
        lib.functions[fi].slots = slots;
        fi += 1;
    }
    // Definitions in source order.
    for d in ast.expression_defs() {
        let Some(&di) = lib.define_index.get(&d.name.name) else {
            continue;
        };
        if !matches!(lib.defines[di].body, Ir::Unresolved(_)) {
            continue;
        }
        let mut cx = Cx::new(lib, lib_idx, libs, index, diags, &define_types);
        let (body, st) = cx.expr(&d.expression);
        let slots = cx.max_slot;
        define_types[di] = st;
        lib.defines[di].body = body;
        lib.defines[di].slots = slots;
    }
}

fn st_of_spec(ts: &TypeSpec) -> St {
    match ts {
        TypeSpec::Fhir(n) => St::Fhir(n.clone()),
        TypeSpec::List(e) => St::List(Box::new(st_of_spec(e))),
        _ => St::Unknown,
    }
}

/// Converts a syntax precision to the value crate's.
pub(super) fn prec(p: syn::DateTimePrecision) -> Precision {
    Precision::parse(p.singular()).unwrap_or(Precision::Day)
}

impl<'a> Cx<'a> {
    pub(super) fn new(
        lib: &'a LibIr,
        lib_idx: usize,
        libs: &'a [LibIr],
        index: &'a LineIndex,
        diags: &'a mut Vec<Diagnostic>,
        define_types: &'a [St],
    ) -> Cx<'a> {
        Cx {
            lib,
            lib_idx,
            libs,
            index,
            diags,
            define_types,
            locals: Vec::new(),
            next_slot: 0,
            max_slot: 0,
            this: None,
        }
    }

    pub(super) fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(self.index, span, msg));
    }

    pub(super) fn warning(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(self.index, span, msg));
    }

    pub(super) fn push_local(&mut self, name: &str, st: St) -> usize {
        let slot = self.next_slot;
        self.next_slot += 1;
        self.max_slot = self.max_slot.max(self.next_slot);
        self.locals.push(Local {
            name: name.to_string(),
            slot,
            st,
        });
        slot
    }

    pub(super) fn pop_locals(&mut self, n: usize) {
        for _ in 0..n {
            self.locals.pop();
            self.next_slot -= 1;
        }
    }

    /// Reserves a slot without a name (the row of `sort by`).
    pub(super) fn with_this<T>(&mut self, st: St, f: impl FnOnce(&mut Self, usize) -> T) -> T {
        let slot = self.next_slot;
        self.next_slot += 1;
        self.max_slot = self.max_slot.max(self.next_slot);
        let saved = self.this.replace((slot, st));
        let r = f(self, slot);
        self.this = saved;
        self.next_slot -= 1;
        r
    }

    fn b(&mut self, e: &syn::Expr) -> Box<Ir> {
        Box::new(self.expr(e).0)
    }

    pub(super) fn ir(&mut self, e: &syn::Expr) -> Ir {
        self.expr(e).0
    }

    /// Compiles an expression, returning its resolved form and coarse static type.
    pub(super) fn expr(&mut self, e: &syn::Expr) -> (Ir, St) {
        match &e.kind {
            ExprKind::Null => (Ir::Lit(Value::Null), St::Unknown),
            ExprKind::Boolean(b) => (Ir::Lit(Value::Boolean(*b)), St::Unknown),
            ExprKind::String(s) => (Ir::Lit(Value::string(s)), St::Unknown),
            ExprKind::Number { text, kind } => {
                let r = match kind {
                    syn::NumberKind::Integer => literal::parse_integer(text),
                    syn::NumberKind::Decimal => literal::parse_decimal(text),
                    syn::NumberKind::Long => literal::parse_long(text),
                };
                (self.lit_or_error(r, e.span), St::Unknown)
            }
            ExprKind::Date(t) => (self.temporal(&format!("@{t}"), e.span), St::Unknown),
            ExprKind::DateTime(t) => (self.temporal(&format!("@{t}"), e.span), St::Unknown),
            ExprKind::Time(t) => (self.temporal(&format!("@T{t}"), e.span), St::Unknown),
            ExprKind::Quantity(q) => (self.quantity(q), St::Unknown),
            ExprKind::Ratio {
                numerator,
                denominator,
            } => {
                let n = self.quantity(numerator);
                let d = self.quantity(denominator);
                (
                    Ir::Instance(
                        "Ratio".into(),
                        vec![("numerator".into(), n), ("denominator".into(), d)],
                    ),
                    St::Unknown,
                )
            }
            ExprKind::Identifier(id) => self.identifier(id),
            ExprKind::ExternalConstant(id) => {
                self.error(
                    id.span,
                    format!("External constant '%{}' is not available.", id.name),
                );
                (
                    Ir::Unresolved(format!("external constant %{}", id.name)),
                    St::Unknown,
                )
            }
            ExprKind::This => match self.this.clone() {
                Some((slot, st)) => (Ir::Local(slot), st),
                None => {
                    self.error(
                        e.span,
                        "'$this' is only available in sort by and FHIRPath-like iterations.",
                    );
                    (Ir::Unresolved("$this".into()), St::Unknown)
                }
            },
            ExprKind::Index | ExprKind::Total => {
                self.error(e.span, "'$index' and '$total' are not supported.");
                (Ir::Unresolved("$index".into()), St::Unknown)
            }
            ExprKind::Member { source, name } => self.member(source, name, e.span),
            ExprKind::Call { target, name, args } => {
                self.call(target.as_deref(), name, args, e.span)
            }
            ExprKind::Indexer { source, index } => {
                let s = self.ir(source);
                let i = self.ir(index);
                (Ir::Op(Op::Indexer, vec![s, i]), St::Unknown)
            }
            ExprKind::Unary { op, operand } => self.unary(*op, operand),
            ExprKind::Binary { op, left, right } => (self.binary(*op, left, right), St::Unknown),
            ExprKind::Membership {
                op,
                precision,
                left,
                right,
            } => {
                let p = precision.map(prec);
                let l = self.ir(left);
                let r = self.ir(right);
                let ir = match op {
                    syn::MembershipOp::In => Ir::Op(Op::In(p), vec![l, r]),
                    syn::MembershipOp::Contains => Ir::Op(Op::Contains(p), vec![l, r]),
                    syn::MembershipOp::EquivalentIn => Ir::Op(Op::EquivalentIn, vec![l, r]),
                    syn::MembershipOp::EquivalentContains => Ir::Op(Op::EquivalentIn, vec![r, l]),
                };
                (ir, St::Unknown)
            }
            ExprKind::Timing {
                phrase,
                left,
                right,
                ..
            } => {
                let l = self.ir(left);
                let r = self.ir(right);
                (self.timing(phrase, l, r), St::Unknown)
            }
            ExprKind::Between {
                operand,
                low,
                high,
                proper,
            } => {
                let x = self.ir(operand);
                let lo = self.ir(low);
                let hi = self.ir(high);
                let (a, b) = if *proper {
                    (Op::Greater, Op::Less)
                } else {
                    (Op::GreaterOrEqual, Op::LessOrEqual)
                };
                (
                    Ir::And(
                        Box::new(Ir::Op(a, vec![x.clone(), lo])),
                        Box::new(Ir::Op(b, vec![x, hi])),
                    ),
                    St::Unknown,
                )
            }
            ExprKind::DurationBetween {
                precision,
                low,
                high,
            } => {
                let args = vec![self.ir(low), self.ir(high)];
                (
                    Ir::Op(Op::DurationBetween(prec(*precision)), args),
                    St::Unknown,
                )
            }
            ExprKind::DifferenceBetween {
                precision,
                low,
                high,
            } => {
                let args = vec![self.ir(low), self.ir(high)];
                (
                    Ir::Op(Op::DifferenceBetween(prec(*precision)), args),
                    St::Unknown,
                )
            }
            ExprKind::DurationOf { precision, operand } => {
                let i = self.ir(operand);
                let args = vec![Ir::Op(Op::Start, vec![i.clone()]), Ir::Op(Op::End, vec![i])];
                (
                    Ir::Op(Op::DurationBetween(prec(*precision)), args),
                    St::Unknown,
                )
            }
            ExprKind::DifferenceOf { precision, operand } => {
                let i = self.ir(operand);
                let args = vec![Ir::Op(Op::Start, vec![i.clone()]), Ir::Op(Op::End, vec![i])];
                (
                    Ir::Op(Op::DifferenceBetween(prec(*precision)), args),
                    St::Unknown,
                )
            }
            ExprKind::DateTimeComponentFrom { component, operand } => {
                let x = self.ir(operand);
                let op = match component {
                    syn::DateTimeComponent::Precision(p) => Op::Component(prec(*p)),
                    syn::DateTimeComponent::Date => Op::DateFrom,
                    syn::DateTimeComponent::Time => Op::TimeFrom,
                    syn::DateTimeComponent::TimezoneOffset => Op::TimezoneOffsetFrom,
                };
                (Ir::Op(op, vec![x]), St::Unknown)
            }
            ExprKind::TypeExtent { extent, type_name } => {
                let t = system_type_name(&type_name.name.name);
                match t {
                    Some(n) => {
                        let op = match extent {
                            syn::TypeExtent::Minimum => Op::MinValue(n),
                            syn::TypeExtent::Maximum => Op::MaxValue(n),
                        };
                        (Ir::Op(op, vec![]), St::Unknown)
                    }
                    None => {
                        self.error(
                            type_name.span,
                            format!("Type '{}' has no minimum or maximum.", type_name.dotted()),
                        );
                        (Ir::Unresolved("extent".into()), St::Unknown)
                    }
                }
            }
            ExprKind::Is {
                operand,
                type_specifier,
            } => {
                let x = self.b(operand);
                let t = self.type_spec(type_specifier);
                (Ir::Is(x, t), St::Unknown)
            }
            ExprKind::As {
                operand,
                type_specifier,
                strict,
            } => {
                let (x, _) = self.expr(operand);
                let t = self.type_spec(type_specifier);
                let st = st_of_spec(&t);
                (Ir::As(Box::new(x), t, *strict), st)
            }
            ExprKind::Convert { operand, target } => {
                let x = self.ir(operand);
                match &**target {
                    syn::ConvertTarget::Type(t) => {
                        let t = self.type_spec(t);
                        (Ir::Convert(Box::new(x), t), St::Unknown)
                    }
                    syn::ConvertTarget::Unit(u, _) => {
                        let unit = unit_text(u);
                        (
                            Ir::Op(Op::ConvertQuantity, vec![x, Ir::Lit(Value::string(unit))]),
                            St::Unknown,
                        )
                    }
                }
            }
            ExprKind::If {
                condition,
                then_branch,
                else_branch,
            } => {
                let c = self.b(condition);
                let (t, st) = self.expr(then_branch);
                let f = self.b(else_branch);
                (Ir::If(c, Box::new(t), f), st)
            }
            ExprKind::Case {
                comparand,
                items,
                else_branch,
            } => {
                let c = comparand.as_ref().map(|c| self.b(c));
                let its = items
                    .iter()
                    .map(|i| (self.ir(&i.when), self.ir(&i.then)))
                    .collect();
                let el = self.b(else_branch);
                (Ir::Case(c, its, el), St::Unknown)
            }
            ExprKind::Expand { operand, per } => {
                let x = self.ir(operand);
                let p = self.per(per.as_ref());
                (Ir::Op(Op::Expand, vec![x, p]), St::Unknown)
            }
            ExprKind::Collapse { operand, per } => {
                let x = self.ir(operand);
                let p = self.per(per.as_ref());
                (Ir::Op(Op::Collapse, vec![x, p]), St::Unknown)
            }
            ExprKind::Interval {
                low,
                low_closed,
                high,
                high_closed,
            } => {
                let l = self.b(low);
                let h = self.b(high);
                (Ir::Interval(l, *low_closed, h, *high_closed), St::Unknown)
            }
            ExprKind::List {
                element_type,
                elements,
            } => {
                let mut st = St::Unknown;
                let mut items = Vec::new();
                for el in elements {
                    let (i, s) = self.expr(el);
                    if st == St::Unknown {
                        st = s;
                    }
                    items.push(i);
                }
                if let Some(t) = element_type {
                    let ts = self.type_spec(t);
                    if st == St::Unknown {
                        st = st_of_spec(&ts);
                    }
                }
                (Ir::List(items), St::List(Box::new(st)))
            }
            ExprKind::Tuple { elements } => {
                let els = elements
                    .iter()
                    .map(|el| (el.name.name.clone(), self.ir(&el.value)))
                    .collect();
                (Ir::Tuple(els), St::Unknown)
            }
            ExprKind::Instance {
                type_name,
                elements,
            } => {
                let els: Vec<(String, Ir)> = elements
                    .iter()
                    .map(|el| (el.name.name.clone(), self.ir(&el.value)))
                    .collect();
                let n = type_name.name.name.clone();
                match n.as_str() {
                    "Code" | "Concept" | "Quantity" | "Ratio" | "Tuple" | "Interval"
                    | "ValueSet" | "CodeSystem" | "Vocabulary" => {
                        (Ir::Instance(n, els), St::Unknown)
                    }
                    _ if type_name.model() == Some("FHIR")
                        || model::has_definition(&n)
                        || model::is_primitive(&n) =>
                    {
                        (Ir::Instance(format!("FHIR.{n}"), els), St::Fhir(n))
                    }
                    _ => {
                        self.error(
                            type_name.span,
                            format!("Unknown type '{}'.", type_name.dotted()),
                        );
                        (Ir::Unresolved(n), St::Unknown)
                    }
                }
            }
            ExprKind::Code(c) => (self.code_selector(c), St::Unknown),
            ExprKind::Concept { codes, display } => {
                let cs: Vec<Ir> = codes.iter().map(|c| self.code_selector(c)).collect();
                let mut els = vec![("codes".to_string(), Ir::List(cs))];
                if let Some(d) = display {
                    els.push(("display".into(), Ir::Lit(Value::string(&d.value))));
                }
                (Ir::Instance("Concept".into(), els), St::Unknown)
            }
            ExprKind::Retrieve(r) => self.retrieve(r, e.span),
            ExprKind::Query(q) => self.query(q),
        }
    }

    fn lit_or_error(&mut self, r: ww_cql_value::Result<Value>, span: Span) -> Ir {
        match r {
            Ok(v) => Ir::Lit(v),
            Err(err) => {
                self.error(span, err.to_string());
                Ir::Unresolved(err.to_string())
            }
        }
    }

    /// A date/time literal: constant unless it is a DateTime without an offset.
    fn temporal(&mut self, text: &str, span: Span) -> Ir {
        let a = literal::parse_temporal_literal(text, 0);
        let b = literal::parse_temporal_literal(text, 60);
        match (&a, &b) {
            (Ok(Value::DateTime(x)), Ok(Value::DateTime(y))) if x.offset != y.offset => {
                Ir::Temporal(Arc::from(text))
            }
            _ => self.lit_or_error(a, span),
        }
    }

    pub(super) fn quantity(&mut self, q: &syn::QuantityLit) -> Ir {
        let unit = q.unit.as_ref().map_or_else(|| "1".to_string(), unit_text);
        let r = literal::parse_quantity(&q.value, &unit);
        self.lit_or_error(r, q.span)
    }

    fn per(&mut self, per: Option<&syn::PerClause>) -> Ir {
        match per {
            None => Ir::Lit(Value::Null),
            Some(syn::PerClause::Precision(p, span)) => {
                let r = literal::parse_quantity("1", p.singular());
                self.lit_or_error(r, *span)
            }
            Some(syn::PerClause::Expression(e)) => self.ir(e),
        }
    }

    fn code_selector(&mut self, c: &syn::CodeSelector) -> Ir {
        let sys = self.definition_ref(&c.system);
        let mut els = vec![
            ("code".to_string(), Ir::Lit(Value::string(&c.code.value))),
            ("system".to_string(), sys),
        ];
        if let Some(d) = &c.display {
            els.push(("display".into(), Ir::Lit(Value::string(&d.value))));
        }
        Ir::Instance("Code".into(), els)
    }

    /// A terminology reference (`"SNOMED"`, `Common."LOINC"`).
    fn definition_ref(&mut self, r: &syn::DefinitionRef) -> Ir {
        let lib = match &r.library {
            Some(alias) => match self.lib.includes.get(&alias.name) {
                Some(&i) => &self.libs[i],
                None => {
                    self.error(
                        alias.span,
                        format!("Could not resolve library '{}'.", alias.name),
                    );
                    return Ir::Unresolved(alias.name.clone());
                }
            },
            None => self.lib,
        };
        match lib.terminology.get(&r.name.name) {
            Some(v) => Ir::Lit(v.clone()),
            None => {
                let names: Vec<&str> = lib.terminology.keys().map(String::as_str).collect();
                let msg = with_suggestion(
                    format!("Could not resolve code system '{}'", r.name.name),
                    suggest(&r.name.name, names),
                );
                self.error(r.name.span, msg);
                Ir::Unresolved(r.name.name.clone())
            }
        }
    }

    fn identifier(&mut self, id: &syn::Ident) -> (Ir, St) {
        if let Some(l) = self.locals.iter().rev().find(|l| l.name == id.name) {
            return (Ir::Local(l.slot), l.st.clone());
        }
        if let Some(r) = lib_member(self.lib, self.lib_idx, &id.name, self.define_types) {
            return r;
        }
        if let Some((slot, st)) = self.this.clone() {
            let st2 = self.element_type(&st, &id.name, id.span, false);
            return (
                Ir::Member(Box::new(Ir::Local(slot)), Arc::from(id.name.as_str())),
                st2,
            );
        }
        let mut names: Vec<&str> = self.locals.iter().map(|l| l.name.as_str()).collect();
        names.extend(self.lib.define_index.keys().map(String::as_str));
        names.extend(self.lib.param_index.keys().map(String::as_str));
        names.extend(self.lib.terminology.keys().map(String::as_str));
        let msg = with_suggestion(
            format!("Could not resolve identifier '{}'", id.name),
            suggest(&id.name, names),
        );
        self.error(id.span, msg);
        (
            Ir::Unresolved(format!("identifier '{}'", id.name)),
            St::Unknown,
        )
    }

    /// The static type of element `name` of `st`, reporting unknown FHIR elements.
    fn element_type(&mut self, st: &St, name: &str, span: Span, report: bool) -> St {
        match st {
            St::Fhir(t) if model::has_definition(t) => match model::element(t, name) {
                Some(el) => {
                    let ty = if el.is_choice() {
                        St::Unknown
                    } else {
                        St::Fhir(el.types[0].to_string())
                    };
                    if el.many {
                        St::List(Box::new(ty))
                    } else {
                        ty
                    }
                }
                None => {
                    if report {
                        let msg = with_suggestion(
                            format!("FHIR type {t} has no element '{name}'"),
                            suggest(name, model::element_names(t)),
                        );
                        self.error(span, msg);
                    }
                    St::Unknown
                }
            },
            St::List(e) => {
                let inner = self.element_type(e, name, span, report);
                match inner {
                    St::Unknown => St::Unknown,
                    St::List(x) => St::List(x),
                    other => St::List(Box::new(other)),
                }
            }
            _ => St::Unknown,
        }
    }

    fn member(&mut self, source: &syn::Expr, name: &syn::Ident, span: Span) -> (Ir, St) {
        if let ExprKind::Identifier(lib_alias) = &source.kind {
            let shadowed = self.locals.iter().any(|l| l.name == lib_alias.name);
            if !shadowed {
                if let Some(&li) = self.lib.includes.get(&lib_alias.name) {
                    let lib = &self.libs[li];
                    if let Some(r) = lib_member(lib, li, &name.name, &[]) {
                        return r;
                    }
                    let mut names: Vec<&str> =
                        lib.define_index.keys().map(String::as_str).collect();
                    names.extend(lib.terminology.keys().map(String::as_str));
                    let msg = with_suggestion(
                        format!(
                            "Could not resolve '{}' in library '{}'",
                            name.name, lib_alias.name
                        ),
                        suggest(&name.name, names),
                    );
                    self.error(name.span, msg);
                    return (Ir::Unresolved(name.name.clone()), St::Unknown);
                }
            }
        }
        let (s, st) = self.expr(source);
        let st2 = self.element_type(&st, &name.name, span, true);
        (Ir::Member(Box::new(s), Arc::from(name.name.as_str())), st2)
    }

    fn unary(&mut self, op: UnaryOp, operand: &syn::Expr) -> (Ir, St) {
        let (x, st) = self.expr(operand);
        let o = match op {
            UnaryOp::Plus => return (x, st),
            UnaryOp::Not => Op::Not,
            UnaryOp::Exists => Op::Exists,
            UnaryOp::Negate => Op::Negate,
            UnaryOp::Distinct => Op::Distinct,
            UnaryOp::Flatten => Op::Flatten,
            UnaryOp::SingletonFrom => return (Ir::Op(Op::SingletonFrom, vec![x]), st.element()),
            UnaryOp::PointFrom => Op::PointFrom,
            UnaryOp::StartOf => Op::Start,
            UnaryOp::EndOf => Op::End,
            UnaryOp::WidthOf => Op::Width,
            UnaryOp::SuccessorOf => Op::Successor,
            UnaryOp::PredecessorOf => Op::Predecessor,
            UnaryOp::IsNull => Op::IsNull,
            UnaryOp::IsNotNull => Op::IsNotNull,
            UnaryOp::IsTrue => Op::IsTrue,
            UnaryOp::IsNotTrue => Op::IsNotTrue,
            UnaryOp::IsFalse => Op::IsFalse,
            UnaryOp::IsNotFalse => Op::IsNotFalse,
        };
        (Ir::Op(o, vec![x]), St::Unknown)
    }

    fn binary(&mut self, op: BinaryOp, left: &syn::Expr, right: &syn::Expr) -> Ir {
        let l = self.ir(left);
        let r = self.ir(right);
        let o = match op {
            BinaryOp::And => return Ir::And(Box::new(l), Box::new(r)),
            BinaryOp::Or => return Ir::Or(Box::new(l), Box::new(r)),
            BinaryOp::Implies => return Ir::Implies(Box::new(l), Box::new(r)),
            BinaryOp::Xor => Op::Xor,
            BinaryOp::Equal => Op::Equal,
            BinaryOp::NotEqual => Op::NotEqual,
            BinaryOp::Equivalent => Op::Equivalent,
            BinaryOp::NotEquivalent => Op::NotEquivalent,
            BinaryOp::Less => Op::Less,
            BinaryOp::LessOrEqual => Op::LessOrEqual,
            BinaryOp::Greater => Op::Greater,
            BinaryOp::GreaterOrEqual => Op::GreaterOrEqual,
            BinaryOp::Add => Op::Add,
            BinaryOp::Subtract => Op::Subtract,
            BinaryOp::Concatenate => Op::ConcatenateAmp,
            BinaryOp::Multiply => Op::Multiply,
            BinaryOp::Divide => Op::Divide,
            BinaryOp::TruncatedDivide => Op::TruncatedDivide,
            BinaryOp::Modulo => Op::Modulo,
            BinaryOp::Power => Op::Power,
            BinaryOp::Union => Op::Union,
            BinaryOp::Intersect => Op::Intersect,
            BinaryOp::Except => Op::Except,
        };
        Ir::Op(o, vec![l, r])
    }

    fn call(
        &mut self,
        target: Option<&syn::Expr>,
        name: &syn::Ident,
        args: &[syn::Expr],
        span: Span,
    ) -> (Ir, St) {
        // Library-qualified call.
        if let Some(syn::Expr {
            kind: ExprKind::Identifier(alias),
            ..
        }) = target
        {
            let shadowed = self.locals.iter().any(|l| l.name == alias.name);
            if !shadowed {
                if let Some(&li) = self.lib.includes.get(&alias.name) {
                    let a: Vec<Ir> = args.iter().map(|x| self.ir(x)).collect();
                    return (self.library_call(li, name, a, span), St::Unknown);
                }
            }
        }
        let mut a = Vec::new();
        if let Some(t) = target {
            a.push(self.ir(t));
        }
        a.extend(args.iter().map(|x| self.ir(x)));
        // User functions of this library, then of included libraries (fluent calls).
        if let Some(c) = candidates(self.lib, &name.name, a.len(), target.is_some()) {
            return (Ir::Call(self.lib_idx, c, a), St::Unknown);
        }
        if target.is_some() {
            for (_, &li) in self.lib.includes.iter() {
                if let Some(c) = candidates(&self.libs[li], &name.name, a.len(), true) {
                    return (Ir::Call(li, c, a), St::Unknown);
                }
            }
        }
        if let Some(op) = builtins::lookup(&name.name, a.len()) {
            return (Ir::Op(op, a), St::Unknown);
        }
        let mut names: Vec<&str> = builtins::NAMES.to_vec();
        names.extend(self.lib.function_index.keys().map(String::as_str));
        let msg = with_suggestion(
            format!(
                "Could not resolve call to function '{}' with {} argument(s)",
                name.name,
                a.len()
            ),
            suggest(&name.name, names),
        );
        self.error(name.span, msg);
        (
            Ir::Unresolved(format!("function {}", name.name)),
            St::Unknown,
        )
    }

    fn library_call(&mut self, li: usize, name: &syn::Ident, a: Vec<Ir>, _span: Span) -> Ir {
        let lib = &self.libs[li];
        if lib.fhir_helpers {
            if let Some(op) = builtins::fhir_helpers(&name.name, a.len()) {
                return Ir::Op(op, a);
            }
        }
        if let Some(c) = candidates(lib, &name.name, a.len(), false) {
            return Ir::Call(li, c, a);
        }
        let names: Vec<&str> = lib.function_index.keys().map(String::as_str).collect();
        let msg = with_suggestion(
            format!(
                "Could not resolve function '{}' with {} argument(s) in library '{}'",
                name.name,
                a.len(),
                lib.name
            ),
            suggest(&name.name, names),
        );
        self.error(name.span, msg);
        Ir::Unresolved(format!("function {}", name.name))
    }

    fn retrieve(&mut self, r: &syn::Retrieve, span: Span) -> (Ir, St) {
        if r.context.is_some() {
            self.warning(
                span,
                "Retrieve context ('->') is ignored: data is always the context patient's.",
            );
        }
        let t = r.data_type.name.name.clone();
        if let Some(m) = r.data_type.model() {
            if m != "FHIR" {
                self.error(r.data_type.span, format!("Unknown data model '{m}'."));
            }
        }
        if !model::is_resource(&t) {
            let msg = with_suggestion(
                format!("Unknown FHIR resource type '{t}'"),
                suggest(&t, model::RESOURCE_TYPES.iter().copied()),
            );
            self.error(r.data_type.span, msg);
        }
        let terminology = r.terminology.as_ref().map(|x| self.ir(x));
        let code_path = match &r.code_path {
            Some(p) => Some(p.dotted()),
            None if terminology.is_some() => {
                let d = model::default_code_path(&t);
                if d.is_none() {
                    self.error(span, format!("Resource type '{t}' has no default code path; write one, e.g. [{t}: code in \"...\"]."));
                }
                d.map(str::to_string)
            }
            None => None,
        };
        let ir = Ir::Retrieve(Box::new(RetrieveIr {
            resource_type: t.clone(),
            code_path,
            terminology,
        }));
        (ir, St::List(Box::new(St::Fhir(t))))
    }

    /// Resolves a type specifier to System or FHIR types.
    pub(super) fn type_spec(&mut self, t: &syn::TypeSpecifier) -> TypeSpec {
        match &t.kind {
            syn::TypeSpecifierKind::Named(n) => {
                let name = n.name.name.as_str();
                match n.model() {
                    Some("System") => match system_type_name(name) {
                        Some(s) => system_spec(s),
                        None => {
                            self.error(n.span, format!("Unknown System type '{name}'."));
                            TypeSpec::Any
                        }
                    },
                    Some("FHIR") => TypeSpec::Fhir(name.to_string()),
                    Some(m) => {
                        self.error(n.span, format!("Unknown model '{m}'."));
                        TypeSpec::Any
                    }
                    None => match system_type_name(name) {
                        Some(s) => system_spec(s),
                        None if model::has_definition(name)
                            || model::is_primitive(name)
                            || matches!(
                                name,
                                "Resource"
                                    | "DomainResource"
                                    | "BackboneElement"
                                    | "ValueSet"
                                    | "CodeSystem"
                            ) =>
                        {
                            TypeSpec::Fhir(name.to_string())
                        }
                        None => {
                            self.error(n.span, format!("Unknown type '{name}'."));
                            TypeSpec::Any
                        }
                    },
                }
            }
            syn::TypeSpecifierKind::List(e) => TypeSpec::List(Box::new(self.type_spec(e))),
            syn::TypeSpecifierKind::Interval(e) => TypeSpec::Interval(Box::new(self.type_spec(e))),
            syn::TypeSpecifierKind::Tuple(els) => TypeSpec::Tuple(
                els.iter()
                    .map(|el| (el.name.name.clone(), self.type_spec(&el.type_specifier)))
                    .collect(),
            ),
            syn::TypeSpecifierKind::Choice(ts) => {
                TypeSpec::Choice(ts.iter().map(|x| self.type_spec(x)).collect())
            }
        }
    }
}

/// A System type name, normalised, when `name` is one.
pub(super) fn system_type_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "Any" => "Any",
        "Boolean" => "Boolean",
        "Integer" => "Integer",
        "Long" => "Long",
        "Decimal" => "Decimal",
        "String" => "String",
        "Date" => "Date",
        "DateTime" => "DateTime",
        "Time" => "Time",
        "Quantity" => "Quantity",
        "Ratio" => "Ratio",
        "Code" => "Code",
        "Concept" => "Concept",
        "Vocabulary" => "Vocabulary",
        "ValueSet" => "ValueSet",
        "CodeSystem" => "CodeSystem",
        _ => return None,
    })
}

fn system_spec(s: &str) -> TypeSpec {
    if s == "Any" {
        TypeSpec::Any
    } else {
        TypeSpec::System(ValueType::parse(s))
    }
}

/// The unit text of a quantity unit (`'mg'` -> `mg`, `days` -> `days`).
pub(super) fn unit_text(u: &syn::QuantityUnit) -> String {
    match u {
        syn::QuantityUnit::Calendar { precision, plural } => {
            if *plural {
                precision.plural().to_string()
            } else {
                precision.singular().to_string()
            }
        }
        syn::QuantityUnit::Ucum(s) => s.clone(),
    }
}

fn with_suggestion(msg: String, s: Option<String>) -> String {
    match s {
        Some(s) => format!("{msg}. Did you mean '{s}'?"),
        None => format!("{msg}."),
    }
}

/// A name declared at library level: definition, parameter or terminology.
fn lib_member(lib: &LibIr, li: usize, name: &str, types: &[St]) -> Option<(Ir, St)> {
    if let Some(&i) = lib.define_index.get(name) {
        let st = types.get(i).cloned().unwrap_or(St::Unknown);
        let st = if name == "Patient" && lib.patient_context && st == St::Unknown {
            St::Fhir("Patient".into())
        } else {
            st
        };
        return Some((Ir::Define(li, i), st));
    }
    if let Some(&i) = lib.param_index.get(name) {
        return Some((Ir::Param(li, i), St::Unknown));
    }
    lib.terminology
        .get(name)
        .map(|v| (Ir::Lit(v.clone()), St::Unknown))
}

/// The overloads of a user function callable with `n` arguments.
/// (Fluent calls may also reach non-fluent functions: lenient, and unambiguous.)
fn candidates(lib: &LibIr, name: &str, n: usize, _fluent: bool) -> Option<Arc<[usize]>> {
    let idx = lib.function_index.get(name)?;
    let c: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| lib.functions[i].arity == n)
        .collect();
    (!c.is_empty()).then(|| Arc::from(c))
}

/// Compiles a lone expression against an empty library (the last of `libs`), returning
/// its resolved form and the frame slots it needs.
pub(crate) fn compile_expression(
    e: &syn::Expr,
    index: &LineIndex,
    libs: &[LibIr],
    diags: &mut Vec<Diagnostic>,
) -> (Ir, usize) {
    let lib = &libs[libs.len() - 1];
    let mut cx = Cx::new(lib, libs.len() - 1, libs, index, diags, &[]);
    let ir = cx.ir(e);
    (ir, cx.max_slot)
}
