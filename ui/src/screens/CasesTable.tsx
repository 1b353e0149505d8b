import type { CaseRow } from "../bindings";
import { Chip } from "../components/Chip";
import { openDetail, rowOpener } from "./CasesRoute";

/** One worklist row: a checkbox for bulk actions; click or Enter opens the case. Kept in its
 * own component so a virtualised list can render rows the same way. */
export function CaseRowView(props: { c: CaseRow; selected: boolean; onToggle: (id: string) => void }) {
  const { c } = props;
  return (
    <tr data-testid="case-row" data-case-id={c.id} data-outcome={c.currentOutcomeStatus} {...rowOpener(() => openDetail("cases", c.id))}>
      <td onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          aria-label={`Select ${c.employeeName}`}
          checked={props.selected}
          onChange={() => props.onToggle(c.id)}
          onKeyDown={(e) => e.stopPropagation()}
        />
      </td>
      <td>
        {c.employeeName}
        <div className="muted small">
          {c.employeeExternalId}
          {c.site ? ` · ${c.site}` : ""}
        </div>
      </td>
      <td>{c.measureName}</td>
      <td>{c.evaluationPeriod}</td>
      <td>
        <Chip value={c.currentOutcomeStatus} />
      </td>
      <td>
        <Chip value={c.status} />
      </td>
      <td>
        <Chip value={c.priority} />
      </td>
      <td>{c.assignee ?? <span className="muted">Unassigned</span>}</td>
      <td className="small">{c.nextAction ?? "—"}</td>
    </tr>
  );
}

/** The worklist table's header row (the first column selects the whole page). */
export function CaseHeader(props: { allSelected: boolean; onToggleAll: () => void }) {
  return (
    <tr>
      <th>
        <input type="checkbox" aria-label="Select this page" checked={props.allSelected} onChange={props.onToggleAll} />
      </th>
      <th>Employee</th>
      <th>Measure</th>
      <th>Cycle</th>
      <th>Outcome</th>
      <th>Status</th>
      <th>Priority</th>
      <th>Assignee</th>
      <th>Next action</th>
    </tr>
  );
}
