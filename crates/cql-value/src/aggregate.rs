//! Aggregate functions (Appendix B "Aggregate Functions"): Count, Sum, Min, Max, Avg,
//! Median, Mode, Variance, StdDev, PopulationVariance, PopulationStdDev, AllTrue,
//! AnyTrue, Product, GeometricMean. Null elements are ignored; an empty (or null) list
//! gives null except for Count (0), AllTrue (true) and AnyTrue (false).

use crate::arith;
use crate::compare::{sort_cmp, to_dec};
use crate::decimal::Decimal;
use crate::error::{EvalError, Result};
use crate::value::Value;

fn non_null(v: &Value, op: &str) -> Result<Vec<Value>> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::List(l) => Ok(l.iter().filter(|x| !x.is_null()).cloned().collect()),
        other => Err(EvalError::operands(op, &[other])),
    }
}

/// Appendix B "Count": number of non-null elements.
pub fn count(v: &Value) -> Result<Value> {
    Ok(Value::Integer(non_null(v, "Count")?.len() as i32))
}

/// Appendix B "Sum".
pub fn sum(v: &Value) -> Result<Value> {
    let xs = non_null(v, "Sum")?;
    let mut it = xs.iter();
    let Some(first) = it.next() else {
        return Ok(Value::Null);
    };
    it.try_fold(first.clone(), |acc, x| arith::add(&acc, x))
}

/// Appendix B "Product".
pub fn product(v: &Value) -> Result<Value> {
    let xs = non_null(v, "Product")?;
    let mut it = xs.iter();
    let Some(first) = it.next() else {
        return Ok(Value::Null);
    };
    it.try_fold(first.clone(), |acc, x| arith::multiply(&acc, x))
}

fn extreme(v: &Value, op: &str, want_max: bool) -> Result<Value> {
    let xs = non_null(v, op)?;
    let mut best: Option<Value> = None;
    for x in xs {
        best = Some(match best {
            None => x,
            Some(b) => {
                let o = crate::compare::compare(&x, &b)?;
                match o {
                    Some(std::cmp::Ordering::Greater) if want_max => x,
                    Some(std::cmp::Ordering::Less) if !want_max => x,
                    _ => b,
                }
            }
        });
    }
    Ok(best.unwrap_or(Value::Null))
}

/// Appendix B "Min".
pub fn min(v: &Value) -> Result<Value> {
    extreme(v, "Min", false)
}

/// Appendix B "Max".
pub fn max(v: &Value) -> Result<Value> {
    extreme(v, "Max", true)
}

/// Appendix B "Avg": Decimal (or Quantity) mean.
pub fn avg(v: &Value) -> Result<Value> {
    let xs = non_null(v, "Avg")?;
    if xs.is_empty() {
        return Ok(Value::Null);
    }
    let total = sum(&Value::list(xs.clone()))?;
    let total = match total {
        Value::Integer(_) | Value::Long(_) => {
            Value::Decimal(to_dec(&total).unwrap_or(Decimal::ZERO))
        }
        t => t,
    };
    arith::divide(&total, &Value::Decimal(Decimal::from_i64(xs.len() as i64)))
}

/// Appendix B "Median": middle value (mean of the two middle values for even counts).
pub fn median(v: &Value) -> Result<Value> {
    let mut xs = non_null(v, "Median")?;
    if xs.is_empty() {
        return Ok(Value::Null);
    }
    xs.sort_by(sort_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        let m = &xs[n / 2];
        return Ok(match m {
            Value::Integer(_) | Value::Long(_) => {
                Value::Decimal(to_dec(m).unwrap_or(Decimal::ZERO))
            }
            other => other.clone(),
        });
    }
    let s = arith::add(&xs[n / 2 - 1], &xs[n / 2])?;
    arith::divide(&s, &Value::Decimal(Decimal::from_i64(2)))
}

/// Appendix B "Mode": the most frequent value (the first to reach the top count).
pub fn mode(v: &Value) -> Result<Value> {
    let xs = non_null(v, "Mode")?;
    let mut best: Option<(usize, &Value)> = None;
    for x in &xs {
        let c = xs
            .iter()
            .filter(|y| crate::compare::equal3(x, y) == Some(true))
            .count();
        if best.is_none_or(|(bc, _)| c > bc) {
            best = Some((c, x));
        }
    }
    Ok(best.map_or(Value::Null, |(_, x)| x.clone()))
}

fn variance_impl(v: &Value, op: &str, population: bool) -> Result<Option<f64>> {
    let xs = non_null(v, op)?;
    let vals: Vec<f64> = xs
        .iter()
        .map(|x| match x {
            Value::Quantity(q) => Ok(q.value.to_f64()),
            other => to_dec(other)
                .map(|d| d.to_f64())
                .ok_or_else(|| EvalError::operands(op, &[other])),
        })
        .collect::<Result<_>>()?;
    let n = vals.len();
    if n == 0 || (!population && n < 2) {
        return Ok(None);
    }
    let mean = vals.iter().sum::<f64>() / n as f64;
    let ss: f64 = vals.iter().map(|x| (x - mean) * (x - mean)).sum();
    Ok(Some(
        ss / if population { n as f64 } else { (n - 1) as f64 },
    ))
}

fn dec_out(x: Option<f64>) -> Value {
    x.and_then(|f| Decimal::from_f64(f).map(|d| Value::Decimal(d.round(8))))
        .unwrap_or(Value::Null)
}

/// Appendix B "Variance" (sample).
pub fn variance(v: &Value) -> Result<Value> {
    Ok(dec_out(variance_impl(v, "Variance", false)?))
}

/// Appendix B "PopulationVariance".
pub fn population_variance(v: &Value) -> Result<Value> {
    Ok(dec_out(variance_impl(v, "PopulationVariance", true)?))
}

/// Appendix B "StdDev" (sample).
pub fn std_dev(v: &Value) -> Result<Value> {
    Ok(dec_out(variance_impl(v, "StdDev", false)?.map(f64::sqrt)))
}

/// Appendix B "PopulationStdDev".
pub fn population_std_dev(v: &Value) -> Result<Value> {
    Ok(dec_out(
        variance_impl(v, "PopulationStdDev", true)?.map(f64::sqrt),
    ))
}

/// Appendix B "AllTrue": true when no non-null element is false.
pub fn all_true(v: &Value) -> Result<Value> {
    Ok(Value::Boolean(
        non_null(v, "AllTrue")?
            .iter()
            .all(|x| x.as_bool() == Some(true)),
    ))
}

/// Appendix B "AnyTrue": true when some element is true.
pub fn any_true(v: &Value) -> Result<Value> {
    Ok(Value::Boolean(
        non_null(v, "AnyTrue")?
            .iter()
            .any(|x| x.as_bool() == Some(true)),
    ))
}

/// Appendix B "GeometricMean": the n-th root of the product (Decimal).
pub fn geometric_mean(v: &Value) -> Result<Value> {
    let xs = non_null(v, "GeometricMean")?;
    if xs.is_empty() {
        return Ok(Value::Null);
    }
    let mut log_sum = 0.0;
    for x in &xs {
        let d = to_dec(x).ok_or_else(|| EvalError::operands("GeometricMean", &[x]))?;
        log_sum += d.to_f64().ln();
    }
    Ok(dec_out(Some((log_sum / xs.len() as f64).exp())))
}
