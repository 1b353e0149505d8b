//! The Synthea Bulk Data samples in `../shared/fhir-samples` (read in place, never copied).

use std::collections::BTreeMap;
use std::path::PathBuf;
use ww_fhir::read_paths;

fn samples(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fhir-samples")
        .join(sub)
}

fn counts(resources: &[ww_fhir::Resource]) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for r in resources {
        *map.entry(r.resource_type.clone()).or_default() += 1;
    }
    map
}

#[test]
fn synthea_100_has_patients_and_immunizations() {
    let all = read_paths(&[samples("synthea-100")]).unwrap();
    let c = counts(&all);
    assert_eq!(c.get("Patient"), Some(&120));
    assert_eq!(c.get("Immunization"), Some(&1818));
    assert_eq!(c.len(), 2);
    // Every immunization names its patient, and that patient is in the file.
    let patients: std::collections::HashSet<_> = all
        .iter()
        .filter(|r| r.resource_type == "Patient")
        .map(|r| r.id.clone())
        .collect();
    for r in all.iter().filter(|r| r.resource_type == "Immunization") {
        let pid = r.patient_id.as_ref().expect("immunization has a patient");
        assert!(patients.contains(pid), "{pid} unknown");
    }
    let first = &all[0];
    assert!(first.origin.file.ends_with("Immunization.000.ndjson"));
    assert_eq!(first.origin.line, 1);
    assert_eq!(first.id, "0000e3ef-3cf9-572b-f476-6398236b3624");
    assert_eq!(
        first.patient_id.as_deref(),
        Some("8fb4ba44-2680-3ba1-bd88-d1b3dc36746e")
    );
}

#[test]
fn synthea_10_adds_procedures_with_performed_period() {
    let all = read_paths(&[samples("synthea-10")]).unwrap();
    let c = counts(&all);
    assert_eq!(c.get("Patient"), Some(&13));
    assert_eq!(c.get("Procedure"), Some(&2056));
    assert_eq!(c.get("Condition"), Some(&555));
    assert_eq!(c.get("Encounter"), Some(&1215));
    assert_eq!(c.get("AllergyIntolerance"), Some(&11));
    assert_eq!(c.get("Immunization"), Some(&161));
    let hearing: Vec<_> = all
        .iter()
        .filter(|r| r.resource_type == "Procedure")
        .filter(|r| r.json["code"]["coding"][0]["code"] == "398171003")
        .collect();
    assert!(
        !hearing.is_empty(),
        "synthea-10 carries hearing examinations"
    );
    for h in &hearing {
        assert!(h.json["performedPeriod"]["start"].is_string());
        assert!(h.patient_id.is_some());
    }
    // Lines are NDJSON line numbers.
    let last_proc = all
        .iter()
        .rfind(|r| r.resource_type == "Procedure")
        .unwrap();
    assert_eq!(last_proc.origin.line, 2056);
}

#[test]
fn synthea_10_patients_repeat_in_synthea_100() {
    let small = read_paths(&[samples("synthea-10")]).unwrap();
    let big = read_paths(&[samples("synthea-100")]).unwrap();
    let big_ids: std::collections::HashSet<_> = big
        .iter()
        .filter(|r| r.resource_type == "Patient")
        .map(|r| r.id.as_str())
        .collect();
    let repeated = small
        .iter()
        .filter(|r| r.resource_type == "Patient")
        .filter(|r| big_ids.contains(r.id.as_str()))
        .count();
    assert_eq!(repeated, 13);
}

#[test]
fn whole_sample_folder_walks_recursively_and_skips_license() {
    let all = read_paths(&[samples("")]).unwrap();
    assert_eq!(all.len(), 120 + 1818 + 13 + 2056 + 555 + 1215 + 11 + 161);
}
