import { work } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { label, valueText } from "../labels";
import { detailHash, openDetail, rowOpener } from "./CasesRoute";

/** One employee: facts, latest outcome per measure, open cases, recent activity. */
export function EmployeeProfile(props: { employeeId: string }) {
  const profile = useAsync(() => work.employeeProfile(props.employeeId), [props.employeeId]);
  return (
    <>
      <p>
        <a href="#/employees">← Back to the employees</a>
      </p>
      <Async state={profile.state} what="the employee" onRetry={profile.reload}>
        {(p) => (
          <div data-testid="employee-profile">
            <section className="card" aria-label="Employee">
              <h2>
                {p.employee.name} <span className="muted small">{p.employee.externalId}</span>
              </h2>
              <div className="fields">
                <div className="field">
                  <div className="l">Role</div>
                  <div className="v">{p.employee.role ?? "—"}</div>
                </div>
                <div className="field">
                  <div className="l">Site</div>
                  <div className="v">{p.employee.site ?? "—"}</div>
                </div>
                <div className="field">
                  <div className="l">Start date</div>
                  <div className="v">{p.employee.startDate ?? "—"}</div>
                </div>
                <div className="field">
                  <div className="l">Employment</div>
                  <div className="v">{label(p.employee.status)}</div>
                </div>
                <div className="field">
                  <div className="l">Supervisor</div>
                  <div className="v">{p.supervisor ?? "—"}</div>
                </div>
                <div className="field">
                  <div className="l">FHIR patient</div>
                  <div className="v mono">{p.employee.fhirPatientId ?? "not linked"}</div>
                </div>
              </div>
            </section>
            <section className="card" aria-label="Latest outcomes">
              <h2>Latest outcome per measure</h2>
              <p className="muted small">From the newest run of all programs or of the measure; one-person and dry runs do not count.</p>
              {p.outcomes.length === 0 ? (
                <Empty>No run has evaluated this employee yet.</Empty>
              ) : (
                <table className="grid compact">
                  <thead>
                    <tr>
                      <th>Measure</th>
                      <th>Cycle</th>
                      <th>Status</th>
                      <th>Why</th>
                      <th>As of</th>
                      <th>Evaluated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.outcomes.map((o) => (
                      <tr key={o.measureId}>
                        <td>
                          {o.measureName} <span className="muted small">v{o.measureVersion}</span>
                        </td>
                        <td>{o.evaluationPeriod}</td>
                        <td>
                          <Chip value={o.status} />
                        </td>
                        <td className="small">{o.facts.map((f) => `${label(f.name)}: ${valueText(f.value)}`).join(" · ")}</td>
                        <td>{o.asOf}</td>
                        <td className="small">
                          <a href={detailHash("runs", o.runId)}>{o.evaluatedLocal}</a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="card" aria-label="Open cases">
              <h2>Open cases</h2>
              {p.openCases.length === 0 ? (
                <Empty>No open case.</Empty>
              ) : (
                <table className="grid compact">
                  <thead>
                    <tr>
                      <th>Measure</th>
                      <th>Cycle</th>
                      <th>Outcome</th>
                      <th>Status</th>
                      <th>Priority</th>
                      <th>Assignee</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.openCases.map((c) => (
                      <tr key={c.id} {...rowOpener(() => openDetail("cases", c.id))}>
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
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="card" aria-label="Recent activity">
              <h2>Recent activity</h2>
              {p.activity.length === 0 ? (
                <Empty>No case activity yet.</Empty>
              ) : (
                <ul className="activity">
                  {p.activity.map((a, i) => (
                    <li key={i}>
                      <a href={detailHash("cases", a.caseId)}>{label(a.actionType)}</a> · {a.measureName}{" "}
                      <span className="muted small">
                        {a.atLocal}
                        {a.actor ? ` · ${a.actor}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        )}
      </Async>
    </>
  );
}
