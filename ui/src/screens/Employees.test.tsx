import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { EmployeeRow } from "../bindings";
import { Employees, matches } from "./Employees";

const ROWS: EmployeeRow[] = [
  { id: "e1", externalId: "E0001", name: "Ada Byrne", role: "Machinist", site: "North Plant", startDate: "2020-01-06", active: true, status: "ACTIVE", fhirPatientId: null },
  { id: "e2", externalId: "E0002", name: "Ben Ortiz", role: "Nurse", site: "Clinic", startDate: null, active: false, status: "INACTIVE", fhirPatientId: "p-2" },
];

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

describe("employee search", () => {
  it("matches name, id, role and site, ignoring case", () => {
    expect(matches(ROWS[0], "ada")).toBe(true);
    expect(matches(ROWS[0], "e0001")).toBe(true);
    expect(matches(ROWS[0], "north")).toBe(true);
    expect(matches(ROWS[1], "machinist")).toBe(false);
    expect(matches(ROWS[1], "  ")).toBe(true);
  });

  it("filters the table as you type", async () => {
    restore = setBackend(async () => ROWS);
    render(<Employees />);
    expect(await screen.findByText("Ada Byrne")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Search employees"), { target: { value: "clinic" } });
    expect(screen.queryByText("Ada Byrne")).toBeNull();
    expect(screen.getByText("Ben Ortiz")).toBeTruthy();
    expect(screen.getByText("1 of 2")).toBeTruthy();
  });

  // QA3 H16: the status Rust decides, not the active flag alone.
  it("shows people awaiting roster data as such, not as inactive", async () => {
    const awaiting: EmployeeRow = {
      id: "e3",
      externalId: "01332066",
      name: "Donya787 Yundt842",
      role: null,
      site: null,
      startDate: null,
      active: false,
      status: "AWAITING_ROSTER",
      fhirPatientId: "01332066",
    };
    restore = setBackend(async () => [...ROWS, awaiting]);
    render(<Employees />);
    const row = (await screen.findByText("Donya787 Yundt842")).closest("tr")!;
    expect(row.textContent).toContain("Awaiting roster");
    expect(row.textContent).not.toContain("Inactive");
    expect(screen.getByText("Ben Ortiz").closest("tr")!.textContent).toContain("Inactive");
  });

  it("says so when there are no employees", async () => {
    restore = setBackend(async () => []);
    render(<Employees />);
    expect(await screen.findByText(/No employees yet/)).toBeTruthy();
  });
});
