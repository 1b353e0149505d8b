// Readable labels for the UPPERCASE enums the engine sends. Presentation only: the values
// themselves, and every decision about them, come from Rust.

const LABELS: Record<string, string> = {
  // Outcome statuses (DOMAIN.md section 1)
  COMPLIANT: "Compliant",
  DUE_SOON: "Due soon",
  OVERDUE: "Overdue",
  MISSING_DATA: "Missing data",
  EXCLUDED: "Excluded",
  // Case statuses and priorities
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  RESOLVED: "Resolved",
  CLOSED: "Closed",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
  // Measure version lifecycle and compile results
  DRAFT: "Draft",
  APPROVED: "Approved",
  ACTIVE: "Active",
  DEPRECATED: "Deprecated",
  // Employee roster status (QA3 H16)
  INACTIVE: "Inactive",
  AWAITING_ROSTER: "Awaiting roster",
  COMPILED: "Compiled",
  WARNINGS: "Compiled with warnings",
  ERROR: "Error",
  // Run statuses, scopes and triggers
  REQUESTED: "Requested",
  QUEUED: "Queued",
  RUNNING: "Running",
  PARTIAL_FAILURE: "Partial failure",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
  ALL_PROGRAMS: "All programs",
  MANUAL: "Manual",
  SCHEDULED: "Scheduled",
  // Value sets and terminology mappings
  UNRESOLVED: "Unresolved",
  EMPTY: "Empty",
  UNKNOWN: "Unknown",
  PROPOSED: "Proposed",
  REVIEWED: "Reviewed",
  REJECTED: "Rejected",
  // Integrations and waivers (APP-D)
  HEALTHY: "Healthy",
  DEGRADED: "Degraded",
  NOT_CONFIGURED: "Not configured",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
  FUTURE: "Future",
  // Case work, runs and employees (APP-A)
  CRITICAL: "Critical",
  // Entity types (audit log); the run-scope wording of the same names is `scopeLabel`'s.
  MEASURE: "Measure",
  MEASURE_VERSION: "Measure version",
  SITE: "Site",
  EMPLOYEE: "Employee",
  CASE: "Case",
  RUN: "Run",
  RERUN: "Rerun",
  ACTIVE_WAIVER: "Active waiver",
  NONE: "None",
  INFO: "Info",
  WARN: "Warning",
  RERUN_TO_VERIFY: "Rerun to verify",
  SYSTEM_RESOLVED: "Resolved by a run",
  SYSTEM_EXCLUDED: "Excluded by a run",
  asOf: "As of",
  dryRun: "Dry run",
  // Outreach delivery
  SIMULATED: "Simulated",
  SENT: "Sent",
};

/** `DUE_SOON` -> "Due soon"; unknown values are humanised the same way. */
export function label(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const known = LABELS[value];
  if (known) return known;
  // camelCase payload keys (previousAssignee) read as words too.
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[_\s]+/)
    .filter(Boolean);
  if (words.length === 0) return value;
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Run scopes read as what a run covered (QA H9: the audit log's entity `CASE` is "Case",
 * a run of scope `CASE` is a "Case verification"). */
const SCOPE_LABELS: Record<string, string> = {
  ALL_PROGRAMS: "All programs",
  MEASURE: "One measure",
  SITE: "One site",
  EMPLOYEE: "One employee",
  CASE: "Case verification",
};

/** The label of a run scope type, e.g. `EMPLOYEE` -> "One employee". */
export function scopeLabel(scope: string | null | undefined): string {
  return (scope && SCOPE_LABELS[scope]) || label(scope);
}

/** An UPPERCASE enum name such as `OVERDUE` or `ACTIVE_WAIVER` (not a sentence, id or date). */
const ENUM = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** A fact or event value as a person reads it (QA H7, H9): an enum name becomes its label
 * (`OVERDUE` -> "Overdue"), an interval `{"low":..,"high":..}` becomes "2026-08-01 to
 * 2027-03-31", references `[{"reference":"Procedure/x"}]` become "Procedure/x", a list of
 * values is joined with commas; any other text is shown as it is. */
export function valueText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = value.trim();
  if (ENUM.test(text) && text.length > 1) return label(text);
  if (text.startsWith("{") || text.startsWith("[")) {
    try {
      return readable(JSON.parse(text) as unknown) ?? value;
    } catch {
      return value;
    }
  }
  return value;
}

/** `readable` of a parsed JSON value, or undefined when it has no plain reading. */
function readable(v: unknown): string | undefined {
  if (v === null) return "none";
  if (typeof v === "string") return ENUM.test(v) && v.length > 1 ? label(v) : v;
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) {
    const parts = v.map(readable);
    return parts.every((p) => p !== undefined) ? parts.join(", ") || "none" : undefined;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("low" in o || "high" in o) {
      const low = o.low === null || o.low === undefined ? "…" : readable(o.low);
      const high = o.high === null || o.high === undefined ? "…" : readable(o.high);
      return low !== undefined && high !== undefined ? `${low} to ${high}` : undefined;
    }
    if (typeof o.reference === "string") return o.reference;
    if (typeof o.display === "string") return o.display;
    if (typeof o.code === "string") return typeof o.system === "string" ? `${o.code} (${o.system})` : o.code;
  }
  return undefined;
}

/** The CSS tone of a status chip: presentation of a value Rust already decided. */
export function tone(value: string): "good" | "warn" | "bad" | "muted" | "info" {
  switch (value) {
    case "COMPLIANT":
    case "COMPLETED":
    case "RESOLVED":
    case "ACTIVE":
    case "APPROVED":
    case "COMPILED":
    case "SENT":
    case "HEALTHY":
      return "good";
    case "DUE_SOON":
    case "WARNINGS":
    case "WARN":
    case "PARTIAL_FAILURE":
    case "IN_PROGRESS":
    case "REVIEWED":
    case "PROPOSED":
    case "DEGRADED":
      return "warn";
    case "OVERDUE":
    case "FAILED":
    case "ERROR":
    case "HIGH":
    case "CRITICAL":
    case "REJECTED":
      return "bad";
    case "MISSING_DATA":
    case "EXCLUDED":
    case "DEPRECATED":
    case "CANCELLED":
    case "CLOSED":
    case "NOT_CONFIGURED":
    case "EXPIRED":
    case "REVOKED":
      return "muted";
    default:
      return "info";
  }
}

/** Whole numbers with thousands separators, e.g. 12,345. */
export function count(n: number | bigint): string {
  return Number(n).toLocaleString("en-US");
}
