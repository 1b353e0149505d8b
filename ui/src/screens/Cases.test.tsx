import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { CasePageDto, CaseQuery } from "../bindings";
import { bulkText, Cases, pageText } from "./Cases";

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
  next: null,
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
      if (command === "list_sites") return ["North Plant", "Plant B"];
      queries.push((args as { query: CaseQuery }).query);
      return PAGE;
    });
    render(<Cases />);
    expect(await screen.findByText("Ada Byrne")).toBeTruthy();
    expect(screen.getByText("Overdue")).toBeTruthy();
    expect(screen.getByText("Unassigned", { selector: "span" })).toBeTruthy();
    expect(queries[0]).toEqual({ status: "open", unassigned: false, offset: 0, limit: 50 });

    // The list is virtualised: it states the total and fetches further pages as it scrolls.
    expect((await screen.findByTestId("case-total")).textContent).toBe("120 cases");

    fireEvent.click(screen.getByRole("button", { name: "Resolved" }));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ status: "RESOLVED", offset: 0 }));

    fireEvent.click(screen.getByLabelText(/Unassigned/, { selector: "input" }));
    await waitFor(() => expect(queries.at(-1)?.unassigned).toBe(true));
  });

  it("says how a bulk action went, naming the first refusal", () => {
    expect(bulkText("assigned", { done: 2, refused: 0, items: [] })).toBe("2 assigned");
    expect(
      bulkText("escalated", {
        done: 1,
        refused: 1,
        items: [
          { caseId: "a", ok: true, error: null },
          { caseId: "b", ok: false, error: "cannot ESCALATED case b: it is CLOSED" },
        ],
      }),
    ).toBe("1 escalated, 1 refused: cannot ESCALATED case b: it is CLOSED");
  });

  it("bulk-assigns the selected rows, exports the filtered CSV, and opens a row with Enter", async () => {
    const calls: Array<[string, unknown]> = [];
    restore = setBackend(async (command, args) => {
      calls.push([command, args]);
      if (command === "list_measures") return [];
      if (command === "list_sites") return ["North Plant", "Plant B"];
      if (command === "bulk_case_action") return { done: 1, refused: 0, items: [{ caseId: "c1", ok: true, error: null }] };
      if (command === "export_cases_csv") return { path: "/data/exports/cases-1.csv", rows: 120 };
      return PAGE;
    });
    render(<Cases />);
    fireEvent.click(await screen.findByLabelText("Select Ada Byrne"));
    fireEvent.change(screen.getByLabelText("Bulk assignee"), { target: { value: "dana" } });
    fireEvent.click(screen.getByText("Assign selected"));
    expect(await screen.findByText("1 assigned")).toBeTruthy();
    expect(calls.find((c) => c[0] === "bulk_case_action")?.[1]).toEqual({
      request: { caseIds: ["c1"], action: "ASSIGNED", assignee: "dana" },
    });
    fireEvent.click(screen.getByText("Export CSV"));
    expect(await screen.findByText("120 cases written to /data/exports/cases-1.csv")).toBeTruthy();
    expect(calls.find((c) => c[0] === "export_cases_csv")?.[1]).toMatchObject({ query: { status: "open" }, path: null });

    const row = (await screen.findByText("Ada Byrne")).closest("tr")!;
    fireEvent.keyDown(row, { key: "Enter" });
    expect(window.location.hash).toBe("#/cases/c1");
    window.location.hash = "";
  });

  it("filters by a site picked from the engine's sites and keeps the list still when a row is ticked (QA H11, H14)", async () => {
    const queries: CaseQuery[] = [];
    restore = setBackend(async (command, args) => {
      if (command === "list_measures") return [];
      if (command === "list_sites") return ["North Plant", "Plant B"];
      queries.push((args as { query: CaseQuery }).query);
      return PAGE;
    });
    render(<Cases />);
    await screen.findByText("Ada Byrne");
    // The bulk bar is there before any selection, disabled: ticking a row adds nothing above the list.
    const bar = screen.getByTestId("bulk-bar");
    expect(bar.textContent).toContain("No case selected");
    expect((screen.getByText("Assign selected") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText("Select Ada Byrne"));
    expect(screen.getByTestId("bulk-bar")).toBe(bar);
    expect(bar.textContent).toContain("1 selected");

    const site = (await screen.findByRole("option", { name: "Plant B" })).closest("select")!;
    fireEvent.change(site, { target: { value: "Plant B" } });
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ site: "Plant B", offset: 0 }));
  });

  it("opens filtered to the measure the program detail names (QA H4)", async () => {
    const M = "b0000001-0000-0000-0000-000000000001";
    window.location.hash = `#/cases?measure=${M}`;
    const queries: CaseQuery[] = [];
    restore = setBackend(async (command, args) => {
      if (command === "list_measures") return [{ id: M, name: "Annual Audiogram", policyRef: null, owner: null, tags: [], versions: [] }];
      if (command === "list_sites") return [];
      queries.push((args as { query: CaseQuery }).query);
      return PAGE;
    });
    render(<Cases />);
    expect(await screen.findByText("Ada Byrne")).toBeTruthy();
    expect(queries[0]).toMatchObject({ status: "open", measureId: M });
    expect(screen.queryByText(/Try again/)).toBeNull();
    window.location.hash = "";
  });
});
