//! Terminology mappings over the store (issue 6 item 5): propose, review, approve, reject.
//! The workflow is [`crate::mapping_flow`]; the run engine's terminology provider
//! (`ww_core::terminology::StoreTerminology`) reads only APPROVED mappings.

use crate::audit::{actor, record};
use crate::lifecycle::required_text;
use crate::mapping_flow::{check_confidence, transition, MappingDecision, MappingStatus};
use crate::{Error, Result};
use rusqlite::Connection;
use serde_json::json;
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::ids::MappingId;
use ww_store::terminology_mappings::{self as store, Mapping};
use ww_store::time::now_ts;
use ww_store::with_tx;

/// A new mapping proposal: local code -> standard code.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewMapping {
    /// The local code system (e.g. `urn:workwell:local:acme-clinic`).
    pub local_system: String,
    /// The local code.
    pub local_code: String,
    /// Its display.
    pub local_display: Option<String>,
    /// The standard code system (e.g. `http://www.ama-assn.org/go/cpt`).
    pub standard_system: String,
    /// The standard code.
    pub standard_code: String,
    /// Its display.
    pub standard_display: Option<String>,
    /// Confidence 0..=1, when known.
    pub confidence: Option<f64>,
    /// Notes.
    pub notes: Option<String>,
}

/// A review decision with its details.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Review {
    /// Review, approve or reject.
    pub decision: MappingDecision,
    /// New confidence 0..=1 (kept when None).
    pub confidence: Option<f64>,
    /// Notes (appended to the existing notes; required for a rejection).
    pub notes: Option<String>,
}

/// Mappings, optionally of one status, ordered by local then standard code.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection, status: Option<MappingStatus>) -> Result<Vec<Mapping>> {
    Ok(store::list(conn, status)?)
}

/// One mapping.
///
/// # Errors
/// [`Error::NotFound`].
pub fn get(conn: &Connection, id: MappingId) -> Result<Mapping> {
    store::get(conn, id)?.ok_or_else(|| Error::NotFound(format!("terminology mapping {id}")))
}

/// Proposes a mapping (status PROPOSED).
///
/// # Errors
/// [`Error::Invalid`] for a blank system or code or a confidence outside 0..=1;
/// [`Error::Db`] when the same (local, standard) pair already exists.
pub fn propose(conn: &mut Connection, new: &NewMapping) -> Result<Mapping> {
    let m = Mapping {
        id: MappingId::new(),
        local_system: required_text("local system", &new.local_system)?,
        local_code: required_text("local code", &new.local_code)?,
        local_display: new.local_display.clone(),
        standard_system: required_text("standard system", &new.standard_system)?,
        standard_code: required_text("standard code", &new.standard_code)?,
        standard_display: new.standard_display.clone(),
        mapping_status: MappingStatus::Proposed,
        mapping_confidence: new.confidence.map(check_confidence).transpose()?,
        reviewed_by: None,
        reviewed_at: None,
        notes: new.notes.clone(),
    };
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        store::insert(tx, &m).map_err(|e| match e {
            ww_store::Error::Sqlite(s) if s.to_string().contains("UNIQUE") => {
                Error::invalid(format!(
                    "a mapping {}|{} -> {}|{} already exists",
                    m.local_system, m.local_code, m.standard_system, m.standard_code
                ))
            }
            other => other.into(),
        })?;
        record(
            tx,
            Ev::MappingCreated,
            EntityType::Mapping,
            m.id,
            &who,
            None,
            json!({
                "local": format!("{}|{}", m.local_system, m.local_code),
                "standard": format!("{}|{}", m.standard_system, m.standard_code),
                "confidence": m.mapping_confidence,
            }),
        )?;
        Ok(m)
    })
}

/// Applies a review decision: records the reviewer (the actor), the time, the confidence and
/// the notes. Only an APPROVED mapping counts during evaluation.
///
/// # Errors
/// [`Error::Gate`] for a move the workflow does not allow (e.g. approving a PROPOSED mapping);
/// [`Error::Invalid`] for a bad confidence or a rejection without notes.
pub fn decide(conn: &mut Connection, id: MappingId, review: &Review) -> Result<Mapping> {
    let confidence = review.confidence.map(check_confidence).transpose()?;
    if review.decision == MappingDecision::Reject {
        required_text("rejection note", review.notes.as_deref().unwrap_or(""))?;
    }
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut m = get(tx, id)?;
        let from = m.mapping_status;
        m.mapping_status = transition(from, review.decision)?;
        m.reviewed_by = Some(who.clone());
        m.reviewed_at = Some(now_ts());
        if confidence.is_some() {
            m.mapping_confidence = confidence;
        }
        if let Some(note) = review
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            m.notes = Some(match m.notes.take() {
                Some(old) if !old.is_empty() => format!("{old}\n{who}: {note}"),
                _ => format!("{who}: {note}"),
            });
        }
        store::update_review(tx, &m)?;
        record(
            tx,
            match review.decision {
                MappingDecision::Review => Ev::MappingReviewed,
                MappingDecision::Approve => Ev::MappingApproved,
                MappingDecision::Reject => Ev::MappingRejected,
            },
            EntityType::Mapping,
            id,
            &who,
            None,
            json!({
                "from": from, "to": m.mapping_status, "confidence": m.mapping_confidence,
                "notes": review.notes,
            }),
        )?;
        Ok(m)
    })
}
