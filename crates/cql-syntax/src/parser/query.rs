//! Queries (`query` rule and its clauses) and retrieves (`retrieve` rule).

use super::expr::is_qualified_identifier;
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

impl Parser<'_> {
    /// A query. With `first`, the first source has been parsed already (and an alias
    /// follows); otherwise the current token is `from`. `start` is the first token.
    pub(super) fn query(&mut self, first: Option<Expr>, start: usize) -> PResult<Expr> {
        // Query frames are large: each query counts as one more level of nesting.
        self.enter()?;
        let r = self.query_inner(first, start);
        self.leave();
        r
    }

    fn query_inner(&mut self, first: Option<Expr>, start: usize) -> PResult<Expr> {
        let from_keyword = first.is_none();
        let mut sources = Vec::new();
        match first {
            Some(source) => {
                let alias = self.alias()?;
                let span = self.span_from(start);
                sources.push(AliasedSource {
                    source,
                    alias,
                    span,
                });
            }
            None => {
                self.bump();
                sources.push(self.aliased_source()?);
            }
        }
        while self.at(Tok::Comma) && (from_keyword || self.aliased_source_follows(1)) {
            self.bump();
            sources.push(self.aliased_source()?);
        }
        if !from_keyword && sources.len() > 1 {
            let span = self.span_from(start);
            return Err(self.error(
                span,
                "a query with several sources must start with 'from' (from A a, B b ...)",
            ));
        }
        let lets = self.let_clause()?;
        let inclusions = self.inclusion_clauses()?;
        let where_clause = self.where_clause()?;
        let result = self.result_clause()?;
        let sort = if self.at_kw(Kw::Sort) {
            Some(self.sort_clause()?)
        } else {
            None
        };
        let span = self.span_from(start);
        let query = Query {
            from_keyword,
            sources,
            lets,
            inclusions,
            where_clause,
            result,
            sort,
        };
        Ok(self.mk(ExprKind::Query(Box::new(query)), span))
    }

    /// `('let' letClauseItem (',' letClauseItem)*)?`.
    fn let_clause(&mut self) -> PResult<Vec<LetClause>> {
        let mut lets = Vec::new();
        if self.eat_kw(Kw::Let) {
            loop {
                let item_start = self.pos;
                let name = self.identifier("a name for the 'let' value")?;
                self.expect(
                    Tok::Colon,
                    "':'",
                    &format!(
                        "after the let name '{}' (let {}: value)",
                        name.name, name.name
                    ),
                )?;
                let expression = self.expression(0)?;
                lets.push(LetClause {
                    name,
                    expression,
                    span: self.span_from(item_start),
                });
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
        }
        Ok(lets)
    }

    /// `queryInclusionClause*`: `with` / `without ... such that ...`.
    fn inclusion_clauses(&mut self) -> PResult<Vec<InclusionClause>> {
        let mut inclusions = Vec::new();
        while self.at_kw(Kw::With) || self.at_kw(Kw::Without) {
            inclusions.push(self.inclusion_clause()?);
        }
        Ok(inclusions)
    }

    fn inclusion_clause(&mut self) -> PResult<InclusionClause> {
        let clause_start = self.pos;
        let kind = if self.at_kw(Kw::With) {
            InclusionKind::With
        } else {
            InclusionKind::Without
        };
        let word = self.bump();
        let source = self.aliased_source()?;
        if !(self.nth_word(0, "such") && self.nth_word(1, "that")) {
            let at = self.position(word.start);
            let w = if kind == InclusionKind::With {
                "with"
            } else {
                "without"
            };
            return Err(self.expected(format_args!(
                "'such that' after the source of the '{w}' clause at {at}"
            )));
        }
        self.bump();
        let such = self.bump();
        let condition = self.clause_expression("such that", such)?;
        Ok(InclusionClause {
            kind,
            source,
            condition,
            span: self.span_from(clause_start),
        })
    }

    /// `('where' expression)?`.
    fn where_clause(&mut self) -> PResult<Option<Box<Expr>>> {
        if !self.at_kw(Kw::Where) {
            return Ok(None);
        }
        let w = self.bump();
        Ok(Some(Box::new(self.clause_expression("where", w)?)))
    }

    /// `(aggregateClause | returnClause)?`.
    fn result_clause(&mut self) -> PResult<Option<QueryResult>> {
        if self.at_kw(Kw::Return) {
            let clause_start = self.pos;
            let w = self.bump();
            let modifier = self.result_modifier();
            let expression = self.clause_expression("return", w)?;
            Ok(Some(QueryResult::Return(ReturnClause {
                modifier,
                expression,
                span: self.span_from(clause_start),
            })))
        } else if self.at_kw(Kw::Aggregate) {
            Ok(Some(QueryResult::Aggregate(self.aggregate_clause()?)))
        } else {
            Ok(None)
        }
    }

    /// The expression of a clause introduced by `word` (at `word_span`).
    fn clause_expression(&mut self, word: &str, word_span: Span) -> PResult<Expr> {
        if self.at_expression_end() {
            return Err(self.missing_operand(word, word_span));
        }
        self.expression(0)
    }

    fn result_modifier(&mut self) -> Option<ResultModifier> {
        if self.eat_kw(Kw::All) {
            Some(ResultModifier::All)
        } else if self.eat_kw(Kw::Distinct) {
            Some(ResultModifier::Distinct)
        } else {
            None
        }
    }

    /// `'aggregate' ('all'|'distinct')? identifier startingClause? ':' expression`.
    fn aggregate_clause(&mut self) -> PResult<AggregateClause> {
        let clause_start = self.pos;
        let word = self.bump();
        let modifier = self.result_modifier();
        let accumulator = self.identifier("a name for the aggregate result")?;
        let starting = if self.eat_kw(Kw::Starting) {
            // startingClause: simpleLiteral | quantity | '(' expression ')'
            let value = match self.kind() {
                Tok::String => {
                    let (text, span) = self.bump_text();
                    self.mk(ExprKind::String(text), span)
                }
                Tok::Number => {
                    let q = self.quantity()?;
                    let span = q.span;
                    if q.unit.is_none() {
                        self.mk(
                            ExprKind::Number {
                                text: q.value,
                                kind: q.number_kind,
                            },
                            span,
                        )
                    } else {
                        self.mk(ExprKind::Quantity(q), span)
                    }
                }
                Tok::LParen => {
                    let open = self.bump();
                    let e = self.expression(0)?;
                    self.expect_close(Tok::RParen, "')'", "the starting value", open)?;
                    e
                }
                _ => {
                    return Err(
                        self.expected("a literal or a parenthesized expression after 'starting'")
                    );
                }
            };
            Some(Box::new(value))
        } else {
            None
        };
        let at = self.position(word.start);
        self.expect(
            Tok::Colon,
            "':'",
            &format!("before the expression of the 'aggregate' clause at {at}"),
        )?;
        let expression = self.clause_expression("aggregate", word)?;
        Ok(AggregateClause {
            modifier,
            accumulator,
            starting,
            expression,
            span: self.span_from(clause_start),
        })
    }

    fn sort_direction(&mut self) -> Option<SortDirection> {
        match self.kind() {
            Tok::Keyword(Kw::Asc) | Tok::Keyword(Kw::Ascending) => {
                self.bump();
                Some(SortDirection::Ascending)
            }
            Tok::Keyword(Kw::Desc) | Tok::Keyword(Kw::Descending) => {
                self.bump();
                Some(SortDirection::Descending)
            }
            _ => None,
        }
    }

    /// `'sort' (sortDirection | 'by' sortByItem (',' sortByItem)*)`.
    fn sort_clause(&mut self) -> PResult<SortClause> {
        let start = self.pos;
        self.bump();
        if let Some(direction) = self.sort_direction() {
            return Ok(SortClause::Direction(direction, self.span_from(start)));
        }
        if !self.eat_kw(Kw::By) {
            return Err(self.expected("'by', 'asc' or 'desc' after 'sort'"));
        }
        let mut items = Vec::new();
        loop {
            let item_start = self.pos;
            let expression = self.expression_term(0)?;
            let direction = self.sort_direction();
            items.push(SortByItem {
                expression,
                direction,
                span: self.span_from(item_start),
            });
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        Ok(SortClause::By(items, self.span_from(start)))
    }

    /// An alias: an `identifier` (keywords are not allowed).
    fn alias(&mut self) -> PResult<Ident> {
        if self.nth_is_alias(0) {
            return self.identifier("an alias");
        }
        Err(self.expected("an alias after the query source (for example [Encounter] E)"))
    }

    /// `querySource alias` (`aliasedQuerySource`).
    fn aliased_source(&mut self) -> PResult<AliasedSource> {
        let start = self.pos;
        let source = match self.kind() {
            Tok::LBracket => self.retrieve()?,
            Tok::LParen => {
                let open = self.bump();
                let e = self.expression(0)?;
                self.expect_close(Tok::RParen, "')'", "the query source", open)?;
                e
            }
            _ => {
                let e = self.expression_term(0)?;
                if !is_qualified_identifier(&e) {
                    let text = e.span.text(self.src).to_string();
                    let span = e.span;
                    return Err(self.error(
                        span,
                        format!("a query source must be a retrieve, a name or a parenthesized expression: write ({text})"),
                    ));
                }
                e
            }
        };
        let alias = self.alias()?;
        Ok(AliasedSource {
            source,
            alias,
            span: self.span_from(start),
        })
    }

    /// Lookahead without consuming: does an aliased query source start `k` tokens ahead?
    /// Used to continue a source list without `from` (`A a, B b`).
    fn aliased_source_follows(&self, k: usize) -> bool {
        let mut i = k;
        match self.nth(i) {
            Tok::LBracket | Tok::LParen => {
                let (open, close) = if self.nth(i) == Tok::LBracket {
                    (Tok::LBracket, Tok::RBracket)
                } else {
                    (Tok::LParen, Tok::RParen)
                };
                let mut depth = 0usize;
                loop {
                    let t = self.nth(i);
                    if t == open {
                        depth += 1;
                    } else if t == close {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    } else if t == Tok::Eof {
                        return false;
                    }
                    i += 1;
                }
                self.nth_is_alias(i + 1)
            }
            _ if self.nth_is_referential(i) => {
                i += 1;
                while self.nth(i) == Tok::Dot && self.nth_is_referential(i + 1) {
                    i += 2;
                }
                self.nth_is_alias(i)
            }
            _ => false,
        }
    }

    /// `'[' (contextIdentifier '->')? namedTypeSpecifier (':' (codePath codeComparator)?
    /// terminology)? ']'` (`retrieve`).
    pub(super) fn retrieve(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let open = self.bump();
        // contextIdentifier '->'
        let mut k = 0;
        let context = if self.nth_is_referential(0) && {
            k += 1;
            while self.nth(k) == Tok::Dot && self.nth_is_referential(k + 1) {
                k += 2;
            }
            self.nth(k) == Tok::Arrow
        } {
            let e = self.expression_term(0)?;
            self.expect(Tok::Arrow, "'->'", "after the retrieve context")?;
            Some(Box::new(e))
        } else {
            None
        };
        let data_type = self.named_type()?;
        let mut code_path = None;
        let mut comparator = None;
        let mut terminology = None;
        if self.eat(Tok::Colon) {
            if let Some((path, cmp)) = self.try_code_path() {
                code_path = Some(path);
                comparator = Some(cmp);
            }
            terminology = Some(Box::new(self.expression(0)?));
        }
        let construct = format!("the retrieve of {}", data_type.dotted());
        self.expect_close(Tok::RBracket, "']'", &construct, open)?;
        let span = self.span_from(start);
        let retrieve = Retrieve {
            context,
            data_type,
            code_path,
            comparator,
            terminology,
        };
        Ok(self.mk(ExprKind::Retrieve(Box::new(retrieve)), span))
    }

    /// `codePath codeComparator` when present (`simplePath` then `in`, `=` or `~`);
    /// otherwise consumes nothing.
    fn try_code_path(&mut self) -> Option<(SimplePath, CodeComparator)> {
        let start = self.pos;
        if !self.nth_is_referential(0) {
            return None;
        }
        let mut segments = Vec::new();
        let first = self.nth_token(0);
        segments.push(PathSegment::Member(Ident {
            name: token_name(first, self.src),
            span: first.span,
        }));
        self.bump();
        loop {
            if self.at(Tok::Dot) && self.nth_is_referential(1) {
                self.bump();
                let t = self.nth_token(0);
                segments.push(PathSegment::Member(Ident {
                    name: token_name(t, self.src),
                    span: t.span,
                }));
                self.bump();
            } else if self.at(Tok::LBracket)
                && matches!(self.nth(1), Tok::String | Tok::Number)
                && self.nth(2) == Tok::RBracket
            {
                self.bump();
                let t = self.nth_token(0);
                let text = t.span.text(self.src).to_string();
                let span = t.span;
                segments.push(PathSegment::Index(text, span));
                self.bump();
                self.bump();
            } else {
                break;
            }
        }
        let cmp = match self.kind() {
            Tok::Keyword(Kw::In) => CodeComparator::In,
            Tok::Eq => CodeComparator::Equal,
            Tok::Tilde => CodeComparator::Equivalent,
            _ => {
                self.pos = start;
                return None;
            }
        };
        let span = self.span_from(start);
        self.bump();
        Some((SimplePath { segments, span }, cmp))
    }
}

/// The name a token stands for: unescaped text of identifiers, keyword text of keywords.
fn token_name(t: &crate::lexer::Token, src: &str) -> String {
    match t.kind {
        Tok::Keyword(kw) => kw.text().to_string(),
        Tok::Ident | Tok::QuotedIdent | Tok::DelimitedIdent => t.text.clone(),
        _ => t.span.text(src).to_string(),
    }
}
