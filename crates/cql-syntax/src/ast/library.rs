//! Library-level definitions and statements (`library`, `definition` and `statement`
//! rules of `Cql.g4`).

use super::*;

/// A parsed library (`library` rule): header, definitions (`definition*`) and statements
/// (`statement*`). Definitions are grouped by kind, each list in source order; statements
/// keep their source order. Statements that failed to parse are left out (the diagnostics
/// say which).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Library {
    /// `#name: 'value'` directives (`directive` rule, CQL 2.0).
    pub directives: Vec<Directive>,
    /// `library Name version '1.0.0'` (`libraryDefinition`); absent for an anonymous library.
    pub header: Option<LibraryHeader>,
    /// `using` definitions (`usingDefinition`).
    pub usings: Vec<UsingDef>,
    /// `include` definitions (`includeDefinition`).
    pub includes: Vec<IncludeDef>,
    /// `codesystem` definitions (`codesystemDefinition`).
    pub codesystems: Vec<CodeSystemDef>,
    /// `valueset` definitions (`valuesetDefinition`).
    pub valuesets: Vec<ValueSetDef>,
    /// `code` definitions (`codeDefinition`).
    pub codes: Vec<CodeDef>,
    /// `concept` definitions (`conceptDefinition`).
    pub concepts: Vec<ConceptDef>,
    /// `parameter` definitions (`parameterDefinition`).
    pub parameters: Vec<ParameterDef>,
    /// `context`, `define` and `define function` statements in source order.
    pub statements: Vec<Statement>,
    /// Span of the whole source text.
    pub span: Span,
}

impl Library {
    /// The expression definitions (`define "X": ...`) in source order.
    pub fn expression_defs(&self) -> impl Iterator<Item = &ExpressionDef> {
        self.statements.iter().filter_map(|s| match s {
            Statement::Expression(d) => Some(d),
            _ => None,
        })
    }

    /// The function definitions in source order.
    pub fn function_defs(&self) -> impl Iterator<Item = &FunctionDef> {
        self.statements.iter().filter_map(|s| match s {
            Statement::Function(d) => Some(d),
            _ => None,
        })
    }
}

/// A `#name: 'value'` directive (`directive` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// The directive name.
    pub name: Ident,
    /// The optional string value.
    pub value: Option<StringLit>,
    /// Where the directive is written.
    pub span: Span,
}

/// `library Name version 'v'` (`libraryDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryHeader {
    /// The library name (may be dotted: a namespace-qualified name).
    pub name: QualifiedIdentifier,
    /// The version string, if given.
    pub version: Option<StringLit>,
    /// Where the header is written.
    pub span: Span,
}

/// `public` or `private` (`accessModifier` rule); definitions without one are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AccessModifier {
    /// Visible to libraries that include this one (the default).
    #[default]
    Public,
    /// Visible inside this library only.
    Private,
}

/// `using FHIR version '4.0.1' called F` (`usingDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct UsingDef {
    /// The model name, e.g. `FHIR`.
    pub model: QualifiedIdentifier,
    /// The model version, if given.
    pub version: Option<StringLit>,
    /// The local alias (`called`), if given.
    pub alias: Option<Ident>,
    /// Where the definition is written.
    pub span: Span,
}

/// `include FHIRHelpers version '4.0.1' called FH` (`includeDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct IncludeDef {
    /// The included library's name.
    pub library: QualifiedIdentifier,
    /// The version, if given.
    pub version: Option<StringLit>,
    /// The local alias (`called`), if given; otherwise the library's last name part.
    pub alias: Option<Ident>,
    /// The CQL 2.0 `bind` tuple selector (parameter bindings), if given.
    pub bind: Option<Expr>,
    /// Where the definition is written.
    pub span: Span,
}

impl IncludeDef {
    /// The name this library is referred to by: the alias, else the last part of its name.
    pub fn local_name(&self) -> &str {
        match &self.alias {
            Some(a) => &a.name,
            None => &self.library.name().name,
        }
    }
}

/// `codesystem "LOINC": 'http://loinc.org' version '2.73'` (`codesystemDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct CodeSystemDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// The local name.
    pub name: Ident,
    /// The code system URI (`codesystemId`).
    pub id: StringLit,
    /// The code system version, if given.
    pub version: Option<StringLit>,
    /// Where the definition is written.
    pub span: Span,
}

/// `valueset "Flu": 'http://...' version '1' codesystems { "CVX" }`
/// (`valuesetDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueSetDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// The local name.
    pub name: Ident,
    /// The value set URI or OID (`valuesetId`).
    pub id: StringLit,
    /// The value set version, if given.
    pub version: Option<StringLit>,
    /// The `codesystems { ... }` list (empty when absent).
    pub codesystems: Vec<DefinitionRef>,
    /// Where the definition is written.
    pub span: Span,
}

/// `code "Hearing exam": '398171003' from "SNOMED" display 'Hearing examination'`
/// (`codeDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct CodeDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// The local name.
    pub name: Ident,
    /// The code value (`codeId`).
    pub code: StringLit,
    /// The code system it is drawn from.
    pub system: DefinitionRef,
    /// The display string, if given.
    pub display: Option<StringLit>,
    /// Where the definition is written.
    pub span: Span,
}

/// `concept "C": { "Code A", "Code B" } display 'text'` (`conceptDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// The local name.
    pub name: Ident,
    /// References to `code` definitions.
    pub codes: Vec<DefinitionRef>,
    /// The display string, if given.
    pub display: Option<StringLit>,
    /// Where the definition is written.
    pub span: Span,
}

/// `parameter "Window Days" Integer default 365` (`parameterDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// The parameter name.
    pub name: Ident,
    /// The declared type, if given.
    pub type_specifier: Option<TypeSpecifier>,
    /// The default value expression, if given.
    pub default: Option<Expr>,
    /// Where the definition is written.
    pub span: Span,
}

/// A statement (`statement` rule): context, expression definition or function definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `context Patient` (`contextDefinition`).
    Context(ContextDef),
    /// `define "X": expr` (`expressionDefinition`).
    Expression(ExpressionDef),
    /// `define function F(a T) returns R: body` (`functionDefinition`).
    Function(FunctionDef),
}

impl Statement {
    /// Where the statement is written.
    pub fn span(&self) -> Span {
        match self {
            Statement::Context(c) => c.span,
            Statement::Expression(d) => d.span,
            Statement::Function(f) => f.span,
        }
    }
}

/// `context Patient` or `context FHIR.Patient` (`contextDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ContextDef {
    /// The model qualifier, if written (`FHIR` in `context FHIR.Patient`).
    pub model: Option<Ident>,
    /// The context name, e.g. `Patient` or `Unfiltered`.
    pub name: Ident,
    /// Where the statement is written.
    pub span: Span,
}

/// `define [public|private] "Name": expression` (`expressionDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ExpressionDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// The definition name.
    pub name: Ident,
    /// The defining expression.
    pub expression: Expr,
    /// The context in effect: the name of the closest preceding `context` statement
    /// (`None` before any; CQL then uses the model's default, usually `Patient`).
    pub context: Option<String>,
    /// Where the definition is written (from `define` to the end of the expression).
    pub span: Span,
}

/// `define [access] [fluent] function Name(a T, ...) [returns R]: body | external`
/// (`functionDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// `public` (default) or `private`.
    pub access: AccessModifier,
    /// True for `define fluent function` (callable as `x.Name()`).
    pub fluent: bool,
    /// The function name (`identifierOrFunctionIdentifier`: keywords allowed).
    pub name: Ident,
    /// The operands in order.
    pub operands: Vec<OperandDef>,
    /// The declared result type, if given.
    pub return_type: Option<TypeSpecifier>,
    /// The body, or `external`.
    pub body: FunctionBody,
    /// The context in effect (see [`ExpressionDef::context`]).
    pub context: Option<String>,
    /// Where the definition is written.
    pub span: Span,
}

/// One function operand `name Type` (`operandDefinition` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct OperandDef {
    /// The operand name.
    pub name: Ident,
    /// The operand type.
    pub type_specifier: TypeSpecifier,
    /// Where the operand is written.
    pub span: Span,
}

/// A function's body (`functionBody` rule or the `external` keyword).
#[derive(Debug, Clone, PartialEq)]
pub enum FunctionBody {
    /// An expression over the operands.
    Expression(Expr),
    /// `external`: implemented by the environment.
    External(Span),
}
