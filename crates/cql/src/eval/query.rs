//! Query evaluation (CQL 1.5 §5.4 "Queries"): cartesian product of the sources, `let`,
//! `with`/`without ... such that`, `where`, `return [all|distinct]`, `aggregate`, and a
//! stable `sort` with nulls first ascending. A single source that is not a list gives
//! a single result (or null).

use super::{Ctx, EvalResult};
use crate::ir::{QueryIr, SortIr};
use std::cmp::Ordering;
use ww_cql_value::{compare, interval as iv, list, Value};

impl Ctx<'_> {
    pub(super) fn query(&mut self, q: &QueryIr) -> EvalResult {
        let mut sources: Vec<Vec<Value>> = Vec::with_capacity(q.sources.len());
        let mut singular = false;
        for (ir, _, _) in &q.sources {
            match self.eval(ir)? {
                Value::List(l) => sources.push(l.to_vec()),
                Value::Null if q.sources.len() == 1 => {
                    singular = true;
                    sources.push(Vec::new())
                }
                Value::Null => sources.push(Vec::new()),
                other => {
                    singular = q.sources.len() == 1;
                    sources.push(vec![other]);
                }
            }
        }
        let multi = q.sources.len() > 1;
        let mut rows: Vec<Value> = Vec::new();
        let mut idx = vec![0usize; sources.len()];
        let empty = sources.iter().any(Vec::is_empty);
        let mut aggregate_input: Vec<Vec<Value>> = Vec::new();
        let mut done = empty;
        while !done {
            self.check_deadline()?;
            let current: Vec<Value> = idx
                .iter()
                .zip(&sources)
                .map(|(&i, s)| s[i].clone())
                .collect();
            for ((_, _, slot), v) in q.sources.iter().zip(&current) {
                self.set_local(*slot, v.clone());
            }
            if self.row_passes(q)? {
                if q.aggregate.is_some() {
                    aggregate_input.push(current.clone());
                } else {
                    let r = match &q.ret {
                        Some((e, _)) => self.eval(e)?,
                        None if multi => Value::tuple(
                            q.sources
                                .iter()
                                .zip(&current)
                                .map(|((_, name, _), v)| (name.clone(), v.clone()))
                                .collect(),
                        ),
                        None => current[0].clone(),
                    };
                    rows.push(r);
                }
            }
            // Next combination (the last source varies fastest).
            done = true;
            for k in (0..idx.len()).rev() {
                idx[k] += 1;
                if idx[k] < sources[k].len() {
                    done = false;
                    break;
                }
                idx[k] = 0;
            }
        }
        if let Some((slot, start, body, distinct)) = &q.aggregate {
            let mut acc = self.eval(start)?;
            let mut seen: Vec<Vec<Value>> = Vec::new();
            for row in aggregate_input {
                if *distinct {
                    if seen
                        .iter()
                        .any(|s| s.iter().zip(&row).all(|(a, b)| compare::equiv(a, b)))
                    {
                        continue;
                    }
                    seen.push(row.clone());
                }
                for ((_, _, s), v) in q.sources.iter().zip(&row) {
                    self.set_local(*s, v.clone());
                }
                self.set_local(*slot, acc);
                acc = self.eval(body)?;
            }
            return Ok(acc);
        }
        let mut result = Value::list(rows);
        if matches!(&q.ret, Some((_, true))) {
            result = list::distinct(&result)?;
        }
        if let Some(sort) = &q.sort {
            result = self.sort(result, sort)?;
        }
        if singular {
            return Ok(match result {
                Value::List(l) => l.first().cloned().unwrap_or(Value::Null),
                other => other,
            });
        }
        Ok(result)
    }

    /// `let`, `with`/`without` and `where` for the current row.
    fn row_passes(&mut self, q: &QueryIr) -> Result<bool, ww_cql_value::EvalError> {
        for (slot, e) in &q.lets {
            let v = self.eval(e)?;
            self.set_local(*slot, v);
        }
        for inc in &q.inclusions {
            let related = match self.eval(&inc.source)? {
                Value::List(l) => l.to_vec(),
                Value::Null => Vec::new(),
                other => vec![other],
            };
            let mut found = false;
            for r in related {
                self.set_local(inc.slot, r);
                if self.eval(&inc.condition)?.as_bool() == Some(true) {
                    found = true;
                    break;
                }
            }
            if found != inc.with {
                return Ok(false);
            }
        }
        if let Some(w) = &q.where_clause {
            if self.eval(w)?.as_bool() != Some(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn sort(&mut self, v: Value, sort: &SortIr) -> EvalResult {
        let Value::List(items) = v else {
            return Ok(v);
        };
        match sort {
            SortIr::Direction(desc) => list::sort(&Value::List(items), *desc),
            SortIr::By(slot, keys) => {
                let mut keyed: Vec<(Vec<Value>, Value)> = Vec::with_capacity(items.len());
                for item in items.iter() {
                    self.set_local(*slot, item.clone());
                    let mut ks = Vec::with_capacity(keys.len());
                    for (k, _) in keys {
                        ks.push(self.eval(k)?);
                    }
                    keyed.push((ks, item.clone()));
                }
                keyed.sort_by(|(a, _), (b, _)| {
                    for (i, (_, desc)) in keys.iter().enumerate() {
                        let o = compare::sort_cmp(&a[i], &b[i]);
                        let o = if *desc { o.reverse() } else { o };
                        if o != Ordering::Equal {
                            return o;
                        }
                    }
                    Ordering::Equal
                });
                Ok(Value::list(keyed.into_iter().map(|(_, v)| v).collect()))
            }
        }
    }

    /// `A [properly] within Q of B`: A (point or interval) lies in B widened by Q.
    pub(super) fn within(&mut self, l: Value, r: Value, q: Value, proper: bool) -> EvalResult {
        use ww_cql_value::arith;
        let l = crate::fhir::helpers::to_system(&l, self.offset());
        let r = crate::fhir::helpers::to_system(&r, self.offset());
        if l.is_null() || r.is_null() {
            return Ok(Value::Null);
        }
        let (lo, hi) = match &r {
            Value::Interval(_) => (iv::start(&r)?, iv::end(&r)?),
            _ => (r.clone(), r.clone()),
        };
        let lo = arith::subtract(&lo, &q)?;
        let hi = arith::add(&hi, &q)?;
        let window = Value::interval(lo, !proper, hi, !proper);
        match &l {
            Value::Interval(_) => iv::included_in(&l, &window, None),
            _ => iv::in_interval(&l, &window, None),
        }
    }
}
