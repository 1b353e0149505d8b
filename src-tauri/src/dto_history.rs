//! The run history as the Runs screen shows it (QA H4, H6): each run with its as-of date, the
//! target its scope names and its start time in the organisation's zone, all from
//! `ww_core::read::history`; and the query's conversion to the engine's filter.

use crate::dto::RunSummary;
use crate::dto_runs::RunQuery;
use crate::error::{AppError, Result};
use serde::Serialize;
use ts_rs::TS;
use ww_core::read::history::{RunHistory, RunHistoryFilter};
use ww_store::ids::MeasureId;

/// One run of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunHistoryRow {
    /// The run.
    pub run: RunSummary,
    /// As-of date, `YYYY-MM-DD` (organisation's zone).
    pub as_of: String,
    /// Start, `YYYY-MM-DD HH:MM` in the organisation's zone.
    pub started_local: String,
    /// What the scope names (measure version, site, employee); null for every program.
    pub target: Option<String>,
}

/// The history and the zone its times are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunHistoryDto {
    /// Newest first.
    pub items: Vec<RunHistoryRow>,
    /// The organisation's time zone (IANA name), for the column header.
    pub zone: String,
}

impl From<RunHistory> for RunHistoryDto {
    fn from(h: RunHistory) -> Self {
        RunHistoryDto {
            items: h
                .items
                .into_iter()
                .map(|i| RunHistoryRow {
                    as_of: i.as_of,
                    started_local: i.started_local,
                    target: i.target,
                    run: RunSummary::from(i.run),
                })
                .collect(),
            zone: h.zone,
        }
    }
}

/// The engine's filter for `q`; a value that is not one of the enum's names or a measure id is
/// refused, naming the field.
///
/// # Errors
/// [`AppError::Invalid`].
pub fn history_filter(q: &RunQuery) -> Result<RunHistoryFilter> {
    fn parse<T: std::str::FromStr>(field: &str, v: &Option<String>) -> Result<Option<T>> {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse()
                    .map_err(|_| AppError::Invalid(format!("{field}: {s:?} is not valid")))
            })
            .transpose()
    }
    let measure = q
        .measure_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|m| {
            MeasureId::parse(m)
                .map_err(|_| AppError::Invalid(format!("measureId: {m:?} is not a measure id")))
        })
        .transpose()?;
    Ok(RunHistoryFilter {
        status: parse("status", &q.status)?,
        scope_type: parse("scopeType", &q.scope_type)?,
        trigger_type: parse("triggerType", &q.trigger_type)?,
        dry_run: q.dry_run,
        measure,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ww_store::enums::{RunStatus, ScopeType, TriggerType};

    #[test]
    fn query_becomes_the_engine_filter_and_bad_values_name_the_field() {
        let q = RunQuery {
            status: Some("COMPLETED".into()),
            scope_type: Some("MEASURE".into()),
            measure_id: Some("b0000001-0000-0000-0000-000000000001".into()),
            ..Default::default()
        };
        let f = history_filter(&q).unwrap();
        assert_eq!(f.status, Some(RunStatus::Completed));
        assert_eq!(f.scope_type, Some(ScopeType::Measure));
        assert_eq!(
            f.measure.map(|m| m.to_string()).as_deref(),
            Some("b0000001-0000-0000-0000-000000000001")
        );
        let bad = RunQuery {
            measure_id: Some("measure".into()),
            ..Default::default()
        };
        assert_eq!(
            history_filter(&bad).unwrap_err().to_string(),
            AppError::Invalid(r#"measureId: "measure" is not a measure id"#.into()).to_string()
        );
        assert_eq!(
            history_filter(&RunQuery::default()).unwrap(),
            RunHistoryFilter::default()
        );
    }

    #[test]
    fn trigger_scope_and_dry_run_are_exact_values_and_a_blank_status_is_no_filter() {
        let q = RunQuery {
            scope_type: Some("SITE".into()),
            trigger_type: Some("RERUN".into()),
            dry_run: Some(false),
            status: Some(String::new()),
            ..Default::default()
        };
        let f = history_filter(&q).unwrap();
        assert_eq!(f.scope_type, Some(ScopeType::Site));
        assert_eq!(f.trigger_type, Some(TriggerType::Rerun));
        assert_eq!(f.dry_run, Some(false));
        assert_eq!(f.status, None);
        let err = history_filter(&RunQuery {
            status: Some("DONE".into()),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err.to_string(), r#"status: "DONE" is not valid"#);
    }
}
