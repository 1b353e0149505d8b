//! The demo workforce generator (`workwell init --demo`).
//!
//! Deterministic: the same [`DemoOptions`] (seed, size, as-of date) give the same employees,
//! FHIR resources, waivers and plan, byte for byte ([`DemoWorkforce::content_hash`]). The
//! generator first *plans* an outcome status per employee and measure, then writes the FHIR
//! R4 records (Patient, Procedure, Observation, Immunization) and waivers that produce that
//! status under the rules of DOMAIN.md sections 2 and 3 and the seeded specs
//! (window 365 days, due-soon lead 30 days; baselines 180 / 30 / 0 days; flu season
//! August 1 - March 31 with the deadline November 15 and a 30-day new-hire grace).
//!
//! Every status occurs for every measure by construction: in each measure's population the
//! first five employees (in a seeded shuffle) get one status each, the rest a weighted draw.
//! One exception is inherent in the flu rule: before the season deadline nobody is late yet,
//! so flu OVERDUE cannot occur for as-of dates from August 1 to the deadline (planned OVERDUE
//! becomes DUE_SOON there).

use super::catalog::{self, CPT, CVX, LOCAL_EXAMS, LOINC, SNOMED};
use crate::audit_events::{self, NewAuditEvent};
use crate::employees::{self, Employee};
use crate::enums::{AuditEventType, EntityType, IntegrationStatus, OutcomeStatus};
use crate::ids::{EmployeeId, MeasureId, WaiverId};
use crate::time::{format_date, format_ts, now_ts};
use crate::waivers::{self, Waiver};
use crate::{fhir_resources, integration_health, settings, with_tx, Error, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Default seed of the demo generator.
pub const DEFAULT_SEED: u64 = 0x5757_2026;
/// Default workforce size.
pub const DEFAULT_EMPLOYEES: usize = 200;
/// Smallest workforce for which every status of every measure is guaranteed.
pub const MIN_EMPLOYEES: usize = 40;

/// Generator settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// RNG seed (ChaCha8).
    pub seed: u64,
    /// Number of employees (at least [`MIN_EMPLOYEES`]).
    pub employees: usize,
    /// The date the records are spread around (a run "as of" this date sees every status).
    pub as_of: NaiveDate,
}

impl DemoOptions {
    /// Default seed and size, as of `as_of`.
    pub fn as_of(as_of: NaiveDate) -> Self {
        DemoOptions {
            seed: DEFAULT_SEED,
            employees: DEFAULT_EMPLOYEES,
            as_of,
        }
    }
}

impl Default for DemoOptions {
    /// Default seed and size, as of today in UTC.
    fn default() -> Self {
        DemoOptions::as_of(Utc::now().date_naive())
    }
}

/// The status the generator built one employee's records for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlannedOutcome {
    /// Employee external id.
    pub external_id: String,
    /// Measure key (`audiogram`, `tb_screening`, `flu_vaccination`, `hazwoper`).
    pub measure_key: &'static str,
    /// The status a correct evaluation as of the as-of date gives.
    pub status: OutcomeStatus,
}

/// The generated workforce, not yet written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoWorkforce {
    /// The as-of date the records are spread around.
    pub as_of: NaiveDate,
    /// Employees; site leads come before the employees they supervise.
    pub employees: Vec<Employee>,
    /// FHIR R4 resources (JSON), Patients first.
    pub resources: Vec<Value>,
    /// Waivers.
    pub waivers: Vec<Waiver>,
    /// The planned status per (employee, measure) for employees in each population.
    pub plan: Vec<PlannedOutcome>,
}

impl DemoWorkforce {
    /// SHA-256 (hex) of the whole generated content as JSON: equal for equal options.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("demo content serialises");
        hex::encode(Sha256::digest(bytes))
    }

    /// Planned counts: measure key -> status -> employees.
    pub fn planned_counts(&self) -> BTreeMap<&'static str, BTreeMap<OutcomeStatus, usize>> {
        let mut m: BTreeMap<&'static str, BTreeMap<OutcomeStatus, usize>> = BTreeMap::new();
        for p in &self.plan {
            *m.entry(p.measure_key)
                .or_default()
                .entry(p.status)
                .or_default() += 1;
        }
        m
    }
}

/// What [`load_demo`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoReport {
    /// True when demo employees were already present and nothing was written.
    pub already_present: bool,
    /// Employees inserted.
    pub employees: usize,
    /// FHIR resources inserted.
    pub resources: usize,
    /// Waivers inserted.
    pub waivers: usize,
    /// [`DemoWorkforce::content_hash`] of the generated content.
    pub content_hash: String,
}

const SITES: &[&str] = &["Plant A", "Plant B", "Clinic North", "Warehouse East"];

/// (role, share of the workforce, sites it works at).
const ROLES: &[(&str, f64, &[&str])] = &[
    ("Machine Operator", 0.25, &["Plant A", "Plant B"]),
    (
        "Maintenance Technician",
        0.12,
        &["Plant A", "Plant B", "Warehouse East"],
    ),
    ("Nurse", 0.18, &["Clinic North", "Clinic North", "Plant A"]),
    ("Lab Technician", 0.08, &["Clinic North"]),
    ("Hazmat Responder", 0.15, &["Warehouse East", "Plant B"]),
    ("Office Administrator", 0.15, SITES),
    ("Warehouse Associate", 0.07, &["Warehouse East"]),
];

const GIVEN: &[(&str, &str)] = &[
    ("Ava", "female"),
    ("Liam", "male"),
    ("Maya", "female"),
    ("Noah", "male"),
    ("Sofia", "female"),
    ("Ethan", "male"),
    ("Zoe", "female"),
    ("Mateo", "male"),
    ("Priya", "female"),
    ("Omar", "male"),
    ("Hana", "female"),
    ("Lucas", "male"),
    ("Grace", "female"),
    ("Diego", "male"),
    ("Amara", "female"),
    ("Jonas", "male"),
    ("Elena", "female"),
    ("Kwame", "male"),
    ("Ingrid", "female"),
    ("Ravi", "male"),
    ("Chloe", "female"),
    ("Samuel", "male"),
    ("Yuki", "female"),
    ("Andre", "male"),
    ("Fatima", "female"),
    ("Tomas", "male"),
    ("Leah", "female"),
    ("Marcus", "male"),
    ("Nadia", "female"),
    ("Victor", "male"),
    ("Rosa", "female"),
    ("Felix", "male"),
];

const FAMILY: &[&str] = &[
    "Anderson",
    "Okafor",
    "Nguyen",
    "Garcia",
    "Kowalski",
    "Haddad",
    "Schmidt",
    "Patel",
    "Rossi",
    "Johansson",
    "Moreau",
    "Tanaka",
    "Mensah",
    "Silva",
    "O'Brien",
    "Novak",
    "Fischer",
    "Kim",
    "Alvarez",
    "Dubois",
    "Hughes",
    "Ivanova",
    "Lindqvist",
    "Baker",
    "Costa",
    "Walsh",
    "Yilmaz",
    "Brennan",
    "Chowdhury",
    "Reyes",
    "Larsen",
    "Murphy",
];

const WAIVER_REASONS: &[&str] = &[
    "Medical exemption documented by the occupational physician.",
    "On approved extended leave; exam deferred until return.",
    "Temporarily reassigned away from the exposure; physician letter on file.",
];

/// The periodic (exam) measures: key, measure id, eligible roles, baseline days.
const PERIODIC: &[(&str, MeasureId, &[&str], i64)] = &[
    ("audiogram", catalog::M_AUDIOGRAM, catalog::NOISE_ROLES, 180),
    (
        "tb_screening",
        catalog::M_TB,
        catalog::HEALTH_CARE_ROLES,
        30,
    ),
    ("hazwoper", catalog::M_HAZWOPER, catalog::HAZWOPER_ROLES, 0),
];

const WINDOW: i64 = 365;
const DUE_SOON: i64 = 30;
const FLU_GRACE: i64 = 30;
const FLU_DEADLINE: (u32, u32) = (11, 15);

/// The flu season containing `d` (August 1 of year Y to March 31 of Y+1; April-July belong
/// to the season that just ended) and that season's deadline.
pub fn flu_season(d: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate) {
    let y = if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    };
    let start = NaiveDate::from_ymd_opt(y, 8, 1).expect("valid date");
    let end = NaiveDate::from_ymd_opt(y + 1, 3, 31).expect("valid date");
    let dl_year = if FLU_DEADLINE.0 >= 8 { y } else { y + 1 };
    let deadline =
        NaiveDate::from_ymd_opt(dl_year, FLU_DEADLINE.0, FLU_DEADLINE.1).expect("valid date");
    (start, end, deadline)
}

/// The last day an as-of date belongs to the flu season ending `season_end` (March 31): July
/// 31 of that year, the day before the next season begins.
fn season_covered_to(season_end: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(season_end.year(), 7, 31).expect("valid date")
}

struct Gen {
    rng: ChaCha8Rng,
    as_of: NaiveDate,
    resources: Vec<Value>,
}

impl Gen {
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.random_range(lo..=hi)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn uuid(&mut self) -> uuid::Uuid {
        uuid::Builder::from_random_bytes(self.rng.random()).into_uuid()
    }

    fn days_ago(&self, k: i64) -> NaiveDate {
        self.as_of - Duration::days(k)
    }

    /// A daytime dateTime on `d` (08:00-15:45) written with one of a few offsets; the
    /// calendar date as written is `d` whatever the offset.
    fn date_time(&mut self, d: NaiveDate) -> String {
        let minutes = self.range(8 * 60, 15 * 60 + 45);
        let offset = *self.pick(&["Z", "-05:00", "+01:00", "-04:00"]);
        format!(
            "{}T{:02}:{:02}:00{}",
            format_date(d),
            minutes / 60,
            minutes % 60,
            if offset == "Z" { "Z" } else { offset }
        )
    }

    fn period(&mut self, d: NaiveDate) -> Value {
        let start = self.date_time(d);
        // The end is 30 minutes later on the same day with the same offset.
        let (hm, rest) = start.split_at(16);
        let hour: u32 = hm[11..13].parse().expect("hour");
        let minute: u32 = hm[14..16].parse().expect("minute");
        let total = hour * 60 + minute + 30;
        let end = format!("{}T{:02}:{:02}{}", &hm[..10], total / 60, total % 60, rest);
        json!({"start": start, "end": end})
    }

    fn coding(system: &str, code: &str, display: &str) -> Value {
        json!({"coding": [{"system": system, "code": code, "display": display}], "text": display})
    }

    /// One qualifying exam record of `measure` on `d` with status `status`.
    fn exam(&mut self, ext: &str, measure: &str, n: usize, d: NaiveDate, status: &str) {
        let subject = json!({"reference": format!("Patient/{ext}")});
        let variant = self.range(0, 3);
        let r = match (measure, variant) {
            ("audiogram", 0) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-aud-{n}"), "status": status,
                "code": Self::coding(CPT, "92557", "Comprehensive audiometry threshold evaluation and speech recognition"),
                "subject": subject, "performedDateTime": self.date_time(d)
            }),
            ("audiogram", 1) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-aud-{n}"), "status": status,
                "code": Self::coding(SNOMED, "398171003", "Hearing examination (procedure)"),
                "subject": subject, "performedPeriod": self.period(d)
            }),
            ("audiogram", 2) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-aud-{n}"), "status": status,
                "code": Self::coding(CPT, "92552", "Pure tone audiometry (threshold); air only"),
                "subject": subject, "performedPeriod": self.period(d)
            }),
            ("audiogram", _) => json!({
                "resourceType": "Observation", "id": format!("{ext}-aud-{n}"),
                "status": if status == "completed" { "final" } else { status },
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "exam"}]}],
                "code": Self::coding(LOINC, "89015-2", "Audiometry panel"),
                "subject": subject, "effectiveDateTime": self.date_time(d)
            }),
            ("tb_screening", 0 | 1) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-tb-{n}"), "status": status,
                "code": Self::coding(CPT, "86580", "Skin test; tuberculosis, intradermal"),
                "subject": subject, "performedDateTime": self.date_time(d)
            }),
            ("tb_screening", 2) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-tb-{n}"), "status": status,
                "code": Self::coding(CPT, "86480", "Tuberculosis test, cell mediated immunity antigen response measurement; gamma interferon"),
                "subject": subject, "performedPeriod": self.period(d)
            }),
            ("tb_screening", _) => json!({
                "resourceType": "Observation", "id": format!("{ext}-tb-{n}"),
                "status": if status == "completed" { "final" } else { status },
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
                "code": Self::coding(LOINC, "71773-6", "Mycobacterium tuberculosis stimulated gamma interferon panel - Blood"),
                "subject": subject, "effectiveDateTime": self.date_time(d),
                "valueCodeableConcept": Self::coding(SNOMED, "260385009", "Negative")
            }),
            (_, 0 | 1) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-haz-{n}"), "status": status,
                "code": Self::coding(LOCAL_EXAMS, "HAZWOPER-MED", "HAZWOPER medical surveillance examination (internal)"),
                "subject": subject, "performedDateTime": self.date_time(d)
            }),
            (_, _) => json!({
                "resourceType": "Procedure", "id": format!("{ext}-haz-{n}"), "status": status,
                "code": Self::coding(CPT, "99455", "Work related or medical disability examination by the treating physician"),
                "subject": subject, "performedPeriod": self.period(d)
            }),
        };
        self.resources.push(r);
    }

    fn immunization(&mut self, ext: &str, n: usize, d: NaiveDate, not_done_reason: Option<&str>) {
        let (cvx, display) = *self.pick(&[
            ("140", "Influenza, seasonal, injectable, preservative free"),
            ("141", "Influenza, seasonal, injectable"),
            (
                "150",
                "Influenza, injectable, quadrivalent, preservative free",
            ),
            (
                "158",
                "influenza, injectable, quadrivalent, contains preservative",
            ),
            ("197", "influenza, high-dose, quadrivalent"),
        ]);
        let mut r = json!({
            "resourceType": "Immunization", "id": format!("{ext}-flu-{n}"),
            "status": if not_done_reason.is_some() { "not-done" } else { "completed" },
            "vaccineCode": Self::coding(CVX, cvx, display),
            "patient": {"reference": format!("Patient/{ext}")},
            "occurrenceDateTime": self.date_time(d),
            "primarySource": true
        });
        if let Some(reason) = not_done_reason {
            let display = match reason {
                "IMMUNE" => "immunity",
                "MEDPREC" => "medical precaution",
                "PATOBJ" => "patient objection",
                _ => "product out of stock",
            };
            r["statusReason"] = Self::coding(catalog::ACT_REASON, reason, display);
        }
        self.resources.push(r);
    }
}

/// Draws a status for a member of a population beyond the first five.
fn weighted(g: &mut Gen, weights: &[(OutcomeStatus, f64)]) -> OutcomeStatus {
    let x: f64 = g.rng.random();
    let mut acc = 0.0;
    for (s, w) in weights {
        acc += w;
        if x < acc {
            return *s;
        }
    }
    weights[0].0
}

const PERIODIC_WEIGHTS: &[(OutcomeStatus, f64)] = &[
    (OutcomeStatus::Compliant, 0.58),
    (OutcomeStatus::DueSoon, 0.12),
    (OutcomeStatus::Overdue, 0.15),
    (OutcomeStatus::MissingData, 0.09),
    (OutcomeStatus::Excluded, 0.06),
];

const FLU_WEIGHTS: &[(OutcomeStatus, f64)] = &[
    (OutcomeStatus::Compliant, 0.6),
    (OutcomeStatus::DueSoon, 0.08),
    (OutcomeStatus::Overdue, 0.16),
    (OutcomeStatus::MissingData, 0.08),
    (OutcomeStatus::Excluded, 0.08),
];

const FIRST_FIVE: [OutcomeStatus; 5] = [
    OutcomeStatus::Compliant,
    OutcomeStatus::DueSoon,
    OutcomeStatus::Overdue,
    OutcomeStatus::MissingData,
    OutcomeStatus::Excluded,
];

/// Generates the demo workforce without touching a database.
///
/// # Errors
/// [`Error::Invalid`] when `opts.employees` is below [`MIN_EMPLOYEES`].
pub fn generate(opts: &DemoOptions) -> Result<DemoWorkforce> {
    if opts.employees < MIN_EMPLOYEES {
        return Err(Error::Invalid(format!(
            "the demo workforce needs at least {MIN_EMPLOYEES} employees (asked for {})",
            opts.employees
        )));
    }
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        as_of: opts.as_of,
        resources: Vec::new(),
    };
    let n = opts.employees;

    // Roles by share, the remainder to office staff, shuffled.
    let mut roles: Vec<usize> = Vec::with_capacity(n);
    for (i, (_, share, _)) in ROLES.iter().enumerate() {
        let count = (share * n as f64).round() as usize;
        roles.extend(std::iter::repeat_n(i, count.min(n - roles.len())));
    }
    let office = ROLES
        .iter()
        .position(|r| r.0 == "Office Administrator")
        .expect("office role");
    roles.resize(n, office);
    roles.shuffle(&mut g.rng);

    struct Person {
        ext: String,
        role: usize,
        site: &'static str,
        active: bool,
        periodic: Option<(usize, OutcomeStatus, bool)>,
        flu: Option<(OutcomeStatus, bool)>,
    }
    let mut people: Vec<Person> = Vec::with_capacity(n);
    for (i, role) in roles.iter().enumerate() {
        let site = *g.pick(ROLES[*role].2);
        people.push(Person {
            ext: format!("emp-{:03}", i + 1),
            role: *role,
            site,
            active: true,
            periodic: None,
            flu: None,
        });
    }
    // Two former employees (inactive: outside every population), office and warehouse staff.
    for role_name in ["Office Administrator", "Warehouse Associate"] {
        if let Some(p) = people
            .iter_mut()
            .rev()
            .find(|p| ROLES[p.role].0 == role_name)
        {
            p.active = false;
        }
    }

    // Periodic measures: plan per population.
    for (m, (_, _, eligible, baseline)) in PERIODIC.iter().enumerate() {
        let mut members: Vec<usize> = (0..n)
            .filter(|&i| people[i].active && eligible.contains(&ROLES[people[i].role].0))
            .collect();
        members.shuffle(&mut g.rng);
        for (k, &i) in members.iter().enumerate() {
            let status = if k < FIRST_FIVE.len() {
                FIRST_FIVE[k]
            } else {
                weighted(&mut g, PERIODIC_WEIGHTS)
            };
            // DUE_SOON by a baseline not yet due, only where the baseline leaves room for a
            // start date more than the flu grace ago (audiogram: 180 days).
            let baseline_hire =
                status == OutcomeStatus::DueSoon && *baseline > FLU_GRACE && g.chance(0.4);
            people[i].periodic = Some((m, status, baseline_hire));
        }
    }

    // Flu: every active employee.
    let (season_start, season_end, deadline) = flu_season(opts.as_of);
    let after_deadline = opts.as_of >= deadline;
    let mut flu_members: Vec<usize> = (0..n).filter(|&i| people[i].active).collect();
    flu_members.shuffle(&mut g.rng);
    // After the deadline DUE_SOON exists only for new hires in their grace period; those are
    // taken from staff without a periodic exam so no other plan needs an older start date.
    let new_hire_pool: Vec<usize> = flu_members
        .iter()
        .copied()
        .filter(|&i| people[i].periodic.is_none())
        .collect();
    let mut forced_new_hire = None;
    if after_deadline {
        forced_new_hire = new_hire_pool.first().copied();
    }
    let mut k = 0;
    for &i in &flu_members {
        let mut status = if Some(i) == forced_new_hire {
            OutcomeStatus::DueSoon
        } else if k < FIRST_FIVE.len() {
            let s = FIRST_FIVE[k];
            k += 1;
            if after_deadline && s == OutcomeStatus::DueSoon {
                // Taken by the forced new hire; give this one the next status instead.
                let s2 = FIRST_FIVE[k.min(FIRST_FIVE.len() - 1)];
                k += 1;
                s2
            } else {
                s
            }
        } else {
            weighted(&mut g, FLU_WEIGHTS)
        };
        let mut new_hire = false;
        if status == OutcomeStatus::DueSoon && after_deadline {
            if people[i].periodic.is_none() {
                new_hire = true;
            } else {
                status = OutcomeStatus::Overdue;
            }
        }
        if status == OutcomeStatus::Overdue && !after_deadline {
            status = OutcomeStatus::DueSoon;
        }
        people[i].flu = Some((status, new_hire));
    }

    // Site leads supervise everyone else at their site; leads come first.
    let mut order: Vec<usize> = (0..n).collect();
    let mut leads: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        if p.active {
            leads.entry(p.site).or_insert(i);
        }
    }
    order.sort_by_key(|i| (!leads.values().any(|l| l == i), *i));

    let mut employees = Vec::with_capacity(n);
    let mut ids: Vec<Option<EmployeeId>> = vec![None; n];
    let mut waivers = Vec::new();
    let mut plan = Vec::new();
    let mut patients = Vec::with_capacity(n);
    for &i in &order {
        ids[i] = Some(EmployeeId(g.uuid()));
    }
    for &i in &order {
        let p = &people[i];
        let ext = p.ext.clone();
        let (given, gender) = *g.pick(GIVEN);
        let family = *g.pick(FAMILY);
        let birth = opts.as_of - Duration::days(g.range(20 * 365, 62 * 365));

        // Start date: new hires recent; baseline hires within 31..170 days; others long ago.
        let new_hire = matches!(p.flu, Some((_, true)));
        let baseline_hire = matches!(p.periodic, Some((_, _, true)));
        let start_days_ago = if new_hire {
            g.range(0, FLU_GRACE - 5)
        } else if baseline_hire {
            g.range(FLU_GRACE + 1, 170)
        } else {
            g.range(1200, 7000)
        };
        let start = g.days_ago(start_days_ago);

        patients.push(json!({
            "resourceType": "Patient",
            "id": ext,
            "identifier": [{"system": "https://workwell-demo.dev/fhir/NamingSystem/employee-id", "value": ext}],
            "active": p.active,
            "name": [{"use": "official", "family": family, "given": [given]}],
            "gender": gender,
            "birthDate": format_date(birth)
        }));

        if let Some((m, status, _)) = p.periodic {
            let (key, measure_id, _, _) = PERIODIC[m];
            if p.active {
                plan.push(PlannedOutcome {
                    external_id: ext.clone(),
                    measure_key: key,
                    status,
                });
            }
            let mut exams = 0;
            let mut exam = |g: &mut Gen, days_ago: i64, st: &str| {
                exams += 1;
                let d = g.days_ago(days_ago);
                g.exam(&ext, key, exams, d, st);
            };
            match status {
                OutcomeStatus::Compliant => {
                    let k = g.range(1, WINDOW - DUE_SOON);
                    exam(&mut g, k, "completed");
                    if g.chance(0.7) {
                        let older = k + g.range(330, 400);
                        exam(&mut g, older, "completed");
                    }
                }
                OutcomeStatus::DueSoon if !baseline_hire => {
                    let k = g.range(WINDOW - DUE_SOON + 1, WINDOW);
                    exam(&mut g, k, "completed");
                    if g.chance(0.5) {
                        let older = k + g.range(330, 400);
                        exam(&mut g, older, "completed");
                    }
                }
                OutcomeStatus::Overdue => {
                    let k = g.range(WINDOW + 1, WINDOW + 400);
                    exam(&mut g, k, "completed");
                    // A newer record entered in error must not count.
                    if g.chance(0.2) {
                        let recent = g.range(5, 200);
                        exam(&mut g, recent, "entered-in-error");
                    }
                }
                OutcomeStatus::Excluded => {
                    if g.chance(0.5) {
                        let k = g.range(WINDOW + 1, WINDOW + 300);
                        exam(&mut g, k, "completed");
                    }
                    waivers.push(Waiver {
                        id: WaiverId(g.uuid()),
                        employee_id: ids[i].expect("id"),
                        measure_id,
                        reason: (*g.pick(WAIVER_REASONS)).to_owned(),
                        granted_by: "occupational.physician".to_owned(),
                        granted_at: demo_ts(opts.as_of - Duration::days(g.range(10, 200))),
                        expires_on: Some(opts.as_of + Duration::days(g.range(30, 365))),
                        revoked_at: None,
                        revoked_by: None,
                        revoke_reason: None,
                        revoked_on: None,
                        effective_from: None,
                    });
                }
                // MISSING_DATA and baseline DUE_SOON: nothing on record for this measure.
                _ => {}
            }
        }

        if let Some((status, _)) = p.flu {
            plan.push(PlannedOutcome {
                external_id: ext.clone(),
                measure_key: "flu_vaccination",
                status,
            });
            let last_season = season_start - Duration::days(1);
            let in_season_to = season_end.min(opts.as_of);
            let season_days = (in_season_to - season_start).num_days();
            let previous_dose = |g: &mut Gen| {
                // Last season's dose: between August 15 and December 31 of last season.
                let (ps, _, _) = flu_season(last_season);
                ps + Duration::days(g.range(14, 150))
            };
            match status {
                OutcomeStatus::Compliant => {
                    let d = season_start + Duration::days(g.range(0, season_days));
                    g.immunization(&ext, 1, d, None);
                    if g.chance(0.6) {
                        let d0 = previous_dose(&mut g);
                        g.immunization(&ext, 2, d0, None);
                    }
                }
                OutcomeStatus::Excluded => {
                    if g.chance(0.25) {
                        waivers.push(Waiver {
                            id: WaiverId(g.uuid()),
                            employee_id: ids[i].expect("id"),
                            measure_id: catalog::M_FLU,
                            reason: "Documented severe allergic reaction to a previous influenza vaccine dose."
                                .to_owned(),
                            granted_by: "occupational.physician".to_owned(),
                            granted_at: demo_ts(season_start),
                            // Through July 31: the months after the season ends (April-July)
                            // still belong to it, so a waiver ending March 31 would leave the
                            // plan EXCLUDED where the measure says otherwise.
                            expires_on: Some(season_covered_to(season_end)),
                            revoked_at: None,
                            revoked_by: None,
                            revoke_reason: None,
                            revoked_on: None,
                            effective_from: None,
                        });
                    } else {
                        let reason = *g.pick(&["MEDPREC", "PATOBJ", "IMMUNE"]);
                        let d = season_start + Duration::days(g.range(0, season_days));
                        g.immunization(&ext, 1, d, Some(reason));
                    }
                }
                OutcomeStatus::DueSoon | OutcomeStatus::Overdue => {
                    // History exists (last season), nothing completed this season; sometimes a
                    // not-done this season for a reason that does not exempt (out of stock).
                    let d0 = previous_dose(&mut g);
                    g.immunization(&ext, 1, d0, None);
                    if g.chance(0.2) {
                        let d = season_start + Duration::days(g.range(0, season_days));
                        g.immunization(&ext, 2, d, Some("OSTOCK"));
                    }
                }
                // MISSING_DATA: no influenza record at all.
                _ => {}
            }
        }

        // Health-care staff also carry a hepatitis B record (not part of any demo measure).
        if ROLES[p.role].0 == "Nurse" && g.chance(0.5) {
            let d = (start + Duration::days(g.range(0, 20))).min(opts.as_of);
            let when = g.date_time(d);
            g.resources.push(json!({
                "resourceType": "Immunization", "id": format!("{ext}-hepb-1"), "status": "completed",
                "vaccineCode": Gen::coding(CVX, "43", "Hepatitis B vaccine, adult dosage"),
                "patient": {"reference": format!("Patient/{ext}")},
                "occurrenceDateTime": when, "primarySource": true
            }));
        }

        let site = p.site;
        let lead = leads.get(site).copied();
        employees.push(Employee {
            id: ids[i].expect("id"),
            external_id: ext.clone(),
            name: format!("{given} {family}"),
            role: Some(ROLES[p.role].0.to_owned()),
            site: Some(site.to_owned()),
            supervisor_id: lead.filter(|l| *l != i).and_then(|l| ids[l]),
            fhir_patient_id: Some(ext),
            start_date: Some(start),
            active: p.active,
        });
    }

    let mut resources = patients;
    resources.append(&mut g.resources);
    plan.sort_by(|a, b| (a.measure_key, &a.external_id).cmp(&(b.measure_key, &b.external_id)));
    Ok(DemoWorkforce {
        as_of: opts.as_of,
        employees,
        resources,
        waivers,
        plan,
    })
}

/// 09:00:00.000Z on `d`, as stored timestamp text.
fn demo_ts(d: NaiveDate) -> String {
    format_ts(Utc.from_utc_datetime(&d.and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("time"))))
}

/// Generates the demo workforce and writes it (employees, FHIR resources, waivers, the fhir
/// and hris integration rows, one audit event) in one transaction. Does nothing when any
/// employee already exists, so a second `init --demo` changes no row.
///
/// # Errors
/// [`Error::Invalid`] for a too small workforce; [`Error`] from the database (nothing is
/// written then).
pub fn load_demo(conn: &mut Connection, opts: &DemoOptions) -> Result<DemoReport> {
    let demo = generate(opts)?;
    let content_hash = demo.content_hash();
    with_tx(conn, |tx| {
        if employees::count(tx)? > 0 {
            return Ok(DemoReport {
                already_present: true,
                employees: 0,
                resources: 0,
                waivers: 0,
                content_hash: content_hash.clone(),
            });
        }
        for e in &demo.employees {
            employees::insert(tx, e)?;
        }
        let mut resources = 0;
        for r in &demo.resources {
            if fhir_resources::upsert(tx, r)? {
                resources += 1;
            }
        }
        for w in &demo.waivers {
            waivers::insert(tx, w)?;
        }
        let now = now_ts();
        integration_health::record_sync(
            tx,
            "fhir",
            IntegrationStatus::Healthy,
            &now,
            &format!("Demo workforce: {resources} FHIR resources written."),
        )?;
        integration_health::record_sync(
            tx,
            "hris",
            IntegrationStatus::Healthy,
            &now,
            &format!("Demo roster: {} employees.", demo.employees.len()),
        )?;
        let actor = settings::user_name(tx)?;
        audit_events::append(
            tx,
            &NewAuditEvent::new(
                AuditEventType::DemoWorkforceGenerated,
                EntityType::Database,
                None,
                &actor,
            )
            .payload(json!({
                "seed": opts.seed,
                "employees": demo.employees.len(),
                "asOf": format_date(opts.as_of),
                "fhirResources": resources,
                "waivers": demo.waivers.len(),
                "contentHash": content_hash,
            })),
        )?;
        Ok(DemoReport {
            already_present: false,
            employees: demo.employees.len(),
            resources,
            waivers: demo.waivers.len(),
            content_hash: content_hash.clone(),
        })
    })
}
