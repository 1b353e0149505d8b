import { useState } from "react";
import { toApiError, work, type ApiError } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { count, label, scopeLabel, valueText } from "../labels";
import { PacketPanel } from "./CaseDetail";
import { detailHash, useReloadable } from "./CasesRoute";
import { duration, RunStatusLine, startStreaming, type RunState } from "./Runs";

/** Outcomes per page of the run detail. */
export const OUTCOME_PAGE = 50;

const OUTCOMES = ["COMPLIANT", "DUE_SOON", "OVERDUE", "MISSING_DATA", "EXCLUDED"] as const;

/** One page of a run's outcomes with a status filter. */
function Outcomes(props: { runId: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const page = useAsync(() => work.runOutcomes(props.runId, status, offset, OUTCOME_PAGE), [props.runId, status, offset]);
  return (
    <section className="card" aria-label="Outcomes">
      <h2>Outcomes</h2>
      <div className="toolbar">
        <select
          aria-label="Outcome status"
          value={status ?? ""}
          onChange={(e) => {
            setOffset(0);
            setStatus(e.target.value || null);
          }}
        >
          <option value="">Every status</option>
          {OUTCOMES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </div>
      <Async state={page.state} what="the outcomes" onRetry={page.reload}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty>No outcome matches.</Empty>
          ) : (
            <>
              <table className="grid compact" aria-label="Run outcomes">
                <thead>
                  <tr>
                    <th>Employee</th>
                    <th>Measure</th>
                    <th>Cycle</th>
                    <th>Status</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {p.items.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <a href={detailHash("employees", o.employeeId)}>{o.employeeName}</a>
                        <div className="muted small">
                          {o.employeeExternalId}
                          {o.site ? ` · ${o.site}` : ""}
                        </div>
                      </td>
                      <td>{o.measure}</td>
                      <td>{o.evaluationPeriod}</td>
                      <td>
                        <Chip value={o.status} />
                      </td>
                      <td className="small">{o.facts.map((f) => `${label(f.name)}: ${valueText(f.value)}`).join(" · ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="toolbar pager">
                <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - OUTCOME_PAGE))}>
                  Previous
                </button>
                <span className="muted">
                  {count(offset + 1)}–{count(offset + p.items.length)} of {count(p.total)}
                </span>
                <button
                  type="button"
                  className="secondary"
                  disabled={offset + p.items.length >= p.total}
                  onClick={() => setOffset(offset + OUTCOME_PAGE)}
                >
                  Next
                </button>
              </div>
            </>
          )
        }
      </Async>
    </section>
  );
}

/** One run: counts, request, logs, outcomes, CSV, packet, rerun and cancel. */
export function RunDetail(props: { runId: string }) {
  const run = useReloadable(() => work.run(props.runId), [props.runId]);
  const [rerun, setRerun] = useState<RunState>({ kind: "idle" });
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const exportCsv = async (choose: boolean) => {
    setExportError(null);
    try {
      const path = choose ? await work.choosePath("save", `outcomes-${props.runId.slice(0, 8)}.csv`, ["csv"]) : null;
      if (choose && !path) return;
      const r = await work.exportRunOutcomes(props.runId, path);
      setExported(`${count(r.rows)} outcomes written to ${r.path}`);
    } catch (e) {
      setExportError(toApiError(e));
    }
  };

  return (
    <>
      <p>
        <a href="#/runs">← Back to the runs</a>
      </p>
      <Async state={run.state} what="the run" onRetry={run.reload}>
        {(d) => (
          <div data-testid="run-detail">
            <section className="card" aria-label="Run">
              <h2>
                {scopeLabel(d.run.scopeType)} run {d.measure ? `of ${d.measure}` : ""} <Chip value={d.run.status} />
                {d.run.dryRun && <span className="muted small"> · dry run</span>}
              </h2>
              <p className="muted small">
                {label(d.run.triggerType)} by {d.triggeredBy ?? "—"} · started {d.startedLocal}
                {d.completedLocal ? ` · finished ${d.completedLocal}` : ""} · {duration(d.run.durationMs)}
              </p>
              <p className="small">Measurement period {d.measurementPeriod}</p>
              <div className="stats">
                {OUTCOMES.map((s) => {
                  const key = ({ COMPLIANT: "compliant", DUE_SOON: "dueSoon", OVERDUE: "overdue", MISSING_DATA: "missingData", EXCLUDED: "excluded" } as const)[s];
                  return (
                    <div key={s} className={`stat stat-${s.toLowerCase()}`}>
                      <div className="n">{count(d.counts[key])}</div>
                      <div className="l">{label(s)}</div>
                    </div>
                  );
                })}
              </div>
              {d.failureSummary && <p className="error-box">{d.failureSummary}</p>}
              {d.partialFailureCount > 0 && <p className="muted">{count(d.partialFailureCount)} employees failed to evaluate.</p>}
              <p className="small">
                Request: {d.request.map((r) => `${label(r.name)}: ${valueText(r.value)}`).join(" · ") || "—"}
              </p>
              <div className="toolbar">
                <button
                  type="button"
                  className="secondary"
                  disabled={rerun.kind === "running" || d.inFlight}
                  onClick={() => startStreaming((p) => work.rerunRun(d.run.id, p), setRerun, () => run.reload())}
                >
                  Run again
                </button>
                <button type="button" className="secondary" onClick={() => exportCsv(false)}>
                  Export outcomes CSV
                </button>
                <button type="button" className="secondary" onClick={() => exportCsv(true)}>
                  Export outcomes CSV as…
                </button>
              </div>
              {d.inFlight && rerun.kind !== "running" && (
                <RunStatusLine state={{ kind: "running", progress: { done: 0, total: null }, cancelling: false }} setState={() => undefined} />
              )}
              <RunStatusLine state={rerun} setState={setRerun} />
              {exported && (
                <p className="notice" role="status">
                  {exported}
                </p>
              )}
              {exportError && (
                <p className="error-box" role="alert">
                  {exportError.message}
                </p>
              )}
            </section>
            <PacketPanel packetType="RUN" entityId={d.run.id} />
            <section className="card" aria-label="Run log">
              <h2>Log</h2>
              {d.logs.length === 0 ? (
                <Empty>No log lines.</Empty>
              ) : (
                <table className="grid compact">
                  <tbody>
                    {d.logs.map((l, i) => (
                      <tr key={i}>
                        <td className="small muted">{l.atLocal}</td>
                        <td>
                          <Chip value={l.level} />
                        </td>
                        <td>{l.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <Outcomes runId={d.run.id} />
          </div>
        )}
      </Async>
    </>
  );
}
