//! The recursive-descent / precedence-climbing parser.
//!
//! Module layout mirrors the grammar: [`expr`] holds the `expression` rule (logical,
//! comparison, membership, timing and type operators), [`term`] the `expressionTerm` and
//! `term` rules (arithmetic, prefix phrases, literals, selectors, invocations), [`timing`]
//! the `intervalOperatorPhrase` rule, [`query`] queries and retrieves, [`types`] type
//! specifiers and [`library`] the library-level definitions.
//!
//! Errors: a parse function that fails has already pushed a [`Diagnostic`] and returns
//! `Err(Fail)`; the library parser then skips to the next statement.

mod expr;
mod library;
mod literal;
mod query;
mod term;
mod timing;
mod types;

use crate::ast::*;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::lexer::{tokenize, Kw, Tok, Token};

/// Maximum nesting of expressions (each parenthesized or prefixed sub-expression counts
/// once or twice, a query once more): deeper input gets a diagnostic instead of exhausting
/// the stack. At this limit the parser needs under 1.5 MiB of stack in a debug build
/// (tested for every nesting form on a 2 MiB thread), far less in release; real measures
/// rarely nest beyond 30.
pub const MAX_DEPTH: u32 = 200;

/// Maximum number of operators applied in a row along one path of the tree
/// (`a + b + c + ...`): such chains are parsed in a loop but make a deep tree, which
/// recursive consumers (and `Drop`) walk recursively.
pub const MAX_CHAIN: u32 = 1000;

/// Marker for "a diagnostic has been reported"; the caller recovers or gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fail;

/// Result of a parse function.
pub(crate) type PResult<T> = Result<T, Fail>;

/// Parser state over one source text.
pub(crate) struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    index: LineIndex,
    diags: Vec<Diagnostic>,
    next_id: u32,
    depth: u32,
    /// Operators applied in loops along the current path (see [`MAX_CHAIN`]).
    chain: u32,
    /// Token indexes `(open, close)` of the last parenthesized term, used to recognise
    /// `(expr) alias` query sources.
    last_paren: (usize, usize),
    /// Token index of the last prefix `-`, so the literal after it may reach the most
    /// negative Integer / Long value.
    prefix_minus_at: Option<usize>,
}

/// One step of [`Parser::climb`]: given the left operand, the token it began at and the
/// minimum level, the operator applied to it (`Ok(Ok(expr))`) or the operand back when no
/// operator of that level follows (`Ok(Err(lhs))`).
type InfixStep<'a> = fn(&mut Parser<'a>, Expr, usize, u8) -> PResult<Result<Expr, Expr>>;

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str) -> Parser<'a> {
        let index = LineIndex::new(src);
        let mut diags = Vec::new();
        let tokens = tokenize(src, &index, &mut diags);
        Parser {
            src,
            tokens,
            pos: 0,
            index,
            diags,
            next_id: 0,
            depth: 0,
            chain: 0,
            last_paren: (usize::MAX, usize::MAX),
            prefix_minus_at: None,
        }
    }

    /// The diagnostics, sorted by position (errors before warnings at the same place).
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        self.diags.sort_by_key(|d| (d.span.start, d.severity));
        self.diags.dedup();
        self.diags
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    // ---- token access ---------------------------------------------------------------

    fn nth_token(&self, k: usize) -> &Token {
        let i = (self.pos + k).min(self.tokens.len() - 1);
        &self.tokens[i]
    }

    fn nth(&self, k: usize) -> Tok {
        self.nth_token(k).kind
    }

    fn kind(&self) -> Tok {
        self.nth(0)
    }

    fn at(&self, t: Tok) -> bool {
        self.kind() == t
    }

    fn at_kw(&self, kw: Kw) -> bool {
        self.kind() == Tok::Keyword(kw)
    }

    fn nth_kw(&self, k: usize, kw: Kw) -> bool {
        self.nth(k) == Tok::Keyword(kw)
    }

    /// True when token `k` ahead is the plain (non-keyword) word `word`, used for the
    /// grammar's contextual words (`such that`, `included in`, `less than`, `on or`, ...).
    fn nth_word(&self, k: usize, word: &str) -> bool {
        let t = self.nth_token(k);
        t.kind == Tok::Ident && t.text == word
    }

    fn span(&self) -> Span {
        self.nth_token(0).span
    }

    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    /// Span from the start of token `start_tok` to the end of the last consumed token.
    fn span_from(&self, start_tok: usize) -> Span {
        let start = self.tokens[start_tok.min(self.tokens.len() - 1)].span.start;
        Span::new(start, self.prev_end().max(start))
    }

    fn bump(&mut self) -> Span {
        let s = self.span();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        s
    }

    fn bump_text(&mut self) -> (String, Span) {
        let text = self.nth_token(0).text.clone();
        (text, self.bump())
    }

    fn eat(&mut self, t: Tok) -> bool {
        if self.at(t) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: Kw) -> bool {
        self.eat(Tok::Keyword(kw))
    }

    // ---- diagnostics ----------------------------------------------------------------

    fn error(&mut self, span: Span, msg: impl Into<String>) -> Fail {
        self.diags.push(Diagnostic::error(&self.index, span, msg));
        Fail
    }

    fn warning(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(&self.index, span, msg));
    }

    fn position(&self, offset: usize) -> String {
        self.index.position(offset)
    }

    /// The error for a missing operand after `what` (the operator or keyword at `after`). It
    /// is reported at that token, where the expression is missing, and names what came
    /// instead and where: reporting it at the next token put it on the following line when
    /// the expression ended a line (QA finding F10).
    fn missing_operand(&mut self, what: &str, after: Span) -> Fail {
        let found = self.describe(0);
        let at = self.position(self.span().start);
        self.error(
            after,
            format!("expected an expression after '{what}', found {found} (at {at})"),
        )
    }

    /// The error "expected {what}, found {the current token}", reported at the current token.
    fn expected(&mut self, what: impl std::fmt::Display) -> Fail {
        let found = self.describe(0);
        let span = self.span();
        self.error(span, format!("expected {what}, found {found}"))
    }

    /// How the current token is named in messages: `'where'`, `identifier Foo`,
    /// `end of input`, ...
    fn describe(&self, k: usize) -> String {
        let t = self.nth_token(k);
        let raw = t.span.text(self.src);
        match t.kind {
            Tok::Eof => "end of input".to_string(),
            Tok::Ident | Tok::QuotedIdent | Tok::DelimitedIdent => format!("identifier {raw}"),
            Tok::Keyword(_) => format!("'{raw}'"),
            Tok::String => format!("string {}", shorten(raw)),
            Tok::Number | Tok::LongNumber => format!("number {raw}"),
            Tok::Date | Tok::DateTime | Tok::Time => format!("date/time literal {raw}"),
            _ => format!("'{raw}'"),
        }
    }

    /// Expects token `t` (`what` is how it is shown, e.g. `':'`) `context` e.g. "after the
    /// name of define \"X\"".
    fn expect(&mut self, t: Tok, what: &str, context: &str) -> PResult<Span> {
        if self.at(t) {
            return Ok(self.bump());
        }
        Err(self.expected(format_args!("{what} {context}")))
    }

    fn expect_kw(&mut self, kw: Kw, context: &str) -> PResult<Span> {
        self.expect(Tok::Keyword(kw), &format!("'{}'", kw.text()), context)
    }

    /// Expects a closing token for a construct opened at `open`: "expected ')' to close the
    /// call to 'Count' opened at 3:10, found 'where'".
    fn expect_close(&mut self, t: Tok, what: &str, construct: &str, open: Span) -> PResult<Span> {
        if self.at(t) {
            return Ok(self.bump());
        }
        let found = self.describe(0);
        let at = self.position(open.start);
        let span = self.span();
        Err(self.error(
            span,
            format!("expected {what} to close {construct} opened at {at}, found {found}"),
        ))
    }

    // ---- nodes and nesting ----------------------------------------------------------

    fn mk(&mut self, kind: ExprKind, span: Span) -> Expr {
        let id = NodeId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        Expr { id, kind, span }
    }

    /// `lhs op right`, spanning from token `start` to the previous token.
    fn mk_binary(&mut self, op: BinaryOp, lhs: Expr, right: Expr, start: usize) -> Expr {
        let span = self.span_from(start);
        self.mk(
            ExprKind::Binary {
                op,
                left: Box::new(lhs),
                right: Box::new(right),
            },
            span,
        )
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let span = self.span();
            self.depth -= 1;
            return Err(self.error(
                span,
                "expression is nested too deeply to parse; split it into smaller definitions",
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The precedence-climbing loop of `expression` and `expressionTerm`: applies `step`
    /// (one infix or postfix operator of level `min` or tighter, `Ok(Err(lhs))` when there
    /// is none) to `lhs` (which began at token `start`) until it stops. Each operator counts
    /// towards [`MAX_CHAIN`]; the count is given back when the loop ends.
    fn climb(
        &mut self,
        mut lhs: Expr,
        start: usize,
        min: u8,
        step: InfixStep<'a>,
    ) -> PResult<Expr> {
        let mut local = 0;
        let result = loop {
            match step(self, lhs, start, min) {
                Ok(Ok(next)) => {
                    lhs = next;
                    if let Err(f) = self.chain_step(&mut local) {
                        break Err(f);
                    }
                }
                Ok(Err(done)) => break Ok(done),
                Err(f) => break Err(f),
            }
        };
        self.chain -= local;
        result
    }

    /// Counts one more operator applied in a loop; errors past [`MAX_CHAIN`].
    fn chain_step(&mut self, local: &mut u32) -> PResult<()> {
        self.chain += 1;
        *local += 1;
        if self.chain > MAX_CHAIN {
            let span = self.span();
            return Err(self.error(
                span,
                format!("more than {MAX_CHAIN} operators in a row; split the expression into several definitions"),
            ));
        }
        Ok(())
    }

    // ---- identifiers ----------------------------------------------------------------

    /// True when token `k` is an `identifier` (plain, quoted or delimited; no keyword).
    fn nth_is_identifier(&self, k: usize) -> bool {
        match self.nth(k) {
            Tok::Ident | Tok::QuotedIdent | Tok::DelimitedIdent => true,
            Tok::Keyword(kw) => kw.is_cql2_addition(),
            _ => false,
        }
    }

    /// True when token `k` is a `referentialIdentifier` (identifier or keyword identifier).
    fn nth_is_referential(&self, k: usize) -> bool {
        match self.nth(k) {
            Tok::Keyword(kw) => kw.is_keyword_identifier(),
            _ => self.nth_is_identifier(k),
        }
    }

    /// Consumes the current token as an identifier; keywords are accepted when `accept`
    /// says so. `role` names what is expected ("a definition name").
    fn ident_where(&mut self, accept: impl Fn(Kw) -> bool, role: &str) -> PResult<Ident> {
        match self.kind() {
            Tok::Ident | Tok::QuotedIdent | Tok::DelimitedIdent => {
                let (name, span) = self.bump_text();
                Ok(Ident { name, span })
            }
            Tok::Keyword(kw) if accept(kw) => {
                let span = self.bump();
                Ok(Ident {
                    name: kw.text().to_string(),
                    span,
                })
            }
            Tok::Keyword(kw) => {
                let span = self.span();
                Err(self.error(
                    span,
                    format!(
                        "expected {role}, found the reserved word '{}'; to use it as a name, quote it: \"{}\"",
                        kw.text(),
                        kw.text()
                    ),
                ))
            }
            _ => Err(self.expected(role)),
        }
    }

    /// `identifier` rule: no keywords, except those that were identifiers in CQL 1.5.
    fn identifier(&mut self, role: &str) -> PResult<Ident> {
        self.ident_where(Kw::is_cql2_addition, role)
    }

    /// `referentialIdentifier` rule: identifiers and keyword identifiers.
    fn referential_identifier(&mut self, role: &str) -> PResult<Ident> {
        self.ident_where(Kw::is_keyword_identifier, role)
    }

    /// `identifierOrFunctionIdentifier` rule: any keyword may name a function.
    fn function_identifier(&mut self, role: &str) -> PResult<Ident> {
        self.ident_where(|_| true, role)
    }

    /// A `STRING` token.
    fn string_lit(&mut self, role: &str) -> PResult<StringLit> {
        if self.at(Tok::String) {
            let (value, span) = self.bump_text();
            return Ok(StringLit { value, span });
        }
        Err(self.expected(format_args!("{role} (a string in single quotes)")))
    }

    /// `(libraryIdentifier '.')? identifier` (`codesystemIdentifier`, `codeIdentifier`).
    fn definition_ref(&mut self, role: &str) -> PResult<DefinitionRef> {
        let start = self.pos;
        let first = self.identifier(role)?;
        if self.at(Tok::Dot) && self.nth_is_identifier(1) {
            self.bump();
            let name = self.identifier(role)?;
            return Ok(DefinitionRef {
                library: Some(first),
                name,
                span: self.span_from(start),
            });
        }
        Ok(DefinitionRef {
            library: None,
            name: first,
            span: self.span_from(start),
        })
    }

    /// True when token `k` can start an alias (an `identifier`), excluding the plain words
    /// that begin the grammar's two-word keywords (`such that`, `included in`, ...).
    fn nth_is_alias(&self, k: usize) -> bool {
        match self.nth(k) {
            Tok::QuotedIdent | Tok::DelimitedIdent => true,
            Tok::Ident => !self.nth_starts_phrase_word(k),
            Tok::Keyword(kw) => kw.is_cql2_addition(),
            _ => false,
        }
    }

    /// True when the plain word at `k` starts a two-word keyword.
    fn nth_starts_phrase_word(&self, k: usize) -> bool {
        (self.nth_word(k, "such") && self.nth_word(k + 1, "that"))
            || (self.nth_word(k, "included") && self.nth_kw(k + 1, Kw::In))
            || ((self.nth_word(k, "less") || self.nth_word(k, "more"))
                && self.nth_word(k + 1, "than"))
            || (self.nth_word(k, "on") && self.nth_kw(k + 1, Kw::Or))
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let cut: String = s.chars().take(37).collect();
        format!("{cut}...")
    }
}

/// Parses one CQL expression (the `expression` rule followed by end of input).
///
/// Returns the tree, or every error found (warnings are dropped on success; use
/// [`parse_expression_with_diagnostics`] to keep them).
pub fn parse_expression(src: &str) -> Result<Expr, Vec<Diagnostic>> {
    match parse_expression_with_diagnostics(src) {
        (Some(e), _) => Ok(e),
        (None, diags) => Err(diags),
    }
}

/// Parses one CQL expression, returning the tree (when there is no error) and all
/// diagnostics, warnings included.
pub fn parse_expression_with_diagnostics(src: &str) -> (Option<Expr>, Vec<Diagnostic>) {
    let mut p = Parser::new(src);
    let result = p.expression(0);
    if result.is_ok() && !p.at(Tok::Eof) {
        let found = p.describe(0);
        let span = p.span();
        p.error(
            span,
            format!("unexpected {found} after the end of the expression"),
        );
    }
    let failed = result.is_err() || p.has_errors();
    let diags = p.finish();
    match result {
        Ok(e) if !failed => (Some(e), diags),
        _ => (None, diags),
    }
}

/// Parses a CQL library (the `library` rule).
///
/// Always returns a [`Library`]: statements and definitions with errors are left out and
/// parsing resumes at the next definition or statement, so independent errors are all
/// reported. Check the diagnostics for errors before using the library.
pub fn parse_library(src: &str) -> (Library, Vec<Diagnostic>) {
    let mut p = Parser::new(src);
    let lib = p.library();
    (lib, p.finish())
}
