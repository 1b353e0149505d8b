// Generated from the Rust types in src-tauri by ts-rs; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p workwell-app bindings

export type ErrorCode = "NOT_FOUND" | "INVALID_TRANSITION" | "INVALID_INPUT" | "DATABASE_UNUSABLE" | "DATABASE" | "IO" | "ENGINE" | "INTERNAL";

export type CommandError = { 
/**
 * The class of failure, for the UI to switch on.
 */
code: ErrorCode, 
/**
 * A sentence for a person, naming what was wrong.
 */
message: string, };

export type TableCount = { 
/**
 * Table name, e.g. `employees`.
 */
table: string, 
/**
 * Number of rows.
 */
rows: number, };

export type AppStatus = { 
/**
 * The database file, as an absolute path.
 */
dbPath: string, 
/**
 * Whether this launch created the file (first launch).
 */
createdThisLaunch: boolean, 
/**
 * The newest applied migration (`V{n}`).
 */
schemaVersion: number, 
/**
 * Row counts per table, by table name.
 */
tables: Array<TableCount>, };

export type StatusCounts = { 
/**
 * Outcomes COMPLIANT.
 */
compliant: number, 
/**
 * Outcomes DUE_SOON.
 */
dueSoon: number, 
/**
 * Outcomes OVERDUE.
 */
overdue: number, 
/**
 * Outcomes MISSING_DATA.
 */
missingData: number, 
/**
 * Outcomes EXCLUDED.
 */
excluded: number, };

export type RunSummary = { 
/**
 * Run id (UUID text).
 */
id: string, 
/**
 * Scope: ALL_PROGRAMS, MEASURE, SITE, EMPLOYEE or CASE.
 */
scopeType: string, 
/**
 * Trigger: MANUAL, SCHEDULED or RERUN.
 */
triggerType: string, 
/**
 * Status: REQUESTED .. COMPLETED | PARTIAL_FAILURE | FAILED | CANCELLED.
 */
status: string, 
/**
 * Start, UTC ISO-8601 with milliseconds.
 */
startedAt: string, 
/**
 * End, when finished.
 */
completedAt: string | null, 
/**
 * Employees x measures evaluated.
 */
totalEvaluated: number | null, 
/**
 * Wall-clock duration in milliseconds.
 */
durationMs: number | null, 
/**
 * Whether this was a dry run (never counted in dashboards).
 */
dryRun: boolean, };

export type TrendPoint = { 
/**
 * Run id (UUID text).
 */
runId: string, 
/**
 * Run start, UTC ISO-8601 with milliseconds.
 */
startedAt: string, 
/**
 * The run's as-of date in the organisation's zone, `YYYY-MM-DD`.
 */
asOf: string, 
/**
 * The measure's five counts in that run.
 */
counts: StatusCounts, 
/**
 * COMPLIANT / (all - EXCLUDED) in percent with one decimal; null when nobody counts.
 */
compliancePct: number | null, };

export type OverdueGroup = { 
/**
 * Site or role; null for employees without one.
 */
name: string | null, 
/**
 * OVERDUE outcomes.
 */
overdue: number, };

export type ProgramCard = { 
/**
 * Measure id (UUID text).
 */
measureId: string, 
/**
 * The ACTIVE version's id.
 */
measureVersionId: string, 
/**
 * Measure name.
 */
name: string, 
/**
 * The ACTIVE version's label, e.g. `1.0`.
 */
version: string, 
/**
 * The regulation or policy the measure implements, e.g. `29 CFR 1910.95`.
 */
policyRef: string | null, 
/**
 * Outcome counts of the newest terminal, non-dry population run that evaluated this
 * version (null: never run).
 */
counts: StatusCounts | null, 
/**
 * The run `counts` come from.
 */
countedRunId: string | null, 
/**
 * Compliance of `counts` in percent (one decimal).
 */
compliancePct: number | null, 
/**
 * Open and in-progress cases of this version.
 */
openCases: number, 
/**
 * Counts over the last dashboard runs that evaluated the measure, oldest first.
 */
trend: Array<TrendPoint>, 
/**
 * Sites with the most OVERDUE outcomes in the counted run, most first.
 */
topSites: Array<OverdueGroup>, 
/**
 * Roles likewise.
 */
topRoles: Array<OverdueGroup>, };

export type ProgramsOverview = { 
/**
 * One card per measure with an ACTIVE version, by name.
 */
programs: Array<ProgramCard>, 
/**
 * Open and in-progress cases across all measures.
 */
openCases: number, 
/**
 * Compliance over every card's counts together, in percent (one decimal).
 */
compliancePct: number | null, 
/**
 * The newest terminal, non-dry population run (null: never run).
 */
lastRun: RunSummary | null, 
/**
 * The newest such run started by the scheduler.
 */
lastScheduledRun: RunSummary | null, };

export type ScheduleDto = { 
/**
 * Local time of day `HH:MM` in the organisation's zone; null when no run is scheduled.
 */
time: string | null, 
/**
 * The organisation's IANA zone the time is read in.
 */
timeZone: string, 
/**
 * When the scheduler will start the next run (UTC ISO-8601); "now" (the current
 * instant) when a run is due; null when off.
 */
nextRunAt: string | null, 
/**
 * Whether a run is due now (a slot passed without a scheduled run, e.g. while the app
 * was closed).
 */
dueNow: boolean, 
/**
 * When the newest scheduled run started (UTC ISO-8601).
 */
lastScheduledStart: string | null, };

export type AuditQuery = { 
/**
 * Exact event type, e.g. `CASE_ASSIGNED`.
 */
eventType: string | null, 
/**
 * Exact entity type, e.g. `CASE`.
 */
entityType: string | null, 
/**
 * Exact actor, e.g. `local-user` or `SYSTEM`.
 */
actor: string | null, 
/**
 * First day, `YYYY-MM-DD`.
 */
fromDate: string | null, 
/**
 * Last day, `YYYY-MM-DD`.
 */
toDate: string | null, };

export type AuditOptions = { 
/**
 * Every `event_type`, alphabetical.
 */
eventTypes: Array<string>, 
/**
 * Every `entity_type`, alphabetical.
 */
entityTypes: Array<string>, 
/**
 * The organisation's zone the dates are read in.
 */
timeZone: string, };

export type VerifyProblem = { 
/**
 * `CHAIN` (hash chain break), `CASE` (a case row disagrees with its ledger history),
 * `RULE_DRIFT` (an approved rule changed since approval) or `FIXTURES_CHANGED` (the
 * measure's fixtures differ from those the approval ran).
 */
kind: string, 
/**
 * The entity's type: `AUDIT_EVENT`, `CASE` or `MEASURE_VERSION`.
 */
entityType: string, 
/**
 * The entity's id (event number, case id or measure version id).
 */
entityId: string, 
/**
 * The entity in words, e.g. "TB Screening version 1.0" or "event 12".
 */
entityLabel: string, 
/**
 * What is wrong.
 */
message: string, 
/**
 * True when it makes the verification fail (as `audit verify` exits 1); false for a
 * note (changed fixtures are normal while a new version is drafted).
 */
fails: boolean, };

export type LedgerCheck = { 
/**
 * Audit events verified (before the first break when the chain is broken).
 */
checked: number, 
/**
 * Case rows compared with their ledger history.
 */
casesChecked: number, 
/**
 * Approved (non-draft) measure versions whose rule hashes were compared.
 */
rulesChecked: number, 
/**
 * True when no problem fails the verification.
 */
intact: boolean, 
/**
 * Every problem, failing ones first.
 */
problems: Array<VerifyProblem>, };

export type VersionSummary = { 
/**
 * Measure version id (UUID text).
 */
id: string, 
/**
 * Version label, e.g. `1.0`.
 */
version: string, 
/**
 * Lifecycle: DRAFT, APPROVED, ACTIVE or DEPRECATED.
 */
status: string, 
/**
 * COMPILED, WARNINGS or ERROR; `None` when not compiled since the last CQL change.
 */
compileStatus: string | null, 
/**
 * When it became ACTIVE (UTC ISO-8601), if it did.
 */
activatedAt: string | null, 
/**
 * Why this version was made.
 */
changeSummary: string | null, };

export type MeasureSummary = { 
/**
 * Measure id (UUID text).
 */
id: string, 
/**
 * Measure name.
 */
name: string, 
/**
 * Regulation or policy reference.
 */
policyRef: string | null, 
/**
 * Owner (a person or team).
 */
owner: string | null, 
/**
 * Free tags.
 */
tags: Array<string>, 
/**
 * Every version, as the store orders them.
 */
versions: Array<VersionSummary>, };

export type EmployeeRow = { 
/**
 * Employee id (UUID text).
 */
id: string, 
/**
 * The HR system's id.
 */
externalId: string, 
/**
 * Full name.
 */
name: string, 
/**
 * Job role.
 */
role: string | null, 
/**
 * Work site.
 */
site: string | null, 
/**
 * Start date, `YYYY-MM-DD`.
 */
startDate: string | null, 
/**
 * Whether the employee is active.
 */
active: boolean, 
/**
 * `ACTIVE`, `INACTIVE` or `AWAITING_ROSTER` (a person a FHIR import created whom no
 * roster row has confirmed yet, QA3 H16), decided by `Employee::roster_status`.
 */
status: string, 
/**
 * Linked FHIR Patient id.
 */
fhirPatientId: string | null, };

export type CaseQuery = { 
/**
 * `open` (OPEN and IN_PROGRESS) or an exact status such as `RESOLVED`.
 */
status?: string, 
/**
 * Cases of any version of this measure (UUID text).
 */
measureId?: string, 
/**
 * LOW, MEDIUM, HIGH or CRITICAL.
 */
priority?: string, 
/**
 * Cases assigned to exactly this name.
 */
assignee?: string, 
/**
 * Only cases nobody is assigned to (overrides `assignee`).
 */
unassigned: boolean, 
/**
 * Employee site (exact).
 */
site?: string, 
/**
 * The `next` cursor of the page before this one (keyset paging); absent for the first
 * page or a jump.
 */
after?: string, 
/**
 * Rows to skip after `after` (or from the start): 0 when paging on, more for a jump.
 */
offset: number, 
/**
 * Rows to return (1 to 1,000).
 */
limit: number, };

export type CaseRow = { 
/**
 * Case id (UUID text).
 */
id: string, 
/**
 * Employee's HR id.
 */
employeeExternalId: string, 
/**
 * Employee name.
 */
employeeName: string, 
/**
 * Employee role.
 */
role: string | null, 
/**
 * Employee site.
 */
site: string | null, 
/**
 * Measure id.
 */
measureId: string, 
/**
 * Measure name.
 */
measureName: string, 
/**
 * Measure version label.
 */
measureVersion: string, 
/**
 * Compliance cycle label, e.g. `2026` or `2025-2026`.
 */
evaluationPeriod: string, 
/**
 * OPEN, IN_PROGRESS, RESOLVED, CLOSED or EXCLUDED.
 */
status: string, 
/**
 * LOW, MEDIUM, HIGH or CRITICAL.
 */
priority: string, 
/**
 * Assigned person.
 */
assignee: string | null, 
/**
 * The latest outcome status.
 */
currentOutcomeStatus: string, 
/**
 * What to do next, as a sentence.
 */
nextAction: string | null, 
/**
 * Last change, UTC ISO-8601.
 */
updatedAt: string, 
/**
 * Newest outreach attempt's status: SIMULATED, SENT or FAILED.
 */
latestOutreachDeliveryStatus: string | null, };

export type CasePageDto = { 
/**
 * Cases matching the filter, over all pages.
 */
total: number, 
/**
 * This page.
 */
items: Array<CaseRow>, 
/**
 * Cursor of the page after this one (pass it back as `after`); `None` at the end or for
 * lists that are not paged by cursor.
 */
next: string | null, };

export type AuditEventRow = { 
/**
 * Ledger position (ascending).
 */
id: number, 
/**
 * Event type, e.g. `CASE_ASSIGNED`.
 */
eventType: string, 
/**
 * Entity type, e.g. `CASE`.
 */
entityType: string, 
/**
 * Entity id.
 */
entityId: string | null, 
/**
 * Who did it.
 */
actor: string | null, 
/**
 * When, UTC ISO-8601.
 */
occurredAt: string, 
/**
 * The event's details as JSON text.
 */
payloadJson: string | null, 
/**
 * SHA-256 of the event chained to the previous one (hex).
 */
hash: string, };

export type ChainCheck = { 
/**
 * Events verified before the first break (all of them when intact).
 */
checked: number, 
/**
 * Whether every hash and link matched.
 */
intact: boolean, 
/**
 * The first event that does not match.
 */
brokenAt: number | null, 
/**
 * What did not match.
 */
reason: string | null, };

export type CodeRow = { 
/**
 * Code system URI, e.g. `http://www.ama-assn.org/go/cpt`.
 */
system: string, 
/**
 * The code.
 */
code: string, 
/**
 * Display text.
 */
display: string | null, };

export type ValueSetRow = { 
/**
 * Value set id (UUID text).
 */
id: string, 
/**
 * OID.
 */
oid: string, 
/**
 * Name.
 */
name: string, 
/**
 * Version label.
 */
version: string | null, 
/**
 * Canonical URL.
 */
canonicalUrl: string | null, 
/**
 * DRAFT, ACTIVE, ...
 */
status: string, 
/**
 * RESOLVED, UNRESOLVED, EMPTY, ERROR or UNKNOWN.
 */
resolutionStatus: string, 
/**
 * SHA-256 of the sorted, de-duplicated (system, code) list.
 */
expansionHash: string | null, 
/**
 * The code systems the codes come from.
 */
codeSystems: Array<string>, 
/**
 * The codes.
 */
codes: Array<CodeRow>, };

export type IntegrationRow = { 
/**
 * Integration id.
 */
id: string, 
/**
 * Display name.
 */
displayName: string, 
/**
 * Health status as stored.
 */
status: string, 
/**
 * Last sync, UTC ISO-8601.
 */
lastSyncAt: string | null, 
/**
 * What the last sync found.
 */
lastSyncResult: string | null, };

export type RunProgressEvent = { "kind": "started", 
/**
 * Employees in scope.
 */
total: number, } | { "kind": "advanced", 
/**
 * Employees written so far.
 */
done: number, 
/**
 * Employees in scope.
 */
total: number, } | { "kind": "finished" };

export type RunMeasureRow = { 
/**
 * Measure name.
 */
name: string, 
/**
 * Version label.
 */
version: string, 
/**
 * Outcomes written.
 */
evaluated: number, 
/**
 * The five status counts.
 */
counts: StatusCounts, 
/**
 * Cases opened.
 */
casesOpened: number, 
/**
 * Cases updated.
 */
casesUpdated: number, 
/**
 * Cases resolved.
 */
casesResolved: number, };

export type RunReportDto = { 
/**
 * Run id.
 */
runId: string, 
/**
 * Terminal status.
 */
status: string, 
/**
 * As-of date, `YYYY-MM-DD`.
 */
asOf: string, 
/**
 * Employees in scope.
 */
employees: number, 
/**
 * Of `employees`, the people awaiting roster data (in no population, QA3 H16).
 */
employeesAwaitingRoster: number, 
/**
 * Outcomes written.
 */
totalEvaluated: number, 
/**
 * Wall-clock milliseconds.
 */
durationMs: number, 
/**
 * Why it failed or was cancelled.
 */
failureSummary: string | null, 
/**
 * Per measure, by name.
 */
measures: Array<RunMeasureRow>, };

export type RunHistoryRow = { 
/**
 * The run.
 */
run: RunSummary, 
/**
 * As-of date, `YYYY-MM-DD` (organisation's zone).
 */
asOf: string, 
/**
 * Start, `YYYY-MM-DD HH:MM` in the organisation's zone.
 */
startedLocal: string, 
/**
 * What the scope names (measure version, site, employee); null for every program.
 */
target: string | null, };

export type RunHistoryDto = { 
/**
 * Newest first.
 */
items: Array<RunHistoryRow>, 
/**
 * The organisation's time zone (IANA name), for the column header.
 */
zone: string, };

export type NamedValue = { 
/**
 * The define name or field key, as the engine wrote it.
 */
name: string, 
/**
 * The value as text ([`display_value`]).
 */
value: string, };

export type WhyFlagged = { 
/**
 * `expressionResults` in define order.
 */
defines: Array<NamedValue>, 
/**
 * `why_flagged` fields in the order the engine wrote them.
 */
facts: Array<NamedValue>, 
/**
 * The measurement period, start and end in the organisation's zone.
 */
measurementPeriod: string | null, 
/**
 * For a failed evaluation: what failed (the outcome is MISSING_DATA then).
 */
evaluationError: string | null, };

export type TimelineItem = { 
/**
 * When, UTC ISO-8601 (sort key).
 */
at: string, 
/**
 * When, in the organisation's zone.
 */
atLocal: string, 
/**
 * `ACTION` (a `case_actions` row) or `AUDIT` (an `audit_events` row).
 */
source: string, 
/**
 * Action type (e.g. `ASSIGNED`) or event type (e.g. `CASE_CREATED`).
 */
kind: string, 
/**
 * Who (a user name or `SYSTEM`).
 */
actor: string | null, 
/**
 * The payload's fields.
 */
details: Array<NamedValue>, };

export type DeliveryRow = { 
/**
 * Delivery id.
 */
id: string, 
/**
 * Recipient.
 */
toAddress: string, 
/**
 * Subject sent.
 */
subject: string, 
/**
 * `simulated` or `sendgrid`.
 */
provider: string, 
/**
 * SIMULATED, SENT or FAILED.
 */
status: string, 
/**
 * When, in the organisation's zone.
 */
sentAtLocal: string, 
/**
 * Provider error detail (FAILED).
 */
errorDetail: string | null, };

export type CaseEmployee = { 
/**
 * Employee id (UUID text), for the profile.
 */
id: string, 
/**
 * HR id.
 */
externalId: string, 
/**
 * Name.
 */
name: string, 
/**
 * Role.
 */
role: string | null, 
/**
 * Site.
 */
site: string | null, };

export type TemplateChoice = { 
/**
 * What preview and send take as `template`: the row id, or a built-in's name.
 */
key: string, 
/**
 * The template's name.
 */
name: string, 
/**
 * Whether it is written for the case's measure (else for any measure).
 */
forMeasure: boolean, };

export type CaseDetailDto = { 
/**
 * Case id.
 */
id: string, 
/**
 * OPEN, IN_PROGRESS, RESOLVED, CLOSED or EXCLUDED.
 */
status: string, 
/**
 * LOW, MEDIUM, HIGH or CRITICAL.
 */
priority: string, 
/**
 * Assigned person.
 */
assignee: string | null, 
/**
 * What to do next; null once the case is closed, resolved or excluded.
 */
nextAction: string | null, 
/**
 * Latest outcome status.
 */
currentOutcomeStatus: string, 
/**
 * Compliance cycle label.
 */
evaluationPeriod: string, 
/**
 * The employee.
 */
employee: CaseEmployee, 
/**
 * Measure id.
 */
measureId: string, 
/**
 * Measure name.
 */
measureName: string, 
/**
 * Version label of the case's own measure version.
 */
measureVersion: string, 
/**
 * The run that last touched the case.
 */
lastRunId: string, 
/**
 * Created, organisation zone.
 */
createdLocal: string, 
/**
 * Last change, organisation zone.
 */
updatedLocal: string, 
/**
 * Closed, organisation zone.
 */
closedLocal: string | null, 
/**
 * `SYSTEM` or the person who closed it.
 */
closedBy: string | null, 
/**
 * Closing note or system reason.
 */
closedReason: string | null, 
/**
 * Why flagged (empty when no outcome is stored for the case's key).
 */
why: WhyFlagged, 
/**
 * Actions and ledger events, oldest first.
 */
timeline: Array<TimelineItem>, 
/**
 * Outreach attempts, newest first.
 */
deliveries: Array<DeliveryRow>, 
/**
 * Actions the engine would accept now ([`allowed_actions`]).
 */
allowedActions: Array<string>, 
/**
 * The acting user (settings `user_name`), the default assignee.
 */
currentUser: string, 
/**
 * The organisation's IANA zone.
 */
timeZone: string, 
/**
 * Today in that zone, `YYYY-MM-DD` (the earliest appointment date).
 */
today: string, 
/**
 * The outreach templates the officer may pick (the case's measure's, then general ones).
 */
outreachTemplates: Array<TemplateChoice>, 
/**
 * Key of the template used when the officer picks none (`None`: no template suits).
 */
defaultTemplate: string | null, };

export type ActionDone = { 
/**
 * The action type written.
 */
actionType: string, 
/**
 * The case status after it.
 */
status: string, 
/**
 * The priority after it.
 */
priority: string, 
/**
 * The ledger event written with it.
 */
auditEventId: number, };

export type RerunDone = { 
/**
 * The one-employee run.
 */
runId: string, 
/**
 * Its terminal status.
 */
runStatus: string, 
/**
 * The outcome it wrote (`None`: the employee left the measure's population).
 */
outcomeStatus: string | null, 
/**
 * Whether the rerun resolved the case.
 */
resolved: boolean, 
/**
 * The case status after it.
 */
caseStatus: string, };

export type OutreachPreviewDto = { 
/**
 * Template name.
 */
templateName: string, 
/**
 * Recipient.
 */
toAddress: string, 
/**
 * Subject.
 */
subject: string, 
/**
 * Body text.
 */
bodyText: string, 
/**
 * The due date the message shows (never in the past), `YYYY-MM-DD`.
 */
dueDate: string, 
/**
 * The provider a send would use: `simulated` or `sendgrid`.
 */
provider: string, };

export type OutreachSent = { 
/**
 * SIMULATED, SENT or FAILED.
 */
status: string, 
/**
 * `simulated` or `sendgrid`.
 */
provider: string, 
/**
 * Recipient.
 */
toAddress: string, 
/**
 * Provider error detail.
 */
errorDetail: string | null, 
/**
 * The ledger event.
 */
auditEventId: number, };

export type BulkRequest = { 
/**
 * The cases (UUID text).
 */
caseIds: Array<string>, 
/**
 * `ASSIGNED` or `ESCALATED`.
 */
action: string, 
/**
 * The assignee, for `ASSIGNED`.
 */
assignee?: string, };

export type BulkItem = { 
/**
 * The case.
 */
caseId: string, 
/**
 * Whether the engine accepted the action.
 */
ok: boolean, 
/**
 * Why not (the engine's refusal), when refused.
 */
error: string | null, };

export type BulkResult = { 
/**
 * Cases changed.
 */
done: number, 
/**
 * Cases refused.
 */
refused: number, 
/**
 * Per case, in request order.
 */
items: Array<BulkItem>, };

export type ExportDone = { 
/**
 * The file written (absolute path).
 */
path: string, 
/**
 * Data rows written.
 */
rows: number, };

export type PacketWritten = { 
/**
 * The file written (absolute path).
 */
path: string, 
/**
 * CASE, RUN or MEASURE_VERSION.
 */
packetType: string, 
/**
 * `json` or `html`.
 */
format: string, 
/**
 * Lowercase hex SHA-256 of the file's bytes, as recorded in `audit_packet_exports`.
 */
sha256: string, 
/**
 * File size in bytes.
 */
sizeBytes: number, 
/**
 * The export record id.
 */
exportId: string, };

export type PacketCheck = { 
/**
 * The file read.
 */
path: string, 
/**
 * SHA-256 of its bytes now.
 */
sha256: string, 
/**
 * Its size now.
 */
sizeBytes: number, 
/**
 * Whether an export record has exactly this hash and size.
 */
verified: boolean, 
/**
 * The matching export record.
 */
exportId: string | null, 
/**
 * The packet type and entity the file claims, `CASE 1234...`.
 */
claimed: string | null, 
/**
 * Hashes recorded for the claimed entity (what was expected on a mismatch).
 */
recordedHashes: Array<string>, };

export type RunQuery = { 
/**
 * Exact run status, e.g. `COMPLETED`.
 */
status?: string, 
/**
 * Exact scope type, e.g. `MEASURE`.
 */
scopeType?: string, 
/**
 * Exact trigger, e.g. `RERUN`.
 */
triggerType?: string, 
/**
 * `true`: dry runs only; `false`: real runs only; absent: both.
 */
dryRun?: boolean, 
/**
 * Only runs that evaluated this measure (UUID text; the program detail's "Its runs").
 */
measureId?: string, };

export type RunForm = { 
/**
 * Only this measure (UUID text; its ACTIVE version).
 */
measureId?: string, 
/**
 * Only employees at this site.
 */
site?: string, 
/**
 * Only the employee with this HR id.
 */
employeeExternalId?: string, 
/**
 * Only this case's employee and measure version (set when a case verification is run
 * again; the form itself has no case field).
 */
caseId?: string, 
/**
 * `YYYY-MM-DD`; absent: today in the organisation's zone.
 */
asOf?: string, 
/**
 * Store the run and outcomes, touch no case, report the case impact.
 */
dryRun: boolean, };

export type RunLogRow = { 
/**
 * INFO, WARN or ERROR.
 */
level: string, 
/**
 * When, organisation zone.
 */
atLocal: string, 
/**
 * The sentence.
 */
message: string, };

export type RunDetailDto = { 
/**
 * The run as the history lists it.
 */
run: RunSummary, 
/**
 * The measure evaluated, `name version`, for runs of one measure or case.
 */
measure: string | null, 
/**
 * Site of SITE runs.
 */
site: string | null, 
/**
 * Who started it.
 */
triggeredBy: string | null, 
/**
 * The request as given (measure, site, employee, as-of date, dry run).
 */
request: Array<NamedValue>, 
/**
 * Start, organisation zone.
 */
startedLocal: string, 
/**
 * End, organisation zone.
 */
completedLocal: string | null, 
/**
 * Measurement period, start to end, organisation zone.
 */
measurementPeriod: string, 
/**
 * Outcome counts by status.
 */
counts: StatusCounts, 
/**
 * Employees whose evaluation failed.
 */
partialFailureCount: number, 
/**
 * What went wrong.
 */
failureSummary: string | null, 
/**
 * Log lines in order.
 */
logs: Array<RunLogRow>, 
/**
 * Whether the run is still going (REQUESTED, QUEUED or RUNNING): the window may cancel it.
 */
inFlight: boolean, };

export type RunOutcomeRow = { 
/**
 * Outcome id.
 */
id: string, 
/**
 * Employee id, for the profile.
 */
employeeId: string, 
/**
 * Employee HR id.
 */
employeeExternalId: string, 
/**
 * Employee name.
 */
employeeName: string, 
/**
 * Employee site.
 */
site: string | null, 
/**
 * `name version` of the measure.
 */
measure: string, 
/**
 * Compliance cycle label.
 */
evaluationPeriod: string, 
/**
 * Outcome status.
 */
status: string, 
/**
 * The `why_flagged` facts.
 */
facts: Array<NamedValue>, };

export type RunOutcomePage = { 
/**
 * Outcomes matching the filter (all pages).
 */
total: number, 
/**
 * This page.
 */
items: Array<RunOutcomeRow>, };

export type ProfileOutcome = { 
/**
 * Measure id.
 */
measureId: string, 
/**
 * Measure name.
 */
measureName: string, 
/**
 * Version label.
 */
measureVersion: string, 
/**
 * Compliance cycle label.
 */
evaluationPeriod: string, 
/**
 * Outcome status.
 */
status: string, 
/**
 * When it was evaluated, organisation zone.
 */
evaluatedLocal: string, 
/**
 * The as-of date of the run that wrote it, `YYYY-MM-DD` (organisation's zone).
 */
asOf: string, 
/**
 * The run that wrote it.
 */
runId: string, 
/**
 * The `why_flagged` facts.
 */
facts: Array<NamedValue>, };

export type ProfileActivity = { 
/**
 * The case.
 */
caseId: string, 
/**
 * Measure name.
 */
measureName: string, 
/**
 * Action type.
 */
actionType: string, 
/**
 * Who.
 */
actor: string | null, 
/**
 * When, organisation zone.
 */
atLocal: string, };

export type EmployeeProfile = { 
/**
 * The employee's facts.
 */
employee: EmployeeRow, 
/**
 * Supervisor's name, when known.
 */
supervisor: string | null, 
/**
 * Latest outcome of each measure from the runs that count (terminal, non-dry,
 * population; newest as-of date), by measure name.
 */
outcomes: Array<ProfileOutcome>, 
/**
 * Open and in-progress cases.
 */
openCases: Array<CaseRow>, 
/**
 * Newest case actions first.
 */
activity: Array<ProfileActivity>, };

export type CatalogVersion = { 
/**
 * Measure version id (UUID text).
 */
id: string, 
/**
 * Label, e.g. `1.1`.
 */
version: string, 
/**
 * DRAFT, APPROVED, ACTIVE or DEPRECATED.
 */
status: string, };

export type CatalogRow = { 
/**
 * Measure id (UUID text).
 */
id: string, 
/**
 * Measure name.
 */
name: string, 
/**
 * Program area from the spec (`programArea`) of the ACTIVE version, else the newest.
 */
program: string | null, 
/**
 * Regulation or policy reference.
 */
policyRef: string | null, 
/**
 * The OSHA citation (`29 CFR 1910.95`) of the ACTIVE version, else the newest.
 */
oshaCitation: string | null, 
/**
 * The ACTIVE version's label, if one is ACTIVE.
 */
activeVersion: string | null, 
/**
 * Every version's label and lifecycle status, oldest first.
 */
versions: Array<CatalogVersion>, };

export type StudioAction = "EDIT" | "APPROVE" | "ACTIVATE" | "DEPRECATE";

export type DiagnosticDto = { 
/**
 * `error` or `warning`.
 */
severity: string, 
/**
 * 1-based line.
 */
line: number, 
/**
 * 1-based column, in characters.
 */
column: number, 
/**
 * What is wrong.
 */
message: string, };

export type DeclaredValueSetDto = { 
/**
 * The canonical URL or `urn:oid:` the CQL uses.
 */
url: string, 
/**
 * Line of the declaration (0: not found in the text).
 */
line: number, 
/**
 * The linked value set providing it (UUID text), `None` when none is linked.
 */
linkedValueSetId: string | null, };

export type CompileReportDto = { 
/**
 * COMPILED, WARNINGS or ERROR.
 */
status: string, 
/**
 * Every diagnostic, by position.
 */
diagnostics: Array<DiagnosticDto>, 
/**
 * The declared value sets and their links.
 */
valueSets: Array<DeclaredValueSetDto>, 
/**
 * Whether the result was stored on the version (DRAFT only).
 */
stored: boolean, };

export type OshaReferenceDto = { 
/**
 * Row id (UUID text).
 */
id: string, 
/**
 * The citation, e.g. `29 CFR 1910.95`.
 */
cfrCitation: string, 
/**
 * The standard's title.
 */
title: string, 
/**
 * Program area, e.g. `Hearing Conservation`.
 */
programArea: string, };

export type SpecForm = { 
/**
 * `description`: what the measure requires, in words.
 */
description: string, 
/**
 * `programArea`, e.g. `Hearing Conservation`.
 */
programArea: string, 
/**
 * `examName`: the exam in words ("audiogram"), used in next actions.
 */
examName: string, 
/**
 * `eligibleRoles`: roles in the population (empty = every role).
 */
eligibleRoles: Array<string>, 
/**
 * `eligibleSites`: sites in the population (empty = every site).
 */
eligibleSites: Array<string>, 
/**
 * `windowDays`: days an exam stays valid.
 */
windowDays: number | null, 
/**
 * `dueSoonDays`: lead time before the due date that makes DUE_SOON.
 */
dueSoonDays: number | null, 
/**
 * `baselineDays`: days after the start date within which the first exam is due.
 */
baselineDays: number | null, 
/**
 * `cycleRule`: `CALENDAR_YEAR` or `FLU_SEASON`.
 */
cycleRule: string, 
/**
 * `seasonDeadline` as `MM-DD` (flu), empty when none.
 */
seasonDeadline: string, 
/**
 * `exemptionRules`, e.g. `ACTIVE_WAIVER`.
 */
exemptionRules: Array<string>, };

export type StudioVersion = { 
/**
 * Measure version id (UUID text).
 */
id: string, 
/**
 * Label, e.g. `1.1`.
 */
version: string, 
/**
 * DRAFT, APPROVED, ACTIVE or DEPRECATED.
 */
status: string, 
/**
 * What the lifecycle gates allow on it.
 */
actions: Array<StudioAction>, 
/**
 * NOT_COMPILED, COMPILED, WARNINGS or ERROR (`None`: never compiled).
 */
compileStatus: string | null, 
/**
 * The diagnostics of the stored compile result (empty when not compiled).
 */
diagnostics: Array<DiagnosticDto>, 
/**
 * The CQL library text.
 */
cql: string, 
/**
 * The spec's form fields.
 */
spec: SpecForm, 
/**
 * The whole spec as pretty JSON (read-only view of every key).
 */
specJson: string, 
/**
 * The OSHA reference the version cites.
 */
oshaReference: OshaReferenceDto | null, 
/**
 * Linked value sets (UUID text).
 */
valueSetIds: Array<string>, 
/**
 * Why this version was made.
 */
changeSummary: string | null, 
/**
 * Creation time, UTC ISO-8601.
 */
createdAt: string, 
/**
 * Who approved it.
 */
approvedBy: string | null, 
/**
 * When it was approved.
 */
approvedAt: string | null, 
/**
 * When it became ACTIVE.
 */
activatedAt: string | null, 
/**
 * When it was deprecated.
 */
deprecatedAt: string | null, 
/**
 * Why it was deprecated.
 */
deprecatedReason: string | null, };

export type StudioMeasure = { 
/**
 * Measure id (UUID text).
 */
id: string, 
/**
 * Measure name.
 */
name: string, 
/**
 * Regulation or policy reference.
 */
policyRef: string | null, 
/**
 * Owner.
 */
owner: string | null, 
/**
 * Versions, newest first.
 */
versions: Array<StudioVersion>, };

export type FixtureRow = { 
/**
 * Fixture name (unique per measure).
 */
name: string, 
/**
 * What the case shows.
 */
description: string | null, 
/**
 * As-of date, `YYYY-MM-DD`.
 */
asOf: string, 
/**
 * The outcome status the measure must produce.
 */
expectedStatus: string, 
/**
 * Employee role.
 */
role: string | null, 
/**
 * Employee site.
 */
site: string | null, 
/**
 * Employee start date, `YYYY-MM-DD`.
 */
startDate: string | null, 
/**
 * Whether a waiver is active at the as-of date.
 */
hasActiveWaiver: boolean, 
/**
 * Active employment.
 */
active: boolean, 
/**
 * The FHIR Patient id the bundle's records use.
 */
patientId: string, 
/**
 * Number of FHIR resources in the fixture's bundle.
 */
resources: number, 
/**
 * The bundle as pretty JSON text (what the editor shows).
 */
bundleJson: string, 
/**
 * SHA-256 of the fixture's content (what an approval records).
 */
sha256: string, 
/**
 * `seed` or the user who added it.
 */
source: string, };

export type FixtureDraftDto = { 
/**
 * Unique per measure.
 */
name: string, 
/**
 * What the case shows.
 */
description: string | null, 
/**
 * `YYYY-MM-DD`.
 */
asOf: string, 
/**
 * COMPLIANT | DUE_SOON | OVERDUE | MISSING_DATA | EXCLUDED.
 */
expectedStatus: string, 
/**
 * Employee role.
 */
role: string | null, 
/**
 * Employee site.
 */
site: string | null, 
/**
 * `YYYY-MM-DD` or blank.
 */
startDate: string | null, 
/**
 * Active employment.
 */
active: boolean, 
/**
 * A waiver is active at the as-of date.
 */
hasActiveWaiver: boolean, 
/**
 * The Patient id the bundle uses (blank = `fixture-patient`).
 */
patientId: string | null, 
/**
 * The FHIR Bundle as JSON text.
 */
bundleJson: string, };

export type FixtureChangeDto = { 
/**
 * ADDED, EDITED or REMOVED.
 */
action: string, 
/**
 * The fixture's name (after an edit, its new name).
 */
name: string, 
/**
 * False when an edit changed nothing.
 */
changed: boolean, 
/**
 * The DRAFT version label the change was made for.
 */
version: string, 
/**
 * Content SHA-256 now (None after a removal).
 */
sha256: string | null, };

export type DefineValueDto = { 
/**
 * Define name.
 */
name: string, 
/**
 * The value as JSON text (`null`, `true`, `"2026-01-01"`, ...), absent on error.
 */
value: string | null, 
/**
 * The evaluation error, if any.
 */
error: string | null, };

export type FixtureResultDto = { 
/**
 * Fixture name.
 */
name: string, 
/**
 * Expected outcome status.
 */
expected: string, 
/**
 * What the CQL produced: an outcome status, `NOT_IN_POPULATION` or `ERROR`.
 */
actual: string, 
/**
 * Whether actual equals expected.
 */
passed: boolean, 
/**
 * Every define's value, in define order.
 */
defines: Array<DefineValueDto>, 
/**
 * The compile or evaluation error, when there was one.
 */
error: string | null, 
/**
 * SHA-256 of the fixture's content as run.
 */
sha256: string, };

export type FixtureReportDto = { 
/**
 * Number of fixtures.
 */
total: number, 
/**
 * Number passing.
 */
passed: number, 
/**
 * Per fixture, by name.
 */
results: Array<FixtureResultDto>, 
/**
 * SHA-256 over the fixtures run (names and content hashes).
 */
sha256: string, };

export type LifecycleResult = { 
/**
 * The version acted on (UUID text).
 */
versionId: string, 
/**
 * Its status now.
 */
status: string, 
/**
 * A sentence saying what happened, e.g. "Version 1.1 is ACTIVE; 1.0 was deprecated".
 */
summary: string, };

export type DeprecationPreviewDto = { 
/**
 * True when the version is ACTIVE: deprecating it retires the program.
 */
retiresProgram: boolean, 
/**
 * Open cases the deprecation would close.
 */
openCasesToClose: number, 
/**
 * The consequence in words.
 */
message: string, 
/**
 * The word to type to confirm, or null when none is needed.
 */
confirmation: string | null, };

export type LinkedVersionRow = { 
/**
 * Measure id (UUID text).
 */
measureId: string, 
/**
 * Measure name, for display.
 */
measureName: string, 
/**
 * Measure version id (UUID text).
 */
measureVersionId: string, 
/**
 * Version label, e.g. `1.0`.
 */
version: string, 
/**
 * Lifecycle status: DRAFT, APPROVED, ACTIVE or DEPRECATED.
 */
status: string, 
/**
 * In a diff: which side links it (`old`, `new` or `both`); `linked` in a detail view.
 */
links: string, };

export type ValueSetDetail = { 
/**
 * The list row (identity, status, hash, code systems, codes).
 */
valueSet: ValueSetRow, 
/**
 * Why resolution failed (status ERROR), e.g. `line 4: no code`.
 */
resolutionError: string | null, 
/**
 * Where it came from: `WorkWell demo seed`, a file name, ...
 */
source: string | null, 
/**
 * When the expansion was last resolved, UTC ISO-8601.
 */
lastResolvedAt: string | null, 
/**
 * Measure versions linked to it.
 */
linkedVersions: Array<LinkedVersionRow>, };

export type ValueSetImportRequest = { 
/**
 * Absolute path of a `.json` (FHIR ValueSet) or `.csv` (`system,code[,display]`) file.
 */
path: string, 
/**
 * OID, e.g. `2.16.840.1.113883.3.464.1003.110.12.1082`.
 */
oid: string | null, 
/**
 * Display name.
 */
name: string | null, 
/**
 * Version label.
 */
version: string | null, 
/**
 * Canonical URL the CQL `valueset` declarations use.
 */
canonicalUrl: string | null, };

export type ValueSetImportDto = { 
/**
 * `FHIR_JSON` or `CSV`: how the file was read (decided from its extension).
 */
format: string, 
/**
 * The stored value set.
 */
valueSet: ValueSetRow, 
/**
 * True for a new row, false when the (oid, version) row was replaced.
 */
created: boolean, 
/**
 * True when the expansion hash changed (always true for a new row).
 */
codesChanged: boolean, };

export type ValueSetDiffDto = { 
/**
 * The older value set's id.
 */
oldId: string, 
/**
 * The newer value set's id.
 */
newId: string, 
/**
 * Codes in the newer set only, sorted by (system, code).
 */
added: Array<CodeRow>, 
/**
 * Codes in the older set only, sorted by (system, code).
 */
removed: Array<CodeRow>, 
/**
 * Number of codes in both.
 */
unchanged: number, 
/**
 * Measure versions linked to either side.
 */
affected: Array<LinkedVersionRow>, };

export type MappingItem = { 
/**
 * Mapping id (UUID text).
 */
id: string, 
/**
 * Local code system URI.
 */
localSystem: string, 
/**
 * Local code.
 */
localCode: string, 
/**
 * Local display.
 */
localDisplay: string | null, 
/**
 * Standard code system URI.
 */
standardSystem: string, 
/**
 * Standard code.
 */
standardCode: string, 
/**
 * Standard display.
 */
standardDisplay: string | null, 
/**
 * PROPOSED, REVIEWED, APPROVED or REJECTED.
 */
status: string, 
/**
 * Confidence from 0 to 1.
 */
confidence: number | null, 
/**
 * Who reviewed, approved or rejected it last.
 */
reviewedBy: string | null, 
/**
 * When, UTC ISO-8601.
 */
reviewedAt: string | null, 
/**
 * Notes, one line per reviewer remark.
 */
notes: string | null, 
/**
 * The decisions the workflow allows from this status, among REVIEW, APPROVE, REJECT
 * (ww-governance `mapping_flow::transition`). Empty for APPROVED and REJECTED.
 */
allowedActions: Array<string>, };

export type NewMappingRequest = { 
/**
 * Local code system URI.
 */
localSystem: string, 
/**
 * Local code.
 */
localCode: string, 
/**
 * Local display.
 */
localDisplay: string | null, 
/**
 * Standard code system URI.
 */
standardSystem: string, 
/**
 * Standard code.
 */
standardCode: string, 
/**
 * Standard display.
 */
standardDisplay: string | null, 
/**
 * Confidence from 0 to 1, as typed (parsed and checked in Rust).
 */
confidence: string | null, 
/**
 * Notes.
 */
notes: string | null, };

export type MappingDecisionRequest = { 
/**
 * REVIEW, APPROVE or REJECT.
 */
decision: string, 
/**
 * Confidence from 0 to 1, as typed (kept when absent; parsed and checked in Rust).
 */
confidence: string | null, 
/**
 * Notes (required to reject).
 */
notes: string | null, };

export type ResourceTypeCount = { 
/**
 * FHIR resource type, e.g. `Immunization`.
 */
resourceType: string, 
/**
 * New resources.
 */
inserted: number, 
/**
 * Resources replaced (same type and id imported again).
 */
updated: number, };

export type FhirImportDto = { 
/**
 * Per resource type, by type name.
 */
counts: Array<ResourceTypeCount>, 
/**
 * Resources read.
 */
total: number, 
/**
 * Patients that became employees awaiting roster data.
 */
employeesCreated: number, };

export type RosterImportDto = { 
/**
 * Rows read.
 */
rows: number, 
/**
 * New employees.
 */
inserted: number, 
/**
 * Existing employees updated by external id.
 */
updated: number, 
/**
 * Employees found by FHIR patient id that took the roster's external id.
 */
linked: number, 
/**
 * `FILE:LINE: ...` warnings of the checked import (QA G25 / QA3 H8), e.g. a role that
 * differs from an ACTIVE measure's eligible role only in letter case; the rows were
 * imported as written.
 */
warnings: Array<string>, };

export type TemplateRow = { 
/**
 * Row id, or the name for a built-in (what `preview_template` takes).
 */
key: string, 
/**
 * Whether this is a built-in default (used while no template row is active).
 */
builtin: boolean, 
/**
 * Name shown in the picker.
 */
name: string, 
/**
 * Subject with placeholders such as `{{employeeName}}`.
 */
subject: string, 
/**
 * Plain-text body with placeholders.
 */
bodyText: string, 
/**
 * The measure it is written for, by name; None = any measure.
 */
measureName: string | null, };

export type TemplatePreviewDto = { 
/**
 * Template name.
 */
templateName: string, 
/**
 * Rendered subject.
 */
subject: string, 
/**
 * Rendered body.
 */
bodyText: string, 
/**
 * The sample values used, in a sentence.
 */
sample: string, };

export type DeliveryLogRow = { 
/**
 * Delivery id.
 */
id: string, 
/**
 * The case it belongs to.
 */
caseId: string, 
/**
 * Employee external id.
 */
employeeExternalId: string, 
/**
 * Employee name.
 */
employeeName: string, 
/**
 * Measure name.
 */
measureName: string, 
/**
 * Recipient address.
 */
toAddress: string, 
/**
 * Subject.
 */
subject: string, 
/**
 * `simulated` or `sendgrid`.
 */
provider: string, 
/**
 * SIMULATED, SENT or FAILED.
 */
status: string, 
/**
 * When it was sent, UTC ISO-8601.
 */
sentAt: string, 
/**
 * Why it failed.
 */
errorDetail: string | null, };

export type WaiverRow = { 
/**
 * Waiver id.
 */
id: string, 
/**
 * Employee external id.
 */
employeeExternalId: string, 
/**
 * Employee name.
 */
employeeName: string, 
/**
 * Measure id.
 */
measureId: string, 
/**
 * Measure name.
 */
measureName: string, 
/**
 * Why it was granted.
 */
reason: string, 
/**
 * Who granted it.
 */
grantedBy: string, 
/**
 * When, UTC ISO-8601.
 */
grantedAt: string, 
/**
 * First day it applies (YYYY-MM-DD); None = from the grant.
 */
startsOn: string | null, 
/**
 * Last day it applies (YYYY-MM-DD); None = until revoked.
 */
expiresOn: string | null, 
/**
 * When the revocation was recorded, UTC ISO-8601.
 */
revokedAt: string | null, 
/**
 * The first day it no longer applies (YYYY-MM-DD, org zone); it keeps applying before.
 */
revokedOn: string | null, 
/**
 * Who revoked it.
 */
revokedBy: string | null, 
/**
 * Why.
 */
revokeReason: string | null, 
/**
 * Its state today in the organisation's zone (`ww_governance::waivers::state_on`):
 * ACTIVE, EXPIRED, REVOKED or FUTURE (starts later).
 */
state: string, 
/**
 * Whether `revoke_waiver` accepts it (not revoked yet).
 */
canRevoke: boolean, };

export type GrantWaiverDto = { 
/**
 * The waiver as the list shows it.
 */
waiver: WaiverRow, 
/**
 * Sentences for the user; the waiver was stored anyway.
 */
warnings: Array<string>, };

export type GrantWaiverRequest = { 
/**
 * The employee's external id (as the roster has it).
 */
employeeExternalId: string, 
/**
 * Measure id (UUID text).
 */
measureId: string, 
/**
 * Why (required).
 */
reason: string, 
/**
 * First day it applies, YYYY-MM-DD (None = today).
 */
startsOn: string | null, 
/**
 * Last day it applies, YYYY-MM-DD (None = until revoked).
 */
expiresOn: string | null, };

export type SettingsDto = { 
/**
 * The acting user recorded in audit events (`user_name`).
 */
userName: string, 
/**
 * The organisation's IANA time zone (`org_time_zone`).
 */
orgTimeZone: string, 
/**
 * `simulated` or `sendgrid` (`email_provider`).
 */
emailProvider: string, 
/**
 * The sender address (`email_from`).
 */
emailFrom: string, 
/**
 * Whether a SendGrid API key is stored.
 */
sendgridKeyStored: boolean, 
/**
 * Whether `WORKWELL_SENDGRID_API_KEY` overrides the stored key.
 */
sendgridKeyFromEnv: boolean, 
/**
 * The providers `email_provider` accepts.
 */
providers: Array<string>, };

export type SettingsUpdate = { 
/**
 * New acting user name.
 */
userName: string | null, 
/**
 * New IANA time zone, e.g. `Europe/Berlin`.
 */
orgTimeZone: string | null, 
/**
 * `simulated` or `sendgrid`.
 */
emailProvider: string | null, 
/**
 * New sender address.
 */
emailFrom: string | null, 
/**
 * New SendGrid API key (write-only; an empty text removes the stored key).
 */
sendgridApiKey: string | null, };

export type FieldError = { 
/**
 * The request field, e.g. `orgTimeZone`.
 */
field: string, 
/**
 * What is wrong, for a person.
 */
message: string, };

export type SettingsSaveResult = { 
/**
 * Whether anything was written (false when a field was refused).
 */
saved: boolean, 
/**
 * Keys whose value changed.
 */
changed: Array<string>, 
/**
 * The refused fields (nothing is saved when there is one).
 */
errors: Array<FieldError>, 
/**
 * The settings after the call.
 */
settings: SettingsDto, };

export type DemoResetDto = { 
/**
 * The database file (the same path, now a fresh demo database).
 */
database: string, 
/**
 * Where the old file was kept.
 */
archivedTo: string | null, 
/**
 * Demo employees created.
 */
employees: number, 
/**
 * FHIR resources created.
 */
resources: number, 
/**
 * Test fixtures loaded.
 */
fixtures: number, };
