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
  MEASURE: "One measure",
  SITE: "One site",
  EMPLOYEE: "One employee",
  CASE: "Case verification",
  RERUN: "Rerun",
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
