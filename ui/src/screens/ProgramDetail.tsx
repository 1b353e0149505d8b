import { programs } from "../api";
import { Async, useAsync } from "../components/Async";
import { count } from "../labels";
import { listHash } from "./CasesRoute";
import { StatusList, TopList } from "./ProgramCard";
import { formatInZone, pct } from "./ProgramCardData";
import { TrendChart } from "./ProgramCardTrend";

/** One measure's overview: counts, compliance, trend with its runs, top sites and roles. */
export function ProgramDetail(props: { measureId: string }) {
  const detail = useAsync(() => programs.detail(props.measureId), [props.measureId]);
  const schedule = useAsync(() => programs.schedule());
  const zone = schedule.state.kind === "ready" ? schedule.state.data.timeZone : undefined;
  return (
    <>
      <p className="crumbs">
        <a href="#/overview">← Programs overview</a>
      </p>
      <Async state={detail.state} what="the program" onRetry={detail.reload}>
        {(p) => (
          <section aria-label={p.name} data-testid="program-detail">
            <h2>
              {p.name} <span className="muted">· version {p.version}</span>
            </h2>
            <p className="muted">
              {p.policyRef ? `${p.policyRef} · ` : ""}
              Compliance <strong>{pct(p.compliancePct)}</strong> · {count(p.openCases)} open{" "}
              {p.openCases === 1 ? "case" : "cases"} ·{" "}
              <a href={listHash("cases", { measure: p.measureId })}>Open its cases</a> ·{" "}
              <a href={listHash("runs", { measure: p.measureId })}>Its runs</a>
            </p>
            <div className="detail-grid">
              <div className="card">
                <h3>Latest run</h3>
                <StatusList counts={p.counts} />
                <div className="top-lists">
                  <TopList title="Top sites by overdue" groups={p.topSites} />
                  <TopList title="Top roles by overdue" groups={p.topRoles} />
                </div>
              </div>
              <div className="card">
                <h3>Trend over the last {p.trend.length} runs</h3>
                <TrendChart points={p.trend} width={560} height={220} />
              </div>
            </div>
            <section className="card" aria-label="Runs of this measure">
              <table className="grid compact">
                <thead>
                  <tr>
                    <th>As of</th>
                    <th>Started</th>
                    <th className="num">Compliant</th>
                    <th className="num">Due soon</th>
                    <th className="num">Overdue</th>
                    <th className="num">Missing data</th>
                    <th className="num">Excluded</th>
                    <th className="num">Compliance</th>
                  </tr>
                </thead>
                <tbody>
                  {[...p.trend].reverse().map((t) => (
                    <tr key={t.runId} data-testid="program-run">
                      <td>
                        <a href={`#/runs/${encodeURIComponent(t.runId)}`}>{t.asOf}</a>
                      </td>
                      <td>{formatInZone(t.startedAt, zone)}</td>
                      <td className="num">{count(t.counts.compliant)}</td>
                      <td className="num">{count(t.counts.dueSoon)}</td>
                      <td className="num">{count(t.counts.overdue)}</td>
                      <td className="num">{count(t.counts.missingData)}</td>
                      <td className="num">{count(t.counts.excluded)}</td>
                      <td className="num">{pct(t.compliancePct)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
        )}
      </Async>
    </>
  );
}
