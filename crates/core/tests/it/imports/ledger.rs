//! QA G22: imports left only counts in the ledger. The roster import records each employee
//! it created or changed (fields old -> new) and the file's SHA-256; the FHIR import records
//! each file's SHA-256 and the counts per resource type.

use crate::support::Db;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use ww_core::import::{import_fhir, import_roster};

const HEADER: &str =
    "external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `(entity_id, payload)` of the events of `event_type`, oldest first.
fn events(db: &Db, event_type: &str) -> Vec<(Option<String>, Value)> {
    let mut stmt = db
        .conn
        .prepare(
            "SELECT entity_id, payload_json FROM audit_events WHERE event_type = ?1 ORDER BY id",
        )
        .unwrap();
    let rows = stmt
        .query_map([event_type], |r| {
            let payload: String = r.get(1)?;
            Ok((r.get(0)?, serde_json::from_str(&payload).unwrap()))
        })
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

fn absolute(p: &Path) -> String {
    std::fs::canonicalize(p).unwrap().display().to_string()
}

#[test]
fn roster_import_records_each_changed_employee_and_the_file_hash() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "r1.csv",
        &format!(
            "{HEADER}Q014,Ann Lee,Nurse,Plant A,,2020-01-01,,true\n\
             Q015,Bo Diaz,Lab Technician,Plant A,Q014,2021-03-01,,true\n\
             Q016,Cy Wu,Welder,Plant B,,2019-05-05,,true\n"
        ),
    );
    let r = import_roster(&mut db.conn, &first, "hr.admin").unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (3, 0, 0));
    let created = events(&db, "EMPLOYEE_UPDATED");
    assert_eq!(created.len(), 3);
    let q015 = ww_store::employees::get_by_external_id(&db.conn, "Q015")
        .unwrap()
        .unwrap()
        .id
        .to_string();
    assert_eq!(created[1].0.as_deref(), Some(q015.as_str()));
    assert_eq!(
        created[1].1,
        json!({
            "source": "ROSTER_IMPORT", "change": "CREATED", "externalId": "Q015",
            "file": absolute(&first),
            "sha256": "d422d40fc39d817f841230d2cfd664082de4a259c83f85a6de45411df81a672d",
            "line": 3,
            "fields": {
                "externalId": "Q015", "name": "Bo Diaz", "role": "Lab Technician",
                "site": "Plant A", "supervisor": "Q014", "startDate": "2021-03-01",
                "active": true, "fhirPatientId": null,
            },
        })
    );

    // Q014 as it was; Q015 leaves TB (role); Q016 moves site, gets a supervisor, leaves.
    let second = write(
        dir.path(),
        "r2.csv",
        &format!(
            "{HEADER}Q014,Ann Lee,Nurse,Plant A,,2020-01-01,,true\n\
             Q015,Bo Diaz,Office Administrator,Plant A,Q014,2021-03-01,,true\n\
             Q016,Cy Wu,Welder,Plant C,Q014,2019-05-05,,false\n"
        ),
    );
    let r = import_roster(&mut db.conn, &second, "hr.admin").unwrap();
    assert_eq!(
        (r.rows, r.inserted, r.updated, r.unchanged, r.linked),
        (3, 0, 2, 1, 0)
    );
    let all = events(&db, "EMPLOYEE_UPDATED");
    assert_eq!(all.len(), 5, "no event for the unchanged Q014");
    let fields = |i: usize| (all[i].1["externalId"].clone(), all[i].1["fields"].clone());
    assert_eq!(
        fields(3),
        (
            json!("Q015"),
            json!({"role": {"old": "Lab Technician", "new": "Office Administrator"}})
        )
    );
    assert_eq!(
        fields(4),
        (
            json!("Q016"),
            json!({
                "site": {"old": "Plant B", "new": "Plant C"},
                "supervisor": {"old": null, "new": "Q014"},
                "active": {"old": true, "new": false},
            })
        )
    );
    assert_eq!(all[4].1["change"], "UPDATED");
    assert_eq!(all[4].1["line"], 4);
    let imported = events(&db, "EMPLOYEES_IMPORTED");
    let last = &imported.last().unwrap().1;
    assert_eq!(last["file"], second.display().to_string());
    assert_eq!(last["path"], absolute(&second));
    assert_eq!(
        last["sha256"],
        "2a27d86eda0884bd775ec7d37e827864cc369717fcc850b46dcfa9e7ab7cf431"
    );
    assert_eq!(last["bytes"], 242);
    assert_eq!(
        last["report"],
        json!({"rows": 3, "inserted": 0, "updated": 2, "linked": 0, "unchanged": 1})
    );
    assert_eq!(last["employeeEvents"]["count"], 2);

    // The same file again changes nothing and says so.
    let r = import_roster(&mut db.conn, &second, "hr.admin").unwrap();
    assert_eq!((r.updated, r.unchanged), (0, 3));
    assert_eq!(events(&db, "EMPLOYEE_UPDATED").len(), 5);
}

/// A FHIR placeholder taken over by a roster row is recorded as LINKED with its renamed
/// external id; a refused roster records no employee event (one transaction).
#[test]
fn roster_link_is_itemised_and_a_refused_roster_records_no_employee_event() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let fhir = write(
        dir.path(),
        "p.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"pat-9\",\"name\":[{\"family\":\"Lee\",\"given\":[\"Ann\"]}]}\n",
    );
    import_fhir(&mut db.conn, std::slice::from_ref(&fhir), "t").unwrap();
    let bad = write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER}emp-9,Ann Lee,Nurse,Clinic,emp-77,2021-04-01,pat-9,true\n"),
    );
    assert!(import_roster(&mut db.conn, &bad, "t").is_err());
    assert_eq!(events(&db, "EMPLOYEE_UPDATED").len(), 0);
    // The refusal names the file it refused by its hash too.
    let refused = events(&db, "INTEGRATION_SYNCED");
    let refused = &refused.last().unwrap().1;
    assert_eq!(refused["result"], "FAILED");
    assert_eq!(refused["source"]["path"], absolute(&bad));
    assert_eq!(refused["source"]["sha256"].as_str().map(str::len), Some(64));
    let roster = write(
        dir.path(),
        "r.csv",
        &format!("{HEADER}emp-9,Ann Lee,Nurse,Clinic,,2021-04-01,pat-9,true\n"),
    );
    let r = import_roster(&mut db.conn, &roster, "t").unwrap();
    assert_eq!((r.linked, r.updated, r.unchanged), (1, 0, 0));
    let linked = events(&db, "EMPLOYEE_UPDATED");
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].1["change"], "LINKED");
    assert_eq!(
        linked[0].1["fields"],
        json!({
            "externalId": {"old": "pat-9", "new": "emp-9"},
            "role": {"old": null, "new": "Nurse"},
            "site": {"old": null, "new": "Clinic"},
            "startDate": {"old": null, "new": "2021-04-01"},
            "active": {"old": false, "new": true},
        })
    );
}

#[test]
fn fhir_import_records_each_file_hash_and_the_counts_per_type() {
    let mut db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let patients = write(
        dir.path(),
        "p.ndjson",
        "{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"name\":[{\"family\":\"Lee\",\"given\":[\"Ann\"]}]}\n\
         {\"resourceType\":\"Patient\",\"id\":\"pat-2\"}\n",
    );
    let shots = dir.path().join("shots");
    std::fs::create_dir(&shots).unwrap();
    let imm = write(
        &shots,
        "i.ndjson",
        "{\"resourceType\":\"Immunization\",\"id\":\"imm-1\",\"status\":\"completed\",\
         \"vaccineCode\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/cvx\",\"code\":\"140\"}]},\
         \"patient\":{\"reference\":\"Patient/pat-1\"},\"occurrenceDateTime\":\"2022-10-01\"}\n",
    );
    import_fhir(&mut db.conn, &[patients.clone(), shots.clone()], "t").unwrap();
    let payload = &events(&db, "FHIR_IMPORTED")[0].1;
    assert_eq!(
        payload["sources"],
        json!([
            {
                "file": patients.display().to_string(), "path": absolute(&patients),
                "sha256": "088e4c68584adcd16b038221cfba75af32cc7e5f80a5071d37fb0f83dea94dc7",
                "bytes": 122, "resources": 2,
            },
            {
                "file": imm.display().to_string(), "path": absolute(&imm),
                "sha256": "573cb9f63b2e0d29928c149925ef10b200ba9db24365b1f09328380bd6fc0312",
                "bytes": 221, "resources": 1,
            },
        ])
    );
    assert_eq!(
        payload["counts"],
        json!({
            "Immunization": {"inserted": 1, "updated": 0},
            "Patient": {"inserted": 2, "updated": 0},
        })
    );
}
