import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { AppStatus, ProgramsOverview } from "../bindings";
import { Overview } from "./Overview";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
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

const OVERVIEW: ProgramsOverview = {
  openCases: 37,
  lastRun: null,
  programs: [
    {
      measureId: "m-1",
      measureVersionId: "v-1",
      name: "Hearing conservation audiogram",
      version: "1.0",
      policyRef: "29 CFR 1910.95",
      counts: { compliant: 120, dueSoon: 8, overdue: 11, missingData: 3, excluded: 2 },
      openCases: 22,
    },
    {
      measureId: "m-2",
      measureVersionId: "v-2",
      name: "TB screening",
      version: "1.0",
      policyRef: null,
      counts: null,
      openCases: 0,
    },
  ],
};

function backend(answers: Record<string, unknown>): Backend {
  return async (command) => {
    if (command in answers) return answers[command];
    throw { code: "NOT_FOUND", message: `no fake for ${command}` };
  };
}

describe("Overview", () => {
  it("shows a card per program with its five counts", async () => {
    restore = setBackend(backend({ app_status: STATUS, programs_overview: OVERVIEW }));
    render(<Overview />);
    const cards = await screen.findAllByTestId("program-card");
    expect(cards).toHaveLength(2);
    const hearing = within(cards[0]);
    expect(hearing.getByText("Hearing conservation audiogram")).toBeTruthy();
    expect(hearing.getByText("120")).toBeTruthy();
    expect(hearing.getByText("Due soon")).toBeTruthy();
    expect(hearing.getByText(/22 open cases/)).toBeTruthy();
    // A measure never run says so instead of showing zeros.
    expect(within(cards[1]).getByText(/Not evaluated yet/)).toBeTruthy();
    expect(screen.getByText("37")).toBeTruthy();
    expect(screen.getByText("No run yet")).toBeTruthy();
  });

  it("shows the database's row counts", async () => {
    restore = setBackend(backend({ app_status: STATUS, programs_overview: OVERVIEW }));
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
    expect(alerts[0].textContent).toContain("DATABASE_UNUSABLE");
  });
});
