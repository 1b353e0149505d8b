//! Type inference over the syntax tree (CQL 1.5 §3 "Developer's Guide": libraries,
//! queries, retrieves; §5 "Language semantics"; Appendix B for operators): every
//! expression gets a [`Type`], and operator calls that no overload accepts, non-Boolean
//! conditions, unknown FHIR elements and tuple members, and mis-typed function calls
//! become diagnostics. Anything not understood is typed `Any` and never reported.

use super::signatures::{function_arities, resolve_function, resolve_operator, Resolution};
use super::support::{
    coalesce, did_you_mean, helpers_result, hint, literal_range_error, named_type, op_name,
    point_type, signature, unary_name, with_hint,
};
use super::types::{as_system, conversion_cost, converts, unify, Type};
use crate::fhir::model;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use ww_cql_syntax::{self as syn, Diagnostic, Expr, ExprKind, LineIndex, Span};

/// What an `include` alias refers to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Inc {
    /// The built-in FHIRHelpers.
    Helpers,
    /// Another library of the unit, by index.
    Lib(usize),
    /// Not supplied (the compiler reports it; members are `Any`).
    Missing,
}

/// One library of a checking unit, with memoised definition types.
pub(crate) struct LibInfo<'a> {
    pub ast: &'a syn::Library,
    pub includes: HashMap<String, Inc>,
    define_cache: RefCell<HashMap<String, Type>>,
    function_cache: RefCell<HashMap<usize, Type>>,
    busy: RefCell<HashSet<String>>,
}

/// A library and the libraries it (transitively) includes.
pub(crate) struct Unit<'a> {
    pub libs: Vec<LibInfo<'a>>,
}

impl<'a> Unit<'a> {
    /// Builds a unit whose last library is `main`; `others` are the includable ones.
    pub fn new(main: &'a syn::Library, others: &[&'a syn::Library]) -> Unit<'a> {
        let mut all: Vec<&'a syn::Library> = others.to_vec();
        all.push(main);
        let names: Vec<Option<String>> = all
            .iter()
            .map(|l| l.header.as_ref().map(|h| h.name.name().name.clone()))
            .collect();
        let libs = all
            .iter()
            .map(|ast| {
                let includes = ast
                    .includes
                    .iter()
                    .map(|inc| {
                        let short = &inc.library.name().name;
                        let target = if short == "FHIRHelpers" {
                            Inc::Helpers
                        } else {
                            names
                                .iter()
                                .position(|n| n.as_deref() == Some(short.as_str()))
                                .map_or(Inc::Missing, Inc::Lib)
                        };
                        (inc.local_name().to_string(), target)
                    })
                    .collect();
                LibInfo {
                    ast,
                    includes,
                    define_cache: RefCell::default(),
                    function_cache: RefCell::default(),
                    busy: RefCell::default(),
                }
            })
            .collect();
        Unit { libs }
    }
}

/// Infers types and collects diagnostics for expressions of one library (or a lone
/// expression when `lib` is `None`).
pub(crate) struct Checker<'a> {
    unit: &'a Unit<'a>,
    lib: Option<usize>,
    index: Option<&'a LineIndex>,
    scopes: Vec<(String, Type)>,
    /// Diagnostics found so far (only when reporting).
    pub diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker for library `lib` of `unit` (or a lone expression); it reports only
    /// when `index` is given.
    pub fn new(unit: &'a Unit<'a>, lib: Option<usize>, index: Option<&'a LineIndex>) -> Self {
        Checker {
            unit,
            lib,
            index,
            scopes: Vec::new(),
            diags: Vec::new(),
        }
    }

    fn error(&mut self, span: Span, msg: String) {
        if let Some(ix) = self.index {
            self.diags.push(Diagnostic::error(ix, span, msg));
        }
    }

    fn info(&self) -> Option<&'a LibInfo<'a>> {
        let unit: &'a Unit<'a> = self.unit;
        self.lib.map(|i| &unit.libs[i])
    }

    /// Binds `name` for the rest of the current scope.
    pub fn push(&mut self, name: &str, t: Type) {
        self.scopes.push((name.to_string(), t));
    }

    fn lookup_local(&self, name: &str) -> Option<Type> {
        self.scopes
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    }

    /// Reports `e` unless its type converts to Boolean (`where`, `if`, `when`, `such
    /// that`: CQL 1.5 §3.? "conditions are Boolean").
    pub fn expect_boolean(&mut self, e: &Expr) {
        let t = self.infer(e);
        if !converts(&t, &Type::Boolean) {
            self.error(
                e.span,
                format!(
                    "Expected an expression of type 'System.Boolean', but found an expression of type '{t}'."
                ),
            );
        }
    }

    fn op(&mut self, name: &str, args: Vec<Type>, span: Span) -> Type {
        // A bare number added to a date converts to a Quantity with unit '1', which the
        // translator accepts and every engine then rejects at run time: report it now.
        let sys: Vec<Type> = args.iter().map(as_system).collect();
        let unitless = matches!(name, "Add" | "Subtract")
            && matches!(
                sys.as_slice(),
                [
                    Type::Date | Type::DateTime | Type::Time,
                    Type::Integer | Type::Long | Type::Decimal
                ]
            );
        let resolution = if unitless {
            Resolution::NoMatch
        } else {
            resolve_operator(name, &args)
        };
        match resolution {
            Resolution::Resolved(t) => t,
            Resolution::Unknown => Type::Any,
            Resolution::NoMatch => {
                let mut msg = format!(
                    "Could not resolve call to operator {name} with signature ({}).",
                    signature(&args)
                );
                if let Some(h) = hint(name, &args) {
                    msg.push_str(" Hint: ");
                    msg.push_str(h);
                }
                self.error(span, msg);
                Type::Any
            }
        }
    }

    fn system_call(&mut self, name: &str, args: Vec<Type>, span: Span) -> Type {
        match resolve_function(name, &args) {
            Resolution::Resolved(t) => t,
            Resolution::Unknown => Type::Any,
            Resolution::NoMatch => {
                let arities = function_arities(name);
                let msg = if arities.contains(&args.len()) {
                    let mut m = format!(
                        "Could not resolve call to operator {name} with signature ({}).",
                        signature(&args)
                    );
                    if let Some(h) = hint(name, &args) {
                        m.push_str(" Hint: ");
                        m.push_str(h);
                    }
                    m
                } else {
                    let a: Vec<String> = arities.iter().map(usize::to_string).collect();
                    format!(
                        "Could not resolve call to system operator {name}. Expected {} arguments, found {}.",
                        a.join(" or "),
                        args.len()
                    )
                };
                self.error(span, msg);
                Type::Any
            }
        }
    }

    /// The type a type specifier names (CQL 1.5 §2.? "Type specifiers"); unknown names
    /// are `Any` (the compiler reports them).
    pub fn type_spec(&self, ts: &syn::TypeSpecifier) -> Type {
        match &ts.kind {
            syn::TypeSpecifierKind::Named(n) => named_type(n),
            syn::TypeSpecifierKind::List(t) => Type::list(self.type_spec(t)),
            syn::TypeSpecifierKind::Interval(t) => Type::interval(self.type_spec(t)),
            syn::TypeSpecifierKind::Tuple(els) => Type::Tuple(
                els.iter()
                    .map(|e| (e.name.name.clone(), self.type_spec(&e.type_specifier)))
                    .collect(),
            ),
            syn::TypeSpecifierKind::Choice(ts) => {
                Type::Choice(ts.iter().map(|t| self.type_spec(t)).collect())
            }
        }
    }

    /// The type of expression `e`, reporting what is wrong inside it.
    pub fn infer(&mut self, e: &Expr) -> Type {
        use syn::NumberKind as N;
        match &e.kind {
            ExprKind::Null => Type::Null,
            ExprKind::Boolean(_) => Type::Boolean,
            ExprKind::String(_) => Type::String,
            ExprKind::Number { kind, text } => {
                if let Some(msg) = literal_range_error(text, *kind) {
                    self.error(e.span, msg);
                }
                match kind {
                    N::Integer => Type::Integer,
                    N::Decimal => Type::Decimal,
                    N::Long => Type::Long,
                }
            }
            ExprKind::Date(_) => Type::Date,
            ExprKind::DateTime(_) => Type::DateTime,
            ExprKind::Time(_) => Type::Time,
            ExprKind::Quantity(_) => Type::Quantity,
            ExprKind::Ratio { .. } => Type::Ratio,
            ExprKind::Identifier(id) => self.identifier(id),
            ExprKind::ExternalConstant(_) | ExprKind::This | ExprKind::Index | ExprKind::Total => {
                Type::Any
            }
            ExprKind::Member { source, name } => self.member(source, name),
            ExprKind::Call { target, name, args } => {
                self.call(target.as_deref(), name, args, e.span)
            }
            ExprKind::Indexer { source, index } => {
                let args = vec![self.infer(source), self.infer(index)];
                self.op("Indexer", args, e.span)
            }
            ExprKind::Unary { op, operand } => {
                let t = self.infer(operand);
                self.op(unary_name(*op), vec![t], e.span)
            }
            ExprKind::Binary { op, left, right } => {
                let args = vec![self.infer(left), self.infer(right)];
                self.op(op_name(*op), args, e.span)
            }
            ExprKind::Membership {
                op, left, right, ..
            } => {
                let args = vec![self.infer(left), self.infer(right)];
                let name = match op {
                    syn::MembershipOp::In | syn::MembershipOp::EquivalentIn => "In",
                    _ => "Contains",
                };
                self.op(name, args, e.span)
            }
            ExprKind::Timing {
                phrase,
                left,
                right,
                ..
            } => {
                let a = self.infer(left);
                let b = self.infer(right);
                self.timing(phrase, &a, &b, e.span);
                Type::Boolean
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                let x = self.infer(operand);
                let a = self.infer(low);
                let b = self.infer(high);
                for bound in [a, b] {
                    if resolve_operator("LessOrEqual", &[x.clone(), bound.clone()])
                        == Resolution::NoMatch
                    {
                        self.error(
                            e.span,
                            format!(
                                "Could not resolve call to operator Between with signature ({}).",
                                signature(&[x.clone(), bound])
                            ),
                        );
                        break;
                    }
                }
                Type::Boolean
            }
            ExprKind::DurationBetween { low, high, .. }
            | ExprKind::DifferenceBetween { low, high, .. } => {
                let args = vec![self.infer(low), self.infer(high)];
                self.op("DurationBetween", args, e.span)
            }
            ExprKind::DurationOf { operand, .. } | ExprKind::DifferenceOf { operand, .. } => {
                self.infer(operand);
                Type::Integer
            }
            ExprKind::DateTimeComponentFrom { component, operand } => {
                let t = self.infer(operand);
                let name = match component {
                    syn::DateTimeComponent::Date => "DateFrom",
                    syn::DateTimeComponent::Time => "TimeFrom",
                    syn::DateTimeComponent::TimezoneOffset => "TimezoneOffsetFrom",
                    syn::DateTimeComponent::Precision(_) => "DateTimeComponentFrom",
                };
                self.op(name, vec![t], e.span)
            }
            ExprKind::TypeExtent { type_name, extent } => {
                let t = named_type(type_name);
                let ok = t.has_any() || (t.is_ordered() && t != Type::String);
                if !ok {
                    let which = match extent {
                        syn::TypeExtent::Minimum => "minimum",
                        syn::TypeExtent::Maximum => "maximum",
                    };
                    self.error(
                        e.span,
                        format!("Type '{t}' has no {which} value: only numeric, Quantity and date/time types do."),
                    );
                }
                t
            }
            ExprKind::Is { operand, .. } => {
                self.infer(operand);
                Type::Boolean
            }
            ExprKind::As {
                operand,
                type_specifier,
                ..
            } => {
                self.infer(operand);
                self.type_spec(type_specifier)
            }
            ExprKind::Convert { operand, target } => {
                self.infer(operand);
                match target.as_ref() {
                    syn::ConvertTarget::Type(ts) => self.type_spec(ts),
                    syn::ConvertTarget::Unit(..) => Type::Quantity,
                }
            }
            ExprKind::If {
                condition,
                then_branch,
                else_branch,
            } => {
                self.expect_boolean(condition);
                let a = self.infer(then_branch);
                let b = self.infer(else_branch);
                unify(&a, &b)
            }
            ExprKind::Case {
                comparand,
                items,
                else_branch,
            } => {
                let ct = comparand.as_ref().map(|c| self.infer(c));
                let mut result = Type::Null;
                for item in items {
                    if let Some(ct) = &ct {
                        let wt = self.infer(&item.when);
                        self.op("Equal", vec![ct.clone(), wt], item.when.span);
                    } else {
                        self.expect_boolean(&item.when);
                    }
                    let t = self.infer(&item.then);
                    result = unify(&result, &t);
                }
                let t = self.infer(else_branch);
                unify(&result, &t)
            }
            ExprKind::Expand { operand, per } | ExprKind::Collapse { operand, per } => {
                if let Some(syn::PerClause::Expression(p)) = per {
                    self.infer(p);
                }
                let t = self.infer(operand);
                let collapse = matches!(e.kind, ExprKind::Collapse { .. });
                match as_system(&t) {
                    Type::List(inner) if matches!(*inner, Type::Interval(_)) => Type::List(inner),
                    Type::Interval(p) if !collapse => Type::List(p),
                    _ => Type::Any,
                }
            }
            ExprKind::Interval { low, high, .. } => {
                let a = self.infer(low);
                let b = self.infer(high);
                let p = unify(&a, &b);
                if p == Type::Any && !a.has_any() && !b.has_any() {
                    self.error(
                        e.span,
                        format!(
                            "Low and high boundary values of an interval must be of the same type (found {a} and {b})."
                        ),
                    );
                }
                Type::interval(p)
            }
            ExprKind::List {
                element_type,
                elements,
            } => {
                let mut t = Type::Null;
                for el in elements {
                    let u = self.infer(el);
                    t = unify(&t, &u);
                }
                match element_type {
                    Some(ts) => Type::list(self.type_spec(ts)),
                    None if elements.is_empty() => Type::list(Type::Any),
                    None => Type::list(t),
                }
            }
            ExprKind::Tuple { elements } => Type::Tuple(
                elements
                    .iter()
                    .map(|el| (el.name.name.clone(), self.infer(&el.value)))
                    .collect(),
            ),
            ExprKind::Instance {
                type_name,
                elements,
            } => {
                for el in elements {
                    self.infer(&el.value);
                }
                named_type(type_name)
            }
            ExprKind::Code(_) => Type::Code,
            ExprKind::Concept { .. } => Type::Concept,
            ExprKind::Retrieve(r) => {
                if let Some(c) = &r.context {
                    self.infer(c);
                }
                if let Some(t) = &r.terminology {
                    let tt = self.infer(t);
                    let ok = tt.has_any()
                        || [
                            Type::ValueSet,
                            Type::CodeSystem,
                            Type::Concept,
                            Type::list(Type::Code),
                            Type::list(Type::Concept),
                        ]
                        .iter()
                        .any(|u| converts(&tt, u));
                    if !ok {
                        self.error(
                            t.span,
                            format!(
                                "The terminology of a retrieve must be a value set, code or concept, found an expression of type '{tt}'."
                            ),
                        );
                    }
                }
                match r.data_type.model() {
                    None | Some("FHIR") => Type::list(Type::Fhir(r.data_type.name.name.clone())),
                    _ => Type::list(Type::Any),
                }
            }
            ExprKind::Query(q) => self.query(q),
        }
    }

    /// Checks that the two sides of a timing phrase (`during`, `before`, `same day as`,
    /// ...) have comparable point types (CQL 1.5 Appendix B "Interval Operators": both
    /// sides are points or intervals of one point type).
    fn timing(&mut self, phrase: &syn::TimingPhrase, a: &Type, b: &Type, span: Span) {
        let (Some(pa), Some(pb)) = (point_type(a), point_type(b)) else {
            return;
        };
        if resolve_operator("Less", &[pa.clone(), pb.clone()]) != Resolution::NoMatch {
            return;
        }
        use syn::TimingPhrase as P;
        let name = match phrase {
            P::SameAs { relation, .. } => match relation {
                syn::SameRelation::As => "SameAs",
                syn::SameRelation::OrBefore => "SameOrBefore",
                syn::SameRelation::OrAfter => "SameOrAfter",
            },
            P::Includes { .. } => "Includes",
            P::IncludedIn { .. } => "IncludedIn",
            P::BeforeOrAfter { direction, .. } => match direction {
                syn::Direction::Before => "Before",
                syn::Direction::After => "After",
            },
            P::Within { .. } => "In",
            P::Meets { .. } => "Meets",
            P::Overlaps { .. } => "Overlaps",
            P::Starts { .. } => "Starts",
            P::Ends { .. } => "Ends",
        };
        self.error(
            span,
            format!(
                "Could not resolve call to operator {name} with signature ({}).",
                signature(&[a.clone(), b.clone()])
            ),
        );
    }

    fn identifier(&mut self, id: &syn::Ident) -> Type {
        if let Some(t) = self.lookup_local(&id.name) {
            return t;
        }
        let Some(li) = self.lib else {
            self.error(
                id.span,
                format!("Could not resolve identifier '{}'.", id.name),
            );
            return Type::Any;
        };
        if let Some(t) = self.library_member(li, &id.name) {
            return t;
        }
        let info = &self.unit.libs[li];
        if info.includes.contains_key(&id.name) {
            return Type::Any;
        }
        let ast = info.ast;
        let mut names: Vec<&str> = ast
            .expression_defs()
            .map(|d| d.name.name.as_str())
            .collect();
        names.extend(ast.parameters.iter().map(|p| p.name.name.as_str()));
        names.extend(ast.valuesets.iter().map(|p| p.name.name.as_str()));
        names.extend(ast.codes.iter().map(|p| p.name.name.as_str()));
        names.extend(self.scopes.iter().map(|(n, _)| n.as_str()));
        let msg = with_hint(
            format!("Could not resolve identifier '{}'", id.name),
            did_you_mean(&id.name, &names),
        );
        self.error(id.span, msg);
        Type::Any
    }

    /// A library-level name of library `li`: definition, parameter, terminology, or the
    /// implicit `Patient` of `context Patient`.
    fn library_member(&self, li: usize, name: &str) -> Option<Type> {
        let unit: &'a Unit<'a> = self.unit;
        let info = &unit.libs[li];
        let ast = info.ast;
        if ast.expression_defs().any(|d| d.name.name == name) {
            return Some(define_type(unit, li, name));
        }
        if let Some(p) = ast.parameters.iter().find(|p| p.name.name == name) {
            let mut c = Checker::new(unit, Some(li), None);
            return Some(match (&p.type_specifier, &p.default) {
                (Some(ts), _) => c.type_spec(ts),
                (None, Some(d)) => {
                    let key = format!("parameter {name}");
                    if !info.busy.borrow_mut().insert(key.clone()) {
                        return Some(Type::Any);
                    }
                    let t = c.infer(d);
                    info.busy.borrow_mut().remove(&key);
                    t
                }
                (None, None) => Type::Any,
            });
        }
        if ast.valuesets.iter().any(|v| v.name.name == name) {
            return Some(Type::ValueSet);
        }
        if ast.codesystems.iter().any(|v| v.name.name == name) {
            return Some(Type::CodeSystem);
        }
        if ast.codes.iter().any(|v| v.name.name == name) {
            return Some(Type::Code);
        }
        if ast.concepts.iter().any(|v| v.name.name == name) {
            return Some(Type::Concept);
        }
        let patient_context = ast
            .statements
            .iter()
            .any(|s| matches!(s, syn::Statement::Context(c) if c.name.name == "Patient"));
        if patient_context && name == "Patient" {
            return Some(Type::Fhir("Patient".into()));
        }
        None
    }

    /// The include alias `name` refers to, unless a local name shadows it.
    fn include(&self, e: &Expr) -> Option<Inc> {
        let ExprKind::Identifier(id) = &e.kind else {
            return None;
        };
        if self.lookup_local(&id.name).is_some() {
            return None;
        }
        let info = self.info()?;
        if info.ast.expression_defs().any(|d| d.name.name == id.name) {
            return None;
        }
        info.includes.get(&id.name).copied()
    }

    fn member(&mut self, source: &Expr, name: &syn::Ident) -> Type {
        if let Some(inc) = self.include(source) {
            return match inc {
                Inc::Lib(li) => match self.library_member(li, &name.name) {
                    Some(t) => t,
                    None => {
                        let alias = match &source.kind {
                            ExprKind::Identifier(id) => id.name.clone(),
                            _ => String::new(),
                        };
                        self.error(
                            name.span,
                            format!("Could not resolve '{}' in library '{alias}'.", name.name),
                        );
                        Type::Any
                    }
                },
                _ => Type::Any,
            };
        }
        let t = self.infer(source);
        self.member_of(&t, name, true)
    }

    /// The type of element `name` of a value of type `t` (FHIR model elements, tuple
    /// elements, Interval / Quantity / Code / Concept / Ratio properties).
    fn member_of(&mut self, t: &Type, name: &syn::Ident, report: bool) -> Type {
        let n = name.name.as_str();
        match t {
            Type::Fhir(ft) => {
                if model::is_primitive(ft) {
                    return if n == "value" {
                        as_system(t)
                    } else {
                        Type::Any
                    };
                }
                if !model::has_definition(ft) {
                    return Type::Any;
                }
                match model::element(ft, n) {
                    Some(el) => {
                        let ty = if el.types.len() == 1 {
                            Type::Fhir(el.types[0].to_string())
                        } else {
                            Type::Choice(
                                el.types.iter().map(|s| Type::Fhir(s.to_string())).collect(),
                            )
                        };
                        if el.many {
                            Type::list(ty)
                        } else {
                            ty
                        }
                    }
                    None => {
                        if report {
                            let names = model::element_names(ft);
                            let msg = match choice_key_hint(ft, n) {
                                Some((el, ty)) => format!(
                                    "{ft} has no element '{n}': '{el}' is a choice element, written without its type; use `{el} as FHIR.{ty}`, or `{el} is FHIR.{ty}` to test the type."
                                ),
                                None => with_hint(
                                    format!("{ft} has no element '{n}'"),
                                    did_you_mean(n, &names),
                                ),
                            };
                            self.error(name.span, msg);
                        }
                        Type::Any
                    }
                }
            }
            Type::List(inner) => match self.member_of(inner, name, report) {
                Type::Any => Type::Any,
                Type::List(x) => Type::List(x),
                other => Type::list(other),
            },
            Type::Tuple(els) => match els.iter().find(|(m, _)| m == n) {
                Some((_, u)) => u.clone(),
                None => {
                    if report {
                        let parts: Vec<String> =
                            els.iter().map(|(m, u)| format!("{m}:{u}")).collect();
                        self.error(
                            name.span,
                            format!(
                                "Member {n} not found for type tuple of {}.",
                                parts.join(", ")
                            ),
                        );
                    }
                    Type::Any
                }
            },
            Type::Interval(p) => match n {
                "low" | "high" => (**p).clone(),
                "lowClosed" | "highClosed" => Type::Boolean,
                _ => Type::Any,
            },
            Type::Quantity => match n {
                "value" => Type::Decimal,
                "unit" => Type::String,
                _ => Type::Any,
            },
            Type::Code => match n {
                "code" | "system" | "version" | "display" => Type::String,
                _ => Type::Any,
            },
            Type::Concept => match n {
                "codes" => Type::list(Type::Code),
                "display" => Type::String,
                _ => Type::Any,
            },
            Type::Ratio => match n {
                "numerator" | "denominator" => Type::Quantity,
                _ => Type::Any,
            },
            Type::Choice(ts) => {
                let found: Vec<Type> = ts
                    .iter()
                    .map(|u| self.member_of(u, name, false))
                    .filter(|u| *u != Type::Any)
                    .collect();
                match found.as_slice() {
                    [one] => one.clone(),
                    _ => Type::Any,
                }
            }
            _ => Type::Any,
        }
    }

    fn call(
        &mut self,
        target: Option<&Expr>,
        name: &syn::Ident,
        args: &[Expr],
        span: Span,
    ) -> Type {
        if let Some(tg) = target {
            if let Some(inc) = self.include(tg) {
                let types: Vec<Type> = args.iter().map(|a| self.infer(a)).collect();
                return match inc {
                    Inc::Helpers => helpers_result(&name.name, &types),
                    Inc::Lib(li) => self
                        .user_call(li, &name.name, &types, false, span)
                        .unwrap_or(Type::Any),
                    Inc::Missing => Type::Any,
                };
            }
        }
        let mut types = Vec::with_capacity(args.len() + 1);
        if let Some(tg) = target {
            types.push(self.infer(tg));
        }
        for a in args {
            types.push(self.infer(a));
        }
        let fluent = target.is_some();
        if let Some(li) = self.lib {
            if let Some(t) = self.user_call(li, &name.name, &types, fluent, span) {
                return t;
            }
            if fluent {
                let incs: Vec<Inc> = self.unit.libs[li].includes.values().copied().collect();
                for inc in incs {
                    if let Inc::Lib(other) = inc {
                        if let Some(t) = self.user_call(other, &name.name, &types, true, span) {
                            return t;
                        }
                    }
                }
            }
        }
        if name.name == "Coalesce" {
            return coalesce(&types);
        }
        self.system_call(&name.name, types, span)
    }

    /// Calls a function declared in library `li` (fluent ones only when `fluent`):
    /// `None` when no function of that name and arity exists there.
    fn user_call(
        &mut self,
        li: usize,
        name: &str,
        types: &[Type],
        fluent: bool,
        span: Span,
    ) -> Option<Type> {
        let unit: &'a Unit<'a> = self.unit;
        let ast = unit.libs[li].ast;
        let defs: Vec<(usize, &syn::FunctionDef)> = ast
            .function_defs()
            .enumerate()
            .filter(|(_, f)| {
                f.name.name == name && f.operands.len() == types.len() && (!fluent || f.fluent)
            })
            .collect();
        if defs.is_empty() {
            return None;
        }
        let decl = Checker::new(unit, Some(li), None);
        let mut best: Option<(u32, usize, &syn::FunctionDef)> = None;
        for (i, f) in &defs {
            let mut total = 0;
            let mut ok = true;
            for (op, t) in f.operands.iter().zip(types) {
                match conversion_cost(t, &decl.type_spec(&op.type_specifier)) {
                    Some(c) => total += c,
                    None => ok = false,
                }
            }
            if ok && best.is_none_or(|(c, _, _)| total < c) {
                best = Some((total, *i, f));
            }
        }
        match best {
            Some((_, i, f)) => Some(function_type(unit, li, i, f)),
            None => {
                let declared: Vec<Type> = defs[0]
                    .1
                    .operands
                    .iter()
                    .map(|o| decl.type_spec(&o.type_specifier))
                    .collect();
                self.error(
                    span,
                    format!(
                        "Could not resolve call to function '{name}' with signature ({}): it takes ({}).",
                        signature(types),
                        signature(&declared)
                    ),
                );
                Some(Type::Any)
            }
        }
    }

    fn query(&mut self, q: &syn::Query) -> Type {
        let mark = self.scopes.len();
        let mut plural = Some(false);
        let mut aliases = Vec::new();
        for s in &q.sources {
            let t = self.infer(&s.source);
            let el = match as_system(&t) {
                Type::List(x) => {
                    plural = plural.map(|_| true);
                    *x
                }
                Type::Any | Type::Null => {
                    plural = None;
                    Type::Any
                }
                other => {
                    if matches!(t, Type::Fhir(_)) {
                        t.clone()
                    } else {
                        other
                    }
                }
            };
            aliases.push((s.alias.name.clone(), el.clone()));
            self.push(&s.alias.name, el);
        }
        for l in &q.lets {
            let t = self.infer(&l.expression);
            self.push(&l.name.name, t);
        }
        for inc in &q.inclusions {
            let t = self.infer(&inc.source.source);
            let el = match as_system(&t) {
                Type::List(x) => *x,
                Type::Any | Type::Null => Type::Any,
                _ => t,
            };
            let m = self.scopes.len();
            self.push(&inc.source.alias.name, el);
            self.expect_boolean(&inc.condition);
            self.scopes.truncate(m);
        }
        if let Some(w) = &q.where_clause {
            self.expect_boolean(w);
        }
        let row = match &q.result {
            Some(syn::QueryResult::Return(r)) => self.infer(&r.expression),
            Some(syn::QueryResult::Aggregate(a)) => {
                let start = match &a.starting {
                    Some(s) => self.infer(s),
                    None => Type::Null,
                };
                let acc = if start.is_unknown() {
                    Type::Any
                } else {
                    start.clone()
                };
                self.push(&a.accumulator.name, acc);
                let t = self.infer(&a.expression);
                self.scopes.truncate(mark);
                return unify(&start, &t);
            }
            None if aliases.len() == 1 => aliases[0].1.clone(),
            None => Type::Tuple(aliases),
        };
        self.scopes.truncate(mark);
        match plural {
            Some(true) => Type::list(row),
            Some(false) => row,
            None => Type::Any,
        }
    }
}

/// When `n` is a choice element's JSON key (`performedDateTime`), the element and the
/// FHIR type it names (`performed`, `dateTime`).
fn choice_key_hint(ft: &str, n: &str) -> Option<(&'static str, &'static str)> {
    model::element_names(ft).into_iter().find_map(|el_name| {
        let rest = n.strip_prefix(el_name)?;
        let el = model::element(ft, el_name)?;
        if !el.is_choice() {
            return None;
        }
        el.types
            .iter()
            .find(|t| t.eq_ignore_ascii_case(rest))
            .map(|t| (el.name, *t))
    })
}

/// The (memoised) type of definition `name` of library `li`; `Any` while it is being
/// computed (a recursive reference).
pub(crate) fn define_type<'a>(unit: &'a Unit<'a>, li: usize, name: &str) -> Type {
    let info = &unit.libs[li];
    if let Some(t) = info.define_cache.borrow().get(name) {
        return t.clone();
    }
    if !info.busy.borrow_mut().insert(name.to_string()) {
        return Type::Any;
    }
    let t = match info.ast.expression_defs().find(|d| d.name.name == name) {
        Some(d) => Checker::new(unit, Some(li), None).infer(&d.expression),
        None => Type::Any,
    };
    info.busy.borrow_mut().remove(name);
    info.define_cache
        .borrow_mut()
        .insert(name.to_string(), t.clone());
    t
}

/// The result type of function `f` (index `fi` among the library's functions): its
/// declared return type, else the type of its body with the operands bound.
fn function_type<'a>(unit: &'a Unit<'a>, li: usize, fi: usize, f: &syn::FunctionDef) -> Type {
    let info = &unit.libs[li];
    let mut c = Checker::new(unit, Some(li), None);
    if let Some(rt) = &f.return_type {
        return c.type_spec(rt);
    }
    if let Some(t) = info.function_cache.borrow().get(&fi) {
        return t.clone();
    }
    let key = format!("function {fi}");
    if !info.busy.borrow_mut().insert(key.clone()) {
        return Type::Any;
    }
    let t = match &f.body {
        syn::FunctionBody::Expression(body) => {
            for op in &f.operands {
                let ot = c.type_spec(&op.type_specifier);
                c.push(&op.name.name, ot);
            }
            c.infer(body)
        }
        syn::FunctionBody::External(_) => Type::Any,
    };
    info.busy.borrow_mut().remove(&key);
    info.function_cache.borrow_mut().insert(fi, t.clone());
    t
}
