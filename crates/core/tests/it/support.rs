//! Test fixtures: a migrated database file with the standard content, employees, and a
//! scripted evaluator double (tests only; production evaluates through the CQL engine).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::RwLock;
use tempfile::TempDir;
use ww_core::evaluator::{EvaluationInput, MeasureEvaluator};
use ww_core::interpret::DefineResult;
use ww_core::run::{execute, NoProgress, RunOptions, RunReport, RunRequest};
use ww_store::employees::{self, Employee};
use ww_store::ids::EmployeeId;
use ww_store::seed::catalog::M_AUDIOGRAM;

/// A database file in a temporary folder.
pub struct Db {
    pub conn: Connection,
    _dir: TempDir,
}

impl Db {
    /// A migrated file with the standard content (four ACTIVE measures).
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = ww_store::open(&dir.path().join("ww.db")).unwrap();
        ww_store::seed::load_standard(&mut conn).unwrap();
        Db { conn, _dir: dir }
    }

    /// Adds an employee in a noise-exposed role (audiogram population).
    pub fn employee(&self, external_id: &str) -> EmployeeId {
        let e = Employee {
            id: EmployeeId::new(),
            external_id: external_id.into(),
            name: format!("Employee {external_id}"),
            role: Some("Machine Operator".into()),
            site: Some("Plant A".into()),
            supervisor_id: None,
            fhir_patient_id: Some(format!("pat-{external_id}")),
            start_date: NaiveDate::from_ymd_opt(2020, 1, 6),
            active: true,
        };
        employees::insert(&self.conn, &e).unwrap();
        e.id
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// What the double answers for one patient.
#[derive(Debug, Clone)]
pub enum Script {
    /// In the population with this status, last exam date and days overdue.
    Status(&'static str, Option<&'static str>, Option<i64>),
    /// Outside the population.
    Outside,
    /// The whole evaluation fails.
    Fail(&'static str),
}

/// Scripted evaluator double: answers per patient id; unknown patients are outside.
#[derive(Default)]
pub struct Scripted {
    pub scripts: RwLock<HashMap<String, Script>>,
}

impl Scripted {
    pub fn set(&self, external_id: &str, s: Script) {
        self.scripts
            .write()
            .unwrap()
            .insert(format!("pat-{external_id}"), s);
    }
}

/// The scripted evaluator's failure: the message the script asked for.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ScriptError(pub String);

impl MeasureEvaluator for Scripted {
    type Compiled = ();
    type Error = ScriptError;

    fn compile(&self, cql: &str) -> Result<(), ScriptError> {
        if cql.contains("library") {
            Ok(())
        } else {
            Err(ScriptError(
                "1:1: error: expected a library declaration".into(),
            ))
        }
    }

    fn evaluate(
        &self,
        _c: &(),
        input: &EvaluationInput<'_>,
    ) -> Result<Vec<DefineResult>, ScriptError> {
        let script = self.scripts.read().unwrap().get(input.patient_id).cloned();
        let d = |n: &str, v: Value| (n.to_string(), Ok(v));
        match script {
            None | Some(Script::Outside) => Ok(vec![
                d("In Population", json!(false)),
                d("Outcome Status", Value::Null),
            ]),
            Some(Script::Fail(m)) => Err(ScriptError(m.to_string())),
            Some(Script::Status(status, last, overdue)) => Ok(vec![
                d("In Population", json!(true)),
                d("Most Recent Exam Date", json!(last)),
                d("Days Overdue", json!(overdue)),
                d("Outcome Status", json!(status)),
            ]),
        }
    }
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An audiogram run as of `as_of`.
pub fn audiogram(as_of: &str) -> RunRequest {
    RunRequest {
        measure: Some(M_AUDIOGRAM),
        ..RunRequest::all_programs(date(as_of))
    }
}

/// Runs to the end with the double.
pub fn run(db: &mut Db, ev: &Scripted, req: &RunRequest) -> RunReport {
    let cancel = AtomicBool::new(false);
    let opts = RunOptions {
        cancel: &cancel,
        progress: &NoProgress,
        batch_size: 2,
    };
    execute(&mut db.conn, ev, req, &opts).unwrap()
}
