//! Seeds: the standard content every site starts with, and the demo workforce.
//!
//! Loaded by code from `workwell init` only: never by a migration, never on read. Both
//! loaders are idempotent: rows are inserted only when absent (by fixed id or natural key) and
//! existing rows are never changed, so a second `init` changes no row count and keeps edits
//! made since. Each loader runs in one transaction and writes one audit event when it
//! inserted anything.

pub mod catalog;
pub mod demo;

use crate::audit_events::{self, NewAuditEvent};
use crate::enums::{
    AuditEventType, CompileStatus, EntityType, MeasureVersionStatus, ResolutionStatus,
    ValueSetStatus,
};
use crate::ids::{MappingId, OshaReferenceId, TemplateId};
use crate::integration_health::{self, Integration};
use crate::measures::{self, Measure, MeasureVersion};
use crate::outreach::{self, Template, BUILTIN_TEMPLATES};
use crate::terminology_mappings::{self, Mapping};
use crate::time::now_ts;
use crate::value_sets::{self, ValueSet};
use crate::{osha_references, settings, with_tx, Result};
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

/// What [`load_standard`] inserted (zero everywhere on a second run).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StandardReport {
    /// Settings rows written with their defaults.
    pub settings: usize,
    /// OSHA references.
    pub osha_references: usize,
    /// Value sets.
    pub value_sets: usize,
    /// Measures (each with its ACTIVE version 1.0).
    pub measures: usize,
    /// Measure-version / value-set links.
    pub value_set_links: usize,
    /// Terminology mappings.
    pub mappings: usize,
    /// Integration rows.
    pub integrations: usize,
    /// Outreach templates.
    pub templates: usize,
}

impl StandardReport {
    /// Total rows inserted.
    pub fn total(&self) -> usize {
        self.settings
            + self.osha_references
            + self.value_sets
            + self.measures
            + self.value_set_links
            + self.mappings
            + self.integrations
            + self.templates
    }
}

/// Loads the standard content (settings defaults, OSHA references, the demo value sets, the
/// four demo measures with ACTIVE versions and their value-set links, the five mappings, the
/// integration rows and the built-in outreach templates) in one transaction.
///
/// # Errors
/// [`crate::Error`] from the database; nothing is written then.
pub fn load_standard(conn: &mut Connection) -> Result<StandardReport> {
    with_tx(conn, |tx| {
        let mut r = StandardReport {
            settings: settings::insert_defaults(tx)?,
            ..StandardReport::default()
        };
        let now = now_ts();

        for (citation, title, area) in catalog::OSHA_REFERENCES {
            if osha_references::get_by_citation(tx, citation)?.is_none() {
                osha_references::insert(
                    tx,
                    &osha_references::OshaReference {
                        id: OshaReferenceId::new(),
                        cfr_citation: (*citation).to_owned(),
                        title: (*title).to_owned(),
                        program_area: (*area).to_owned(),
                    },
                )?;
                r.osha_references += 1;
            }
        }

        for vs in catalog::value_sets() {
            if value_sets::get(tx, vs.id)?.is_none() {
                value_sets::insert(
                    tx,
                    &ValueSet {
                        id: vs.id,
                        oid: vs.oid.to_owned(),
                        name: vs.name.to_owned(),
                        version: Some("1.0".to_owned()),
                        code_systems: value_sets::code_systems(&vs.codes),
                        expansion_hash: Some(value_sets::expansion_hash(&vs.codes)),
                        codes: vs.codes,
                        last_resolved_at: Some(now.clone()),
                        canonical_url: Some(vs.canonical_url.to_owned()),
                        source: Some("WorkWell standard content".to_owned()),
                        status: ValueSetStatus::Active,
                        resolution_status: ResolutionStatus::Resolved,
                        resolution_error: None,
                    },
                )?;
                r.value_sets += 1;
            }
        }

        for m in catalog::measures() {
            if measures::get_measure(tx, m.id)?.is_none() {
                measures::insert_measure(
                    tx,
                    &Measure {
                        id: m.id,
                        name: m.name.to_owned(),
                        policy_ref: Some(m.policy_ref.to_owned()),
                        owner: Some(m.owner.to_owned()),
                        tags: m.tags.iter().map(|t| (*t).to_owned()).collect(),
                        created_at: now.clone(),
                        updated_at: now.clone(),
                    },
                )?;
                let osha = match m.osha_citation {
                    Some(c) => osha_references::get_by_citation(tx, c)?.map(|o| o.id),
                    None => None,
                };
                measures::insert_version(
                    tx,
                    &MeasureVersion {
                        id: m.version_id,
                        measure_id: m.id,
                        osha_reference_id: osha,
                        version: "1.0".to_owned(),
                        status: MeasureVersionStatus::Active,
                        spec_json: m.spec,
                        cql_text: Some(m.cql.to_owned()),
                        compile_status: Some(CompileStatus::Compiled),
                        compile_result: Some(json!({"diagnostics": []})),
                        change_summary: Some(
                            "Initial version (WorkWell standard content).".to_owned(),
                        ),
                        approved_by: Some("WorkWell standard content".to_owned()),
                        activated_at: Some(now.clone()),
                        created_at: now.clone(),
                    },
                )?;
                // QA3 H15: the standard content is approved when it is seeded (the column
                // came with V30 and is not in `MeasureVersion`).
                tx.execute(
                    "UPDATE measure_versions SET approved_at = ?2 WHERE id = ?1",
                    (m.version_id.to_string(), &now),
                )?;
                r.measures += 1;
                for vs in &m.value_sets {
                    if measures::link_value_set(tx, m.version_id, *vs)? {
                        r.value_set_links += 1;
                    }
                }
            }
        }

        for s in catalog::MAPPINGS {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM terminology_mappings WHERE local_system = ?1 AND local_code = ?2 \
                 AND standard_system = ?3 AND standard_code = ?4)",
                (s.local_system, s.local_code, s.standard_system, s.standard_code),
                |row| row.get(0),
            )?;
            if !exists {
                let reviewed = s.status != crate::enums::MappingStatus::Proposed;
                terminology_mappings::insert(
                    tx,
                    &Mapping {
                        id: MappingId::new(),
                        local_code: s.local_code.to_owned(),
                        local_display: Some(s.local_display.to_owned()),
                        local_system: s.local_system.to_owned(),
                        standard_code: s.standard_code.to_owned(),
                        standard_display: Some(s.standard_display.to_owned()),
                        standard_system: s.standard_system.to_owned(),
                        mapping_status: s.status,
                        mapping_confidence: Some(s.confidence),
                        reviewed_by: reviewed.then(|| "WorkWell standard content".to_owned()),
                        reviewed_at: reviewed.then(|| now.clone()),
                        notes: Some(s.notes.to_owned()),
                    },
                )?;
                r.mappings += 1;
            }
        }

        for (id, name, status, result, config) in catalog::integrations() {
            if integration_health::insert_if_absent(
                tx,
                &Integration {
                    id: id.to_owned(),
                    display_name: name.to_owned(),
                    status,
                    last_sync_at: None,
                    last_sync_result: Some(result.to_owned()),
                    config_json: config,
                },
            )? {
                r.integrations += 1;
            }
        }

        for b in BUILTIN_TEMPLATES {
            let exists: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM outreach_templates WHERE name = ?1 AND measure_id IS NULL",
                    [b.name],
                    |row| row.get(0),
                )
                .optional()?;
            if exists.is_none() {
                outreach::insert_template(
                    tx,
                    &Template {
                        id: TemplateId::new(),
                        name: b.name.to_owned(),
                        subject: b.subject.to_owned(),
                        body_text: b.body_text.to_owned(),
                        measure_id: None,
                        created_at: now.clone(),
                        active: true,
                    },
                )?;
                r.templates += 1;
            }
        }

        if r.total() > 0 {
            let actor = settings::user_name(tx)?;
            audit_events::append(
                tx,
                &NewAuditEvent::new(
                    AuditEventType::StandardContentSeeded,
                    EntityType::Database,
                    None,
                    &actor,
                )
                .payload(serde_json::to_value(&r).map_err(|source| {
                    crate::Error::Json {
                        context: "seed report".into(),
                        source,
                    }
                })?),
            )?;
        }
        Ok(r)
    })
}
