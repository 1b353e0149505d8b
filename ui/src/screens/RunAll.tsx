import { useState } from "react";
import { api, toApiError, type ApiError } from "../api";
import type { RunProgressEvent, RunReportDto } from "../bindings";
import { Chip } from "../components/Chip";
import { count } from "../labels";
import { employeesWording } from "./runWording";

type State =
  | { kind: "idle" }
  | { kind: "running"; done: number; total: number | null; cancelling: boolean }
  | { kind: "done"; report: RunReportDto }
  | { kind: "error"; error: ApiError };

/** The next progress state after one event from the engine. */
export function advance(state: { done: number; total: number | null }, e: RunProgressEvent) {
  switch (e.kind) {
    case "started":
      return { done: 0, total: e.total };
    case "advanced":
      return { done: e.done, total: e.total };
    case "finished":
      return state;
  }
}

/** "Run all programs" with live progress, cancel, and the finished run's summary. */
export function RunAll(props: { onFinished: () => void }) {
  const [state, setState] = useState<State>({ kind: "idle" });

  const start = () => {
    setState({ kind: "running", done: 0, total: null, cancelling: false });
    api
      .runAllPrograms((e) =>
        setState((s) => (s.kind === "running" ? { ...s, ...advance(s, e) } : s)),
      )
      .then(
        (report) => {
          setState({ kind: "done", report });
          props.onFinished();
        },
        (e) => setState({ kind: "error", error: toApiError(e) }),
      );
  };

  const cancel = () => {
    setState((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    api.cancelRun().catch(() => undefined);
  };

  return (
    <section className="card run-all" aria-label="Run all programs">
      <div className="toolbar">
        <button type="button" onClick={start} disabled={state.kind === "running"}>
          Run all programs
        </button>
        {state.kind === "running" && (
          <>
            <progress max={state.total ?? undefined} value={state.total ? state.done : undefined} />
            <span className="muted" role="status">
              {state.total === null
                ? "Preparing…"
                : `${count(state.done)} of ${count(state.total)} employees`}
            </span>
            <button type="button" className="secondary" onClick={cancel} disabled={state.cancelling}>
              {state.cancelling ? "Cancelling…" : "Cancel"}
            </button>
          </>
        )}
        {state.kind === "done" && (
          <span role="status" data-testid="run-finished">
            Run <Chip value={state.report.status} /> as of {state.report.asOf}:{" "}
            {count(state.report.totalEvaluated)} outcomes for {employeesWording(state.report)} in{" "}
            {(state.report.durationMs / 1000).toFixed(1)} s
            {state.report.failureSummary ? ` · ${state.report.failureSummary}` : ""}
          </span>
        )}
        {state.kind === "error" && (
          <span className="error-box" role="alert">
            The run could not start: {state.error.message}
          </span>
        )}
      </div>
    </section>
  );
}
