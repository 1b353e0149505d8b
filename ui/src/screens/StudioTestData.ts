// Test data for the Studio's component tests (shapes of the Rust DTOs).

import type { StudioVersion } from "../bindings";

/** A version in `status` with the actions Rust would send for it. */
export function version(id: string, status: string, extra: Partial<StudioVersion> = {}): StudioVersion {
  return {
    id,
    version: id,
    status,
    actions: status === "DRAFT" ? ["EDIT", "APPROVE"] : status === "APPROVED" ? ["ACTIVATE", "DEPRECATE"] : status === "ACTIVE" ? ["DEPRECATE"] : [],
    compileStatus: null,
    diagnostics: [],
    cql: "library X\n",
    spec: {
      description: "",
      programArea: "",
      examName: "",
      eligibleRoles: [],
      eligibleSites: [],
      windowDays: 365,
      dueSoonDays: 30,
      baselineDays: null,
      cycleRule: "CALENDAR_YEAR",
      seasonDeadline: "",
      exemptionRules: [],
    },
    specJson: "{}",
    oshaReference: null,
    valueSetIds: [],
    changeSummary: null,
    createdAt: "2026-11-30T01:00:00.000Z",
    approvedBy: null,
    approvedAt: null,
    activatedAt: null,
    deprecatedAt: null,
    deprecatedReason: null,
    ...extra,
  };
}

