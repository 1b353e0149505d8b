import { useState } from "react";
import { api, toApiError, type ApiError } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import type { ChainCheck } from "../bindings";
import { count, label } from "../labels";
import { shortTime } from "./Runs";

/** Events per page of the audit log. */
export const AUDIT_PAGE = 100;

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

/** The audit ledger, newest first, with chain verification. */
export function Audit() {
  const [eventType, setEventType] = useState("");
  const [offset, setOffset] = useState(0);
  const events = useAsync(() => api.auditEvents(eventType || null, offset, AUDIT_PAGE), [eventType, offset]);
  const [check, setCheck] = useState<ChainCheck | ApiError | "running" | null>(null);

  const verify = () => {
    setCheck("running");
    api.verifyAudit().then(setCheck, (e) => setCheck(toApiError(e)));
  };

  return (
    <>
      <div className="toolbar">
        <input
          aria-label="Event type"
          placeholder="Event type, e.g. CASE_ASSIGNED"
          value={eventType}
          onChange={(e) => {
            setOffset(0);
            setEventType(e.target.value.trim().toUpperCase());
          }}
        />
        <button type="button" onClick={verify} disabled={check === "running"}>
          Verify chain
        </button>
      </div>
      {check === "running" && <p className="loading">Verifying every event…</p>}
      {check && check !== "running" && ("intact" in check ? <ChainResult check={check} /> : (
        <div className="error-box" role="alert">
          Could not verify the ledger: {check.message} <span className="error-code">({check.code})</span>
        </div>
      ))}
      <Async state={events.state} what="the audit events" onRetry={events.reload}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No events{eventType ? ` of type ${eventType}` : ""}.</Empty>
          ) : (
            <section className="card">
              <table className="grid" aria-label="Audit events">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>When</th>
                    <th>Event</th>
                    <th>Entity</th>
                    <th>Actor</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.id}>
                      <td className="num">{e.id}</td>
                      <td>{shortTime(e.occurredAt)}</td>
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
