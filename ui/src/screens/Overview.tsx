import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { count } from "../labels";
import { ProgramCard } from "./ProgramCard";
import { RunAll } from "./RunAll";

/** Programs overview: a card per active measure, open cases, the last run, the database. */
export function Overview() {
  const overview = useAsync(() => api.overview());
  const status = useAsync(() => api.status());
  return (
    <>
      <RunAll onFinished={overview.reload} />
      <Async state={overview.state} what="the programs" onRetry={overview.reload}>
        {(o) => (
          <>
            <section className="summary" aria-label="Summary">
              <div className="figure">
                <div className="n">{count(o.programs.length)}</div>
                <div className="l">Active programs</div>
              </div>
              <div className="figure">
                <div className="n">{count(o.openCases)}</div>
                <div className="l">Open cases</div>
              </div>
              <div className="figure">
                {o.lastRun ? (
                  <>
                    <div className="n small">{o.lastRun.startedAt.slice(0, 16).replace("T", " ")} UTC</div>
                    <div className="l">
                      Last run <Chip value={o.lastRun.status} />
                    </div>
                  </>
                ) : (
                  <>
                    <div className="n small">—</div>
                    <div className="l">No run yet</div>
                  </>
                )}
              </div>
            </section>
            {o.programs.length === 0 ? (
              <Empty>No measure has an active version.</Empty>
            ) : (
              <div className="cards">
                {o.programs.map((p) => (
                  <ProgramCard key={p.measureVersionId} card={p} />
                ))}
              </div>
            )}
          </>
        )}
      </Async>
      <Async state={status.state} what="the database status" onRetry={status.reload}>
        {(s) => (
          <details className="card db-status">
            <summary>
              Database · schema version {s.schemaVersion}
              {s.createdThisLaunch ? " · created on this launch" : ""}
            </summary>
            <p className="muted">{s.dbPath}</p>
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
          </details>
        )}
      </Async>
    </>
  );
}
