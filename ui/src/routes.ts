// The sidebar's screens and the hash route of each (`#/runs`).

/** A screen of the sidebar. */
export type Route =
  | "overview"
  | "runs"
  | "cases"
  | "employees"
  | "measures"
  | "valuesets"
  | "mappings"
  | "audit"
  | "admin";

/** Sidebar order and titles. */
export const ROUTES: ReadonlyArray<{ route: Route; title: string }> = [
  { route: "overview", title: "Programs overview" },
  { route: "runs", title: "Runs" },
  { route: "cases", title: "Cases" },
  { route: "employees", title: "Employees" },
  { route: "measures", title: "Measures & Studio" },
  { route: "valuesets", title: "Value sets" },
  { route: "mappings", title: "Terminology mappings" },
  { route: "audit", title: "Audit log" },
  { route: "admin", title: "Admin" },
];

/** The route named by a location hash; unknown or empty hashes open the overview. */
export function parseHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  const found = ROUTES.find((r) => r.route === name);
  return found ? found.route : "overview";
}
