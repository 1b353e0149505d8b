//! Keyset paging gives exactly the rows and order of OFFSET paging, for every filter.

use super::*;
use crate::cases::{list_cases, AssigneeFilter, Page};
use rusqlite::params;
use ww_store::enums::CaseStatus;
use ww_store::ids::MeasureId;

const RUN: &str = "b3000000-0000-4000-8000-000000000001";

/// 90 cases over the four standard measures and 30 employees at 3 sites, with every
/// priority and status, and runs of equal `updated_at` so the id decides ties.
fn db() -> (Connection, Vec<MeasureId>) {
    let mut conn = ww_store::db::open_in_memory().unwrap();
    ww_store::seed::load_standard(&mut conn).unwrap();
    let active = ww_store::measures::list_active(&conn).unwrap();
    conn.execute(
        "INSERT INTO runs (id, scope_type, trigger_type, status, started_at, \
         measurement_period_start, measurement_period_end) VALUES (?1, 'ALL_PROGRAMS', \
         'MANUAL', 'COMPLETED', '2026-05-06T00:00:00.000Z', '2025-05-06T00:00:00.000Z', \
         '2026-05-06T23:59:59.999Z')",
        [RUN],
    )
    .unwrap();
    let statuses = [
        "OPEN",
        "IN_PROGRESS",
        "OPEN",
        "RESOLVED",
        "CLOSED",
        "EXCLUDED",
        "OPEN",
    ];
    let priorities = ["LOW", "MEDIUM", "HIGH", "CRITICAL", "HIGH"];
    for i in 0..30u32 {
        let emp = format!("e0000000-0000-4000-8000-{i:012}");
        conn.execute(
            "INSERT INTO employees (id, external_id, name, role, site) VALUES (?1, ?2, ?3, 'Welder', ?4)",
            params![emp, format!("emp-{i:03}"), format!("Employee {i}"), format!("Site {}", i % 3)],
        )
        .unwrap();
        for k in 0..3u32 {
            let j = i * 3 + k;
            // Every fourth instant is shared by several cases: the id breaks the tie.
            let at = format!("2026-05-{:02}T10:00:00.000Z", 1 + (j / 4) % 20);
            let (_, version) = &active[(j % 4) as usize];
            conn.execute(
                "INSERT INTO cases (id, employee_id, measure_version_id, evaluation_period, \
                 status, priority, assignee, current_outcome_status, next_action, last_run_id, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, '2026', ?4, ?5, ?6, 'OVERDUE', \
                 'Schedule the exam', ?7, ?8, ?8)",
                params![
                    format!("c0000000-0000-4000-8000-{:012}", (j * 7919) % 1000),
                    emp,
                    version.id.to_string(),
                    statuses[(j % 7) as usize],
                    priorities[(j % 5) as usize],
                    (j % 4 == 0).then(|| format!("nurse-{}", j % 3)),
                    RUN,
                    at
                ],
            )
            .unwrap();
        }
    }
    (conn, active.into_iter().map(|(m, _)| m.id).collect())
}

/// Every case matching `filter` by walking keyset pages of `size` rows.
fn walk(conn: &Connection, filter: &CaseFilter, size: u32) -> (u64, Vec<CaseId>) {
    let mut after = None;
    let mut ids = Vec::new();
    loop {
        let page = list_after(
            conn,
            filter,
            &KeysetPage {
                after: after.take(),
                skip: 0,
                limit: size,
            },
        )
        .unwrap();
        ids.extend(page.items.iter().map(|c| c.id));
        match page.next {
            Some(next) => after = Some(next.parse::<CaseCursor>().unwrap()),
            None => return (page.total, ids),
        }
    }
}

fn offset_ids(conn: &Connection, filter: &CaseFilter) -> (u64, Vec<CaseId>) {
    let page = list_cases(
        conn,
        filter,
        Page {
            offset: 0,
            limit: MAX_PAGE,
        },
    )
    .unwrap();
    (page.total, page.items.iter().map(|c| c.id).collect())
}

fn filters(measure: MeasureId) -> Vec<(&'static str, CaseFilter)> {
    let open = || CaseFilter {
        status: Some(StatusFilter::Open),
        ..CaseFilter::default()
    };
    vec![
        ("every case", CaseFilter::default()),
        ("open", open()),
        (
            "IN_PROGRESS",
            CaseFilter {
                status: Some(StatusFilter::Is(CaseStatus::InProgress)),
                ..CaseFilter::default()
            },
        ),
        (
            "open + measure",
            CaseFilter {
                measure_id: Some(measure),
                ..open()
            },
        ),
        (
            "open + HIGH",
            CaseFilter {
                priority: Some(Priority::High),
                ..open()
            },
        ),
        (
            "open + site",
            CaseFilter {
                site: Some("Site 1".into()),
                ..open()
            },
        ),
        (
            "open + site in other case",
            CaseFilter {
                site: Some(" site 1".into()),
                ..open()
            },
        ),
        (
            "assignee part in other case",
            CaseFilter {
                assignee: Some(AssigneeFilter::Named("NURSE".into())),
                ..CaseFilter::default()
            },
        ),
        (
            "unassigned",
            CaseFilter {
                assignee: Some(AssigneeFilter::Unassigned),
                ..CaseFilter::default()
            },
        ),
        (
            "nurse-1",
            CaseFilter {
                assignee: Some(AssigneeFilter::Named("nurse-1".into())),
                ..CaseFilter::default()
            },
        ),
    ]
}

#[test]
fn keyset_pages_list_the_same_cases_in_the_same_order_as_offset_pages() {
    let (conn, measures) = db();
    for (name, filter) in filters(measures[0]) {
        let (total, expected) = offset_ids(&conn, &filter);
        assert!(
            !expected.is_empty(),
            "{name}: the fixture has matching cases"
        );
        assert_eq!(total, expected.len() as u64, "{name}");
        for size in [1, 4, 7, 100] {
            let (t, got) = walk(&conn, &filter, size);
            assert_eq!(t, total, "{name}, pages of {size}: total");
            assert_eq!(got, expected, "{name}, pages of {size}: rows and order");
        }
    }
    let (total, all) = offset_ids(&conn, &CaseFilter::default());
    assert_eq!((total, all.len()), (90, 90));
}

#[test]
fn skipping_after_a_cursor_equals_the_offset_page() {
    let (conn, _) = db();
    let open = CaseFilter {
        status: Some(StatusFilter::Open),
        ..CaseFilter::default()
    };
    let first = list_after(
        &conn,
        &open,
        &KeysetPage {
            after: None,
            skip: 0,
            limit: 5,
        },
    )
    .unwrap();
    let after: CaseCursor = first.next.clone().unwrap().parse().unwrap();
    assert_eq!(after, CaseCursor::of(&first.items[4]));
    let jumped = list_after(
        &conn,
        &open,
        &KeysetPage {
            after: Some(after),
            skip: 10,
            limit: 5,
        },
    )
    .unwrap();
    let by_offset = list_cases(
        &conn,
        &open,
        Page {
            offset: 15,
            limit: 5,
        },
    )
    .unwrap();
    assert_eq!(jumped.items, by_offset.items);
    assert_eq!(jumped.total, by_offset.total);
    // From the start, `skip` is a plain offset.
    let from_start = list_after(
        &conn,
        &open,
        &KeysetPage {
            after: None,
            skip: 15,
            limit: 5,
        },
    )
    .unwrap();
    assert_eq!(from_start.items, by_offset.items);
}

#[test]
fn the_last_page_has_no_next_cursor() {
    let (conn, _) = db();
    let progress = CaseFilter {
        status: Some(StatusFilter::Is(CaseStatus::InProgress)),
        ..CaseFilter::default()
    };
    let all = list_after(
        &conn,
        &progress,
        &KeysetPage {
            after: None,
            skip: 0,
            limit: 1000,
        },
    )
    .unwrap();
    assert_eq!(all.total, 13);
    assert_eq!(all.items.len(), 13);
    assert_eq!(all.next, None);
    // A full page may be the last one: the next page is then empty, without a cursor.
    let full = list_after(
        &conn,
        &progress,
        &KeysetPage {
            after: None,
            skip: 0,
            limit: 13,
        },
    )
    .unwrap();
    let after = full.next.unwrap().parse().unwrap();
    let empty = list_after(
        &conn,
        &progress,
        &KeysetPage {
            after: Some(after),
            skip: 0,
            limit: 13,
        },
    )
    .unwrap();
    assert_eq!((empty.total, empty.items.len(), empty.next), (13, 0, None));
}

#[test]
fn page_limits_out_of_range_are_refused() {
    let (conn, _) = db();
    for limit in [0, MAX_PAGE + 1] {
        let err = list_after(
            &conn,
            &CaseFilter::default(),
            &KeysetPage {
                after: None,
                skip: 0,
                limit,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid input: page limit {limit} must be between 1 and 1000")
        );
    }
}

#[test]
fn cursor_text_round_trips_and_bad_text_names_the_part() {
    let c = CaseCursor {
        priority: Priority::High,
        updated_at: "2026-05-06T14:03:00.123Z".into(),
        id: CaseId::parse("60000000-0000-4000-8000-000000000001").unwrap(),
    };
    let text = c.to_string();
    assert_eq!(
        text,
        "HIGH|2026-05-06T14:03:00.123Z|60000000-0000-4000-8000-000000000001"
    );
    assert_eq!(text.parse::<CaseCursor>().unwrap(), c);
    let check = |text: &str, what: &str| {
        let err = text.parse::<CaseCursor>().unwrap_err().to_string();
        assert_eq!(
            err,
            format!("invalid input: worklist cursor '{text}': {what}"),
            "{text}"
        );
    };
    check("", "expected PRIORITY|UPDATED_AT|CASE_ID");
    check(
        "HIGH|2026-05-06T14:03:00.123Z",
        "expected PRIORITY|UPDATED_AT|CASE_ID",
    );
    check(
        "HIGH|2026-05-06T14:03:00.123Z|x|y",
        "expected PRIORITY|UPDATED_AT|CASE_ID",
    );
    check(
        "URGENT|2026-05-06T14:03:00.123Z|60000000-0000-4000-8000-000000000001",
        "the priority is not LOW, MEDIUM, HIGH or CRITICAL",
    );
    check(
        "HIGH|yesterday|60000000-0000-4000-8000-000000000001",
        "the update time is not an ISO-8601 instant",
    );
    check(
        "HIGH|2026-05-06T14:03:00.123Z|42",
        "the case id is not a UUID",
    );
}

#[test]
fn open_cases_of_one_employee_only() {
    let (conn, _) = db();
    // Employee 0's cases j = 0, 1, 2: OPEN, IN_PROGRESS, OPEN.
    let e0 = EmployeeId::parse("e0000000-0000-4000-8000-000000000000").unwrap();
    let cases = open_cases_of(&conn, e0).unwrap();
    let statuses: Vec<CaseStatus> = cases.iter().map(|c| c.status).collect();
    assert_eq!(cases.len(), 3);
    assert!(cases.iter().all(|c| c.employee_external_id == "emp-000"));
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == CaseStatus::InProgress)
            .count(),
        1
    );
    // Employee 1's cases j = 3, 4, 5: RESOLVED, CLOSED, EXCLUDED; none open.
    let e1 = EmployeeId::parse("e0000000-0000-4000-8000-000000000001").unwrap();
    assert!(open_cases_of(&conn, e1).unwrap().is_empty());
}

#[test]
fn site_and_assignee_filters_ignore_case_and_match_part_of_the_assignee() {
    // QA H11: "plant b" and "Dana" found nothing; the worklist matched exactly.
    let (conn, _) = db();
    let count = |f: CaseFilter| offset_ids(&conn, &f).0;
    let site = |s: &str| CaseFilter {
        site: Some(s.into()),
        ..CaseFilter::default()
    };
    assert_eq!(count(site("Site 1")), 30);
    assert_eq!(count(site("site 1")), 30);
    assert_eq!(count(site("SITE 1 ")), 30);
    assert_eq!(count(site("Site")), 0, "a site is matched whole");
    let named = |s: &str| CaseFilter {
        assignee: Some(AssigneeFilter::Named(s.into())),
        ..CaseFilter::default()
    };
    // j % 4 == 0 is assigned to nurse-(j % 3): 23 cases, 8 of them nurse-1.
    assert_eq!(count(named("nurse-1")), 8);
    assert_eq!(count(named("Nurse-1")), 8);
    assert_eq!(count(named("NURSE")), 23);
    assert_eq!(count(named("rse-")), 23);
    // LIKE wildcards are plain characters.
    assert_eq!(count(named("%")), 0);
    assert_eq!(count(named("nurse_1")), 0);
    // Keyset pages agree with the case-insensitive filters too.
    let (total, ids) = walk(&conn, &named("nUrSe"), 5);
    assert_eq!((total, ids), offset_ids(&conn, &named("NURSE")));
}

#[test]
fn sites_lists_each_employee_site_once_in_order() {
    let (conn, _) = db();
    conn.execute(
        "INSERT INTO employees (id, external_id, name, site) VALUES \
         ('e1000000-0000-4000-8000-000000000001', 'x-1', 'X', 'annex'), \
         ('e1000000-0000-4000-8000-000000000002', 'x-2', 'Y', NULL), \
         ('e1000000-0000-4000-8000-000000000003', 'x-3', 'Z', ' ')",
        [],
    )
    .unwrap();
    assert_eq!(
        sites(&conn).unwrap(),
        ["annex", "Site 0", "Site 1", "Site 2"]
    );
}
