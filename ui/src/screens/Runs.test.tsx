import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { RunSummary } from "../bindings";
import { duration, Runs, shortTime } from "./Runs";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

describe("run formatting", () => {
  it("shortens timestamps and durations", () => {
    expect(shortTime("2026-05-06T14:03:00.123Z")).toBe("2026-05-06 14:03 UTC");
    expect(shortTime(null)).toBe("—");
    expect(duration(850)).toBe("850 ms");
    expect(duration(12_400)).toBe("12.4 s");
    expect(duration(185_000)).toBe("3 min 05 s");
    expect(duration(null)).toBe("—");
  });
});

describe("Runs", () => {
  it("lists runs with readable labels and asks for one page", async () => {
    const run: RunSummary = {
      id: "r1",
      scopeType: "ALL_PROGRAMS",
      triggerType: "MANUAL",
      status: "PARTIAL_FAILURE",
      startedAt: "2026-05-06T14:03:00.123Z",
      completedAt: "2026-05-06T14:03:02.000Z",
      totalEvaluated: 800,
      durationMs: 1877,
      dryRun: true,
    };
    let asked: unknown;
    restore = setBackend(async (command, args) => {
      asked = [command, args];
      return [run];
    });
    render(<Runs />);
    expect(await screen.findByText("Partial failure")).toBeTruthy();
    expect(screen.getByText("All programs")).toBeTruthy();
    expect(screen.getByText("800")).toBeTruthy();
    expect(screen.getByText(/dry run/)).toBeTruthy();
    expect(asked).toEqual(["list_runs", { limit: 100 }]);
  });
});
