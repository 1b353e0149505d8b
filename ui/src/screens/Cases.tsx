import { useMemo, useState } from "react";
import { api, toApiError, work, type ApiError } from "../api";
import { Empty, useAsync } from "../components/Async";
import { VirtualTable } from "../components/VirtualList";
import type { BulkResult, CaseQuery, CaseRow, ExportDone } from "../bindings";
import { count, label } from "../labels";
import { CaseDetail } from "./CaseDetail";
import { hashParam, useHash, useSubPath } from "./CasesRoute";
import { keysetLoader } from "./CasesPaging";
import { CaseHeader, CaseRowView } from "./CasesTable";

/** Cases per backend call of the worklist (the list is virtualised over these pages). */
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

/** "2 assigned, 1 refused: ..." for a bulk result. */
export function bulkText(verb: string, r: BulkResult): string {
  const refused = r.items.filter((i) => !i.ok);
  let text = `${count(r.done)} ${verb}`;
  if (refused.length > 0) text += `, ${count(refused.length)} refused: ${refused[0].error ?? ""}`;
  return text;
}

type Notice = { kind: "ok"; text: string } | { kind: "error"; error: ApiError } | null;

/** The case worklist, or one case when the hash names it (`#/cases/<id>`). */
export function Cases() {
  const caseId = useSubPath();
  // `#/cases?measure=<id>` (the program detail's "Open its cases") starts filtered to it.
  const measureId = hashParam(useHash(), "measure");
  return caseId ? <CaseDetail caseId={caseId} /> : <Worklist key={measureId ?? ""} measureId={measureId} />;
}

/** The case worklist: status chips, filters, one page at a time, bulk actions, CSV export.
 * `measureId` starts it filtered to that measure. */
export function Worklist(props: { measureId?: string }) {
  const [query, setQuery] = useState<CaseQuery>({
    status: "open",
    unassigned: false,
    offset: 0,
    limit: CASE_PAGE,
    ...(props.measureId ? { measureId: props.measureId } : {}),
  });
  const measures = useAsync(() => api.measures());
  const sites = useAsync(() => api.sites());
  // The list pages itself (VirtualTable); `reloads` makes it start over after a bulk action.
  const [reloads, setReloads] = useState(0);
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkAssignee, setBulkAssignee] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  // Pages after the engine's cursor (keyset paging): one loader, with its cursors, per query.
  const queryKey = `${JSON.stringify(query)}#${reloads}`;
  const load = useMemo(
    () =>
      keysetLoader<CaseRow>(({ after, skip, limit }) =>
        api.cases({ ...query, ...(after === undefined ? {} : { after }), offset: skip, limit }),
      ),
    // A new query or a reload starts over with no cursors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryKey],
  );
  const update = (patch: Partial<CaseQuery>) => {
    setSelected(new Set());
    setQuery((q) => ({ ...q, offset: 0, ...patch }));
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const bulk = async (action: "ASSIGNED" | "ESCALATED") => {
    setBusy(true);
    try {
      const r = await work.bulkCases({
        caseIds: [...selected],
        action,
        assignee: action === "ASSIGNED" ? bulkAssignee : undefined,
      });
      setNotice({ kind: "ok", text: bulkText(action === "ASSIGNED" ? "assigned" : "escalated", r) });
      setSelected(new Set());
      setReloads((n) => n + 1);
    } catch (e) {
      setNotice({ kind: "error", error: toApiError(e) });
    }
    setBusy(false);
  };
  const exportCsv = async (choose: boolean) => {
    setBusy(true);
    try {
      const path = choose ? await work.choosePath("save", "cases.csv", ["csv"]) : null;
      if (!choose || path) {
        const r: ExportDone = await work.exportCases(query, path);
        setNotice({ kind: "ok", text: `${count(r.rows)} cases written to ${r.path}` });
      }
    } catch (e) {
      setNotice({ kind: "error", error: toApiError(e) });
    }
    setBusy(false);
  };

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
        <select aria-label="Site" value={query.site ?? ""} onChange={(e) => update({ site: e.target.value || undefined })}>
          <option value="">All sites</option>
          {sites.state.kind === "ready" &&
            sites.state.data.map((site) => (
              <option key={site} value={site}>
                {site}
              </option>
            ))}
        </select>
        <button type="button" className="secondary" disabled={busy} onClick={() => exportCsv(false)}>
          Export CSV
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => exportCsv(true)}>
          Export CSV as…
        </button>
      </div>
      {/* Always there (disabled until a row is ticked), so ticking the first row does not
          move the list under the pointer (QA H14). */}
      <div className="toolbar bulk" role="group" aria-label="Bulk actions" data-testid="bulk-bar">
        <span>{selected.size === 0 ? "No case selected" : `${count(selected.size)} selected`}</span>
        <input
          aria-label="Bulk assignee"
          placeholder="Assign to"
          disabled={selected.size === 0}
          value={bulkAssignee}
          onChange={(e) => setBulkAssignee(e.target.value)}
        />
        <button type="button" disabled={busy || selected.size === 0 || bulkAssignee.trim() === ""} onClick={() => bulk("ASSIGNED")}>
          Assign selected
        </button>
        <button type="button" className="secondary" disabled={busy || selected.size === 0} onClick={() => bulk("ESCALATED")}>
          Escalate selected
        </button>
        <button type="button" className="secondary" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
          Clear selection
        </button>
      </div>
      {notice?.kind === "ok" && (
        <p className="notice" role="status">
          {notice.text}
        </p>
      )}
      {notice?.kind === "error" && (
        <p className="error-box" role="alert">
          {notice.error.message}
        </p>
      )}
      <section className="card">
        <p className="muted small" data-testid="case-total">
          {total === null ? "Counting cases…" : `${count(total)} ${total === 1 ? "case" : "cases"}`}
        </p>
        <VirtualTable<CaseRow>
          label="Cases"
          load={load}
          queryKey={queryKey}
          columns={9}
          rowHeight={52}
          height={600}
          pageSize={CASE_PAGE}
          header={(loaded) => (
            <CaseHeader
              allSelected={loaded.length > 0 && loaded.every((c) => selected.has(c.id))}
              onToggleAll={() =>
                setSelected((s) =>
                  loaded.every((c) => s.has(c.id)) ? new Set() : new Set(loaded.map((c) => c.id)),
                )
              }
            />
          )}
          row={(c) => <CaseRowView key={c.id} c={c} selected={selected.has(c.id)} onToggle={toggle} />}
          empty={<Empty>No case matches these filters.</Empty>}
          onTotal={setTotal}
        />
      </section>
    </>
  );
}
