//! Rendering values as CQL literal text, in the format of the conformance suite and the
//! reference-engine oracle (`tools/cql-oracle/render.mjs`).

use crate::temporal::{Date, DateTime, Precision, Time};
use crate::value::{Code, Quantity, Value};

/// Calendar duration words that are written without quotes.
pub(crate) const CALENDAR_WORDS: [&str; 8] = [
    "year",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
];

/// Quotes a string as a CQL string literal with escapes (`'it\'s'`).
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn identifier(name: &str) -> String {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Offset text `+02:00` / `-05:30`.
pub fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let a = minutes.abs();
    format!("{sign}{:02}:{:02}", a / 60, a % 60)
}

/// ISO text of a date to its precision, without `@` (`2024-03`).
pub fn date_text(d: &Date) -> String {
    let mut s = format!("{:04}", d.year);
    if d.precision >= Precision::Month {
        s.push_str(&format!("-{:02}", d.month));
    }
    if d.precision >= Precision::Day {
        s.push_str(&format!("-{:02}", d.day));
    }
    s
}

fn time_fields_text(h: u8, mi: u8, s: u8, ms: u16, p: Precision) -> String {
    let mut t = format!("{h:02}");
    if p >= Precision::Minute {
        t.push_str(&format!(":{mi:02}"));
    }
    if p >= Precision::Second {
        t.push_str(&format!(":{s:02}"));
    }
    if p >= Precision::Millisecond {
        t.push_str(&format!(".{ms:03}"));
    }
    t
}

/// ISO text of a time to its precision, without `@T` (`10:00:00.000`).
pub fn time_text(t: &Time) -> String {
    time_fields_text(t.hour, t.minute, t.second, t.millisecond, t.precision)
}

/// ISO text of a DateTime without `@`, with its offset (`2024-03-01T10:00+02:00`,
/// `2024T+00:00` for a year-precision value).
pub fn datetime_text(dt: &DateTime) -> String {
    let mut s = date_text(&dt.date());
    s.push('T');
    if dt.precision >= Precision::Hour {
        s.push_str(&time_fields_text(
            dt.hour,
            dt.minute,
            dt.second,
            dt.millisecond,
            dt.precision,
        ));
    }
    s.push_str(&offset_text(dt.offset));
    s
}

/// Quantity literal text (`5.0 'g'`, `3.0 days`).
pub fn quantity_text(q: &Quantity) -> String {
    let v = q.value.to_literal();
    let unit: &str = &q.unit;
    if CALENDAR_WORDS.contains(&unit) {
        if q.value.abs() == crate::Decimal::ONE {
            format!("{v} {unit}")
        } else {
            format!("{v} {unit}s")
        }
    } else {
        format!("{v} {}", quote_string(unit))
    }
}

/// `Code { code: 'c', system: 's' }` (null elements left out).
pub fn code_text(c: &Code) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("code", &c.code),
        ("system", &c.system),
        ("version", &c.version),
        ("display", &c.display),
    ] {
        if let Some(v) = v {
            parts.push(format!("{k}: {}", quote_string(v)));
        }
    }
    struct_text("Code", &parts)
}

fn struct_text(name: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        format!("{name} {{ }}")
    } else {
        format!("{name} {{ {} }}", parts.join(", "))
    }
}

impl Value {
    /// Renders the value as CQL literal text, as the conformance suite writes results:
    /// `null`, `true`, `5`, `5L`, `2.0`, `'text'`, `5.0 'g'`, `3.0 days`,
    /// `@2024-03-01`, `@2024-03-01T10:00:00.000+02:00`, `@T10:00`, `Interval[1, 5)`,
    /// `{1, 2}`, `Tuple { a: 1 }`, `Code { code: 'c' }`, `1.0 'mg' : 2.0 'mL'`.
    pub fn to_cql_literal(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Boolean(b) => b.to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Long(l) => format!("{l}L"),
            Value::Decimal(d) => d.to_literal(),
            Value::String(s) => quote_string(s),
            Value::Date(d) => format!("@{}", date_text(d)),
            Value::DateTime(dt) => format!("@{}", datetime_text(dt)),
            Value::Time(t) => format!("@T{}", time_text(t)),
            Value::Quantity(q) => quantity_text(q),
            Value::Ratio(r) => format!(
                "{} : {}",
                quantity_text(&r.numerator),
                quantity_text(&r.denominator)
            ),
            Value::Code(c) => code_text(c),
            Value::Concept(c) => {
                let codes: Vec<String> = c.codes.iter().map(code_text).collect();
                let mut parts = vec![format!("codes: {{{}}}", codes.join(", "))];
                if let Some(d) = &c.display {
                    parts.push(format!("display: {}", quote_string(d)));
                }
                struct_text("Concept", &parts)
            }
            Value::Interval(i) => format!(
                "Interval{}{}, {}{}",
                if i.low_closed { '[' } else { '(' },
                i.low.to_cql_literal(),
                i.high.to_cql_literal(),
                if i.high_closed { ']' } else { ')' }
            ),
            Value::List(l) => {
                let items: Vec<String> = l.iter().map(Value::to_cql_literal).collect();
                format!("{{{}}}", items.join(", "))
            }
            Value::Tuple(t) => {
                let parts: Vec<String> = t
                    .elements
                    .iter()
                    .map(|(k, v)| format!("{}: {}", identifier(k), v.to_cql_literal()))
                    .collect();
                struct_text("Tuple", &parts)
            }
            Value::Resource(r) => format!("{} {}", r.type_name, r.json),
        }
    }
}
