//! [`MeasureEvaluator`] over the WorkWell CQL engine (`ww-cql`): the only production
//! evaluator. Terminology comes from the store ([`StoreTerminology`]); data from the FHIR
//! store per employee ([`crate::fhir_data`]); define values are rendered to JSON for
//! `expressionResults`.

use crate::evaluator::{EvaluationInput, MeasureEvaluator, ParamValue};
use crate::interpret::DefineResult;
use crate::terminology::StoreTerminology;
use crate::Result;
use chrono::{DateTime as ChronoDateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use rusqlite::Connection;
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use ww_cql::{compile_library, CompiledLibrary, EvaluationRequest};
use ww_cql_value::{Date, DateTime, Interval, Value, ValueType};

/// Longest one employee's evaluation of one measure may take before it fails.
pub const EVALUATION_DEADLINE: Duration = Duration::from_secs(5);

/// Why the CQL engine could not compile a measure or start an evaluation. The
/// [`MeasureEvaluator`] seam carries these as text (a compile error fails the run; an
/// evaluation error makes the employee's outcome MISSING_DATA with the text as evidence).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CqlEvalError {
    /// The measure's CQL has compile errors: each diagnostic with its line and column.
    #[error("{}", .0.join("; "))]
    Compile(Vec<String>),
    /// A date parameter is outside the CQL Date range (years 1..9999).
    #[error("parameter \"{parameter}\": {value} is outside the CQL Date range")]
    DateRange {
        /// The CQL parameter name.
        parameter: &'static str,
        /// The date given.
        value: NaiveDate,
    },
    /// An instant is outside the CQL DateTime range (years 1..9999).
    #[error("{what}: {value} is outside the CQL DateTime range")]
    DateTimeRange {
        /// Which value: a parameter name or the as-of instant.
        what: String,
        /// The instant given.
        value: ChronoDateTime<FixedOffset>,
    },
    /// An integer parameter does not fit a CQL Integer (32 bits).
    #[error("parameter \"{parameter}\": {value} does not fit a CQL Integer")]
    IntegerRange {
        /// The CQL parameter name.
        parameter: &'static str,
        /// The value given.
        value: i64,
    },
}

/// The CQL engine with the store's terminology.
pub struct CqlEvaluator {
    terminology: StoreTerminology,
}

/// A compiled measure library with what evaluation needs to know about it.
pub struct CompiledMeasure {
    library: CompiledLibrary,
    parameters: HashSet<String>,
    resource_types: Vec<String>,
}

impl CqlEvaluator {
    /// An evaluator with this terminology.
    pub fn new(terminology: StoreTerminology) -> Self {
        CqlEvaluator { terminology }
    }

    /// An evaluator over the store's value sets and APPROVED mappings.
    ///
    /// # Errors
    /// [`crate::Error::Store`].
    pub fn from_db(conn: &Connection) -> Result<Self> {
        Ok(Self::new(StoreTerminology::load(conn)?))
    }

    /// Compiles a measure's CQL.
    ///
    /// # Errors
    /// [`CqlEvalError::Compile`] with every error diagnostic.
    pub fn compile_measure(&self, cql: &str) -> std::result::Result<CompiledMeasure, CqlEvalError> {
        let library = compile_library(cql, &[]);
        if library.has_errors() {
            return Err(CqlEvalError::Compile(
                library
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.to_string())
                    .collect(),
            ));
        }
        Ok(CompiledMeasure {
            parameters: library
                .parameter_names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            resource_types: retrieved_types(cql),
            library,
        })
    }

    /// Evaluates every define of `compiled` for one patient, in define order.
    ///
    /// # Errors
    /// [`CqlEvalError::DateRange`], [`CqlEvalError::DateTimeRange`] or
    /// [`CqlEvalError::IntegerRange`] when a parameter or the as-of instant has no CQL value
    /// (nothing is evaluated then). Errors of single defines are in their results.
    pub fn evaluate_measure(
        &self,
        compiled: &CompiledMeasure,
        input: &EvaluationInput<'_>,
    ) -> std::result::Result<Vec<DefineResult>, CqlEvalError> {
        let mut parameters = HashMap::new();
        for (name, value) in input.parameters {
            // Only the parameters the library declares; the rest take no part.
            if compiled.parameters.contains(*name) {
                parameters.insert((*name).to_owned(), to_cql(name, value)?);
            }
        }
        let request = EvaluationRequest {
            patient_id: Some(input.patient_id),
            now: datetime(|| "the as-of instant (CQL Now())".into(), input.now)?,
            parameters: &parameters,
            data: input.data,
            terminology: &self.terminology,
            deadline: Some(Instant::now() + EVALUATION_DEADLINE),
        };
        Ok(compiled
            .library
            .evaluate(&request)
            .into_iter()
            .map(|d| {
                (
                    d.name,
                    d.value.map(|v| to_json(&v)).map_err(|e| e.to_string()),
                )
            })
            .collect())
    }
}

impl MeasureEvaluator for CqlEvaluator {
    type Compiled = CompiledMeasure;
    type Error = CqlEvalError;

    fn compile(&self, cql: &str) -> std::result::Result<CompiledMeasure, CqlEvalError> {
        self.compile_measure(cql)
    }

    fn evaluate(
        &self,
        compiled: &CompiledMeasure,
        input: &EvaluationInput<'_>,
    ) -> std::result::Result<Vec<DefineResult>, CqlEvalError> {
        self.evaluate_measure(compiled, input)
    }

    fn resource_types(&self, compiled: &CompiledMeasure) -> Option<Vec<String>> {
        Some(compiled.resource_types.clone())
    }
}

/// FHIR types named by retrieves (`[Procedure: ...]`, `[FHIR.Observation]`) in the text: a
/// superset (an indexer or a comment may add a name), never missing a retrieved type.
fn retrieved_types(cql: &str) -> Vec<String> {
    let mut types = BTreeSet::new();
    for (i, _) in cql.match_indices('[') {
        let rest = cql[i + 1..].trim_start();
        let rest = rest.strip_prefix('"').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
            .collect();
        let name = name.strip_prefix("FHIR.").unwrap_or(&name);
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            types.insert(name.to_owned());
        }
    }
    // The Patient resource is cheap and some libraries read it through the context.
    types.insert("Patient".to_owned());
    types.into_iter().collect()
}

/// `t` as a CQL DateTime; `what` names it in the error (called only on failure).
fn datetime(
    what: impl FnOnce() -> String,
    t: ChronoDateTime<FixedOffset>,
) -> std::result::Result<DateTime, CqlEvalError> {
    let offset = t.offset().local_minus_utc() / 60;
    DateTime::from_fields(
        [
            Some(t.year()),
            Some(t.month() as i32),
            Some(t.day() as i32),
            Some(t.hour() as i32),
            Some(t.minute() as i32),
            Some(t.second() as i32),
            Some((t.nanosecond() / 1_000_000).min(999) as i32),
        ],
        offset,
    )
    .ok_or_else(|| CqlEvalError::DateTimeRange {
        what: what(),
        value: t,
    })
}

fn date(parameter: &'static str, d: NaiveDate) -> std::result::Result<Value, CqlEvalError> {
    Date::new(d.year(), Some(d.month() as u8), Some(d.day() as u8))
        .map(Value::Date)
        .ok_or(CqlEvalError::DateRange {
            parameter,
            value: d,
        })
}

/// The value of parameter `name` as a CQL value.
fn to_cql(name: &'static str, v: &ParamValue) -> std::result::Result<Value, CqlEvalError> {
    let param = || format!("parameter \"{name}\"");
    Ok(match v {
        ParamValue::Null => Value::Null,
        ParamValue::Boolean(b) => Value::Boolean(*b),
        ParamValue::Integer(i) => {
            Value::Integer(i32::try_from(*i).map_err(|_| CqlEvalError::IntegerRange {
                parameter: name,
                value: *i,
            })?)
        }
        ParamValue::String(s) => Value::String(Arc::from(s.as_str())),
        ParamValue::Date(d) => date(name, *d)?,
        ParamValue::StringList(items) => Value::List(Arc::new(
            items
                .iter()
                .map(|s| Value::String(Arc::from(s.as_str())))
                .collect(),
        )),
        ParamValue::DateTimeInterval(start, end) => Value::Interval(Arc::new(Interval {
            low: Value::DateTime(datetime(param, *start)?),
            low_closed: true,
            high: Value::DateTime(datetime(param, *end)?),
            high_closed: true,
            point_type: ValueType::DateTime,
        })),
    })
}

/// A define's value as JSON for `expressionResults`: Booleans, numbers and strings as JSON;
/// dates and times as ISO text (`2025-03-10`, `2025-03-10T08:00:00.000-05:00`); quantities
/// as `{value, unit}`; codes as `{system, code, display}`; intervals as `{low, high,
/// lowClosed, highClosed}`; lists as arrays; tuples as objects; FHIR resources as
/// `{reference: "Type/id"}` (so evidence can be checked against the records) and other
/// FHIR elements as their JSON.
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Boolean(b) => Json::Bool(*b),
        Value::Integer(i) => json!(i),
        Value::Long(l) => json!(l),
        Value::Decimal(d) => number(&d.to_literal()),
        Value::String(s) => Json::String(s.to_string()),
        Value::Date(_) | Value::DateTime(_) | Value::Time(_) => {
            Json::String(v.to_cql_literal().trim_start_matches('@').to_owned())
        }
        Value::Quantity(q) => {
            json!({"value": number(&q.value.to_literal()), "unit": q.unit.to_string()})
        }
        Value::Ratio(_) => Json::String(v.to_cql_literal()),
        Value::Code(c) => code(c),
        Value::Concept(c) => json!({
            "codes": c.codes.iter().map(code).collect::<Vec<_>>(),
            "display": c.display,
        }),
        Value::Interval(i) => json!({
            "low": to_json(&i.low),
            "high": to_json(&i.high),
            "lowClosed": i.low_closed,
            "highClosed": i.high_closed,
        }),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Tuple(t) => {
            let mut m = Map::new();
            for (k, v) in &t.elements {
                m.insert(k.clone(), to_json(v));
            }
            Json::Object(m)
        }
        Value::Resource(r) => {
            let is_resource = r.json.get("resourceType").is_some();
            match (is_resource, r.json.get("id").and_then(Json::as_str)) {
                (true, Some(id)) => json!({"reference": format!("{}/{id}", r.type_name)}),
                _ => (*r.json).clone(),
            }
        }
    }
}

fn code(c: &ww_cql_value::Code) -> Json {
    json!({"system": c.system, "code": c.code, "display": c.display})
}

fn number(text: &str) -> Json {
    text.parse::<serde_json::Number>()
        .map(Json::Number)
        .unwrap_or_else(|_| Json::String(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retrieve_types_are_found_in_the_text() {
        let cql = "define a: [Procedure: \"Audiometry\"] P\ndefine b: [ FHIR.Observation ]\ndefine c: {1,2}[0]";
        assert_eq!(
            retrieved_types(cql),
            ["Observation", "Patient", "Procedure"]
        );
    }

    #[test]
    fn values_render_as_json() {
        let d = date("d", NaiveDate::from_ymd_opt(2025, 3, 10).unwrap()).unwrap();
        assert_eq!(to_json(&d), json!("2025-03-10"));
        assert_eq!(to_json(&Value::Integer(57)), json!(57));
        assert_eq!(to_json(&Value::Null), Json::Null);
        let list = Value::List(Arc::new(vec![
            Value::Boolean(true),
            Value::String("x".into()),
        ]));
        assert_eq!(to_json(&list), json!([true, "x"]));
        let proc = Value::Resource(Arc::new(ww_cql_value::Resource {
            type_name: "Procedure".into(),
            json: Arc::new(json!({"resourceType": "Procedure", "id": "p1"})),
        }));
        assert_eq!(to_json(&proc), json!({"reference": "Procedure/p1"}));
    }

    #[test]
    fn as_of_instant_keeps_its_offset() {
        let t = ChronoDateTime::parse_from_rfc3339("2026-01-15T23:59:59.999-06:00").unwrap();
        let v = Value::DateTime(datetime(|| "t".into(), t).unwrap());
        assert_eq!(to_json(&v), json!("2026-01-15T23:59:59.999-06:00"));
    }

    #[test]
    fn errors_are_typed_and_name_the_parameter() {
        let too_big = to_cql("Window Days", &ParamValue::Integer(1 << 40)).unwrap_err();
        assert_eq!(
            too_big,
            CqlEvalError::IntegerRange {
                parameter: "Window Days",
                value: 1 << 40
            }
        );
        assert_eq!(
            too_big.to_string(),
            "parameter \"Window Days\": 1099511627776 does not fit a CQL Integer"
        );
        let year_0 = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        assert_eq!(
            to_cql("Employee Start Date", &ParamValue::Date(year_0))
                .unwrap_err()
                .to_string(),
            "parameter \"Employee Start Date\": 0000-01-01 is outside the CQL Date range"
        );
        let evaluator = CqlEvaluator::new(StoreTerminology::default());
        let Err(CqlEvalError::Compile(diagnostics)) =
            evaluator.compile_measure("library X version '1'\ndefine \"A\": 1 +")
        else {
            panic!("a syntax error must not compile")
        };
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].starts_with("2:"), "{diagnostics:?}");
        // The seam carries the same typed error, whose text is the diagnostic.
        let text = evaluator
            .compile("library X version '1'\ndefine \"A\": 1 +")
            .err()
            .unwrap()
            .to_string();
        assert_eq!(text, diagnostics[0]);
    }
}
