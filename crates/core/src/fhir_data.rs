//! The CQL data provider over the FHIR store (`fhir_resources`), loaded per batch of employees
//! so evaluation threads never touch SQLite.
//!
//! Every FHIR `dateTime` / `instant` with a time of day reaches the CQL rewritten to the
//! organisation's time zone: the same instant, written with the zone's UTC offset at that
//! instant (DST-correct), so `date from` in a measure gives the calendar date in the
//! organisation's zone, not in whatever offset the source system wrote (DOMAIN.md section 2
//! lesson "dates in evidence are calendar dates in the organisation's zone"; docs/measures.md
//! "Dates and time zones").

use crate::Result;
use chrono::{DateTime, Offset};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::Arc;
use ww_cql::{DataProvider, Resource, RetrieveRequest};

/// One patient's resources by type, in id order.
#[derive(Debug, Default, Clone)]
pub struct PatientData {
    by_type: HashMap<String, Vec<Resource>>,
}

impl PatientData {
    /// Adds one resource under its type, with its dateTimes rewritten to `zone` (see the
    /// module docs). Evaluation paths that know the organisation's zone use this one.
    pub fn add_in_zone(&mut self, resource_type: &str, mut resource: serde_json::Value, zone: Tz) {
        to_zone(&mut resource, zone);
        self.add(resource_type, resource);
    }

    /// Adds one resource under its type, as it is (dateTimes keep the offsets they were
    /// written with).
    pub fn add(&mut self, resource_type: &str, resource: serde_json::Value) {
        self.by_type
            .entry(resource_type.to_owned())
            .or_default()
            .push(Arc::new(resource));
    }

    /// The patient's own Patient resource, if it was loaded.
    pub fn patient(&self) -> Option<&serde_json::Value> {
        self.by_type
            .get("Patient")
            .and_then(|v| v.first())
            .map(|r| r.as_ref())
    }

    /// Number of resources held.
    pub fn len(&self) -> usize {
        self.by_type.values().map(Vec::len).sum()
    }

    /// Whether no resource is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl DataProvider for PatientData {
    /// Every resource of the type; the engine applies code filters itself (see
    /// `ww_cql::data`), so a provider that ignores them stays correct.
    fn retrieve(&self, req: &RetrieveRequest<'_>) -> ww_cql::Result<Vec<Resource>> {
        Ok(self
            .by_type
            .get(req.resource_type)
            .cloned()
            .unwrap_or_default())
    }
}

/// Loads the resources of `patient_ids` (optionally only `types`), keyed by patient id, with
/// one indexed look-up per patient (`fhir_resources_patient_type_idx`): the cost grows with
/// the patients asked for, not with the size of the store. Patients without resources are
/// absent from the map. DateTimes are rewritten to the organisation's zone (setting
/// `org_time_zone`, read from `conn`), as [`load_patients_in_zone`] says.
///
/// # Errors
/// [`crate::Error::Store`] for SQLite errors; [`crate::Error::Invalid`] for stored JSON that
/// does not parse (the store's CHECK makes that unlikely) or a bad `org_time_zone`.
pub fn load_patients(
    conn: &Connection,
    patient_ids: &[&str],
    types: Option<&[String]>,
) -> Result<HashMap<String, PatientData>> {
    let zone = crate::run::org_zone(conn)?;
    load_patients_in_zone(conn, patient_ids, types, zone)
}

/// [`load_patients`] with the organisation's zone given: every FHIR dateTime with a time of
/// day is rewritten to `zone`'s offset at that instant (module docs).
///
/// # Errors
/// As [`load_patients`].
pub fn load_patients_in_zone(
    conn: &Connection,
    patient_ids: &[&str],
    types: Option<&[String]>,
    zone: Tz,
) -> Result<HashMap<String, PatientData>> {
    let mut out: HashMap<String, PatientData> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT resource_type, resource_json FROM fhir_resources WHERE patient_id = ?1 \
         ORDER BY resource_type, id",
    )?;
    for &patient in patient_ids {
        let mut rows = stmt.query([patient])?;
        while let Some(row) = rows.next()? {
            let rtype: String = row.get(0)?;
            if types.is_some_and(|t| !t.contains(&rtype)) {
                continue;
            }
            let text: String = row.get(1)?;
            let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                crate::Error::Invalid(format!(
                    "stored {rtype} of patient {patient} is not JSON: {e}"
                ))
            })?;
            out.entry(patient.to_owned())
                .or_default()
                .add_in_zone(&rtype, json, zone);
        }
    }
    Ok(out)
}

/// Rewrites every FHIR dateTime / instant with a time of day in `value` to `zone` (same
/// instant, the zone's offset at that instant). Ids, references and narrative are left alone.
pub fn to_zone(value: &mut serde_json::Value, zone: Tz) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if let Some(local) = datetime_in_zone(s, zone) {
                *s = local;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| to_zone(v, zone)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if !matches!(key.as_str(), "id" | "reference" | "div" | "url" | "system") {
                    to_zone(v, zone);
                }
            }
        }
        _ => {}
    }
}

/// `text` rewritten to `zone` when it is a FHIR dateTime with seconds and an offset
/// (`YYYY-MM-DDThh:mm:ss[.f+](Z|+hh:mm|-hh:mm)`) whose offset differs from the zone's at that
/// instant; `None` otherwise (dates without a time have no zone and stay as written). The
/// fraction of a second is kept as written; `Z` stands for a zero offset.
pub fn datetime_in_zone(text: &str, zone: Tz) -> Option<String> {
    let b = text.as_bytes();
    if b.len() < 20 || b[10] != b'T' || !fhir_datetime_shape(b) {
        return None;
    }
    let t = DateTime::parse_from_rfc3339(text).ok()?;
    let local = t.with_timezone(&zone);
    let offset = local.offset().fix().local_minus_utc();
    // Offsets with seconds (local mean time before ~1900) cannot be written in FHIR.
    if offset % 60 != 0 || offset == t.offset().local_minus_utc() {
        return None;
    }
    let fraction_end = b.len() - if b[b.len() - 1] == b'Z' { 1 } else { 6 };
    let fraction = &text[19..fraction_end];
    let written = if offset == 0 {
        "Z".to_owned()
    } else {
        local.format("%:z").to_string()
    };
    Some(format!(
        "{}{fraction}{written}",
        local.format("%Y-%m-%dT%H:%M:%S")
    ))
}

/// Whether `b` has the exact shape `YYYY-MM-DDThh:mm:ss[.f+](Z|+hh:mm|-hh:mm)`.
fn fhir_datetime_shape(b: &[u8]) -> bool {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let fixed = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        .iter()
        .all(|&i| digit(i))
        && at(4, b'-')
        && at(7, b'-')
        && at(10, b'T')
        && at(13, b':')
        && at(16, b':');
    if !fixed {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while digit(i) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len()
                && digit(i + 1)
                && digit(i + 2)
                && at(i + 3, b':')
                && digit(i + 4)
                && digit(i + 5)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(text: &str, zone: Tz, expect: Option<&str>) {
        assert_eq!(
            datetime_in_zone(text, zone).as_deref(),
            expect,
            "{text} in {zone}"
        );
    }

    #[test]
    fn dates_in_evidence_are_calendar_dates_in_the_organisations_zone() {
        let ny = chrono_tz::America::New_York;
        // QA F3: 22:00 at -04:00 is 02:00 the next day in UTC.
        check(
            "2022-07-31T22:00:00-04:00",
            Tz::UTC,
            Some("2022-08-01T02:00:00Z"),
        );
        check("2022-07-31T22:00:00-04:00", ny, None);
        // DST-correct: the zone's offset at that instant, not the as-of date's.
        check(
            "2022-01-31T22:00:00Z",
            ny,
            Some("2022-01-31T17:00:00-05:00"),
        );
        check(
            "2022-07-31T02:30:00Z",
            ny,
            Some("2022-07-30T22:30:00-04:00"),
        );
        check(
            "2022-07-06T21:40:09.123-04:00",
            Tz::UTC,
            Some("2022-07-07T01:40:09.123Z"),
        );
        check("2022-07-06T21:40:09+05:30", chrono_tz::Asia::Kolkata, None);
        check(
            "2022-07-06T21:40:09+00:00",
            chrono_tz::Asia::Tokyo,
            Some("2022-07-07T06:40:09+09:00"),
        );
    }

    #[test]
    fn other_text_is_left_alone() {
        for text in [
            "2022-07-31",
            "2022-07",
            "2022-07-31T22:00:00",
            "2022-07-31T22:00-04:00",
            "2022-07-31T22:00:00.-04:00",
            "2022-07-31T22:00:00-0400",
            "x022-07-31T22:00:00-04:00",
            "2022-07-31T22:00:00-04:00 and more",
            "completed",
        ] {
            check(text, Tz::UTC, None);
        }
    }

    #[test]
    fn resource_datetimes_move_to_the_zone_but_ids_do_not() {
        let mut r = json!({
            "resourceType": "Procedure",
            "id": "2022-07-31T22:00:00-04:00",
            "performedPeriod": {"start": "2022-07-31T22:00:00-04:00", "end": "2022-07-31T22:30:00-04:00"},
            "note": [{"time": "2022-07-31T23:00:00-04:00"}],
            "subject": {"reference": "Patient/p"}
        });
        to_zone(&mut r, Tz::UTC);
        assert_eq!(r["id"], "2022-07-31T22:00:00-04:00");
        assert_eq!(r["performedPeriod"]["start"], "2022-08-01T02:00:00Z");
        assert_eq!(r["performedPeriod"]["end"], "2022-08-01T02:30:00Z");
        assert_eq!(r["note"][0]["time"], "2022-08-01T03:00:00Z");
    }
}
