import type { OverdueGroup, ProgramCard as Card, StatusCounts } from "../bindings";
import { count } from "../labels";
import { groupName, pct, programHash, share, STATUSES, statusLabel } from "./ProgramCardData";
import { TrendChart } from "./ProgramCardTrend";

/** The five status counts as labelled rows with a proportional bar (labels never truncate). */
export function StatusList(props: { counts: StatusCounts | null }) {
  const { counts } = props;
  return (
    <ul className="status-list" aria-label="Outcome counts">
      {STATUSES.map(({ key, status }) => (
        <li className={`stat stat-${status.toLowerCase()}`} key={key} data-status={status}>
          <span className="l">{statusLabel(status)}</span>
          <span className="bar" aria-hidden="true">
            <span style={{ width: `${counts ? share(counts, key) : 0}%` }} />
          </span>
          <span className="n">{counts ? count(counts[key]) : "—"}</span>
        </li>
      ))}
    </ul>
  );
}

/** "Top sites / roles by overdue": at most five names with their overdue counts. */
export function TopList(props: { title: string; groups: ReadonlyArray<OverdueGroup> }) {
  return (
    <div className="top-list">
      <h3>{props.title}</h3>
      {props.groups.length === 0 ? (
        <p className="muted small">Nobody overdue.</p>
      ) : (
        <ol>
          {props.groups.map((g) => (
            <li key={g.name ?? ""}>
              <span>{groupName(g.name)}</span>
              <span className="n">{count(g.overdue)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** One active measure: compliance, the five counts of its counted run, trend, top lists. */
export function ProgramCard(props: { card: Card }) {
  const { card } = props;
  return (
    <article className="card program" data-testid="program-card" data-measure-id={card.measureId}>
      <header className="program-head">
        <h2>
          <a href={programHash(card.measureId)}>{card.name}</a>
        </h2>
        <div className="pct" title="Compliant / (all − excluded) in the latest run">
          {pct(card.compliancePct)}
        </div>
      </header>
      <p className="muted">
        Version {card.version}
        {card.policyRef ? ` · ${card.policyRef}` : ""} · {count(card.openCases)} open{" "}
        {card.openCases === 1 ? "case" : "cases"}
      </p>
      <StatusList counts={card.counts} />
      {card.counts === null ? (
        <p className="muted small">Not evaluated yet: no run has included this measure.</p>
      ) : (
        <>
          <TrendChart points={card.trend} width={290} height={110} />
          <div className="top-lists">
            <TopList title="Top sites by overdue" groups={card.topSites} />
            <TopList title="Top roles by overdue" groups={card.topRoles} />
          </div>
        </>
      )}
    </article>
  );
}
