import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, setChannelFactory, type Backend, type ChannelFactory } from "../api";
import type { RunProgressEvent, RunSummary } from "../bindings";
import { duration, nextProgress, Runs } from "./Runs";

let restoreChannel: ChannelFactory | undefined;
afterEach(() => {
  if (restoreChannel) setChannelFactory(restoreChannel);
  restoreChannel = undefined;
});

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

describe("run formatting", () => {
  it("shortens timestamps and durations", () => {
    expect(duration(850)).toBe("850 ms");
    expect(duration(12_400)).toBe("12.4 s");
    expect(duration(185_000)).toBe("3 min 05 s");
    expect(duration(null)).toBe("—");
  });
});

describe("Runs", () => {
  afterEach(() => {
    window.location.hash = "";
  });

  it("opens filtered to the program detail's measure and shows as-of, target and zone (QA H4, H6)", async () => {
    const M = "b0000001-0000-0000-0000-000000000001";
    window.location.hash = `#/runs?measure=${M}`;
    const run: RunSummary = {
      id: "r2",
      scopeType: "EMPLOYEE",
      triggerType: "MANUAL",
      status: "COMPLETED",
      startedAt: "2026-11-30T06:03:00.000Z",
      completedAt: "2026-11-30T06:03:01.000Z",
      totalEvaluated: 2,
      durationMs: 300,
      dryRun: false,
    };
    const asked: unknown[] = [];
    restore = setBackend(async (command, args) => {
      if (command === "list_measures") return [{ id: M, name: "Annual Audiogram", policyRef: null, owner: null, tags: [], versions: [] }];
      asked.push(args);
      return {
        items: [{ run, asOf: "2025-06-01", startedLocal: "2026-11-29 22:03", target: "Annual Audiogram 1.0 · Diego Chowdhury (emp-007)" }],
        zone: "America/Los_Angeles",
      };
    });
    render(<Runs />);
    expect(await screen.findByText("2025-06-01")).toBeTruthy();
    expect(asked[0]).toEqual({ limit: 100, query: { measureId: M } });
    expect(screen.queryByText(/Try again/)).toBeNull();
    expect(screen.getByText("Started (America/Los_Angeles)")).toBeTruthy();
    expect(screen.getByText("2026-11-29 22:03")).toBeTruthy();
    expect(screen.getByText("One employee", { selector: "td", exact: false })).toBeTruthy();
    expect(screen.getByText(/Diego Chowdhury \(emp-007\)/)).toBeTruthy();
    await waitFor(() => expect((screen.getByLabelText("Run measure filter") as HTMLSelectElement).value).toBe(M));
    window.location.hash = "";
  });

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
    const asked: unknown[] = [];
    restore = setBackend(async (command, args) => {
      if (command === "list_measures") return [];
      asked.push(args);
      return { items: [{ run, asOf: "2026-05-06", startedLocal: "2026-05-06 14:03", target: null }], zone: "UTC" };
    });
    render(<Runs />);
    expect(await screen.findByText("Partial failure", { selector: "span" })).toBeTruthy();
    expect(screen.getByText("All programs", { selector: "td" })).toBeTruthy();
    expect(screen.getByText("800")).toBeTruthy();
    expect(screen.getByText(/· dry run/)).toBeTruthy();
    expect(asked[0]).toEqual({ limit: 100, query: {} });

    fireEvent.change(screen.getByLabelText("Run status"), { target: { value: "COMPLETED" } });
    fireEvent.change(screen.getByLabelText("Dry runs"), { target: { value: "false" } });
    await waitFor(() => expect(asked.at(-1)).toEqual({ limit: 100, query: { status: "COMPLETED", dryRun: false } }));

    fireEvent.click(screen.getByText("800").closest("tr")!);
    expect(window.location.hash).toBe("#/runs/r1");
    window.location.hash = "";
  });

  it("starts a dry run of one site from the form and shows its progress and report", async () => {
    restoreChannel = setChannelFactory((onMessage) => onMessage);
    let form: unknown;
    restore = setBackend(async (command, args) => {
      if (command === "list_measures") return [];
      if (command === "list_runs") return { items: [], zone: "UTC" };
      if (command === "start_run") {
        form = (args as { form: unknown }).form;
        const progress = (args as { onProgress: (e: RunProgressEvent) => void }).onProgress;
        progress({ kind: "started", total: 40 });
        progress({ kind: "advanced", done: 40, total: 40 });
        return { runId: "r9", status: "COMPLETED", asOf: "2026-01-15", employees: 40, employeesAwaitingRoster: 0, totalEvaluated: 152, durationMs: 900, failureSummary: null, measures: [] };
      }
      throw { code: "NOT_FOUND", message: command };
    });
    render(<Runs />);
    expect(await screen.findByText("No run matches these filters.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Run site"), { target: { value: "North Plant" } });
    fireEvent.change(screen.getByLabelText("As of"), { target: { value: "2026-01-15" } });
    fireEvent.click(screen.getByLabelText("Dry run (touches no case)"));
    fireEvent.click(screen.getByText("Run"));
    expect((await screen.findByTestId("run-form-finished")).textContent).toContain("152 outcomes for 40 employees");
    expect(form).toEqual({ dryRun: true, site: "North Plant", asOf: "2026-01-15" });
    expect(nextProgress({ done: 3, total: 9 }, { kind: "finished" })).toEqual({ done: 3, total: 9 });
  });
});
