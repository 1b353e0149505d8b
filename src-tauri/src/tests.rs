//! Headless tests of the command bodies on one demo database (created once per test binary).

use crate::state::App;
use std::sync::OnceLock;

fn demo() -> &'static App {
    static APP: OnceLock<(tempfile::TempDir, App)> = OnceLock::new();
    let (_, app) = APP.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("workwell.db")).unwrap();
        (dir, app)
    });
    app
}

fn rows(table: &str) -> i64 {
    let status = crate::commands::status::status(demo()).unwrap();
    status
        .tables
        .iter()
        .find(|t| t.table == table)
        .unwrap_or_else(|| panic!("no table {table}"))
        .rows
}

#[test]
fn first_launch_loads_the_demo_content() {
    assert!(demo().created());
    assert_eq!(rows("measures"), 4);
    assert_eq!(rows("employees"), 200);
    assert!(rows("fhir_resources") > 200);
}

#[test]
fn measures_lists_four_active_demo_measures() {
    let list = crate::commands::measures::measures(demo()).unwrap();
    assert_eq!(list.len(), 4);
    for m in &list {
        assert!(
            m.versions.iter().any(|v| v.status == "ACTIVE"),
            "{} has an ACTIVE version",
            m.name
        );
    }
}

#[test]
fn overview_has_a_card_per_active_measure() {
    let o = crate::commands::overview::overview(demo()).unwrap();
    assert_eq!(o.programs.len(), 4);
    let names: Vec<String> = o.programs.iter().map(|p| p.name.to_lowercase()).collect();
    for program in ["hearing", "tb", "flu", "hazwoper"] {
        assert!(
            names.iter().any(|n| n.contains(program)),
            "{program} in {names:?}"
        );
    }
}

#[test]
fn employees_lists_the_demo_workforce() {
    let list = crate::commands::employees::employees(demo()).unwrap();
    assert_eq!(list.len(), 200);
    assert!(list.iter().all(|e| !e.external_id.is_empty()));
}

#[test]
fn a_bad_case_filter_is_invalid_input() {
    let q = crate::dto::CaseQuery {
        status: Some("SOMETIMES".into()),
        limit: 10,
        ..Default::default()
    };
    let err = crate::commands::cases::cases(demo(), &q).unwrap_err();
    assert_eq!(err.code(), crate::error::ErrorCode::InvalidInput);
    let q = crate::dto::CaseQuery {
        limit: 0,
        ..Default::default()
    };
    let err = crate::commands::cases::cases(demo(), &q).unwrap_err();
    assert_eq!(err.code(), crate::error::ErrorCode::InvalidInput);
}

#[test]
fn the_seeded_ledger_verifies() {
    let events = crate::commands::audit::events(demo(), None, 0, 50).unwrap();
    assert!(!events.is_empty(), "seeding writes audit events");
    assert!(events.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let check = crate::commands::audit::verify(demo()).unwrap();
    assert!(check.intact, "{:?}", check.problems);
    assert!(check.checked >= events.len() as u64);
    assert!(check.problems.iter().all(|p| !p.fails));
}

#[test]
fn terminology_views_show_the_seeded_content() {
    let sets = crate::commands::terminology::value_sets(demo()).unwrap();
    assert!(sets.len() >= 4);
    assert!(sets.iter().any(
        |v| v.id == "a0000001-0000-0000-0000-000000000001" && v.resolution_status == "RESOLVED"
    ));
    let mappings = crate::commands::terminology::mappings(demo()).unwrap();
    let approved = mappings.iter().filter(|m| m.status == "APPROVED").count();
    assert_eq!((mappings.len(), approved), (5, 3));
    let integrations = crate::commands::terminology::integrations(demo()).unwrap();
    let mut ids: Vec<&str> = integrations.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["ai", "fhir", "hris", "mcp"]);
}
