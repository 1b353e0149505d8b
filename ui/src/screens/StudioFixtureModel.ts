// The fixture editor's own state: the form's fields as typed, filled from a stored fixture or
// a starting template, and the request sent to Rust. Every rule (dates, statuses, the bundle's
// shape and patient) is checked by the engine, which names the field it refuses.

import type { FixtureDraftDto, FixtureRow } from "../bindings";

/** The outcome statuses a fixture can expect, in the order the form lists them. */
export const EXPECTED_STATUSES = ["COMPLIANT", "DUE_SOON", "OVERDUE", "MISSING_DATA", "EXCLUDED"] as const;

/** The Patient id a new fixture's bundle uses (the engine's default). */
export const DEFAULT_PATIENT = "fixture-patient";

/** The editor's fields, as typed. */
export interface FixtureForm {
  name: string;
  description: string;
  asOf: string;
  expectedStatus: string;
  role: string;
  site: string;
  startDate: string;
  active: boolean;
  hasActiveWaiver: boolean;
  patientId: string;
  bundleJson: string;
}

/** A bundle holding only the fixture's patient: the starting point of a new fixture. */
export function bundleTemplate(patientId: string = DEFAULT_PATIENT): string {
  return JSON.stringify(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resource: { resourceType: "Patient", id: patientId } }],
    },
    null,
    2,
  );
}

/** The form of a new fixture as of `today` (YYYY-MM-DD), copying the employee of `like` if given. */
export function newFixtureForm(today: string, like?: FixtureRow): FixtureForm {
  return {
    name: "",
    description: "",
    asOf: today,
    expectedStatus: "COMPLIANT",
    role: like?.role ?? "",
    site: like?.site ?? "",
    startDate: like?.startDate ?? "",
    active: true,
    hasActiveWaiver: false,
    patientId: DEFAULT_PATIENT,
    bundleJson: bundleTemplate(DEFAULT_PATIENT),
  };
}

/** The form of a stored fixture, for editing. */
export function formFromRow(row: FixtureRow): FixtureForm {
  return {
    name: row.name,
    description: row.description ?? "",
    asOf: row.asOf,
    expectedStatus: row.expectedStatus,
    role: row.role ?? "",
    site: row.site ?? "",
    startDate: row.startDate ?? "",
    active: row.active,
    hasActiveWaiver: row.hasActiveWaiver,
    patientId: row.patientId,
    bundleJson: row.bundleJson,
  };
}

/** The request for Rust: blank optional fields become null (Rust trims and checks the rest). */
export function draftFromForm(f: FixtureForm): FixtureDraftDto {
  const opt = (s: string) => (s.trim() === "" ? null : s);
  return {
    name: f.name,
    description: opt(f.description),
    asOf: f.asOf,
    expectedStatus: f.expectedStatus,
    role: opt(f.role),
    site: opt(f.site),
    startDate: opt(f.startDate),
    active: f.active,
    hasActiveWaiver: f.hasActiveWaiver,
    patientId: opt(f.patientId),
    bundleJson: f.bundleJson,
  };
}

/** Today's date (YYYY-MM-DD) in the given IANA zone, for a new fixture's as-of date. */
export function todayIn(zone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
