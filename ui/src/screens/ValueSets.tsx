import { useState } from "react";
import { admin, api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { CodeRow, LinkedVersionRow, ValueSetDiffDto, ValueSetImportDto, ValueSetRow } from "../bindings";
import { count, label } from "../labels";
import { orNull, Refusal, systemName, useAction, useOrgZone, when } from "./AdminParts";

export { systemName } from "./AdminParts";

/** The first 12 hex digits of an expansion hash (the full hash is in the title). */
export function shortHash(hash: string | null): string {
  return hash === null ? "—" : hash.slice(0, 12);
}

/** Value sets: the list, one set's detail, import from a file, and a diff of two sets. */
export function ValueSets() {
  const sets = useAsync(() => api.valueSets());
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <p className="muted">
        Code lists the measures' CQL retrieves by. Terminology mappings have their own screen:{" "}
        <a href="#/mappings">Terminology mappings</a>.
      </p>
      <Async state={sets.state} what="the value sets" onRetry={sets.reload}>
        {(list) => (
          <>
            {list.length === 0 ? (
              <Empty>No value sets yet. Import a FHIR ValueSet or a CSV code list below.</Empty>
            ) : (
              <ValueSetTable list={list} selected={selected} onSelect={setSelected} />
            )}
            {selected !== null && <ValueSetPanel id={selected} onClose={() => setSelected(null)} />}
            <ImportValueSet onImported={(id) => (sets.reload(), setSelected(id))} />
            {list.length >= 2 && <DiffValueSets list={list} />}
          </>
        )}
      </Async>
    </>
  );
}

function ValueSetTable(props: { list: ValueSetRow[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <section className="card">
      <table className="grid" aria-label="Value sets">
        <thead>
          <tr>
            <th>Name</th>
            <th>Version</th>
            <th>Resolution</th>
            <th className="num">Codes</th>
            <th>Code systems</th>
            <th>Expansion hash</th>
          </tr>
        </thead>
        <tbody>
          {props.list.map((v) => (
            <tr key={v.id} data-testid="value-set" aria-selected={v.id === props.selected}>
              <td>
                <button type="button" className="link" onClick={() => props.onSelect(v.id)}>
                  {v.name}
                </button>
                <div className="muted small mono">{v.oid}</div>
              </td>
              <td>{v.version ?? "—"}</td>
              <td>
                <Chip value={v.resolutionStatus} />
              </td>
              <td className="num">{count(v.codes.length)}</td>
              <td className="small">{v.codeSystems.map(systemName).join(", ") || "—"}</td>
              <td className="mono small" title={v.expansionHash ?? "no hash (codes not resolved)"}>
                {shortHash(v.expansionHash)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Codes(props: { codes: CodeRow[]; label: string }) {
  if (props.codes.length === 0) return <Empty>No codes.</Empty>;
  return (
    <table className="grid compact" aria-label={props.label}>
      <thead>
        <tr>
          <th>System</th>
          <th>Code</th>
          <th>Display</th>
        </tr>
      </thead>
      <tbody>
        {props.codes.map((c) => (
          <tr key={`${c.system}|${c.code}`}>
            <td className="small" title={c.system}>
              {systemName(c.system)}
            </td>
            <td className="mono">{c.code}</td>
            <td className="small">{c.display ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Versions(props: { versions: LinkedVersionRow[]; diff?: boolean }) {
  if (props.versions.length === 0) return <Empty>No measure version uses it.</Empty>;
  return (
    <ul className="plain">
      {props.versions.map((v) => (
        <li key={v.measureVersionId}>
          {v.measureName} {v.version} <Chip value={v.status} />
          {props.diff && <span className="muted small"> · links the {v.links === "both" ? "old and new" : v.links} set</span>}
        </li>
      ))}
    </ul>
  );
}

function ValueSetPanel(props: { id: string; onClose: () => void }) {
  const detail = useAsync(() => admin.valueSet(props.id), [props.id]);
  const zone = useOrgZone();
  return (
    <section className="card section" aria-label="Value set detail" data-testid="value-set-detail">
      <Async state={detail.state} what="the value set" onRetry={detail.reload}>
        {(d) => (
          <>
            <div className="toolbar">
              <h2>
                {d.valueSet.name} <Chip value={d.valueSet.resolutionStatus} />
              </h2>
              <button type="button" className="secondary" onClick={props.onClose}>
                Close
              </button>
            </div>
            <dl className="facts">
              <dt>OID</dt>
              <dd className="mono">{d.valueSet.oid}</dd>
              <dt>Version</dt>
              <dd>{d.valueSet.version ?? "—"}</dd>
              <dt>Canonical URL</dt>
              <dd className="mono small">{d.valueSet.canonicalUrl ?? "—"}</dd>
              <dt>Status</dt>
              <dd>{label(d.valueSet.status)}</dd>
              <dt>Source</dt>
              <dd>{d.source ?? "—"}</dd>
              <dt>Resolved</dt>
              <dd>{when(d.lastResolvedAt, zone)}</dd>
              <dt>Expansion hash</dt>
              <dd className="mono small">{d.valueSet.expansionHash ?? "—"}</dd>
            </dl>
            {d.resolutionError !== null && (
              <div className="error-box" role="alert">
                <strong>Resolution failed.</strong> {d.resolutionError}
              </div>
            )}
            <h3>Used by</h3>
            <Versions versions={d.linkedVersions} />
            <h3>Codes ({count(d.valueSet.codes.length)})</h3>
            <Codes codes={d.valueSet.codes} label="Codes" />
          </>
        )}
      </Async>
    </section>
  );
}

/** How the engine read the file. */
const FORMATS: Record<string, string> = { FHIR_JSON: "FHIR ValueSet", CSV: "CSV code list" };

/** Import a value set from a file chosen in the dialog, with optional identity overrides. */
export function ImportValueSet(props: { onImported: (id: string) => void }) {
  const [path, setPath] = useState<string | null>(null);
  const [oid, setOid] = useState("");
  const [name, setName] = useState("");
  const [version, setVersion] = useState("");
  const [url, setUrl] = useState("");
  const action = useAction<ValueSetImportDto>();
  const choose = async () => {
    const chosen = await admin.chooseFiles({ multiple: false, directory: false, extensions: ["json", "csv"] });
    if (chosen.length > 0) {
      setPath(chosen[0]);
      action.reset();
    }
  };
  const submit = async () => {
    if (path === null) return;
    const r = await action.run(() =>
      admin.importValueSet({ path, oid: orNull(oid), name: orNull(name), version: orNull(version), canonicalUrl: orNull(url) }),
    );
    if (r) props.onImported(r.valueSet.id);
  };
  return (
    <section className="card section" aria-label="Import a value set">
      <h2>Import a value set</h2>
      <p className="muted small">
        A FHIR ValueSet (.json: expansion or enumerated compose) or a CSV code list (.csv with the header
        system,code,display). A CSV carries no identity: give its OID and name.
      </p>
      <div className="form-grid">
        <span className="label">File</span>
        <span>
          <button type="button" className="secondary" onClick={choose}>
            Choose file…
          </button>{" "}
          <span className="mono small" data-testid="chosen-file">
            {path ?? "No file chosen"}
          </span>
        </span>
        <label htmlFor="vs-oid">OID</label>
        <input id="vs-oid" value={oid} onChange={(e) => setOid(e.target.value)} placeholder="from the file" />
        <label htmlFor="vs-name">Name</label>
        <input id="vs-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="from the file" />
        <label htmlFor="vs-version">Version</label>
        <input id="vs-version" value={version} onChange={(e) => setVersion(e.target.value)} placeholder="from the file" />
        <label htmlFor="vs-url">Canonical URL</label>
        <input id="vs-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="from the file" />
      </div>
      <button type="button" onClick={submit} disabled={path === null || action.busy}>
        {action.busy ? "Importing…" : "Import"}
      </button>
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not imported." />}
      {action.state.kind === "done" && (
        <p role="status" className="ok">
          {action.state.result.created ? "Imported" : "Replaced"} {action.state.result.valueSet.name} (
          {FORMATS[action.state.result.format] ?? action.state.result.format}): {count(action.state.result.valueSet.codes.length)}{" "}
          codes, <Chip value={action.state.result.valueSet.resolutionStatus} />
          {action.state.result.created ? "" : action.state.result.codesChanged ? ", codes changed" : ", codes unchanged"}.
        </p>
      )}
    </section>
  );
}

function DiffValueSets(props: { list: ValueSetRow[] }) {
  const [oldId, setOldId] = useState(props.list[0].id);
  const [newId, setNewId] = useState(props.list[1].id);
  const action = useAction<ValueSetDiffDto>();
  const option = (v: ValueSetRow) => (
    <option key={v.id} value={v.id}>
      {v.name} {v.version ? `v${v.version}` : ""} ({v.oid})
    </option>
  );
  return (
    <section className="card section" aria-label="Compare two value sets">
      <h2>Compare two value sets</h2>
      <div className="toolbar">
        <label>
          Older{" "}
          <select value={oldId} onChange={(e) => setOldId(e.target.value)} aria-label="Older value set">
            {props.list.map(option)}
          </select>
        </label>
        <label>
          Newer{" "}
          <select value={newId} onChange={(e) => setNewId(e.target.value)} aria-label="Newer value set">
            {props.list.map(option)}
          </select>
        </label>
        <button type="button" onClick={() => action.run(() => admin.diffValueSets(oldId, newId))} disabled={action.busy}>
          Compare
        </button>
      </div>
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Could not compare." />}
      {action.state.kind === "done" && (
        <div data-testid="value-set-diff">
          <p>
            {count(action.state.result.added.length)} added, {count(action.state.result.removed.length)} removed,{" "}
            {count(action.state.result.unchanged)} unchanged.
          </p>
          <h3>Added</h3>
          <Codes codes={action.state.result.added} label="Codes added" />
          <h3>Removed</h3>
          <Codes codes={action.state.result.removed} label="Codes removed" />
          <h3>Measures affected</h3>
          <Versions versions={action.state.result.affected} diff />
        </div>
      )}
    </section>
  );
}
