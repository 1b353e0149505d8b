//! Measure authoring over the store (issue 6 item 1): create, new version, edit, approve,
//! activate, deprecate, link value sets. Each function is one user action: one
//! `BEGIN IMMEDIATE` transaction with its audit event; the actor is the settings `user_name`.
//!
//! Measures and versions are addressed by id ([`MeasureId`], [`MeasureVersionId`]), never by
//! name. The gates themselves are in [`crate::lifecycle`].

use crate::audit::{actor, record};
use crate::lifecycle::{self, ApprovalFacts, CompileStatus, VersionStatus};
use crate::{fixtures, spec_value_sets, Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ww_store::enums::{AuditEventType as Ev, EntityType};
use ww_store::ids::{MeasureId, MeasureVersionId, OshaReferenceId, ValueSetId};
use ww_store::measures::{self as store, Measure, MeasureVersion};
use ww_store::time::now_ts;
use ww_store::with_tx;

/// What a new measure starts with: its first version is a DRAFT labelled `1.0`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewMeasure {
    /// Display name (free text; never used as a key).
    pub name: String,
    /// Policy or regulation reference, e.g. `29 CFR 1910.95(g)`.
    pub policy_ref: Option<String>,
    /// Owning team or person.
    pub owner: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The OSHA reference the spec cites.
    pub osha_reference_id: Option<OshaReferenceId>,
    /// Structured settings (DOMAIN.md section 2).
    pub spec_json: Value,
    /// The CQL library text.
    pub cql_text: Option<String>,
}

/// A measure version with the lifecycle bookkeeping of migration V30 and its value-set links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionInfo {
    /// The contract's row.
    #[serde(flatten)]
    pub version: MeasureVersion,
    /// When it was approved.
    pub approved_at: Option<String>,
    /// When it was deprecated.
    pub deprecated_at: Option<String>,
    /// Why it was deprecated.
    pub deprecated_reason: Option<String>,
    /// The linked value sets.
    pub value_set_ids: Vec<ValueSetId>,
}

/// A measure with its versions (oldest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureDetail {
    /// The measure row.
    pub measure: Measure,
    /// Every version, oldest first.
    pub versions: Vec<VersionInfo>,
}

/// One line of the measure catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureSummary {
    /// The measure row.
    pub measure: Measure,
    /// Number of versions.
    pub version_count: usize,
    /// The ACTIVE version's id and label, if any.
    pub active: Option<(MeasureVersionId, String)>,
    /// The newest version's label and status.
    pub latest: Option<(String, VersionStatus)>,
}

/// What activation changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activation {
    /// The version now ACTIVE.
    pub activated: MeasureVersionId,
    /// The previously ACTIVE version, now DEPRECATED ("superseded by ...").
    pub demoted: Option<MeasureVersionId>,
    /// The older versions' open cases moved to (or closed in favour of) the new version.
    pub cases: crate::carry_over::CarryOver,
}

/// SHA-256 (hex) of CQL text: recorded in `compile_result.cqlSha256` to detect a stale compile.
pub fn cql_sha256(cql: &str) -> String {
    hex::encode(Sha256::digest(cql.as_bytes()))
}

pub(crate) fn load_version(conn: &Connection, id: MeasureVersionId) -> Result<MeasureVersion> {
    store::get_version(conn, id)?.ok_or_else(|| Error::NotFound(format!("measure version {id}")))
}

fn load_measure(conn: &Connection, id: MeasureId) -> Result<Measure> {
    store::get_measure(conn, id)?.ok_or_else(|| Error::NotFound(format!("measure {id}")))
}

/// The version with its lifecycle bookkeeping and links.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id.
pub fn version_info(conn: &Connection, id: MeasureVersionId) -> Result<VersionInfo> {
    let version = load_version(conn, id)?;
    let (approved_at, deprecated_at, deprecated_reason) = conn.query_row(
        "SELECT approved_at, deprecated_at, deprecated_reason FROM measure_versions WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(VersionInfo {
        value_set_ids: store::linked_value_sets(conn, id)?,
        version,
        approved_at,
        deprecated_at,
        deprecated_reason,
    })
}

/// The measure catalog, by name.
///
/// # Errors
/// [`Error::Db`].
pub fn list(conn: &Connection) -> Result<Vec<MeasureSummary>> {
    let mut out = Vec::new();
    for measure in store::list_measures(conn)? {
        let versions = store::list_versions(conn, measure.id)?;
        out.push(MeasureSummary {
            version_count: versions.len(),
            active: versions
                .iter()
                .find(|v| v.status == VersionStatus::Active)
                .map(|v| (v.id, v.version.clone())),
            latest: versions.last().map(|v| (v.version.clone(), v.status)),
            measure,
        });
    }
    Ok(out)
}

/// One measure with every version.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id.
pub fn detail(conn: &Connection, id: MeasureId) -> Result<MeasureDetail> {
    let measure = load_measure(conn, id)?;
    let versions = store::list_versions(conn, id)?
        .into_iter()
        .map(|v| version_info(conn, v.id))
        .collect::<Result<_>>()?;
    Ok(MeasureDetail { measure, versions })
}

/// Creates a measure and its first version (DRAFT `1.0`, not compiled). The value sets the
/// spec's `valueSets` names are linked to it ([`crate::spec_value_sets`]).
///
/// # Errors
/// [`Error::Invalid`] for a blank name, a spec that is not a JSON object, or a `valueSets`
/// entry that names no stored value set (or several).
pub fn create(conn: &mut Connection, new: &NewMeasure) -> Result<MeasureVersion> {
    let name = lifecycle::required_text("measure name", &new.name)?;
    if !new.spec_json.is_object() {
        return Err(Error::invalid("the measure spec must be a JSON object"));
    }
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let now = now_ts();
        let measure = Measure {
            id: MeasureId::new(),
            name,
            policy_ref: new.policy_ref.clone(),
            owner: new.owner.clone(),
            tags: new.tags.clone(),
            created_at: now.clone(),
            updated_at: now.clone(),
        };
        store::insert_measure(tx, &measure)?;
        let version = MeasureVersion {
            id: MeasureVersionId::new(),
            measure_id: measure.id,
            osha_reference_id: new.osha_reference_id,
            version: "1.0".into(),
            status: VersionStatus::Draft,
            spec_json: new.spec_json.clone(),
            cql_text: new.cql_text.clone(),
            compile_status: Some(CompileStatus::NotCompiled),
            compile_result: None,
            change_summary: Some("Initial version".into()),
            approved_by: None,
            activated_at: None,
            created_at: now,
        };
        store::insert_version(tx, &version)?;
        if let Some(ids) = spec_value_sets::resolve(tx, &version.spec_json)? {
            let mut v = version.clone();
            sync_links(tx, &mut v, &ids, &who)?;
        }
        record(
            tx,
            Ev::MeasureCreated,
            EntityType::Measure,
            measure.id,
            &who,
            Some(version.id),
            json!({"name": measure.name, "firstVersion": version.version}),
        )?;
        Ok(version)
    })
}

/// Creates a new DRAFT version: a clone of the measure's latest version (spec, CQL, OSHA
/// reference and value-set links) with the next label and a required change summary. The
/// clone is not compiled: approval needs a compile of its own.
///
/// # Errors
/// [`Error::Invalid`] for a blank summary; [`Error::NotFound`] for an unknown measure or one
/// without versions.
pub fn new_version(
    conn: &mut Connection,
    measure_id: MeasureId,
    change_summary: &str,
) -> Result<MeasureVersion> {
    let summary = lifecycle::required_text("change summary", change_summary)?;
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        load_measure(tx, measure_id)?;
        let versions = store::list_versions(tx, measure_id)?;
        let latest = versions
            .last()
            .ok_or_else(|| Error::NotFound(format!("a version of measure {measure_id}")))?;
        let highest = versions
            .iter()
            .map(|v| v.version.as_str())
            .max_by(|a, b| lifecycle::compare_version_labels(a, b))
            .unwrap_or(&latest.version);
        let mut label = lifecycle::next_version_label(highest);
        while versions.iter().any(|v| v.version == label) {
            label = lifecycle::next_version_label(&label);
        }
        let version = MeasureVersion {
            id: MeasureVersionId::new(),
            measure_id,
            osha_reference_id: latest.osha_reference_id,
            version: label,
            status: VersionStatus::Draft,
            spec_json: latest.spec_json.clone(),
            cql_text: latest.cql_text.clone(),
            compile_status: Some(CompileStatus::NotCompiled),
            compile_result: None,
            change_summary: Some(summary.clone()),
            approved_by: None,
            activated_at: None,
            created_at: now_ts(),
        };
        store::insert_version(tx, &version)?;
        let links = store::linked_value_sets(tx, latest.id)?;
        for vs in &links {
            store::link_value_set(tx, version.id, *vs)?;
        }
        record(
            tx,
            Ev::MeasureVersionCreated,
            EntityType::MeasureVersion,
            version.id,
            &who,
            Some(version.id),
            json!({
                "measureId": measure_id, "version": version.version,
                "clonedFrom": latest.id, "clonedFromVersion": latest.version,
                "changeSummary": summary, "valueSetLinks": links.len(),
            }),
        )?;
        Ok(version)
    })
}

/// Saves the CQL text of a DRAFT and resets its compile status to NOT_COMPILED (the stored
/// compile result no longer describes the text, so approval needs a new compile).
///
/// # Errors
/// [`Error::Gate`] when the version is not a DRAFT.
pub fn save_cql(conn: &mut Connection, id: MeasureVersionId, cql: &str) -> Result<MeasureVersion> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut v = load_version(tx, id)?;
        lifecycle::check_editable(v.status)?;
        let previous = v.compile_status;
        v.cql_text = Some(cql.to_string());
        v.compile_status = Some(CompileStatus::NotCompiled);
        v.compile_result = None;
        store::update_version(tx, &v)?;
        record(
            tx,
            Ev::MeasureVersionUpdated,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({
                "field": "cql_text", "cqlSha256": cql_sha256(cql),
                "previousCompileStatus": previous, "compileStatus": v.compile_status,
            }),
        )?;
        Ok(v)
    })
}

/// Saves the spec of a DRAFT (must be a JSON object). The compile status is kept (the spec
/// reaches the CQL as parameters, and fixtures are re-run at approval) unless the spec's
/// `valueSets` changes the version's links, which the compile checks
/// ([`crate::spec_value_sets`]: the links become exactly the list).
///
/// # Errors
/// [`Error::Gate`] when the version is not a DRAFT; [`Error::Invalid`] for a non-object spec
/// or a `valueSets` entry that names no stored value set (or several).
pub fn save_spec(
    conn: &mut Connection,
    id: MeasureVersionId,
    spec: &Value,
) -> Result<MeasureVersion> {
    if !spec.is_object() {
        return Err(Error::invalid("the measure spec must be a JSON object"));
    }
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut v = load_version(tx, id)?;
        lifecycle::check_editable(v.status)?;
        v.spec_json = spec.clone();
        store::update_version(tx, &v)?;
        if let Some(ids) = spec_value_sets::resolve(tx, spec)? {
            sync_links(tx, &mut v, &ids, &who)?;
        }
        record(
            tx,
            Ev::MeasureVersionUpdated,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({"field": "spec_json", "spec": spec}),
        )?;
        Ok(v)
    })
}

/// Facts for the approval gate, with the fixtures evaluated against the version now.
pub(crate) fn approval_facts(
    v: &MeasureVersion,
    report: &fixtures::ValidationReport,
) -> ApprovalFacts {
    let compiled_sha = v
        .compile_result
        .as_ref()
        .and_then(|r| r.get("cqlSha256"))
        .and_then(Value::as_str);
    let current_sha = cql_sha256(v.cql_text.as_deref().unwrap_or(""));
    ApprovalFacts {
        status: v.status,
        compile_status: v.compile_status,
        compile_stale: compiled_sha != Some(current_sha.as_str()),
        fixtures_total: report.total,
        fixtures_passed: report.passed,
    }
}

/// Approves a DRAFT: the compile must be clean and current and every fixture of the measure
/// must pass when evaluated now against this version; records `approved_by` (the actor) and
/// `approved_at`. The fixture report is returned; the audit event keeps which fixtures were
/// run (name, expected and actual status, content SHA-256 of each, and the hash over all), so
/// `measures verify` and the measure-version packet can show what the approval was tested
/// against.
///
/// # Errors
/// [`Error::Gate`] naming the unmet condition (not DRAFT, not compiled, compile errors, stale
/// compile, no fixtures, N of M fixtures fail).
pub fn approve(
    conn: &mut Connection,
    id: MeasureVersionId,
) -> Result<(MeasureVersion, fixtures::ValidationReport)> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut v = load_version(tx, id)?;
        let report =
            if v.status == VersionStatus::Draft && lifecycle::is_clean_compile(v.compile_status) {
                fixtures::validate_in(tx, &v)?
            } else {
                fixtures::ValidationReport::default()
            };
        lifecycle::check_approve(&approval_facts(&v, &report))?;
        let now = now_ts();
        v.status = VersionStatus::Approved;
        v.approved_by = Some(who.clone());
        store::update_version(tx, &v)?;
        tx.execute(
            "UPDATE measure_versions SET approved_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        let hashes = store::RuleHashes::of(&v);
        store::record_approved_hashes(tx, id, &hashes)?;
        record(
            tx,
            Ev::MeasureVersionApproved,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({
                "version": v.version, "approvedBy": who, "compileStatus": v.compile_status,
                "fixtures": approval_fixtures(&report),
                "cqlSha256": hashes.cql_sha256, "specSha256": hashes.spec_sha256,
            }),
        )?;
        Ok((v, report))
    })
}

/// The approval evidence of the fixtures run (QA G10): totals, the hash over the set, and
/// each fixture's name, expected and actual status and content hash.
pub(crate) fn approval_fixtures(report: &fixtures::ValidationReport) -> Value {
    let items: Vec<Value> = report
        .results
        .iter()
        .map(|r| {
            json!({"name": r.name, "expected": r.expected, "actual": r.actual,
                   "sha256": r.sha256})
        })
        .collect();
    json!({"total": report.total, "passed": report.passed, "sha256": report.sha256,
           "items": items})
}

/// Activates an APPROVED version: sets `activated_at` and, in the same transaction, demotes
/// the measure's previous ACTIVE version to DEPRECATED ("superseded by version X") and carries
/// the open (OPEN / IN_PROGRESS) cases of the measure's older versions over to this one, each
/// audited ([`crate::carry_over`]), so the worklist never holds two open cases of one
/// measure for one employee and cycle. The
/// transaction is `BEGIN IMMEDIATE`, so two activations serialise, and the database's partial
/// unique index refuses a second ACTIVE row in any case: one measure never has two.
///
/// # Errors
/// [`Error::Gate`] when the version is not APPROVED, or while a live run may evaluate the
/// measure (QA G24: the run's cases would land on the demoted version).
pub fn activate(conn: &mut Connection, id: MeasureVersionId) -> Result<Activation> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut v = load_version(tx, id)?;
        lifecycle::check_activate(v.status)?;
        refuse_value_set_clash(tx, &v)?;
        refuse_during_live_run(tx, &v)?;
        let now = now_ts();
        let demoted = store::active_version(tx, v.measure_id)?;
        if let Some(old) = &demoted {
            let reason = format!("superseded by version {}", v.version);
            mark_deprecated(tx, old.clone(), &reason, &now)?;
            record(
                tx,
                Ev::MeasureVersionDeprecated,
                EntityType::MeasureVersion,
                old.id,
                &who,
                Some(old.id),
                json!({"version": old.version, "reason": reason, "supersededBy": id}),
            )?;
        }
        v.status = VersionStatus::Active;
        v.activated_at = Some(now.clone());
        store::update_version(tx, &v)?;
        let cases = crate::carry_over::carry_over_open_cases(tx, &v, &who, &now)?;
        record(
            tx,
            Ev::MeasureVersionActivated,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({
                "version": v.version, "demoted": demoted.as_ref().map(|d| d.id),
                "casesCarriedOver": cases.carried, "casesSuperseded": cases.superseded,
            }),
        )?;
        Ok(Activation {
            activated: id,
            demoted: demoted.map(|d| d.id),
            cases,
        })
    })
}

/// QA G24: a run resolves the ACTIVE version when it starts and writes its cases on that
/// version to the end; activating a successor meanwhile would carry the open cases over and
/// then receive new cases on the demoted version (two open cases per employee and cycle).
/// Refused while a live run may evaluate the measure, naming the run.
fn refuse_during_live_run(tx: &Connection, v: &MeasureVersion) -> Result<()> {
    let live = ww_store::runs::live_runs_of_measure(tx, v.measure_id)?;
    match live.first() {
        None => Ok(()),
        Some(run) => Err(Error::gate(format!(
            "run {} ({}, started {}) is in progress and evaluates this measure: activating \
             version {} now would split its cases between two versions; wait for the run to \
             finish (or cancel it) and activate again",
            run.id,
            run.scope_type.as_str(),
            run.started_at,
            v.version
        ))),
    }
}

/// Runs resolve value sets by canonical URL and OID; two ACTIVE measure versions that link
/// different value sets under one such name would make one of them evaluate with the other's
/// codes. Refused, naming both.
fn refuse_value_set_clash(tx: &Connection, v: &MeasureVersion) -> Result<()> {
    let clash: Option<(String, String, String, String, String)> = tx
        .query_row(
            "SELECT a.name, COALESCE(a.version, 'none'), COALESCE(o.version, 'none'), m.name, mv.version \
             FROM measure_value_set_links mine \
             JOIN value_sets a ON a.id = mine.value_set_id \
             JOIN value_sets o ON o.id <> a.id AND (o.oid = a.oid \
                  OR (o.canonical_url IS NOT NULL AND o.canonical_url = a.canonical_url)) \
             JOIN measure_value_set_links ol ON ol.value_set_id = o.id \
             JOIN measure_versions mv ON mv.id = ol.measure_version_id \
             JOIN measures m ON m.id = mv.measure_id \
             WHERE mine.measure_version_id = ?1 AND mv.status = 'ACTIVE' AND mv.measure_id <> ?2 \
             ORDER BY m.name LIMIT 1",
            params![v.id, v.measure_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    match clash {
        None => Ok(()),
        Some((vs, mine, theirs, measure, version)) => Err(Error::gate(format!(
            "this version links value set {vs} version {mine}, but the ACTIVE version {version} \
             of {measure} links version {theirs} under the same OID or canonical URL: runs \
             resolve value sets by that name, so both must link the same version"
        ))),
    }
}

fn mark_deprecated(tx: &Connection, mut v: MeasureVersion, reason: &str, now: &str) -> Result<()> {
    v.status = VersionStatus::Deprecated;
    store::update_version(tx, &v)?;
    tx.execute(
        "UPDATE measure_versions SET deprecated_at = ?2, deprecated_reason = ?3 WHERE id = ?1",
        params![v.id, now, reason],
    )?;
    Ok(())
}

/// What a deprecation changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deprecation {
    /// The version, now DEPRECATED, with its reason.
    pub info: VersionInfo,
    /// Open cases of the measure closed because no version of it is ACTIVE any more
    /// ([`crate::retire`]); 0 when another version stays ACTIVE.
    pub cases_closed: usize,
}

/// Deprecates an APPROVED or ACTIVE version with a required reason, in one transaction.
/// When that leaves the measure without an ACTIVE version (runs then skip it), the measure's
/// OPEN / IN_PROGRESS cases are closed by the system as "measure retired: <reason>", each
/// audited ([`crate::retire`]). To move them to a new version instead, activate it: the
/// activation deprecates this one and carries the cases over.
///
/// # Errors
/// [`Error::Invalid`] for a blank reason; [`Error::Gate`] for a DRAFT or DEPRECATED version.
pub fn deprecate_version(
    conn: &mut Connection,
    id: MeasureVersionId,
    reason: &str,
) -> Result<Deprecation> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let v = load_version(tx, id)?;
        let reason = lifecycle::check_deprecate(v.status, reason)?;
        let was = v.status;
        let label = v.version.clone();
        let measure = v.measure_id;
        let now = now_ts();
        mark_deprecated(tx, v, &reason, &now)?;
        let cases_closed = if store::active_version(tx, measure)?.is_none() {
            crate::retire::close_open_cases(tx, measure, &reason, &who, &now)?
        } else {
            0
        };
        record(
            tx,
            Ev::MeasureVersionDeprecated,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({
                "version": label, "reason": reason, "previousStatus": was,
                "casesClosed": cases_closed,
            }),
        )?;
        Ok(Deprecation {
            info: version_info(tx, id)?,
            cases_closed,
        })
    })
}

/// [`deprecate_version`], returning only the version.
///
/// # Errors
/// As [`deprecate_version`].
pub fn deprecate(conn: &mut Connection, id: MeasureVersionId, reason: &str) -> Result<VersionInfo> {
    Ok(deprecate_version(conn, id, reason)?.info)
}

/// Links a value set to a DRAFT version. A compiled version goes back to NOT_COMPILED: the
/// compile checks the links, so its result no longer holds. The spec's `valueSets` gets the
/// value set's id ([`crate::spec_value_sets`]). Returns false when already linked.
///
/// # Errors
/// [`Error::Gate`] for a non-DRAFT version; [`Error::NotFound`] for an unknown value set.
pub fn link_value_set(
    conn: &mut Connection,
    id: MeasureVersionId,
    value_set: ValueSetId,
) -> Result<bool> {
    change_link(conn, id, value_set, true)
}

/// Unlinks a value set from a DRAFT version (same rules as [`link_value_set`]; the spec's
/// `valueSets` entries naming it are removed). Returns false when it was not linked.
///
/// # Errors
/// As [`link_value_set`].
pub fn unlink_value_set(
    conn: &mut Connection,
    id: MeasureVersionId,
    value_set: ValueSetId,
) -> Result<bool> {
    change_link(conn, id, value_set, false)
}

fn change_link(
    conn: &mut Connection,
    id: MeasureVersionId,
    value_set: ValueSetId,
    link: bool,
) -> Result<bool> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut v = load_version(tx, id)?;
        lifecycle::check_editable(v.status)?;
        let vs = ww_store::value_sets::get(tx, value_set)?
            .ok_or_else(|| Error::NotFound(format!("value set {value_set}")))?;
        let changed = if link {
            store::link_value_set(tx, id, value_set)?
        } else {
            store::unlink_value_set(tx, id, value_set)?
        };
        if !changed {
            return Ok(false);
        }
        let now = store::linked_value_sets(tx, id)?;
        v.spec_json = spec_value_sets::after_link_change(tx, &v.spec_json, value_set, link, &now);
        v.compile_status = Some(CompileStatus::NotCompiled);
        v.compile_result = None;
        store::update_version(tx, &v)?;
        record(
            tx,
            if link {
                Ev::ValueSetLinked
            } else {
                Ev::ValueSetUnlinked
            },
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({"valueSetId": value_set, "valueSetName": vs.name, "canonicalUrl": vs.canonical_url}),
        )?;
        Ok(true)
    })
}

/// Makes the version's links exactly `ids` (each change audited as VALUE_SET_LINKED /
/// VALUE_SET_UNLINKED with `"source": "spec"`); a change resets a compiled version to
/// NOT_COMPILED. Returns (linked, unlinked).
fn sync_links(
    tx: &Connection,
    v: &mut MeasureVersion,
    ids: &[ValueSetId],
    who: &str,
) -> Result<(usize, usize)> {
    let current = store::linked_value_sets(tx, v.id)?;
    let add: Vec<ValueSetId> = ids
        .iter()
        .filter(|i| !current.contains(i))
        .copied()
        .collect();
    let drop: Vec<ValueSetId> = current
        .iter()
        .filter(|i| !ids.contains(i))
        .copied()
        .collect();
    for (list, link) in [(&add, true), (&drop, false)] {
        for vs_id in list {
            let vs = ww_store::value_sets::get(tx, *vs_id)?
                .ok_or_else(|| Error::NotFound(format!("value set {vs_id}")))?;
            if link {
                store::link_value_set(tx, v.id, *vs_id)?;
            } else {
                store::unlink_value_set(tx, v.id, *vs_id)?;
            }
            record(
                tx,
                if link {
                    Ev::ValueSetLinked
                } else {
                    Ev::ValueSetUnlinked
                },
                EntityType::MeasureVersion,
                v.id,
                who,
                Some(v.id),
                json!({"valueSetId": vs_id, "valueSetName": vs.name,
                       "canonicalUrl": vs.canonical_url, "source": "spec"}),
            )?;
        }
    }
    if !(add.is_empty() && drop.is_empty()) && v.compile_status != Some(CompileStatus::NotCompiled)
    {
        v.compile_status = Some(CompileStatus::NotCompiled);
        v.compile_result = None;
        store::update_version(tx, v)?;
    }
    Ok((add.len(), drop.len()))
}

/// Sets (or, with None, clears) the OSHA reference a DRAFT version cites
/// (`measure_versions.osha_reference_id`), audited as MEASURE_VERSION_UPDATED with the
/// citation before and after. Returns whether it changed (no event when it did not).
///
/// # Errors
/// [`Error::Gate`] when the version is not a DRAFT (an approved version's citation is part of
/// what was approved); [`Error::NotFound`] for an unknown version or reference.
pub fn set_osha_reference(
    conn: &mut Connection,
    id: MeasureVersionId,
    reference: Option<OshaReferenceId>,
) -> Result<bool> {
    with_tx(conn, |tx| {
        let who = actor(tx)?;
        let mut v = load_version(tx, id)?;
        lifecycle::check_editable(v.status)?;
        let citation = |r: Option<OshaReferenceId>| -> Result<Option<String>> {
            match r {
                None => Ok(None),
                Some(r) => Ok(Some(
                    ww_store::osha_references::get(tx, r)?
                        .ok_or_else(|| Error::NotFound(format!("OSHA reference {r}")))?
                        .cfr_citation,
                )),
            }
        };
        let to = citation(reference)?;
        if v.osha_reference_id == reference {
            return Ok(false);
        }
        let from = citation(v.osha_reference_id).unwrap_or(None);
        let previous = v.osha_reference_id;
        v.osha_reference_id = reference;
        store::update_version(tx, &v)?;
        record(
            tx,
            Ev::MeasureVersionUpdated,
            EntityType::MeasureVersion,
            id,
            &who,
            Some(id),
            json!({"field": "osha_reference_id", "from": previous, "to": reference,
                   "fromCitation": from, "toCitation": to}),
        )?;
        Ok(true)
    })
}

/// The OSHA reference named by `text`: its id (UUID) or its exact CFR citation
/// (`29 CFR 1910.95(g)`).
///
/// # Errors
/// [`Error::NotFound`] naming the text when no reference matches.
pub fn find_osha_reference(conn: &Connection, text: &str) -> Result<OshaReferenceId> {
    let t = text.trim();
    if let Ok(id) = OshaReferenceId::parse(t) {
        if ww_store::osha_references::get(conn, id)?.is_some() {
            return Ok(id);
        }
    }
    ww_store::osha_references::get_by_citation(conn, t)?
        .map(|o| o.id)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "OSHA reference {t:?} (give its id or its exact CFR citation; the Studio's \
                 lookup searches them)"
            ))
        })
}

/// The measure's ACTIVE version id, if any.
///
/// # Errors
/// [`Error::Db`].
pub fn active_version_id(
    conn: &Connection,
    measure: MeasureId,
) -> Result<Option<MeasureVersionId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM measure_versions WHERE measure_id = ?1 AND status = 'ACTIVE'",
            [measure],
            |r| r.get(0),
        )
        .optional()?)
}
