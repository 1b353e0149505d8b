import { useState } from "react";
import { studio } from "../api";
import type { FixtureReportDto, FixtureRow } from "../bindings";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { label } from "../labels";
import { useOrgZone } from "./AdminParts";
import type { TabProps } from "./Studio";
import {
  draftFromForm,
  EXPECTED_STATUSES,
  formFromRow,
  newFixtureForm,
  todayIn,
  type FixtureForm,
} from "./StudioFixtureModel";
import { allows, noticeFor, type Notice } from "./StudioModel";

/** What the editor is doing: adding a fixture, or editing the one named. */
type Editing = { mode: "add" } | { mode: "edit"; name: string };

/**
 * The Fixtures tab: the measure's test fixtures, a run of them against this version, and (on a
 * DRAFT) adding, editing and removing them. Fixtures belong to the measure; the engine lets
 * them change only for a DRAFT, because approved versions were tested against them.
 */
export function StudioFixtures(props: TabProps) {
  const v = props.version;
  const editable = allows(v, "EDIT");
  const zone = useOrgZone();
  const list = useAsync(() => studio.fixtures(props.measure.id), [props.measure.id]);
  const [report, setReport] = useState<FixtureReportDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState<FixtureForm | null>(null);
  const [refusal, setRefusal] = useState<Notice | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      const r = await studio.runFixtures(v.id);
      setReport(r);
      props.notify(
        r.passed === r.total
          ? { tone: "good", title: "Fixtures pass", text: `${r.passed} of ${r.total} fixtures pass on version ${v.version}.` }
          : { tone: "refused", title: "Fixtures fail", text: `${r.total - r.passed} of ${r.total} fixtures fail on version ${v.version}.` },
      );
    } catch (e) {
      props.notify(noticeFor("Run fixtures", e));
    } finally {
      setBusy(false);
    }
  };

  const open = (next: Editing, f: FixtureForm) => {
    setEditing(next);
    setForm(f);
    setRefusal(null);
    setConfirmRemove(null);
  };
  const close = () => {
    setEditing(null);
    setForm(null);
    setRefusal(null);
  };

  const save = async () => {
    if (!editing || !form) return;
    const action = editing.mode === "add" ? "Add fixture" : "Save fixture";
    setBusy(true);
    try {
      const draft = draftFromForm(form);
      const c = editing.mode === "add" ? await studio.addFixture(v.id, draft) : await studio.editFixture(v.id, editing.name, draft);
      props.notify({
        tone: "good",
        title: action,
        text: c.changed
          ? `Fixture ${c.name} ${c.action === "ADDED" ? "added" : "saved"} for draft ${c.version}. Run the fixtures to see its result.`
          : `Fixture ${c.name} is unchanged.`,
      });
      close();
      setReport(null);
      list.reload();
    } catch (e) {
      const n = noticeFor(action, e);
      setRefusal(n);
      props.notify(n);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (name: string) => {
    setBusy(true);
    try {
      const c = await studio.removeFixture(v.id, name);
      props.notify({ tone: "good", title: "Remove fixture", text: `Fixture ${c.name} removed for draft ${c.version}.` });
      setConfirmRemove(null);
      setReport(null);
      if (editing?.mode === "edit" && editing.name === name) close();
      list.reload();
    } catch (e) {
      props.notify(noticeFor("Remove fixture", e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Async state={list.state} what="the fixtures" onRetry={list.reload}>
      {(fixtures) => (
        <div className="studio-fixtures">
          <div className="toolbar">
            <span>
              {fixtures.length} fixture(s) for this measure; every version is checked against the same cases.
            </span>
            <button type="button" onClick={() => void run()} disabled={busy || fixtures.length === 0} data-testid="run-fixtures">
              {busy ? "Running…" : `Run fixtures on ${v.version}`}
            </button>
            {editable && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => open({ mode: "add" }, newFixtureForm(todayIn(zone ?? "UTC"), fixtures[0]))}
                data-testid="add-fixture"
              >
                Add fixture
              </button>
            )}
          </div>
          {!editable && (
            <p className="muted small" data-testid="fixtures-frozen">
              Version {v.version} is {label(v.status).toLowerCase()}: its approval was tested against these fixtures, so they
              change only while a new version is drafted.
            </p>
          )}
          {editing && form && (
            <FixtureEditor
              editing={editing}
              form={form}
              busy={busy}
              refusal={refusal}
              onChange={setForm}
              onSave={() => void save()}
              onCancel={close}
            />
          )}
          {fixtures.length === 0 ? (
            <Empty>This measure has no test fixtures; approval needs at least one.</Empty>
          ) : (
            <table className="grid" aria-label="Fixtures">
              <thead>
                <tr>
                  <th>Fixture</th>
                  <th>As of</th>
                  <th>Employee</th>
                  <th>Records</th>
                  <th>Expected</th>
                  <th>Actual</th>
                  {editable && <th />}
                </tr>
              </thead>
              <tbody>
                {fixtures.map((f) => {
                  const result = report?.results.find((r) => r.name === f.name);
                  return (
                    <tr
                      key={f.name}
                      data-testid="fixture-row"
                      data-name={f.name}
                      className={result ? (result.passed ? "pass" : "fail") : undefined}
                    >
                      <td>
                        <strong>{f.name}</strong>
                        {f.description && <div className="muted small">{f.description}</div>}
                      </td>
                      <td>{f.asOf}</td>
                      <td className="small">
                        {f.role ?? "no role"} · {f.site ?? "no site"}
                        {f.startDate ? ` · started ${f.startDate}` : ""}
                        {f.active ? "" : " · inactive"}
                        {f.hasActiveWaiver ? " · waiver" : ""}
                      </td>
                      <td>{f.resources}</td>
                      <td>
                        <Chip value={f.expectedStatus} />
                      </td>
                      <td className="result">{result ? <ResultCell result={result} /> : <span className="muted">Not run</span>}</td>
                      {editable && (
                        <td className="row-actions">
                          <FixtureRowActions
                            row={f}
                            busy={busy}
                            confirming={confirmRemove === f.name}
                            onEdit={() => open({ mode: "edit", name: f.name }, formFromRow(f))}
                            onAskRemove={() => setConfirmRemove(f.name)}
                            onRemove={() => void remove(f.name)}
                            onKeep={() => setConfirmRemove(null)}
                          />
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {report && (
            <p data-testid="fixture-summary">
              <strong>
                {report.passed} of {report.total} pass.
              </strong>{" "}
              <span className="muted small">
                Fixture set SHA-256 <code>{report.sha256}</code> (recorded when a version is approved).
              </span>
            </p>
          )}
        </div>
      )}
    </Async>
  );
}

function FixtureRowActions(props: {
  row: FixtureRow;
  busy: boolean;
  confirming: boolean;
  onEdit: () => void;
  onAskRemove: () => void;
  onRemove: () => void;
  onKeep: () => void;
}) {
  if (props.confirming) {
    return (
      <span>
        <button type="button" className="danger" disabled={props.busy} onClick={props.onRemove} data-testid="confirm-remove-fixture">
          Remove {props.row.name}
        </button>{" "}
        <button type="button" className="link" onClick={props.onKeep}>
          Keep
        </button>
      </span>
    );
  }
  return (
    <span>
      <button type="button" className="link" disabled={props.busy} onClick={props.onEdit} data-testid="edit-fixture">
        Edit
      </button>{" "}
      <button type="button" className="link" disabled={props.busy} onClick={props.onAskRemove} data-testid="remove-fixture">
        Remove
      </button>
    </span>
  );
}

/** The fixture form: name, expectation, as-of date, the employee's facts and the bundle as JSON. */
function FixtureEditor(props: {
  editing: Editing;
  form: FixtureForm;
  busy: boolean;
  refusal: Notice | null;
  onChange: (f: FixtureForm) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  const f = props.form;
  const text = (k: keyof FixtureForm) => (e: { target: { value: string } }) => props.onChange({ ...f, [k]: e.target.value });
  const flag = (k: "active" | "hasActiveWaiver") => (e: { target: { checked: boolean } }) =>
    props.onChange({ ...f, [k]: e.target.checked });
  return (
    <form
      className="fixture-editor card"
      aria-label={props.editing.mode === "add" ? "New fixture" : `Edit fixture ${props.editing.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave();
      }}
    >
      <h3>{props.editing.mode === "add" ? "New fixture" : `Edit fixture ${props.editing.name}`}</h3>
      <fieldset disabled={props.busy}>
        <label>
          Name (unique for the measure)
          <input value={f.name} onChange={text("name")} data-testid="fixture-name" />
        </label>
        <label>
          Expected outcome
          <select value={f.expectedStatus} onChange={text("expectedStatus")} data-testid="fixture-expected">
            {EXPECTED_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          As of (YYYY-MM-DD)
          <input value={f.asOf} onChange={text("asOf")} placeholder="2026-03-02" data-testid="fixture-as-of" />
        </label>
        <label className="wide">
          Description (what the case shows)
          <input value={f.description} onChange={text("description")} />
        </label>
        <label>
          Employee role
          <input value={f.role} onChange={text("role")} data-testid="fixture-role" />
        </label>
        <label>
          Employee site
          <input value={f.site} onChange={text("site")} />
        </label>
        <label>
          Start date (YYYY-MM-DD)
          <input value={f.startDate} onChange={text("startDate")} data-testid="fixture-start" />
        </label>
        <label>
          Patient id the bundle uses
          <input value={f.patientId} onChange={text("patientId")} />
        </label>
        <label className="check">
          <input type="checkbox" checked={f.active} onChange={flag("active")} /> Active employee
        </label>
        <label className="check">
          <input type="checkbox" checked={f.hasActiveWaiver} onChange={flag("hasActiveWaiver")} /> Active waiver at the as-of date
        </label>
        <label className="wide">
          FHIR Bundle (JSON): the Patient and the records the measure reads
          <textarea
            className="mono bundle-json"
            rows={16}
            spellCheck={false}
            value={f.bundleJson}
            onChange={text("bundleJson")}
            data-testid="fixture-bundle"
          />
        </label>
      </fieldset>
      {props.refusal && (
        <p role="alert" className={`notice notice-${props.refusal.tone}`} data-testid="fixture-refusal">
          <strong>{props.refusal.title}:</strong> {props.refusal.text}
        </p>
      )}
      <button type="submit" disabled={props.busy} data-testid="save-fixture">
        {props.editing.mode === "add" ? "Add fixture" : "Save fixture"}
      </button>{" "}
      <button type="button" className="secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}

function ResultCell(props: { result: FixtureReportDto["results"][number] }) {
  const r = props.result;
  return (
    <div>
      <span data-testid="fixture-actual">
        <Chip value={r.actual} /> {r.passed ? "✓ as expected" : "✗ differs"}
      </span>
      {r.error && <div className="error-box small">{r.error}</div>}
      <details>
        <summary>Define values ({r.defines.length})</summary>
        <table className="grid small" aria-label={`Define values of ${r.name}`}>
          <tbody>
            {r.defines.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td className="mono">{d.error ? <span className="bad">error: {d.error}</span> : d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
