// The one interface between the UI and the Rust backend. Every screen calls these
// functions; component tests replace the backend with `setBackend` (or mock this module).
// Nothing here decides anything: each function is one Tauri command.

import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AppStatus,
  AuditEventRow,
  LedgerCheck,
  CasePageDto,
  CaseQuery,
  CommandError,
  EmployeeRow,
  ErrorCode,
  IntegrationRow,
  MeasureSummary,
  ProgramsOverview,
  RunProgressEvent,
  RunReportDto,
  ValueSetRow,
} from "./bindings";

import { open as openFileDialog } from "@tauri-apps/plugin-dialog";
import type {
  DeliveryLogRow,
  DemoResetDto,
  FhirImportDto,
  GrantWaiverDto,
  GrantWaiverRequest,
  MappingDecisionRequest,
  MappingItem,
  NewMappingRequest,
  RosterImportDto,
  SettingsDto,
  SettingsSaveResult,
  SettingsUpdate,
  TemplatePreviewDto,
  TemplateRow,
  ValueSetDetail,
  ValueSetDiffDto,
  ValueSetImportDto,
  ValueSetImportRequest,
  WaiverRow,
} from "./bindings"; // APP-D

/** The shape of `invoke`, so tests can pass a fake. */
export type Backend = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

let backend: Backend = (command, args) => invoke(command, args);

/** Replaces the backend (tests); returns the previous one. */
export function setBackend(next: Backend): Backend {
  const previous = backend;
  backend = next;
  return previous;
}

/** Makes the object a command streams messages on (a Tauri `Channel` in the app). */
export type ChannelFactory = <T>(onMessage: (message: T) => void) => unknown;

let makeChannel: ChannelFactory = <T,>(onMessage: (message: T) => void) => {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
};

/** Replaces the channel factory (tests); returns the previous one. */
export function setChannelFactory(next: ChannelFactory): ChannelFactory {
  const previous = makeChannel;
  makeChannel = next;
  return previous;
}

/** A failed command: `code` is what the UI switches on, `message` is for people. */
export class ApiError extends Error {
  readonly code: ErrorCode | "IPC";
  constructor(code: ErrorCode | "IPC", message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

function isCommandError(e: unknown): e is CommandError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as CommandError).code === "string" &&
    typeof (e as CommandError).message === "string"
  );
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isCommandError(e)) return new ApiError(e.code, e.message);
  // Tauri itself rejects with a plain string (unknown command, denied by a capability).
  const message = typeof e === "string" ? e : e instanceof Error ? e.message : String(e);
  return new ApiError("IPC", message);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await backend(command, args)) as T;
  } catch (e) {
    throw toApiError(e);
  }
}

/** Every backend call the UI makes. */
export const api = {
  /** Database file, schema version and row counts (`app_status`). */
  status: () => call<AppStatus>("app_status"),
  /** One card per active measure, open cases and the last run (`programs_overview`). */
  overview: () => call<ProgramsOverview>("programs_overview"),
  /** Every measure with its versions (`list_measures`). */
  measures: () => call<MeasureSummary[]>("list_measures"),
  /** Every employee (`list_employees`). */
  employees: () => call<EmployeeRow[]>("list_employees"),
  /** The newest runs, newest first, with as-of dates and targets (`list_runs`). */
  runs: (limit: number) => call<RunHistoryDto>("list_runs", { limit }),
  /** The employees' sites, for the worklist's site picker (`list_sites`). */
  sites: () => call<string[]>("list_sites"),
  /** One page of the case worklist (`list_cases`); filtering and paging happen in SQL. */
  cases: (query: CaseQuery) => call<CasePageDto>("list_cases", { query }),
  /** Audit events newest first, optionally of one type (`list_audit_events`). */
  auditEvents: (eventType: string | null, offset: number, limit: number) =>
    call<AuditEventRow[]>("list_audit_events", { eventType, offset, limit }),
  /** Walks the ledger's hash chain (`verify_audit_chain`). */
  verifyAudit: () => call<LedgerCheck>("verify_audit_chain"),
  /** Every value set with its codes (`list_value_sets`). */
  valueSets: () => call<ValueSetRow[]>("list_value_sets"),
  /** Health of each integration (`list_integrations`). */
  integrations: () => call<IntegrationRow[]>("list_integrations"),
  /** Runs every active measure for everyone as of today, reporting progress (`run_all_programs`). */
  runAllPrograms: (onProgress: (event: RunProgressEvent) => void) =>
    call<RunReportDto>("run_all_programs", { onProgress: makeChannel(onProgress) }),
  /** Asks the running run to stop after its current batch (`cancel_run`). */
  cancelRun: () => call<null>("cancel_run"),
};

// --- APP-C: overview, program detail, schedule and audit export ---------------------------

import type { AuditOptions, AuditQuery, ProgramCard as ProgramCardDto, ScheduleDto } from "./bindings"; // APP-C

/** Program detail, the daily schedule and the audit CSV export. */
export const programs = {
  /** The overview figures of one measure (`program_detail`). */
  detail: (measureId: string) => call<ProgramCardDto>("program_detail", { measureId }),
  /** The daily scheduled run's time and next start (`get_schedule`). */
  schedule: () => call<ScheduleDto>("get_schedule"),
  /** Sets (`"HH:MM"`) or clears (null) the daily run time (`set_schedule`). */
  setSchedule: (time: string | null) => call<ScheduleDto>("set_schedule", { time }),
};

/** The audit log screen: filtered pages, CSV export, filter options. */
export const audit = {
  /** Events matching the filters, newest first (`search_audit_events`). */
  search: (query: AuditQuery, offset: number, limit: number) =>
    call<AuditEventRow[]>("search_audit_events", { query, offset, limit }),
  /** Writes the matching events as CSV to `path`, or the export folder when null (`export_audit_csv`). */
  exportCsv: (query: AuditQuery, path: string | null) => call<ExportDone>("export_audit_csv", { query, path }),
  /** Event and entity types for the filter menus, and the organisation's zone (`audit_options`). */
  options: () => call<AuditOptions>("audit_options"),
};

// --- APP-B: measure catalog and Studio -----------------------------------------------------

import type {
  CatalogRow,
  CompileReportDto,
  DeprecationPreviewDto,
  FixtureChangeDto,
  FixtureDraftDto,
  FixtureReportDto,
  FixtureRow,
  LifecycleResult,
  OshaReferenceDto,
  SpecForm,
  StudioMeasure,
} from "./bindings"; // APP-B

/** A measure-version packet written to a file: where, and the SHA-256 recorded for it. */
export interface VersionPacketWritten {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** The measure catalog and the Studio: each function is one Tauri command (ww-governance). */
export const studio = {
  /** Every measure with program, ACTIVE version and each version's status (`measure_catalog`). */
  catalog: () => call<CatalogRow[]>("measure_catalog"),
  /** One measure with every version, newest first (`studio_measure`). */
  measure: (measureId: string) => call<StudioMeasure>("studio_measure", { measureId }),
  /** A new DRAFT cloned from the newest version; answers its id (`studio_new_version`). */
  newVersion: (measureId: string, changeSummary: string) =>
    call<string>("studio_new_version", { measureId, changeSummary }),
  /** Saves a DRAFT's CQL; its compile status goes back to not compiled (`studio_save_cql`). */
  saveCql: (versionId: string, cql: string) => call<null>("studio_save_cql", { versionId, cql }),
  /** Saves a DRAFT's spec settings (`studio_save_spec`). */
  saveSpec: (versionId: string, spec: SpecForm) => call<null>("studio_save_spec", { versionId, spec }),
  /** Compiles the CQL and checks the declared value sets are linked (`studio_compile`). */
  compile: (versionId: string) => call<CompileReportDto>("studio_compile", { versionId }),
  /** Links or unlinks a value set on a DRAFT; answers whether it changed (`studio_link_value_set`). */
  linkValueSet: (versionId: string, valueSetId: string, link: boolean) =>
    call<boolean>("studio_link_value_set", { versionId, valueSetId, link }),
  /** The measure's test fixtures (`studio_fixtures`). */
  fixtures: (measureId: string) => call<FixtureRow[]>("studio_fixtures", { measureId }),
  /** Runs the fixtures against a version: expected vs actual with define values (`studio_run_fixtures`). */
  runFixtures: (versionId: string) => call<FixtureReportDto>("studio_run_fixtures", { versionId }),
  /** Adds a fixture for a DRAFT version; the engine names a bad field (`studio_add_fixture`). */
  addFixture: (versionId: string, fixture: FixtureDraftDto) =>
    call<FixtureChangeDto>("studio_add_fixture", { versionId, fixture }),
  /** Replaces the fixture `name` (may rename it) for a DRAFT version (`studio_edit_fixture`). */
  editFixture: (versionId: string, name: string, fixture: FixtureDraftDto) =>
    call<FixtureChangeDto>("studio_edit_fixture", { versionId, name, fixture }),
  /** Removes the fixture `name` for a DRAFT version (`studio_remove_fixture`). */
  removeFixture: (versionId: string, name: string) => call<FixtureChangeDto>("studio_remove_fixture", { versionId, name }),
  /** Sets (or with null clears) a DRAFT's OSHA reference; answers whether it changed (`studio_set_osha_reference`). */
  setOshaReference: (versionId: string, referenceId: string | null) =>
    call<boolean>("studio_set_osha_reference", { versionId, referenceId }),
  /** Approves a DRAFT (`studio_approve`). */
  approve: (versionId: string) => call<LifecycleResult>("studio_approve", { versionId }),
  /** Activates an APPROVED version (`studio_activate`). */
  activate: (versionId: string) => call<LifecycleResult>("studio_activate", { versionId }),
  /** Deprecates with a reason (`studio_deprecate`). */
  deprecate: (versionId: string, reason: string, confirmation: string | null = null) =>
    call<LifecycleResult>("studio_deprecate", { versionId, reason, confirmation }),
  /** What deprecating would do, decided in Rust (`studio_deprecation_preview`, QA3 H1). */
  deprecationPreview: (versionId: string) => call<DeprecationPreviewDto>("studio_deprecation_preview", { versionId }),
  /** OSHA references matching a citation, title or program (`search_osha_references`). */
  oshaReferences: (text: string) => call<OshaReferenceDto[]>("search_osha_references", { text }),
  /** Writes the measure-version packet to `path`, or the export folder when null (`export_packet`). */
  exportPacket: (versionId: string, format: "json" | "html", path: string | null) =>
    call<VersionPacketWritten>("export_packet", { packetType: "MEASURE_VERSION", entityId: versionId, format, path }),
};

// --- APP-D: value sets, terminology mappings and Admin ------------------------------------

/** What to choose in the open dialog. */
export type FileChoice = { multiple: boolean; directory: boolean; extensions: string[] };

/** An open-file chooser: resolves to the chosen absolute paths (empty when cancelled). */
export type FileChooser = (choice: FileChoice) => Promise<string[]>;

let chooseFiles: FileChooser = async (choice) => {
  const chosen = await openFileDialog({
    multiple: choice.multiple,
    directory: choice.directory,
    filters: choice.directory ? undefined : [{ name: choice.extensions.join(", ").toUpperCase(), extensions: choice.extensions }],
  });
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
};

/** Replaces the open-file chooser (tests); returns the previous one. */
export function setFileChooser(next: FileChooser): FileChooser {
  const previous = chooseFiles;
  chooseFiles = next;
  return previous;
}

/** Value sets, mappings and Admin: each function is one Tauri command. */
export const admin = {
  /** The dialog plugin's open dialog; the chosen paths, none when cancelled. */
  chooseFiles: (choice: FileChoice) => chooseFiles(choice),
  /** One value set with codes and linked measure versions (`value_set_detail`). */
  valueSet: (id: string) => call<ValueSetDetail>("value_set_detail", { id }),
  /** Imports a FHIR ValueSet `.json` or a `.csv` code list (`import_value_set`). */
  importValueSet: (request: ValueSetImportRequest) => call<ValueSetImportDto>("import_value_set", { request }),
  /** Codes added and removed between two value sets, measures affected (`diff_value_sets`). */
  diffValueSets: (oldId: string, newId: string) => call<ValueSetDiffDto>("diff_value_sets", { oldId, newId }),
  /** Every mapping with the decisions its status allows (`list_mappings`). */
  mappings: () => call<MappingItem[]>("list_mappings"),
  /** Proposes a mapping (`propose_mapping`). */
  proposeMapping: (request: NewMappingRequest) => call<MappingItem>("propose_mapping", { request }),
  /** REVIEW, APPROVE or REJECT a mapping (`decide_mapping`). */
  decideMapping: (id: string, request: MappingDecisionRequest) => call<MappingItem>("decide_mapping", { id, request }),
  /** Runs one integration's real check (`sync_integration`). */
  syncIntegration: (id: string) => call<IntegrationRow>("sync_integration", { id }),
  /** Imports FHIR files or folders in one transaction (`import_fhir_files`). */
  importFhir: (paths: string[]) => call<FhirImportDto>("import_fhir_files", { paths }),
  /** Imports the roster CSV in one transaction (`import_roster_file`). */
  importRoster: (path: string) => call<RosterImportDto>("import_roster_file", { path }),
  /** The outreach templates in use (`list_outreach_templates`). */
  templates: () => call<TemplateRow[]>("list_outreach_templates"),
  /** One template rendered with sample values (`preview_outreach_template`). */
  previewTemplate: (key: string) => call<TemplatePreviewDto>("preview_outreach_template", { key }),
  /** The newest outreach deliveries (`list_deliveries`). */
  deliveries: (limit: number) => call<DeliveryLogRow[]>("list_deliveries", { limit }),
  /** Every waiver with its state today (`list_waivers`). */
  waivers: () => call<WaiverRow[]>("list_waivers"),
  /** Grants a waiver (`grant_waiver`). */
  grantWaiver: (request: GrantWaiverRequest) => call<GrantWaiverDto>("grant_waiver", { request }),
  /** Revokes a waiver with a reason, from `on` (YYYY-MM-DD; null = today) (`revoke_waiver`). */
  revokeWaiver: (id: string, reason: string, on: string | null) => call<null>("revoke_waiver", { id, reason, on }),
  /** User name, time zone and email settings (`get_settings`). */
  settings: () => call<SettingsDto>("get_settings"),
  /** Validates and saves settings, all or none (`save_settings`). */
  saveSettings: (update: SettingsUpdate) => call<SettingsSaveResult>("save_settings", { update }),
  /** Every IANA time-zone name (`list_time_zones`). */
  timeZones: () => call<string[]>("list_time_zones"),
  /** A fresh demo database; `confirmation` must be RESET (`demo_reset`). */
  demoReset: (confirmation: string, force: boolean) => call<DemoResetDto>("demo_reset", { confirmation, force }),
};

// --- APP-A: case work, runs and employees -----------------------------------------------

import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog"; // APP-A
import type {
  ActionDone,
  BulkRequest,
  BulkResult,
  CaseDetailDto,
  EmployeeProfile,
  ExportDone,
  OutreachPreviewDto,
  OutreachSent,
  PacketCheck,
  PacketWritten,
  RerunDone,
  RunDetailDto,
  RunForm,
  RunOutcomePage,
  RunQuery,
  RunHistoryDto,
} from "./bindings"; // APP-A

/** A file chooser: resolves to the chosen absolute path, or null when cancelled. */
export type PathChooser = (kind: "save" | "open", defaultName: string, extensions: string[]) => Promise<string | null>;

let choosePath: PathChooser = async (kind, defaultName, extensions) => {
  const filters = [{ name: extensions.join(", ").toUpperCase(), extensions }];
  const chosen =
    kind === "save"
      ? await saveDialog({ defaultPath: defaultName, filters })
      : await openDialog({ multiple: false, directory: false, filters });
  return typeof chosen === "string" ? chosen : null;
};

/** Replaces the file chooser (tests); returns the previous one. */
export function setPathChooser(next: PathChooser): PathChooser {
  const previous = choosePath;
  choosePath = next;
  return previous;
}

/** Case work, runs and employees: each function is one Tauri command. */
export const work = {
  /** The save (or open) dialog of the dialog plugin; null when cancelled. */
  choosePath: (kind: "save" | "open", defaultName: string, extensions: string[]) =>
    choosePath(kind, defaultName, extensions),
  /** One case with why flagged, timeline and outreach attempts (`get_case`). */
  caseDetail: (caseId: string) => call<CaseDetailDto>("get_case", { caseId }),
  /** Assigns (or clears, with null) the case (`case_assign`). */
  assign: (caseId: string, assignee: string | null) => call<ActionDone>("case_assign", { caseId, assignee }),
  /** Adds a note (`case_add_note`). */
  addNote: (caseId: string, note: string) => call<ActionDone>("case_add_note", { caseId, note }),
  /** Raises the priority one step (`case_escalate`). */
  escalate: (caseId: string, reason: string | null) => call<ActionDone>("case_escalate", { caseId, reason }),
  /** Records an appointment, `YYYY-MM-DD` (`case_schedule`). */
  schedule: (caseId: string, date: string, note: string | null) =>
    call<ActionDone>("case_schedule", { caseId, date, note }),
  /** Closes the case with a note (`case_resolve`). */
  resolve: (caseId: string, note: string) => call<ActionDone>("case_resolve", { caseId, note }),
  /** Evaluates the case's employee again now (`case_rerun`). */
  rerunCase: (caseId: string) => call<RerunDone>("case_rerun", { caseId }),
  /** The outreach message a send would deliver with the picked template's key, or the
   * engine's default for the case when null (`preview_outreach`). */
  previewOutreach: (caseId: string, template: string | null = null) =>
    call<OutreachPreviewDto>("preview_outreach", { caseId, template }),
  /** Sends the outreach with the same template through the configured provider (`send_outreach`). */
  sendOutreach: (caseId: string, template: string | null = null) =>
    call<OutreachSent>("send_outreach", { caseId, template }),
  /** Writes a CASE or RUN packet to `path`, or the export folder when null (`export_packet`). */
  exportPacket: (packetType: "CASE" | "RUN", entityId: string, format: "json" | "html", path: string | null) =>
    call<PacketWritten>("export_packet", { packetType, entityId, format, path }),
  /** Re-hashes a packet file and finds its export record (`verify_packet_file`). */
  verifyPacket: (path: string) => call<PacketCheck>("verify_packet_file", { path }),
  /** Assigns or escalates the selected cases (`bulk_case_action`). */
  bulkCases: (request: BulkRequest) => call<BulkResult>("bulk_case_action", { request }),
  /** The worklist's matching cases as CSV (`export_cases_csv`). */
  exportCases: (query: CaseQuery, path: string | null) => call<ExportDone>("export_cases_csv", { query, path }),
  /** Run history with filters (`list_runs`). */
  runs: (limit: number, query: RunQuery) => call<RunHistoryDto>("list_runs", { limit, query }),
  /** One run's detail (`get_run`). */
  run: (runId: string) => call<RunDetailDto>("get_run", { runId }),
  /** A page of a run's outcomes (`list_run_outcomes`). */
  runOutcomes: (runId: string, status: string | null, offset: number, limit: number) =>
    call<RunOutcomePage>("list_run_outcomes", { runId, status, offset, limit }),
  /** The run's outcomes as CSV (`export_run_outcomes_csv`). */
  exportRunOutcomes: (runId: string, path: string | null) => call<ExportDone>("export_run_outcomes_csv", { runId, path }),
  /** Runs the run form's scope with progress (`start_run`). */
  startRun: (form: RunForm, onProgress: (event: RunProgressEvent) => void) =>
    call<RunReportDto>("start_run", { form, onProgress: makeChannel(onProgress) }),
  /** Runs a stored run's request again with progress (`rerun_run`). */
  rerunRun: (runId: string, onProgress: (event: RunProgressEvent) => void) =>
    call<RunReportDto>("rerun_run", { runId, onProgress: makeChannel(onProgress) }),
  /** Employees matching a search (`search_employees`). */
  searchEmployees: (text: string, limit: number) => call<EmployeeRow[]>("search_employees", { text, limit }),
  /** One employee's profile (`employee_profile`). */
  employeeProfile: (employeeId: string) => call<EmployeeProfile>("employee_profile", { employeeId }),
};
