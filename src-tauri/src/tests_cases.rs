//! Headless tests of the case, run and employee commands on their own demo database (the
//! actions here change it, so it is not shared with `tests.rs`).

use crate::commands::{case_detail, cases, employees, packets, run, runs};
use crate::dto::{CaseQuery, CaseRow};
use crate::dto_cases::BulkRequest;
use crate::dto_runs::{RunForm, RunQuery};
use crate::error::ErrorCode;
use crate::state::App;
use std::sync::{Mutex, OnceLock};

/// The demo database, and a lock so tests that change cases do not race on the same case.
fn demo() -> (&'static App, std::sync::MutexGuard<'static, ()>) {
    static APP: OnceLock<(tempfile::TempDir, App)> = OnceLock::new();
    static LOCK: Mutex<()> = Mutex::new(());
    let (_, app) = APP.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("workwell.db")).unwrap();
        (dir, app)
    });
    (app, LOCK.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Open cases with `outcome` (e.g. OVERDUE), first page.
fn open_cases(app: &App, outcome: &str) -> Vec<CaseRow> {
    let page = cases::cases(
        app,
        &CaseQuery {
            status: Some("open".into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    page.items
        .into_iter()
        .filter(|c| c.current_outcome_status == outcome)
        .collect()
}

#[test]
fn an_overdue_case_explains_itself_and_takes_every_action() {
    let (app, _guard) = demo();
    let row = open_cases(app, "OVERDUE")
        .into_iter()
        .next()
        .expect("an overdue case");
    let d = case_detail::detail(app, &row.id).unwrap();
    assert_eq!(d.current_outcome_status, "OVERDUE");
    assert_eq!(d.employee.name, row.employee_name);
    let defines: Vec<&str> = d.why.defines.iter().map(|n| n.name.as_str()).collect();
    assert!(defines.contains(&"Outcome Status"), "{defines:?}");
    let status = d
        .why
        .defines
        .iter()
        .find(|n| n.name == "Outcome Status")
        .unwrap();
    assert_eq!(status.value, "OVERDUE");
    assert!(!d.why.facts.is_empty(), "why_flagged facts");
    assert_eq!(d.timeline[0].kind, "CREATED", "{:?}", d.timeline);
    assert!(
        !d.timeline.iter().any(|t| t.kind == "CASE_CREATED"),
        "the run's action and its ledger event are one step: {:?}",
        d.timeline
    );
    assert_eq!(d.current_user, "local-user");
    assert_eq!(d.time_zone, "UTC");
    assert!(d.allowed_actions.contains(&"ASSIGNED".to_owned()));

    // Assign to the current user: once in the timeline (action and its audit event merged).
    let done = case_detail::assign(app, &row.id, Some("local-user")).unwrap();
    assert_eq!(done.action_type, "ASSIGNED");
    let again = case_detail::assign(app, &row.id, Some("local-user")).unwrap_err();
    assert_eq!(again.code(), ErrorCode::InvalidTransition);
    let d = case_detail::detail(app, &row.id).unwrap();
    assert_eq!(d.assignee.as_deref(), Some("local-user"));
    assert_eq!(
        d.timeline
            .iter()
            .filter(|t| t.kind.contains("ASSIGNED"))
            .count(),
        1
    );

    // Outreach: the preview is what the send records; the demo provider is simulated.
    let p = case_detail::preview(app, &row.id, None).unwrap();
    assert_eq!(p.provider, "simulated");
    assert!(
        p.to_address.ends_with("@workwell-demo.dev"),
        "{}",
        p.to_address
    );
    assert!(p.body_text.contains(&row.employee_name), "{}", p.body_text);
    assert!(
        p.due_date >= d.today,
        "due date {} never in the past",
        p.due_date
    );
    let sent = case_detail::send(app, &row.id, None).unwrap();
    assert_eq!(
        (sent.status.as_str(), sent.provider.as_str()),
        ("SIMULATED", "simulated")
    );
    let d = case_detail::detail(app, &row.id).unwrap();
    assert_eq!(d.deliveries.len(), 1);
    assert_eq!(d.deliveries[0].subject, p.subject);

    // Escalate, schedule, note; then resolve, after which only notes are offered.
    let e = case_detail::escalate(app, &row.id, Some("no answer")).unwrap();
    assert_eq!(e.status, "OPEN");
    let bad = crate::commands::case_detail::case_id("nope").unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);
    let resolved = app
        .write_with(|conn| {
            ww_casework::actions::resolve(conn, d.id.parse().unwrap(), "exam done elsewhere")
        })
        .unwrap();
    assert_eq!(resolved.case.status.as_str(), "CLOSED");
    let d = case_detail::detail(app, &row.id).unwrap();
    assert_eq!(d.allowed_actions, ["NOTE_ADDED"]);
    assert_eq!(d.closed_by.as_deref(), Some("local-user"));
    // QA H13: a closed case has nothing left to do.
    assert_eq!(d.next_action, None);
    let refused = case_detail::assign(app, &row.id, Some("dana")).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidTransition);
}

#[test]
fn a_case_packet_file_verifies_until_one_byte_changes() {
    let (app, _guard) = demo();
    let row = open_cases(app, "OVERDUE")
        .into_iter()
        .next()
        .expect("an overdue case");
    for format in ["json", "html"] {
        let f = packets::export(app, "CASE", &row.id, format, None).unwrap();
        assert!(f.path.contains("/exports/case-"), "{}", f.path);
        assert!(f.path.ends_with(&format!(".{format}")));
        let bytes = std::fs::read(&f.path).unwrap();
        assert_eq!(bytes.len() as u64, f.size_bytes);
        assert_eq!(ww_casework::packet::sha256_hex(&bytes), f.sha256);
        let check = packets::verify(app, &f.path).unwrap();
        assert!(check.verified);
        assert_eq!(check.export_id.as_deref(), Some(f.export_id.as_str()));
        assert_eq!(check.sha256, f.sha256);

        let mut changed = bytes.clone();
        changed[10] ^= 1;
        std::fs::write(&f.path, &changed).unwrap();
        let check = packets::verify(app, &f.path).unwrap();
        assert!(!check.verified);
    }
    let err = packets::export(app, "CASE", &row.id, "pdf", None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let err = packets::export(app, "INVOICE", &row.id, "json", None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let err = packets::verify(app, "/nonexistent/packet.json").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
}

#[test]
fn bulk_actions_report_each_case_and_the_csv_holds_every_page() {
    let (app, _guard) = demo();
    let rows = open_cases(app, "OVERDUE");
    assert!(rows.len() >= 2, "two overdue cases");
    let ids: Vec<String> = rows.iter().take(2).map(|c| c.id.clone()).collect();
    let r = cases::bulk(
        app,
        &BulkRequest {
            case_ids: ids.clone(),
            action: "ASSIGNED".into(),
            assignee: Some("bulk-tester".into()),
        },
    )
    .unwrap();
    assert_eq!((r.done, r.refused), (2, 0));
    // The same assignment again changes nothing: each case is refused, with the reason.
    let r = cases::bulk(
        app,
        &BulkRequest {
            case_ids: ids.clone(),
            action: "ASSIGNED".into(),
            assignee: Some("bulk-tester".into()),
        },
    )
    .unwrap();
    assert_eq!((r.done, r.refused), (0, 2));
    assert!(r.items[0]
        .error
        .as_deref()
        .unwrap()
        .contains("already assigned"));
    let bad = cases::bulk(
        app,
        &BulkRequest {
            case_ids: ids,
            action: "RESOLVED".into(),
            assignee: None,
        },
    )
    .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);

    let q = CaseQuery {
        assignee: Some("bulk-tester".into()),
        limit: 1,
        ..Default::default()
    };
    let total = cases::cases(app, &q).unwrap().total;
    assert_eq!(total, 2);
    let done = cases::export_csv(app, &q, None).unwrap();
    assert_eq!(done.rows, 2);
    let text = std::fs::read_to_string(&done.path).unwrap();
    assert_eq!(text.lines().count(), 3, "header and two rows: {text}");
}

#[test]
fn runs_filter_show_detail_page_outcomes_and_run_again() {
    let (app, _guard) = demo();
    let all = runs::runs(app, 100).unwrap();
    assert!(!all.is_empty());
    let completed = runs::filtered(
        app,
        100,
        &RunQuery {
            status: Some("COMPLETED".into()),
            dry_run: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(completed
        .iter()
        .all(|r| r.status == "COMPLETED" && !r.dry_run));
    let seeded = completed.last().expect("the seeding run");
    let d = runs::detail(app, &seeded.id).unwrap();
    assert_eq!(d.run.scope_type, "ALL_PROGRAMS");
    assert!(!d.in_flight);
    assert!(!d.logs.is_empty());
    let c = &d.counts;
    let sum = c.compliant + c.due_soon + c.overdue + c.missing_data + c.excluded;
    assert_eq!(Some(sum), d.run.total_evaluated);

    let page = runs::outcomes(app, &seeded.id, None, 0, 50).unwrap();
    assert_eq!(page.total, u64::from(sum));
    assert_eq!(page.items.len(), 50.min(sum as usize));
    let overdue = runs::outcomes(app, &seeded.id, Some("OVERDUE"), 0, 500).unwrap();
    assert_eq!(overdue.total, u64::from(c.overdue));
    assert!(overdue.items.iter().all(|o| o.status == "OVERDUE"));
    let err = runs::outcomes(app, &seeded.id, Some("LATE"), 0, 50).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let err = runs::outcomes(app, &seeded.id, None, 0, 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);

    let csv = runs::export_outcomes(app, &seeded.id, None).unwrap();
    assert_eq!(csv.rows, u64::from(sum));

    // A dry run of one site from the form, with progress, then the same request again.
    let site = employees::employees(app).unwrap()[0].site.clone().unwrap();
    let events = Mutex::new(Vec::new());
    let progress = crate::run::ForwardProgress::new(|e| events.lock().unwrap().push(e));
    let form = RunForm {
        site: Some(site.clone()),
        dry_run: true,
        ..Default::default()
    };
    let report =
        run::run_form(app, &form, ww_store::enums::TriggerType::Manual, &progress).unwrap();
    assert_eq!(report.status, "COMPLETED");
    assert!(!events.lock().unwrap().is_empty());
    let d = runs::detail(app, &report.run_id).unwrap();
    assert_eq!((d.run.scope_type.as_str(), d.run.dry_run), ("SITE", true));
    assert_eq!(d.site.as_deref(), Some(site.as_str()));
    let again = run::rerun(app, &report.run_id, &ww_core::run::NoProgress).unwrap();
    let d2 = runs::detail(app, &again.run_id).unwrap();
    assert_eq!(
        (
            d2.run.scope_type.as_str(),
            d2.run.trigger_type.as_str(),
            d2.run.dry_run
        ),
        ("SITE", "RERUN", true)
    );
    assert_eq!(again.as_of, report.as_of);
    assert_eq!(again.total_evaluated, report.total_evaluated);
    let bad = RunForm {
        site: Some("Atlantis".into()),
        ..Default::default()
    };
    let err = run::run_form(
        app,
        &bad,
        ww_store::enums::TriggerType::Manual,
        &ww_core::run::NoProgress,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
}

#[test]
fn employee_search_and_profile() {
    let (app, _guard) = demo();
    let row = open_cases(app, "OVERDUE")
        .into_iter()
        .next()
        .expect("an overdue case");
    let found = employees::search(app, &row.employee_external_id, 10).unwrap();
    assert_eq!(
        found[0].external_id, row.employee_external_id,
        "exact HR id first"
    );
    assert!(employees::search(app, "   ", 10).unwrap().is_empty());
    assert!(employees::search(app, "zzzz-nobody", 10)
        .unwrap()
        .is_empty());
    let d = case_detail::detail(app, &row.id).unwrap();
    let p = employees::profile(app, &d.employee.id).unwrap();
    assert_eq!(p.employee.external_id, row.employee_external_id);
    assert!(p.open_cases.iter().any(|c| c.id == row.id));
    assert!(p
        .open_cases
        .iter()
        .all(|c| c.status == "OPEN" || c.status == "IN_PROGRESS"));
    let overdue = p
        .outcomes
        .iter()
        .find(|o| o.measure_name == row.measure_name)
        .expect("latest outcome of the case's measure");
    assert_eq!(overdue.status, "OVERDUE");
    let names: Vec<&str> = p.outcomes.iter().map(|o| o.measure_name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted, "one per measure, by name");
    let err = employees::profile(app, "00000000-0000-4000-8000-000000000000").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn worklist_pages_on_by_cursor_as_one_long_page_lists() {
    let (app, _guard) = demo();
    let query = |after: Option<String>, limit: u32| CaseQuery {
        status: Some("open".into()),
        after,
        limit,
        ..Default::default()
    };
    let whole = cases::cases(app, &query(None, 1000)).unwrap();
    assert!(whole.total > 20, "the demo has open cases: {}", whole.total);
    assert_eq!(whole.items.len() as u64, whole.total);
    assert_eq!(whole.next, None, "one page holds them all");
    let mut after = None;
    let mut paged = Vec::new();
    loop {
        let page = cases::cases(app, &query(after.take(), 7)).unwrap();
        assert_eq!(page.total, whole.total);
        paged.extend(page.items.into_iter().map(|c| c.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let ids: Vec<String> = whole.items.into_iter().map(|c| c.id).collect();
    assert_eq!(paged, ids);

    let bad = cases::cases(app, &query(Some("HIGH|soon|x".into()), 7)).unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);
    assert!(
        bad.to_string().contains("worklist cursor 'HIGH|soon|x'"),
        "{bad}"
    );
}

#[test]
fn the_case_offers_outreach_templates_and_a_pick_renders_that_template() {
    let (app, _guard) = demo();
    let row = open_cases(app, "OVERDUE")
        .into_iter()
        .next()
        .expect("an overdue case");
    let d = case_detail::detail(app, &row.id).unwrap();
    assert!(
        d.outreach_templates.len() >= 2,
        "{:?}",
        d.outreach_templates
    );
    let default = d.default_template.clone().expect("a default template");
    let keys: Vec<&str> = d
        .outreach_templates
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    assert!(keys.contains(&default.as_str()), "{keys:?} has {default}");
    // Without a pick the engine's default renders; a pick renders that template.
    let named = |key: &str| {
        d.outreach_templates
            .iter()
            .find(|t| t.key == key)
            .unwrap()
            .name
            .clone()
    };
    let p = case_detail::preview(app, &row.id, None).unwrap();
    assert_eq!(p.template_name, named(&default));
    let other = keys.iter().find(|k| **k != default).unwrap();
    let picked = case_detail::preview(app, &row.id, Some(other)).unwrap();
    assert_eq!(picked.template_name, named(other));
    assert_ne!(picked.subject, p.subject);
    let err = case_detail::preview(app, &row.id, Some("No such template")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
