//! Expressions (`expression`, `expressionTerm` and `term` rules): the [`Expr`] node and
//! its kinds, literals and selector parts.

use super::*;

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
