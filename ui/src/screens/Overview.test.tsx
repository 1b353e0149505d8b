import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

// uPlot (the trend chart) reads the device pixel ratio through matchMedia when it loads;
// jsdom has none.
vi.hoisted(() => {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
});
import { setBackend, type Backend } from "../api";
import type { AppStatus, ProgramCard, ProgramsOverview, ScheduleDto } from "../bindings";
import { Overview } from "./Overview";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
  window.location.hash = "";
});

const STATUS: AppStatus = {
  dbPath: "/data/workwell.db",
  createdThisLaunch: true,
  schemaVersion: 4,
  tables: [
    { table: "employees", rows: 200 },
    { table: "measures", rows: 4 },
  ],
};

const SCHEDULE: ScheduleDto = {
  time: "06:30",
  timeZone: "Europe/Berlin",
  nextRunAt: "2026-12-01T05:30:00.000Z",
  dueNow: false,
  lastScheduledStart: null,
};

const HEARING: ProgramCard = {
  measureId: "m-1",
  measureVersionId: "v-1",
  name: "Hearing conservation audiogram",
  version: "1.0",
  policyRef: "29 CFR 1910.95",
  counts: { compliant: 120, dueSoon: 8, overdue: 11, missingData: 3, excluded: 2 },
  countedRunId: "r-2",
  compliancePct: 84.5,
  openCases: 22,
  trend: [
    {
      runId: "r-1",
      startedAt: "2026-11-29T08:00:00.000Z",
      asOf: "2026-11-29",
      counts: { compliant: 100, dueSoon: 8, overdue: 31, missingData: 3, excluded: 2 },
      compliancePct: 70.4,
    },
    {
      runId: "r-2",
      startedAt: "2026-11-30T08:00:00.000Z",
      asOf: "2026-11-30",
      counts: { compliant: 120, dueSoon: 8, overdue: 11, missingData: 3, excluded: 2 },
      compliancePct: 84.5,
    },
  ],
  topSites: [
    { name: "Plant North", overdue: 7 },
    { name: null, overdue: 4 },
  ],
  topRoles: [{ name: "Welder", overdue: 11 }],
};

const OVERVIEW: ProgramsOverview = {
  openCases: 37,
  compliancePct: 84.5,
  lastRun: null,
  lastScheduledRun: null,
  programs: [
    HEARING,
    {
      measureId: "m-2",
      measureVersionId: "v-2",
      name: "TB screening",
      version: "1.0",
      policyRef: null,
      counts: null,
      countedRunId: null,
      compliancePct: null,
      openCases: 0,
      trend: [],
      topSites: [],
      topRoles: [],
    },
  ],
};

function backend(answers: Record<string, unknown>): Backend {
  return async (command, args) => {
    if (command === "program_detail") {
      const id = (args as { measureId: string }).measureId;
      if (id === HEARING.measureId) return HEARING;
      throw { code: "NOT_FOUND", message: `active version of measure not found: ${id}` };
    }
    if (command in answers) return answers[command];
    throw { code: "NOT_FOUND", message: `no fake for ${command}` };
  };
}

const ALL = { app_status: STATUS, programs_overview: OVERVIEW, get_schedule: SCHEDULE };

describe("Overview", () => {
  it("shows a card per program with compliance, five counts, trend and top lists", async () => {
    restore = setBackend(backend(ALL));
    render(<Overview />);
    const cards = await screen.findAllByTestId("program-card");
    expect(cards).toHaveLength(2);
    const hearing = within(cards[0]);
    expect(hearing.getByText("Hearing conservation audiogram")).toBeTruthy();
    expect(hearing.getByText("84.5%")).toBeTruthy();
    // Every status label is whole, beside its count.
    for (const [labelText, n] of [
      ["Compliant", "120"],
      ["Due soon", "8"],
      ["Overdue", "11"],
      ["Missing data", "3"],
      ["Excluded", "2"],
    ]) {
      const row = hearing.getByText(labelText).closest("li")!;
      expect(row.textContent).toBe(`${labelText}${n}`);
    }
    expect(hearing.getByText(/22 open cases/)).toBeTruthy();
    expect(hearing.getByText(/70.4% on 2026-11-29 to 84.5% on 2026-11-30 over 2 runs/)).toBeTruthy();
    expect(hearing.getByText("Plant North")).toBeTruthy();
    expect(hearing.getByText("(none)")).toBeTruthy();
    expect(hearing.getByText("Welder")).toBeTruthy();
    // A measure never run says so instead of showing zeros.
    expect(within(cards[1]).getByText(/Not evaluated yet/)).toBeTruthy();
    expect(screen.getByText("37")).toBeTruthy();
    expect(screen.getByText("No run yet")).toBeTruthy();
    expect(screen.getByTestId("overall-compliance").textContent).toBe("84.5%");
  });

  it("states the daily schedule in the organisation's zone", async () => {
    restore = setBackend(backend(ALL));
    render(<Overview />);
    const line = await screen.findByTestId("schedule-line");
    expect(line.textContent).toBe("Daily run at 06:30 (Europe/Berlin) · next 2026-12-01 06:30");
  });

  it("opens a program's detail from its card link", async () => {
    restore = setBackend(backend(ALL));
    render(<Overview />);
    const link = await screen.findByRole("link", { name: "Hearing conservation audiogram" });
    expect(link.getAttribute("href")).toBe("#/overview/m-1");
    window.location.hash = "#/overview/m-1";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    const detail = await screen.findByTestId("program-detail");
    const runs = within(detail).getAllByTestId("program-run");
    // Newest run first, each linking to its run.
    expect(runs.map((r) => r.querySelector("a")!.getAttribute("href"))).toEqual(["#/runs/r-2", "#/runs/r-1"]);
    // QA H4: the worklist and run history filtered to the measure, not a detail route.
    expect(within(detail).getByText("Open its cases").getAttribute("href")).toBe("#/cases?measure=m-1");
    expect(within(detail).getByText("Its runs").getAttribute("href")).toBe("#/runs?measure=m-1");
  });

  it("shows the backend's refusal of an unknown program", async () => {
    window.location.hash = "#/overview/m-404";
    restore = setBackend(backend(ALL));
    render(<Overview />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).not.toContain("NOT_FOUND"); // QA3 H8: the message only, no code
    expect(alert.textContent).toContain("active version of measure not found: m-404");
  });

  it("shows the database's row counts", async () => {
    restore = setBackend(backend(ALL));
    render(<Overview />);
    expect(await screen.findByText("employees")).toBeTruthy();
    expect(screen.getByText("200")).toBeTruthy();
    expect(screen.getByText(/created on this launch/)).toBeTruthy();
  });

  it("shows the backend's error and its code", async () => {
    restore = setBackend(async () => {
      throw { code: "DATABASE_UNUSABLE", message: "x.db is not a WorkWell database" };
    });
    render(<Overview />);
    const alerts = await screen.findAllByRole("alert");
    expect(alerts[0].textContent).toContain("not a WorkWell database");
    expect(alerts[0].textContent).not.toContain("DATABASE_UNUSABLE"); // QA3 H8: the message only, no code
  });
});
