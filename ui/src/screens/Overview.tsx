import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { count } from "../labels";

/** Programs overview: what the database holds (per-program cards follow the run engine). */
export function Overview() {
  const status = useAsync(() => api.status());
  return (
    <Async state={status.state} what="the database status" onRetry={status.reload}>
      {(s) => (
        <section className="card" aria-label="Database">
          <h2>Database</h2>
          <p className="muted">
            {s.dbPath} · schema version {s.schemaVersion}
            {s.createdThisLaunch ? " · created on this launch" : ""}
          </p>
          {s.tables.length === 0 ? (
            <Empty>The database has no tables.</Empty>
          ) : (
            <table className="grid compact">
              <thead>
                <tr>
                  <th>Table</th>
                  <th className="num">Rows</th>
                </tr>
              </thead>
              <tbody>
                {s.tables.map((t) => (
                  <tr key={t.table}>
                    <td>{t.table}</td>
                    <td className="num">{count(t.rows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Async>
  );
}
