import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { EmployeeRow } from "../bindings";
import { Employees, matches } from "./Employees";

const ROWS: EmployeeRow[] = [
  { id: "e1", externalId: "E0001", name: "Ada Byrne", role: "Machinist", site: "North Plant", startDate: "2020-01-06", active: true, fhirPatientId: null },
  { id: "e2", externalId: "E0002", name: "Ben Ortiz", role: "Nurse", site: "Clinic", startDate: null, active: false, fhirPatientId: "p-2" },
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

  it("says so when there are no employees", async () => {
    restore = setBackend(async () => []);
    render(<Employees />);
    expect(await screen.findByText(/No employees yet/)).toBeTruthy();
  });
});
