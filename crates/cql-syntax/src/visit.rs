//! Walking the tree: the direct sub-expressions of a node, and a pre-order walk.
//!
//! Recursion depth is bounded by the parser's limits ([`crate::MAX_DEPTH`],
//! [`crate::MAX_CHAIN`]) for trees that come from the parser.

use crate::ast::*;

impl Expr {
    /// Calls `f` on each direct sub-expression, in source order. Includes query sources,
    /// clause expressions, retrieve context and terminology, `per` expressions, list and
    /// tuple elements and call arguments (a call's target comes first).
    pub fn for_each_child<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Null
            | ExprKind::Boolean(_)
            | ExprKind::String(_)
            | ExprKind::Number { .. }
            | ExprKind::Date(_)
            | ExprKind::DateTime(_)
            | ExprKind::Time(_)
            | ExprKind::Quantity(_)
            | ExprKind::Ratio { .. }
            | ExprKind::Identifier(_)
            | ExprKind::ExternalConstant(_)
            | ExprKind::This
            | ExprKind::Index
            | ExprKind::Total
            | ExprKind::TypeExtent { .. }
            | ExprKind::Code(_)
            | ExprKind::Concept { .. } => {}
            ExprKind::Member { source, .. } => f(source),
            ExprKind::Call { target, args, .. } => {
                if let Some(t) = target {
                    f(t);
                }
                args.iter().for_each(f);
            }
            ExprKind::Indexer { source, index } => {
                f(source);
                f(index);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::DurationOf { operand, .. }
            | ExprKind::DifferenceOf { operand, .. }
            | ExprKind::DateTimeComponentFrom { operand, .. }
            | ExprKind::Is { operand, .. }
            | ExprKind::As { operand, .. }
            | ExprKind::Convert { operand, .. } => f(operand),
            ExprKind::Binary { left, right, .. }
            | ExprKind::Membership { left, right, .. }
            | ExprKind::Timing { left, right, .. } => {
                f(left);
                f(right);
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                f(operand);
                f(low);
                f(high);
            }
            ExprKind::DurationBetween { low, high, .. }
            | ExprKind::DifferenceBetween { low, high, .. }
            | ExprKind::Interval { low, high, .. } => {
                f(low);
                f(high);
            }
            ExprKind::If {
                condition,
                then_branch,
                else_branch,
            } => {
                f(condition);
                f(then_branch);
                f(else_branch);
            }
            ExprKind::Case {
                comparand,
                items,
                else_branch,
            } => {
                if let Some(c) = comparand {
                    f(c);
                }
                for item in items {
                    f(&item.when);
                    f(&item.then);
                }
                f(else_branch);
            }
            ExprKind::Expand { operand, per } | ExprKind::Collapse { operand, per } => {
                f(operand);
                if let Some(PerClause::Expression(e)) = per {
                    f(e);
                }
            }
            ExprKind::List { elements, .. } => elements.iter().for_each(f),
            ExprKind::Tuple { elements } | ExprKind::Instance { elements, .. } => {
                elements.iter().for_each(|el| f(&el.value))
            }
            ExprKind::Retrieve(r) => {
                if let Some(c) = &r.context {
                    f(c);
                }
                if let Some(t) = &r.terminology {
                    f(t);
                }
            }
            ExprKind::Query(q) => {
                for s in &q.sources {
                    f(&s.source);
                }
                for l in &q.lets {
                    f(&l.expression);
                }
                for inc in &q.inclusions {
                    f(&inc.source.source);
                    f(&inc.condition);
                }
                if let Some(w) = &q.where_clause {
                    f(w);
                }
                match &q.result {
                    Some(QueryResult::Return(r)) => f(&r.expression),
                    Some(QueryResult::Aggregate(a)) => {
                        if let Some(s) = &a.starting {
                            f(s);
                        }
                        f(&a.expression);
                    }
                    None => {}
                }
                if let Some(SortClause::By(items, _)) = &q.sort {
                    for item in items {
                        f(&item.expression);
                    }
                }
            }
        }
    }

    /// The direct sub-expressions, in source order (see [`Expr::for_each_child`]).
    pub fn children(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.for_each_child(&mut |c| out.push(c));
        out
    }

    /// Visits this node and every node below it, parents before children.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        self.for_each_child(&mut |c| c.walk(f));
    }
}

impl Library {
    /// The expression definition named `name`, if any.
    pub fn expression_def(&self, name: &str) -> Option<&ExpressionDef> {
        self.expression_defs().find(|d| d.name.name == name)
    }

    /// Every expression in the library: parameter defaults, include bindings, definition
    /// bodies and function bodies, in source order within each kind.
    pub fn expressions(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = Vec::new();
        out.extend(self.includes.iter().filter_map(|i| i.bind.as_ref()));
        out.extend(self.parameters.iter().filter_map(|p| p.default.as_ref()));
        for s in &self.statements {
            match s {
                Statement::Expression(d) => out.push(&d.expression),
                Statement::Function(f) => {
                    if let FunctionBody::Expression(e) = &f.body {
                        out.push(e);
                    }
                }
                Statement::Context(_) => {}
            }
        }
        out
    }
}
