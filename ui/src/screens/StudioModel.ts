// The Studio's own UI state: which version and tab are shown, keyboard movement between tabs,
// and how an engine refusal reads. What a version allows comes from Rust (`actions`).

import { ApiError, toApiError } from "../api";
import type { StudioAction, StudioMeasure, StudioVersion } from "../bindings";

/** The Studio's tabs, in order. */
export const TABS = [
  { id: "spec", title: "Spec" },
  { id: "cql", title: "CQL" },
  { id: "valuesets", title: "Value sets" },
  { id: "fixtures", title: "Fixtures" },
  { id: "release", title: "Release" },
] as const;

/** A tab id. */
export type TabId = (typeof TABS)[number]["id"];

/**
 * The version to show: `wanted` when the measure still has it, else the newest DRAFT (the one
 * being worked on), else the ACTIVE one, else the newest. Versions arrive newest first.
 */
export function pickVersion(m: StudioMeasure, wanted: string | null): StudioVersion | null {
  if (wanted) {
    const found = m.versions.find((v) => v.id === wanted);
    if (found) return found;
  }
  return (
    m.versions.find((v) => v.status === "DRAFT") ??
    m.versions.find((v) => v.status === "ACTIVE") ??
    m.versions[0] ??
    null
  );
}

/** The tab a key press moves to (arrows wrap, Home and End jump), or null for other keys. */
export function tabAfterKey(current: TabId, key: string): TabId | null {
  const i = TABS.findIndex((t) => t.id === current);
  switch (key) {
    case "ArrowRight":
      return TABS[(i + 1) % TABS.length].id;
    case "ArrowLeft":
      return TABS[(i - 1 + TABS.length) % TABS.length].id;
    case "Home":
      return TABS[0].id;
    case "End":
      return TABS[TABS.length - 1].id;
    default:
      return null;
  }
}

/** Whether Rust allows `action` on the version. */
export function allows(v: StudioVersion | null, action: StudioAction): boolean {
  return v !== null && v.actions.includes(action);
}

/** A message above the Studio: an action's result or the engine's refusal. */
export interface Notice {
  tone: "good" | "refused" | "error";
  title: string;
  text: string;
}

/**
 * How a failed action reads. Refusals by the lifecycle gates (INVALID_TRANSITION) and rejected
 * input (INVALID_INPUT) are the engine's sentences about what is missing; anything else is an
 * error of the application.
 */
export function noticeFor(action: string, e: unknown): Notice {
  const err: ApiError = toApiError(e);
  switch (err.code) {
    case "INVALID_TRANSITION":
      return { tone: "refused", title: `${action} refused`, text: err.message };
    case "INVALID_INPUT":
      return { tone: "refused", title: `${action}: check the input`, text: err.message };
    case "NOT_FOUND":
      return { tone: "error", title: `${action}: not found`, text: err.message };
    default:
      return { tone: "error", title: `${action} failed`, text: `${err.message} (${err.code})` };
  }
}

/** Splits a one-per-line (or comma-separated) list as typed in the spec form. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A number field's value: an empty field is "not set" (null). */
export function numberField(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}
