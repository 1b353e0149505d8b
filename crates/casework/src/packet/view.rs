//! The printable (HTML) view of each packet: the same content as the JSON, as sections.

use super::model::{compact, CasePacket, MeasureVersionPacket, RunPacket, VersionWithHash};
use super::render::{pretty_json, HtmlDocument, HtmlSection};
use ww_store::audit_events::AuditEvent;

fn opt(value: &Option<String>) -> Option<&str> {
    value.as_deref()
}

fn events_section(title: &str, events: &[AuditEvent]) -> HtmlSection {
    let rows = events
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.occurred_at.clone(),
                e.event_type.clone(),
                match &e.entity_id {
                    Some(id) => format!("{}:{id}", e.entity_type),
                    None => e.entity_type.clone(),
                },
                e.actor.clone().unwrap_or_default(),
                e.payload_json.clone().unwrap_or_default(),
                e.hash.clone(),
            ]
        })
        .collect();
    HtmlSection::new(title).table(
        &[
            "#",
            "Time (UTC)",
            "Event",
            "Entity",
            "Actor",
            "Payload",
            "Hash (SHA-256)",
        ],
        rows,
        "No audit events.",
    )
}

fn version_section(v: &VersionWithHash) -> HtmlSection {
    let mv = &v.version;
    HtmlSection::new("Measure version")
        .field("Version id", mv.id.to_string())
        .field("Version", mv.version.clone())
        .field("Status", mv.status.as_str())
        .field(
            "Compile status",
            mv.compile_status.map(|c| c.as_str()).unwrap_or_default(),
        )
        .opt("Approved by", opt(&mv.approved_by))
        .opt("Activated at", opt(&mv.activated_at))
        .opt("Change summary", opt(&mv.change_summary))
        .field("Created at", mv.created_at.clone())
        .opt("CQL SHA-256", opt(&v.cql_sha256))
        .field("Specification (spec_json)", compact(&mv.spec_json))
}

/// The HTML view of a CASE packet.
pub fn case_document(p: &CasePacket) -> HtmlDocument {
    let c = &p.case;
    let e = &p.employee;
    let mut sections = vec![
        HtmlSection::new("Case")
            .field("Case id", c.id.to_string())
            .field("Status", c.status.as_str())
            .field("Priority", c.priority.as_str())
            .field("Current outcome", c.current_outcome_status.as_str())
            .field("Compliance cycle", c.evaluation_period.clone())
            .opt("Assignee", opt(&c.assignee))
            .opt("Next action", opt(&c.next_action))
            .field("Last run", c.last_run_id.to_string())
            .field("Created at", c.created_at.clone())
            .field("Updated at", c.updated_at.clone())
            .opt("Closed at", opt(&c.closed_at))
            .opt("Closed by", opt(&c.closed_by))
            .opt("Closing note", opt(&c.closed_reason)),
        HtmlSection::new("Employee")
            .field("External id", e.external_id.clone())
            .field("Name", e.name.clone())
            .opt("Role", opt(&e.role))
            .opt("Site", opt(&e.site))
            .field(
                "Start date",
                e.start_date.map(|d| d.to_string()).unwrap_or_default(),
            )
            .field("Active", if e.active { "yes" } else { "no" })
            .opt("FHIR patient id", opt(&e.fhir_patient_id)),
        HtmlSection::new("Measure")
            .field("Measure", p.measure.name.clone())
            .opt("Policy reference", opt(&p.measure.policy_ref))
            .opt("Owner", opt(&p.measure.owner)),
        version_section(&p.measure_version),
    ];
    let evidence = match &p.decision_evidence {
        Some(o) => HtmlSection::new("Decision evidence")
            .field("Outcome id", o.id.to_string())
            .field("Run", o.run_id.to_string())
            .field("Status", o.status.as_str())
            .field("Evaluated at", o.evaluated_at.clone())
            .pre(pretty_json(&o.evidence_json)),
        None => HtmlSection {
            empty_note: Some("No outcome is recorded for this case's key.".into()),
            ..HtmlSection::new("Decision evidence")
        },
    };
    sections.push(evidence);
    let actions = p
        .actions
        .iter()
        .map(|a| {
            vec![
                a.performed_at.clone(),
                a.action_type.as_str().to_string(),
                a.performed_by.clone().unwrap_or_default(),
                a.payload_json.as_ref().map(compact).unwrap_or_default(),
            ]
        })
        .collect();
    sections.push(HtmlSection::new("Actions").table(
        &["Time (UTC)", "Action", "By", "Details"],
        actions,
        "No actions.",
    ));
    let outreach = p
        .outreach
        .iter()
        .map(|d| {
            vec![
                d.sent_at.clone(),
                d.to_address.clone(),
                d.subject.clone(),
                d.provider.as_str().to_string(),
                d.status.as_str().to_string(),
                d.error_detail.clone().unwrap_or_default(),
            ]
        })
        .collect();
    sections.push(HtmlSection::new("Outreach").table(
        &[
            "Time (UTC)",
            "To",
            "Subject",
            "Provider",
            "Status",
            "Detail",
        ],
        outreach,
        "No outreach attempts.",
    ));
    sections.push(events_section("Audit events", &p.audit_events));
    HtmlDocument {
        title: "Case audit packet".into(),
        packet_type: p.packet_type.into(),
        entity_id: p.entity_id.clone(),
        sections,
        disclaimers: p.disclaimers.clone(),
    }
}

/// The HTML view of a RUN packet.
pub fn run_document(p: &RunPacket) -> HtmlDocument {
    let r = &p.run;
    let s = &p.summary;
    let mut sections = vec![HtmlSection::new("Run")
        .field("Run id", r.id.to_string())
        .field("Scope", r.scope_type.as_str())
        .opt("Scope id", opt(&r.scope_id))
        .opt("Site", opt(&r.site))
        .field("Trigger", r.trigger_type.as_str())
        .field("Status", r.status.as_str())
        .opt("Triggered by", opt(&r.triggered_by))
        .field("Started at", r.started_at.clone())
        .opt("Completed at", opt(&r.completed_at))
        .field(
            "Duration (ms)",
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
        )
        .field(
            "Measurement period start",
            r.measurement_period_start.clone(),
        )
        .field("Measurement period end", r.measurement_period_end.clone())
        .field("Dry run", if r.dry_run { "yes" } else { "no" })
        .field("Partial failures", r.partial_failure_count.to_string())
        .opt("Failure summary", opt(&r.failure_summary))];
    if let (Some(m), Some(v)) = (&p.measure, &p.measure_version) {
        sections.push(HtmlSection::new("Measure").field("Measure", m.name.clone()));
        sections.push(version_section(v));
    }
    sections.push(
        HtmlSection::new("Summary")
            .field("Outcomes", s.total.to_string())
            .field("Compliant", s.compliant.to_string())
            .field("Due soon", s.due_soon.to_string())
            .field("Overdue", s.overdue.to_string())
            .field("Missing data", s.missing_data.to_string())
            .field("Excluded", s.excluded.to_string())
            .field(
                "Pass rate (%)",
                s.pass_rate_percent
                    .map(|p| format!("{p:.1}"))
                    .unwrap_or_default(),
            ),
    );
    let outcomes = p
        .outcomes
        .iter()
        .map(|o| {
            vec![
                o.employee_external_id.clone(),
                o.employee_name.clone(),
                o.outcome.evaluation_period.clone(),
                o.outcome.status.as_str().to_string(),
                o.outcome.evaluated_at.clone(),
                compact(&o.outcome.evidence_json),
            ]
        })
        .collect();
    sections.push(HtmlSection::new("Outcomes").table(
        &[
            "Employee",
            "Name",
            "Cycle",
            "Status",
            "Evaluated at",
            "Evidence",
        ],
        outcomes,
        "No outcomes.",
    ));
    let logs = p
        .logs
        .iter()
        .map(|l| {
            vec![
                l.ts.clone(),
                l.level.as_str().to_string(),
                l.message.clone(),
            ]
        })
        .collect();
    sections.push(HtmlSection::new("Run log").table(
        &["Time (UTC)", "Level", "Message"],
        logs,
        "No log lines.",
    ));
    sections.push(events_section("Audit events", &p.audit_events));
    HtmlDocument {
        title: "Run audit packet".into(),
        packet_type: p.packet_type.into(),
        entity_id: p.entity_id.clone(),
        sections,
        disclaimers: p.disclaimers.clone(),
    }
}

/// The HTML view of a MEASURE_VERSION packet.
pub fn measure_version_document(p: &MeasureVersionPacket) -> HtmlDocument {
    let mut sections = vec![HtmlSection::new("Measure")
        .field("Measure id", p.measure.id.to_string())
        .field("Measure", p.measure.name.clone())
        .opt("Policy reference", opt(&p.measure.policy_ref))
        .opt("Owner", opt(&p.measure.owner))
        .field("Tags", p.measure.tags.join(", "))];
    if let Some(o) = &p.osha_reference {
        sections.push(
            HtmlSection::new("Regulatory reference")
                .field("Citation", o.cfr_citation.clone())
                .field("Title", o.title.clone())
                .field("Program area", o.program_area.clone()),
        );
    }
    sections.push(version_section(&p.measure_version));
    let mv = &p.measure_version.version;
    sections.push(
        HtmlSection::new("CQL")
            .opt("SHA-256", opt(&p.measure_version.cql_sha256))
            .pre(mv.cql_text.clone().unwrap_or_default()),
    );
    sections.push(
        HtmlSection::new("Compile result").pre(
            mv.compile_result
                .as_ref()
                .map(pretty_json)
                .unwrap_or_else(|| "(not compiled)".into()),
        ),
    );
    let value_sets = p
        .value_sets
        .iter()
        .map(|v| {
            vec![
                v.name.clone(),
                v.oid.clone(),
                v.version.clone().unwrap_or_default(),
                v.status.as_str().to_string(),
                v.resolution_status.as_str().to_string(),
                v.codes.len().to_string(),
                v.expansion_hash.clone().unwrap_or_default(),
            ]
        })
        .collect();
    sections.push(HtmlSection::new("Value sets").table(
        &[
            "Name",
            "OID",
            "Version",
            "Status",
            "Resolution",
            "Codes",
            "Expansion hash",
        ],
        value_sets,
        "No linked value sets.",
    ));
    sections.push(events_section("Approvals", &p.approvals));
    sections.push(events_section("Audit events", &p.audit_events));
    HtmlDocument {
        title: "Measure version audit packet".into(),
        packet_type: p.packet_type.into(),
        entity_id: p.entity_id.clone(),
        sections,
        disclaimers: p.disclaimers.clone(),
    }
}
