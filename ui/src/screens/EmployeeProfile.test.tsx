import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { EmployeeProfile as Profile } from "../bindings";
import { EmployeeProfile } from "./EmployeeProfile";
import { EmployeesSearch } from "./EmployeesSearch";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
  window.location.hash = "";
});

const PROFILE: Profile = {
  employee: { id: "e1", externalId: "emp-007", name: "Ada Byrne", role: "Machinist", site: "North Plant", startDate: "2020-01-06", active: true, status: "ACTIVE", fhirPatientId: "p-7" },
  supervisor: "Ben Ortiz",
  outcomes: [
    { measureId: "m1", measureName: "Audiogram", measureVersion: "1.0", evaluationPeriod: "2026", status: "OVERDUE", evaluatedLocal: "2026-05-06 10:03 EDT", asOf: "2026-05-06", runId: "r1", facts: [{ name: "days_overdue", value: "55" }] },
    {
      measureId: "m2",
      measureName: "Seasonal Influenza",
      measureVersion: "1.0",
      evaluationPeriod: "2026-2027",
      status: "OVERDUE",
      evaluatedLocal: "2026-11-30 06:03 UTC",
      asOf: "2026-11-30",
      runId: "r2",
      facts: [
        { name: "season", value: '{"low":"2026-08-01","high":"2027-03-31","lowClosed":true,"highClosed":true}' },
        { name: "due_date", value: "2026-11-15" },
        { name: "waiver_status", value: "NONE" },
      ],
    },
  ],
  openCases: [],
  activity: [{ caseId: "c1", measureName: "Audiogram", actionType: "OUTREACH_SENT", actor: "local-user", atLocal: "2026-05-06 10:05 EDT" }],
};

describe("EmployeeProfile", () => {
  it("shows facts, latest outcomes with their reasons, and activity", async () => {
    restore = setBackend(async () => PROFILE);
    render(<EmployeeProfile employeeId="e1" />);
    expect(await screen.findByText("Ben Ortiz")).toBeTruthy();
    expect(screen.getAllByText("Overdue")).toHaveLength(2);
    expect(screen.getByText("Days overdue: 55")).toBeTruthy();
    expect(screen.getByText("No open case.")).toBeTruthy();
    expect(screen.getByText("Outreach sent")).toBeTruthy();
  });

  it("shows each outcome's as-of date and the flu season and due date readably (QA H5, H7, H9)", async () => {
    restore = setBackend(async () => PROFILE);
    render(<EmployeeProfile employeeId="e1" />);
    expect(await screen.findByText("2026-11-30")).toBeTruthy();
    expect(screen.getByText("As of")).toBeTruthy();
    expect(screen.getByText("Season: 2026-08-01 to 2027-03-31 · Due date: 2026-11-15 · Waiver status: None")).toBeTruthy();
  });

  it("says when the employee is unknown", async () => {
    restore = setBackend(async () => Promise.reject({ code: "NOT_FOUND", message: "employee not found: e9" }));
    render(<EmployeeProfile employeeId="e9" />);
    expect(await screen.findByText(/employee not found: e9/)).toBeTruthy();
  });
});

describe("EmployeesSearch", () => {
  it("asks Rust for matches and opens the one picked with the keyboard", async () => {
    const asked: unknown[] = [];
    restore = setBackend(async (command, args) => {
      asked.push([command, args]);
      return [PROFILE.employee, { ...PROFILE.employee, id: "e2", externalId: "emp-070", name: "Ada Lane" }];
    });
    render(<EmployeesSearch />);
    const box = screen.getByLabelText("Find an employee");
    fireEvent.change(box, { target: { value: "ada" } });
    expect(await screen.findByText("Ada Lane")).toBeTruthy();
    expect(asked).toEqual([["search_employees", { text: "ada", limit: 8 }]]);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(window.location.hash).toBe("#/employees/e2");
  });
});
