import { useState } from "react";
import { admin, api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { GrantWaiverDto, MeasureSummary, WaiverRow } from "../bindings";
import { orNull, Refusal, useAction, useOrgZone, when } from "./AdminParts";

/** Waivers: grant with reason, start and expiry; revoke with a reason and a date; the list with names and states. */
export function AdminWaivers() {
  const list = useAsync(() => admin.waivers());
  const measures = useAsync(() => api.measures());
  return (
    <>
      <section className="card" aria-label="Waivers">
        <h2>Waivers</h2>
        <p className="muted small">
          A waiver exempts one employee from one measure between its start and expiry: runs then count them as
          excluded. Medical contraindications and declinations come from the health records instead.
        </p>
        <Async state={list.state} what="the waivers" onRetry={list.reload}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>No waivers granted.</Empty>
            ) : (
              <table className="grid" aria-label="Waivers">
                <thead>
                  <tr>
                    <th>Employee</th>
                    <th>Measure</th>
                    <th>Reason</th>
                    <th>From</th>
                    <th>Until</th>
                    <th>State</th>
                    <th>Granted</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((w) => (
                    <WaiverLine key={w.id} waiver={w} onChanged={list.reload} />
                  ))}
                </tbody>
              </table>
            )
          }
        </Async>
      </section>
      <Async state={measures.state} what="the measures" onRetry={measures.reload}>
        {(ms) => <GrantWaiver measures={ms} onGranted={list.reload} />}
      </Async>
    </>
  );
}

function WaiverLine(props: { waiver: WaiverRow; onChanged: () => void }) {
  const w = props.waiver;
  const [revoking, setRevoking] = useState(false);
  const zone = useOrgZone();
  const [reason, setReason] = useState("");
  const [revokeOn, setRevokeOn] = useState("");
  const action = useAction<null>();
  const revoke = async () => {
    const ok = await action.run(() => admin.revokeWaiver(w.id, reason, orNull(revokeOn)));
    if (ok !== undefined) props.onChanged();
  };
  return (
    <>
      <tr data-testid="waiver-row" data-id={w.id} data-state={w.state}>
        <td>
          {w.employeeName}
          <div className="muted small mono">{w.employeeExternalId}</div>
        </td>
        <td>{w.measureName}</td>
        <td className="small">
          {w.reason}
          {w.revokeReason && (
            <div className="muted">
              Revoked{w.revokedOn ? ` from ${w.revokedOn}` : ""}: {w.revokeReason}
            </div>
          )}
        </td>
        <td className="nowrap">{w.startsOn ?? "—"}</td>
        <td className="nowrap">{w.expiresOn ?? "Until revoked"}</td>
        <td>
          <Chip value={w.state} />
        </td>
        <td className="small">
          {w.grantedBy}
          <div className="muted">{when(w.grantedAt, zone)}</div>
        </td>
        <td>
          {w.canRevoke && (
            <button type="button" className="secondary" onClick={() => setRevoking(!revoking)} aria-expanded={revoking}>
              Revoke…
            </button>
          )}
        </td>
      </tr>
      {revoking && (
        <tr className="subrow">
          <td colSpan={8}>
            <form
              className="inline-form"
              aria-label={`Revoke the waiver of ${w.employeeName}`}
              onSubmit={(e) => {
                e.preventDefault();
                void revoke();
              }}
            >
              <label>
                Reason{" "}
                <input value={reason} onChange={(e) => setReason(e.target.value)} size={40} autoFocus aria-label="Revocation reason" />
              </label>
              <label>
                No longer applies from{" "}
                <input type="date" value={revokeOn} onChange={(e) => setRevokeOn(e.target.value)} aria-label="Revocation date" />
              </label>
              <span className="muted small">Blank: today. Days before it keep the waiver.</span>
              <button type="submit" disabled={action.busy}>
                Revoke
              </button>
              <button type="button" className="secondary" onClick={() => setRevoking(false)}>
                Cancel
              </button>
              {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not revoked." />}
            </form>
          </td>
        </tr>
      )}
    </>
  );
}

function GrantWaiver(props: { measures: MeasureSummary[]; onGranted: () => void }) {
  const [employee, setEmployee] = useState("");
  const [measure, setMeasure] = useState(props.measures[0]?.id ?? "");
  const [reason, setReason] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [expiresOn, setExpiresOn] = useState("");
  const action = useAction<GrantWaiverDto>();
  const submit = async () => {
    const r = await action.run(() =>
      admin.grantWaiver({
        employeeExternalId: employee,
        measureId: measure,
        reason,
        startsOn: orNull(startsOn),
        expiresOn: orNull(expiresOn),
      }),
    );
    if (r) props.onGranted();
  };
  return (
    <section className="card section" aria-label="Grant a waiver">
      <h2>Grant a waiver</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="form-grid">
          <label htmlFor="w-employee">Employee external id</label>
          <input id="w-employee" value={employee} onChange={(e) => setEmployee(e.target.value)} placeholder="E-0001" />
          <label htmlFor="w-measure">Measure</label>
          <select id="w-measure" value={measure} onChange={(e) => setMeasure(e.target.value)}>
            {props.measures.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          <label htmlFor="w-reason">Reason</label>
          <input id="w-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <label htmlFor="w-start">Start date</label>
          <input id="w-start" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
          <label htmlFor="w-expiry">Expiry date</label>
          <input id="w-expiry" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
        </div>
        <p className="muted small">No start date: from today. No expiry: until revoked.</p>
        <button type="submit" disabled={action.busy}>
          Grant
        </button>
      </form>
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not granted." />}
      {action.state.kind === "done" && (
        <div role="status">
          <p className="ok">
            Granted: {action.state.result.waiver.employeeName} is exempt from {action.state.result.waiver.measureName}{" "}
            from {action.state.result.waiver.startsOn ?? "today"}
            {action.state.result.waiver.expiresOn ? ` until ${action.state.result.waiver.expiresOn}` : " until revoked"}.
          </p>
          {action.state.result.warnings.map((w) => (
            <p key={w} className="warn">
              {w}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
