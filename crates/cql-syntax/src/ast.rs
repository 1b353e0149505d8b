//! The abstract syntax tree of a CQL library or expression.
//!
//! The shapes follow the parser rules of the CQL grammar (`Cql.g4` of HL7/cql, CQL 1.5 /
//! 2.0); each type names the rule it comes from. Every node carries a [`Span`]: the byte
//! range of its source text, so a checker or evaluator can point at the exact clause.
//! Names are stored unescaped (`"Measurement Period"` becomes `Measurement Period`).
//!
//! The tree is syntax only: a name such as `X.y` is kept as a member access on `X`; whether
//! `X` is an included library, a query alias or a definition is decided by the checker.

use std::fmt;

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

// ---------------------------------------------------------------------------------------
// Library
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Type specifiers
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------

/// An expression node (`expression` / `expressionTerm` / `term` rules).
///
/// Large payloads are boxed so that the node stays small (about 100 bytes): the parser
/// and evaluators recurse over it, and small nodes keep their stack frames small.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// Unique within one parse; see [`NodeId`].
    pub id: NodeId,
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is written. Parentheses around an expression are not part of its span
    /// unless they belong to the construct (calls, selectors).
    pub span: Span,
}

/// Kind of a number literal (`NUMBER` / `LONGNUMBER` tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberKind {
    /// Digits without a decimal point: `System.Integer`.
    Integer,
    /// Digits with a decimal point: `System.Decimal`.
    Decimal,
    /// Digits followed by `L`: `System.Long`.
    Long,
}

/// A date/time precision (`dateTimePrecision` / `pluralDateTimePrecision` rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateTimePrecision {
    /// `year` / `years`.
    Year,
    /// `month` / `months`.
    Month,
    /// `week` / `weeks`.
    Week,
    /// `day` / `days`.
    Day,
    /// `hour` / `hours`.
    Hour,
    /// `minute` / `minutes`.
    Minute,
    /// `second` / `seconds`.
    Second,
    /// `millisecond` / `milliseconds`.
    Millisecond,
}

impl DateTimePrecision {
    /// The singular keyword (`day`).
    pub fn singular(self) -> &'static str {
        match self {
            DateTimePrecision::Year => "year",
            DateTimePrecision::Month => "month",
            DateTimePrecision::Week => "week",
            DateTimePrecision::Day => "day",
            DateTimePrecision::Hour => "hour",
            DateTimePrecision::Minute => "minute",
            DateTimePrecision::Second => "second",
            DateTimePrecision::Millisecond => "millisecond",
        }
    }

    /// The plural keyword (`days`).
    pub fn plural(self) -> &'static str {
        match self {
            DateTimePrecision::Year => "years",
            DateTimePrecision::Month => "months",
            DateTimePrecision::Week => "weeks",
            DateTimePrecision::Day => "days",
            DateTimePrecision::Hour => "hours",
            DateTimePrecision::Minute => "minutes",
            DateTimePrecision::Second => "seconds",
            DateTimePrecision::Millisecond => "milliseconds",
        }
    }
}

impl fmt::Display for DateTimePrecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.singular())
    }
}

/// The unit of a quantity literal (`unit` rule).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuantityUnit {
    /// A calendar duration keyword: `3 days`, `1 year` (`plural` tells which form was used).
    Calendar {
        /// The precision named.
        precision: DateTimePrecision,
        /// True for the plural keyword (`days`), false for the singular (`day`).
        plural: bool,
    },
    /// A UCUM unit string, unescaped: `5 'mg'`, `1 'd'`.
    Ucum(String),
}

/// A quantity literal `NUMBER unit?` (`quantity` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityLit {
    /// The number as written (a leading `-` is present when a negation was folded in).
    pub value: String,
    /// The number's kind (Integer or Decimal; quantities are decimal-valued in CQL).
    pub number_kind: NumberKind,
    /// The unit; `None` for a bare number (CQL unit `'1'`).
    pub unit: Option<QuantityUnit>,
    /// Where it is written.
    pub span: Span,
}

/// The component extracted by `X from expr` (`dateTimeComponent` rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateTimeComponent {
    /// `year from` .. `millisecond from`.
    Precision(DateTimePrecision),
    /// `date from`.
    Date,
    /// `time from`.
    Time,
    /// `timezoneoffset from`.
    TimezoneOffset,
}

/// Prefix and postfix operators with one operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not X` (`notExpression`).
    Not,
    /// `exists X` (`existenceExpression`).
    Exists,
    /// `-X` (`polarityExpressionTerm`). Negated number and quantity literals are folded into
    /// the literal instead (`-5` is `Number { text: "-5" }`).
    Negate,
    /// `+X` (`polarityExpressionTerm`).
    Plus,
    /// `distinct X` (`aggregateExpressionTerm`).
    Distinct,
    /// `flatten X` (`aggregateExpressionTerm`).
    Flatten,
    /// `singleton from X` (`elementExtractorExpressionTerm`).
    SingletonFrom,
    /// `point from X` (`pointExtractorExpressionTerm`).
    PointFrom,
    /// `start of X` (`timeBoundaryExpressionTerm`).
    StartOf,
    /// `end of X` (`timeBoundaryExpressionTerm`).
    EndOf,
    /// `width of X` (`widthExpressionTerm`).
    WidthOf,
    /// `successor of X` (`successorExpressionTerm`).
    SuccessorOf,
    /// `predecessor of X` (`predecessorExpressionTerm`).
    PredecessorOf,
    /// `X is null` (`booleanExpression`).
    IsNull,
    /// `X is not null`.
    IsNotNull,
    /// `X is true`.
    IsTrue,
    /// `X is not true`.
    IsNotTrue,
    /// `X is false`.
    IsFalse,
    /// `X is not false`.
    IsNotFalse,
}

/// Binary operators written between two expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `and` (`andExpression`).
    And,
    /// `or` (`orExpression`).
    Or,
    /// `xor` (`orExpression`).
    Xor,
    /// `implies` (`impliesExpression`).
    Implies,
    /// `=` (`equalityExpression`).
    Equal,
    /// `!=`.
    NotEqual,
    /// `~`.
    Equivalent,
    /// `!~`.
    NotEquivalent,
    /// `<` (`inequalityExpression`).
    Less,
    /// `<=`.
    LessOrEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterOrEqual,
    /// `+` (`additionExpressionTerm`).
    Add,
    /// `-`.
    Subtract,
    /// `&` (string concatenation treating null as empty).
    Concatenate,
    /// `*` (`multiplicationExpressionTerm`).
    Multiply,
    /// `/`.
    Divide,
    /// `div` (truncated division).
    TruncatedDivide,
    /// `mod`.
    Modulo,
    /// `^` (`powerExpressionTerm`).
    Power,
    /// `union` or `|` (`inFixSetExpression`).
    Union,
    /// `intersect`.
    Intersect,
    /// `except`.
    Except,
}

impl BinaryOp {
    /// The operator as written in CQL (`|` is rendered as `union`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Xor => "xor",
            BinaryOp::Implies => "implies",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Equivalent => "~",
            BinaryOp::NotEquivalent => "!~",
            BinaryOp::Less => "<",
            BinaryOp::LessOrEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterOrEqual => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Concatenate => "&",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::TruncatedDivide => "div",
            BinaryOp::Modulo => "mod",
            BinaryOp::Power => "^",
            BinaryOp::Union => "union",
            BinaryOp::Intersect => "intersect",
            BinaryOp::Except => "except",
        }
    }
}

/// `in`, `contains` and their CQL 2.0 equivalence forms (`membershipExpression`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MembershipOp {
    /// `X in Y` (element in list or point in interval; `in "ValueSet"` for terminology).
    In,
    /// `X contains Y`.
    Contains,
    /// `X ~in Y` (CQL 2.0: membership by equivalence).
    EquivalentIn,
    /// `X ~contains Y` (CQL 2.0).
    EquivalentContains,
}

/// `starts` / `ends` / `occurs` before a timing phrase: which part of the left operand the
/// phrase is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimingPrefix {
    /// `starts ...`: the start of the left interval.
    Starts,
    /// `ends ...`: the end of the left interval.
    Ends,
    /// `occurs ...`: the whole left operand (no change in meaning).
    Occurs,
}

/// `start` / `end` after a timing phrase: which boundary of the right operand is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoundarySelector {
    /// The start of the right operand.
    Start,
    /// The end of the right operand.
    End,
}

/// Before or after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `before`.
    Before,
    /// `after`.
    After,
}

/// The relation in `same [precision] (as | or before | or after)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SameRelation {
    /// `same as`.
    As,
    /// `same or before`.
    OrBefore,
    /// `same or after`.
    OrAfter,
}

/// Qualifier on a quantity offset (`offsetRelativeQualifier` / `exclusiveRelativeQualifier`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OffsetQualifier {
    /// `3 days or more before`.
    OrMore,
    /// `3 days or less before`.
    OrLess,
    /// `less than 3 days before`.
    LessThan,
    /// `more than 3 days before`.
    MoreThan,
}

/// A quantity offset in a before/after phrase (`quantityOffset` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityOffset {
    /// The offset quantity.
    pub quantity: QuantityLit,
    /// `or more`, `or less`, `less than`, `more than`; `None` means exactly.
    pub qualifier: Option<OffsetQualifier>,
    /// Where the offset is written.
    pub span: Span,
}

/// An interval operator phrase (`intervalOperatorPhrase` rule), the operator of
/// [`ExprKind::Timing`].
#[derive(Debug, Clone, PartialEq)]
pub enum TimingPhrase {
    /// `[starts|ends|occurs] same [precision] (as | or before | or after) [start|end]`
    /// (`concurrentWithIntervalOperatorPhrase`).
    SameAs {
        /// Which part of the left operand.
        prefix: Option<TimingPrefix>,
        /// The comparison precision (`same day as`).
        precision: Option<DateTimePrecision>,
        /// `as`, `or before`, `or after`.
        relation: SameRelation,
        /// Which boundary of the right operand.
        boundary: Option<BoundarySelector>,
    },
    /// `[properly] includes [precision of] [start|end]` (`includesIntervalOperatorPhrase`).
    Includes {
        /// `properly includes`.
        proper: bool,
        /// `includes day of`.
        precision: Option<DateTimePrecision>,
        /// Which boundary of the right operand.
        boundary: Option<BoundarySelector>,
    },
    /// `[starts|ends|occurs] [properly] (during | included in) [precision of]`
    /// (`includedInIntervalOperatorPhrase`).
    IncludedIn {
        /// Which part of the left operand.
        prefix: Option<TimingPrefix>,
        /// `properly included in` / `properly during`.
        proper: bool,
        /// True when written `during`, false for `included in` (same meaning).
        during: bool,
        /// `during day of`.
        precision: Option<DateTimePrecision>,
    },
    /// `[starts|ends|occurs] [quantityOffset] (before | after | on or before | before or on
    /// ...) [precision of] [start|end]` (`beforeOrAfterIntervalOperatorPhrase`).
    BeforeOrAfter {
        /// Which part of the left operand.
        prefix: Option<TimingPrefix>,
        /// `3 days or more`, `less than 1 year`, ...
        offset: Option<QuantityOffset>,
        /// Before or after.
        direction: Direction,
        /// True for `on or before` / `before or on` (and the `after` forms).
        inclusive: bool,
        /// `before day of`.
        precision: Option<DateTimePrecision>,
        /// Which boundary of the right operand.
        boundary: Option<BoundarySelector>,
    },
    /// `[starts|ends|occurs] [properly] within Q of [start|end]`
    /// (`withinIntervalOperatorPhrase`).
    Within {
        /// Which part of the left operand.
        prefix: Option<TimingPrefix>,
        /// `properly within`.
        proper: bool,
        /// The distance.
        quantity: QuantityLit,
        /// Which boundary of the right operand.
        boundary: Option<BoundarySelector>,
    },
    /// `meets [before|after] [precision of]` (`meetsIntervalOperatorPhrase`).
    Meets {
        /// `meets before` / `meets after`; `None` for plain `meets`.
        direction: Option<Direction>,
        /// `meets day of`.
        precision: Option<DateTimePrecision>,
    },
    /// `overlaps [before|after] [precision of]` (`overlapsIntervalOperatorPhrase`).
    Overlaps {
        /// `overlaps before` / `overlaps after`; `None` for plain `overlaps`.
        direction: Option<Direction>,
        /// `overlaps day of`.
        precision: Option<DateTimePrecision>,
    },
    /// `starts [precision of]` (`startsIntervalOperatorPhrase`).
    Starts {
        /// `starts day of`.
        precision: Option<DateTimePrecision>,
    },
    /// `ends [precision of]` (`endsIntervalOperatorPhrase`).
    Ends {
        /// `ends day of`.
        precision: Option<DateTimePrecision>,
    },
}

/// `all` / `distinct` modifier of `return` and `aggregate` clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultModifier {
    /// `return all`: keep duplicates.
    All,
    /// `return distinct`: remove duplicates (the default for `return`).
    Distinct,
}

/// Target of `convert X to ...` (`conversionExpressionTerm`).
#[derive(Debug, Clone, PartialEq)]
pub enum ConvertTarget {
    /// `convert X to Integer`.
    Type(TypeSpecifier),
    /// `convert X to 'mg'` or `convert X to days`: a unit conversion of a quantity.
    Unit(QuantityUnit, Span),
}

/// The `per` part of `expand` / `collapse`.
#[derive(Debug, Clone, PartialEq)]
pub enum PerClause {
    /// `per day` (a precision keyword).
    Precision(DateTimePrecision, Span),
    /// `per 2 days` (any expression, usually a quantity).
    Expression(Box<Expr>),
}

/// `Minimum` or `Maximum` of a type (`typeExtentExpressionTerm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeExtent {
    /// `minimum Integer`.
    Minimum,
    /// `maximum Integer`.
    Maximum,
}

/// `name: expression` inside a tuple or instance selector (`tupleElementSelector`,
/// `instanceElementSelector`).
#[derive(Debug, Clone, PartialEq)]
pub struct TupleElement {
    /// The element name.
    pub name: Ident,
    /// The element value.
    pub value: Expr,
    /// Where it is written.
    pub span: Span,
}

/// `Code '123' from "SNOMED" display 'text'` (`codeSelector` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct CodeSelector {
    /// The code value.
    pub code: StringLit,
    /// The code system reference.
    pub system: DefinitionRef,
    /// The display string, if given.
    pub display: Option<StringLit>,
    /// Where it is written.
    pub span: Span,
}

/// `when X then Y` in a case expression (`caseExpressionItem` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseItem {
    /// The condition, or the value compared with the comparand.
    pub when: Expr,
    /// The result when it matches.
    pub then: Expr,
    /// Where it is written.
    pub span: Span,
}

/// Comparator of a retrieve's code filter (`codeComparator` rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeComparator {
    /// `in`: membership in a value set or list of codes.
    In,
    /// `=`: equal to a code.
    Equal,
    /// `~`: equivalent to a code or concept.
    Equivalent,
}

/// One segment of a simple path (`simplePath` rule).
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// `.name` (or the first name).
    Member(Ident),
    /// `[0]` or `['x']`: an index by a simple literal, kept as written.
    Index(String, Span),
}

/// A property path such as `code` or `reasonCode.coding[0]` (`simplePath` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct SimplePath {
    /// The segments; the first is always a member.
    pub segments: Vec<PathSegment>,
    /// Where it is written.
    pub span: Span,
}

impl SimplePath {
    /// The path as a dotted string (`code`, `reasonCode.coding[0]`).
    pub fn dotted(&self) -> String {
        let mut s = String::new();
        for seg in &self.segments {
            match seg {
                PathSegment::Member(id) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(&id.name);
                }
                PathSegment::Index(text, _) => {
                    s.push('[');
                    s.push_str(text);
                    s.push(']');
                }
            }
        }
        s
    }
}

/// `[Context -> Type: path comparator terminology]` (`retrieve` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Retrieve {
    /// `[Patient -> Observation]`: the context expression, if given.
    pub context: Option<Box<Expr>>,
    /// The data type retrieved, e.g. `Observation` or `FHIR.Procedure`.
    pub data_type: NamedType,
    /// The code path, if written (`[Condition: code in "VS"]`); `None` means the type's
    /// default code path when `terminology` is present.
    pub code_path: Option<SimplePath>,
    /// The comparator written with the code path (`in`, `=`, `~`).
    pub comparator: Option<CodeComparator>,
    /// The terminology filter: a value set, code or concept reference or any expression.
    pub terminology: Option<Box<Expr>>,
}

/// `source alias` (`aliasedQuerySource` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct AliasedSource {
    /// The source: a retrieve, a (qualified) name, or a parenthesized expression.
    pub source: Expr,
    /// The alias.
    pub alias: Ident,
    /// Where it is written.
    pub span: Span,
}

/// `let name: expr` item (`letClauseItem` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct LetClause {
    /// The name introduced.
    pub name: Ident,
    /// Its value.
    pub expression: Expr,
    /// Where it is written.
    pub span: Span,
}

/// `with` or `without`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InclusionKind {
    /// `with ... such that`: keep rows for which a related row exists.
    With,
    /// `without ... such that`: keep rows for which none exists.
    Without,
}

/// `with S s such that cond` / `without ...` (`withClause` / `withoutClause` rules).
#[derive(Debug, Clone, PartialEq)]
pub struct InclusionClause {
    /// `with` or `without`.
    pub kind: InclusionKind,
    /// The related source and its alias.
    pub source: AliasedSource,
    /// The `such that` condition.
    pub condition: Expr,
    /// Where it is written.
    pub span: Span,
}

/// `return [all|distinct] expr` (`returnClause` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnClause {
    /// `all` or `distinct` if written.
    pub modifier: Option<ResultModifier>,
    /// The result expression.
    pub expression: Expr,
    /// Where it is written.
    pub span: Span,
}

/// `aggregate [all|distinct] R [starting X]: expr` (`aggregateClause` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateClause {
    /// `all` or `distinct` if written.
    pub modifier: Option<ResultModifier>,
    /// The accumulator name.
    pub accumulator: Ident,
    /// The starting value (`startingClause`), if given; otherwise null.
    pub starting: Option<Box<Expr>>,
    /// The expression computing the next accumulator value.
    pub expression: Expr,
    /// Where it is written.
    pub span: Span,
}

/// The result clause of a query: `return` or `aggregate`.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryResult {
    /// `return ...`.
    Return(ReturnClause),
    /// `aggregate ...`.
    Aggregate(AggregateClause),
}

/// Sort direction (`sortDirection` rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortDirection {
    /// `asc` / `ascending`.
    Ascending,
    /// `desc` / `descending`.
    Descending,
}

/// `expr [asc|desc]` in `sort by` (`sortByItem` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct SortByItem {
    /// The sort key, evaluated per row (an `expressionTerm`).
    pub expression: Expr,
    /// The direction if written (ascending by default).
    pub direction: Option<SortDirection>,
    /// Where it is written.
    pub span: Span,
}

/// The sort clause (`sortClause` rule).
#[derive(Debug, Clone, PartialEq)]
pub enum SortClause {
    /// `sort asc` / `sort desc`: sort the result values themselves.
    Direction(SortDirection, Span),
    /// `sort by a, b desc`.
    By(Vec<SortByItem>, Span),
}

/// A query (`query` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// True when written with a leading `from`.
    pub from_keyword: bool,
    /// The sources (`sourceClause`); never empty.
    pub sources: Vec<AliasedSource>,
    /// `let` items (empty when absent).
    pub lets: Vec<LetClause>,
    /// `with` / `without` clauses in order.
    pub inclusions: Vec<InclusionClause>,
    /// The `where` condition.
    pub where_clause: Option<Box<Expr>>,
    /// `return` or `aggregate`.
    pub result: Option<QueryResult>,
    /// `sort ...`.
    pub sort: Option<SortClause>,
}

/// What an expression is. Variants name the grammar alternative they come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null` (`nullLiteral`).
    Null,
    /// `true` / `false` (`booleanLiteral`).
    Boolean(bool),
    /// `'text'` (`stringLiteral`), unescaped.
    String(String),
    /// `42`, `3.14`, `10L` (`numberLiteral`, `longNumberLiteral`). `text` is the digits as
    /// written without the `L` suffix; a leading `-` is present when a negation was folded.
    Number {
        /// The digits (e.g. `"-2147483648"`, `"3.14"`).
        text: String,
        /// Integer, Decimal or Long.
        kind: NumberKind,
    },
    /// `@2024-03-01` (`dateLiteral`): the text after `@`.
    Date(String),
    /// `@2024-03-01T10:00:00.000Z` (`dateTimeLiteral`): the text after `@`, including `T`
    /// and the offset if written.
    DateTime(String),
    /// `@T10:00:00` (`timeLiteral`): the text after `@T`.
    Time(String),
    /// `5 'mg'`, `3 days` (`quantityLiteral`).
    Quantity(QuantityLit),
    /// `1:128`, `5 'mg':10 'mL'` (`ratioLiteral`).
    Ratio {
        /// The numerator quantity.
        numerator: Box<QuantityLit>,
        /// The denominator quantity.
        denominator: Box<QuantityLit>,
    },
    /// A bare name (`memberInvocation` at the start of a term): a definition, parameter,
    /// alias, let name, value set, code, or library alias, resolved by the checker.
    Identifier(Ident),
    /// `%name` or `%'name'` (`externalConstant`).
    ExternalConstant(Ident),
    /// `$this` (`thisInvocation`).
    This,
    /// `$index` (`indexInvocation`).
    Index,
    /// `$total` (`totalInvocation`).
    Total,
    /// `X.name` (`invocationExpressionTerm` with `qualifiedMemberInvocation`): a property of
    /// `X`, or a definition of the library aliased `X`.
    Member {
        /// The expression on the left of the dot.
        source: Box<Expr>,
        /// The member name.
        name: Ident,
    },
    /// `F(args)`, `Lib.F(args)` or `x.F(args)` (`functionInvocation`,
    /// `qualifiedFunctionInvocation`). With a `target`, the call is either library-qualified
    /// (the target is a library alias) or fluent (the target is the first argument); the
    /// checker decides.
    Call {
        /// The expression before the dot, if any.
        target: Option<Box<Expr>>,
        /// The function name.
        name: Ident,
        /// The arguments in order (not including a fluent target).
        args: Vec<Expr>,
    },
    /// `X[i]` (`indexedExpressionTerm`).
    Indexer {
        /// The list or string indexed.
        source: Box<Expr>,
        /// The index.
        index: Box<Expr>,
    },
    /// A one-operand operator (see [`UnaryOp`]).
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// A two-operand operator (see [`BinaryOp`]).
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `X in Y`, `X contains Y`, `X in day of Y` (`membershipExpression`).
    Membership {
        /// The operator.
        op: MembershipOp,
        /// `in day of`: the precision for date/time comparisons.
        precision: Option<DateTimePrecision>,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `X <timing phrase> Y` (`timingExpression`): `during`, `before`, `same day as`, ...
    Timing {
        /// The phrase.
        phrase: Box<TimingPhrase>,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
        /// Where the phrase itself is written.
        phrase_span: Span,
    },
    /// `X [properly] between A and B` (`betweenExpression`).
    Between {
        /// The tested value.
        operand: Box<Expr>,
        /// The low bound.
        low: Box<Expr>,
        /// The high bound.
        high: Box<Expr>,
        /// `properly between` (exclusive bounds).
        proper: bool,
    },
    /// `[duration in] days between A and B` (`durationBetweenExpression`): whole periods.
    DurationBetween {
        /// The unit counted.
        precision: DateTimePrecision,
        /// The start.
        low: Box<Expr>,
        /// The end.
        high: Box<Expr>,
    },
    /// `difference in days between A and B` (`differenceBetweenExpression`): boundaries
    /// crossed.
    DifferenceBetween {
        /// The unit counted.
        precision: DateTimePrecision,
        /// The start.
        low: Box<Expr>,
        /// The end.
        high: Box<Expr>,
    },
    /// `duration in days of I` (`durationExpressionTerm`).
    DurationOf {
        /// The unit counted.
        precision: DateTimePrecision,
        /// The interval.
        operand: Box<Expr>,
    },
    /// `difference in days of I` (`differenceExpressionTerm`).
    DifferenceOf {
        /// The unit counted.
        precision: DateTimePrecision,
        /// The interval.
        operand: Box<Expr>,
    },
    /// `year from X`, `date from X`, `timezoneoffset from X` (`timeUnitExpressionTerm`).
    DateTimeComponentFrom {
        /// The component extracted.
        component: DateTimeComponent,
        /// The date/time value.
        operand: Box<Expr>,
    },
    /// `minimum Integer` / `maximum DateTime` (`typeExtentExpressionTerm`).
    TypeExtent {
        /// Minimum or maximum.
        extent: TypeExtent,
        /// The type.
        type_name: Box<NamedType>,
    },
    /// `X is T` (`typeExpression`).
    Is {
        /// The tested value.
        operand: Box<Expr>,
        /// The type.
        type_specifier: Box<TypeSpecifier>,
    },
    /// `X as T` or `cast X as T` (`typeExpression`, `castExpression`).
    As {
        /// The value.
        operand: Box<Expr>,
        /// The type.
        type_specifier: Box<TypeSpecifier>,
        /// True for `cast X as T` (strict: an error instead of null when X is not a T).
        strict: bool,
    },
    /// `convert X to T` / `convert X to 'unit'` (`conversionExpressionTerm`).
    Convert {
        /// The value converted.
        operand: Box<Expr>,
        /// The target type or unit.
        target: Box<ConvertTarget>,
    },
    /// `if C then A else B` (`ifThenElseExpressionTerm`).
    If {
        /// The condition.
        condition: Box<Expr>,
        /// The value when the condition is true.
        then_branch: Box<Expr>,
        /// The value otherwise (false or null).
        else_branch: Box<Expr>,
    },
    /// `case [comparand] when .. then .. else .. end` (`caseExpressionTerm`).
    Case {
        /// The comparand of the selected form; `None` for the standard (boolean) form.
        comparand: Option<Box<Expr>>,
        /// The `when` items in order; never empty.
        items: Vec<CaseItem>,
        /// The `else` value.
        else_branch: Box<Expr>,
    },
    /// `expand X [per P]` (`setAggregateExpressionTerm`).
    Expand {
        /// The interval or list of intervals.
        operand: Box<Expr>,
        /// The `per` clause, if given.
        per: Option<PerClause>,
    },
    /// `collapse X [per P]` (`setAggregateExpressionTerm`).
    Collapse {
        /// The list of intervals.
        operand: Box<Expr>,
        /// The `per` clause, if given.
        per: Option<PerClause>,
    },
    /// `Interval[a, b)` (`intervalSelector`).
    Interval {
        /// The low bound.
        low: Box<Expr>,
        /// True for `[` (low included).
        low_closed: bool,
        /// The high bound.
        high: Box<Expr>,
        /// True for `]` (high included).
        high_closed: bool,
    },
    /// `{1, 2}` or `List<Integer>{1, 2}` (`listSelector`).
    List {
        /// The element type if written (`List<Integer>{}`).
        element_type: Option<Box<TypeSpecifier>>,
        /// The elements in order.
        elements: Vec<Expr>,
    },
    /// `Tuple { a: 1 }`, `{ a: 1 }` or `{ : }` (`tupleSelector`).
    Tuple {
        /// The elements in order (empty for `{ : }`).
        elements: Vec<TupleElement>,
    },
    /// `Code { code: '1' }`, `Quantity { value: 1, unit: 'g' }` (`instanceSelector`).
    Instance {
        /// The class instantiated.
        type_name: Box<NamedType>,
        /// The element values in order.
        elements: Vec<TupleElement>,
    },
    /// `Code '1' from "S" display 'x'` (`codeSelector`).
    Code(Box<CodeSelector>),
    /// `Concept { Code '1' from "S" } display 'x'` (`conceptSelector`).
    Concept {
        /// The codes.
        codes: Vec<CodeSelector>,
        /// The display string, if given.
        display: Option<StringLit>,
    },
    /// `[Observation: "VS"]` (`retrieve`).
    Retrieve(Box<Retrieve>),
    /// A query (`query`).
    Query(Box<Query>),
}
