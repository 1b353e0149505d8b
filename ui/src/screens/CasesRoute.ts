// Detail routes under a sidebar screen: `#/cases/<id>`, `#/runs/<id>`, `#/employees/<id>`.
import { useEffect, useState } from "react";
import { toApiError } from "../api";
import type { AsyncState } from "../components/Async";

/** The id after the screen name in a location hash (`#/cases/abc` -> `abc`), or null. */
export function subPath(hash: string): string | null {
  const parts = hash.replace(/^#\/?/, "").split("/");
  return parts.length > 1 && parts[1] ? decodeURIComponent(parts[1]) : null;
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
