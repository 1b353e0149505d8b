import { describe, expect, it } from "vitest";
import { keysetLoader, nearestCursor, type KeysetRequest, type KeysetResult } from "./CasesPaging";

/** A fake engine over rows 0..total-1 whose cursor after row i is `c<i+1>`. */
function engine(total: number) {
  const calls: KeysetRequest[] = [];
  const fetch = async (req: KeysetRequest): Promise<KeysetResult<number>> => {
    calls.push(req);
    const start = (req.after === undefined ? 0 : Number(req.after.slice(1))) + req.skip;
    const items = Array.from({ length: Math.max(0, Math.min(req.limit, total - start)) }, (_, i) => start + i);
    const next = items.length === req.limit ? `c${start + items.length}` : null;
    return { total, items, next };
  };
  return { calls, fetch };
}

describe("keyset paging of the worklist", () => {
  it("finds the nearest cursor at or before a position", () => {
    const cursors = new Map([
      [50, "c50"],
      [100, "c100"],
      [400, "c400"],
    ]);
    expect(nearestCursor(cursors, 0)).toEqual({ at: 0, after: undefined });
    expect(nearestCursor(cursors, 49)).toEqual({ at: 0, after: undefined });
    expect(nearestCursor(cursors, 100)).toEqual({ at: 100, after: "c100" });
    expect(nearestCursor(cursors, 399)).toEqual({ at: 100, after: "c100" });
    expect(nearestCursor(cursors, 5000)).toEqual({ at: 400, after: "c400" });
  });

  it("pages on with the previous page's cursor and jumps from the nearest one", async () => {
    const { calls, fetch } = engine(1000);
    const load = keysetLoader(fetch);
    expect((await load(0, 50)).items.slice(0, 2)).toEqual([0, 1]);
    expect((await load(50, 50)).items[0]).toBe(50);
    expect((await load(100, 50)).items[49]).toBe(149);
    // A jump to row 700: from the cursor after row 149, skipping the rows in between.
    expect((await load(700, 50)).items[0]).toBe(700);
    // Back up to row 300: the nearest cursor before it is still the one at 150.
    expect((await load(300, 50)).items[0]).toBe(300);
    // Paging on from the jump uses the jump's own cursor.
    expect((await load(750, 50)).items[0]).toBe(750);
    expect(calls).toEqual([
      { after: undefined, skip: 0, limit: 50 },
      { after: "c50", skip: 0, limit: 50 },
      { after: "c100", skip: 0, limit: 50 },
      { after: "c150", skip: 550, limit: 50 },
      { after: "c150", skip: 150, limit: 50 },
      { after: "c750", skip: 0, limit: 50 },
    ]);
  });

  it("waits for the page before when both are asked for at once", async () => {
    const { calls, fetch } = engine(120);
    const load = keysetLoader(fetch);
    const [a, b, c] = await Promise.all([load(0, 50), load(50, 50), load(100, 50)]);
    expect([a.items.length, b.items.length, c.items.length]).toEqual([50, 50, 20]);
    expect(c.items[19]).toBe(119);
    expect(calls.map((r) => [r.after, r.skip])).toEqual([
      [undefined, 0],
      ["c50", 0],
      ["c100", 0],
    ]);
  });

  it("keeps no cursor after the last page or a failed one", async () => {
    let fail = true;
    const { calls, fetch } = engine(60);
    const load = keysetLoader<number>(async (req) => {
      if (req.after === "c50" && fail) {
        fail = false;
        throw { code: "DATABASE", message: "busy" };
      }
      return fetch(req);
    });
    await load(0, 50);
    await expect(load(50, 50)).rejects.toEqual({ code: "DATABASE", message: "busy" });
    const last = await load(50, 50);
    expect(last.items).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    // No cursor ends at 60 (the end), so a later request there skips from 50.
    await load(60, 50);
    expect(calls.at(-1)).toEqual({ after: "c50", skip: 10, limit: 50 });
  });
});
