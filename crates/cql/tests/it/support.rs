//! Shared by the fixture tests and the benchmark: the demo value sets' codes (as the
//! seeded catalog declares them), the seeded measures and their fixtures, and the
//! parameters the runs engine passes (team conventions: Measurement Period = as-of - 1
//! year .. as-of 23:59:59.999).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use ww_cql::{parameter_value, parse_now, DateTime, InMemoryData, InMemoryTerminology, Value};

const CPT: &str = "http://www.ama-assn.org/go/cpt";
const SNOMED: &str = "http://snomed.info/sct";
const LOINC: &str = "http://loinc.org";
const CVX: &str = "http://hl7.org/fhir/sid/cvx";
const BASE: &str = "https://workwell-demo.dev/fhir/ValueSet/";

/// The seeded measures: (fixture folder id, CQL file in `seeds/`).
pub const MEASURES: &[(&str, &str)] = &[
    ("b0000001-0000-0000-0000-000000000001", "audiogram.cql"),
    ("b0000001-0000-0000-0000-000000000002", "tb_screening.cql"),
    (
        "b0000001-0000-0000-0000-000000000003",
        "flu_vaccination.cql",
    ),
    ("b0000001-0000-0000-0000-000000000004", "hazwoper.cql"),
];

pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds")
}

/// The demo value sets by canonical URL.
pub fn terminology() -> InMemoryTerminology {
    let mut t = InMemoryTerminology::new();
    t.add_value_set(
        &format!("{BASE}audiometry"),
        [
            (CPT, "92552"),
            (CPT, "92553"),
            (CPT, "92557"),
            (SNOMED, "398171003"),
            (LOINC, "89015-2"),
        ],
    );
    t.add_value_set(
        &format!("{BASE}tb-screening"),
        [
            (CPT, "86580"),
            (CPT, "86480"),
            (CPT, "86481"),
            (LOINC, "71773-6"),
        ],
    );
    let flu = [
        "88", "135", "140", "141", "144", "149", "150", "153", "155", "158", "161", "166", "168",
        "171", "185", "186", "197", "205",
    ];
    t.add_value_set(
        &format!("{BASE}influenza-vaccines"),
        flu.iter().map(|c| (CVX, *c)),
    );
    t.add_value_set(
        &format!("{BASE}hazwoper-surveillance"),
        [
            (
                "https://workwell-demo.dev/fhir/CodeSystem/local-exams",
                "HAZWOPER-MED",
            ),
            (CPT, "99455"),
            (CPT, "99456"),
        ],
    );
    t.add_value_set(
        &format!("{BASE}hepatitis-b-vaccines"),
        [(CVX, "43"), (CVX, "189")],
    );
    t
}

/// One fixture: its data, parameters, evaluation time and expected status.
pub struct Fixture {
    pub name: String,
    pub data: InMemoryData,
    pub patient: String,
    pub params: HashMap<String, Value>,
    pub now: DateTime,
    pub expected: String,
}

/// Reads every fixture of one measure folder.
pub fn fixtures(measure_id: &str) -> Vec<Fixture> {
    let dir = seeds_dir().join("fixtures").join(measure_id);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
        .map(|p| {
            let j: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let as_of = j["asOf"].as_str().unwrap().to_string();
            let now = parse_now(&format!("{as_of}T12:00:00.000Z")).unwrap();
            let e = &j["employee"];
            let mut params = HashMap::new();
            let mut set = |name: &str, expr: String| {
                params.insert(name.to_string(), parameter_value(&expr, now).unwrap());
            };
            let year: i32 = as_of[..4].parse().unwrap();
            set(
                "Measurement Period",
                format!(
                    "Interval[@{}{}T00:00:00.000Z, @{as_of}T23:59:59.999Z]",
                    year - 1,
                    &as_of[4..]
                ),
            );
            set(
                "Employee Role",
                format!("'{}'", e["role"].as_str().unwrap_or("")),
            );
            set(
                "Employee Site",
                format!("'{}'", e["site"].as_str().unwrap_or("")),
            );
            set(
                "Employee Start Date",
                format!("@{}", e["startDate"].as_str().unwrap()),
            );
            set(
                "Employee Active",
                e["active"].as_bool().unwrap_or(true).to_string(),
            );
            set(
                "Has Active Waiver",
                e["hasActiveWaiver"].as_bool().unwrap_or(false).to_string(),
            );
            let mut data = InMemoryData::new();
            data.add(j["bundle"].clone(), &p.display().to_string())
                .unwrap();
            Fixture {
                name: j["name"].as_str().unwrap_or("").to_string(),
                data,
                patient: e["patientId"].as_str().unwrap_or("").to_string(),
                params,
                now,
                expected: j["expectedStatus"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect()
}
