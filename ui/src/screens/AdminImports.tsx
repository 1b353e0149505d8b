import { useState } from "react";
import { admin } from "../api";
import type { FhirImportDto, RosterImportDto } from "../bindings";
import { count } from "../labels";
import { Refusal, useAction } from "./AdminParts";

/** FHIR and roster imports through the file dialog; each import is one transaction. */
export function AdminImports() {
  return (
    <>
      <FhirImport />
      <RosterImport />
    </>
  );
}

function Chosen(props: { paths: string[] }) {
  if (props.paths.length === 0) return <span className="muted small">Nothing chosen.</span>;
  return (
    <ul className="plain mono small" aria-label="Chosen paths">
      {props.paths.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** FHIR import: files or folders; shows the per-type counts or every bad `FILE:LINE`. */
export function FhirImport() {
  const [paths, setPaths] = useState<string[]>([]);
  const action = useAction<FhirImportDto>();
  const choose = async (directory: boolean) => {
    const chosen = await admin.chooseFiles({ multiple: true, directory, extensions: ["json", "ndjson"] });
    if (chosen.length > 0) {
      setPaths(chosen);
      action.reset();
    }
  };
  return (
    <section className="card" aria-label="FHIR import">
      <h2>FHIR import</h2>
      <p className="muted small">
        Bundles (collection, transaction, searchset), single resources and Bulk Data NDJSON, as files or folders. One
        bad line imports nothing and is named by file and line.
      </p>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => choose(false)}>
          Choose files…
        </button>
        <button type="button" className="secondary" onClick={() => choose(true)}>
          Choose folders…
        </button>
        <button
          type="button"
          onClick={() => action.run(() => admin.importFhir(paths))}
          disabled={paths.length === 0 || action.busy}
        >
          {action.busy ? "Importing…" : "Import"}
        </button>
      </div>
      <Chosen paths={paths} />
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Nothing was imported." />}
      {action.state.kind === "done" && <FhirCounts report={action.state.result} />}
    </section>
  );
}

function FhirCounts(props: { report: FhirImportDto }) {
  const r = props.report;
  return (
    <div role="status" data-testid="fhir-import-result">
      <p className="ok">
        Imported {count(r.total)} resources; {count(r.employeesCreated)} new employees await roster data.
      </p>
      <table className="grid compact" aria-label="Resources imported by type">
        <thead>
          <tr>
            <th>Resource type</th>
            <th className="num">New</th>
            <th className="num">Updated</th>
          </tr>
        </thead>
        <tbody>
          {r.counts.map((c) => (
            <tr key={c.resourceType}>
              <td>{c.resourceType}</td>
              <td className="num">{count(c.inserted)}</td>
              <td className="num">{count(c.updated)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Roster import (the `hris` integration): one CSV; shows the counts or every bad row. */
export function RosterImport() {
  const [path, setPath] = useState<string | null>(null);
  const action = useAction<RosterImportDto>();
  const choose = async () => {
    const chosen = await admin.chooseFiles({ multiple: false, directory: false, extensions: ["csv"] });
    if (chosen.length > 0) {
      setPath(chosen[0]);
      action.reset();
    }
  };
  return (
    <section className="card section" aria-label="Roster import">
      <h2>Roster import</h2>
      <p className="muted small">
        A CSV with the header{" "}
        <span className="mono">external_id,name,role,site,supervisor_external_id,start_date,fhir_patient_id,active</span>
        , upserted by external id.
      </p>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={choose}>
          Choose CSV…
        </button>
        <button
          type="button"
          onClick={() => path !== null && action.run(() => admin.importRoster(path))}
          disabled={path === null || action.busy}
        >
          {action.busy ? "Importing…" : "Import"}
        </button>
      </div>
      <Chosen paths={path === null ? [] : [path]} />
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Nothing was imported." />}
      {action.state.kind === "done" && (
        <p role="status" className="ok" data-testid="roster-import-result">
          {count(action.state.result.rows)} rows: {count(action.state.result.inserted)} new,{" "}
          {count(action.state.result.updated)} updated, {count(action.state.result.linked)} linked to their FHIR
          patient.
        </p>
      )}
      {action.state.kind === "done" && action.state.result.warnings.length > 0 && (
        <div className="warning-box" role="alert" data-testid="roster-import-warnings">
          <strong>Imported as written, but check {action.state.result.warnings.length === 1 ? "this row" : "these rows"}:</strong>
          <ul className="error-lines" aria-label="Warnings">
            {action.state.result.warnings.map((w, i) => (
              <li key={i} className="mono small">
                {w}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
