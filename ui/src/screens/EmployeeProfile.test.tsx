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
    { measureId: "m1", measureName: "Audiogram", measureVersion: "1.0", evaluationPeriod: "2026", status: "OVERDUE", evaluatedLocal: "2026-05-06 10:03 EDT", runId: "r1", facts: [{ name: "days_overdue", value: "55" }] },
  ],
  openCases: [],
  activity: [{ caseId: "c1", measureName: "Audiogram", actionType: "OUTREACH_SENT", actor: "local-user", atLocal: "2026-05-06 10:05 EDT" }],
};

describe("EmployeeProfile", () => {
  it("shows facts, latest outcomes with their reasons, and activity", async () => {
    restore = setBackend(async () => PROFILE);
    render(<EmployeeProfile employeeId="e1" />);
    expect(await screen.findByText("Ben Ortiz")).toBeTruthy();
    expect(screen.getByText("Overdue")).toBeTruthy();
    expect(screen.getByText("Days overdue: 55")).toBeTruthy();
    expect(screen.getByText("No open case.")).toBeTruthy();
    expect(screen.getByText("Outreach sent")).toBeTruthy();
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
