//! The CQL run-time value model (CQL 1.5 §2 "Types", §1.3 "System types").
//!
//! Composite values are shared with `Arc`, so cloning a `Value` is cheap.

use std::fmt;
use std::sync::Arc;

use crate::decimal::Decimal;
use crate::temporal::{Date, DateTime, Time};

/// A CQL run-time value. `Null` is the untyped null.
#[derive(Clone, Debug)]
pub enum Value {
    /// null (of any type).
    Null,
    /// System.Boolean.
    Boolean(bool),
    /// System.Integer (32-bit).
    Integer(i32),
    /// System.Long (64-bit).
    Long(i64),
    /// System.Decimal (exact, 8 decimal places).
    Decimal(Decimal),
    /// System.String.
    String(Arc<str>),
    /// System.Date.
    Date(Date),
    /// System.DateTime.
    DateTime(DateTime),
    /// System.Time.
    Time(Time),
    /// System.Quantity.
    Quantity(Quantity),
    /// System.Ratio.
    Ratio(Arc<Ratio>),
    /// System.Code.
    Code(Arc<Code>),
    /// System.Concept.
    Concept(Arc<Concept>),
    /// `Interval<T>`.
    Interval(Arc<Interval>),
    /// `List<T>`.
    List(Arc<Vec<Value>>),
    /// Tuple { ... } (ordered elements).
    Tuple(Arc<Tuple>),
    /// A FHIR resource or element as JSON with its type name.
    Resource(Arc<Resource>),
}

/// A quantity: decimal value and unit. Units are UCUM codes (`'mg'`, `'1'`) or CQL
/// calendar duration words, normalised to the singular (`day`, `month`, ...).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Quantity {
    /// The magnitude.
    pub value: Decimal,
    /// UCUM unit or singular calendar word; `"1"` for unitless.
    pub unit: Arc<str>,
}

impl Quantity {
    /// Builds a quantity, normalising calendar words (`days` -> `day`) and the empty unit
    /// to `"1"`.
    pub fn new(value: Decimal, unit: &str) -> Quantity {
        Quantity {
            value,
            unit: Arc::from(crate::quantity::normalize_unit(unit)),
        }
    }
}

/// A ratio of two quantities (`1 'mg' : 2 'mL'`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ratio {
    /// Numerator.
    pub numerator: Quantity,
    /// Denominator.
    pub denominator: Quantity,
}

/// A terminology code (System.Code).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Code {
    /// The code.
    pub code: Option<String>,
    /// Code system URI.
    pub system: Option<String>,
    /// Code system version.
    pub version: Option<String>,
    /// Display text.
    pub display: Option<String>,
}

/// A concept: a set of codes meaning the same thing (System.Concept).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Concept {
    /// The codes.
    pub codes: Vec<Code>,
    /// Display text.
    pub display: Option<String>,
}

/// Point type of an interval or element type of a list, when known.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// System.Any (unknown).
    Any,
    /// Boolean.
    Boolean,
    /// Integer.
    Integer,
    /// Long.
    Long,
    /// Decimal.
    Decimal,
    /// String.
    String,
    /// Date.
    Date,
    /// DateTime.
    DateTime,
    /// Time.
    Time,
    /// Quantity.
    Quantity,
    /// Ratio.
    Ratio,
    /// Code.
    Code,
    /// Concept.
    Concept,
    /// Interval of a point type.
    Interval(Box<ValueType>),
    /// List of an element type.
    List(Box<ValueType>),
    /// Tuple.
    Tuple,
    /// A named model type (FHIR resource or element), e.g. `Observation`.
    Named(String),
}

impl ValueType {
    /// Parses a System type name (`Integer`, `System.Integer`); other names become `Named`.
    pub fn parse(name: &str) -> ValueType {
        let n = name.strip_prefix("System.").unwrap_or(name);
        match n {
            "Any" => ValueType::Any,
            "Boolean" => ValueType::Boolean,
            "Integer" => ValueType::Integer,
            "Long" => ValueType::Long,
            "Decimal" => ValueType::Decimal,
            "String" => ValueType::String,
            "Date" => ValueType::Date,
            "DateTime" => ValueType::DateTime,
            "Time" => ValueType::Time,
            "Quantity" => ValueType::Quantity,
            "Ratio" => ValueType::Ratio,
            "Code" => ValueType::Code,
            "Concept" => ValueType::Concept,
            "Tuple" => ValueType::Tuple,
            other => ValueType::Named(other.to_string()),
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::Interval(t) => write!(f, "Interval<{t}>"),
            ValueType::List(t) => write!(f, "List<{t}>"),
            ValueType::Named(n) => f.write_str(n),
            other => f.write_str(match other {
                ValueType::Any => "Any",
                ValueType::Boolean => "Boolean",
                ValueType::Integer => "Integer",
                ValueType::Long => "Long",
                ValueType::Decimal => "Decimal",
                ValueType::String => "String",
                ValueType::Date => "Date",
                ValueType::DateTime => "DateTime",
                ValueType::Time => "Time",
                ValueType::Quantity => "Quantity",
                ValueType::Ratio => "Ratio",
                ValueType::Code => "Code",
                ValueType::Concept => "Concept",
                _ => "Tuple",
            }),
        }
    }
}

/// An interval (CQL 1.5 §2.5 "Interval values"). A `Null` bound is unknown (closed) or
/// unbounded (open), see Appendix B "Interval Operators".
#[derive(Clone, Debug)]
pub struct Interval {
    /// Low bound (`Value::Null` when null).
    pub low: Value,
    /// Whether the low bound is included.
    pub low_closed: bool,
    /// High bound (`Value::Null` when null).
    pub high: Value,
    /// Whether the high bound is included.
    pub high_closed: bool,
    /// The point type, when known (needed when both bounds are null).
    pub point_type: ValueType,
}

/// A tuple: named elements in declaration order.
#[derive(Clone, Debug, Default)]
pub struct Tuple {
    /// Elements (name, value) in order.
    pub elements: Vec<(String, Value)>,
}

impl Tuple {
    /// Value of an element, `None` when there is no such element.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.elements
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// A FHIR resource or complex element carried as JSON, with its FHIR type name
/// (`Observation`, `CodeableConcept`, ...).
#[derive(Clone, Debug)]
pub struct Resource {
    /// FHIR type name.
    pub type_name: String,
    /// The JSON.
    pub json: Arc<serde_json::Value>,
}

impl Value {
    /// Builds a String value.
    pub fn string(s: impl AsRef<str>) -> Value {
        Value::String(Arc::from(s.as_ref()))
    }

    /// Builds a List value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    /// Builds a Decimal value from text; panics only on invalid constant text in tests,
    /// returns Null when the text is not a decimal.
    pub fn decimal_from_str(text: &str) -> Value {
        Decimal::parse(text).map_or(Value::Null, Value::Decimal)
    }

    /// Builds an Interval value; the point type is taken from a non-null bound.
    pub fn interval(low: Value, low_closed: bool, high: Value, high_closed: bool) -> Value {
        let point_type = if low.is_null() {
            high.value_type()
        } else {
            low.value_type()
        };
        Value::Interval(Arc::new(Interval {
            low,
            low_closed,
            high,
            high_closed,
            point_type,
        }))
    }

    /// Builds a Tuple value from (name, value) pairs.
    pub fn tuple(elements: Vec<(String, Value)>) -> Value {
        Value::Tuple(Arc::new(Tuple { elements }))
    }

    /// Builds a Quantity value.
    pub fn quantity(value: Decimal, unit: &str) -> Value {
        Value::Quantity(Quantity::new(value, unit))
    }

    /// True for `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The boolean, `None` for null or non-booleans.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The list elements, `None` when not a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The string, `None` when not a String.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The run-time type of the value (`Any` for null).
    pub fn value_type(&self) -> ValueType {
        match self {
            Value::Null => ValueType::Any,
            Value::Boolean(_) => ValueType::Boolean,
            Value::Integer(_) => ValueType::Integer,
            Value::Long(_) => ValueType::Long,
            Value::Decimal(_) => ValueType::Decimal,
            Value::String(_) => ValueType::String,
            Value::Date(_) => ValueType::Date,
            Value::DateTime(_) => ValueType::DateTime,
            Value::Time(_) => ValueType::Time,
            Value::Quantity(_) => ValueType::Quantity,
            Value::Ratio(_) => ValueType::Ratio,
            Value::Code(_) => ValueType::Code,
            Value::Concept(_) => ValueType::Concept,
            Value::Interval(i) => ValueType::Interval(Box::new(i.point_type.clone())),
            Value::List(l) => ValueType::List(Box::new(
                l.iter()
                    .find(|v| !v.is_null())
                    .map_or(ValueType::Any, |v| v.value_type()),
            )),
            Value::Tuple(_) => ValueType::Tuple,
            Value::Resource(r) => ValueType::Named(r.type_name.clone()),
        }
    }

    /// Short type name for messages (`Integer`, `List`, `Observation`).
    pub fn type_name(&self) -> String {
        match self {
            Value::Null => "Null".to_string(),
            Value::Interval(_) => "Interval".to_string(),
            Value::List(_) => "List".to_string(),
            other => other.value_type().to_string(),
        }
    }

    /// `is` check against a System type (Appendix B "Is"): null is never of a type.
    pub fn is_type(&self, t: &ValueType) -> bool {
        match (self, t) {
            (Value::Null, _) => false,
            (_, ValueType::Any) => true,
            (Value::Interval(_), ValueType::Interval(_)) => true,
            (Value::List(_), ValueType::List(_)) => true,
            (Value::Resource(r), ValueType::Named(n)) => {
                r.type_name == *n || n.rsplit('.').next() == Some(r.type_name.as_str())
            }
            _ => self.value_type() == *t,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_cql_literal())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Boolean(b)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Integer(i)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Long(i)
    }
}
impl From<Decimal> for Value {
    fn from(d: Decimal) -> Value {
        Value::Decimal(d)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::string(s)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}
