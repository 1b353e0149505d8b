//! The demo workforce generator: deterministic, and every status of every measure occurs by
//! construction. An independent reading of the generated FHIR records (written here from
//! DOMAIN.md sections 2 and 3, not from the generator's code) must give the planned status.

use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use ww_store::enums::OutcomeStatus;
use ww_store::seed::catalog;
use ww_store::seed::demo::{self, DemoOptions, DemoWorkforce};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn same_seed_gives_the_same_content() {
    let opts = DemoOptions::as_of(date(2026, 11, 29));
    let a = demo::generate(&opts).unwrap();
    let b = demo::generate(&opts).unwrap();
    assert_eq!(a.content_hash(), b.content_hash());
    assert_eq!(a.employees, b.employees);
    let other = demo::generate(&DemoOptions { seed: 7, ..opts }).unwrap();
    assert_ne!(a.content_hash(), other.content_hash());
    assert_eq!(a.employees.len(), 200);
    assert_eq!(a.employees[0].external_id.len(), 7);
    let sites: BTreeSet<_> = a.employees.iter().filter_map(|e| e.site.clone()).collect();
    assert_eq!(sites.len(), 4);
}

#[test]
fn a_too_small_workforce_is_refused() {
    let err = demo::generate(&DemoOptions {
        employees: 10,
        ..DemoOptions::as_of(date(2026, 1, 1))
    })
    .unwrap_err();
    assert!(err.to_string().contains("at least 40"), "{err}");
}

#[test]
fn every_status_is_planned_for_every_measure() {
    for as_of in [
        date(2026, 11, 29),
        date(2026, 1, 15),
        date(2026, 5, 6),
        date(2027, 3, 31),
    ] {
        for employees in [40, 200, 500] {
            let d = demo::generate(&DemoOptions {
                employees,
                ..DemoOptions::as_of(as_of)
            })
            .unwrap();
            let counts = d.planned_counts();
            assert_eq!(counts.len(), 4, "{as_of}");
            for (measure, by_status) in &counts {
                for s in OutcomeStatus::ALL {
                    assert!(
                        by_status.get(s).copied().unwrap_or(0) > 0,
                        "{measure} has no {s} as of {as_of} with {employees} employees: {by_status:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn before_the_flu_deadline_nobody_is_late_yet() {
    let d = demo::generate(&DemoOptions::as_of(date(2026, 10, 1))).unwrap();
    let flu = &d.planned_counts()["flu_vaccination"];
    assert_eq!(flu.get(&OutcomeStatus::Overdue), None);
    for s in [
        OutcomeStatus::Compliant,
        OutcomeStatus::DueSoon,
        OutcomeStatus::MissingData,
        OutcomeStatus::Excluded,
    ] {
        assert!(flu[&s] > 0, "{s}");
    }
}

#[test]
fn the_records_give_the_planned_status() {
    for as_of in [date(2026, 11, 29), date(2026, 1, 15), date(2026, 9, 1)] {
        let d = demo::generate(&DemoOptions::as_of(as_of)).unwrap();
        let mut checked = 0;
        for p in &d.plan {
            assert_eq!(
                status_from_records(&d, &p.external_id, p.measure_key),
                p.status,
                "{} {} as of {as_of}",
                p.external_id,
                p.measure_key
            );
            checked += 1;
        }
        // 200 flu outcomes minus the 2 inactive, plus one periodic outcome per exposed role.
        assert!(checked > 300, "{checked}");
    }
}

/// The calendar date a FHIR dateTime was written with.
fn written_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").unwrap()
}

fn event_date(r: &Value) -> Option<NaiveDate> {
    for key in [
        "performedDateTime",
        "effectiveDateTime",
        "occurrenceDateTime",
    ] {
        if let Some(s) = r[key].as_str() {
            return Some(written_date(s));
        }
    }
    for key in ["performedPeriod", "effectivePeriod"] {
        if let Some(s) = r[key]["start"].as_str() {
            return Some(written_date(s));
        }
    }
    None
}

fn codes_of(r: &Value) -> Vec<(String, String)> {
    let concept = if r["resourceType"] == "Immunization" {
        &r["vaccineCode"]
    } else {
        &r["code"]
    };
    concept["coding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["system"].as_str().unwrap().to_owned(),
                c["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn status_from_records(d: &DemoWorkforce, ext: &str, measure: &str) -> OutcomeStatus {
    let as_of = d.as_of;
    let emp = d.employees.iter().find(|e| e.external_id == ext).unwrap();
    let (measure_id, vs, baseline) = match measure {
        "audiogram" => (catalog::M_AUDIOGRAM, catalog::VS_AUDIOMETRY, 180),
        "tb_screening" => (catalog::M_TB, catalog::VS_TB, 30),
        "hazwoper" => (catalog::M_HAZWOPER, catalog::VS_HAZWOPER, 0),
        _ => (catalog::M_FLU, catalog::VS_FLU, 30),
    };
    let codes: BTreeSet<(String, String)> = catalog::value_sets()
        .into_iter()
        .find(|v| v.id == vs)
        .unwrap()
        .codes
        .into_iter()
        .map(|c| (c.system, c.code))
        .collect();
    let records: Vec<&Value> = d
        .resources
        .iter()
        .filter(|r| {
            ww_store::fhir_resources::patient_id_of(r).as_deref() == Some(ext)
                && r["resourceType"] != "Patient"
                && codes_of(r).iter().any(|c| codes.contains(c))
        })
        .collect();
    let waived = d
        .waivers
        .iter()
        .any(|w| w.employee_id == emp.id && w.measure_id == measure_id && w.is_active_on(as_of));
    let start = emp.start_date.unwrap();
    let within_baseline = (as_of - start).num_days() <= baseline;

    if measure == "flu_vaccination" {
        let (season_start, season_end, deadline) = demo::flu_season(as_of);
        let in_season = |r: &Value| {
            event_date(r).is_some_and(|e| e >= season_start && e <= season_end && e <= as_of)
        };
        if records
            .iter()
            .any(|r| in_season(r) && r["status"] == "completed")
        {
            return OutcomeStatus::Compliant;
        }
        let declined = records.iter().any(|r| {
            in_season(r)
                && r["status"] == "not-done"
                && ["IMMUNE", "MEDPREC", "PATOBJ"].contains(
                    &r["statusReason"]["coding"][0]["code"]
                        .as_str()
                        .unwrap_or(""),
                )
        });
        if waived || declined {
            return OutcomeStatus::Excluded;
        }
        if within_baseline {
            return OutcomeStatus::DueSoon;
        }
        if records.is_empty() {
            return OutcomeStatus::MissingData;
        }
        return if as_of < deadline {
            OutcomeStatus::DueSoon
        } else {
            OutcomeStatus::Overdue
        };
    }

    if waived {
        return OutcomeStatus::Excluded;
    }
    let last = records
        .iter()
        .filter(|r| {
            matches!(
                r["status"].as_str(),
                Some("completed" | "final" | "amended" | "corrected")
            )
        })
        .filter_map(|r| event_date(r))
        .filter(|e| *e <= as_of)
        .max();
    let Some(last) = last else {
        return if within_baseline {
            OutcomeStatus::DueSoon
        } else {
            OutcomeStatus::MissingData
        };
    };
    let since = (as_of - last).num_days();
    if since > 365 {
        OutcomeStatus::Overdue
    } else if since > 365 - 30 {
        OutcomeStatus::DueSoon
    } else {
        OutcomeStatus::Compliant
    }
}

#[test]
fn planned_counts_for_the_default_demo() {
    let d = demo::generate(&DemoOptions::as_of(date(2026, 11, 29))).unwrap();
    let counts: BTreeMap<_, usize> = d
        .planned_counts()
        .into_iter()
        .map(|(m, s)| (m, s.values().sum()))
        .collect();
    // Populations: exposed roles per measure; flu = every active employee.
    assert_eq!(counts["flu_vaccination"], 198);
    assert_eq!(counts["audiogram"], 74);
    assert_eq!(counts["tb_screening"], 52);
    assert_eq!(counts["hazwoper"], 30);
}
