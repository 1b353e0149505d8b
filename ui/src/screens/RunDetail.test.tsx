import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { RunDetailDto } from "../bindings";
import { RunDetail } from "./RunDetail";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const DETAIL: RunDetailDto = {
  run: {
    id: "r1",
    scopeType: "CASE",
    triggerType: "RERUN",
    status: "COMPLETED",
    startedAt: "2026-11-30T06:03:00.000Z",
    completedAt: "2026-11-30T06:03:01.000Z",
    totalEvaluated: 1,
    durationMs: 300,
    dryRun: false,
  },
  measure: "Annual Audiogram 1.0",
  site: null,
  triggeredBy: "QA Tester",
  request: [
    { name: "asOf", value: "2026-11-29" },
    { name: "trigger", value: "MANUAL" },
  ],
  startedLocal: "2026-11-29 22:03 PST",
  completedLocal: "2026-11-29 22:03 PST",
  measurementPeriod: "2025-11-29 to 2026-11-29",
  counts: { compliant: 0, dueSoon: 0, overdue: 1, missingData: 0, excluded: 0 },
  partialFailureCount: 0,
  failureSummary: null,
  logs: [],
  inFlight: false,
};

describe("RunDetail (QA H9)", () => {
  it("reads the scope and the request's enum values as words", async () => {
    restore = setBackend(async (command) => {
      if (command === "get_run") return DETAIL;
      if (command === "list_run_outcomes") return { total: 0, items: [] };
      return [];
    });
    render(<RunDetail runId="r1" />);
    expect(await screen.findByText(/Case verification run/)).toBeTruthy();
    expect(screen.getByText("Request: As of: 2026-11-29 · Trigger: Manual")).toBeTruthy();
    expect(screen.queryByText(/MANUAL/)).toBeNull();
  });
});
