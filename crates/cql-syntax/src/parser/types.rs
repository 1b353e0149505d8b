//! Type specifiers (`typeSpecifier` rule and its alternatives).

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

impl Parser<'_> {
    /// `typeSpecifier`: named, `List<T>`, `Interval<T>`, `Tuple { a T }`, `Choice<A, B>`.
    pub(crate) fn type_specifier(&mut self) -> PResult<TypeSpecifier> {
        self.enter()?;
        let r = self.type_specifier_inner();
        self.leave();
        r
    }

    fn type_specifier_inner(&mut self) -> PResult<TypeSpecifier> {
        let start = self.pos;
        let kind = match self.kind() {
            Tok::Keyword(Kw::List) | Tok::Keyword(Kw::Interval) => {
                let list = self.at_kw(Kw::List);
                let word = if list { "List" } else { "Interval" };
                self.bump();
                let open =
                    self.expect(Tok::Lt, "'<'", &format!("after '{word}' ({word}<Integer>)"))?;
                let inner = Box::new(self.type_specifier()?);
                self.expect_close(Tok::Gt, "'>'", &format!("the '{word}<' type"), open)?;
                if list {
                    TypeSpecifierKind::List(inner)
                } else {
                    TypeSpecifierKind::Interval(inner)
                }
            }
            Tok::Keyword(Kw::Tuple) => {
                self.bump();
                let open =
                    self.expect(Tok::LBrace, "'{'", "after 'Tuple' (Tuple { name String })")?;
                let mut elements = Vec::new();
                if !self.at(Tok::RBrace) {
                    loop {
                        let el_start = self.pos;
                        let name = self.referential_identifier("an element name")?;
                        let type_specifier = self.type_specifier()?;
                        elements.push(TupleElementDef {
                            name,
                            type_specifier,
                            span: self.span_from(el_start),
                        });
                        if !self.eat(Tok::Comma) {
                            break;
                        }
                    }
                }
                self.expect_close(Tok::RBrace, "'}'", "the tuple type", open)?;
                TypeSpecifierKind::Tuple(elements)
            }
            Tok::Ident if self.nth_word(0, "Choice") && self.nth(1) == Tok::Lt => {
                self.bump();
                let open = self.bump();
                let mut choices = vec![self.type_specifier()?];
                while self.eat(Tok::Comma) {
                    choices.push(self.type_specifier()?);
                }
                self.expect_close(Tok::Gt, "'>'", "the 'Choice<' type", open)?;
                TypeSpecifierKind::Choice(choices)
            }
            _ => TypeSpecifierKind::Named(self.named_type()?),
        };
        Ok(TypeSpecifier {
            kind,
            span: self.span_from(start),
        })
    }

    /// `namedTypeSpecifier`: `(qualifier '.')* referentialOrTypeNameIdentifier`.
    pub(crate) fn named_type(&mut self) -> PResult<NamedType> {
        let start = self.pos;
        let accept = |kw: Kw| kw.is_keyword_identifier() || kw.is_type_name();
        let mut parts = vec![self.ident_where(accept, "a type name")?];
        while self.at(Tok::Dot)
            && (self.nth_is_referential(1)
                || matches!(self.nth(1), Tok::Keyword(kw) if kw.is_type_name()))
        {
            self.bump();
            parts.push(self.ident_where(accept, "a type name")?);
        }
        let name = parts.pop().unwrap_or_else(|| Ident {
            name: String::new(),
            span: Span::default(),
        });
        Ok(NamedType {
            qualifiers: parts,
            name,
            span: self.span_from(start),
        })
    }
}
