//! The `expression` rule: precedence climbing over the grammar's alternatives.
//!
//! ANTLR gives earlier alternatives of a left-recursive rule higher precedence; the levels
//! below follow the order of the `expression` rule in `Cql.g4` (loosest first):
//!
//! | level | operators |
//! |---|---|
//! | 1 | `implies` |
//! | 2 | `or`, `xor` |
//! | 3 | `and` |
//! | 4 | `in`, `contains` (membership) |
//! | 5 | `=`, `!=`, `~`, `!~` |
//! | 6 | timing phrases (`during`, `before`, `same as`, `overlaps`, ...) |
//! | 7 | `<`, `<=`, `>`, `>=` |
//! | 8 | `union`, `|`, `intersect`, `except` |
//! | 9 | `[properly] between .. and ..` |
//! | 10 | `exists` (prefix) |
//! | 11 | `not` (prefix) |
//! | 12 | `is T`, `as T` (`cast` is a primary) |
//! | 13 | `is [not] null/true/false` |
//!
//! All `expressionTerm` operators (arithmetic, `.`, `[]`, prefix phrases) bind tighter.
//! Binary operators are left-associative. A prefix operator's operand takes only operators
//! of its own level or tighter, so `not a = b` is `(not a) = b`, as in the grammar.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

pub(super) const P_IMPLIES: u8 = 1;
pub(super) const P_OR: u8 = 2;
pub(super) const P_AND: u8 = 3;
pub(super) const P_MEMBERSHIP: u8 = 4;
pub(super) const P_EQUALITY: u8 = 5;
pub(super) const P_TIMING: u8 = 6;
pub(super) const P_INEQUALITY: u8 = 7;
pub(super) const P_SET: u8 = 8;
pub(super) const P_BETWEEN: u8 = 9;
pub(super) const P_EXISTS: u8 = 10;
pub(super) const P_NOT: u8 = 11;
pub(super) const P_TYPE: u8 = 12;
pub(super) const P_BOOLEAN_TEST: u8 = 13;

impl Parser<'_> {
    /// `expression` with operators of level `min` or tighter (0 = any expression).
    pub(crate) fn expression(&mut self, min: u8) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner(min);
        self.leave();
        r
    }

    fn expression_inner(&mut self, min: u8) -> PResult<Expr> {
        let start = self.pos;
        let lhs = self.expression_primary()?;
        self.climb(lhs, start, min, Self::infix)
    }

    /// Which infix or postfix form starts at the current token, with its level.
    fn infix_form(&self) -> Option<(Infix, u8)> {
        let kind = self.kind();
        let binary = |op: BinaryOp, prec: u8| Some((Infix::Binary(op), prec));
        match kind {
            Tok::Keyword(Kw::Implies) => binary(BinaryOp::Implies, P_IMPLIES),
            Tok::Keyword(Kw::Or) if !self.or_starts_phrase() => binary(BinaryOp::Or, P_OR),
            Tok::Keyword(Kw::Xor) => binary(BinaryOp::Xor, P_OR),
            Tok::Keyword(Kw::And) => binary(BinaryOp::And, P_AND),
            Tok::Eq => binary(BinaryOp::Equal, P_EQUALITY),
            Tok::NotEq => binary(BinaryOp::NotEqual, P_EQUALITY),
            Tok::Tilde => binary(BinaryOp::Equivalent, P_EQUALITY),
            Tok::NotTilde => binary(BinaryOp::NotEquivalent, P_EQUALITY),
            Tok::Lt => binary(BinaryOp::Less, P_INEQUALITY),
            Tok::LtEq => binary(BinaryOp::LessOrEqual, P_INEQUALITY),
            Tok::Gt => binary(BinaryOp::Greater, P_INEQUALITY),
            Tok::GtEq => binary(BinaryOp::GreaterOrEqual, P_INEQUALITY),
            Tok::Pipe | Tok::Keyword(Kw::Union) => binary(BinaryOp::Union, P_SET),
            Tok::Keyword(Kw::Intersect) => binary(BinaryOp::Intersect, P_SET),
            Tok::Keyword(Kw::Except) => binary(BinaryOp::Except, P_SET),
            Tok::Keyword(Kw::In) => Some((Infix::Membership(MembershipOp::In), P_MEMBERSHIP)),
            Tok::Keyword(Kw::Contains) => {
                Some((Infix::Membership(MembershipOp::Contains), P_MEMBERSHIP))
            }
            Tok::TildeIn => Some((Infix::Membership(MembershipOp::EquivalentIn), P_MEMBERSHIP)),
            Tok::TildeContains => Some((
                Infix::Membership(MembershipOp::EquivalentContains),
                P_MEMBERSHIP,
            )),
            Tok::Keyword(Kw::Between) => Some((Infix::Between, P_BETWEEN)),
            Tok::Keyword(Kw::Properly) if self.nth_kw(1, Kw::Between) => {
                Some((Infix::Between, P_BETWEEN))
            }
            Tok::Keyword(Kw::Is)
                if matches!(
                    self.nth(1),
                    Tok::Keyword(Kw::Null)
                        | Tok::Keyword(Kw::True)
                        | Tok::Keyword(Kw::False)
                        | Tok::Keyword(Kw::Not)
                ) =>
            {
                Some((Infix::BooleanTest, P_BOOLEAN_TEST))
            }
            Tok::Keyword(Kw::Is) | Tok::Keyword(Kw::As) => Some((Infix::Type, P_TYPE)),
            _ if self.at_timing_phrase() => Some((Infix::Timing, P_TIMING)),
            _ => None,
        }
    }

    /// Applies one infix or postfix operator to `lhs`: `Ok(Ok(new))` when one applies at
    /// level `min` or tighter, `Ok(Err(lhs))` when none does. Each form is parsed in its
    /// own function to keep this recursive path's stack frames small.
    fn infix(&mut self, lhs: Expr, start: usize, min: u8) -> PResult<Result<Expr, Expr>> {
        let Some((form, prec)) = self.infix_form() else {
            return Ok(Err(lhs));
        };
        if prec < min {
            return Ok(Err(lhs));
        }
        let next = match form {
            Infix::Binary(op) => self.binary(lhs, start, op, prec),
            Infix::Membership(op) => self.membership(lhs, start, op),
            Infix::Between => self.between(lhs, start),
            Infix::BooleanTest => self.boolean_test(lhs, start),
            Infix::Type => self.type_operator(lhs, start),
            Infix::Timing => self.timing(lhs, start),
        };
        next.map(Ok)
    }

    fn binary(&mut self, lhs: Expr, start: usize, op: BinaryOp, prec: u8) -> PResult<Expr> {
        let op_span = self.bump();
        if prec == P_SET && self.at_kw(Kw::All) {
            // CQL 2.0 `union all [ordered]`: keep duplicates. Not in the operator set the
            // evaluator implements; report it instead of silently changing the meaning.
            self.bump();
            self.eat_kw(Kw::Ordered);
            let span = self.span_from(start);
            return Err(self.error(
                span,
                format!(
                    "'{} all' (CQL 2.0) is not supported; use '{}' (duplicates removed)",
                    op.symbol(),
                    op.symbol()
                ),
            ));
        }
        let right = self.operand(prec + 1, op.symbol(), op_span)?;
        Ok(self.mk_binary(op, lhs, right, start))
    }

    fn membership(&mut self, lhs: Expr, start: usize, op: MembershipOp) -> PResult<Expr> {
        let op_span = self.bump();
        let precision = self.precision_of();
        let word = self.tokens[self.pos - 1].span.text(self.src).to_string();
        let right = self.operand(P_MEMBERSHIP + 1, &word, op_span)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Membership {
                op,
                precision,
                left: Box::new(lhs),
                right: Box::new(right),
            },
            span,
        ))
    }

    fn between(&mut self, lhs: Expr, start: usize) -> PResult<Expr> {
        let proper = self.eat_kw(Kw::Properly);
        let (low, high) = self.between_operands("the bounds")?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Between {
                operand: Box::new(lhs),
                low: Box::new(low),
                high: Box::new(high),
                proper,
            },
            span,
        ))
    }

    fn boolean_test(&mut self, lhs: Expr, start: usize) -> PResult<Expr> {
        self.bump();
        let negated = self.eat_kw(Kw::Not);
        let op = match (self.kind(), negated) {
            (Tok::Keyword(Kw::Null), false) => UnaryOp::IsNull,
            (Tok::Keyword(Kw::Null), true) => UnaryOp::IsNotNull,
            (Tok::Keyword(Kw::True), false) => UnaryOp::IsTrue,
            (Tok::Keyword(Kw::True), true) => UnaryOp::IsNotTrue,
            (Tok::Keyword(Kw::False), false) => UnaryOp::IsFalse,
            (Tok::Keyword(Kw::False), true) => UnaryOp::IsNotFalse,
            _ => {
                return Err(self.expected("'null', 'true' or 'false' after 'is not'"));
            }
        };
        self.bump();
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Unary {
                op,
                operand: Box::new(lhs),
            },
            span,
        ))
    }

    fn type_operator(&mut self, lhs: Expr, start: usize) -> PResult<Expr> {
        let is = self.at_kw(Kw::Is);
        self.bump();
        let type_specifier = Box::new(self.type_specifier()?);
        let span = self.span_from(start);
        let operand = Box::new(lhs);
        let kind = if is {
            ExprKind::Is {
                operand,
                type_specifier,
            }
        } else {
            ExprKind::As {
                operand,
                type_specifier,
                strict: false,
            }
        };
        Ok(self.mk(kind, span))
    }

    fn timing(&mut self, lhs: Expr, start: usize) -> PResult<Expr> {
        let phrase_start = self.pos;
        let phrase = Box::new(self.timing_phrase()?);
        let phrase_span = self.span_from(phrase_start);
        let text = phrase_span.text(self.src).to_string();
        let right = self.operand(P_TIMING + 1, &text, phrase_span)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Timing {
                phrase,
                left: Box::new(lhs),
                right: Box::new(right),
                phrase_span,
            },
            span,
        ))
    }

    /// The right operand of operator `op` (at `op_span`), with a clear message when it is
    /// missing.
    fn operand(&mut self, min: u8, op: &str, op_span: Span) -> PResult<Expr> {
        if self.at_expression_end() {
            return Err(self.missing_operand(op, op_span));
        }
        self.expression(min)
    }

    /// True at tokens that can never start an expression (closers, separators, clause
    /// keywords, end of input); used to give "missing operand" messages.
    pub(super) fn at_expression_end(&self) -> bool {
        matches!(
            self.kind(),
            Tok::Eof
                | Tok::RParen
                | Tok::RBracket
                | Tok::RBrace
                | Tok::Comma
                | Tok::Colon
                | Tok::Keyword(Kw::Then)
                | Tok::Keyword(Kw::Else)
                | Tok::Keyword(Kw::When)
                | Tok::Keyword(Kw::Return)
                | Tok::Keyword(Kw::Sort)
                | Tok::Keyword(Kw::With)
                | Tok::Keyword(Kw::Without)
                | Tok::Keyword(Kw::Let)
                | Tok::Keyword(Kw::Define)
        )
    }

    /// `or` followed by `before`/`after`/`more`/`less`/`on` belongs to a phrase
    /// (`same or before`, `3 days or less`, `before or on`), not to a logical `or`.
    fn or_starts_phrase(&self) -> bool {
        matches!(
            self.nth(1),
            Tok::Keyword(Kw::Before) | Tok::Keyword(Kw::After)
        ) || self.nth_word(1, "more")
            || self.nth_word(1, "less")
            || self.nth_word(1, "on")
    }

    /// `dateTimePrecisionSpecifier`: `day of` (singular precision followed by `of`).
    pub(super) fn precision_of(&mut self) -> Option<DateTimePrecision> {
        if let Tok::Keyword(kw) = self.kind() {
            if let Some((p, false)) = kw.precision() {
                if self.nth_kw(1, Kw::Of) {
                    self.bump();
                    self.bump();
                    return Some(p);
                }
            }
        }
        None
    }

    /// The primary of the `expression` rule: prefix operators, `cast`, duration and
    /// difference `between`, retrieves and queries, or an `expressionTerm`.
    fn expression_primary(&mut self) -> PResult<Expr> {
        let start = self.pos;
        match self.kind() {
            Tok::Keyword(Kw::Not) => self.logical_prefix(UnaryOp::Not, P_NOT, "not"),
            Tok::Keyword(Kw::Exists) => self.logical_prefix(UnaryOp::Exists, P_EXISTS, "exists"),
            Tok::Keyword(Kw::Cast) => self.cast(start),
            Tok::Keyword(Kw::From) => self.query(None, start),
            Tok::LBracket => self.retrieve_or_query(start),
            Tok::Keyword(Kw::Define) => {
                let span = self.span();
                Err(self.error(
                    span,
                    "expected an expression, found 'define': the previous definition is incomplete",
                ))
            }
            Tok::Keyword(Kw::Context) if self.nth_is_identifier(1) => {
                let span = self.span();
                Err(self.error(
                    span,
                    "expected an expression, found a 'context' statement: the previous definition is incomplete",
                ))
            }
            _ => self.term_or_query(start),
        }
    }

    /// `not X` / `exists X`: the operand takes operators of level `prec` or tighter.
    fn logical_prefix(&mut self, op: UnaryOp, prec: u8, word: &str) -> PResult<Expr> {
        let start = self.pos;
        let op_span = self.bump();
        let operand = self.operand(prec, word, op_span)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    /// `cast X as T` (`castExpression`).
    fn cast(&mut self, start: usize) -> PResult<Expr> {
        let op_span = self.bump();
        let operand = self.operand(P_BOOLEAN_TEST, "cast", op_span)?;
        self.expect_kw(Kw::As, "after the operand of 'cast' (cast X as Type)")?;
        let type_specifier = Box::new(self.type_specifier()?);
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::As {
                operand: Box::new(operand),
                type_specifier,
                strict: true,
            },
            span,
        ))
    }

    fn retrieve_or_query(&mut self, start: usize) -> PResult<Expr> {
        let retrieve = self.retrieve()?;
        if self.nth_is_alias(0) {
            self.query(Some(retrieve), start)
        } else {
            Ok(retrieve)
        }
    }

    /// An `expressionTerm`, or a query when it is a query source followed by an alias.
    fn term_or_query(&mut self, start: usize) -> PResult<Expr> {
        let term = self.expression_term_as_primary()?;
        if !self.nth_is_alias(0) {
            return Ok(term);
        }
        let parenthesized = self.last_paren == (start, self.pos - 1);
        if parenthesized || is_qualified_identifier(&term) {
            return self.query(Some(term), start);
        }
        let text = term.span.text(self.src).to_string();
        let alias = self.nth_token(0).span.text(self.src).to_string();
        let span = term.span;
        Err(self.error(
            span,
            format!(
                "a query source must be a retrieve, a name or a parenthesized expression: write ({text}) {alias}"
            ),
        ))
    }
}

/// The infix and postfix forms of the `expression` rule.
#[derive(Debug, Clone, Copy)]
enum Infix {
    Binary(BinaryOp),
    Membership(MembershipOp),
    Between,
    BooleanTest,
    Type,
    Timing,
}

/// True for `X` and `X.y.z` where every part is a name (`qualifiedIdentifierExpression`).
pub(super) fn is_qualified_identifier(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Identifier(_) => true,
        ExprKind::Member { source, .. } => is_qualified_identifier(source),
        _ => false,
    }
}
