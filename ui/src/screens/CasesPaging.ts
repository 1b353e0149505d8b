// Keyset paging for the virtualised worklist. The engine pages the worklist after a cursor
// (the sort key of the last row shown, an opaque string it hands out as `next`), so a deep
// page costs what a first page costs. The virtual list asks for rows by position; this
// adapter remembers which cursor ends at which position and asks the engine for the rows
// after the nearest one. Nothing here reads a cursor or decides an order.

import type { PageLoader, PageResult } from "../components/VirtualList";

/** One keyset request: the rows after cursor `after` (none = from the start), skipping `skip`. */
export interface KeysetRequest {
  after: string | undefined;
  skip: number;
  limit: number;
}

/** What the engine answers: a page, the total, and the cursor after the page (null at the end). */
export interface KeysetResult<T> extends PageResult<T> {
  next: string | null;
}

/** The cursor ending nearest at or before `offset`: its position and text (position 0 has none). */
export function nearestCursor(
  cursors: ReadonlyMap<number, string>,
  offset: number,
): { at: number; after: string | undefined } {
  let at = 0;
  let after: string | undefined;
  for (const [pos, cursor] of cursors) {
    if (pos <= offset && pos > at) {
      at = pos;
      after = cursor;
    }
  }
  return { at, after };
}

/**
 * A position-based page loader (what `VirtualTable` calls) over a keyset `fetch`. Paging on
 * from a loaded page sends that page's cursor with `skip` 0; a jump (dragging the scrollbar)
 * sends the nearest cursor before it and skips the rows in between. A page asked for while
 * the page before it is still loading waits for that page's cursor. Make a new loader when the
 * query changes: cursors belong to one query.
 */
export function keysetLoader<T>(fetch: (req: KeysetRequest) => Promise<KeysetResult<T>>): PageLoader<T> {
  const cursors = new Map<number, string>();
  // Requests by the position they end at, settling when they are done (either way).
  const pending = new Map<number, Promise<void>>();
  return (offset, limit) => {
    const end = offset + limit;
    const before = pending.get(offset);
    const run = async () => {
      if (before !== undefined) await before;
      const { at, after } = nearestCursor(cursors, offset);
      const r = await fetch({ after, skip: offset - at, limit });
      if (r.next !== null) cursors.set(offset + r.items.length, r.next);
      return r;
    };
    const result = run();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    pending.set(end, settled);
    void settled.then(() => {
      if (pending.get(end) === settled) pending.delete(end);
    });
    return result;
  };
}
