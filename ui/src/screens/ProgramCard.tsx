import type { ProgramCard as Card, StatusCounts } from "../bindings";
import { count, label } from "../labels";

const STATUSES: ReadonlyArray<[keyof StatusCounts, string]> = [
  ["compliant", "COMPLIANT"],
  ["dueSoon", "DUE_SOON"],
  ["overdue", "OVERDUE"],
  ["missingData", "MISSING_DATA"],
  ["excluded", "EXCLUDED"],
];

/** One active measure: its five status counts from the latest run, and its open cases. */
export function ProgramCard(props: { card: Card }) {
  const { card } = props;
  return (
    <article className="card program" data-testid="program-card" data-measure-id={card.measureId}>
      <h2>{card.name}</h2>
      <p className="muted">
        Version {card.version}
        {card.policyRef ? ` · ${card.policyRef}` : ""} · {count(card.openCases)} open{" "}
        {card.openCases === 1 ? "case" : "cases"}
      </p>
      <div className="stats">
        {STATUSES.map(([key, status]) => (
          <div className={`stat stat-${status.toLowerCase()}`} key={key}>
            <div className="n">{card.counts ? count(card.counts[key]) : "—"}</div>
            <div className="l">{label(status)}</div>
          </div>
        ))}
      </div>
      {card.counts === null && <p className="muted small">Not evaluated yet: no run has included this measure.</p>}
    </article>
  );
}
