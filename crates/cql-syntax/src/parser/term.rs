//! The `expressionTerm` and `term` rules: arithmetic, prefix phrases (`start of`,
//! `year from`, `duration in days of`, ...), conditionals, literals, selectors and
//! invocations.
//!
//! Levels (loosest first, per the order of `expressionTerm` in `Cql.g4`): `+ - &`, then
//! `* / div mod`, then `^`, then the prefix forms, then `.` member/call and `[]` indexer.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

const T_ADD: u8 = 1;
const T_MUL: u8 = 2;
const T_POW: u8 = 3;
/// Operand level of prefix forms: only `.` and `[]` bind tighter.
const T_PREFIX: u8 = 4;

impl Parser<'_> {
    /// `expressionTerm` with binary operators of level `min` or tighter (0 = all).
    pub(crate) fn expression_term(&mut self, min: u8) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_term_inner(min, false);
        self.leave();
        r
    }

    /// An `expressionTerm` in the place of an `expression` primary, where the `expression`
    /// alternatives `days between A and B` and `difference in days between A and B` may
    /// also start (they are not terms, so `1 + days between A and B` is an error).
    pub(crate) fn expression_term_as_primary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_term_inner(0, true);
        self.leave();
        r
    }

    fn expression_term_inner(&mut self, min: u8, primary: bool) -> PResult<Expr> {
        let start = self.pos;
        let lhs = self.term_prefix(primary)?;
        self.climb(lhs, start, min, Self::term_infix)
    }

    /// One postfix (`.`, `[]`) or binary arithmetic step, like `Parser::infix`.
    fn term_infix(&mut self, lhs: Expr, start: usize, min: u8) -> PResult<Result<Expr, Expr>> {
        let (op, prec) = match self.kind() {
            Tok::Dot => return self.invocation_after_dot(lhs, start).map(Ok),
            Tok::LBracket => return self.indexer(lhs, start).map(Ok),
            Tok::Caret => (BinaryOp::Power, T_POW),
            Tok::Star => (BinaryOp::Multiply, T_MUL),
            Tok::Slash => (BinaryOp::Divide, T_MUL),
            Tok::Keyword(Kw::Div) => (BinaryOp::TruncatedDivide, T_MUL),
            Tok::Keyword(Kw::Mod) => (BinaryOp::Modulo, T_MUL),
            Tok::Plus => (BinaryOp::Add, T_ADD),
            Tok::Minus => (BinaryOp::Subtract, T_ADD),
            Tok::Amp => (BinaryOp::Concatenate, T_ADD),
            _ => return Ok(Err(lhs)),
        };
        if prec < min {
            return Ok(Err(lhs));
        }
        self.term_binary(lhs, start, op, prec).map(Ok)
    }

    fn indexer(&mut self, lhs: Expr, start: usize) -> PResult<Expr> {
        let open = self.bump();
        let index = self.expression(0)?;
        self.expect_close(Tok::RBracket, "']'", "the index", open)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Indexer {
                source: Box::new(lhs),
                index: Box::new(index),
            },
            span,
        ))
    }

    fn term_binary(&mut self, lhs: Expr, start: usize, op: BinaryOp, prec: u8) -> PResult<Expr> {
        let op_span = self.bump();
        if self.at_expression_end() {
            return Err(self.missing_operand(op.symbol(), op_span));
        }
        let right = self.expression_term(prec + 1)?;
        Ok(self.mk_binary(op, lhs, right, start))
    }

    /// `.name` or `.name(args)` after `source` (`qualifiedInvocation`). Any keyword may
    /// name a function here (`functionIdentifier`); member names are referential
    /// identifiers, and other keywords are accepted too since the dot makes them
    /// unambiguous.
    fn invocation_after_dot(&mut self, source: Expr, start: usize) -> PResult<Expr> {
        let dot = self.bump();
        if !self.nth_is_identifier(0) && !matches!(self.kind(), Tok::Keyword(_)) {
            let at = self.position(dot.start);
            return Err(self.expected(format_args!(
                "a property or function name after '.' (at {at})"
            )));
        }
        let name = self.function_identifier("a property or function name")?;
        if self.at(Tok::LParen) {
            let args = self.call_arguments(&name)?;
            let span = self.span_from(start);
            return Ok(self.mk(
                ExprKind::Call {
                    target: Some(Box::new(source)),
                    name,
                    args,
                },
                span,
            ));
        }
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Member {
                source: Box::new(source),
                name,
            },
            span,
        ))
    }

    /// `'(' paramList? ')'` of a call to `name`.
    pub(super) fn call_arguments(&mut self, name: &Ident) -> PResult<Vec<Expr>> {
        let open = self.bump();
        let mut args = Vec::new();
        if !self.at(Tok::RParen) {
            loop {
                args.push(self.expression(0)?);
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
        }
        let construct = format!("the call to '{}'", name.name);
        self.expect_close(Tok::RParen, "')'", &construct, open)?;
        Ok(args)
    }

    /// Parses an `expressionTerm` operand of a prefix form.
    fn prefix_operand(&mut self, form: &str, form_span: Span) -> PResult<Expr> {
        if self.at_expression_end() {
            return Err(self.missing_operand(form, form_span));
        }
        self.expression_term(T_PREFIX)
    }

    fn unary(&mut self, op: UnaryOp, start: usize, words: usize, form: &str) -> PResult<Expr> {
        let first = self.span();
        for _ in 0..words {
            self.bump();
        }
        let operand = self.prefix_operand(form, first)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    /// Plural precision keyword at token `k`, e.g. `days`.
    fn nth_plural_precision(&self, k: usize) -> Option<DateTimePrecision> {
        match self.nth(k) {
            Tok::Keyword(kw) => match kw.precision() {
                Some((p, true)) => Some(p),
                _ => None,
            },
            _ => None,
        }
    }

    /// `[duration in] days between A and B` / `difference in days between A and B`; the
    /// precision keyword is at the current token.
    pub(super) fn between_form(&mut self, start: usize, difference: bool) -> PResult<Expr> {
        let precision = self
            .nth_plural_precision(0)
            .unwrap_or(DateTimePrecision::Day);
        self.bump();
        let (low, high) = self.between_operands("the two operands")?;
        let span = self.span_from(start);
        let (low, high) = (Box::new(low), Box::new(high));
        let kind = if difference {
            ExprKind::DifferenceBetween {
                precision,
                low,
                high,
            }
        } else {
            ExprKind::DurationBetween {
                precision,
                low,
                high,
            }
        };
        Ok(self.mk(kind, span))
    }

    /// The `between` forms where they are allowed (see
    /// [`Self::expression_term_as_primary`]); elsewhere an error suggesting parentheses.
    fn between_primary(&mut self, start: usize, difference: bool, primary: bool) -> PResult<Expr> {
        if primary {
            return self.between_form(start, difference);
        }
        let span = self.tokens[start].span;
        Err(self.error(
            span,
            "'... between A and B' cannot be an operand here: put it in parentheses",
        ))
    }

    /// `duration in days of X` / `difference in days of X` / the `between` forms; the
    /// current token is `duration` or `difference`.
    fn duration_or_difference(&mut self, start: usize, primary: bool) -> PResult<Expr> {
        let difference = self.at_kw(Kw::Difference);
        let word = if difference { "difference" } else { "duration" };
        let first = self.bump();
        self.expect_kw(Kw::In, &format!("after '{word}' ({word} in days of ...)"))?;
        let Some(precision) = self.nth_plural_precision(0) else {
            return Err(self.expected(format_args!(
                "a plural unit such as 'days' or 'months' after '{word} in'"
            )));
        };
        if self.nth_kw(1, Kw::Between) {
            return self.between_primary(start, difference, primary);
        }
        self.bump();
        self.expect_kw(Kw::Of, &format!("after '{word} in {}'", precision.plural()))?;
        let operand = self.prefix_operand(word, first)?;
        let span = self.span_from(start);
        let operand = Box::new(operand);
        let kind = if difference {
            ExprKind::DifferenceOf { precision, operand }
        } else {
            ExprKind::DurationOf { precision, operand }
        };
        Ok(self.mk(kind, span))
    }

    /// The prefix alternatives of `expressionTerm`, then `term`. Each form is parsed in
    /// its own function so that this recursive path keeps small stack frames.
    fn term_prefix(&mut self, primary: bool) -> PResult<Expr> {
        let start = self.pos;
        let kind = self.kind();
        match kind {
            Tok::Plus | Tok::Minus => self.polarity(start),
            Tok::Keyword(Kw::Start) if self.nth_kw(1, Kw::Of) => {
                self.unary(UnaryOp::StartOf, start, 2, "start of")
            }
            Tok::Keyword(Kw::End) if self.nth_kw(1, Kw::Of) => {
                self.unary(UnaryOp::EndOf, start, 2, "end of")
            }
            Tok::Keyword(Kw::Width) if self.nth_kw(1, Kw::Of) => {
                self.unary(UnaryOp::WidthOf, start, 2, "width of")
            }
            Tok::Keyword(Kw::Successor) if self.nth_kw(1, Kw::Of) => {
                self.unary(UnaryOp::SuccessorOf, start, 2, "successor of")
            }
            Tok::Keyword(Kw::Predecessor) if self.nth_kw(1, Kw::Of) => {
                self.unary(UnaryOp::PredecessorOf, start, 2, "predecessor of")
            }
            Tok::Keyword(Kw::Singleton) => {
                self.extractor(UnaryOp::SingletonFrom, start, "singleton")
            }
            Tok::Keyword(Kw::Point) => self.extractor(UnaryOp::PointFrom, start, "point"),
            Tok::Keyword(kw) if self.nth_kw(1, Kw::From) && component(kw).is_some() => {
                self.component_from(kw, start)
            }
            Tok::Ident if self.nth_word(0, "timezone") && self.nth_kw(1, Kw::From) => {
                let span = self.span();
                self.warning(
                    span,
                    "'timezone from' is CQL 1.3; since CQL 1.4 write 'timezoneoffset from'",
                );
                self.component_from(Kw::Timezoneoffset, start)
            }
            Tok::Keyword(Kw::Duration) | Tok::Keyword(Kw::Difference) if self.nth_kw(1, Kw::In) => {
                self.duration_or_difference(start, primary)
            }
            Tok::Keyword(_)
                if self.nth_plural_precision(0).is_some() && self.nth_kw(1, Kw::Between) =>
            {
                self.between_primary(start, false, primary)
            }
            Tok::Keyword(Kw::Minimum) | Tok::Keyword(Kw::Maximum) => self.type_extent(start),
            Tok::Keyword(Kw::Convert) => self.convert(start),
            Tok::Keyword(Kw::If) => self.if_then_else(start),
            Tok::Keyword(Kw::Case) => self.case(start),
            Tok::Keyword(Kw::Distinct) => self.list_prefix(UnaryOp::Distinct, start, "distinct"),
            Tok::Keyword(Kw::Flatten) => self.list_prefix(UnaryOp::Flatten, start, "flatten"),
            Tok::Keyword(Kw::Expand) | Tok::Keyword(Kw::Collapse) => self.expand_or_collapse(start),
            _ => self.term(),
        }
    }

    /// `+X` / `-X` (`polarityExpressionTerm`); `-5` and `-5 'mg'` fold into the literal.
    fn polarity(&mut self, start: usize) -> PResult<Expr> {
        let minus = self.at(Tok::Minus);
        let op_span = self.bump();
        if minus {
            self.prefix_minus_at = Some(start);
        }
        let operand = self.prefix_operand(if minus { "-" } else { "+" }, op_span)?;
        let span = self.span_from(start);
        if minus && operand.span.start == self.tokens[start + 1].span.start {
            if let Some(folded) = fold_negation(&operand, span) {
                return Ok(self.mk(folded, span));
            }
        }
        let op = if minus {
            UnaryOp::Negate
        } else {
            UnaryOp::Plus
        };
        Ok(self.mk(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    /// `singleton from X` / `point from X`.
    fn extractor(&mut self, op: UnaryOp, start: usize, word: &str) -> PResult<Expr> {
        let at = self.bump();
        self.expect_kw(Kw::From, &format!("after '{word}'"))?;
        let operand = self.prefix_operand(&format!("{word} from"), at)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    /// `year from X`, `date from X`, ... (`timeUnitExpressionTerm`).
    fn component_from(&mut self, kw: Kw, start: usize) -> PResult<Expr> {
        let component = component(kw).unwrap_or(DateTimeComponent::Date);
        let at = self.bump();
        self.bump();
        let form = format!("{} from", kw.text());
        let operand = self.prefix_operand(&form, at)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::DateTimeComponentFrom {
                component,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    /// `minimum T` / `maximum T` (`typeExtentExpressionTerm`).
    fn type_extent(&mut self, start: usize) -> PResult<Expr> {
        let extent = if self.at_kw(Kw::Minimum) {
            TypeExtent::Minimum
        } else {
            TypeExtent::Maximum
        };
        self.bump();
        let type_name = Box::new(self.named_type()?);
        let span = self.span_from(start);
        Ok(self.mk(ExprKind::TypeExtent { extent, type_name }, span))
    }

    /// `distinct X` / `flatten X` (`aggregateExpressionTerm`).
    fn list_prefix(&mut self, op: UnaryOp, start: usize, word: &str) -> PResult<Expr> {
        let at = self.bump();
        let operand = self.full_operand(word, at)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    /// `expand X [per P]` / `collapse X [per P]` (`setAggregateExpressionTerm`).
    fn expand_or_collapse(&mut self, start: usize) -> PResult<Expr> {
        let expand = self.at_kw(Kw::Expand);
        let at = self.bump();
        let word = if expand { "expand" } else { "collapse" };
        let operand = Box::new(self.full_operand(word, at)?);
        let per = if self.eat_kw(Kw::Per) {
            match self.kind() {
                Tok::Keyword(kw) if matches!(kw.precision(), Some((_, false))) => {
                    let p = kw
                        .precision()
                        .map(|(p, _)| p)
                        .unwrap_or(DateTimePrecision::Day);
                    let s = self.bump();
                    Some(PerClause::Precision(p, s))
                }
                _ => Some(PerClause::Expression(Box::new(self.expression(0)?))),
            }
        } else {
            None
        };
        let span = self.span_from(start);
        let kind = if expand {
            ExprKind::Expand { operand, per }
        } else {
            ExprKind::Collapse { operand, per }
        };
        Ok(self.mk(kind, span))
    }

    /// A full `expression` operand (of `distinct`, `flatten`, `expand`, `collapse`).
    fn full_operand(&mut self, form: &str, form_span: Span) -> PResult<Expr> {
        if self.at_expression_end() {
            return Err(self.missing_operand(form, form_span));
        }
        self.expression(0)
    }

    /// `convert X to (Type | unit)` (`conversionExpressionTerm`).
    fn convert(&mut self, start: usize) -> PResult<Expr> {
        let at = self.bump();
        let operand = self.full_operand("convert", at)?;
        self.expect_kw(Kw::To, "after the value in 'convert ... to'")?;
        let target = match self.kind() {
            Tok::String => {
                let (unit, span) = self.bump_text();
                ConvertTarget::Unit(QuantityUnit::Ucum(unit), span)
            }
            Tok::Keyword(kw) if kw.precision().is_some() => {
                let (precision, plural) = kw.precision().unwrap_or((DateTimePrecision::Day, true));
                let span = self.bump();
                ConvertTarget::Unit(QuantityUnit::Calendar { precision, plural }, span)
            }
            _ => ConvertTarget::Type(self.type_specifier()?),
        };
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Convert {
                operand: Box::new(operand),
                target: Box::new(target),
            },
            span,
        ))
    }

    /// `between A and B` from the `between` keyword at the current token: the two
    /// `expressionTerm`s; a missing `and` is reported as missing "between `operands` of
    /// 'between'".
    pub(super) fn between_operands(&mut self, operands: &str) -> PResult<(Expr, Expr)> {
        let between = self.bump();
        let low = self.expression_term(0)?;
        let at = self.position(between.start);
        self.expect_kw(
            Kw::And,
            &format!("between {operands} of 'between' (at {at})"),
        )?;
        let high = self.expression_term(0)?;
        Ok((low, high))
    }

    /// Keyword `kw` (else "expected 'kw' `context`") and the expression after it; a missing
    /// expression is reported at `form`, the token that opened the construct.
    fn keyword_operand(&mut self, kw: Kw, context: &str, form: Span) -> PResult<Expr> {
        self.expect_kw(kw, context)?;
        self.full_operand(kw.text(), form)
    }

    /// `if C then A else B` (`ifThenElseExpressionTerm`).
    fn if_then_else(&mut self, start: usize) -> PResult<Expr> {
        let at = self.bump();
        let pos = self.position(at.start);
        let condition = self.full_operand("if", at)?;
        let then_branch = self.keyword_operand(
            Kw::Then,
            &format!("after the condition of the 'if' at {pos}"),
            at,
        )?;
        let else_branch = self.keyword_operand(
            Kw::Else,
            &format!("after the 'then' value of the 'if' at {pos} (CQL requires an else branch)"),
            at,
        )?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::If {
                condition: Box::new(condition),
                then_branch: Box::new(then_branch),
                else_branch: Box::new(else_branch),
            },
            span,
        ))
    }

    /// `case [X] (when A then B)+ else C end` (`caseExpressionTerm`).
    fn case(&mut self, start: usize) -> PResult<Expr> {
        let open = self.bump();
        let pos = self.position(open.start);
        let comparand = if self.at_kw(Kw::When) {
            None
        } else {
            Some(Box::new(self.full_operand("case", open)?))
        };
        let mut items = Vec::new();
        while self.at_kw(Kw::When) {
            let item_start = self.pos;
            let when_span = self.bump();
            let when = self.full_operand("when", when_span)?;
            let then = self.keyword_operand(
                Kw::Then,
                &format!("after the 'when' condition of the case at {pos}"),
                when_span,
            )?;
            let span = self.span_from(item_start);
            items.push(CaseItem { when, then, span });
        }
        if items.is_empty() {
            return Err(self.expected(format_args!("'when' in the case at {pos}")));
        }
        let else_branch = self.keyword_operand(
            Kw::Else,
            &format!("after the last 'when' of the case at {pos}"),
            open,
        )?;
        self.expect_close(Tok::Keyword(Kw::End), "'end'", "the case", open)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Case {
                comparand,
                items,
                else_branch: Box::new(else_branch),
            },
            span,
        ))
    }
}

/// The `dateTimeComponent` named by a keyword (`year`..`millisecond`, `date`, `time`,
/// `timezoneoffset`).
fn component(kw: Kw) -> Option<DateTimeComponent> {
    match kw {
        Kw::Date => Some(DateTimeComponent::Date),
        Kw::Time => Some(DateTimeComponent::Time),
        Kw::Timezoneoffset => Some(DateTimeComponent::TimezoneOffset),
        _ => match kw.precision() {
            Some((p, false)) => Some(DateTimeComponent::Precision(p)),
            _ => None,
        },
    }
}

/// `-5` and `-5 'mg'` become negative literals.
fn fold_negation(operand: &Expr, span: Span) -> Option<ExprKind> {
    match &operand.kind {
        ExprKind::Number { text, kind } if !text.starts_with('-') => Some(ExprKind::Number {
            text: format!("-{text}"),
            kind: *kind,
        }),
        ExprKind::Quantity(q) if !q.value.starts_with('-') => {
            let mut q = q.clone();
            q.value = format!("-{}", q.value);
            q.span = span;
            Some(ExprKind::Quantity(q))
        }
        _ => None,
    }
}
