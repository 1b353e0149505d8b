import { useState } from "react";
import { admin } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { MappingItem } from "../bindings";
import { label } from "../labels";
import { orNull, Refusal, systemName, useAction, useOrgZone, when } from "./AdminParts";

/** The review decisions in the order the buttons show them; which are allowed comes from Rust. */
export const DECISIONS: ReadonlyArray<{ decision: string; label: string }> = [
  { decision: "REVIEW", label: "Review" },
  { decision: "APPROVE", label: "Approve" },
  { decision: "REJECT", label: "Reject" },
];

/**
 * Terminology mappings: local codes and the standard codes they stand for, with their review
 * workflow (PROPOSED -> REVIEWED -> APPROVED, or REJECTED). Only APPROVED mappings count during
 * evaluation.
 */
export function Mappings() {
  const list = useAsync(() => admin.mappings());
  const [status, setStatus] = useState("");
  return (
    <>
      <p className="muted">
        Only an approved mapping changes evaluation: a local code in the FHIR data then counts as its standard code
        for value-set membership.
      </p>
      <Async state={list.state} what="the mappings" onRetry={list.reload}>
        {(rows) => {
          const statuses = Array.from(new Set(rows.map((m) => m.status)));
          const shown = status === "" ? rows : rows.filter((m) => m.status === status);
          return (
            <>
              <div className="toolbar">
                <label>
                  Status{" "}
                  <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Filter by status">
                    <option value="">All ({rows.length})</option>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {label(s)} ({rows.filter((m) => m.status === s).length})
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {shown.length === 0 ? (
                <Empty>No mappings{status === "" ? "" : ` with status ${label(status)}`}.</Empty>
              ) : (
                <section className="card">
                  <table className="grid" aria-label="Terminology mappings">
                    <thead>
                      <tr>
                        <th>Local code</th>
                        <th>Standard code</th>
                        <th>Status</th>
                        <th className="num">Confidence</th>
                        <th>Reviewer</th>
                        <th>Notes</th>
                        <th>Actions</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((m) => (
                        <MappingRowView key={m.id} mapping={m} onChanged={list.reload} />
                      ))}
                    </tbody>
                  </table>
                </section>
              )}
            </>
          );
        }}
      </Async>
      <ProposeMapping onProposed={list.reload} />
    </>
  );
}

/** One mapping with its decision buttons: enabled exactly for the actions Rust allows. */
export function MappingRowView(props: { mapping: MappingItem; onChanged: () => void }) {
  const m = props.mapping;
  const [deciding, setDeciding] = useState<string | null>(null);
  const zone = useOrgZone();
  return (
    <>
      <tr data-testid="mapping-row" data-status={m.status} data-local-code={m.localCode}>
        <td>
          <span className="mono">{m.localCode}</span> {m.localDisplay ?? ""}
          <div className="muted small" title={m.localSystem}>
            {systemName(m.localSystem)}
          </div>
        </td>
        <td>
          <span className="mono">{m.standardCode}</span> {m.standardDisplay ?? ""}
          <div className="muted small" title={m.standardSystem}>
            {systemName(m.standardSystem)}
          </div>
        </td>
        <td>
          <Chip value={m.status} />
        </td>
        <td className="num">{m.confidence === null ? "—" : m.confidence.toFixed(2)}</td>
        <td>
          {m.reviewedBy ?? "—"}
          {m.reviewedAt && <div className="muted small">{when(m.reviewedAt, zone)}</div>}
        </td>
        <td className="small pre">{m.notes ?? ""}</td>
        <td className="actions">
          {m.allowedActions.length === 0 && <span className="muted small">Decided: no further review.</span>}
          {m.allowedActions.length > 0 &&
            DECISIONS.map((d) => {
            const allowed = m.allowedActions.includes(d.decision);
            return (
              <button
                key={d.decision}
                type="button"
                className={d.decision === "REJECT" ? "secondary" : undefined}
                disabled={!allowed}
                aria-pressed={deciding === d.decision}
                title={allowed ? undefined : `${d.label} is not possible for a ${label(m.status).toLowerCase()} mapping`}
                onClick={() => setDeciding(deciding === d.decision ? null : d.decision)}
              >
                {d.label}
              </button>
            );
            })}
        </td>
      </tr>
      {deciding !== null && (
        <tr className="subrow">
          <td colSpan={7}>
            <DecisionForm
              mapping={m}
              decision={deciding}
              onCancel={() => setDeciding(null)}
              onDone={() => {
                setDeciding(null);
                props.onChanged();
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function DecisionForm(props: { mapping: MappingItem; decision: string; onCancel: () => void; onDone: () => void }) {
  const [confidence, setConfidence] = useState(props.mapping.confidence === null ? "" : String(props.mapping.confidence));
  const [notes, setNotes] = useState("");
  const action = useAction<MappingItem>();
  const title = DECISIONS.find((d) => d.decision === props.decision)?.label ?? props.decision;
  const submit = async () => {
    const r = await action.run(() =>
      admin.decideMapping(props.mapping.id, {
        decision: props.decision,
        confidence: orNull(confidence),
        notes: orNull(notes),
      }),
    );
    if (r) props.onDone();
  };
  return (
    <form
      className="inline-form"
      aria-label={`${title} mapping ${props.mapping.localCode}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Confidence (0–1){" "}
        <input
          value={confidence}
          onChange={(e) => setConfidence(e.target.value)}
          inputMode="decimal"
          size={6}
          aria-label="Decision confidence"
        />
      </label>
      <label>
        Notes{" "}
        <input value={notes} onChange={(e) => setNotes(e.target.value)} size={40} aria-label="Decision notes" autoFocus />
      </label>
      <button type="submit" disabled={action.busy} data-testid="confirm-decision">
        {title}
      </button>
      <button type="button" className="secondary" onClick={props.onCancel}>
        Cancel
      </button>
      {action.state.kind === "failed" && <Refusal error={action.state.error} />}
    </form>
  );
}

function ProposeMapping(props: { onProposed: () => void }) {
  const [fields, setFields] = useState({
    localSystem: "",
    localCode: "",
    localDisplay: "",
    standardSystem: "",
    standardCode: "",
    standardDisplay: "",
    confidence: "",
    notes: "",
  });
  const action = useAction<MappingItem>();
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [k]: e.target.value });
  const submit = async () => {
    const r = await action.run(() =>
      admin.proposeMapping({
        localSystem: fields.localSystem,
        localCode: fields.localCode,
        localDisplay: orNull(fields.localDisplay),
        standardSystem: fields.standardSystem,
        standardCode: fields.standardCode,
        standardDisplay: orNull(fields.standardDisplay),
        confidence: orNull(fields.confidence),
        notes: orNull(fields.notes),
      }),
    );
    if (r) props.onProposed();
  };
  const field = (k: keyof typeof fields, text: string, placeholder = "") => (
    <>
      <label htmlFor={`map-${k}`}>{text}</label>
      <input id={`map-${k}`} value={fields[k]} onChange={set(k)} placeholder={placeholder} />
    </>
  );
  return (
    <section className="card section" aria-label="Propose a mapping">
      <h2>Propose a mapping</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="form-grid">
          {field("localSystem", "Local system", "urn:local:clinic-codes")}
          {field("localCode", "Local code")}
          {field("localDisplay", "Local display")}
          {field("standardSystem", "Standard system", "http://www.ama-assn.org/go/cpt")}
          {field("standardCode", "Standard code")}
          {field("standardDisplay", "Standard display")}
          {field("confidence", "Confidence (0–1)")}
          {field("notes", "Notes")}
        </div>
        <button type="submit" disabled={action.busy}>
          Propose
        </button>
      </form>
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not proposed." />}
      {action.state.kind === "done" && (
        <p role="status" className="ok">
          Proposed {action.state.result.localCode} → {action.state.result.standardCode}: it counts once reviewed and
          approved.
        </p>
      )}
    </section>
  );
}
