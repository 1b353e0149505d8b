import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { CasePageDto, CaseQuery } from "../bindings";
import { Cases, pageText } from "./Cases";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const PAGE: CasePageDto = {
  total: 120,
  items: [
    {
      id: "c1",
      employeeExternalId: "E0007",
      employeeName: "Ada Byrne",
      role: "Machinist",
      site: "North Plant",
      measureId: "m1",
      measureName: "Hearing conservation audiogram",
      measureVersion: "1.0",
      evaluationPeriod: "2026",
      status: "OPEN",
      priority: "HIGH",
      assignee: null,
      currentOutcomeStatus: "OVERDUE",
      nextAction: "Schedule an annual audiogram.",
      updatedAt: "2026-05-06T14:03:00.123Z",
      latestOutreachDeliveryStatus: null,
    },
  ],
};

describe("Cases", () => {
  it("formats the pager", () => {
    expect(pageText(0, 50, 120)).toBe("1–50 of 120");
    expect(pageText(100, 20, 120)).toBe("101–120 of 120");
    expect(pageText(0, 0, 0)).toBe("0 of 0");
  });

  it("asks for open cases first, then follows chips, filters and pages", async () => {
    const queries: CaseQuery[] = [];
    restore = setBackend(async (command, args) => {
      if (command === "list_measures") return [];
      queries.push((args as { query: CaseQuery }).query);
      return PAGE;
    });
    render(<Cases />);
    expect(await screen.findByText("Ada Byrne")).toBeTruthy();
    expect(screen.getByText("Overdue")).toBeTruthy();
    expect(screen.getByText("Unassigned", { selector: "span" })).toBeTruthy();
    expect(queries[0]).toEqual({ status: "open", unassigned: false, offset: 0, limit: 50 });

    fireEvent.click(screen.getByText("Next"));
    await screen.findByText("51–51 of 120");
    expect(queries.at(-1)?.offset).toBe(50);

    fireEvent.click(screen.getByRole("button", { name: "Resolved" }));
    await screen.findByText("1–1 of 120");
    expect(queries.at(-1)).toMatchObject({ status: "RESOLVED", offset: 0 });

    fireEvent.click(screen.getByLabelText(/Unassigned/, { selector: "input" }));
    await screen.findByText("1–1 of 120");
    expect(queries.at(-1)?.unassigned).toBe(true);
  });
});
