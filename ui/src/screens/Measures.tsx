import { useEffect, useState } from "react";
import { studio } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { Studio } from "./Studio";

/** The measure id in `#/measures/<id>` (the Studio), or null for the catalog. */
export function studioMeasureId(hash: string): string | null {
  const parts = hash.replace(/^#\/?/, "").split("/");
  return parts[0] === "measures" && parts[1] ? decodeURIComponent(parts[1]) : null;
}

function useHashMeasure(): string | null {
  const [id, setId] = useState(() => studioMeasureId(window.location.hash));
  useEffect(() => {
    const onHash = () => setId(studioMeasureId(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return id;
}

/** Measures & Studio: the catalog, or the Studio of the measure named in the location hash. */
export function Measures() {
  const measureId = useHashMeasure();
  return measureId ? <Studio measureId={measureId} /> : <Catalog />;
}

/** The measure catalog: program, ACTIVE version and each version's lifecycle status. */
export function Catalog() {
  const catalog = useAsync(() => studio.catalog());
  return (
    <Async state={catalog.state} what="the measures" onRetry={catalog.reload}>
      {(list) =>
        list.length === 0 ? (
          <Empty>No measures yet. The demo content has four; `workwell init` loads them.</Empty>
        ) : (
          <section className="card">
            <table className="grid" aria-label="Measures">
              <thead>
                <tr>
                  <th>Measure</th>
                  <th>Program</th>
                  <th>Policy</th>
                  <th>OSHA reference</th>
                  <th>Active version</th>
                  <th>Versions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id} data-testid="measure-row">
                    <td>
                      <a href={`#/measures/${encodeURIComponent(m.id)}`} data-testid="open-studio">
                        <strong>{m.name}</strong>
                      </a>
                    </td>
                    <td>{m.program ?? "—"}</td>
                    <td>{m.policyRef ?? "—"}</td>
                    <td data-testid="catalog-osha">{m.oshaCitation ?? "—"}</td>
                    <td>{m.activeVersion ?? <span className="muted">None active</span>}</td>
                    <td>
                      <span className="version-chips">
                        {m.versions.map((v) => (
                          <span key={v.id} className="version-chip">
                            {v.version} <Chip value={v.status} />
                          </span>
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">Open a measure to edit its spec and CQL, run its fixtures and release versions.</p>
          </section>
        )
      }
    </Async>
  );
}
