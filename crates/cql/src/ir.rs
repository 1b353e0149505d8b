//! The resolved form a library compiles to (evaluated by [`crate::eval`]).
//!
//! Names are resolved once: locals (query aliases, lets, function operands, aggregate
//! accumulators) to frame slots, definitions and parameters to indexes, function calls
//! to a built-in operator ([`Op`]) or a user function. Nodes keep the source span of
//! the expression they came from for error messages.

use std::sync::Arc;
use ww_cql_value::{Precision, Value, ValueType};

/// A type as written in a type specifier, resolved to System or FHIR.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeSpec {
    /// System.Any.
    Any,
    /// A System type.
    System(ValueType),
    /// A FHIR type by name (`Period`, `dateTime`, `Observation`).
    Fhir(String),
    /// `List<T>`.
    List(Box<TypeSpec>),
    /// `Interval<T>`.
    Interval(Box<TypeSpec>),
    /// `Tuple { ... }`.
    Tuple(Vec<(String, TypeSpec)>),
    /// `Choice<A, B>`.
    Choice(Vec<TypeSpec>),
}

/// Built-in operators and functions (CQL Appendix B), with their precision where the
/// syntax carries one.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    // logic and nulls
    Not,
    Xor,
    IsNull,
    IsNotNull,
    IsTrue,
    IsNotTrue,
    IsFalse,
    IsNotFalse,
    Coalesce,
    Message,
    // comparison
    Equal,
    NotEqual,
    Equivalent,
    NotEquivalent,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    // arithmetic
    Add,
    Subtract,
    Multiply,
    Divide,
    TruncatedDivide,
    Modulo,
    Power,
    Negate,
    Abs,
    Ceiling,
    Floor,
    Truncate,
    Round,
    Ln,
    Log,
    Exp,
    Successor,
    Predecessor,
    Precision,
    LowBoundary,
    HighBoundary,
    MinValue(&'static str),
    MaxValue(&'static str),
    // strings
    Concatenate,
    ConcatenateAmp,
    Combine,
    Split,
    SplitOnMatches,
    Length,
    Upper,
    Lower,
    PositionOf,
    LastPositionOf,
    Substring,
    StartsWith,
    EndsWith,
    Matches,
    ReplaceMatches,
    Indexer,
    // conversions
    ToBoolean,
    ToInteger,
    ToLong,
    ToDecimal,
    ToString,
    ToDate,
    ToDateTime,
    ToTime,
    ToQuantity,
    ToRatio,
    ToConcept,
    ToCode,
    ToInterval,
    ToList,
    ConvertsTo(&'static str),
    ConvertQuantity,
    CanConvertQuantity,
    // date and time
    Now,
    Today,
    TimeOfDay,
    DateCtor,
    DateTimeCtor,
    TimeCtor,
    Component(Precision),
    DateFrom,
    TimeFrom,
    TimezoneOffsetFrom,
    DurationBetween(Precision),
    DifferenceBetween(Precision),
    SameAs(Option<Precision>),
    SameOrBefore(Option<Precision>),
    SameOrAfter(Option<Precision>),
    Before(Option<Precision>),
    After(Option<Precision>),
    // intervals and lists
    In(Option<Precision>),
    Contains(Option<Precision>),
    EquivalentIn,
    Includes(Option<Precision>),
    IncludedIn(Option<Precision>),
    ProperIncludes(Option<Precision>),
    ProperIncludedIn(Option<Precision>),
    ProperIn,
    ProperContains,
    Meets(Option<Precision>),
    MeetsBefore(Option<Precision>),
    MeetsAfter(Option<Precision>),
    Overlaps(Option<Precision>),
    OverlapsBefore(Option<Precision>),
    OverlapsAfter(Option<Precision>),
    Starts(Option<Precision>),
    Ends(Option<Precision>),
    Start,
    End,
    /// The start of an interval, or the value itself when it is a point.
    PointStart,
    /// The end of an interval, or the value itself when it is a point.
    PointEnd,
    Width,
    Size,
    PointFrom,
    Collapse,
    Expand,
    Union,
    Intersect,
    Except,
    Exists,
    Distinct,
    Flatten,
    First,
    Last,
    IndexOf,
    Slice,
    Skip,
    Take,
    Tail,
    SingletonFrom,
    SortList(bool),
    // aggregates
    Count,
    Sum,
    Product,
    Min,
    Max,
    Avg,
    Median,
    Mode,
    Variance,
    PopulationVariance,
    StdDev,
    PopulationStdDev,
    AllTrue,
    AnyTrue,
    GeometricMean,
    // terminology and FHIR
    InValueSet,
    InCodeSystem,
    AnyInValueSet,
    ExpandValueSet,
    FhirToSystem,
    AgeIn(Precision),
    AgeInAt(Precision),
    CalculateAgeIn(Precision),
    CalculateAgeInAt(Precision),
}

/// A resolved expression.
#[derive(Debug, Clone)]
pub enum Ir {
    /// A constant.
    Lit(Value),
    /// A DateTime literal without an offset: it takes the request's offset, so it is
    /// parsed at run time (the text includes the `@`).
    Temporal(Arc<str>),
    /// A local (alias, let, operand, accumulator) by frame slot.
    Local(usize),
    /// An expression definition: (library index, definition index).
    Define(usize, usize),
    /// A parameter: (library index, parameter index).
    Param(usize, usize),
    /// A built-in operator.
    Op(Op, Vec<Ir>),
    /// `and` (short-circuits on false).
    And(Box<Ir>, Box<Ir>),
    /// `or` (short-circuits on true).
    Or(Box<Ir>, Box<Ir>),
    /// `implies`.
    Implies(Box<Ir>, Box<Ir>),
    /// A user function call: (library index, candidate overloads, arguments).
    Call(usize, Arc<[usize]>, Vec<Ir>),
    /// `if c then a else b`.
    If(Box<Ir>, Box<Ir>, Box<Ir>),
    /// `case [comparand] when .. then .. else .. end`.
    Case(Option<Box<Ir>>, Vec<(Ir, Ir)>, Box<Ir>),
    /// A list selector.
    List(Vec<Ir>),
    /// A tuple selector.
    Tuple(Vec<(String, Ir)>),
    /// An interval selector: low, low closed, high, high closed.
    Interval(Box<Ir>, bool, Box<Ir>, bool),
    /// `Code { ... }`, `Quantity { ... }` and other instance selectors.
    Instance(String, Vec<(String, Ir)>),
    /// A property of a tuple or FHIR value (`X.name`).
    Member(Box<Ir>, Arc<str>),
    /// A query.
    Query(Box<QueryIr>),
    /// A retrieve.
    Retrieve(Box<RetrieveIr>),
    /// `X is T`.
    Is(Box<Ir>, TypeSpec),
    /// `X as T` (strict: `cast`).
    As(Box<Ir>, TypeSpec, bool),
    /// `convert X to T`.
    Convert(Box<Ir>, TypeSpec),
    /// `within Q of` timing: (left, right, quantity, proper).
    Within(Box<Ir>, Box<Ir>, Box<Ir>, bool),
    /// A name or call the compiler could not resolve: evaluating it is an error.
    Unresolved(String),
}

/// A retrieve `[Type: path in terminology]`.
#[derive(Debug, Clone)]
pub struct RetrieveIr {
    /// FHIR resource type.
    pub resource_type: String,
    /// The code path (explicit or the type's default) when filtered.
    pub code_path: Option<String>,
    /// The terminology: value set, code, concept, or list of codes.
    pub terminology: Option<Ir>,
}

/// One `with` / `without` clause.
#[derive(Debug, Clone)]
pub struct InclusionIr {
    /// True for `with`, false for `without`.
    pub with: bool,
    /// The related source.
    pub source: Ir,
    /// The slot of its alias.
    pub slot: usize,
    /// The `such that` condition.
    pub condition: Ir,
}

/// The sort of a query.
#[derive(Debug, Clone)]
pub enum SortIr {
    /// `sort asc|desc` (true: descending).
    Direction(bool),
    /// `sort by key [desc], ...`: keys evaluated with the row in `slot`.
    By(usize, Vec<(Ir, bool)>),
}

/// A compiled query.
#[derive(Debug, Clone)]
pub struct QueryIr {
    /// Sources with their alias names and slots.
    pub sources: Vec<(Ir, String, usize)>,
    /// `let` items: slot and value.
    pub lets: Vec<(usize, Ir)>,
    /// `with` / `without` clauses.
    pub inclusions: Vec<InclusionIr>,
    /// `where` condition.
    pub where_clause: Option<Ir>,
    /// `return` expression and whether duplicates are removed.
    pub ret: Option<(Ir, bool)>,
    /// `aggregate`: accumulator slot, starting value, expression, distinct.
    pub aggregate: Option<(usize, Ir, Ir, bool)>,
    /// `sort`.
    pub sort: Option<SortIr>,
}
