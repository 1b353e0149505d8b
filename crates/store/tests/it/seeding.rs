//! Standard content and `init`-style loading: contents, and idempotence (a second load
//! changes no row count).

use ww_store::db;
use ww_store::enums::{IntegrationStatus, MappingStatus, MeasureVersionStatus, ResolutionStatus};
use ww_store::seed::demo::DemoOptions;
use ww_store::seed::{self, catalog};
use ww_store::{integration_health, measures, terminology_mappings, value_sets};

#[test]
fn standard_content_is_what_a_site_starts_with() {
    let mut conn = db::open_in_memory().unwrap();
    let r = seed::load_standard(&mut conn).unwrap();
    assert_eq!(r.measures, 4);
    assert_eq!(r.value_sets, 5);
    assert_eq!(r.value_set_links, 4);
    assert_eq!(r.mappings, 5);
    assert_eq!(r.integrations, 4);
    assert_eq!(r.templates, 3);
    assert_eq!(r.settings, 2);
    assert_eq!(r.osha_references, catalog::OSHA_REFERENCES.len());

    let active = measures::list_active(&conn).unwrap();
    assert_eq!(active.len(), 4);
    for (m, v) in &active {
        assert_eq!(v.status, MeasureVersionStatus::Active);
        assert_eq!(v.version, "1.0");
        assert!(
            v.cql_text
                .as_deref()
                .unwrap()
                .contains("define \"Outcome Status\""),
            "{}",
            m.name
        );
        let linked = measures::linked_value_sets(&conn, v.id).unwrap();
        assert_eq!(linked.len(), 1);
        assert_eq!(v.spec_json["valueSets"][0], linked[0].to_string());
    }

    for n in 1..=4u128 {
        let id = ww_store::ids::ValueSetId(uuid::Uuid::from_u128(
            0xa0000001_0000_0000_0000_000000000000 + n,
        ));
        let vs = value_sets::get(&conn, id)
            .unwrap()
            .expect("fixed value set id");
        assert_eq!(vs.resolution_status, ResolutionStatus::Resolved);
        assert_eq!(
            vs.expansion_hash.as_deref(),
            Some(value_sets::expansion_hash(&vs.codes).as_str())
        );
        assert!(!vs.code_systems.is_empty());
    }
    let audiometry = value_sets::get(&conn, catalog::VS_AUDIOMETRY)
        .unwrap()
        .unwrap();
    let codes: Vec<&str> = audiometry.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["92552", "92553", "92557", "398171003", "89015-2"]);
    let flu = value_sets::get(&conn, catalog::VS_FLU).unwrap().unwrap();
    assert!(flu.codes.iter().any(|c| c.code == "140"));
    assert!(flu.codes.iter().any(|c| c.code == "141"));

    let mappings = terminology_mappings::list(&conn, None).unwrap();
    let count = |s| mappings.iter().filter(|m| m.mapping_status == s).count();
    assert_eq!(count(MappingStatus::Approved), 3);
    assert_eq!(count(MappingStatus::Reviewed), 1);
    assert_eq!(count(MappingStatus::Proposed), 1);

    let ints = integration_health::list(&conn).unwrap();
    let ids: Vec<&str> = ints.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["ai", "fhir", "hris", "mcp"]);
    for i in &ints {
        if i.id == "ai" || i.id == "mcp" {
            assert_eq!(i.status, IntegrationStatus::NotConfigured);
        }
    }
    for citation in [
        "29 CFR 1904",
        "29 CFR 1910.95",
        "29 CFR 1910.120",
        "29 CFR 1910.134",
        "29 CFR 1910.1020",
        "29 CFR 1910.1025",
        "29 CFR 1910.1030",
        "29 CFR 1910.1053",
        "29 CFR 1910.1096",
    ] {
        assert!(
            ww_store::osha_references::get_by_citation(&conn, citation)
                .unwrap()
                .is_some(),
            "{citation}"
        );
    }
}

#[test]
fn a_second_load_changes_no_row_count() {
    let mut conn = db::open_in_memory().unwrap();
    seed::load_standard(&mut conn).unwrap();
    let opts = DemoOptions::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    let first = seed::demo::load_demo(&mut conn, &opts).unwrap();
    assert!(!first.already_present);
    assert_eq!(first.employees, 200);
    let before = db::table_counts(&conn).unwrap();

    let again = seed::load_standard(&mut conn).unwrap();
    assert_eq!(again.total(), 0);
    let demo_again = seed::demo::load_demo(&mut conn, &opts).unwrap();
    assert!(demo_again.already_present);
    assert_eq!(db::table_counts(&conn).unwrap(), before);
}

#[test]
fn init_twice_on_a_file_changes_no_row_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ww.db");
    let opts = DemoOptions::as_of(chrono::NaiveDate::from_ymd_opt(2026, 5, 6).unwrap());
    let counts = || {
        let mut conn = ww_store::open(&path).unwrap();
        seed::load_standard(&mut conn).unwrap();
        seed::demo::load_demo(&mut conn, &opts).unwrap();
        db::table_counts(&conn).unwrap()
    };
    let first = counts();
    let second = counts();
    assert_eq!(first, second);
    let get = |t: &str| first.iter().find(|(n, _)| n == t).unwrap().1;
    assert_eq!(get("employees"), 200);
    assert_eq!(get("measures"), 4);
    assert_eq!(get("audit_events"), 2);
    assert!(get("fhir_resources") > 400);
}

/// QA3 H15: the seeded ACTIVE versions carry their approval time, and V38 fills it in for a
/// database seeded before (approved_by set, approved_at NULL) without touching the rule.
#[test]
fn seeded_versions_are_approved_at_their_activation_and_v38_repairs_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ww.db");
    let mut conn = db::open(&path).unwrap();
    seed::load_standard(&mut conn).unwrap();
    let approved = |conn: &rusqlite::Connection| -> Vec<(Option<String>, Option<String>)> {
        let mut stmt = conn
            .prepare("SELECT approved_at, activated_at FROM measure_versions ORDER BY id")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        rows
    };
    let seeded = approved(&conn);
    assert_eq!(seeded.len(), 4);
    assert!(
        seeded.iter().all(|(a, b)| a.is_some() && a == b),
        "{seeded:?}"
    );

    // A file seeded before V38: approved_at NULL, and V38 not yet applied.
    let cql_before: Vec<String> = conn
        .prepare("SELECT cql_text FROM measure_versions ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    conn.execute_batch(
        "UPDATE measure_versions SET approved_at = NULL; \
         DELETE FROM refinery_schema_history WHERE version = 38;",
    )
    .unwrap();
    drop(conn);
    let conn = db::open(&path).unwrap();
    assert_eq!(approved(&conn), seeded);
    let cql_after: Vec<String> = conn
        .prepare("SELECT cql_text FROM measure_versions ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cql_before, cql_after);
}
