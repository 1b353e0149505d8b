//! Checking the date-typed elements of a resource against the FHIR R4 grammar (QA G18: an
//! Immunization dated `2022-13-45T99:00:00Z` was imported without a word and then silently
//! ignored by the measures, so a vaccinated employee showed OVERDUE).
//!
//! The elements are found by name, generically, so every resource type is covered: keys
//! ending in `DateTime`, `Date` or `Instant` (`occurrenceDateTime`, `recordedDate`,
//! `birthDate`, `valueInstant`, ...), the R4 elements named `date`, `issued`, `recorded`,
//! `created`, `authoredOn` and `lastUpdated`, and `start` / `end` inside a Period (keys
//! `period` or ending in `Period`: `performedPeriod`, `effectivePeriod`, ...). Each value is
//! checked against the union of the R4 `date`, `dateTime` and `instant` grammars
//! (<https://hl7.org/fhir/R4/datatypes.html#primitive>): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or
//! `YYYY-MM-DDThh:mm:ss[.fff]` with a zone (`Z` or `+hh:mm` / `-hh:mm`), every field in range
//! and the day existing in its month.

use serde_json::Value;

/// Element names (exact) that hold a date, dateTime or instant in FHIR R4.
const DATE_ELEMENTS: &[&str] = &[
    "date",
    "issued",
    "recorded",
    "created",
    "authoredOn",
    "lastUpdated",
];

/// Suffixes of element names that hold a date, dateTime or instant (choice types and named
/// elements).
const DATE_SUFFIXES: &[&str] = &["DateTime", "Date", "Instant"];

/// The first date-typed element of `json` whose value is not a valid FHIR date, as
/// `element path "value": why`; `None` when every one is valid.
pub(crate) fn first_invalid(json: &Value) -> Option<String> {
    let mut path = String::new();
    walk(json, &mut path)
}

fn is_date_key(key: &str) -> bool {
    DATE_ELEMENTS.contains(&key) || DATE_SUFFIXES.iter().any(|s| key.ends_with(s))
}

fn is_period_key(key: &str) -> bool {
    key == "period" || key.ends_with("Period")
}

fn walk(value: &Value, path: &mut String) -> Option<String> {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                let found = if is_date_key(key) {
                    check_value(child, path)
                } else if is_period_key(key) {
                    check_period(child, path)
                } else {
                    None
                };
                let found = found.or_else(|| walk(child, path));
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(child, path);
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ => None,
    }
}

/// A date element's value: a string (or a list of strings for repeating elements).
fn check_value(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) => check_text(text).err().map(|why| {
            format!("element {path} \"{text}\" is not a valid FHIR date/dateTime: {why}")
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| match v {
            Value::String(_) => check_value(v, &format!("{path}[{i}]")),
            _ => None,
        }),
        _ => None,
    }
}

fn check_period(value: &Value, path: &str) -> Option<String> {
    let map = value.as_object()?;
    ["start", "end"].iter().find_map(|k| {
        map.get(*k)
            .and_then(|v| check_value(v, &format!("{path}.{k}")))
    })
}

/// Checks one value against the FHIR R4 date / dateTime / instant grammar.
pub(crate) fn check_text(text: &str) -> Result<(), String> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize, what: &str| -> Result<u32, String> {
        let part = b
            .get(from..from + n)
            .filter(|p| p.iter().all(u8::is_ascii_digit))
            .ok_or_else(|| format!("expected {n} digits for the {what}"))?;
        Ok(part
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let sep = |at: usize, c: u8, what: &str| -> Result<(), String> {
        if b.get(at) == Some(&c) {
            Ok(())
        } else {
            Err(format!("expected '{}' {what}", c as char))
        }
    };
    let year = digits(0, 4, "year")?;
    if year == 0 {
        return Err("year 0000 does not exist".into());
    }
    if b.len() == 4 {
        return Ok(());
    }
    sep(4, b'-', "after the year")?;
    let month = digits(5, 2, "month")?;
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is out of range 01-12"));
    }
    if b.len() == 7 {
        return Ok(());
    }
    sep(7, b'-', "after the month")?;
    let day = digits(8, 2, "day")?;
    let last = days_in_month(year, month);
    if day == 0 || day > last {
        return Err(format!(
            "day {day} does not exist in {year:04}-{month:02} (1-{last})"
        ));
    }
    if b.len() == 10 {
        return Ok(());
    }
    sep(10, b'T', "between the date and the time")?;
    let hour = digits(11, 2, "hour")?;
    sep(13, b':', "after the hour")?;
    let minute = digits(14, 2, "minute")?;
    sep(16, b':', "after the minute")?;
    let second = digits(17, 2, "second")?;
    if hour > 23 {
        return Err(format!("hour {hour} is out of range 00-23"));
    }
    if minute > 59 {
        return Err(format!("minute {minute} is out of range 00-59"));
    }
    if second > 60 {
        return Err(format!("second {second} is out of range 00-60"));
    }
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        let start = at + 1;
        at = start;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return Err("expected digits after the decimal point of the seconds".into());
        }
    }
    match b.get(at) {
        Some(b'Z') if b.len() == at + 1 => Ok(()),
        Some(b'+') | Some(b'-') => {
            let zh = digits(at + 1, 2, "zone hours")?;
            sep(at + 3, b':', "in the zone offset")?;
            let zm = digits(at + 4, 2, "zone minutes")?;
            if b.len() != at + 6 {
                return Err("unexpected text after the zone offset".into());
            }
            if zm > 59 || zh > 14 || (zh == 14 && zm > 0) {
                return Err(format!("zone offset {zh:02}:{zm:02} is out of range"));
            }
            Ok(())
        }
        None => Err("a time needs a zone (Z or +hh:mm)".into()),
        _ => Err("unexpected text after the time".into()),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(text: &str, expect: Result<(), &str>) {
        assert_eq!(check_text(text), expect.map_err(str::to_owned), "{text}");
    }

    #[test]
    fn fhir_date_grammar() {
        check("2022", Ok(()));
        check("2022-07", Ok(()));
        check("2024-02-29", Ok(()));
        check("2022-07-31T22:00:00-04:00", Ok(()));
        check("2022-07-31T22:00:00.123Z", Ok(()));
        check("2016-12-31T23:59:60+14:00", Ok(()));
        check(
            "2022-13-45T99:00:00Z",
            Err("month 13 is out of range 01-12"),
        );
        check("2023-02-29", Err("day 29 does not exist in 2023-02 (1-28)"));
        check("2022-07-31T25:00:00Z", Err("hour 25 is out of range 00-23"));
        check(
            "2022-07-31T10:00:00",
            Err("a time needs a zone (Z or +hh:mm)"),
        );
        check("2022-7-31", Err("expected 2 digits for the month"));
        check("31/07/2022", Err("expected 4 digits for the year"));
        check("2022-07-31T10:00Z", Err("expected ':' after the minute"));
        check(
            "2022-07-31 ",
            Err("expected 'T' between the date and the time"),
        );
        check(
            "2022-07-31T10:00:00+15:00",
            Err("zone offset 15:00 is out of range"),
        );
    }

    #[test]
    fn date_elements_are_found_by_name_with_their_path() {
        let bad = json!({"resourceType": "Immunization", "id": "x",
            "occurrenceDateTime": "2022-13-45T99:00:00Z"});
        assert_eq!(
            first_invalid(&bad).unwrap(),
            "element occurrenceDateTime \"2022-13-45T99:00:00Z\" is not a valid FHIR \
             date/dateTime: month 13 is out of range 01-12"
        );
        let period = json!({"performedPeriod": {"start": "2022-01-01", "end": "2022-02-30"}});
        assert_eq!(
            first_invalid(&period).unwrap(),
            "element performedPeriod.end \"2022-02-30\" is not a valid FHIR date/dateTime: \
             day 30 does not exist in 2022-02 (1-28)"
        );
        let nested = json!({"component": [{"valueDateTime": "2022-01-01"},
            {"valueDateTime": "yesterday"}]});
        assert_eq!(
            first_invalid(&nested).unwrap(),
            "element component[1].valueDateTime \"yesterday\" is not a valid FHIR \
             date/dateTime: expected 4 digits for the year"
        );
        let ok = json!({"issued": "2022-01-01T10:00:00.000+00:00", "birthDate": "1980-02-29",
            "meta": {"lastUpdated": "2022-01-01T10:00:00Z"}, "code": {"text": "2022-99"}});
        assert_eq!(first_invalid(&ok), None);
    }
}
