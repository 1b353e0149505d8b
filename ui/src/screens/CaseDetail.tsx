import { useState, type ReactNode } from "react";
import { ApiError, toApiError, work } from "../api";
import type {
  CaseDetailDto,
  NamedValue,
  OutreachPreviewDto,
  OutreachSent,
  PacketCheck,
  PacketWritten,
} from "../bindings";
import { Async, Empty } from "../components/Async";
import { Chip } from "../components/Chip";
import { label, valueText } from "../labels";
import { detailHash, useReloadable } from "./CasesRoute";

/** What the last action said: a sentence, or the engine's refusal. */
type Notice = { kind: "ok"; text: string } | { kind: "error"; error: ApiError } | null;

/** Runs `fn`, then reports `ok(result)` or the error; `after` runs on success (reload). */
export async function perform<T>(
  fn: () => Promise<T>,
  ok: (result: T) => string,
  setNotice: (n: Notice) => void,
  after: () => void,
): Promise<T | null> {
  try {
    const result = await fn();
    setNotice({ kind: "ok", text: ok(result) });
    after();
    return result;
  } catch (e) {
    setNotice({ kind: "error", error: toApiError(e) });
    return null;
  }
}

function NoticeLine(props: { notice: Notice }) {
  const n = props.notice;
  if (!n) return null;
  if (n.kind === "ok") {
    return (
      <p className="notice" role="status" data-testid="case-notice">
        {n.text}
      </p>
    );
  }
  return (
    <p className="error-box" role="alert" data-testid="case-error">
      {n.error.message}
    </p>
  );
}

/** A two-column list of named values with readable names. */
export function Facts(props: { items: NamedValue[]; raw?: boolean; empty: string }) {
  if (props.items.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <table className="grid compact facts">
      <tbody>
        {props.items.map((f) => (
          <tr key={f.name}>
            <th scope="row">{props.raw ? f.name : label(f.name)}</th>
            <td>{valueText(f.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Field(props: { name: string; children: ReactNode }) {
  return (
    <div className="field">
      <div className="l">{props.name}</div>
      <div className="v">{props.children}</div>
    </div>
  );
}

/** Assign, note, escalate, schedule, resolve, rerun: the forms for the actions offered. */
function Actions(props: { c: CaseDetailDto; reload: () => void }) {
  const { c } = props;
  const allowed = (a: string) => c.allowedActions.includes(a);
  const [assignee, setAssignee] = useState(c.assignee ?? c.currentUser);
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [date, setDate] = useState(c.today);
  const [resolution, setResolution] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const run = async <T,>(fn: () => Promise<T>, ok: (r: T) => string) => {
    setBusy(true);
    await perform(fn, ok, setNotice, props.reload);
    setBusy(false);
  };

  return (
    <section className="card" aria-label="Case actions">
      <h2>Actions</h2>
      <NoticeLine notice={notice} />
      <div className="action-grid">
        {allowed("ASSIGNED") && (
          <div className="action">
            <input
              aria-label="Assignee"
              data-testid="assign-input"
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
            />
            <button
              type="button"
              data-testid="assign-button"
              disabled={busy}
              onClick={() =>
                run(
                  () => work.assign(c.id, assignee.trim() === "" ? null : assignee),
                  () => (assignee.trim() === "" ? "Assignment cleared." : `Assigned to ${assignee.trim()}.`),
                )
              }
            >
              {assignee.trim() === "" ? "Unassign" : "Assign"}
            </button>
          </div>
        )}
        {allowed("ESCALATED") && (
          <div className="action">
            <input aria-label="Escalation reason" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                run(
                  () => work.escalate(c.id, reason.trim() || null),
                  (r) => `Escalated: priority ${label(r.priority)}, status ${label(r.status)}.`,
                )
              }
            >
              Escalate
            </button>
          </div>
        )}
        {allowed("APPOINTMENT_SCHEDULED") && (
          <div className="action">
            <input type="date" aria-label="Appointment date" min={c.today} value={date} onChange={(e) => setDate(e.target.value)} />
            <button
              type="button"
              className="secondary"
              disabled={busy || date === ""}
              onClick={() => run(() => work.schedule(c.id, date, null), () => `Appointment scheduled for ${date}.`)}
            >
              Schedule appointment
            </button>
          </div>
        )}
        {allowed("RERUN_TO_VERIFY") && (
          <div className="action">
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                run(
                  () => work.rerunCase(c.id),
                  (r) =>
                    r.resolved
                      ? `Rerun found ${label(r.outcomeStatus)}: the case is resolved.`
                      : `Rerun ${label(r.runStatus)}: outcome ${label(r.outcomeStatus)}; the case stays ${label(r.caseStatus)}.`,
                )
              }
            >
              Rerun to verify
            </button>
          </div>
        )}
        <div className="action wide">
          <input aria-label="Note" placeholder="Note" value={note} onChange={(e) => setNote(e.target.value)} />
          <button
            type="button"
            className="secondary"
            disabled={busy || note.trim() === ""}
            onClick={() =>
              run(
                () => work.addNote(c.id, note),
                () => {
                  setNote("");
                  return "Note added.";
                },
              )
            }
          >
            Add note
          </button>
        </div>
        {allowed("RESOLVED") && (
          <div className="action wide">
            <input
              aria-label="Resolution note"
              placeholder="Resolution note (required)"
              value={resolution}
              onChange={(e) => setResolution(e.target.value)}
            />
            <button
              type="button"
              className="secondary"
              disabled={busy || resolution.trim() === ""}
              onClick={() => run(() => work.resolve(c.id, resolution), () => "Case closed.")}
            >
              Resolve
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/** Outreach: pick a template (the engine offers the case's measure's and general ones, with
 * its default first selected), preview, then send the previewed message. */
export function Outreach(props: { c: CaseDetailDto; reload: () => void }) {
  const [preview, setPreview] = useState<OutreachPreviewDto | null>(null);
  const [sent, setSent] = useState<OutreachSent | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [template, setTemplate] = useState<string | null>(props.c.defaultTemplate);
  const can = props.c.allowedActions.includes("OUTREACH_SENT");
  const templates = props.c.outreachTemplates;

  const pick = (key: string) => {
    // A preview shows one template: another pick needs a new preview before sending.
    setTemplate(key);
    setPreview(null);
  };
  const doPreview = async () => {
    setBusy(true);
    setSent(null);
    const p = await perform(
      () => work.previewOutreach(props.c.id, template),
      () => "Preview ready: read it, then send.",
      setNotice,
      () => undefined,
    );
    setPreview(p);
    setBusy(false);
  };
  const doSend = async () => {
    setBusy(true);
    const s = await perform(
      () => work.sendOutreach(props.c.id, template),
      (r) => `Outreach ${label(r.status).toLowerCase()} to ${r.toAddress} (${r.provider}).`,
      setNotice,
      props.reload,
    );
    if (s) {
      setSent(s);
      setPreview(null);
    }
    setBusy(false);
  };

  return (
    <section className="card" aria-label="Outreach">
      <h2>Outreach</h2>
      {!can && <Empty>Outreach is for open cases only.</Empty>}
      {can && (
        <div className="toolbar">
          {templates.length > 0 && (
            <select
              aria-label="Outreach template"
              data-testid="outreach-template"
              value={template ?? ""}
              disabled={busy}
              onChange={(e) => pick(e.target.value)}
            >
              {templates.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                  {t.forMeasure ? ` (${props.c.measureName})` : " (any measure)"}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="secondary" data-testid="outreach-preview" onClick={doPreview} disabled={busy}>
            Preview outreach
          </button>
          <button type="button" data-testid="outreach-send" onClick={doSend} disabled={busy || preview === null}>
            Send
          </button>
        </div>
      )}
      {/* A closed case offers no outreach: an earlier send's notice would be stale (QA H13). */}
      {can && <NoticeLine notice={notice} />}
      {can && preview && (
        <div className="preview" data-testid="outreach-preview-box">
          <div className="muted small">
            To {preview.toAddress} · template “{preview.templateName}” · due {preview.dueDate} · provider{" "}
            {preview.provider === "simulated" ? "simulated (nothing leaves this machine)" : preview.provider}
          </div>
          <div className="subject">{preview.subject}</div>
          <pre className="body">{preview.bodyText}</pre>
        </div>
      )}
      {can && sent && (
        <p data-testid="outreach-sent">
          Delivery: <Chip value={sent.status} /> {sent.errorDetail ? ` · ${sent.errorDetail}` : ""}
        </p>
      )}
      {props.c.deliveries.length > 0 && (
        <table className="grid compact" aria-label="Outreach attempts">
          <thead>
            <tr>
              <th>Sent</th>
              <th>To</th>
              <th>Subject</th>
              <th>Provider</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {props.c.deliveries.map((d) => (
              <tr key={d.id}>
                <td>{d.sentAtLocal}</td>
                <td>{d.toAddress}</td>
                <td>{d.subject}</td>
                <td>{d.provider}</td>
                <td>
                  <Chip value={d.status} />
                  {d.errorDetail ? <div className="muted small">{d.errorDetail}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Packet export (export folder or Save as…) with its SHA-256, and re-hash verification. */
export function PacketPanel(props: { packetType: "CASE" | "RUN"; entityId: string; reload?: () => void }) {
  const [format, setFormat] = useState<"json" | "html">("json");
  const [written, setWritten] = useState<PacketWritten | null>(null);
  const [check, setCheck] = useState<PacketCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const exportTo = async (path: string | null) => {
    setBusy(true);
    setCheck(null);
    const w = await perform(
      () => work.exportPacket(props.packetType, props.entityId, format, path),
      (r) => `Packet written to ${r.path}.`,
      setNotice,
      props.reload ?? (() => undefined),
    );
    if (w) setWritten(w);
    setBusy(false);
  };
  const saveAs = async () => {
    const name = `${props.packetType.toLowerCase()}-${props.entityId.slice(0, 8)}.${format}`;
    try {
      const path = await work.choosePath("save", name, [format]);
      if (path) await exportTo(path);
    } catch (e) {
      setNotice({ kind: "error", error: toApiError(e) });
    }
  };
  const verify = async (path: string) => {
    setBusy(true);
    const c = await perform(
      () => work.verifyPacket(path),
      (r) => (r.verified ? "Verified: the file's SHA-256 matches its export record." : "Not verified: no export record has this file's SHA-256."),
      setNotice,
      () => undefined,
    );
    setCheck(c);
    setBusy(false);
  };
  const verifyOther = async () => {
    try {
      const path = await work.choosePath("open", "", ["json", "html"]);
      if (path) await verify(path);
    } catch (e) {
      setNotice({ kind: "error", error: toApiError(e) });
    }
  };

  return (
    <section className="card" aria-label="Packet">
      <h2>{props.packetType === "CASE" ? "Case packet" : "Run packet"}</h2>
      <div className="toolbar">
        <select aria-label="Packet format" value={format} onChange={(e) => setFormat(e.target.value as "json" | "html")}>
          <option value="json">JSON</option>
          <option value="html">HTML (printable)</option>
        </select>
        <button type="button" data-testid="packet-export" disabled={busy} onClick={() => exportTo(null)}>
          Export to the exports folder
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={saveAs}>
          Save as…
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={verifyOther}>
          Verify a file…
        </button>
      </div>
      <NoticeLine notice={notice} />
      {written && (
        <div className="packet" data-testid="packet-written">
          <Field name="File">
            <span className="mono" data-testid="packet-path">
              {written.path}
            </span>
          </Field>
          <Field name="SHA-256">
            <span className="mono" data-testid="packet-sha256">
              {written.sha256}
            </span>
          </Field>
          <Field name="Size">{written.sizeBytes.toLocaleString("en-US")} bytes</Field>
          <button type="button" className="secondary" data-testid="packet-verify" disabled={busy} onClick={() => verify(written.path)}>
            Verify
          </button>
        </div>
      )}
      {check && (
        <p className={check.verified ? "chain ok" : "chain broken"} data-testid="packet-check">
          {check.verified ? "Verified" : "Mismatch"}: SHA-256 <span className="mono">{check.sha256}</span> ({check.sizeBytes.toLocaleString("en-US")} bytes)
          {check.verified ? ` matches export ${check.exportId}.` : check.recordedHashes.length > 0 ? `; recorded: ${check.recordedHashes.join(", ")}.` : "."}
        </p>
      )}
    </section>
  );
}

function Timeline(props: { c: CaseDetailDto }) {
  return (
    <section className="card" aria-label="Timeline">
      <h2>Timeline</h2>
      {props.c.timeline.length === 0 ? (
        <Empty>Nothing has happened on this case yet.</Empty>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {props.c.timeline.map((t, i) => (
            <li key={`${t.at}-${i}`}>
              <div>
                <strong>{label(t.kind)}</strong> <span className="muted small">{t.source === "AUDIT" ? "ledger" : "action"}</span>
              </div>
              <div className="muted small">
                {t.atLocal}
                {t.actor ? ` · ${t.actor}` : ""}
              </div>
              {t.details.length > 0 && (
                <div className="small">
                  {t.details.map((d) => (
                    <span key={d.name} className="detail">
                      {label(d.name)}: {valueText(d.value)}
                    </span>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** One case: who, what, why flagged, actions, outreach, packet and timeline. */
export function CaseDetail(props: { caseId: string }) {
  const detail = useReloadable(() => work.caseDetail(props.caseId), [props.caseId]);
  return (
    <>
      <p>
        <a href="#/cases">← Back to the worklist</a>
      </p>
      <Async state={detail.state} what="the case" onRetry={detail.reload}>
        {(c) => (
          <div className="case-detail" data-testid="case-detail">
            <section className="card" aria-label="Case">
              <h2>
                <a href={detailHash("employees", c.employee.id)}>{c.employee.name}</a>{" "}
                <span className="muted small">
                  {c.employee.externalId}
                  {c.employee.role ? ` · ${c.employee.role}` : ""}
                  {c.employee.site ? ` · ${c.employee.site}` : ""}
                </span>
              </h2>
              <div className="fields">
                <Field name="Measure">
                  {c.measureName} <span className="muted">v{c.measureVersion}</span> · cycle {c.evaluationPeriod}
                </Field>
                <Field name="Outcome">
                  <Chip value={c.currentOutcomeStatus} />
                </Field>
                <Field name="Status">
                  <span data-testid="case-status">
                    <Chip value={c.status} />
                  </span>
                </Field>
                <Field name="Priority">
                  <Chip value={c.priority} />
                </Field>
                <Field name="Assignee">
                  <span data-testid="case-assignee">{c.assignee ?? "Unassigned"}</span>
                </Field>
                <Field name="Opened">{c.createdLocal}</Field>
                <Field name="Updated">{c.updatedLocal}</Field>
                {c.closedLocal && (
                  <Field name="Closed">
                    {c.closedLocal} by {c.closedBy ?? "—"}
                    {c.closedReason ? ` · ${c.closedReason}` : ""}
                  </Field>
                )}
              </div>
              {c.nextAction && (
                <p className="next-action">
                  <strong>Next action:</strong> {c.nextAction}
                </p>
              )}
              <p className="muted small">Times in {c.timeZone}.</p>
            </section>
            <div className="two-col">
              <section className="card" aria-label="Why flagged">
                <h2>Why flagged</h2>
                {c.why.evaluationError && <p className="error-box">Evaluation failed: {c.why.evaluationError}</p>}
                {c.why.measurementPeriod && <p className="muted small">Measurement period {c.why.measurementPeriod}</p>}
                <Facts items={c.why.facts} empty="No explanation was stored with the outcome." />
                <h2 className="section">CQL define results</h2>
                <Facts items={c.why.defines} raw empty="No define results were stored." />
              </section>
              <div>
                {/* Not keyed on the case's state: a remount would drop the confirmation of the
                    action that changed it (QA H13). */}
                <Actions c={c} reload={detail.reload} />
                <Outreach c={c} reload={detail.reload} />
                <PacketPanel packetType="CASE" entityId={c.id} reload={detail.reload} />
              </div>
            </div>
            <Timeline c={c} />
          </div>
        )}
      </Async>
    </>
  );
}
