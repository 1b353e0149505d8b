//! Every enum that reaches the database, defined once (DOMAIN.md section 1: UPPERCASE,
//! compared exactly). The text of each variant is what the column stores and what the CHECK
//! constraints of `migrations/` accept. The two lowercase exceptions are the contract's own:
//! `audit_packet_exports.format` (json | html) and `outreach_delivery_log.provider`
//! (simulated | sendgrid).
//!
//! Each enum has `as_str`, `ALL`, `Display`, `FromStr` (exact match; an error names the enum
//! and the value), `ToSql`/`FromSql` and serde as the same text.

use crate::Error;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! db_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored text of this variant.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($text => Ok($name::$variant),)*
                    _ => Err(Error::InvalidValue { what: stringify!($name), value: s.to_owned() }),
                }
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|e: Error| FromSqlError::Other(Box::new(e)))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

db_enum! {
    /// `outcomes.status`, `cases.current_outcome_status`, the CQL define "Outcome Status"
    /// (DOMAIN.md sections 1-3).
    OutcomeStatus {
        /// Qualifying event within the window.
        Compliant = "COMPLIANT",
        /// Due within the lead time, or baseline not yet due.
        DueSoon = "DUE_SOON",
        /// Past the due date.
        Overdue = "OVERDUE",
        /// Nothing on record after the baseline deadline, or an evaluation error.
        MissingData = "MISSING_DATA",
        /// In the population but exempt at the as-of date.
        Excluded = "EXCLUDED",
    }
}

db_enum! {
    /// `cases.status` (DOMAIN.md section 5). Active: OPEN, IN_PROGRESS.
    CaseStatus {
        /// Flagged, nobody working on it yet.
        Open = "OPEN",
        /// An appointment is scheduled.
        InProgress = "IN_PROGRESS",
        /// Closed by the system after a COMPLIANT outcome.
        Resolved = "RESOLVED",
        /// Closed by a person.
        Closed = "CLOSED",
        /// Tracks an exemption.
        Excluded = "EXCLUDED",
    }
}

impl CaseStatus {
    /// OPEN and IN_PROGRESS are active; the others are terminal.
    pub fn is_active(self) -> bool {
        matches!(self, CaseStatus::Open | CaseStatus::InProgress)
    }
}

db_enum! {
    /// `cases.priority`: OVERDUE -> HIGH, DUE_SOON / MISSING_DATA -> MEDIUM, else LOW;
    /// ESCALATED raises it one step (CRITICAL is the top).
    Priority {
        /// Lowest.
        Low = "LOW",
        /// Due soon or missing data.
        Medium = "MEDIUM",
        /// Overdue.
        High = "HIGH",
        /// Escalated beyond HIGH.
        Critical = "CRITICAL",
    }
}

impl Priority {
    /// The next priority up (CRITICAL stays CRITICAL).
    pub fn raised(self) -> Priority {
        match self {
            Priority::Low => Priority::Medium,
            Priority::Medium => Priority::High,
            Priority::High | Priority::Critical => Priority::Critical,
        }
    }
}

db_enum! {
    /// `runs.status` (DOMAIN.md section 4).
    RunStatus {
        /// Created, not yet queued.
        Requested = "REQUESTED",
        /// Waiting for the evaluator.
        Queued = "QUEUED",
        /// Evaluating.
        Running = "RUNNING",
        /// Finished with some per-employee failures.
        PartialFailure = "PARTIAL_FAILURE",
        /// Finished.
        Completed = "COMPLETED",
        /// Aborted by an error (or recovered after a crash).
        Failed = "FAILED",
        /// Stopped by the user.
        Cancelled = "CANCELLED",
    }
}

impl RunStatus {
    /// COMPLETED, PARTIAL_FAILURE, FAILED and CANCELLED accept no more writes.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            RunStatus::Completed
                | RunStatus::PartialFailure
                | RunStatus::Failed
                | RunStatus::Cancelled
        )
    }
}

db_enum! {
    /// `runs.scope_type`.
    ScopeType {
        /// Every active measure.
        AllPrograms = "ALL_PROGRAMS",
        /// One measure's ACTIVE version (`scope_id` = that version).
        Measure = "MEASURE",
        /// One site.
        Site = "SITE",
        /// One employee.
        Employee = "EMPLOYEE",
        /// One case (rerun to verify).
        Case = "CASE",
    }
}

db_enum! {
    /// `runs.trigger_type`.
    TriggerType {
        /// Started by a person.
        Manual = "MANUAL",
        /// Started by the daily schedule.
        Scheduled = "SCHEDULED",
        /// A rerun (case verification).
        Rerun = "RERUN",
    }
}

db_enum! {
    /// `run_logs.level`.
    LogLevel {
        /// Progress.
        Info = "INFO",
        /// Something the reader should know.
        Warn = "WARN",
        /// A failure.
        Error = "ERROR",
    }
}

db_enum! {
    /// `measure_versions.status`: DRAFT -> APPROVED -> ACTIVE -> DEPRECATED.
    MeasureVersionStatus {
        /// Editable.
        Draft = "DRAFT",
        /// Compiled, fixtures pass, approved.
        Approved = "APPROVED",
        /// The version runs use (one per measure).
        Active = "ACTIVE",
        /// Retired.
        Deprecated = "DEPRECATED",
    }
}

db_enum! {
    /// `measure_versions.compile_status`.
    CompileStatus {
        /// CQL saved since the last compile.
        NotCompiled = "NOT_COMPILED",
        /// No diagnostics.
        Compiled = "COMPILED",
        /// Warnings only.
        Warnings = "WARNINGS",
        /// At least one error.
        Error = "ERROR",
    }
}

db_enum! {
    /// `terminology_mappings.mapping_status`.
    MappingStatus {
        /// Suggested.
        Proposed = "PROPOSED",
        /// Looked at, not yet approved.
        Reviewed = "REVIEWED",
        /// Counts during evaluation.
        Approved = "APPROVED",
        /// Refused.
        Rejected = "REJECTED",
    }
}

db_enum! {
    /// `value_sets.resolution_status`.
    ResolutionStatus {
        /// Codes present and expanded.
        Resolved = "RESOLVED",
        /// Not expanded.
        Unresolved = "UNRESOLVED",
        /// Expanded to no codes.
        Empty = "EMPTY",
        /// Expansion failed.
        Error = "ERROR",
        /// Never checked.
        Unknown = "UNKNOWN",
    }
}

db_enum! {
    /// `value_sets.status` (FHIR ValueSet.status in UPPERCASE).
    ValueSetStatus {
        /// Being edited.
        Draft = "DRAFT",
        /// In use.
        Active = "ACTIVE",
        /// No longer used.
        Retired = "RETIRED",
        /// Unknown.
        Unknown = "UNKNOWN",
    }
}

db_enum! {
    /// `integration_health.status`.
    IntegrationStatus {
        /// Last check succeeded.
        Healthy = "HEALTHY",
        /// Working with problems.
        Degraded = "DEGRADED",
        /// Last check failed.
        Error = "ERROR",
        /// Not set up on this machine (said honestly, e.g. mcp and ai offline).
        NotConfigured = "NOT_CONFIGURED",
        /// Never checked.
        Unknown = "UNKNOWN",
    }
}

db_enum! {
    /// `audit_packet_exports.packet_type`.
    PacketType {
        /// One case.
        Case = "CASE",
        /// One run.
        Run = "RUN",
        /// One measure version.
        MeasureVersion = "MEASURE_VERSION",
    }
}

db_enum! {
    /// `audit_packet_exports.format` (lowercase, as the contract says).
    PacketFormat {
        /// JSON.
        Json = "json",
        /// Standalone HTML.
        Html = "html",
    }
}

db_enum! {
    /// `outreach_delivery_log.provider` (lowercase, as the contract says).
    EmailProvider {
        /// No email leaves the machine.
        Simulated = "simulated",
        /// SendGrid v3 mail-send API.
        Sendgrid = "sendgrid",
    }
}

db_enum! {
    /// `outreach_delivery_log.status`.
    DeliveryStatus {
        /// Simulated provider: nothing sent.
        Simulated = "SIMULATED",
        /// Accepted by the provider (2xx).
        Sent = "SENT",
        /// Refused or failed.
        Failed = "FAILED",
    }
}

db_enum! {
    /// `case_actions.action_type` (DOMAIN.md section 5), person actions then system actions.
    CaseActionType {
        /// Assignee set.
        Assigned = "ASSIGNED",
        /// Note added.
        NoteAdded = "NOTE_ADDED",
        /// Outreach email attempted.
        OutreachSent = "OUTREACH_SENT",
        /// Delivery status updated.
        OutreachDeliveryUpdated = "OUTREACH_DELIVERY_UPDATED",
        /// Priority raised, status OPEN.
        Escalated = "ESCALATED",
        /// OPEN -> IN_PROGRESS.
        AppointmentScheduled = "APPOINTMENT_SCHEDULED",
        /// One-employee evaluation through the engine.
        RerunToVerify = "RERUN_TO_VERIFY",
        /// Manual close with a note.
        Resolved = "RESOLVED",
        /// A run opened the case.
        Created = "CREATED",
        /// A run refreshed the case with a changed outcome.
        OutcomeUpdated = "OUTCOME_UPDATED",
        /// A run reopened a system-closed case.
        Reopened = "REOPENED",
        /// A run resolved the case (COMPLIANT).
        SystemResolved = "SYSTEM_RESOLVED",
        /// A run marked the case EXCLUDED.
        SystemExcluded = "SYSTEM_EXCLUDED",
        /// A new cycle's run closed this older-cycle case.
        CycleClosed = "CYCLE_CLOSED",
    }
}

db_enum! {
    /// `audit_events.event_type`: every state change writes one (DOMAIN.md section 7).
    AuditEventType {
        /// `workwell init` loaded standard content.
        StandardContentSeeded = "STANDARD_CONTENT_SEEDED",
        /// `workwell init --demo` generated the demo workforce.
        DemoWorkforceGenerated = "DEMO_WORKFORCE_GENERATED",
        /// Demo reset started a fresh file.
        DemoReset = "DEMO_RESET",
        /// A setting changed.
        SettingChanged = "SETTING_CHANGED",
        /// FHIR resources imported.
        FhirImported = "FHIR_IMPORTED",
        /// Roster imported.
        EmployeesImported = "EMPLOYEES_IMPORTED",
        /// Employee created or updated outside a bulk import.
        EmployeeUpdated = "EMPLOYEE_UPDATED",
        /// Run created.
        RunStarted = "RUN_STARTED",
        /// Run finished COMPLETED.
        RunCompleted = "RUN_COMPLETED",
        /// Run finished PARTIAL_FAILURE.
        RunPartialFailure = "RUN_PARTIAL_FAILURE",
        /// Run FAILED.
        RunFailed = "RUN_FAILED",
        /// Run CANCELLED.
        RunCancelled = "RUN_CANCELLED",
        /// A run left non-terminal by a crash was marked FAILED at start-up.
        RunRecovered = "RUN_RECOVERED",
        /// Case opened by a run.
        CaseCreated = "CASE_CREATED",
        /// Case outcome / priority changed by a run.
        CaseUpdated = "CASE_UPDATED",
        /// System-closed case reopened.
        CaseReopened = "CASE_REOPENED",
        /// Case resolved (system or manual).
        CaseResolved = "CASE_RESOLVED",
        /// Case excluded.
        CaseExcluded = "CASE_EXCLUDED",
        /// Case closed by a person.
        CaseClosed = "CASE_CLOSED",
        /// Older-cycle case closed by a new cycle's run.
        CaseCycleClosed = "CASE_CYCLE_CLOSED",
        /// Case assigned.
        CaseAssigned = "CASE_ASSIGNED",
        /// Note added.
        CaseNoteAdded = "CASE_NOTE_ADDED",
        /// Case escalated.
        CaseEscalated = "CASE_ESCALATED",
        /// Appointment scheduled.
        CaseAppointmentScheduled = "CASE_APPOINTMENT_SCHEDULED",
        /// Rerun to verify.
        CaseRerunToVerify = "CASE_RERUN_TO_VERIFY",
        /// Outreach sent (any provider outcome).
        OutreachSent = "OUTREACH_SENT",
        /// Delivery status updated.
        OutreachDeliveryUpdated = "OUTREACH_DELIVERY_UPDATED",
        /// Outreach template created or changed.
        OutreachTemplateChanged = "OUTREACH_TEMPLATE_CHANGED",
        /// Measure created.
        MeasureCreated = "MEASURE_CREATED",
        /// Measure row changed.
        MeasureUpdated = "MEASURE_UPDATED",
        /// New measure version.
        MeasureVersionCreated = "MEASURE_VERSION_CREATED",
        /// Spec or CQL edited.
        MeasureVersionUpdated = "MEASURE_VERSION_UPDATED",
        /// Compiled.
        MeasureVersionCompiled = "MEASURE_VERSION_COMPILED",
        /// Fixtures validated.
        MeasureVersionValidated = "MEASURE_VERSION_VALIDATED",
        /// Approved.
        MeasureVersionApproved = "MEASURE_VERSION_APPROVED",
        /// Activated.
        MeasureVersionActivated = "MEASURE_VERSION_ACTIVATED",
        /// Deprecated.
        MeasureVersionDeprecated = "MEASURE_VERSION_DEPRECATED",
        /// Value set imported or created.
        ValueSetImported = "VALUE_SET_IMPORTED",
        /// Value set changed (codes, status, resolution).
        ValueSetUpdated = "VALUE_SET_UPDATED",
        /// Value set linked to a measure version.
        ValueSetLinked = "VALUE_SET_LINKED",
        /// Value set unlinked.
        ValueSetUnlinked = "VALUE_SET_UNLINKED",
        /// Mapping proposed.
        MappingCreated = "MAPPING_CREATED",
        /// Mapping reviewed.
        MappingReviewed = "MAPPING_REVIEWED",
        /// Mapping approved.
        MappingApproved = "MAPPING_APPROVED",
        /// Mapping rejected.
        MappingRejected = "MAPPING_REJECTED",
        /// Waiver granted.
        WaiverGranted = "WAIVER_GRANTED",
        /// Waiver revoked.
        WaiverRevoked = "WAIVER_REVOKED",
        /// Integration health refreshed.
        IntegrationSynced = "INTEGRATION_SYNCED",
        /// Audit packet written.
        AuditPacketGenerated = "AUDIT_PACKET_GENERATED",
        /// CSV export written.
        ExportGenerated = "EXPORT_GENERATED",
    }
}

db_enum! {
    /// `audit_events.entity_type`: what kind of row an event is about.
    EntityType {
        /// The database file as a whole (init, demo seeding).
        Database = "DATABASE",
        /// A settings key.
        Setting = "SETTING",
        /// An employee.
        Employee = "EMPLOYEE",
        /// FHIR store content.
        FhirResource = "FHIR_RESOURCE",
        /// A run.
        Run = "RUN",
        /// An outcome.
        Outcome = "OUTCOME",
        /// A case.
        Case = "CASE",
        /// A measure.
        Measure = "MEASURE",
        /// A measure version.
        MeasureVersion = "MEASURE_VERSION",
        /// A value set.
        ValueSet = "VALUE_SET",
        /// A terminology mapping.
        Mapping = "MAPPING",
        /// A waiver.
        Waiver = "WAIVER",
        /// An integration (`entity_id` = fhir | mcp | ai | hris).
        Integration = "INTEGRATION",
        /// An outreach template.
        OutreachTemplate = "OUTREACH_TEMPLATE",
        /// An outreach delivery attempt.
        OutreachDelivery = "OUTREACH_DELIVERY",
        /// An audit packet export.
        AuditPacket = "AUDIT_PACKET",
        /// A CSV export.
        Export = "EXPORT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_round_trips_and_is_exact() {
        for s in OutcomeStatus::ALL {
            assert_eq!(s.as_str().parse::<OutcomeStatus>().unwrap(), *s);
        }
        assert!("overdue".parse::<OutcomeStatus>().is_err());
        assert_eq!(PacketFormat::Html.as_str(), "html");
        assert_eq!(Priority::High.raised(), Priority::Critical);
        assert!(RunStatus::Cancelled.is_terminal());
        assert!(!RunStatus::Running.is_terminal());
    }
}
