//! The `term` rule: literals, selectors (interval, list, tuple, instance, code, concept),
//! invocations and parenthesized expressions.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

impl Parser<'_> {
    /// `term`: a literal, selector, invocation, external constant or `( expression )`.
    /// Dispatches to one function per form (small stack frames on the recursive path).
    pub(super) fn term(&mut self) -> PResult<Expr> {
        let start = self.pos;
        match self.kind() {
            Tok::Keyword(Kw::Null)
            | Tok::Keyword(Kw::True)
            | Tok::Keyword(Kw::False)
            | Tok::String
            | Tok::LongNumber
            | Tok::Date
            | Tok::DateTime
            | Tok::Time
            | Tok::Dollar => self.token_literal(start),
            Tok::Number => self.number_term(start),
            Tok::Percent => self.external_constant(start),
            Tok::LParen => self.parenthesized(start),
            Tok::Keyword(Kw::Interval) => self.interval_selector(start),
            Tok::Keyword(Kw::Tuple) => self.tuple_keyword(start),
            Tok::Keyword(Kw::List) => self.list_selector(start),
            Tok::LBrace => {
                if self.nth(1) == Tok::Colon
                    || (self.nth_is_referential(1) && self.nth(2) == Tok::Colon)
                {
                    self.tuple_selector(start)
                } else {
                    self.list_selector(start)
                }
            }
            Tok::Keyword(Kw::CodeUpper) if self.nth(1) == Tok::String => {
                let code = Box::new(self.code_selector()?);
                let span = code.span;
                Ok(self.mk(ExprKind::Code(code), span))
            }
            Tok::Keyword(Kw::ConceptUpper)
                if self.nth(1) == Tok::LBrace
                    && (self.nth(2) == Tok::RBrace
                        || (self.nth_kw(2, Kw::CodeUpper) && self.nth(3) == Tok::String)) =>
            {
                self.concept_selector(start)
            }
            _ if self.at_instance_selector() => self.instance_selector(start),
            _ if self.nth_is_referential(0) => self.name_or_call(start),
            _ => Err(self.not_an_expression()),
        }
    }

    /// Literals that are one token: null, booleans, strings, longs, dates, `$this`.
    fn token_literal(&mut self, start: usize) -> PResult<Expr> {
        let kind = self.kind();
        let (text, span) = self.bump_text();
        let expr = match kind {
            Tok::Keyword(Kw::Null) => ExprKind::Null,
            Tok::Keyword(Kw::True) => ExprKind::Boolean(true),
            Tok::Keyword(Kw::False) => ExprKind::Boolean(false),
            Tok::String => ExprKind::String(text),
            Tok::LongNumber => {
                let negated = self.prefix_minus_at.is_some_and(|m| m + 1 == start);
                self.check_range(&text, NumberKind::Long, negated, span);
                ExprKind::Number {
                    text,
                    kind: NumberKind::Long,
                }
            }
            Tok::Date => ExprKind::Date(text),
            Tok::DateTime => ExprKind::DateTime(text),
            Tok::Time => ExprKind::Time(text),
            _ => match text.as_str() {
                "index" => ExprKind::Index,
                "total" => ExprKind::Total,
                _ => ExprKind::This,
            },
        };
        Ok(self.mk(expr, span))
    }

    /// `%name` / `%'name'` (`externalConstant`).
    fn external_constant(&mut self, start: usize) -> PResult<Expr> {
        self.bump();
        let name = if self.at(Tok::String) {
            let (name, span) = self.bump_text();
            Ident { name, span }
        } else {
            self.referential_identifier("a name after '%'")?
        };
        let span = self.span_from(start);
        Ok(self.mk(ExprKind::ExternalConstant(name), span))
    }

    /// `( expression )`: the inner expression itself (its span excludes the parentheses).
    fn parenthesized(&mut self, start: usize) -> PResult<Expr> {
        let open = self.bump();
        let inner = self.expression(0)?;
        self.expect_close(Tok::RParen, "')'", "the parenthesis", open)?;
        self.last_paren = (start, self.pos - 1);
        Ok(inner)
    }

    /// `Tuple { ... }`.
    fn tuple_keyword(&mut self, start: usize) -> PResult<Expr> {
        self.bump();
        if !self.at(Tok::LBrace) {
            return Err(self.expected("'{' after 'Tuple' (Tuple { name: value })"));
        }
        self.tuple_selector(start)
    }

    /// `Name { element: value, ... }` (`instanceSelector`).
    fn instance_selector(&mut self, start: usize) -> PResult<Expr> {
        let type_name = Box::new(self.named_type()?);
        let elements = self.element_selectors("the instance selector")?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Instance {
                type_name,
                elements,
            },
            span,
        ))
    }

    /// A name (`memberInvocation`) or a call `Name(args)` (`functionInvocation`).
    fn name_or_call(&mut self, start: usize) -> PResult<Expr> {
        let name = self.referential_identifier("a name")?;
        if self.at(Tok::LParen) {
            let args = self.call_arguments(&name)?;
            let span = self.span_from(start);
            return Ok(self.mk(
                ExprKind::Call {
                    target: None,
                    name,
                    args,
                },
                span,
            ));
        }
        let span = name.span;
        Ok(self.mk(ExprKind::Identifier(name), span))
    }

    /// Reports a token that cannot start an expression.
    fn not_an_expression(&mut self) -> super::Fail {
        let span = self.span();
        if let Tok::Keyword(kw) = self.kind() {
            let text = kw.text();
            let hint = if self.nth(1) == Tok::LParen {
                format!("; '{text}' is a reserved word: to call a function of that name write \"{text}\"(...)")
            } else {
                format!("; '{text}' is a reserved word: to use it as a name, quote it: \"{text}\"")
            };
            return self.error(
                span,
                format!("expected an expression, found '{text}'{hint}"),
            );
        }
        let found = self.describe(0);
        let previous = if self.pos > 0 {
            Some(self.tokens[self.pos - 1].kind)
        } else {
            None
        };
        let hint = match (previous, self.kind()) {
            (Some(Tok::Eq), Tok::Eq) => "; CQL compares with a single '='",
            (Some(Tok::Amp), Tok::Amp) => "; write 'and' for a logical and",
            (Some(Tok::Pipe), Tok::Pipe) => "; write 'or' for a logical or",
            _ => "",
        };
        self.error(span, format!("expected an expression, found {found}{hint}"))
    }

    /// Reports an Integer or Long literal outside its range. The most negative value is
    /// allowed only right after a prefix minus.
    fn check_range(&mut self, digits: &str, kind: NumberKind, negated: bool, span: Span) {
        let (max, type_name) = match kind {
            NumberKind::Integer => (i32::MAX as u128, "Integer"),
            NumberKind::Long => (i64::MAX as u128, "Long"),
            NumberKind::Decimal => return,
        };
        let limit = if negated { max + 1 } else { max };
        let ok = digits.len() <= 30 && digits.parse::<u128>().is_ok_and(|v| v <= limit);
        if !ok {
            let advice = match kind {
                NumberKind::Integer => {
                    format!(" (write {digits}L for a Long or {digits}.0 for a Decimal)")
                }
                _ => format!(" (write {digits}.0 for a Decimal)"),
            };
            let sign = if negated { "-" } else { "" };
            self.error(
                span,
                format!(
                    "{type_name} literal {sign}{digits} is out of range: {type_name} values lie between -{} and {max}{advice}",
                    max + 1
                ),
            );
        }
    }

    /// `NUMBER unit?` (`quantity`), possibly followed by `: quantity` (`ratio`).
    fn number_term(&mut self, start: usize) -> PResult<Expr> {
        let negated = self.prefix_minus_at.is_some_and(|m| m + 1 == start);
        let q = self.quantity()?;
        if q.unit.is_none() && self.nth(0) != Tok::Colon {
            self.check_range(&q.value, q.number_kind, negated, q.span);
            let span = q.span;
            return Ok(self.mk(
                ExprKind::Number {
                    text: q.value,
                    kind: q.number_kind,
                },
                span,
            ));
        }
        if self.at(Tok::Colon) && self.nth(1) == Tok::Number {
            self.bump();
            let denominator = self.quantity()?;
            let span = self.span_from(start);
            return Ok(self.mk(
                ExprKind::Ratio {
                    numerator: Box::new(q),
                    denominator: Box::new(denominator),
                },
                span,
            ));
        }
        if q.unit.is_none() {
            self.check_range(&q.value, q.number_kind, negated, q.span);
            let span = q.span;
            return Ok(self.mk(
                ExprKind::Number {
                    text: q.value,
                    kind: q.number_kind,
                },
                span,
            ));
        }
        let span = q.span;
        Ok(self.mk(ExprKind::Quantity(q), span))
    }

    /// `quantity`: `NUMBER` followed by an optional unit (a UCUM string or a calendar
    /// duration keyword such as `days`).
    pub(super) fn quantity(&mut self) -> PResult<QuantityLit> {
        let start = self.pos;
        if !self.at(Tok::Number) {
            return Err(self.expected("a quantity such as 3 days or 5 'mg'"));
        }
        let (value, _) = self.bump_text();
        let number_kind = if value.contains('.') {
            NumberKind::Decimal
        } else {
            NumberKind::Integer
        };
        let unit = match self.kind() {
            Tok::String => {
                let (u, _) = self.bump_text();
                Some(QuantityUnit::Ucum(u))
            }
            Tok::Keyword(kw) => match kw.precision() {
                Some((precision, plural)) => {
                    self.bump();
                    Some(QuantityUnit::Calendar { precision, plural })
                }
                None => None,
            },
            _ => None,
        };
        Ok(QuantityLit {
            value,
            number_kind,
            unit,
            span: self.span_from(start),
        })
    }

    /// `'Interval' ('['|'(') expression ',' expression (']'|')')` (`intervalSelector`).
    fn interval_selector(&mut self, start: usize) -> PResult<Expr> {
        self.bump();
        let low_closed = match self.kind() {
            Tok::LBracket => true,
            Tok::LParen => false,
            _ => {
                return Err(self.expected("'[' or '(' after 'Interval' (Interval[low, high])"));
            }
        };
        let open = self.bump();
        let low = self.expression(0)?;
        let at = self.position(open.start);
        self.expect(
            Tok::Comma,
            "','",
            &format!("between the bounds of the interval opened at {at}"),
        )?;
        let high = self.expression(0)?;
        let high_closed = match self.kind() {
            Tok::RBracket => true,
            Tok::RParen => false,
            _ => {
                self.expect_close(Tok::RBracket, "']' or ')'", "the interval", open)?;
                false
            }
        };
        self.bump();
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::Interval {
                low: Box::new(low),
                low_closed,
                high: Box::new(high),
                high_closed,
            },
            span,
        ))
    }

    /// `('List' ('<' typeSpecifier '>')?)? '{' (expression (',' expression)*)? '}'`.
    fn list_selector(&mut self, start: usize) -> PResult<Expr> {
        let mut element_type = None;
        if self.eat_kw(Kw::List) {
            if self.eat(Tok::Lt) {
                element_type = Some(Box::new(self.type_specifier()?));
                self.expect(Tok::Gt, "'>'", "after the element type of 'List<...>'")?;
            }
            if !self.at(Tok::LBrace) {
                return Err(self.expected("'{' to start the list (List<Integer>{ 1, 2 })"));
            }
        }
        let open = self.bump();
        let mut elements = Vec::new();
        if !self.at(Tok::RBrace) {
            loop {
                elements.push(self.expression(0)?);
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
        }
        self.expect_close(Tok::RBrace, "'}'", "the list", open)?;
        let span = self.span_from(start);
        Ok(self.mk(
            ExprKind::List {
                element_type,
                elements,
            },
            span,
        ))
    }

    /// `'Tuple'? '{' (':' | tupleElementSelector (',' tupleElementSelector)*) '}'`; the
    /// current token is `{`.
    fn tuple_selector(&mut self, start: usize) -> PResult<Expr> {
        let elements = self.element_selectors("the tuple")?;
        let span = self.span_from(start);
        Ok(self.mk(ExprKind::Tuple { elements }, span))
    }

    /// `'{' (':' | name ':' expression (',' name ':' expression)*) '}'`.
    fn element_selectors(&mut self, construct: &str) -> PResult<Vec<TupleElement>> {
        let open = self.expect(Tok::LBrace, "'{'", &format!("to start {construct}"))?;
        let mut elements = Vec::new();
        if self.eat(Tok::Colon) {
            self.expect_close(Tok::RBrace, "'}'", construct, open)?;
            return Ok(elements);
        }
        if self.at(Tok::RBrace) {
            self.bump();
            return Ok(elements);
        }
        loop {
            let el_start = self.pos;
            let name = self.referential_identifier("an element name")?;
            self.expect(
                Tok::Colon,
                "':'",
                &format!("after the element name '{}'", name.name),
            )?;
            let value = self.expression(0)?;
            let span = self.span_from(el_start);
            elements.push(TupleElement { name, value, span });
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect_close(Tok::RBrace, "'}'", construct, open)?;
        Ok(elements)
    }

    /// True at `Name {` or `Model.Name {` (an `instanceSelector`).
    fn at_instance_selector(&self) -> bool {
        let name_like = |k: usize| {
            self.nth_is_referential(k)
                || matches!(self.nth(k), Tok::Keyword(kw) if kw.is_type_name())
        };
        if !name_like(0) {
            return false;
        }
        let mut k = 1;
        while self.nth(k) == Tok::Dot && name_like(k + 1) {
            k += 2;
        }
        self.nth(k) == Tok::LBrace
    }

    /// `'Code' STRING 'from' codesystemIdentifier displayClause?` (`codeSelector`).
    pub(super) fn code_selector(&mut self) -> PResult<CodeSelector> {
        let start = self.pos;
        self.expect_kw(Kw::CodeUpper, "to start a code selector")?;
        let code = self.string_lit("the code value after 'Code'")?;
        self.expect_kw(
            Kw::From,
            "after the code value (Code '123' from \"SNOMED\")",
        )?;
        let system = self.definition_ref("a code system name")?;
        let display = if self.eat_kw(Kw::Display) {
            Some(self.string_lit("the display text")?)
        } else {
            None
        };
        Ok(CodeSelector {
            code,
            system,
            display,
            span: self.span_from(start),
        })
    }

    /// `'Concept' '{' (codeSelector (',' codeSelector)*)? '}' displayClause?`.
    fn concept_selector(&mut self, start: usize) -> PResult<Expr> {
        self.bump();
        let open = self.bump();
        let mut codes = Vec::new();
        if !self.at(Tok::RBrace) {
            loop {
                codes.push(self.code_selector()?);
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
        }
        self.expect_close(Tok::RBrace, "'}'", "the concept", open)?;
        let display = if self.eat_kw(Kw::Display) {
            Some(self.string_lit("the display text")?)
        } else {
            None
        };
        let span = self.span_from(start);
        Ok(self.mk(ExprKind::Concept { codes, display }, span))
    }
}
