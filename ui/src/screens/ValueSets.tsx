import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { count } from "../labels";

/** The last path segment of a code-system URI (`http://loinc.org` -> `loinc.org`). */
export function systemName(uri: string): string {
  const trimmed = uri.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || uri;
}

/** Value sets with their codes, and terminology mappings with their review state. */
export function ValueSets() {
  const sets = useAsync(() => api.valueSets());
  const mappings = useAsync(() => api.mappings());
  return (
    <>
      <h2>Value sets</h2>
      <Async state={sets.state} what="the value sets" onRetry={sets.reload}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No value sets.</Empty>
          ) : (
            <div className="cards">
              {list.map((v) => (
                <article className="card" key={v.id} data-testid="value-set">
                  <h2>{v.name}</h2>
                  <p className="muted small">
                    {v.oid} · version {v.version ?? "—"} · <Chip value={v.resolutionStatus} /> ·{" "}
                    {count(v.codes.length)} codes
                  </p>
                  <details>
                    <summary>Codes</summary>
                    <table className="grid compact">
                      <tbody>
                        {v.codes.map((c) => (
                          <tr key={`${c.system}|${c.code}`}>
                            <td className="small">{systemName(c.system)}</td>
                            <td className="mono">{c.code}</td>
                            <td className="small">{c.display ?? ""}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                </article>
              ))}
            </div>
          )
        }
      </Async>
      <h2 className="section">Terminology mappings</h2>
      <Async state={mappings.state} what="the mappings" onRetry={mappings.reload}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No mappings.</Empty>
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
                  </tr>
                </thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <span className="mono">{m.localCode}</span> {m.localDisplay ?? ""}
                        <div className="muted small">{systemName(m.localSystem)}</div>
                      </td>
                      <td>
                        <span className="mono">{m.standardCode}</span> {m.standardDisplay ?? ""}
                        <div className="muted small">{systemName(m.standardSystem)}</div>
                      </td>
                      <td>
                        <Chip value={m.status} />
                      </td>
                      <td className="num">{m.confidence === null ? "—" : m.confidence.toFixed(2)}</td>
                      <td>{m.reviewedBy ?? "—"}</td>
                      <td className="small">{m.notes ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        }
      </Async>
    </>
  );
}
