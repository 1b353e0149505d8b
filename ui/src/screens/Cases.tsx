import { useState } from "react";
import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { CaseQuery } from "../bindings";
import { count, label } from "../labels";

/** Cases per page of the worklist. */
export const CASE_PAGE = 50;

/** The status chips: `open` means OPEN and IN_PROGRESS (decided by the engine's filter). */
export const STATUS_CHIPS: ReadonlyArray<{ value: string | undefined; title: string }> = [
  { value: "open", title: "Open" },
  { value: "IN_PROGRESS", title: label("IN_PROGRESS") },
  { value: "RESOLVED", title: label("RESOLVED") },
  { value: "CLOSED", title: label("CLOSED") },
  { value: "EXCLUDED", title: label("EXCLUDED") },
  { value: undefined, title: "All" },
];

const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

/** "Showing 51–100 of 1,234". */
export function pageText(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return `0 of ${count(total)}`;
  return `${count(offset + 1)}–${count(offset + shown)} of ${count(total)}`;
}

/** The case worklist: status chips, filters, one page at a time. */
export function Cases() {
  const [query, setQuery] = useState<CaseQuery>({ status: "open", unassigned: false, offset: 0, limit: CASE_PAGE });
  const measures = useAsync(() => api.measures());
  const page = useAsync(() => api.cases(query), [query]);
  const update = (patch: Partial<CaseQuery>) => setQuery((q) => ({ ...q, offset: 0, ...patch }));

  return (
    <>
      <div className="toolbar" role="group" aria-label="Case status">
        {STATUS_CHIPS.map((c) => (
          <button
            type="button"
            key={c.title}
            className={query.status === c.value ? undefined : "secondary"}
            aria-pressed={query.status === c.value}
            onClick={() => update({ status: c.value })}
          >
            {c.title}
          </button>
        ))}
      </div>
      <div className="toolbar" role="group" aria-label="Case filters">
        <select
          aria-label="Measure"
          value={query.measureId ?? ""}
          onChange={(e) => update({ measureId: e.target.value || undefined })}
        >
          <option value="">All measures</option>
          {measures.state.kind === "ready" &&
            measures.state.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </select>
        <select
          aria-label="Priority"
          value={query.priority ?? ""}
          onChange={(e) => update({ priority: e.target.value || undefined })}
        >
          <option value="">Any priority</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {label(p)}
            </option>
          ))}
        </select>
        <input
          aria-label="Assignee"
          placeholder="Assignee"
          disabled={query.unassigned}
          value={query.assignee ?? ""}
          onChange={(e) => update({ assignee: e.target.value || undefined })}
        />
        <label>
          <input
            type="checkbox"
            checked={query.unassigned}
            onChange={(e) => update({ unassigned: e.target.checked })}
          />{" "}
          Unassigned
        </label>
        <input
          aria-label="Site"
          placeholder="Site"
          value={query.site ?? ""}
          onChange={(e) => update({ site: e.target.value || undefined })}
        />
      </div>
      <Async state={page.state} what="the cases" onRetry={page.reload}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty>No case matches these filters.</Empty>
          ) : (
            <section className="card">
              <table className="grid" aria-label="Cases">
                <thead>
                  <tr>
                    <th>Employee</th>
                    <th>Measure</th>
                    <th>Cycle</th>
                    <th>Outcome</th>
                    <th>Status</th>
                    <th>Priority</th>
                    <th>Assignee</th>
                    <th>Next action</th>
                  </tr>
                </thead>
                <tbody>
                  {p.items.map((c) => (
                    <tr key={c.id} data-testid="case-row">
                      <td>
                        {c.employeeName}
                        <div className="muted small">
                          {c.employeeExternalId}
                          {c.site ? ` · ${c.site}` : ""}
                        </div>
                      </td>
                      <td>{c.measureName}</td>
                      <td>{c.evaluationPeriod}</td>
                      <td>
                        <Chip value={c.currentOutcomeStatus} />
                      </td>
                      <td>
                        <Chip value={c.status} />
                      </td>
                      <td>
                        <Chip value={c.priority} />
                      </td>
                      <td>{c.assignee ?? <span className="muted">Unassigned</span>}</td>
                      <td className="small">{c.nextAction ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="toolbar pager">
                <button
                  type="button"
                  className="secondary"
                  disabled={query.offset === 0}
                  onClick={() => setQuery((q) => ({ ...q, offset: Math.max(0, q.offset - q.limit) }))}
                >
                  Previous
                </button>
                <span className="muted">{pageText(query.offset, p.items.length, p.total)}</span>
                <button
                  type="button"
                  className="secondary"
                  disabled={query.offset + p.items.length >= p.total}
                  onClick={() => setQuery((q) => ({ ...q, offset: q.offset + q.limit }))}
                >
                  Next
                </button>
              </div>
            </section>
          )
        }
      </Async>
    </>
  );
}
