import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pagesToLoad, VirtualTable, type PageLoader } from "./VirtualList";

describe("pagesToLoad", () => {
  it("asks only for the pages in view that are not loaded or loading", () => {
    expect(pagesToLoad(0, 40, 100, new Set())).toEqual([0]);
    expect(pagesToLoad(95, 130, 100, new Set([0]))).toEqual([1]);
    expect(pagesToLoad(95, 130, 100, new Set([0, 1]))).toEqual([]);
    expect(pagesToLoad(99_950, 99_999, 100, new Set([0]))).toEqual([999]);
    expect(pagesToLoad(10, 5, 100, new Set())).toEqual([]);
  });
});

type Row = { id: number; name: string };
const TOTAL = 100_000;

function loader(): PageLoader<Row> & { calls: Array<[number, number]> } {
  const calls: Array<[number, number]> = [];
  const load = (async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    const items: Row[] = [];
    for (let i = offset; i < Math.min(TOTAL, offset + limit); i++) items.push({ id: i, name: `Case ${i}` });
    return { total: TOTAL, items };
  }) as PageLoader<Row> & { calls: Array<[number, number]> };
  load.calls = calls;
  return load;
}

function table(load: PageLoader<Row>, queryKey = "q") {
  return (
    <VirtualTable<Row>
      label="Cases"
      load={load}
      queryKey={queryKey}
      columns={1}
      rowHeight={40}
      height={400}
      header={
        <tr>
          <th>Name</th>
        </tr>
      }
      row={(r) => (
        <tr key={r.id} data-testid="row">
          <td>{r.name}</td>
        </tr>
      )}
    />
  );
}

describe("VirtualTable", () => {
  beforeEach(() => {
    // jsdom lays nothing out: give the scrolling area its 400 px.
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(400);
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1000);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it("renders only the rows in view of 100,000 and loads one page", async () => {
    const load = loader();
    render(table(load));
    await screen.findByText("Case 0");
    const rows = screen.getAllByTestId("row");
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.length).toBeLessThan(40);
    expect(load.calls).toEqual([[0, 100]]);
    expect(screen.getByTestId("virtual-scroll").getAttribute("aria-label")).toBe("Cases: 100000 rows");
  });

  it("fetches the deep page scrolled to, and nothing in between", async () => {
    const load = loader();
    render(table(load));
    await screen.findByText("Case 0");
    const scroller = screen.getByTestId("virtual-scroll");
    await act(async () => {
      scroller.scrollTop = 99_980 * 40;
      fireEvent.scroll(scroller);
    });
    await screen.findByText("Case 99990");
    expect(load.calls.map(([offset]) => offset)).toEqual([0, 99_900]);
    expect(screen.queryByText("Case 0")).toBeNull();
  });

  it("starts over when the query changes", async () => {
    const load = loader();
    const { rerender } = render(table(load, "open"));
    await screen.findByText("Case 0");
    rerender(table(load, "site=North"));
    await screen.findByText("Case 0");
    expect(load.calls).toEqual([
      [0, 100],
      [0, 100],
    ]);
  });

  it("retry after a failed page reloads the pages in view, not only the first", async () => {
    const calls: number[] = [];
    let failDeep = true;
    const load: PageLoader<Row> = async (offset, limit) => {
      calls.push(offset);
      if (offset > 0 && failDeep) throw { code: "DATABASE", message: "database is locked" };
      const items: Row[] = [];
      for (let i = offset; i < Math.min(TOTAL, offset + limit); i++) items.push({ id: i, name: `Case ${i}` });
      return { total: TOTAL, items };
    };
    render(table(load));
    await screen.findByText("Case 0");
    const scroller = screen.getByTestId("virtual-scroll");
    await act(async () => {
      scroller.scrollTop = 50_000 * 40;
      fireEvent.scroll(scroller);
    });
    await screen.findByRole("alert");
    expect(screen.queryByText("Case 50005")).toBeNull();
    failDeep = false;
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    });
    await screen.findByText("Case 50005");
    expect(screen.queryByRole("alert")).toBeNull();
    // The view (with overscan) spans pages 499 and 500: both are asked for again on retry.
    expect(calls).toEqual([0, 49_900, 50_000, 0, 49_900, 50_000]);
  });

  it("shows the backend's refusal with its code", async () => {
    const failing: PageLoader<Row> = async () => {
      throw { code: "INVALID_INPUT", message: "page limit 0 must be between 1 and 1000" };
    };
    render(table(failing));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).not.toContain("INVALID_INPUT"); // QA3 H8: the message only, no code
  });
});
