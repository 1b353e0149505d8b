//! Resolving a [`RunRequest`] into measures and employees (DOMAIN.md section 4 "Scope").

use super::RunRequest;
use crate::{Error, Result};
use rusqlite::Connection;
use serde_json::{json, Value};
use ww_store::employees::Employee;
use ww_store::enums::ScopeType;
use ww_store::measures::{Measure, MeasureVersion};

/// A resolved scope.
pub(crate) struct Scope {
    pub scope_type: ScopeType,
    /// The measure version id when the run evaluates exactly one measure.
    pub scope_id: Option<String>,
    /// The site of SITE runs.
    pub site: Option<String>,
    pub measures: Vec<(Measure, MeasureVersion)>,
    pub employees: Vec<Employee>,
}

impl RunRequest {
    /// The request as given, for `runs.requested_scope_json`.
    pub fn to_json(&self) -> Value {
        json!({
            "measureId": self.measure,
            "site": self.site,
            "employeeExternalId": self.employee,
            "caseId": self.case,
            "asOf": self.as_of.to_string(),
            "dryRun": self.dry_run,
            "trigger": self.trigger,
        })
    }
}

/// Finds the measures and employees of the request.
///
/// # Errors
/// [`Error::NotFound`] for an unknown measure, employee or case, or a measure without an
/// ACTIVE version; [`Error::Invalid`] for a site where nobody works or an as-of date outside
/// the accepted range ([`crate::period::check_as_of`]) or after today in a non-dry run
/// ([`crate::period::check_not_future`]).
pub(crate) fn resolve(conn: &Connection, req: &RunRequest) -> Result<Scope> {
    let today = super::today(conn)?;
    crate::period::check_as_of(req.as_of, today)?;
    crate::period::check_not_future(req.as_of, today, req.dry_run)?;
    let mut measures = ww_store::measures::list_active(conn)?;
    let mut employees = ww_store::employees::list(conn)?;
    let mut scope_type = ScopeType::AllPrograms;

    if let Some(case_id) = req.case {
        let case = ww_store::cases::get(conn, case_id)?.ok_or_else(|| Error::NotFound {
            what: "case",
            key: case_id.to_string(),
        })?;
        let version =
            ww_store::measures::get_version(conn, case.measure_version_id)?.ok_or_else(|| {
                Error::NotFound {
                    what: "measure version",
                    key: case.measure_version_id.to_string(),
                }
            })?;
        let measure =
            ww_store::measures::get_measure(conn, version.measure_id)?.ok_or_else(|| {
                Error::NotFound {
                    what: "measure",
                    key: version.measure_id.to_string(),
                }
            })?;
        // A rerun verifies the case's own version, whatever is ACTIVE now.
        measures = vec![(measure, version)];
        employees.retain(|e| e.id == case.employee_id);
        scope_type = ScopeType::Case;
    } else if let Some(measure_id) = req.measure {
        measures.retain(|(m, _)| m.id == measure_id);
        if measures.is_empty() {
            let known = ww_store::measures::get_measure(conn, measure_id)?.is_some();
            return Err(if known {
                Error::Invalid(format!(
                    "measure {measure_id} has no ACTIVE version; activate one before running it"
                ))
            } else {
                Error::NotFound {
                    what: "measure",
                    key: measure_id.to_string(),
                }
            });
        }
        scope_type = ScopeType::Measure;
    }
    if let Some(site) = &req.site {
        employees.retain(|e| e.site.as_deref() == Some(site.as_str()));
        if employees.is_empty() {
            return Err(Error::Invalid(format!(
                "no employee works at site \"{site}\""
            )));
        }
        if scope_type != ScopeType::Case {
            scope_type = ScopeType::Site;
        }
    }
    if let Some(external_id) = &req.employee {
        employees.retain(|e| &e.external_id == external_id);
        if employees.is_empty() {
            return Err(Error::NotFound {
                what: "employee",
                key: external_id.clone(),
            });
        }
        if scope_type != ScopeType::Case {
            scope_type = ScopeType::Employee;
        }
    }
    if measures.is_empty() {
        return Err(Error::Invalid(
            "no measure has an ACTIVE version: there is nothing to run".into(),
        ));
    }
    // QA G12: never evaluate an approved rule changed outside the lifecycle (once per version).
    for (_, version) in &measures {
        ww_store::measures::check_approved_rule(conn, version)?;
    }
    measures.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    Ok(Scope {
        scope_type,
        scope_id: (measures.len() == 1).then(|| measures[0].1.id.to_string()),
        site: req.site.clone(),
        measures,
        employees,
    })
}
