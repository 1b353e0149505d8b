//! The evaluator: walks the resolved form ([`crate::ir`]) with three-valued logic
//! (CQL 1.5 §5 "Language semantics"), lazily evaluating and caching definitions and
//! parameters, and retrieving data through the [`DataProvider`] with results cached per
//! subject.

mod ops;
mod query;
mod retrieve;
mod types;

use crate::compile::LibIr;
use crate::data::DataProvider;
use crate::fhir::helpers;
use crate::ir::Ir;
use crate::terminology::TerminologyProvider;
use std::collections::HashMap;
use std::time::Instant;
use ww_cql_value::{literal, DateTime, EvalError, Value};

/// Result of evaluating one expression.
pub type EvalResult = Result<Value, EvalError>;

/// How deep user function calls and definition references may nest.
const MAX_DEPTH: usize = 200;

#[derive(Clone)]
enum Cached {
    Empty,
    InProgress,
    Done(EvalResult),
}

/// The state of one evaluation request (one patient, one library and its includes).
pub(crate) struct Ctx<'a> {
    pub libs: &'a [LibIr],
    pub data: &'a dyn DataProvider,
    pub terminology: &'a dyn TerminologyProvider,
    pub patient_id: Option<&'a str>,
    pub now: DateTime,
    pub overrides: &'a HashMap<String, Value>,
    pub deadline: Option<Instant>,
    defines: Vec<Vec<Cached>>,
    params: Vec<Vec<Cached>>,
    pub(crate) retrieves: HashMap<retrieve::Key, Value>,
    stack: Vec<Value>,
    base: usize,
    depth: usize,
}

pub(crate) fn err(msg: impl Into<String>) -> EvalError {
    EvalError::InvalidArgument(msg.into())
}

impl<'a> Ctx<'a> {
    /// A new evaluation; `overrides` are parameter values of the main (last) library.
    pub fn new(
        libs: &'a [LibIr],
        data: &'a dyn DataProvider,
        terminology: &'a dyn TerminologyProvider,
        patient_id: Option<&'a str>,
        now: DateTime,
        overrides: &'a HashMap<String, Value>,
    ) -> Ctx<'a> {
        Ctx {
            libs,
            data,
            terminology,
            patient_id,
            now,
            overrides,
            deadline: None,
            defines: libs
                .iter()
                .map(|l| vec![Cached::Empty; l.defines.len()])
                .collect(),
            params: libs
                .iter()
                .map(|l| vec![Cached::Empty; l.params.len()])
                .collect(),
            retrieves: HashMap::new(),
            stack: Vec::new(),
            base: 0,
            depth: 0,
        }
    }

    /// The request's offset in minutes (for DateTimes written without one).
    pub fn offset(&self) -> i32 {
        self.now.offset
    }

    pub(crate) fn check_deadline(&self) -> Result<(), EvalError> {
        match self.deadline {
            Some(d) if Instant::now() > d => Err(err("evaluation timed out")),
            _ => Ok(()),
        }
    }

    fn set_local(&mut self, slot: usize, v: Value) {
        let i = self.base + slot;
        if self.stack.len() <= i {
            self.stack.resize(i + 1, Value::Null);
        }
        self.stack[i] = v;
    }

    fn local(&self, slot: usize) -> Value {
        self.stack
            .get(self.base + slot)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Runs `f` in a fresh frame (definitions, parameter defaults, function bodies).
    fn in_frame<T>(
        &mut self,
        args: Vec<Value>,
        f: impl FnOnce(&mut Self) -> T,
    ) -> Result<T, EvalError> {
        if self.depth >= MAX_DEPTH {
            return Err(err("definitions or functions nest too deeply (recursion?)"));
        }
        let saved = self.base;
        self.base = self.stack.len();
        self.stack.extend(args);
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        self.stack.truncate(self.base);
        self.base = saved;
        Ok(r)
    }

    /// Evaluates definition `di` of library `li` (cached).
    pub fn define(&mut self, li: usize, di: usize) -> EvalResult {
        match &self.defines[li][di] {
            Cached::Done(r) => return r.clone(),
            Cached::InProgress => {
                return Err(err(format!(
                    "definition '{}' refers to itself",
                    self.libs[li].defines[di].name
                )))
            }
            Cached::Empty => {}
        }
        self.defines[li][di] = Cached::InProgress;
        let libs = self.libs;
        let body = &libs[li].defines[di].body;
        let r = self
            .in_frame(Vec::new(), |cx| cx.eval(body))
            .and_then(|r| r);
        self.defines[li][di] = Cached::Done(r.clone());
        r
    }

    /// Evaluates parameter `pi` of library `li`: the caller's value or the default.
    pub fn param(&mut self, li: usize, pi: usize) -> EvalResult {
        if let Cached::Done(r) = &self.params[li][pi] {
            return r.clone();
        }
        let libs = self.libs;
        let p = &libs[li].params[pi];
        let r = if li + 1 == libs.len() && self.overrides.contains_key(&p.name) {
            Ok(self.overrides[&p.name].clone())
        } else {
            match &p.default {
                Some(d) => self.in_frame(Vec::new(), |cx| cx.eval(d)).and_then(|r| r),
                None => Ok(Value::Null),
            }
        };
        self.params[li][pi] = Cached::Done(r.clone());
        r
    }

    /// Evaluates an expression in the current frame.
    pub fn eval(&mut self, ir: &Ir) -> EvalResult {
        match ir {
            Ir::Lit(v) => Ok(v.clone()),
            Ir::Temporal(t) => literal::parse_temporal_literal(t, self.offset()),
            Ir::Local(s) => Ok(self.local(*s)),
            Ir::Define(li, di) => self.define(*li, *di),
            Ir::Param(li, pi) => self.param(*li, *pi),
            Ir::Op(op, args) => self.op(*op, args),
            Ir::And(a, b) => {
                let x = self.eval(a)?;
                if x.as_bool() == Some(false) {
                    return Ok(Value::Boolean(false));
                }
                let y = self.eval(b)?;
                ww_cql_value::logic::and(&x, &y)
            }
            Ir::Or(a, b) => {
                let x = self.eval(a)?;
                if x.as_bool() == Some(true) {
                    return Ok(Value::Boolean(true));
                }
                let y = self.eval(b)?;
                ww_cql_value::logic::or(&x, &y)
            }
            Ir::Implies(a, b) => {
                let x = self.eval(a)?;
                if x.as_bool() == Some(false) {
                    return Ok(Value::Boolean(true));
                }
                let y = self.eval(b)?;
                ww_cql_value::logic::implies(&x, &y)
            }
            Ir::Call(li, cands, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval(a)?);
                }
                self.call(*li, cands, vals)
            }
            Ir::If(c, t, f) => {
                if self.eval(c)?.as_bool() == Some(true) {
                    self.eval(t)
                } else {
                    self.eval(f)
                }
            }
            Ir::Case(comparand, items, el) => {
                match comparand {
                    Some(c) => {
                        let cv = self.eval(c)?;
                        for (w, t) in items {
                            let wv = self.eval(w)?;
                            let eq = ww_cql_value::compare::equal(&cv, &wv)?;
                            if eq.as_bool() == Some(true) {
                                return self.eval(t);
                            }
                        }
                    }
                    None => {
                        for (w, t) in items {
                            if self.eval(w)?.as_bool() == Some(true) {
                                return self.eval(t);
                            }
                        }
                    }
                }
                self.eval(el)
            }
            Ir::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Ok(Value::list(out))
            }
            Ir::Tuple(els) => {
                let mut out = Vec::with_capacity(els.len());
                for (n, e) in els {
                    out.push((n.clone(), self.eval(e)?));
                }
                Ok(Value::tuple(out))
            }
            Ir::Interval(lo, lc, hi, hc) => {
                let l = helpers::to_system(&self.eval(lo)?, self.offset());
                let h = helpers::to_system(&self.eval(hi)?, self.offset());
                types::interval(l, *lc, h, *hc)
            }
            Ir::Instance(name, els) => {
                let mut vals = Vec::with_capacity(els.len());
                for (n, e) in els {
                    vals.push((n.as_str(), self.eval(e)?));
                }
                types::instance(name, vals)
            }
            Ir::Member(src, name) => {
                let v = self.eval(src)?;
                types::member(&v, name, self.offset())
            }
            Ir::Query(q) => self.query(q),
            Ir::Retrieve(r) => self.retrieve(r),
            Ir::Is(x, t) => {
                let v = self.eval(x)?;
                Ok(Value::Boolean(
                    !v.is_null() && types::matches(&v, t, self.offset()),
                ))
            }
            Ir::As(x, t, strict) => {
                let v = self.eval(x)?;
                types::cast(v, t, *strict, self.offset())
            }
            Ir::Convert(x, t) => {
                let v = self.eval(x)?;
                types::convert(&v, t, self.offset())
            }
            Ir::Within(l, r, q, proper) => {
                let lv = self.eval(l)?;
                let rv = self.eval(r)?;
                let qv = self.eval(q)?;
                self.within(lv, rv, qv, *proper)
            }
            Ir::Unresolved(what) => Err(err(format!("cannot evaluate unresolved {what}"))),
        }
    }

    /// Calls a user function, choosing the overload whose operand types match.
    fn call(&mut self, li: usize, cands: &[usize], args: Vec<Value>) -> EvalResult {
        let libs = self.libs;
        let lib = &libs[li];
        let off = self.offset();
        let fi = if cands.len() == 1 {
            cands[0]
        } else {
            *cands
                .iter()
                .find(|&&i| {
                    lib.functions[i]
                        .operands
                        .iter()
                        .zip(&args)
                        .all(|(t, a)| a.is_null() || types::matches(a, t, off))
                })
                .unwrap_or(&cands[0])
        };
        let f = &lib.functions[fi];
        let args: Vec<Value> = args
            .into_iter()
            .zip(f.operands.iter())
            .map(|(a, t)| types::coerce_arg(a, t, off))
            .collect();
        let Some(body) = &f.body else {
            return Err(err(format!(
                "external function '{}' is not available",
                f.name
            )));
        };
        self.check_deadline()?;
        self.in_frame(args, |cx| cx.eval(body)).and_then(|r| r)
    }
}
