import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";

/** The measure catalog: each measure with its versions and their lifecycle and compile state. */
export function Measures() {
  const measures = useAsync(() => api.measures());
  return (
    <Async state={measures.state} what="the measures" onRetry={measures.reload}>
      {(list) =>
        list.length === 0 ? (
          <Empty>No measures yet.</Empty>
        ) : (
          <section className="card">
            <table className="grid" aria-label="Measures">
              <thead>
                <tr>
                  <th>Measure</th>
                  <th>Policy</th>
                  <th>Version</th>
                  <th>Lifecycle</th>
                  <th>Compile</th>
                  <th>Owner</th>
                </tr>
              </thead>
              <tbody>
                {list.flatMap((m) =>
                  (m.versions.length ? m.versions : [null]).map((v, i) => (
                    <tr key={`${m.id}-${v?.id ?? "none"}`} data-testid="measure-row">
                      <td>{i === 0 ? <strong>{m.name}</strong> : null}</td>
                      <td>{i === 0 ? (m.policyRef ?? "—") : null}</td>
                      <td>{v ? v.version : "—"}</td>
                      <td>{v ? <Chip value={v.status} /> : "No version"}</td>
                      <td>{v?.compileStatus ? <Chip value={v.compileStatus} /> : <span className="muted">Not compiled</span>}</td>
                      <td>{i === 0 ? (m.owner ?? "—") : null}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
            <p className="muted small">
              Studio (spec form, CQL editor with diagnostics, fixtures, release actions) opens here once the
              governance engine's commands are connected.
            </p>
          </section>
        )
      }
    </Async>
  );
}
