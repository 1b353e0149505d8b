// A virtualised, paged table body: only the rows in view (plus a margin) are in the DOM, and
// rows are fetched a page at a time from the backend (paging is done in SQL by the engine),
// so a worklist of 100,000 cases scrolls without loading or rendering them all.

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { toApiError, type ApiError } from "../api";
import "./VirtualList.css";

/** One page from the backend: the rows asked for and how many rows match in all. */
export interface PageResult<T> {
  total: number;
  items: T[];
}

/** Loads `limit` rows from `offset` (one backend call). */
export type PageLoader<T> = (offset: number, limit: number) => Promise<PageResult<T>>;

/** The page indexes covering rows `first..=last` that are neither loaded nor loading. */
export function pagesToLoad(
  first: number,
  last: number,
  pageSize: number,
  have: ReadonlySet<number>,
): number[] {
  if (last < first || pageSize <= 0) return [];
  const out: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++) {
    if (!have.has(p)) out.push(p);
  }
  return out;
}

/** The paged rows behind a virtual list; `key` names the query (a new key starts over). */
export function usePagedRows<T>(load: PageLoader<T>, key: string, pageSize: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, T[]>());
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPages = useCallback(
    (wanted: number[]) => {
      const gen = generation.current;
      for (const p of wanted) {
        requested.current.add(p);
        loadRef.current(p * pageSize, pageSize).then(
          (r) => {
            if (gen !== generation.current) return;
            pages.current.set(p, r.items);
            setTotal(r.total);
            setVersion((v) => v + 1);
          },
          (e) => {
            if (gen !== generation.current) return;
            requested.current.delete(p);
            setError(toApiError(e));
          },
        );
      }
    },
    [pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    requested.current = new Set();
    setTotal(null);
    setError(null);
    fetchPages([0]);
  }, [key, fetchPages]);

  /** The rows last asked for by the list (the rows in view), so a retry reloads them too. */
  const inView = useRef<[number, number]>([0, -1]);
  const ensure = useCallback(
    (first: number, last: number) => {
      inView.current = [first, last];
      const wanted = pagesToLoad(first, last, pageSize, requested.current);
      if (wanted.length > 0) fetchPages(wanted);
    },
    [fetchPages, pageSize],
  );
  const rowAt = (i: number): T | undefined => pages.current.get(Math.floor(i / pageSize))?.[i % pageSize];
  /** Every row loaded so far, in list order (e.g. for "select all loaded"). */
  const loaded = (): T[] =>
    [...pages.current.entries()].sort(([a], [b]) => a - b).flatMap(([, items]) => items);
  const reload = () => {
    generation.current += 1;
    pages.current = new Map();
    requested.current = new Set();
    setError(null);
    // The first page gives the total; the pages in view are loaded again too, else rows
    // already on screen would stay "Loading…" until the list is scrolled.
    const [first, last] = inView.current;
    fetchPages([0, ...pagesToLoad(first, last, pageSize, new Set([0]))]);
  };
  return { total, error, rowAt, ensure, reload, loaded };
}

/** Rows shown when the scrolling area has no measured height. */
const FALLBACK_ROWS = 25;

/** Props of {@link VirtualTable}. */
export interface VirtualTableProps<T> {
  /** Accessible name of the table. */
  label: string;
  /** Fetches one page. */
  load: PageLoader<T>;
  /** Identifies the query: when it changes, the list starts over at the top. */
  queryKey: string;
  /** The `<tr>` of the header, or a function of the rows loaded so far. */
  header: ReactNode | ((loaded: T[]) => ReactNode);
  /** Number of columns (for loading rows). */
  columns: number;
  /** Renders one loaded row as a `<tr>` with a key. */
  row: (item: T, index: number) => ReactNode;
  /** Estimated row height in pixels. */
  rowHeight?: number;
  /** Height of the scrolling area in pixels. */
  height?: number;
  /** Rows per backend call. */
  pageSize?: number;
  /** Shown when nothing matches. */
  empty?: ReactNode;
  /** Called with the total once known (e.g. for a "1,234 cases" line). */
  onTotal?: (total: number) => void;
}

/** A table whose body is virtualised over paged backend rows. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rowHeight = 48, height = 560, pageSize = 100, columns } = props;
  const rows = usePagedRows(props.load, props.queryKey, pageSize);
  const scroller = useRef<HTMLDivElement>(null);
  const count = rows.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 1000, height },
  });
  // Without a layout (a viewport of 0 px, e.g. a test DOM) the virtualizer shows nothing;
  // the first rows are shown then, so the list is never blank while it has rows.
  const measured = virtualizer.getVirtualItems();
  const items =
    measured.length > 0 || count === 0
      ? measured
      : Array.from({ length: Math.min(count, FALLBACK_ROWS) }, (_, index) => ({
          index,
          start: index * rowHeight,
          end: (index + 1) * rowHeight,
        }));
  const first = items.length > 0 ? items[0].index : 0;
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  const { ensure } = rows;
  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last]);
  const { onTotal } = props;
  useEffect(() => {
    if (rows.total !== null) onTotal?.(rows.total);
  }, [rows.total, onTotal]);
  useEffect(() => {
    scroller.current?.scrollTo?.({ top: 0 });
  }, [props.queryKey]);

  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? Math.max(0, virtualizer.getTotalSize() - items[items.length - 1].end) : 0;
  return (
    <div
      ref={scroller}
      className="virtual-scroll"
      style={{ height, overflowY: "auto" }}
      data-testid="virtual-scroll"
      tabIndex={0}
      aria-label={`${props.label}: ${count} rows`}
    >
      {rows.error && (
        <div className="error-box" role="alert">
          Could not load the rows: {rows.error.message}{" "}
          <button type="button" className="secondary" onClick={rows.reload}>
            Retry
          </button>
        </div>
      )}
      {rows.total === null && !rows.error && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {rows.total === 0 && (props.empty ?? null)}
      {count > 0 && (
      <table className="grid" aria-label={props.label} aria-rowcount={count + 1}>
        <thead className="sticky">
          {typeof props.header === "function" ? props.header(rows.loaded()) : props.header}
        </thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
          {items.map((v) => {
            const item = rows.rowAt(v.index);
            return item === undefined ? (
              <tr key={`loading-${v.index}`} className="loading-row" style={{ height: rowHeight }}>
                <td colSpan={columns} className="muted">
                  Loading…
                </td>
              </tr>
            ) : (
              props.row(item, v.index)
            );
          })}
          {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
      )}
    </div>
  );
}
