import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { count, label } from "../labels";

/** How many runs the history shows. */
export const RUN_PAGE = 100;

/** `2026-05-06T14:03:00.123Z` -> `2026-05-06 14:03 UTC`. */
export function shortTime(ts: string | null): string {
  if (!ts) return "—";
  return `${ts.slice(0, 10)} ${ts.slice(11, 16)} UTC`;
}

/** Milliseconds as `850 ms`, `12.4 s` or `3 min 05 s`. */
export function duration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Run history, newest first. */
export function Runs() {
  const runs = useAsync(() => api.runs(RUN_PAGE));
  return (
    <Async state={runs.state} what="the runs" onRetry={runs.reload}>
      {(list) =>
        list.length === 0 ? (
          <Empty>No runs yet.</Empty>
        ) : (
          <section className="card">
            <table className="grid" aria-label="Runs">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Scope</th>
                  <th>Trigger</th>
                  <th>Status</th>
                  <th className="num">Evaluated</th>
                  <th className="num">Duration</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <td>{shortTime(r.startedAt)}</td>
                    <td>
                      {label(r.scopeType)}
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
  );
}
