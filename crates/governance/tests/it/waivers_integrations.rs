//! Waivers (item 6) and integration health (item 7).

use crate::support::{db, events, AUDIOGRAM};
use chrono::{Duration, NaiveDate, Utc};
use ww_governance::waivers::{self, WaiverFilter};
use ww_governance::{integrations, Error};
use ww_store::employees::Employee;
use ww_store::enums::IntegrationStatus;
use ww_store::ids::EmployeeId;

fn employee(conn: &rusqlite::Connection, external: &str) -> EmployeeId {
    let e = Employee {
        id: EmployeeId::new(),
        external_id: external.into(),
        name: "Ana Ruiz".into(),
        role: Some("Machine Operator".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: Some(external.into()),
        start_date: NaiveDate::from_ymd_opt(2020, 1, 6),
        active: true,
    };
    ww_store::employees::insert(conn, &e).unwrap();
    e.id
}

#[test]
fn grant_revoke_and_the_active_waiver_at_a_date() {
    let mut d = db();
    let emp = employee(&d.conn, "emp-101");
    let today = Utc::now().date_naive();
    let expires = today + Duration::days(30);
    assert!(matches!(
        waivers::grant(&mut d.conn, emp, AUDIOGRAM, "  ", Some(expires)),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        waivers::grant(
            &mut d.conn,
            emp,
            AUDIOGRAM,
            "r",
            Some(today - Duration::days(1))
        ),
        Err(Error::Invalid(_))
    ));
    let w = waivers::grant(
        &mut d.conn,
        emp,
        AUDIOGRAM,
        "Medical: cochlear implant",
        Some(expires),
    )
    .unwrap();
    assert_eq!(w.granted_by, "local-user");
    assert_eq!(
        waivers::active_waiver(&d.conn, emp, AUDIOGRAM, today)
            .unwrap()
            .map(|w| w.id),
        Some(w.id)
    );
    assert_eq!(
        waivers::active_waiver(&d.conn, emp, AUDIOGRAM, expires)
            .unwrap()
            .map(|w| w.id),
        Some(w.id)
    );
    assert!(
        waivers::active_waiver(&d.conn, emp, AUDIOGRAM, expires + Duration::days(1))
            .unwrap()
            .is_none()
    );
    assert!(
        waivers::active_waiver(&d.conn, emp, ww_store::seed::catalog::M_TB, today)
            .unwrap()
            .is_none()
    );
    let filter = WaiverFilter {
        employee: Some(emp),
        ..Default::default()
    };
    assert_eq!(waivers::list(&d.conn, &filter).unwrap().len(), 1);
    assert!(matches!(
        waivers::revoke(&mut d.conn, w.id, ""),
        Err(Error::Invalid(_))
    ));
    let r = waivers::revoke(&mut d.conn, w.id, "implant removed").unwrap();
    assert_eq!(r.revoke_reason.as_deref(), Some("implant removed"));
    assert!(waivers::active_waiver(&d.conn, emp, AUDIOGRAM, today)
        .unwrap()
        .is_none());
    assert!(waivers::revoke(&mut d.conn, w.id, "again").is_err());
    assert_eq!(events(&d.conn, "WAIVER_GRANTED").len(), 1);
    assert_eq!(events(&d.conn, "WAIVER_REVOKED").len(), 1);
}

#[test]
fn integration_checks_are_real_and_audited() {
    let mut d = db();
    let results = integrations::sync_all(&mut d.conn).unwrap();
    let status = |id: &str| results.iter().find(|(r, _)| r.id == id).unwrap().0.status;
    assert_eq!(
        status("fhir"),
        IntegrationStatus::Degraded,
        "empty FHIR store"
    );
    assert_eq!(status("hris"), IntegrationStatus::NotConfigured);
    assert_eq!(status("mcp"), IntegrationStatus::NotConfigured);
    assert_eq!(status("ai"), IntegrationStatus::NotConfigured);
    // One FHIR resource and one employee later, the checks say so.
    ww_store::fhir_resources::upsert(
        &d.conn,
        &serde_json::json!({"resourceType": "Patient", "id": "emp-7"}),
    )
    .unwrap();
    employee(&d.conn, "emp-7");
    let (fhir, check) = integrations::sync(&mut d.conn, "fhir").unwrap();
    assert_eq!(fhir.status, IntegrationStatus::Healthy);
    assert_eq!(check.details["resourceCounts"]["Patient"], 1);
    assert!(fhir.last_sync_at.is_some());
    let (hris, _) = integrations::sync(&mut d.conn, "hris").unwrap();
    assert_eq!(hris.status, IntegrationStatus::Degraded);
    // An endpoint nobody listens on is an ERROR, not a pretend success.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    ww_store::integration_health::set_config(
        &d.conn,
        "ai",
        &serde_json::json!({"endpoint": format!("127.0.0.1:{port}")}),
    )
    .unwrap();
    assert_eq!(
        integrations::sync(&mut d.conn, "ai").unwrap().0.status,
        IntegrationStatus::Error
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    ww_store::integration_health::set_config(
        &d.conn,
        "ai",
        &serde_json::json!({"endpoint": format!("http://127.0.0.1:{port}/v1")}),
    )
    .unwrap();
    assert_eq!(
        integrations::sync(&mut d.conn, "ai").unwrap().0.status,
        IntegrationStatus::Healthy
    );
    assert_eq!(events(&d.conn, "INTEGRATION_SYNCED").len(), 8);
    assert!(matches!(
        integrations::sync(&mut d.conn, "nope"),
        Err(Error::NotFound(_))
    ));
}

/// QA finding F14: a waiver granted today does not apply to earlier as-of dates, and a
/// historical waiver (start and expiry both in the past) can be recorded.
#[test]
fn a_waiver_applies_only_from_its_start_and_a_past_one_can_be_recorded() {
    let mut d = db();
    let emp = employee(&d.conn, "emp-102");
    let today = Utc::now().date_naive();
    let w = waivers::grant(&mut d.conn, emp, AUDIOGRAM, "Medical", None).unwrap();
    assert_eq!(w.effective_from, Some(today));
    let active_on = |conn: &rusqlite::Connection, date| {
        waivers::active_waiver(conn, emp, AUDIOGRAM, date).unwrap()
    };
    assert!(active_on(&d.conn, today).is_some());
    assert!(
        active_on(&d.conn, today - Duration::days(1)).is_none(),
        "a waiver granted today does not reach back"
    );
    // The run engine reads the store directly: same answer there.
    let all = ww_store::waivers::list(&d.conn).unwrap();
    assert!(!all[0].is_active_on(NaiveDate::from_ymd_opt(2023, 1, 15).unwrap()));
    assert!(!ww_store::waivers::has_active(
        &d.conn,
        emp,
        AUDIOGRAM,
        NaiveDate::from_ymd_opt(2023, 1, 15).unwrap()
    )
    .unwrap());

    // A past expiry without a start is refused, naming the way to record it.
    let jun30 = NaiveDate::from_ymd_opt(2023, 6, 30).unwrap();
    let err = waivers::grant(&mut d.conn, emp, AUDIOGRAM, "r", Some(jun30)).unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "the expiry date 2023-06-30 is before the waiver's start {today}"
        )),
        "{err}"
    );
    let jan1 = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let past = waivers::grant_waiver(
        &mut d.conn,
        &waivers::NewWaiver {
            employee: emp,
            measure: AUDIOGRAM,
            reason: "Medical leave 2023".into(),
            effective_from: Some(jan1),
            expires_on: Some(jun30),
        },
    )
    .unwrap();
    assert!(past.warnings.is_empty(), "{:?}", past.warnings);
    let on = |date| active_on(&d.conn, date).map(|w| w.id);
    assert_eq!(
        on(NaiveDate::from_ymd_opt(2023, 1, 15).unwrap()),
        Some(past.waiver.id)
    );
    assert_eq!(on(jan1), Some(past.waiver.id));
    assert_eq!(on(jun30), Some(past.waiver.id));
    assert_eq!(on(jan1 - Duration::days(1)), None);
    assert_eq!(on(jun30 + Duration::days(1)), None);
    let payload = &events(&d.conn, "WAIVER_GRANTED")[0].1;
    assert!(
        payload.contains("\"effectiveFrom\":\"2023-01-01\""),
        "{payload}"
    );
}

#[test]
fn waiver_list_names_the_employee_and_an_ineligible_grant_warns() {
    let mut d = db();
    let emp = employee(&d.conn, "emp-103");
    let clerk = Employee {
        id: EmployeeId::new(),
        external_id: "R004".into(),
        name: "Office Clerk".into(),
        role: Some("Office Administrator".into()),
        site: Some("Plant A".into()),
        supervisor_id: None,
        fhir_patient_id: None,
        start_date: NaiveDate::from_ymd_opt(2020, 1, 6),
        active: true,
    };
    ww_store::employees::insert(&d.conn, &clerk).unwrap();
    let ok = waivers::grant_waiver(
        &mut d.conn,
        &waivers::NewWaiver {
            employee: emp,
            measure: AUDIOGRAM,
            reason: "Medical".into(),
            effective_from: None,
            expires_on: None,
        },
    )
    .unwrap();
    assert!(ok.warnings.is_empty(), "{:?}", ok.warnings);
    let g = waivers::grant_waiver(
        &mut d.conn,
        &waivers::NewWaiver {
            employee: clerk.id,
            measure: AUDIOGRAM,
            reason: "Medical".into(),
            effective_from: None,
            expires_on: None,
        },
    )
    .unwrap();
    assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
    assert!(
        g.warnings[0].starts_with(
            "employee R004 (Office Clerk) has role \"Office Administrator\" which is not among the eligible roles of Hearing Conservation: Annual Audiogram"
        ),
        "{}",
        g.warnings[0]
    );
    let rows = waivers::list_rows(&d.conn, &WaiverFilter::default()).unwrap();
    let mut names: Vec<_> = rows
        .iter()
        .map(|r| (r.employee_external_id.as_str(), r.employee_name.as_str()))
        .collect();
    names.sort();
    assert_eq!(names, [("R004", "Office Clerk"), ("emp-103", "Ana Ruiz")]);
    assert!(rows
        .iter()
        .all(|r| r.measure_name == "Hearing Conservation: Annual Audiogram"));
}

/// QA finding F14 through the run engine: a waiver granted today excludes the employee today
/// but leaves a run as of 2023-01-15 alone.
#[test]
fn a_run_at_a_past_as_of_date_ignores_a_waiver_granted_today() {
    let mut d = db();
    let emp = employee(&d.conn, "emp-104");
    waivers::grant(&mut d.conn, emp, AUDIOGRAM, "Medical", None).unwrap();
    let status_at = |conn: &mut rusqlite::Connection, as_of: NaiveDate| -> String {
        let run = crate::support::run_measure(conn, AUDIOGRAM, as_of);
        conn.query_row(
            "SELECT status FROM outcomes WHERE run_id = ?1 AND employee_id = ?2",
            rusqlite::params![run, emp],
            |r| r.get(0),
        )
        .unwrap()
    };
    let past = NaiveDate::from_ymd_opt(2023, 1, 15).unwrap();
    assert_eq!(status_at(&mut d.conn, past), "MISSING_DATA");
    assert_eq!(status_at(&mut d.conn, Utc::now().date_naive()), "EXCLUDED");
}

/// QA finding G4: revoking a waiver rewrote past as-of dates; G8: an expired waiver was
/// listed as ACTIVE. A revocation applies from its date (default today), and the state a list
/// shows is that of today.
#[test]
fn a_revocation_applies_from_its_date_and_states_are_those_of_today() {
    use waivers::WaiverState::*;
    let mut d = db();
    let emp = employee(&d.conn, "emp-103");
    let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let today = Utc::now().date_naive();
    let grant = |conn: &mut rusqlite::Connection, from, to| {
        waivers::grant_waiver(
            conn,
            &waivers::NewWaiver {
                employee: emp,
                measure: AUDIOGRAM,
                reason: "hist".into(),
                effective_from: Some(from),
                expires_on: to,
            },
        )
        .unwrap()
        .waiver
    };
    let exempt = |conn: &rusqlite::Connection, date| {
        ww_store::waivers::has_active(conn, emp, AUDIOGRAM, date).unwrap()
            && waivers::active_waiver(conn, emp, AUDIOGRAM, date)
                .unwrap()
                .is_some()
    };
    // The QA repro: 2022-12-01..2023-01-31, revoked today -> 2023-01-15 stays exempt.
    let w = grant(&mut d.conn, day(2022, 12, 1), Some(day(2023, 1, 31)));
    assert_eq!(waivers::state_today(&d.conn, &w).unwrap(), Expired);
    assert!(exempt(&d.conn, day(2023, 1, 15)));
    let r = waivers::revoke(&mut d.conn, w.id, "condition changed").unwrap();
    assert_eq!(r.revoked_on, Some(today));
    assert!(
        exempt(&d.conn, day(2023, 1, 15)),
        "past evaluations keep it"
    );
    assert!(r.is_active_on(day(2023, 1, 15)));
    assert_eq!(waivers::state_today(&d.conn, &r).unwrap(), Revoked);
    let (_, payload) = events(&d.conn, "WAIVER_REVOKED").remove(0);
    assert!(
        payload.contains(&format!("\"revokedOn\":\"{today}\"")),
        "{payload}"
    );

    // Open-ended, revoked from 2024-03-01: exempt up to the day before only.
    let w2 = grant(&mut d.conn, day(2024, 1, 1), None);
    assert_eq!(waivers::state_today(&d.conn, &w2).unwrap(), Active);
    waivers::revoke_waiver(&mut d.conn, w2.id, "ended", Some(day(2024, 3, 1))).unwrap();
    assert!(exempt(&d.conn, day(2024, 2, 29)));
    assert!(!exempt(&d.conn, day(2024, 3, 1)));
    assert!(!exempt(&d.conn, today));

    // Entered in error: revoked on its start, it never applied.
    let w3 = grant(&mut d.conn, day(2025, 1, 1), Some(day(2025, 6, 30)));
    waivers::revoke_waiver(
        &mut d.conn,
        w3.id,
        "entered in error",
        Some(day(2025, 1, 1)),
    )
    .unwrap();
    assert!(!exempt(&d.conn, day(2025, 1, 1)));
    assert!(!exempt(&d.conn, day(2025, 3, 1)));

    // A future revocation date is refused; a future start lists as FUTURE.
    let w4 = grant(&mut d.conn, today + Duration::days(10), None);
    assert_eq!(waivers::state_today(&d.conn, &w4).unwrap(), Future);
    let err = waivers::revoke_waiver(&mut d.conn, w4.id, "x", Some(today + Duration::days(1)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is after today"), "{err}");
    assert_eq!(waivers::state_on(&w4, today + Duration::days(10)), Active);
}

/// QA3 H2: a waiver granted without a start date starts on today's date in the organisation's
/// zone, not on the UTC date (a zone is picked whose date differs from UTC's right now).
#[test]
fn a_waiver_from_today_starts_on_the_organisations_date() {
    use chrono::{Timelike, Utc as U};
    let mut d = db();
    let emp = employee(&d.conn, "emp-102");
    let now = U::now();
    let zone_name = if now.hour() >= 10 {
        "Pacific/Kiritimati"
    } else {
        "Etc/GMT+12"
    };
    ww_store::settings::set(&d.conn, "org_time_zone", zone_name).unwrap();
    let zone: chrono_tz::Tz = zone_name.parse().unwrap();
    let org_today = now.with_timezone(&zone).date_naive();
    assert_ne!(org_today, now.date_naive(), "the zone must differ from UTC");
    let w = waivers::grant(&mut d.conn, emp, AUDIOGRAM, "Medical", None).unwrap();
    assert_eq!(w.effective_from, Some(org_today));
}
