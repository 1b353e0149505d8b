//! Query compilation (CQL 1.5 §2.12 "Queries", §5.4 "Query evaluation").

use super::expr::{Cx, St};
use crate::ir::{InclusionIr, Ir, QueryIr, SortIr};
use ww_cql_syntax::{self as syn, QueryResult, ResultModifier, SortClause, SortDirection};

impl Cx<'_> {
    /// Compiles a query; aliases, lets and the accumulator get frame slots.
    pub(super) fn query(&mut self, q: &syn::Query) -> (Ir, St) {
        let mut pushed = 0;
        let mut sources = Vec::new();
        let mut first_st = St::Unknown;
        for s in &q.sources {
            let (ir, st) = self.expr(&s.source);
            let el = match &st {
                St::List(e) => (**e).clone(),
                other => other.clone(),
            };
            if sources.is_empty() {
                first_st = st.clone();
            }
            let slot = self.push_local(&s.alias.name, el);
            pushed += 1;
            sources.push((ir, s.alias.name.clone(), slot));
        }
        let mut lets = Vec::new();
        for l in &q.lets {
            let (ir, st) = self.expr(&l.expression);
            let slot = self.push_local(&l.name.name, st);
            pushed += 1;
            lets.push((slot, ir));
        }
        let mut inclusions = Vec::new();
        for inc in &q.inclusions {
            let (src, st) = self.expr(&inc.source.source);
            let el = match &st {
                St::List(e) => (**e).clone(),
                other => other.clone(),
            };
            let slot = self.push_local(&inc.source.alias.name, el);
            let condition = self.ir(&inc.condition);
            self.pop_locals(1);
            inclusions.push(InclusionIr {
                with: inc.kind == syn::InclusionKind::With,
                source: src,
                slot,
                condition,
            });
        }
        let where_clause = q.where_clause.as_ref().map(|w| self.ir(w));
        let mut ret = None;
        let mut aggregate = None;
        let mut result_st = if q.sources.len() == 1 {
            first_st
        } else {
            St::Unknown
        };
        match &q.result {
            Some(QueryResult::Return(r)) => {
                let (ir, st) = self.expr(&r.expression);
                result_st = St::List(Box::new(st));
                ret = Some((ir, r.modifier != Some(ResultModifier::All)));
            }
            Some(QueryResult::Aggregate(a)) => {
                let start = a
                    .starting
                    .as_ref()
                    .map_or(Ir::Lit(ww_cql_value::Value::Null), |s| self.ir(s));
                let slot = self.push_local(&a.accumulator.name, St::Unknown);
                let body = self.ir(&a.expression);
                self.pop_locals(1);
                result_st = St::Unknown;
                aggregate = Some((
                    slot,
                    start,
                    body,
                    a.modifier == Some(ResultModifier::Distinct),
                ));
            }
            None => {}
        }
        let sort = q.sort.as_ref().map(|s| match s {
            SortClause::Direction(d, _) => SortIr::Direction(*d == SortDirection::Descending),
            SortClause::By(items, _) => {
                let el = match &result_st {
                    St::List(e) => (**e).clone(),
                    other => other.clone(),
                };
                self.with_this(el, |cx, slot| {
                    let keys = items
                        .iter()
                        .map(|it| {
                            (
                                cx.ir(&it.expression),
                                it.direction == Some(SortDirection::Descending),
                            )
                        })
                        .collect();
                    SortIr::By(slot, keys)
                })
            }
        });
        self.pop_locals(pushed);
        let ir = Ir::Query(Box::new(QueryIr {
            sources,
            lets,
            inclusions,
            where_clause,
            ret,
            aggregate,
            sort,
        }));
        (ir, result_st)
    }
}
