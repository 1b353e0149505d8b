import { useEffect, useState } from "react";
import { api, programs } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { count } from "../labels";
import "./Overview.css";
import { ProgramCard } from "./ProgramCard";
import { formatInZone, pct, programFromHash } from "./ProgramCardData";
import { ProgramDetail } from "./ProgramDetail";
import { RunAll } from "./RunAll";

/** The measure id of `#/overview/<id>`, following hash changes. */
function useProgramRoute(): string | null {
  const [id, setId] = useState(() => programFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setId(programFromHash(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return id;
}

/** Programs overview (or one program's detail at `#/overview/<measureId>`). */
export function Overview() {
  const program = useProgramRoute();
  return program ? <ProgramDetail measureId={program} /> : <ProgramsOverview />;
}

/** A card per active measure, compliance, open cases, the last run, the schedule, the database. */
function ProgramsOverview() {
  const overview = useAsync(() => api.overview());
  const schedule = useAsync(() => programs.schedule());
  const status = useAsync(() => api.status());
  const zone = schedule.state.kind === "ready" ? schedule.state.data.timeZone : undefined;
  const reload = () => {
    overview.reload();
    schedule.reload();
  };
  return (
    <>
      <RunAll onFinished={reload} />
      {schedule.state.kind === "ready" && (
        <p className="muted small schedule-line" data-testid="schedule-line">
          {schedule.state.data.time === null
            ? "No daily run is scheduled (set a time in Admin)."
            : `Daily run at ${schedule.state.data.time} (${schedule.state.data.timeZone})` +
              (schedule.state.data.nextRunAt
                ? schedule.state.data.dueNow
                  ? " · due now"
                  : ` · next ${formatInZone(schedule.state.data.nextRunAt, zone)}`
                : "")}
        </p>
      )}
      <Async state={overview.state} what="the programs" onRetry={overview.reload}>
        {(o) => (
          <>
            <section className="summary" aria-label="Summary">
              <div className="figure">
                <div className="n" data-testid="overall-compliance">
                  {pct(o.compliancePct)}
                </div>
                <div className="l">Compliance, all programs</div>
              </div>
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
                    <div className="n small">{formatInZone(o.lastRun.startedAt, zone)}</div>
                    <div className="l">
                      Last run <Chip value={o.lastRun.status} /> <Chip value={o.lastRun.triggerType} />
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
              <div className="cards programs">
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
