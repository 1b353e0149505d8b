import { useEffect, useState } from "react";
import { ROUTES, parseHash, type Route } from "./routes";
import { Admin } from "./screens/Admin";
import { Audit } from "./screens/Audit";
import { Cases } from "./screens/Cases";
import { Employees } from "./screens/Employees";
import { EmployeesSearch } from "./screens/EmployeesSearch";
import { Mappings } from "./screens/Mappings";
import { Measures } from "./screens/Measures";
import { Overview } from "./screens/Overview";
import { Runs } from "./screens/Runs";
import { ValueSets } from "./screens/ValueSets";

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
        <Screen route={route} />
      </main>
    </div>
  );
}
