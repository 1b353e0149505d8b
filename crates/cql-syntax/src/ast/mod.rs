//! The abstract syntax tree of a CQL library or expression.
//!
//! The shapes follow the parser rules of the CQL grammar (`Cql.g4` of HL7/cql, CQL 1.5 /
//! 2.0); each type names the rule it comes from. Every node carries a [`Span`]: the byte
//! range of its source text, so a checker or evaluator can point at the exact clause.
//! Names are stored unescaped (`"Measurement Period"` becomes `Measurement Period`).
//!
//! The tree is syntax only: a name such as `X.y` is kept as a member access on `X`; whether
//! `X` is an included library, a query alias or a definition is decided by the checker.

mod expr;
mod library;
mod operators;
mod query;
mod types;

pub use expr::*;
pub use library::*;
pub use operators::*;
pub use query::*;
pub use types::*;

/// A byte range `start..end` into the parsed source text (UTF-8 byte offsets, end
/// exclusive). Use [`crate::LineIndex`] to turn an offset into a 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span covering `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The source text the span covers (empty if the span lies outside `source`).
    pub fn text(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// Identity of an expression node, unique within one parse (numbered in creation order).
/// Useful as a key for per-node results (evaluation traces, highlighting).
/// Nodes built outside the parser may use [`NodeId::SYNTHETIC`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The id of nodes that do not come from parsed source.
    pub const SYNTHETIC: NodeId = NodeId(u32::MAX);
}

/// An identifier (`identifier` rule: `IDENTIFIER`, `QUOTEDIDENTIFIER` `"..."` or
/// `DELIMITEDIDENTIFIER` `` `...` ``, or a keyword allowed as an identifier in that place).
/// `name` is the unescaped text without quotes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name, unescaped, without delimiting quotes.
    pub name: String,
    /// Where the identifier (with its quotes) is written.
    pub span: Span,
}

/// A dotted name (`qualifiedIdentifier` rule), e.g. `FHIR` or `hl7.fhir.FHIRHelpers`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QualifiedIdentifier {
    /// The parts in source order; never empty.
    pub parts: Vec<Ident>,
    /// Where the whole name is written.
    pub span: Span,
}

impl QualifiedIdentifier {
    /// The last part (the name proper).
    pub fn name(&self) -> &Ident {
        &self.parts[self.parts.len() - 1]
    }

    /// The parts joined with `.`.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        names.join(".")
    }
}

/// A reference to a named definition, optionally through an included library:
/// `codesystemIdentifier` / `codeIdentifier` rules (`(libraryIdentifier '.')? identifier`),
/// e.g. `"SNOMED"` or `Common."LOINC"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DefinitionRef {
    /// The library alias, when the reference goes through an `include`.
    pub library: Option<Ident>,
    /// The definition's name.
    pub name: Ident,
    /// Where the reference is written.
    pub span: Span,
}

/// A string literal as written in a definition (`STRING` token), unescaped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringLit {
    /// The unescaped value without quotes.
    pub value: String,
    /// Where the literal (with its quotes) is written.
    pub span: Span,
}
