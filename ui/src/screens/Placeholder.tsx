import { NotYet } from "../components/Async";
import type { Route } from "../routes";

const WHAT: Record<Route, string> = {
  overview: "Compliance per program, open cases and the last run.",
  runs: "Run history with filters, the run form, and each run's counts, logs and outcomes.",
  cases: "The case worklist with status chips, filters and bulk actions.",
  employees: "Employee search and profiles: facts, latest outcome per measure, open cases.",
  measures: "The measure catalog and Studio: spec, CQL editor with diagnostics, fixtures, release.",
  valuesets: "Value sets with their codes and terminology mappings with their review workflow.",
  audit: "The audit ledger with filters, chain verification and CSV export.",
  admin: "Integration health, imports, outreach templates, waivers and settings.",
};

/** A screen whose engine part has not landed: an honest statement, no invented rows. */
export function Placeholder(props: { route: Route }) {
  return <NotYet title="Not available in this build">{WHAT[props.route]}</NotYet>;
}
