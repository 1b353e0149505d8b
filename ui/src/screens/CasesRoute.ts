// Detail routes under a sidebar screen: `#/cases/<id>`, `#/runs/<id>`, `#/employees/<id>`.
import { useEffect, useState } from "react";
import { toApiError } from "../api";
import type { AsyncState } from "../components/Async";

/** An entity id as the engine writes them (UUID text). */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path segments of a location hash after `#/`, without its `?` query. */
function segments(hash: string): string[] {
  return hash.replace(/^#\/?/, "").split("?")[0].split("/");
}

/** The id after the screen name in a location hash (`#/cases/abc` -> `abc`), or null. A
 * segment that is not an id (`#/cases/measure/...`, `#/runs?measure=...`) opens the list,
 * never a detail that cannot load (QA H4). */
export function subPath(hash: string): string | null {
  const parts = segments(hash);
  if (parts.length < 2 || !parts[1]) return null;
  const id = decodeURIComponent(parts[1]);
  return ID.test(id) ? id : null;
}

/** A list filter named in a location hash: `#/cases?measure=<id>` (or the older
 * `#/cases/measure/<id>`) -> the id; undefined when absent. */
export function hashParam(hash: string, name: string): string | undefined {
  const q = hash.indexOf("?");
  if (q >= 0) {
    const value = new URLSearchParams(hash.slice(q + 1)).get(name);
    if (value) return value;
  }
  const parts = segments(hash);
  return parts[1] === name && parts[2] ? decodeURIComponent(parts[2]) : undefined;
}

/** The hash of a list screen filtered by `params` (`#/runs?measure=<id>`). */
export function listHash(screen: "cases" | "runs", params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return query ? `#/${screen}?${query}` : `#/${screen}`;
}

/** The location hash, following its changes. */
export function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return hash;
}

/** The hash that opens `id` under `screen`. */
export function detailHash(screen: "cases" | "runs" | "employees", id: string): string {
  return `#/${screen}/${encodeURIComponent(id)}`;
}

/** Opens `id` under `screen` (a hash change, so Back returns to the list). */
export function openDetail(screen: "cases" | "runs" | "employees", id: string) {
  window.location.hash = detailHash(screen, id);
}

/** The current detail id of the location hash, following its changes. */
export function useSubPath(): string | null {
  const [id, setId] = useState(() => subPath(window.location.hash));
  useEffect(() => {
    const onHash = () => setId(subPath(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return id;
}

/** Row props that make a table row open with a click or with Enter (keyboard navigation). */
export function rowOpener(open: () => void) {
  return {
    tabIndex: 0,
    className: "clickable",
    onClick: open,
    onKeyDown: (e: { key: string; preventDefault: () => void }) => {
      if (e.key === "Enter") {
        e.preventDefault();
        open();
      }
    },
  };
}

/** Like `useAsync`, but a reload keeps showing the current data until the new data is in,
 * so panels below keep their state (an exported packet's hash, a sent message). */
export function useReloadable<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<AsyncState<T>>({ kind: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ kind: "ready", data }),
      (e) => live && setState({ kind: "error", error: toApiError(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  useEffect(() => setState({ kind: "loading" }), deps); // a different entity starts afresh
  return { state, reload: () => setGeneration((g) => g + 1) };
}
