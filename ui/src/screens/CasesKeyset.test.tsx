// The worklist pages by the engine's cursor: the virtual list is given a viewport of 120 rows
// (the test DOM has no layout), so it asks for three pages at once.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setBackend, type Backend } from "../api";
import type { CasePageDto, CaseQuery, CaseRow } from "../bindings";
import { Cases } from "./Cases";

vi.mock("@tanstack/react-virtual", () => ({
  useVirtualizer: (opts: { count: number }) => ({
    getVirtualItems: () =>
      Array.from({ length: Math.min(opts.count, 120) }, (_, index) => ({ index, start: index * 52, end: (index + 1) * 52 })),
    getTotalSize: () => opts.count * 52,
  }),
}));

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

function row(i: number, status: string): CaseRow {
  return {
    id: `c${i}`,
    employeeExternalId: `E${i}`,
    employeeName: `Employee ${i}`,
    role: null,
    site: "North Plant",
    measureId: "m1",
    measureName: "Audiogram",
    measureVersion: "1.0",
    evaluationPeriod: "2026",
    status,
    priority: "HIGH",
    assignee: null,
    currentOutcomeStatus: "OVERDUE",
    nextAction: null,
    updatedAt: "2026-05-06T14:03:00.123Z",
    latestOutreachDeliveryStatus: null,
  };
}

/** A fake engine of `total` cases whose cursor after row i is `k<i+1>`. */
function engine(total: number, queries: CaseQuery[]): Backend {
  return async (command, args) => {
    if (command === "list_measures") return [];
    const q = (args as { query: CaseQuery }).query;
    queries.push(q);
    const start = (q.after ? Number(q.after.slice(1)) : 0) + q.offset;
    const n = Math.max(0, Math.min(q.limit, total - start));
    const items = Array.from({ length: n }, (_, i) => row(start + i, q.status ?? "OPEN"));
    const page: CasePageDto = { total, items, next: n === q.limit ? `k${start + n}` : null };
    return page;
  };
}

describe("Cases worklist paging", () => {
  it("asks for each next page after the previous page's cursor, and starts over on a chip", async () => {
    const queries: CaseQuery[] = [];
    restore = setBackend(engine(130, queries));
    render(<Cases />);
    expect(await screen.findByText("Employee 119", {}, { timeout: 15000 })).toBeTruthy();
    expect(screen.getByText("Employee 0")).toBeTruthy();
    expect(queries.map((q) => [q.after, q.offset, q.limit])).toEqual([
      [undefined, 0, 50],
      ["k50", 0, 50],
      ["k100", 0, 50],
    ]);
    expect(queries.every((q) => q.status === "open")).toBe(true);
    expect(screen.getByTestId("case-total").textContent).toBe("130 cases");

    // Another status starts from the top without a cursor; the filters go with every page.
    queries.length = 0;
    fireEvent.click(screen.getByRole("button", { name: "Resolved" }));
    await waitFor(() => expect(queries.length).toBe(3), { timeout: 15000 });
    expect(queries.map((q) => [q.status, q.after, q.offset])).toEqual([
      ["RESOLVED", undefined, 0],
      ["RESOLVED", "k50", 0],
      ["RESOLVED", "k100", 0],
    ]);
  });

  it("shows a refused page and pages on from the nearest cursor before it", async () => {
    const queries: CaseQuery[] = [];
    const ok = engine(130, queries);
    restore = setBackend(async (command, args) => {
      const q = (args as { query?: CaseQuery } | undefined)?.query;
      if (q?.after === "k50" && q.offset === 0) {
        throw { code: "INVALID_INPUT", message: "invalid input: worklist cursor 'k50': expected PRIORITY|UPDATED_AT|CASE_ID" };
      }
      return ok(command, args);
    });
    render(<Cases />);
    expect((await screen.findByRole("alert", {}, { timeout: 15000 })).textContent).toContain("worklist cursor 'k50'");
    // The third page waited for the second, which left no cursor: it skips from row 50.
    expect(await screen.findByText("Employee 119", {}, { timeout: 15000 })).toBeTruthy();
    expect(queries.map((q) => [q.after, q.offset])).toEqual([
      [undefined, 0],
      ["k50", 50],
    ]);
  });
});
