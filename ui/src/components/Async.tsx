import { useCallback, useEffect, useState, type ReactNode } from "react";
import { ApiError, toApiError } from "../api";

/** The three states of a backend call, for loading / error / data rendering. */
export type AsyncState<T> =
  | { kind: "loading" }
  | { kind: "error"; error: ApiError }
  | { kind: "ready"; data: T };

/** Calls `load` on mount (and when `reload` is called); tracks loading, error and data. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<AsyncState<T>>({ kind: "loading" });
  const [generation, setGeneration] = useState(0);
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    stableLoad().then(
      (data) => live && setState({ kind: "ready", data }),
      (e) => live && setState({ kind: "error", error: toApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [stableLoad, generation]);
  return { state, reload: () => setGeneration((g) => g + 1) };
}

/** Renders a loading line, an error box, or `children(data)`. */
export function Async<T>(props: {
  state: AsyncState<T>;
  what: string;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  const { state } = props;
  if (state.kind === "loading") {
    return (
      <p className="loading" role="status">
        Loading {props.what}…
      </p>
    );
  }
  if (state.kind === "error") {
    return (
      <div className="error-box" role="alert">
        <strong>Could not load {props.what}.</strong> {state.error.message}{" "}
        {props.onRetry && (
          <button type="button" onClick={props.onRetry}>
            Try again
          </button>
        )}
      </div>
    );
  }
  return <>{props.children(state.data)}</>;
}

/** An empty list, said plainly. */
export function Empty(props: { children: ReactNode }) {
  return <p className="empty">{props.children}</p>;
}

/** A screen whose engine part is not in this build yet: says so, shows no invented data. */
export function NotYet(props: { title: string; children: ReactNode }) {
  return (
    <section className="card not-yet" aria-label={`${props.title} not available`}>
      <h2>{props.title}</h2>
      <p>{props.children}</p>
      <p className="muted">
        This screen shows real data only. The engine functions it needs are not part of this
        build yet, so it has nothing to show.
      </p>
    </section>
  );
}
