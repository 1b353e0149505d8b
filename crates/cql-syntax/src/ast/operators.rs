//! Operators and phrases: date/time precisions, unary and binary operators, interval
//! operator phrases (`intervalOperatorPhrase` rule).

use super::*;
use std::fmt;

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

/// `Minimum` or `Maximum` of a type (`typeExtentExpressionTerm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeExtent {
    /// `minimum Integer`.
    Minimum,
    /// `maximum Integer`.
    Maximum,
}
