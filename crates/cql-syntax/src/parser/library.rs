//! Library-level rules: `library`, `using`, `include`, `codesystem`, `valueset`, `code`,
//! `concept`, `parameter`, `context`, `define` and `define function`.
//!
//! After an error the parser skips to the next token that starts a definition or
//! statement, so each broken statement is reported once and the rest is still checked.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

/// What a definition keyword introduces, for ordering checks and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Definition,
    Statement,
}

impl Parser<'_> {
    /// The `library` rule: `directive* libraryDefinition? definition* statement* EOF`.
    pub(crate) fn library(&mut self) -> Library {
        let mut lib = Library {
            span: Span::new(0, self.src.len()),
            ..Library::default()
        };
        let mut context: Option<String> = None;
        let mut seen_statement: Option<Span> = None;
        while !self.at(Tok::Eof) {
            let before = self.pos;
            let result = self.top_level(&mut lib, &mut context, &mut seen_statement);
            if result.is_err() {
                self.recover(before);
            }
        }
        lib
    }

    /// One directive, definition or statement.
    fn top_level(
        &mut self,
        lib: &mut Library,
        context: &mut Option<String>,
        seen_statement: &mut Option<Span>,
    ) -> PResult<()> {
        let start = self.pos;
        if self.at(Tok::Hash) {
            self.bump();
            let name = self.referential_identifier("a directive name")?;
            let value = if self.eat(Tok::Colon) {
                Some(self.string_lit("the directive value")?)
            } else {
                None
            };
            lib.directives.push(Directive {
                name,
                value,
                span: self.span_from(start),
            });
            return Ok(());
        }
        if self.at_kw(Kw::Library) {
            let at = self.span();
            self.bump();
            let name = self.qualified_identifier("the library name")?;
            let version = self.version()?;
            let header = LibraryHeader {
                name,
                version,
                span: self.span_from(start),
            };
            if lib.header.is_some() || !lib.usings.is_empty() || seen_statement.is_some() {
                return Err(self.error(at, "'library' must come first and appear once"));
            }
            lib.header = Some(header);
            return Ok(());
        }
        let access = self.access_modifier();
        let section = match self.kind() {
            Tok::Keyword(Kw::Define) | Tok::Keyword(Kw::Context) => Section::Statement,
            _ => Section::Definition,
        };
        if section == Section::Definition {
            if let Some(first) = *seen_statement {
                let at = self.position(first.start);
                let word = self.span().text(self.src).to_string();
                let span = self.span();
                self.warning(
                    span,
                    format!("'{word}' definitions belong before the first statement (at {at}); CQL requires using, include, codesystem, valueset, code, concept and parameter definitions to come first"),
                );
            }
        }
        match self.kind() {
            Tok::Keyword(Kw::Using) if access.is_none() => {
                self.bump();
                let model =
                    self.qualified_identifier("the model name (using FHIR version '4.0.1')")?;
                let version = self.version()?;
                let alias = self.called()?;
                lib.usings.push(UsingDef {
                    model,
                    version,
                    alias,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::Include) if access.is_none() => {
                self.bump();
                let library = self.qualified_identifier("the library name after 'include'")?;
                let version = self.version()?;
                let alias = self.called()?;
                let bind = if self.eat_kw(Kw::Bind) {
                    let s = self.pos;
                    let e = self.term()?;
                    if !matches!(e.kind, ExprKind::Tuple { .. }) {
                        let span = self.span_from(s);
                        return Err(self.error(span, "expected a tuple selector after 'bind'"));
                    }
                    Some(e)
                } else {
                    None
                };
                lib.includes.push(IncludeDef {
                    library,
                    version,
                    alias,
                    bind,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::Codesystem) => {
                self.bump();
                let name = self.identifier("the code system name")?;
                self.colon_after(&name)?;
                let id = self.string_lit("the code system URI")?;
                let version = self.version()?;
                lib.codesystems.push(CodeSystemDef {
                    access: access.unwrap_or_default(),
                    name,
                    id,
                    version,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::Valueset) => {
                self.bump();
                let name = self.identifier("the value set name")?;
                self.colon_after(&name)?;
                let id = self.string_lit("the value set URI or OID")?;
                let version = self.version()?;
                let mut codesystems = Vec::new();
                if self.eat_kw(Kw::Codesystems) {
                    let open = self.expect(Tok::LBrace, "'{'", "after 'codesystems'")?;
                    loop {
                        codesystems.push(self.definition_ref("a code system name")?);
                        if !self.eat(Tok::Comma) {
                            break;
                        }
                    }
                    self.expect_close(Tok::RBrace, "'}'", "the codesystems list", open)?;
                }
                lib.valuesets.push(ValueSetDef {
                    access: access.unwrap_or_default(),
                    name,
                    id,
                    version,
                    codesystems,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::CodeLower) => {
                self.bump();
                let name = self.identifier("the code name")?;
                self.colon_after(&name)?;
                let code = self.string_lit("the code value")?;
                self.expect_kw(
                    Kw::From,
                    "after the code value (code \"X\": '123' from \"SNOMED\")",
                )?;
                let system = self.definition_ref("a code system name")?;
                let display = self.display()?;
                lib.codes.push(CodeDef {
                    access: access.unwrap_or_default(),
                    name,
                    code,
                    system,
                    display,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::ConceptLower) => {
                self.bump();
                let name = self.identifier("the concept name")?;
                self.colon_after(&name)?;
                let open = self.expect(Tok::LBrace, "'{'", "to start the list of codes")?;
                let mut codes = Vec::new();
                if !self.at(Tok::RBrace) {
                    loop {
                        codes.push(self.definition_ref("a code name")?);
                        if !self.eat(Tok::Comma) {
                            break;
                        }
                    }
                }
                self.expect_close(Tok::RBrace, "'}'", "the list of codes", open)?;
                let display = self.display()?;
                lib.concepts.push(ConceptDef {
                    access: access.unwrap_or_default(),
                    name,
                    codes,
                    display,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::Parameter) => {
                self.bump();
                let name = self.identifier("the parameter name")?;
                let type_specifier = if self.at_kw(Kw::Default) || self.at_statement_start() {
                    None
                } else {
                    Some(self.type_specifier()?)
                };
                let default = if self.eat_kw(Kw::Default) {
                    Some(self.expression(0)?)
                } else {
                    None
                };
                lib.parameters.push(ParameterDef {
                    access: access.unwrap_or_default(),
                    name,
                    type_specifier,
                    default,
                    span: self.span_from(start),
                });
            }
            Tok::Keyword(Kw::Context) if access.is_none() => {
                self.bump();
                let first = self.identifier("the context name (context Patient)")?;
                let (model, name) = if self.at(Tok::Dot) {
                    self.bump();
                    (Some(first), self.identifier("the context name")?)
                } else {
                    (None, first)
                };
                *context = Some(name.name.clone());
                let def = ContextDef {
                    model,
                    name,
                    span: self.span_from(start),
                };
                seen_statement.get_or_insert(def.span);
                lib.statements.push(Statement::Context(def));
            }
            Tok::Keyword(Kw::Define) => {
                let stmt = self.define(start, access, context.clone())?;
                seen_statement.get_or_insert(stmt.span());
                lib.statements.push(stmt);
            }
            _ => {
                let what = if access.is_some() {
                    "'define', 'parameter', 'codesystem', 'valueset', 'code' or 'concept' after the access modifier"
                } else {
                    "a definition ('define', 'context', 'using', 'include', 'parameter', 'valueset', ...)"
                };
                return Err(self.expected(what));
            }
        }
        Ok(())
    }

    /// `define [access] ...`: an expression or function definition. `start` is the token
    /// index of the access modifier or `define`.
    fn define(
        &mut self,
        start: usize,
        outer_access: Option<AccessModifier>,
        context: Option<String>,
    ) -> PResult<Statement> {
        let define = self.bump();
        let access = match self.access_modifier() {
            Some(a) if outer_access.is_none() => Some(a),
            Some(_) => {
                let span = self.tokens[self.pos - 1].span;
                return Err(self.error(span, "the access modifier is written twice"));
            }
            None => outer_access,
        };
        let fluent = self.eat_kw(Kw::Fluent);
        if fluent || self.at_kw(Kw::Function) {
            self.expect_kw(Kw::Function, "after 'define fluent'")?;
            return self.function_def(start, access.unwrap_or_default(), fluent, context);
        }
        if matches!(self.kind(), Tok::Keyword(Kw::Context))
            || (matches!(self.kind(), Tok::Keyword(Kw::Type)) && self.nth_is_referential(1))
            || self.nth_word(0, "implicit")
            || self.at_kw(Kw::Implicit)
            || self.at_kw(Kw::Explicit)
        {
            let span = define.to(self.span());
            return Err(self.error(
                span,
                "model definitions (define context / type / conversion, CQL 2.0 trial use) are not supported",
            ));
        }
        let name = self.identifier("the definition name (define \"Name\": ...)")?;
        self.expect(
            Tok::Colon,
            "':'",
            &format!("after the name of define \"{}\"", name.name),
        )?;
        if self.at_expression_end() || self.at_statement_start() {
            return Err(self.expected(format_args!("the expression of define \"{}\"", name.name)));
        }
        let expression = self.expression(0)?;
        self.end_of_statement(&format!("define \"{}\"", name.name))?;
        Ok(Statement::Expression(ExpressionDef {
            access: access.unwrap_or_default(),
            name,
            expression,
            context,
            span: self.span_from(start),
        }))
    }

    /// After a statement's expression: the next token must start a statement.
    fn end_of_statement(&mut self, what: &str) -> PResult<()> {
        if self.at(Tok::Eof) || self.at_statement_start() {
            return Ok(());
        }
        let found = self.describe(0);
        let span = self.span();
        Err(self.error(
            span,
            format!(
                "unexpected {found} after the end of {what}; a missing operator or parenthesis?"
            ),
        ))
    }

    /// `function Name(a T, ...) [returns T]: body | external`; `function` consumed.
    fn function_def(
        &mut self,
        start: usize,
        access: AccessModifier,
        fluent: bool,
        context: Option<String>,
    ) -> PResult<Statement> {
        let name = self.function_identifier("the function name")?;
        let open = self.expect(
            Tok::LParen,
            "'('",
            &format!("after the function name '{}'", name.name),
        )?;
        let mut operands = Vec::new();
        if !self.at(Tok::RParen) {
            loop {
                let op_start = self.pos;
                let op_name = self.referential_identifier("an operand name")?;
                let type_specifier = self.type_specifier()?;
                operands.push(OperandDef {
                    name: op_name,
                    type_specifier,
                    span: self.span_from(op_start),
                });
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
        }
        let construct = format!("the operands of function '{}'", name.name);
        self.expect_close(Tok::RParen, "')'", &construct, open)?;
        let return_type = if self.nth_word(0, "returns") {
            self.bump();
            Some(self.type_specifier()?)
        } else {
            None
        };
        self.expect(
            Tok::Colon,
            "':'",
            &format!("before the body of function '{}'", name.name),
        )?;
        let body = if self.nth_word(0, "external")
            && (self.nth(1) == Tok::Eof || self.nth_at_statement_start(1))
        {
            FunctionBody::External(self.bump())
        } else {
            let e = self.expression(0)?;
            self.end_of_statement(&format!("function '{}'", name.name))?;
            FunctionBody::Expression(e)
        };
        Ok(Statement::Function(FunctionDef {
            access,
            fluent,
            name,
            operands,
            return_type,
            body,
            context,
            span: self.span_from(start),
        }))
    }

    fn access_modifier(&mut self) -> Option<AccessModifier> {
        if self.eat_kw(Kw::Public) {
            Some(AccessModifier::Public)
        } else if self.eat_kw(Kw::Private) {
            Some(AccessModifier::Private)
        } else {
            None
        }
    }

    fn colon_after(&mut self, name: &Ident) -> PResult<Span> {
        self.expect(
            Tok::Colon,
            "':'",
            &format!("after the name \"{}\"", name.name),
        )
    }

    /// `('version' versionSpecifier)?`.
    fn version(&mut self) -> PResult<Option<StringLit>> {
        if self.eat_kw(Kw::Version) {
            Ok(Some(self.string_lit("the version after 'version'")?))
        } else {
            Ok(None)
        }
    }

    /// `('called' localIdentifier)?`.
    fn called(&mut self) -> PResult<Option<Ident>> {
        if self.eat_kw(Kw::Called) {
            Ok(Some(self.identifier("the local name after 'called'")?))
        } else {
            Ok(None)
        }
    }

    /// `displayClause?`.
    fn display(&mut self) -> PResult<Option<StringLit>> {
        if self.eat_kw(Kw::Display) {
            Ok(Some(self.string_lit("the display text")?))
        } else {
            Ok(None)
        }
    }

    /// `qualifiedIdentifier`: `(qualifier '.')* identifier`.
    fn qualified_identifier(&mut self, role: &str) -> PResult<QualifiedIdentifier> {
        let start = self.pos;
        let mut parts = vec![self.identifier(role)?];
        while self.at(Tok::Dot) {
            self.bump();
            parts.push(self.identifier(role)?);
        }
        Ok(QualifiedIdentifier {
            parts,
            span: self.span_from(start),
        })
    }

    fn at_statement_start(&self) -> bool {
        self.nth_at_statement_start(0)
    }

    /// True when token `k` starts a definition or statement: used to end expressions
    /// and to resynchronise after errors. `code` and `concept` count only when followed
    /// by `name :`, since they are also ordinary names.
    fn nth_at_statement_start(&self, k: usize) -> bool {
        match self.nth(k) {
            Tok::Keyword(Kw::Define) => true,
            Tok::Keyword(Kw::Using)
            | Tok::Keyword(Kw::Include)
            | Tok::Keyword(Kw::Codesystem)
            | Tok::Keyword(Kw::Valueset)
            | Tok::Keyword(Kw::Parameter)
            | Tok::Keyword(Kw::Library) => {
                self.nth_is_identifier(k + 1) || self.nth(k + 1) == Tok::Eof
            }
            Tok::Keyword(Kw::Context) => self.nth_is_identifier(k + 1),
            Tok::Keyword(Kw::Public) | Tok::Keyword(Kw::Private) => matches!(
                self.nth(k + 1),
                Tok::Keyword(
                    Kw::Define
                        | Kw::Parameter
                        | Kw::Codesystem
                        | Kw::Valueset
                        | Kw::CodeLower
                        | Kw::ConceptLower
                )
            ),
            Tok::Keyword(Kw::CodeLower) | Tok::Keyword(Kw::ConceptLower) => {
                self.nth_is_identifier(k + 1) && self.nth(k + 2) == Tok::Colon
            }
            _ => false,
        }
    }

    /// Skips to the next statement start (at least one token past `before`).
    fn recover(&mut self, before: usize) {
        if self.pos == before {
            self.bump();
        }
        while !self.at(Tok::Eof) && !self.at_statement_start() {
            self.bump();
        }
    }
}
