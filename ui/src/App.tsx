import { lazy, Suspense, useEffect, useState } from "react";
import { ROUTES, parseHash, type Route } from "./routes";
import { EmployeesSearch } from "./screens/EmployeesSearch";
import { Overview } from "./screens/Overview";

// The overview is in the first bundle; every other screen (the Studio with CodeMirror, the
// virtualised worklist, Admin, ...) is its own chunk, loaded when first opened, so the window
// parses less script before its first paint.
const Admin = lazy(() => import("./screens/Admin").then((m) => ({ default: m.Admin })));
const Audit = lazy(() => import("./screens/Audit").then((m) => ({ default: m.Audit })));
const Cases = lazy(() => import("./screens/Cases").then((m) => ({ default: m.Cases })));
const Employees = lazy(() => import("./screens/Employees").then((m) => ({ default: m.Employees })));
const Mappings = lazy(() => import("./screens/Mappings").then((m) => ({ default: m.Mappings })));
const Measures = lazy(() => import("./screens/Measures").then((m) => ({ default: m.Measures })));
const Runs = lazy(() => import("./screens/Runs").then((m) => ({ default: m.Runs })));
const ValueSets = lazy(() => import("./screens/ValueSets").then((m) => ({ default: m.ValueSets })));

function Screen(props: { route: Route }) {
  switch (props.route) {
    case "overview":
      return <Overview />;
    case "measures":
      return <Measures />;
    case "employees":
      return <Employees />;
    case "runs":
      return <Runs />;
    case "cases":
      return <Cases />;
    case "audit":
      return <Audit />;
    case "valuesets":
      return <ValueSets />;
    case "mappings":
      return <Mappings />;
    case "admin":
      return <Admin />;
  }
}

/** The window: a sidebar of screens and the current screen. */
export function App() {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const title = ROUTES.find((r) => r.route === route)?.title ?? "";

  return (
    <div className="layout">
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">WorkWell</div>
        <ul>
          {ROUTES.map((r) => (
            <li key={r.route}>
              <a
                href={`#/${r.route}`}
                className={r.route === route ? "active" : undefined}
                aria-current={r.route === route ? "page" : undefined}
              >
                {r.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <header className="content-header">
          <h1>{title}</h1>
          <EmployeesSearch />
        </header>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Screen route={route} />
        </Suspense>
      </main>
    </div>
  );
}
