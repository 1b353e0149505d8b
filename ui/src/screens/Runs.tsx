import { useState } from "react";
import { api, toApiError, work, type ApiError } from "../api";
import type { RunForm as RunFormData, RunProgressEvent, RunQuery, RunReportDto } from "../bindings";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { count, label, scopeLabel } from "../labels";
import { employeesWording } from "./runWording";
import { hashParam, openDetail, rowOpener, useHash, useSubPath } from "./CasesRoute";
import { RunDetail } from "./RunDetail";

/** How many runs the history shows. */
export const RUN_PAGE = 100;

/** Milliseconds as `850 ms`, `12.4 s` or `3 min 05 s`. */
export function duration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

const STATUSES = ["COMPLETED", "PARTIAL_FAILURE", "FAILED", "CANCELLED", "RUNNING"];
const SCOPES = ["ALL_PROGRAMS", "MEASURE", "SITE", "EMPLOYEE", "CASE"];
const TRIGGERS = ["MANUAL", "SCHEDULED", "RERUN"];

/** Progress of a streaming run, from the engine's events. */
export type Progress = { done: number; total: number | null };

/** The next progress after one event. */
export function nextProgress(p: Progress, e: RunProgressEvent): Progress {
  switch (e.kind) {
    case "started":
      return { done: 0, total: e.total };
    case "advanced":
      return { done: e.done, total: e.total };
    case "finished":
      return p;
  }
}

/** A run in flight or its end: shared by the run form and the run detail's rerun. */
export type RunState =
  | { kind: "idle" }
  | { kind: "running"; progress: Progress; cancelling: boolean }
  | { kind: "done"; report: RunReportDto }
  | { kind: "error"; error: ApiError };

/** Starts `start` with progress into `setState`; `onDone` gets the report. */
export function startStreaming(
  start: (onProgress: (e: RunProgressEvent) => void) => Promise<RunReportDto>,
  setState: (update: (s: RunState) => RunState) => void,
  onDone: (r: RunReportDto) => void,
) {
  setState(() => ({ kind: "running", progress: { done: 0, total: null }, cancelling: false }));
  start((e) => setState((s) => (s.kind === "running" ? { ...s, progress: nextProgress(s.progress, e) } : s))).then(
    (report) => {
      setState(() => ({ kind: "done", report }));
      onDone(report);
    },
    (e) => setState(() => ({ kind: "error", error: toApiError(e) })),
  );
}

/** Progress bar, cancel button, and the finished run's line. */
export function RunStatusLine(props: { state: RunState; setState: (u: (s: RunState) => RunState) => void }) {
  const s = props.state;
  if (s.kind === "running") {
    return (
      <div className="toolbar">
        <progress max={s.progress.total ?? undefined} value={s.progress.total ? s.progress.done : undefined} />
        <span className="muted" role="status">
          {s.progress.total === null ? "Preparing…" : `${count(s.progress.done)} of ${count(s.progress.total)} employees`}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={s.cancelling}
          onClick={() => {
            props.setState((x) => (x.kind === "running" ? { ...x, cancelling: true } : x));
            api.cancelRun().catch(() => undefined);
          }}
        >
          {s.cancelling ? "Cancelling…" : "Cancel"}
        </button>
      </div>
    );
  }
  if (s.kind === "done") {
    return (
      <p role="status" data-testid="run-form-finished">
        Run <Chip value={s.report.status} /> as of {s.report.asOf}: {count(s.report.totalEvaluated)} outcomes for{" "}
        {employeesWording(s.report)} in {duration(s.report.durationMs)}
        {s.report.failureSummary ? ` · ${s.report.failureSummary}` : ""} ·{" "}
        <a href={`#/runs/${s.report.runId}`}>open the run</a>
      </p>
    );
  }
  if (s.kind === "error") {
    return (
      <p className="error-box" role="alert">
        The run was refused: {s.error.message}
      </p>
    );
  }
  return null;
}

/** The run form: scope (measure, site, employee), as-of date, dry run. */
export function RunFormCard(props: { onFinished: () => void }) {
  const measures = useAsync(() => api.measures());
  const [form, setForm] = useState<RunFormData>({ dryRun: false });
  const [state, setState] = useState<RunState>({ kind: "idle" });
  const set = (patch: Partial<RunFormData>) => setForm((f) => ({ ...f, ...patch }));
  const text = (v: string) => (v.trim() === "" ? undefined : v);

  return (
    <section className="card" aria-label="Run form">
      <h2>Start a run</h2>
      <div className="toolbar">
        <select aria-label="Run measure" value={form.measureId ?? ""} onChange={(e) => set({ measureId: text(e.target.value) })}>
          <option value="">Every active measure</option>
          {measures.state.kind === "ready" &&
            measures.state.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </select>
        <input aria-label="Run site" placeholder="Site (all)" value={form.site ?? ""} onChange={(e) => set({ site: text(e.target.value) })} />
        <input
          aria-label="Run employee"
          placeholder="Employee id (all)"
          value={form.employeeExternalId ?? ""}
          onChange={(e) => set({ employeeExternalId: text(e.target.value) })}
        />
        <label>
          As of <input type="date" aria-label="As of" value={form.asOf ?? ""} onChange={(e) => set({ asOf: text(e.target.value) })} />
        </label>
        <label>
          <input type="checkbox" checked={form.dryRun} onChange={(e) => set({ dryRun: e.target.checked })} /> Dry run (touches no case)
        </label>
        <button
          type="button"
          disabled={state.kind === "running"}
          onClick={() => startStreaming((p) => work.startRun(form, p), setState, props.onFinished)}
        >
          Run
        </button>
      </div>
      <p className="muted small">Without a date the run is as of today in the organisation's time zone.</p>
      <RunStatusLine state={state} setState={setState} />
    </section>
  );
}

/** Run history with filters, newest first; `measureId` (from `#/runs?measure=<id>`, the
 * program detail's "Its runs") starts it filtered to that measure. */
export function RunHistory(props: { measureId?: string }) {
  const [query, setQuery] = useState<RunQuery>(props.measureId ? { measureId: props.measureId } : {});
  const runs = useAsync(() => work.runs(RUN_PAGE, query), [query]);
  const measures = useAsync(() => api.measures());
  const set = (patch: Partial<RunQuery>) => setQuery((q) => ({ ...q, ...patch }));
  const pick = (v: string) => (v === "" ? undefined : v);
  return (
    <>
      <RunFormCard onFinished={runs.reload} />
      <div className="toolbar" role="group" aria-label="Run filters">
        <select aria-label="Run measure filter" value={query.measureId ?? ""} onChange={(e) => set({ measureId: pick(e.target.value) })}>
          <option value="">Any measure</option>
          {measures.state.kind === "ready" &&
            measures.state.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </select>
        <select aria-label="Run status" value={query.status ?? ""} onChange={(e) => set({ status: pick(e.target.value) })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        <select aria-label="Run scope" value={query.scopeType ?? ""} onChange={(e) => set({ scopeType: pick(e.target.value) })}>
          <option value="">Any scope</option>
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {scopeLabel(s)}
            </option>
          ))}
        </select>
        <select aria-label="Run trigger" value={query.triggerType ?? ""} onChange={(e) => set({ triggerType: pick(e.target.value) })}>
          <option value="">Any trigger</option>
          {TRIGGERS.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        <select
          aria-label="Dry runs"
          value={query.dryRun === undefined ? "" : String(query.dryRun)}
          onChange={(e) => set({ dryRun: e.target.value === "" ? undefined : e.target.value === "true" })}
        >
          <option value="">Real and dry runs</option>
          <option value="false">Real runs only</option>
          <option value="true">Dry runs only</option>
        </select>
      </div>
      <Async state={runs.state} what="the runs" onRetry={runs.reload}>
        {(history) =>
          history.items.length === 0 ? (
            <Empty>No run matches these filters.</Empty>
          ) : (
            <section className="card">
              <table className="grid" aria-label="Runs">
                <thead>
                  <tr>
                    <th>Started ({history.zone})</th>
                    <th>As of</th>
                    <th>Scope</th>
                    <th>Trigger</th>
                    <th>Status</th>
                    <th className="num">Evaluated</th>
                    <th className="num">Duration</th>
                  </tr>
                </thead>
                <tbody>
                  {history.items.map(({ run: r, asOf, startedLocal, target }) => (
                    <tr key={r.id} data-testid="run-row" {...rowOpener(() => openDetail("runs", r.id))}>
                      <td>{startedLocal}</td>
                      <td>{asOf}</td>
                      <td>
                        {scopeLabel(r.scopeType)}
                        {target ? <span className="muted small"> · {target}</span> : null}
                        {r.dryRun ? <span className="muted"> · dry run</span> : null}
                      </td>
                      <td>{label(r.triggerType)}</td>
                      <td>
                        <Chip value={r.status} />
                      </td>
                      <td className="num">{r.totalEvaluated === null ? "—" : count(r.totalEvaluated)}</td>
                      <td className="num">{duration(r.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        }
      </Async>
    </>
  );
}

/** Runs: the history and run form, or one run when the hash names it (`#/runs/<id>`). */
export function Runs() {
  const runId = useSubPath();
  const measureId = hashParam(useHash(), "measure");
  return runId ? <RunDetail runId={runId} /> : <RunHistory key={measureId ?? ""} measureId={measureId} />;
}
