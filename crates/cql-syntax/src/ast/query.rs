//! Retrieves and queries (`retrieve`, `query` rules and their clauses).

use super::*;

/// `all` / `distinct` modifier of `return` and `aggregate` clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultModifier {
    /// `return all`: keep duplicates.
    All,
    /// `return distinct`: remove duplicates (the default for `return`).
    Distinct,
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
