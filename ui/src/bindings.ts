// Generated from the Rust types in src-tauri by ts-rs; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p workwell-app bindings

export type ErrorCode = "NOT_FOUND" | "INVALID_TRANSITION" | "INVALID_INPUT" | "DATABASE_UNUSABLE" | "DATABASE" | "IO" | "ENGINE" | "INTERNAL";

export type CommandError = { code: ErrorCode, message: string, };

export type TableCount = { table: string, rows: number, };

export type AppStatus = { dbPath: string, createdThisLaunch: boolean, schemaVersion: number, tables: Array<TableCount>, };

export type StatusCounts = { compliant: number, dueSoon: number, overdue: number, missingData: number, excluded: number, };

export type RunSummary = { id: string, scopeType: string, triggerType: string, status: string, startedAt: string, completedAt: string | null, totalEvaluated: number | null, durationMs: number | null, dryRun: boolean, };

export type ProgramCard = { measureId: string, measureVersionId: string, name: string, version: string, policyRef: string | null, counts: StatusCounts | null, openCases: number, };

export type ProgramsOverview = { programs: Array<ProgramCard>, openCases: number, lastRun: RunSummary | null, };

export type VersionSummary = { id: string, version: string, status: string, compileStatus: string | null, activatedAt: string | null, changeSummary: string | null, };

export type MeasureSummary = { id: string, name: string, policyRef: string | null, owner: string | null, tags: Array<string>, versions: Array<VersionSummary>, };

export type EmployeeRow = { id: string, externalId: string, name: string, role: string | null, site: string | null, startDate: string | null, active: boolean, fhirPatientId: string | null, };

export type CaseQuery = { status?: string, measureId?: string, priority?: string, assignee?: string, unassigned: boolean, site?: string, offset: number, limit: number, };

export type CaseRow = { id: string, employeeExternalId: string, employeeName: string, role: string | null, site: string | null, measureId: string, measureName: string, measureVersion: string, evaluationPeriod: string, status: string, priority: string, assignee: string | null, currentOutcomeStatus: string, nextAction: string | null, updatedAt: string, latestOutreachDeliveryStatus: string | null, };

export type CasePageDto = { total: number, items: Array<CaseRow>, };

export type AuditEventRow = { id: number, eventType: string, entityType: string, entityId: string | null, actor: string | null, occurredAt: string, payloadJson: string | null, hash: string, };

export type ChainCheck = { checked: number, intact: boolean, brokenAt: number | null, reason: string | null, };

export type CodeRow = { system: string, code: string, display: string | null, };

export type ValueSetRow = { id: string, oid: string, name: string, version: string | null, canonicalUrl: string | null, status: string, resolutionStatus: string, expansionHash: string | null, codeSystems: Array<string>, codes: Array<CodeRow>, };

export type MappingRow = { id: string, localSystem: string, localCode: string, localDisplay: string | null, standardSystem: string, standardCode: string, standardDisplay: string | null, status: string, confidence: number | null, reviewedBy: string | null, notes: string | null, };

export type IntegrationRow = { id: string, displayName: string, status: string, lastSyncAt: string | null, lastSyncResult: string | null, };

export type RunProgressEvent = { "kind": "started", total: number, } | { "kind": "advanced", done: number, total: number, } | { "kind": "finished" };

export type RunMeasureRow = { name: string, version: string, evaluated: number, counts: StatusCounts, casesOpened: number, casesUpdated: number, casesResolved: number, };

export type RunReportDto = { runId: string, status: string, asOf: string, employees: number, totalEvaluated: number, durationMs: number, failureSummary: string | null, measures: Array<RunMeasureRow>, };
