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
        let mut lhs = self.expression_primary()?;
        loop {
            let kind = self.kind();
            let binary = match kind {
                Tok::Keyword(Kw::Implies) => Some((BinaryOp::Implies, P_IMPLIES)),
                Tok::Keyword(Kw::Or) if !self.or_starts_phrase() => Some((BinaryOp::Or, P_OR)),
                Tok::Keyword(Kw::Xor) => Some((BinaryOp::Xor, P_OR)),
                Tok::Keyword(Kw::And) => Some((BinaryOp::And, P_AND)),
                Tok::Eq => Some((BinaryOp::Equal, P_EQUALITY)),
                Tok::NotEq => Some((BinaryOp::NotEqual, P_EQUALITY)),
                Tok::Tilde => Some((BinaryOp::Equivalent, P_EQUALITY)),
                Tok::NotTilde => Some((BinaryOp::NotEquivalent, P_EQUALITY)),
                Tok::Lt => Some((BinaryOp::Less, P_INEQUALITY)),
                Tok::LtEq => Some((BinaryOp::LessOrEqual, P_INEQUALITY)),
                Tok::Gt => Some((BinaryOp::Greater, P_INEQUALITY)),
                Tok::GtEq => Some((BinaryOp::GreaterOrEqual, P_INEQUALITY)),
                Tok::Pipe | Tok::Keyword(Kw::Union) => Some((BinaryOp::Union, P_SET)),
                Tok::Keyword(Kw::Intersect) => Some((BinaryOp::Intersect, P_SET)),
                Tok::Keyword(Kw::Except) => Some((BinaryOp::Except, P_SET)),
                _ => None,
            };
            if let Some((op, prec)) = binary {
                if prec < min {
                    break;
                }
                let op_span = self.bump();
                if prec == P_SET && self.at_kw(Kw::All) {
                    // CQL 2.0 `union all [ordered]`: keep duplicates. Not supported by the
                    // evaluator's operator set; report instead of silently changing meaning.
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
                let span = self.span_from(start);
                lhs = self.mk(
                    ExprKind::Binary {
                        op,
                        left: Box::new(lhs),
                        right: Box::new(right),
                    },
                    span,
                );
                continue;
            }
            match kind {
                Tok::Keyword(Kw::In)
                | Tok::Keyword(Kw::Contains)
                | Tok::TildeIn
                | Tok::TildeContains => {
                    if P_MEMBERSHIP < min {
                        break;
                    }
                    let op = match kind {
                        Tok::Keyword(Kw::In) => MembershipOp::In,
                        Tok::Keyword(Kw::Contains) => MembershipOp::Contains,
                        Tok::TildeIn => MembershipOp::EquivalentIn,
                        _ => MembershipOp::EquivalentContains,
                    };
                    let op_span = self.bump();
                    let precision = self.precision_of();
                    let word = self.tokens[self.pos - 1].span.text(self.src).to_string();
                    let right = self.operand(P_MEMBERSHIP + 1, &word, op_span)?;
                    let span = self.span_from(start);
                    lhs = self.mk(
                        ExprKind::Membership {
                            op,
                            precision,
                            left: Box::new(lhs),
                            right: Box::new(right),
                        },
                        span,
                    );
                }
                Tok::Keyword(Kw::Between) | Tok::Keyword(Kw::Properly)
                    if kind == Tok::Keyword(Kw::Between) || self.nth_kw(1, Kw::Between) =>
                {
                    if P_BETWEEN < min {
                        break;
                    }
                    let proper = self.eat_kw(Kw::Properly);
                    let between = self.bump();
                    let low = self.expression_term(0)?;
                    let at = self.position(between.start);
                    self.expect_kw(
                        Kw::And,
                        &format!("between the bounds of 'between' (at {at})"),
                    )?;
                    let high = self.expression_term(0)?;
                    let span = self.span_from(start);
                    lhs = self.mk(
                        ExprKind::Between {
                            operand: Box::new(lhs),
                            low: Box::new(low),
                            high: Box::new(high),
                            proper,
                        },
                        span,
                    );
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
                    if P_BOOLEAN_TEST < min {
                        break;
                    }
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
                            let found = self.describe(0);
                            let span = self.span();
                            return Err(self.error(
                                span,
                                format!("expected 'null', 'true' or 'false' after 'is not', found {found}"),
                            ));
                        }
                    };
                    self.bump();
                    let span = self.span_from(start);
                    lhs = self.mk(
                        ExprKind::Unary {
                            op,
                            operand: Box::new(lhs),
                        },
                        span,
                    );
                }
                Tok::Keyword(Kw::Is) | Tok::Keyword(Kw::As) => {
                    if P_TYPE < min {
                        break;
                    }
                    self.bump();
                    let ty = self.type_specifier()?;
                    let span = self.span_from(start);
                    let kind = if kind == Tok::Keyword(Kw::Is) {
                        ExprKind::Is {
                            operand: Box::new(lhs),
                            type_specifier: ty,
                        }
                    } else {
                        ExprKind::As {
                            operand: Box::new(lhs),
                            type_specifier: ty,
                            strict: false,
                        }
                    };
                    lhs = self.mk(kind, span);
                }
                _ if self.at_timing_phrase() => {
                    if P_TIMING < min {
                        break;
                    }
                    let phrase_start = self.pos;
                    let phrase = self.timing_phrase()?;
                    let phrase_span = self.span_from(phrase_start);
                    let text = phrase_span.text(self.src).to_string();
                    let right = self.operand(P_TIMING + 1, &text, phrase_span)?;
                    let span = self.span_from(start);
                    lhs = self.mk(
                        ExprKind::Timing {
                            phrase,
                            left: Box::new(lhs),
                            right: Box::new(right),
                            phrase_span,
                        },
                        span,
                    );
                }
                _ => break,
            }
        }
        Ok(lhs)
    }

    /// The right operand of operator `op` (at `op_span`), with a clear message when it is
    /// missing.
    fn operand(&mut self, min: u8, op: &str, op_span: Span) -> PResult<Expr> {
        if self.at_expression_end() {
            let found = self.describe(0);
            let span = self.span();
            let at = self.position(op_span.start);
            return Err(self.error(
                span,
                format!("expected an expression after '{op}' (at {at}), found {found}"),
            ));
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
            Tok::Keyword(Kw::Not) => {
                let op_span = self.bump();
                let operand = self.operand(P_NOT, "not", op_span)?;
                let span = self.span_from(start);
                Ok(self.mk(
                    ExprKind::Unary {
                        op: UnaryOp::Not,
                        operand: Box::new(operand),
                    },
                    span,
                ))
            }
            Tok::Keyword(Kw::Exists) => {
                let op_span = self.bump();
                let operand = self.operand(P_EXISTS, "exists", op_span)?;
                let span = self.span_from(start);
                Ok(self.mk(
                    ExprKind::Unary {
                        op: UnaryOp::Exists,
                        operand: Box::new(operand),
                    },
                    span,
                ))
            }
            Tok::Keyword(Kw::Cast) => {
                let op_span = self.bump();
                let operand = self.operand(P_BOOLEAN_TEST, "cast", op_span)?;
                self.expect_kw(Kw::As, "after the operand of 'cast' (cast X as Type)")?;
                let ty = self.type_specifier()?;
                let span = self.span_from(start);
                Ok(self.mk(
                    ExprKind::As {
                        operand: Box::new(operand),
                        type_specifier: ty,
                        strict: true,
                    },
                    span,
                ))
            }
            Tok::Keyword(Kw::From) => self.query(None, start),
            Tok::LBracket => {
                let retrieve = self.retrieve()?;
                if self.nth_is_alias(0) {
                    self.query(Some(retrieve), start)
                } else {
                    Ok(retrieve)
                }
            }
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
            _ => {
                let term = self.expression_term(0)?;
                if !self.nth_is_alias(0) {
                    return Ok(term);
                }
                let parenthesized = self.last_paren == (start, self.pos - 1);
                if parenthesized || is_qualified_identifier(&term) {
                    self.query(Some(term), start)
                } else {
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
        }
    }
}

/// True for `X` and `X.y.z` where every part is a name (`qualifiedIdentifierExpression`).
pub(super) fn is_qualified_identifier(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Identifier(_) => true,
        ExprKind::Member { source, .. } => is_qualified_identifier(source),
        _ => false,
    }
}
