//! Type specifiers (`typeSpecifier` rule and its alternatives).

use super::*;

/// A type specifier (`typeSpecifier` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpecifier {
    /// Which form.
    pub kind: TypeSpecifierKind,
    /// Where it is written.
    pub span: Span,
}

/// The forms of a type specifier.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeSpecifierKind {
    /// `Integer`, `System.Integer`, `FHIR.Patient` (`namedTypeSpecifier`).
    Named(NamedType),
    /// `List<T>` (`listTypeSpecifier`).
    List(Box<TypeSpecifier>),
    /// `Interval<T>` (`intervalTypeSpecifier`).
    Interval(Box<TypeSpecifier>),
    /// `Tuple { a Integer, b String }` (`tupleTypeSpecifier`).
    Tuple(Vec<TupleElementDef>),
    /// `Choice<Integer, String>` (`choiceTypeSpecifier`).
    Choice(Vec<TypeSpecifier>),
}

/// A possibly qualified type name (`namedTypeSpecifier` rule): `(qualifier '.')* name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamedType {
    /// Qualifiers before the name (usually the model: `FHIR`, `System`); often empty.
    pub qualifiers: Vec<Ident>,
    /// The type name.
    pub name: Ident,
    /// Where it is written.
    pub span: Span,
}

impl NamedType {
    /// The first qualifier (the model name, e.g. `FHIR`), if any.
    pub fn model(&self) -> Option<&str> {
        self.qualifiers.first().map(|q| q.name.as_str())
    }

    /// The qualifiers and name joined with `.`.
    pub fn dotted(&self) -> String {
        let mut s = String::new();
        for q in &self.qualifiers {
            s.push_str(&q.name);
            s.push('.');
        }
        s.push_str(&self.name.name);
        s
    }
}

/// One element of a tuple type: `name Type` (`tupleElementDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct TupleElementDef {
    /// The element name.
    pub name: Ident,
    /// The element type.
    pub type_specifier: TypeSpecifier,
    /// Where it is written.
    pub span: Span,
}
