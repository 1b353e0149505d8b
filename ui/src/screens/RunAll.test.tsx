import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setBackend, setChannelFactory, type Backend, type ChannelFactory } from "../api";
import type { RunProgressEvent, RunReportDto } from "../bindings";
import { advance, RunAll } from "./RunAll";

let restore: Backend | undefined;
let restoreChannel: ChannelFactory | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  if (restoreChannel) setChannelFactory(restoreChannel);
  restore = undefined;
  restoreChannel = undefined;
});

const REPORT: RunReportDto = {
  runId: "r1",
  status: "COMPLETED",
  asOf: "2026-11-29",
  employees: 200,
  employeesAwaitingRoster: 0,
  totalEvaluated: 760,
  durationMs: 2400,
  failureSummary: null,
  measures: [],
};

describe("RunAll", () => {
  it("folds progress events", () => {
    let s = { done: 0, total: null as number | null };
    s = advance(s, { kind: "started", total: 200 });
    expect(s).toEqual({ done: 0, total: 200 });
    s = advance(s, { kind: "advanced", done: 64, total: 200 });
    expect(s).toEqual({ done: 64, total: 200 });
    expect(advance(s, { kind: "finished" })).toBe(s);
  });

  it("shows live progress, then the report, then reloads the overview", async () => {
    // The fake channel is the callback itself; the fake backend drives it.
    restoreChannel = setChannelFactory((onMessage) => onMessage);
    let finish: (r: RunReportDto) => void = () => undefined;
    restore = setBackend(async (command, args) => {
      expect(command).toBe("run_all_programs");
      const send = (args as { onProgress: (e: RunProgressEvent) => void }).onProgress;
      send({ kind: "started", total: 200 });
      send({ kind: "advanced", done: 128, total: 200 });
      return new Promise((resolve) => {
        finish = resolve;
      });
    });
    const onFinished = vi.fn();
    render(<RunAll onFinished={onFinished} />);
    fireEvent.click(screen.getByText("Run all programs"));
    expect(await screen.findByText("128 of 200 employees")).toBeTruthy();
    expect((screen.getByText("Run all programs") as HTMLButtonElement).disabled).toBe(true);
    finish(REPORT);
    const done = await screen.findByTestId("run-finished");
    expect(done.textContent).toContain("Completed");
    expect(done.textContent).toContain("760 outcomes for 200 employees in 2.4 s");
    expect(onFinished).toHaveBeenCalledOnce();
  });

  it("cancel asks the backend to stop", async () => {
    restoreChannel = setChannelFactory((onMessage) => onMessage);
    const calls: string[] = [];
    restore = setBackend(async (command) => {
      calls.push(command);
      if (command === "cancel_run") return null;
      return new Promise(() => undefined);
    });
    render(<RunAll onFinished={() => undefined} />);
    fireEvent.click(screen.getByText("Run all programs"));
    fireEvent.click(await screen.findByText("Cancel"));
    expect(await screen.findByText("Cancelling…")).toBeTruthy();
    expect(calls).toEqual(["run_all_programs", "cancel_run"]);
  });
});
