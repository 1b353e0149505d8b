//! TypeScript bindings for the types that cross to the UI, generated with ts-rs into one
//! file, `ui/src/bindings.ts`, which is committed.
//!
//! The test `bindings_are_fresh` fails when the committed file differs from what the Rust
//! types generate; run it with `UPDATE_BINDINGS=1` to rewrite the file.

use ts_rs::{Config, TS};

/// Path of the generated file, relative to this crate's manifest directory.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

/// The text of `ui/src/bindings.ts`: one `export` declaration per type, in a fixed order.
pub fn render() -> String {
    let cfg = Config::default();
    let decls = [
        crate::error::ErrorCode::decl(&cfg),
        crate::error::CommandError::decl(&cfg),
        crate::dto::TableCount::decl(&cfg),
        crate::dto::AppStatus::decl(&cfg),
        crate::dto::StatusCounts::decl(&cfg),
        crate::dto::RunSummary::decl(&cfg),
        // APP-C: overview, program detail and schedule
        crate::dto_overview::TrendPoint::decl(&cfg),
        crate::dto_overview::OverdueGroup::decl(&cfg),
        crate::dto_overview::ProgramCard::decl(&cfg),
        crate::dto_overview::ProgramsOverview::decl(&cfg),
        crate::dto_overview::ScheduleDto::decl(&cfg),
        crate::dto_audit::AuditQuery::decl(&cfg),
        crate::dto_audit::AuditOptions::decl(&cfg),
        crate::dto_audit::VerifyProblem::decl(&cfg),
        crate::dto_audit::LedgerCheck::decl(&cfg),
        crate::dto::VersionSummary::decl(&cfg),
        crate::dto::MeasureSummary::decl(&cfg),
        crate::dto::EmployeeRow::decl(&cfg),
        crate::dto::CaseQuery::decl(&cfg),
        crate::dto::CaseRow::decl(&cfg),
        crate::dto::CasePageDto::decl(&cfg),
        crate::dto::AuditEventRow::decl(&cfg),
        crate::dto::ChainCheck::decl(&cfg),
        crate::dto::CodeRow::decl(&cfg),
        crate::dto::ValueSetRow::decl(&cfg),
        crate::dto::IntegrationRow::decl(&cfg),
        crate::dto::RunProgressEvent::decl(&cfg),
        crate::dto::RunMeasureRow::decl(&cfg),
        crate::dto::RunReportDto::decl(&cfg),
        // FIX-B: run history rows (QA H4, H6)
        crate::dto_history::RunHistoryRow::decl(&cfg),
        crate::dto_history::RunHistoryDto::decl(&cfg),
        // APP-A: case work, runs and employees
        crate::dto_cases::NamedValue::decl(&cfg),
        crate::dto_cases::WhyFlagged::decl(&cfg),
        crate::dto_cases::TimelineItem::decl(&cfg),
        crate::dto_cases::DeliveryRow::decl(&cfg),
        crate::dto_cases::CaseEmployee::decl(&cfg),
        crate::dto_cases::TemplateChoice::decl(&cfg),
        crate::dto_cases::CaseDetailDto::decl(&cfg),
        crate::dto_cases::ActionDone::decl(&cfg),
        crate::dto_cases::RerunDone::decl(&cfg),
        crate::dto_cases::OutreachPreviewDto::decl(&cfg),
        crate::dto_cases::OutreachSent::decl(&cfg),
        crate::dto_cases::BulkRequest::decl(&cfg),
        crate::dto_cases::BulkItem::decl(&cfg),
        crate::dto_cases::BulkResult::decl(&cfg),
        crate::dto_cases::ExportDone::decl(&cfg),
        crate::dto_cases::PacketWritten::decl(&cfg),
        crate::dto_cases::PacketCheck::decl(&cfg),
        crate::dto_runs::RunQuery::decl(&cfg),
        crate::dto_runs::RunForm::decl(&cfg),
        crate::dto_runs::RunLogRow::decl(&cfg),
        crate::dto_runs::RunDetailDto::decl(&cfg),
        crate::dto_runs::RunOutcomeRow::decl(&cfg),
        crate::dto_runs::RunOutcomePage::decl(&cfg),
        crate::dto_runs::ProfileOutcome::decl(&cfg),
        crate::dto_runs::ProfileActivity::decl(&cfg),
        crate::dto_runs::EmployeeProfile::decl(&cfg),
        // APP-B: measure catalog and Studio
        crate::dto_studio::CatalogVersion::decl(&cfg),
        crate::dto_studio::CatalogRow::decl(&cfg),
        crate::dto_studio::StudioAction::decl(&cfg),
        crate::dto_studio::DiagnosticDto::decl(&cfg),
        crate::dto_studio::DeclaredValueSetDto::decl(&cfg),
        crate::dto_studio::CompileReportDto::decl(&cfg),
        crate::dto_studio::OshaReferenceDto::decl(&cfg),
        crate::dto_studio::SpecForm::decl(&cfg),
        crate::dto_studio::StudioVersion::decl(&cfg),
        crate::dto_studio::StudioMeasure::decl(&cfg),
        crate::dto_studio::FixtureRow::decl(&cfg),
        crate::dto_studio::FixtureDraftDto::decl(&cfg),
        crate::dto_studio::FixtureChangeDto::decl(&cfg),
        crate::dto_studio::DefineValueDto::decl(&cfg),
        crate::dto_studio::FixtureResultDto::decl(&cfg),
        crate::dto_studio::FixtureReportDto::decl(&cfg),
        crate::dto_studio::LifecycleResult::decl(&cfg),
        crate::dto_studio::DeprecationPreviewDto::decl(&cfg),
        // APP-D: value sets, mappings and Admin
        crate::dto_admin::LinkedVersionRow::decl(&cfg),
        crate::dto_admin::ValueSetDetail::decl(&cfg),
        crate::dto_admin::ValueSetImportRequest::decl(&cfg),
        crate::dto_admin::ValueSetImportDto::decl(&cfg),
        crate::dto_admin::ValueSetDiffDto::decl(&cfg),
        crate::dto_admin::MappingItem::decl(&cfg),
        crate::dto_admin::NewMappingRequest::decl(&cfg),
        crate::dto_admin::MappingDecisionRequest::decl(&cfg),
        crate::dto_admin::ResourceTypeCount::decl(&cfg),
        crate::dto_admin::FhirImportDto::decl(&cfg),
        crate::dto_admin::RosterImportDto::decl(&cfg),
        crate::dto_admin::TemplateRow::decl(&cfg),
        crate::dto_admin::TemplatePreviewDto::decl(&cfg),
        crate::dto_admin::DeliveryLogRow::decl(&cfg),
        crate::dto_admin::WaiverRow::decl(&cfg),
        crate::dto_admin::GrantWaiverDto::decl(&cfg),
        crate::dto_admin::GrantWaiverRequest::decl(&cfg),
        crate::dto_admin::SettingsDto::decl(&cfg),
        crate::dto_admin::SettingsUpdate::decl(&cfg),
        crate::dto_admin::FieldError::decl(&cfg),
        crate::dto_admin::SettingsSaveResult::decl(&cfg),
        crate::dto_admin::DemoResetDto::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src-tauri by ts-rs; do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p workwell-app bindings\n",
    );
    for decl in decls {
        out.push('\n');
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn bindings_are_fresh() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let expected = render();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p workwell-app bindings` and commit it",
            path.display()
        );
    }
}
