import { useMemo, useState } from "react";
import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import type { EmployeeRow } from "../bindings";
import { count, label } from "../labels";
import { openDetail, rowOpener, useSubPath } from "./CasesRoute";
import { EmployeeProfile } from "./EmployeeProfile";

/** Case-insensitive text search over name, external id, role and site. */
export function matches(e: EmployeeRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [e.name, e.externalId, e.role ?? "", e.site ?? ""].some((f) => f.toLowerCase().includes(q));
}

function EmployeeTable(props: { rows: EmployeeRow[] }) {
  const [query, setQuery] = useState("");
  const shown = useMemo(() => props.rows.filter((e) => matches(e, query)), [props.rows, query]);
  return (
    <section className="card">
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search name, id, role or site"
          aria-label="Search employees"
          value={query}
          onChange={(ev) => setQuery(ev.target.value)}
        />
        <span className="muted">
          {count(shown.length)} of {count(props.rows.length)}
        </span>
      </div>
      {shown.length === 0 ? (
        <Empty>No employee matches “{query}”.</Empty>
      ) : (
        <table className="grid" aria-label="Employees">
          <thead>
            <tr>
              <th>Name</th>
              <th>Employee id</th>
              <th>Role</th>
              <th>Site</th>
              <th>Start date</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id} data-testid="employee-row" {...rowOpener(() => openDetail("employees", e.id))}>
                <td>{e.name}</td>
                <td>{e.externalId}</td>
                <td>{e.role ?? "—"}</td>
                <td>{e.site ?? "—"}</td>
                <td>{e.startDate ?? "—"}</td>
                <td>{label(e.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Employees: the workforce with a search box, or one profile (`#/employees/<id>`). */
export function Employees() {
  const employeeId = useSubPath();
  return employeeId ? <EmployeeProfile employeeId={employeeId} /> : <Workforce />;
}

/** The workforce with a search box. */
export function Workforce() {
  const employees = useAsync(() => api.employees());
  return (
    <Async state={employees.state} what="the employees" onRetry={employees.reload}>
      {(rows) => (rows.length === 0 ? <Empty>No employees yet: import a roster or FHIR data.</Empty> : <EmployeeTable rows={rows} />)}
    </Async>
  );
}
