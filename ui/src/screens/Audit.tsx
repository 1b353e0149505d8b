import { useState } from "react";
import { api, audit, toApiError, work, type ApiError } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import type { AuditQuery, ChainCheck } from "../bindings";
import { count, label } from "../labels";
import { formatInZone } from "./ProgramCardData";

/** Events per page of the audit log. */
export const AUDIT_PAGE = 100;

/** The query with empty fields left out (they do not filter). */
export function cleanQuery(q: AuditQuery): AuditQuery {
  const blank = (v: string | null | undefined) => (v && v.trim() !== "" ? v.trim() : null);
  return {
    eventType: blank(q.eventType),
    entityType: blank(q.entityType),
    actor: blank(q.actor),
    fromDate: blank(q.fromDate),
    toDate: blank(q.toDate),
  };
}

/** "Events 101–200" for the page at `offset` showing `shown` rows. */
export function auditPageText(offset: number, shown: number): string {
  if (shown === 0) return "No events";
  return `Events ${count(offset + 1)}–${count(offset + shown)}, newest first`;
}

function ChainResult(props: { check: ChainCheck }) {
  const { check } = props;
  return check.intact ? (
    <p className="chain ok" role="status">
      Ledger intact: {count(check.checked)} events verified.
    </p>
  ) : (
    <p className="chain broken" role="alert">
      Ledger broken at event {check.brokenAt}: {check.reason}
    </p>
  );
}

type Notice = { kind: "ok"; text: string } | { kind: "error"; error: ApiError } | null;

const EMPTY: AuditQuery = { eventType: null, entityType: null, actor: null, fromDate: null, toDate: null };

/** The audit ledger, newest first: filters, chain verification and CSV export. */
export function Audit() {
  const [query, setQuery] = useState<AuditQuery>(EMPTY);
  const [offset, setOffset] = useState(0);
  const options = useAsync(() => audit.options());
  const events = useAsync(() => audit.search(cleanQuery(query), offset, AUDIT_PAGE), [query, offset]);
  const [check, setCheck] = useState<ChainCheck | ApiError | "running" | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const zone = options.state.kind === "ready" ? options.state.data.timeZone : undefined;
  const update = (patch: Partial<AuditQuery>) => {
    setOffset(0);
    setQuery((q) => ({ ...q, ...patch }));
  };

  const verify = () => {
    setCheck("running");
    api.verifyAudit().then(setCheck, (e) => setCheck(toApiError(e)));
  };
  const exportCsv = async (choose: boolean) => {
    setBusy(true);
    try {
      const path = choose ? await work.choosePath("save", "audit-events.csv", ["csv"]) : null;
      if (!choose || path) {
        const r = await audit.exportCsv(cleanQuery(query), path);
        setNotice({ kind: "ok", text: `${count(r.rows)} events written to ${r.path}` });
      }
    } catch (e) {
      setNotice({ kind: "error", error: toApiError(e) });
    }
    setBusy(false);
  };

  return (
    <>
      <div className="toolbar" role="group" aria-label="Audit filters">
        <select aria-label="Event type" value={query.eventType ?? ""} onChange={(e) => update({ eventType: e.target.value || null })}>
          <option value="">Every event type</option>
          {options.state.kind === "ready" &&
            options.state.data.eventTypes.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
        </select>
        <select aria-label="Entity type" value={query.entityType ?? ""} onChange={(e) => update({ entityType: e.target.value || null })}>
          <option value="">Every entity</option>
          {options.state.kind === "ready" &&
            options.state.data.entityTypes.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
        </select>
        <input aria-label="Actor" placeholder="Actor" value={query.actor ?? ""} onChange={(e) => update({ actor: e.target.value })} />
        <label>
          From <input type="date" aria-label="From date" value={query.fromDate ?? ""} onChange={(e) => update({ fromDate: e.target.value || null })} />
        </label>
        <label>
          To <input type="date" aria-label="To date" value={query.toDate ?? ""} onChange={(e) => update({ toDate: e.target.value || null })} />
        </label>
        {zone && <span className="muted small">Dates in {zone}</span>}
      </div>
      <div className="toolbar">
        <button type="button" onClick={verify} disabled={check === "running"}>
          Verify chain
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => exportCsv(false)}>
          Export CSV
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => exportCsv(true)}>
          Export CSV as…
        </button>
        <button type="button" className="secondary" onClick={() => update(EMPTY)}>
          Clear filters
        </button>
      </div>
      {check === "running" && <p className="loading">Verifying every event…</p>}
      {check && check !== "running" && ("intact" in check ? <ChainResult check={check} /> : (
        <div className="error-box" role="alert">
          Could not verify the ledger: {check.message} <span className="error-code">({check.code})</span>
        </div>
      ))}
      {notice?.kind === "ok" && (
        <p className="notice" role="status" data-testid="audit-export">
          {notice.text}
        </p>
      )}
      {notice?.kind === "error" && (
        <p className="error-box" role="alert">
          {notice.error.message} <span className="error-code">({notice.error.code})</span>
        </p>
      )}
      <Async state={events.state} what="the audit events" onRetry={events.reload}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No event matches these filters.</Empty>
          ) : (
            <section className="card">
              <table className="grid" aria-label="Audit events">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>When ({zone ?? "UTC"})</th>
                    <th>Event</th>
                    <th>Entity</th>
                    <th>Actor</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.id} data-testid="audit-row">
                      <td className="num">{e.id}</td>
                      <td>{formatInZone(e.occurredAt, zone)}</td>
                      <td>{label(e.eventType)}</td>
                      <td>
                        {label(e.entityType)}
                        {e.entityId ? <div className="muted small mono">{e.entityId}</div> : null}
                      </td>
                      <td>{e.actor ?? "—"}</td>
                      <td className="small mono payload">{e.payloadJson ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="toolbar pager">
                <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE))}>
                  Newer
                </button>
                <span className="muted">{auditPageText(offset, list.length)}</span>
                <button type="button" className="secondary" disabled={list.length < AUDIT_PAGE} onClick={() => setOffset(offset + AUDIT_PAGE)}>
                  Older
                </button>
              </div>
            </section>
          )
        }
      </Async>
    </>
  );
}
