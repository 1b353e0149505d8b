//! Outreach message templates and their four placeholders (DOMAIN.md section 6).
//!
//! One placeholder syntax everywhere: `{{employeeName}}`, `{{measureName}}`, `{{dueDate}}`,
//! `{{outcomeStatus}}` (spaces inside the braces are allowed). Any other name is refused with
//! [`Error::UnknownPlaceholder`] so a mistyped template fails at preview, not in an inbox.

use crate::{Error, Result};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use ww_store::outreach::BUILTIN_TEMPLATES;

/// Days from today given as the due date when the real due date has passed or is unknown.
///
/// The due date shown in a message is never in the past (DOMAIN.md section 6, lesson): an
/// overdue employee is asked to complete the exam within this many days.
pub const OVERDUE_GRACE_DAYS: u64 = 14;

/// Domain of the synthetic, non-routable recipient addresses (contract: outreach_delivery_log).
pub const RECIPIENT_DOMAIN: &str = "workwell-demo.dev";

/// A message template: a row of `outreach_templates` or a built-in default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutreachTemplate {
    /// `outreach_templates.id`; `None` for built-ins.
    pub id: Option<String>,
    /// Template name shown in the picker.
    pub name: String,
    /// Subject line with placeholders.
    pub subject: String,
    /// Plain-text body with placeholders.
    pub body_text: String,
    /// Measure the template is written for; `None` = any measure.
    pub measure_id: Option<String>,
}

/// The values the four placeholders take for one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutreachValues {
    /// `{{employeeName}}`.
    pub employee_name: String,
    /// `{{measureName}}`.
    pub measure_name: String,
    /// `{{dueDate}}`: already moved out of the past by [`displayed_due_date`].
    pub due_date: NaiveDate,
    /// `{{outcomeStatus}}`: the case's current outcome status (e.g. OVERDUE), rendered in
    /// words by [`status_words`].
    pub outcome_status: String,
}

/// The built-in templates (ww-store's [`BUILTIN_TEMPLATES`], defined once) used when
/// `outreach_templates` has no active row.
pub fn builtin_templates() -> Vec<OutreachTemplate> {
    BUILTIN_TEMPLATES
        .iter()
        .map(|b| OutreachTemplate {
            id: None,
            name: b.name.to_string(),
            subject: b.subject.to_string(),
            body_text: b.body_text.to_string(),
            measure_id: None,
        })
        .collect()
}

/// The built-in template name that suits an outcome status.
fn default_name_for(outcome_status: &str) -> &'static str {
    match outcome_status {
        "OVERDUE" => "Overdue notice",
        "MISSING_DATA" => "Missing record",
        _ => "Exam reminder",
    }
}

/// The templates a case of `measure_id` may use, from `pool`: those written for that measure,
/// then those written for any measure, each group in `pool` order. A template written for
/// another measure is never offered (its wording names that measure's exam).
pub fn usable_templates<'a>(
    pool: &'a [OutreachTemplate],
    measure_id: &str,
) -> Vec<&'a OutreachTemplate> {
    let specific = pool
        .iter()
        .filter(|t| t.measure_id.as_deref() == Some(measure_id));
    specific
        .chain(pool.iter().filter(|t| t.measure_id.is_none()))
        .collect()
}

/// The template pool of a database: its active rows, or the built-ins when it has none.
pub fn template_pool(active: Vec<OutreachTemplate>) -> Vec<OutreachTemplate> {
    if active.is_empty() {
        builtin_templates()
    } else {
        active
    }
}

/// Picks the template for a case.
///
/// With `requested` (a template id or name) that template, which must be one of the
/// [`usable_templates`] for `measure_id` ([`Error::Invalid`] for a template written for
/// another measure), or [`Error::NotFound`]. Otherwise,
/// from `active` (the active database rows; the built-ins when there are none): the templates
/// written for `measure_id` if any, else those for any measure; among them the one named like
/// the built-in for `outcome_status` ("Overdue notice", "Missing record", "Exam reminder"),
/// else the first by name.
pub fn choose_template(
    active: &[OutreachTemplate],
    requested: Option<&str>,
    measure_id: &str,
    outcome_status: &str,
) -> Result<OutreachTemplate> {
    let builtins;
    let pool: &[OutreachTemplate] = if active.is_empty() {
        builtins = builtin_templates();
        &builtins
    } else {
        active
    };
    if let Some(wanted) = requested {
        let found = pool
            .iter()
            .find(|t| t.id.as_deref() == Some(wanted) || t.name == wanted)
            .ok_or_else(|| Error::NotFound {
                entity: "outreach template",
                id: wanted.to_string(),
            })?;
        if found.measure_id.as_deref().is_some_and(|m| m != measure_id) {
            return Err(Error::Invalid(format!(
                "outreach template '{}' is written for another measure than the case's",
                found.name
            )));
        }
        return Ok(found.clone());
    }
    let specific: Vec<&OutreachTemplate> = pool
        .iter()
        .filter(|t| t.measure_id.as_deref() == Some(measure_id))
        .collect();
    let generic: Vec<&OutreachTemplate> = pool.iter().filter(|t| t.measure_id.is_none()).collect();
    let candidates = if !specific.is_empty() {
        specific
    } else if !generic.is_empty() {
        generic
    } else {
        return Err(Error::NotFound {
            entity: "outreach template for measure",
            id: measure_id.to_string(),
        });
    };
    let wanted = default_name_for(outcome_status);
    Ok(candidates
        .iter()
        .find(|t| t.name == wanted)
        .unwrap_or(&candidates[0])
        .to_owned()
        .clone())
}

/// Replaces the placeholders of `text` with `values`.
///
/// Errors: [`Error::UnknownPlaceholder`] naming `template_name` and the unknown name;
/// [`Error::Invalid`] for a `{{` without its `}}`.
pub fn fill(text: &str, values: &OutreachValues, template_name: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            Error::Invalid(format!(
                "template {template_name}: '{{{{' at byte {} has no closing '}}}}'",
                text.len() - rest.len() + start
            ))
        })?;
        let name = after[..end].trim();
        match name {
            "employeeName" => out.push_str(&values.employee_name),
            "measureName" => out.push_str(&values.measure_name),
            "dueDate" => out.push_str(&values.due_date.format("%Y-%m-%d").to_string()),
            "outcomeStatus" => out.push_str(&status_words(&values.outcome_status)),
            other => {
                return Err(Error::UnknownPlaceholder {
                    template: template_name.to_string(),
                    placeholder: other.to_string(),
                })
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The words an employee reads for an outcome status in `{{outcomeStatus}}` (QA3 H9):
/// OVERDUE -> "overdue", DUE_SOON -> "due soon", MISSING_DATA -> "missing data"; any other
/// value is lower-cased with its underscores as spaces.
pub fn status_words(status: &str) -> String {
    match status {
        "OVERDUE" => "overdue".to_owned(),
        "DUE_SOON" => "due soon".to_owned(),
        "MISSING_DATA" => "missing data".to_owned(),
        other => other.to_lowercase().replace('_', " "),
    }
}

/// The due date a message shows: the real due date when it is today or later, otherwise
/// (passed or unknown) today + [`OVERDUE_GRACE_DAYS`]. Never in the past (lesson).
pub fn displayed_due_date(due: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    match due {
        Some(d) if d >= today => d,
        _ => today
            .checked_add_days(Days::new(OVERDUE_GRACE_DAYS))
            .unwrap_or(today),
    }
}

/// The deterministic synthetic recipient `<external_id>@workwell-demo.dev`.
pub fn recipient_address(external_id: &str) -> String {
    format!("{external_id}@{RECIPIENT_DOMAIN}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(due: NaiveDate) -> OutreachValues {
        OutreachValues {
            employee_name: "Ana Ruiz".into(),
            measure_name: "Audiogram".into(),
            due_date: due,
            outcome_status: "OVERDUE".into(),
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn fills_all_four_placeholders() {
        let text = "{{employeeName}}|{{ measureName }}|{{dueDate}}|{{outcomeStatus}}";
        let got = fill(text, &values(d("2026-06-01")), "t").unwrap();
        assert_eq!(got, "Ana Ruiz|Audiogram|2026-06-01|overdue");
    }

    #[test]
    fn outcome_status_is_rendered_in_words() {
        let mut v = values(d("2026-06-01"));
        for (status, words) in [
            ("OVERDUE", "overdue"),
            ("DUE_SOON", "due soon"),
            ("MISSING_DATA", "missing data"),
        ] {
            v.outcome_status = status.into();
            assert_eq!(
                fill("({{outcomeStatus}})", &v, "t").unwrap(),
                format!("({words})")
            );
        }
    }

    #[test]
    fn unknown_placeholder_is_refused_with_its_name() {
        let err = fill("Hi {{firstName}}", &values(d("2026-06-01")), "Welcome").unwrap_err();
        assert_eq!(
            err.to_string(),
            "template Welcome: unknown placeholder {{firstName}}"
        );
    }

    #[test]
    fn unclosed_placeholder_is_refused() {
        let err = fill("Hi {{employeeName", &values(d("2026-06-01")), "t").unwrap_err();
        assert!(err.to_string().contains("byte 3"), "{err}");
    }

    #[test]
    fn due_date_shown_is_never_in_the_past() {
        let today = d("2026-05-06");
        assert_eq!(
            displayed_due_date(Some(d("2025-03-10")), today),
            d("2026-05-20")
        );
        assert_eq!(displayed_due_date(None, today), d("2026-05-20"));
        assert_eq!(displayed_due_date(Some(today), today), today);
        assert_eq!(
            displayed_due_date(Some(d("2026-07-01")), today),
            d("2026-07-01")
        );
    }

    #[test]
    fn a_case_may_use_its_measure_s_templates_and_general_ones_only() {
        let t = |id: &str, measure: Option<&str>| OutreachTemplate {
            id: Some(id.into()),
            name: format!("Template {id}"),
            subject: "s".into(),
            body_text: "b".into(),
            measure_id: measure.map(Into::into),
        };
        let pool = vec![
            t("g1", None),
            t("a1", Some("m1")),
            t("b1", Some("m2")),
            t("a2", Some("m1")),
        ];
        let ids = |m: &str| -> Vec<String> {
            usable_templates(&pool, m)
                .iter()
                .map(|t| t.id.clone().unwrap())
                .collect()
        };
        assert_eq!(ids("m1"), ["a1", "a2", "g1"]);
        assert_eq!(ids("m2"), ["b1", "g1"]);
        assert_eq!(ids("m3"), ["g1"]);
        assert_eq!(
            choose_template(&pool, Some("a2"), "m1", "OVERDUE")
                .unwrap()
                .name,
            "Template a2"
        );
        assert_eq!(
            choose_template(&pool, Some("Template g1"), "m2", "OVERDUE")
                .unwrap()
                .name,
            "Template g1"
        );
        let err = choose_template(&pool, Some("b1"), "m1", "OVERDUE").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: outreach template 'Template b1' is written for another measure than the case's"
        );
        assert_eq!(template_pool(Vec::new()), builtin_templates());
        assert_eq!(template_pool(vec![t("g1", None)]).len(), 1);
    }

    #[test]
    fn builtins_are_chosen_by_outcome_status_when_no_active_rows() {
        let t = choose_template(&[], None, "m1", "DUE_SOON").unwrap();
        assert_eq!(t.name, "Exam reminder");
        let t = choose_template(&[], None, "m1", "MISSING_DATA").unwrap();
        assert_eq!(t.name, "Missing record");
        let t = choose_template(&[], None, "m1", "OVERDUE").unwrap();
        assert_eq!(t.name, "Overdue notice");
    }

    #[test]
    fn active_rows_win_and_measure_specific_first() {
        let generic = OutreachTemplate {
            id: Some("t1".into()),
            name: "Generic".into(),
            subject: "s".into(),
            body_text: "b".into(),
            measure_id: None,
        };
        let specific = OutreachTemplate {
            id: Some("t2".into()),
            measure_id: Some("m1".into()),
            name: "Audiogram only".into(),
            ..generic.clone()
        };
        let active = vec![generic.clone(), specific.clone()];
        assert_eq!(
            choose_template(&active, None, "m1", "OVERDUE").unwrap(),
            specific
        );
        assert_eq!(
            choose_template(&active, None, "m2", "OVERDUE").unwrap(),
            generic
        );
        assert_eq!(
            choose_template(&active, Some("t2"), "m1", "OVERDUE").unwrap(),
            specific
        );
        // Another measure's template is refused (its text is about that measure's exam).
        assert!(matches!(
            choose_template(&active, Some("t2"), "m2", "OVERDUE"),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            choose_template(&active, Some("nope"), "m2", "OVERDUE"),
            Err(Error::NotFound { .. })
        ));
    }

    #[test]
    fn every_builtin_fills() {
        for t in builtin_templates() {
            fill(&t.subject, &values(d("2026-06-01")), &t.name).unwrap();
            let body = fill(&t.body_text, &values(d("2026-06-01")), &t.name).unwrap();
            assert!(body.contains("Ana Ruiz"), "{body}");
        }
    }

    #[test]
    fn recipient_is_synthetic() {
        assert_eq!(recipient_address("emp-006"), "emp-006@workwell-demo.dev");
    }
}
