// How a run summary counts its employees (QA3 H16): people a FHIR import created who await
// roster data are in no population, so they are counted apart (the counts come from Rust).

import { count } from "../labels";

/** "202 employees" or "202 employees (120 more awaiting roster data)". */
export function employeesWording(r: { employees: number; employeesAwaitingRoster: number }): string {
  const awaiting = r.employeesAwaitingRoster;
  const real = Math.max(0, r.employees - awaiting);
  const noun = real === 1 ? "employee" : "employees";
  return awaiting > 0 ? `${count(real)} ${noun} (${count(awaiting)} more awaiting roster data)` : `${count(real)} ${noun}`;
}
