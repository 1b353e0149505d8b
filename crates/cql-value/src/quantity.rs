//! Quantity units: calendar duration words and UCUM unit conversion for common units
//! (CQL 1.5 §2.3 "Quantities", Appendix B "ConvertQuantity").

use crate::decimal::Decimal;

/// Normalises a unit: calendar words to the singular (`days` -> `day`), empty to `"1"`.
pub fn normalize_unit(unit: &str) -> String {
    let u = unit.trim();
    if u.is_empty() {
        return "1".to_string();
    }
    let singular = u.strip_suffix('s').unwrap_or(u);
    if crate::render::CALENDAR_WORDS.contains(&singular) {
        singular.to_string()
    } else {
        u.to_string()
    }
}

/// True for the calendar duration words (after normalisation).
pub fn is_calendar_unit(unit: &str) -> bool {
    crate::render::CALENDAR_WORDS.contains(&unit)
}

/// Dimension vector of a base unit: (mass, length, time, amount, percent-like dimensionless).
type Dim = [i8; 4];

/// A unit known to the converter: factor to the base unit and its dimension.
#[derive(Clone, Copy, Debug)]
struct UnitInfo {
    factor: f64,
    dim: Dim,
}

const MASS: Dim = [1, 0, 0, 0];
const LENGTH: Dim = [0, 1, 0, 0];
const TIME: Dim = [0, 0, 1, 0];
const ONE: Dim = [0, 0, 0, 0];

fn simple_unit(u: &str) -> Option<UnitInfo> {
    let (factor, dim) = match u {
        "g" => (1.0, MASS),
        "mg" => (1e-3, MASS),
        "ug" | "mcg" => (1e-6, MASS),
        "ng" => (1e-9, MASS),
        "kg" => (1e3, MASS),
        "[lb_av]" => (453.59237, MASS),
        "[oz_av]" => (28.349523125, MASS),
        "m" => (1.0, LENGTH),
        "cm" => (1e-2, LENGTH),
        "mm" => (1e-3, LENGTH),
        "um" => (1e-6, LENGTH),
        "km" => (1e3, LENGTH),
        "[in_i]" => (0.0254, LENGTH),
        "[ft_i]" => (0.3048, LENGTH),
        "L" | "l" => (1e-3, [0, 3, 0, 0]),
        "mL" | "ml" => (1e-6, [0, 3, 0, 0]),
        "dL" | "dl" => (1e-4, [0, 3, 0, 0]),
        "uL" => (1e-9, [0, 3, 0, 0]),
        "ms" | "millisecond" => (1e-3, TIME),
        "s" | "second" => (1.0, TIME),
        "min" | "minute" => (60.0, TIME),
        "h" | "hour" => (3600.0, TIME),
        "d" | "day" => (86400.0, TIME),
        "wk" | "week" => (604_800.0, TIME),
        "mo" => (2_629_800.0, TIME),
        "a" => (31_557_600.0, TIME),
        "1" => (1.0, ONE),
        "%" => (0.01, ONE),
        _ => return None,
    };
    Some(UnitInfo { factor, dim })
}

fn add_dim(a: Dim, b: Dim, sign: i8) -> Dim {
    let f = |x: i8, y: i8| x.saturating_add(sign.saturating_mul(y));
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])]
}

/// Parses a unit term such as `mg`, `cm2`, `mg/dL`, `g.m-1` into factor and dimension.
fn unit_info(unit: &str) -> Option<UnitInfo> {
    if let Some(u) = simple_unit(unit) {
        return Some(u);
    }
    let mut factor = 1.0;
    let mut dim = ONE;
    for (i, part) in unit.split('/').enumerate() {
        let sign = if i == 0 { 1 } else { -1 };
        for term in part.split('.') {
            let idx = term
                .find(|c: char| c.is_ascii_digit() || c == '-')
                .unwrap_or(term.len());
            let (base, exp) = term.split_at(idx);
            let exp: i32 = if exp.is_empty() { 1 } else { exp.parse().ok()? };
            if !(-9..=9).contains(&exp) {
                return None;
            }
            let b = simple_unit(base)?;
            factor *= b.factor.powi(exp * sign as i32);
            for _ in 0..exp.abs() {
                dim = add_dim(dim, b.dim, sign * exp.signum() as i8);
            }
        }
    }
    Some(UnitInfo { factor, dim })
}

/// Factor converting 1 `from` into `to` units, `None` when the units are unknown or of
/// different dimensions. Calendar words `year`/`month` only convert among themselves
/// (`1 year` = `12 months`), and `week`..`millisecond` with UCUM time units.
pub fn conversion_factor(from: &str, to: &str) -> Option<f64> {
    if from == to {
        return Some(1.0);
    }
    match (from, to) {
        ("year", "month") => return Some(12.0),
        ("month", "year") => return Some(1.0 / 12.0),
        ("year", _) | ("month", _) | (_, "year") | (_, "month") => return None,
        _ => {}
    }
    let a = unit_info(from)?;
    let b = unit_info(to)?;
    (a.dim == b.dim).then(|| a.factor / b.factor)
}

/// Converts a decimal magnitude between units (Appendix B "ConvertQuantity").
pub fn convert_value(v: Decimal, from: &str, to: &str) -> Option<Decimal> {
    if from == to {
        return Some(v);
    }
    let f = conversion_factor(from, to)?;
    // Prefer exact decimal arithmetic for factors that are powers of ten or integers.
    let fd = Decimal::from_f64(f)?;
    if fd.to_f64() == f && f >= 1e-8 {
        return v
            .checked_mul(fd)
            .map(|d| d.with_scale(v.scale().max(fd.scale())));
    }
    let inv = Decimal::from_f64(1.0 / f)?;
    if (inv.to_f64() - 1.0 / f).abs() < 1e-12 && inv.is_integer() {
        return v.checked_div(inv);
    }
    Decimal::from_f64(v.to_f64() * f)
}

/// Whether a unit is known to the converter (for `ConvertsToQuantity` checks of
/// unit text); unknown UCUM terms are still accepted as opaque units elsewhere.
pub fn is_known_unit(unit: &str) -> bool {
    is_calendar_unit(unit) || unit_info(unit).is_some()
}
