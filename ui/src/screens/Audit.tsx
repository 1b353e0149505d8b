import { Fragment, useState } from "react";
import { api, audit, toApiError, work, type ApiError } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import type { AuditQuery, LedgerCheck } from "../bindings";
import { entityHref, prettyPayload } from "./AuditDetails";
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

/** The verification verdict decided in Rust: green when intact, else every failing problem in
 * red with its entity; notes (changed fixtures) follow in a neutral list. */
function ChainResult(props: { check: LedgerCheck }) {
  const { check } = props;
  const failing = check.problems.filter((p) => p.fails);
  const notes = check.problems.filter((p) => !p.fails);
  return (
    <div data-testid="ledger-check">
      {check.intact ? (
        <p className="chain ok" role="status">
          Ledger intact: {count(check.checked)} events verified, {count(check.casesChecked)} cases agree with their history,{" "}
          {count(check.rulesChecked)} approved rules unchanged.
        </p>
      ) : (
        <div className="chain broken" role="alert">
          <p>
            Verification failed: {count(failing.length)} {failing.length === 1 ? "problem" : "problems"} ({count(check.checked)} events
            verified).
          </p>
          <ul>
            {failing.map((p, i) => (
              <li key={i} className="error">
                <ProblemEntity entityType={p.entityType} entityId={p.entityId} text={p.entityLabel} />: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {notes.length > 0 && (
        <ul className="muted small">
          {notes.map((p, i) => (
            <li key={i}>
              {p.entityLabel}: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ProblemEntity(props: { entityType: string; entityId: string; text: string }) {
  const href = entityHref(props.entityType, props.entityId);
  return href ? <a href={href}>{props.text}</a> : <strong>{props.text}</strong>;
}

type Notice = { kind: "ok"; text: string } | { kind: "error"; error: ApiError } | null;

const EMPTY: AuditQuery = { eventType: null, entityType: null, actor: null, fromDate: null, toDate: null };

/** The audit ledger, newest first: filters, chain verification and CSV export. */
export function Audit() {
  const [query, setQuery] = useState<AuditQuery>(EMPTY);
  const [offset, setOffset] = useState(0);
  const options = useAsync(() => audit.options());
  const events = useAsync(() => audit.search(cleanQuery(query), offset, AUDIT_PAGE), [query, offset]);
  const [check, setCheck] = useState<LedgerCheck | ApiError | "running" | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
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
          Could not verify the ledger: {check.message}
        </div>
      ))}
      {notice?.kind === "ok" && (
        <p className="notice" role="status" data-testid="audit-export">
          {notice.text}
        </p>
      )}
      {notice?.kind === "error" && (
        <p className="error-box" role="alert">
          {notice.error.message}
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
                  {list.map((e) => {
                    const href = entityHref(e.entityType, e.entityId, e.payloadJson);
                    const expanded = open === e.id;
                    return (
                      <Fragment key={e.id}>
                        <tr data-testid="audit-row" className="clickable" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : e.id)}>
                          <td className="num">{e.id}</td>
                          <td>{formatInZone(e.occurredAt, zone)}</td>
                          <td>{label(e.eventType)}</td>
                          <td>
                            {label(e.entityType)}
                            {e.entityId ? (
                              <div className="muted small mono">
                                {href ? (
                                  <a href={href} onClick={(ev) => ev.stopPropagation()}>
                                    {e.entityId}
                                  </a>
                                ) : (
                                  e.entityId
                                )}
                              </div>
                            ) : null}
                          </td>
                          <td>{e.actor ?? "—"}</td>
                          <td className="small mono payload">
                            <button type="button" className="link" aria-label={`Details of event ${e.id}`} onClick={(ev) => { ev.stopPropagation(); setOpen(expanded ? null : e.id); }}>
                              {expanded ? "▾" : "▸"}
                            </button>{" "}
                            {e.payloadJson ?? ""}
                          </td>
                        </tr>
                        {expanded && (
                          <tr data-testid="audit-details">
                            <td colSpan={6}>
                              <pre className="mono small payload-full">{prettyPayload(e.payloadJson) || "(no details)"}</pre>
                              <div className="muted small mono">Hash {e.hash}</div>
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
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
