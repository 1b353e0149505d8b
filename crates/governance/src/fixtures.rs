//! Measure test fixtures that really run (issue 6 item 3).
//!
//! A fixture is a small FHIR Bundle (one patient's records), the employee's facts and the
//! outcome status the measure must produce as of a date. Validation evaluates the version's
//! CQL on each fixture with the run engine's own evaluator ([`ww_core::cql_eval`]): the same
//! parameters (`"Measurement Period"`, employee facts, spec settings, `"Has Active Waiver"`),
//! the same terminology (value sets plus APPROVED mappings, [`ww_core::terminology`]). It
//! reports expected vs actual with every define's value.
//!
//! Fixtures are stored in `measure_test_fixtures` (migration V30) and belong to a measure, so
//! every version is validated against the same cases. Seeded fixtures are JSON files under
//! `seeds/fixtures/<measure id>/*.json` ([`FixtureFile`]), loaded by [`seed_fixtures`].

use crate::fixture_check::{check_fixture, fixture_set_sha256, fixture_sha256};
use crate::{Error, Result};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;
use ww_core::evaluator::{parameters, EmployeeFacts, EvaluationInput, MeasureEvaluator};
use ww_core::fhir_data::PatientData;
use ww_core::period::MeasurementPeriod;
use ww_core::spec::MeasureSpec;
use ww_core::terminology::StoreTerminology;
use ww_store::enums::OutcomeStatus;
use ww_store::ids::{MeasureId, MeasureVersionId};
use ww_store::measures::MeasureVersion;
use ww_store::time::{format_date, now_ts};

/// The patient id a fixture's records use when its employee names none.
pub const DEFAULT_PATIENT_ID: &str = "fixture-patient";

/// The employee facts of a fixture (stored as `employee_json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureEmployee {
    /// Role, e.g. `Welder`.
    #[serde(default)]
    pub role: Option<String>,
    /// Site, e.g. `Plant A`.
    #[serde(default)]
    pub site: Option<String>,
    /// Start (hire or assignment) date.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// Active employment (default true).
    #[serde(default = "yes")]
    pub active: bool,
    /// Whether a waiver for the measure is active at the as-of date (default false).
    #[serde(default)]
    pub has_active_waiver: bool,
    /// The FHIR Patient id the bundle's records refer to (default `fixture-patient`).
    #[serde(default = "default_patient")]
    pub patient_id: String,
}

fn yes() -> bool {
    true
}

fn default_patient() -> String {
    DEFAULT_PATIENT_ID.to_string()
}

/// The JSON file form of a fixture (`seeds/fixtures/<measure id>/<name>.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureFile {
    /// Unique per measure.
    pub name: String,
    /// What the case shows.
    #[serde(default)]
    pub description: Option<String>,
    /// The as-of date of the evaluation.
    pub as_of: NaiveDate,
    /// The employee.
    pub employee: FixtureEmployee,
    /// The outcome the measure must produce.
    pub expected_status: OutcomeStatus,
    /// A FHIR R4 Bundle with the patient's records.
    pub bundle: Value,
}

/// One stored fixture.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixture {
    /// Row id (UUID text).
    pub id: String,
    /// The measure it belongs to.
    pub measure_id: MeasureId,
    /// The fixture's content.
    #[serde(flatten)]
    pub file: FixtureFile,
    /// `seed` or the user who added it.
    pub source: String,
}

/// One fixture's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureResult {
    /// Fixture name.
    pub name: String,
    /// Expected outcome status.
    pub expected: OutcomeStatus,
    /// What the CQL produced: an outcome status, `NOT_IN_POPULATION`, or `ERROR`.
    pub actual: String,
    /// True when `actual` equals `expected`.
    pub passed: bool,
    /// Every define's name and value (or error text), in define order.
    pub defines: Vec<DefineValue>,
    /// The compile or evaluation error, when there was one.
    pub error: Option<String>,
    /// SHA-256 of the fixture's content as run ([`crate::fixture_check::fixture_sha256`]).
    pub sha256: String,
}

/// A define's result as reported to the author.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefineValue {
    /// Define name.
    pub name: String,
    /// Its JSON value (absent on error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Its error text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The validation of one version against its measure's fixtures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValidationReport {
    /// Number of fixtures.
    pub total: usize,
    /// Number passing.
    pub passed: usize,
    /// Per fixture, in name order.
    pub results: Vec<FixtureResult>,
    /// SHA-256 over the fixtures run (their names and content hashes,
    /// [`crate::fixture_check::fixture_set_sha256`]): what an approval was tested against.
    pub sha256: String,
}

pub(crate) const COLUMNS: &str =
    "id, measure_id, name, description, as_of, employee_json, bundle_json, expected_status, source";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Fixture> {
    let bad = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let as_of: String = r.get(4)?;
    let employee: String = r.get(5)?;
    let bundle: String = r.get(6)?;
    Ok(Fixture {
        id: r.get(0)?,
        measure_id: r.get(1)?,
        source: r.get(8)?,
        file: FixtureFile {
            name: r.get(2)?,
            description: r.get(3)?,
            as_of: ww_store::time::parse_date(&as_of).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    4,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            employee: serde_json::from_str(&employee).map_err(|e| bad(5, e))?,
            bundle: serde_json::from_str(&bundle).map_err(|e| bad(6, e))?,
            expected_status: r.get(7)?,
        },
    })
}

/// The fixtures of a measure, by name.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection, measure: MeasureId) -> Result<Vec<Fixture>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM measure_test_fixtures WHERE measure_id = ?1 ORDER BY name"
    ))?;
    let rows = stmt.query_map([measure], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn upsert(
    conn: &Connection,
    measure: MeasureId,
    f: &FixtureFile,
    source: &str,
) -> Result<bool> {
    check_fixture(f)?;
    let employee = serde_json::to_string(&f.employee).map_err(|e| Error::invalid(e.to_string()))?;
    let bundle = serde_json::to_string(&f.bundle).map_err(|e| Error::invalid(e.to_string()))?;
    let existing: Option<String> = conn
        .query_row(
            "SELECT id FROM measure_test_fixtures WHERE measure_id = ?1 AND name = ?2",
            params![measure, f.name],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(id) => {
            conn.execute(
                "UPDATE measure_test_fixtures SET description = ?2, as_of = ?3, employee_json = ?4, \
                 bundle_json = ?5, expected_status = ?6 WHERE id = ?1",
                params![id, f.description, format_date(f.as_of), employee, bundle, f.expected_status],
            )?;
            Ok(false)
        }
        None => {
            conn.execute(
                &format!(
                    "INSERT INTO measure_test_fixtures ({COLUMNS}, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                ),
                params![
                    uuid::Uuid::new_v4().to_string(),
                    measure,
                    f.name,
                    f.description,
                    format_date(f.as_of),
                    employee,
                    bundle,
                    f.expected_status,
                    source,
                    now_ts()
                ],
            )?;
            Ok(true)
        }
    }
}

pub use crate::fixture_edit::{add, draft_version, edit, remove, FixtureAction, FixtureChange};

/// Reads every `*.json` file of `dir/<measure id>/` as a [`FixtureFile`], sorted by path.
/// Folders whose name is not a UUID are skipped.
///
/// # Errors
/// [`Error::Io`] for unreadable files; [`Error::Invalid`] naming the file for bad JSON.
pub fn read_dir(dir: &Path) -> Result<Vec<(MeasureId, FixtureFile)>> {
    let io = |p: &Path| {
        let path = p.display().to_string();
        move |source| Error::Io { path, source }
    };
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut folders: Vec<_> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let Some(measure) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| MeasureId::parse(n).ok())
        else {
            continue;
        };
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .map_err(io(&folder))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(io(&file))?;
            let parsed: FixtureFile = serde_json::from_str(&text)
                .map_err(|e| Error::invalid(format!("{}: {e}", file.display())))?;
            out.push((measure, parsed));
        }
    }
    Ok(out)
}

/// The fixtures shipped with WorkWell for the seeded measures, embedded at build time from
/// `seeds/fixtures/<measure id>/*.json`.
pub fn embedded() -> Result<Vec<(MeasureId, FixtureFile)>> {
    crate::seed_data::FIXTURES
        .iter()
        .map(|(measure, path, text)| {
            let id = MeasureId::parse(measure)?;
            let f: FixtureFile = serde_json::from_str(text)
                .map_err(|e| Error::invalid(format!("seeds/fixtures/{measure}/{path}: {e}")))?;
            Ok((id, f))
        })
        .collect()
}

/// Loads the embedded seed fixtures for the measures that exist (idempotent: a fixture is
/// matched by measure and name and refreshed). Call inside the seeding transaction; returns
/// the number of fixtures inserted now. No audit event: it is part of standard content.
///
/// # Errors
/// [`Error::Invalid`] for a bad embedded file; [`Error::Db`].
pub fn seed_fixtures(conn: &Connection) -> Result<usize> {
    let mut inserted = 0;
    for (measure, f) in embedded()? {
        if ww_store::measures::get_measure(conn, measure)?.is_none() {
            continue;
        }
        if upsert(conn, measure, &f, "seed")? {
            inserted += 1;
        }
    }
    Ok(inserted)
}

/// Validates a version against its measure's fixtures with the WorkWell CQL engine. The
/// report carries each fixture's content hash and the hash over all of them.
///
/// # Errors
/// [`Error::NotFound`] for an unknown version; [`Error::Db`].
pub fn validate(conn: &Connection, version: MeasureVersionId) -> Result<ValidationReport> {
    let v = crate::measures::load_version(conn, version)?;
    validate_in(conn, &v)
}

/// As [`validate`], for a loaded version (used inside the approval transaction).
pub(crate) fn validate_in(conn: &Connection, v: &MeasureVersion) -> Result<ValidationReport> {
    let mut terminology = StoreTerminology::load(conn).map_err(|e| Error::Db(e.to_string()))?;
    // Two versions of a value set share its canonical URL: the version's own links decide
    // which codes the URL means for this version.
    for id in ww_store::measures::linked_value_sets(conn, v.id)? {
        if let Some(vs) = ww_store::value_sets::get(conn, id)? {
            let codes: Vec<(String, String)> = vs
                .codes
                .iter()
                .map(|c| (c.system.clone(), c.code.clone()))
                .collect();
            let mut names = vec![vs.id.to_string(), format!("urn:oid:{}", vs.oid)];
            names.extend(vs.canonical_url.clone());
            for name in names {
                terminology.add_value_set(&name, codes.iter().cloned());
            }
        }
    }
    validate_with(conn, v, &ww_core::cql_eval::CqlEvaluator::new(terminology))
}

/// Validates with any evaluator of the run engine's seam. The fixtures' FHIR dateTimes reach
/// the CQL in the organisation's zone (settings `org_time_zone`), exactly as in a run, so a
/// fixture and a run agree on event dates (DOMAIN.md section 2).
///
/// # Errors
/// [`Error::Db`] when fixtures or terminology cannot be read.
pub fn validate_with<E: MeasureEvaluator>(
    conn: &Connection,
    v: &MeasureVersion,
    evaluator: &E,
) -> Result<ValidationReport> {
    let fixtures = list(conn, v.measure_id)?;
    let zone: Tz = ww_store::settings::org_time_zone(conn)?
        .parse()
        .unwrap_or(Tz::UTC);
    let compiled = evaluator.compile(v.cql_text.as_deref().unwrap_or(""));
    let spec = MeasureSpec::from_json(&v.spec_json, "exam");
    let mut report = ValidationReport::default();
    for fixture in fixtures {
        let f = &fixture.file;
        let result = match (&compiled, &spec) {
            (Err(e), _) => failure(f, format!("compile: {e}")),
            (_, Err(e)) => failure(f, format!("spec: {e}")),
            (Ok(compiled), Ok(spec)) => run_one(evaluator, compiled, spec, f, zone),
        };
        report.total += 1;
        report.passed += usize::from(result.passed);
        report.results.push(result);
    }
    report.sha256 = fixture_set_sha256(
        report
            .results
            .iter()
            .map(|r| (r.name.as_str(), r.sha256.as_str())),
    );
    Ok(report)
}

fn failure(f: &FixtureFile, error: String) -> FixtureResult {
    FixtureResult {
        name: f.name.clone(),
        expected: f.expected_status,
        actual: "ERROR".into(),
        passed: false,
        defines: Vec::new(),
        error: Some(error),
        sha256: fixture_sha256(f),
    }
}

fn run_one<E: MeasureEvaluator>(
    evaluator: &E,
    compiled: &E::Compiled,
    spec: &MeasureSpec,
    f: &FixtureFile,
    zone: Tz,
) -> FixtureResult {
    let period = MeasurementPeriod::new(f.as_of, zone);
    let facts = EmployeeFacts {
        role: f.employee.role.as_deref(),
        site: f.employee.site.as_deref(),
        start_date: f.employee.start_date,
        active: f.employee.active,
        has_active_waiver: f.employee.has_active_waiver,
    };
    let params = parameters(&period, &facts, spec);
    let mut data = PatientData::default();
    for entry in f
        .bundle
        .get("entry")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(res) = entry.get("resource") {
            if let Some(rt) = res.get("resourceType").and_then(Value::as_str) {
                data.add_in_zone(rt, res.clone(), zone);
            }
        }
    }
    let input = EvaluationInput {
        patient_id: &f.employee.patient_id,
        now: period.end,
        parameters: &params,
        data: &data,
    };
    let defines = match evaluator.evaluate(compiled, &input) {
        Ok(d) => d,
        Err(e) => return failure(f, format!("evaluation: {e}")),
    };
    let defines: Vec<DefineValue> = defines
        .into_iter()
        .map(|(name, r)| match r {
            Ok(value) => DefineValue {
                name,
                value: Some(value),
                error: None,
            },
            Err(error) => DefineValue {
                name,
                value: None,
                error: Some(error),
            },
        })
        .collect();
    let find = |n: &str| defines.iter().find(|d| d.name == n);
    let (actual, error) = match (find("In Population"), find("Outcome Status")) {
        (
            Some(DefineValue {
                value: Some(Value::Bool(false)),
                ..
            }),
            _,
        ) => ("NOT_IN_POPULATION".to_string(), None),
        (
            _,
            Some(DefineValue {
                value: Some(Value::String(s)),
                ..
            }),
        ) => (s.clone(), None),
        (_, Some(DefineValue { error: Some(e), .. })) => (
            "ERROR".to_string(),
            Some(format!("define \"Outcome Status\": {e}")),
        ),
        (_, Some(_)) => (
            "ERROR".to_string(),
            Some("\"Outcome Status\" is not a text".into()),
        ),
        (_, None) => (
            "ERROR".to_string(),
            Some("the library has no define \"Outcome Status\"".into()),
        ),
    };
    FixtureResult {
        name: f.name.clone(),
        expected: f.expected_status,
        passed: actual == f.expected_status.as_str(),
        actual,
        defines,
        error,
        sha256: fixture_sha256(f),
    }
}
