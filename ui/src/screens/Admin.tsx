import { api } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { shortTime } from "./Runs";

/** Admin: integration health (imports, templates, waivers and settings follow their engines). */
export function Admin() {
  const integrations = useAsync(() => api.integrations());
  return (
    <>
      <h2>Integrations</h2>
      <Async state={integrations.state} what="the integrations" onRetry={integrations.reload}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No integrations recorded.</Empty>
          ) : (
            <div className="cards">
              {list.map((i) => (
                <article className="card" key={i.id} data-testid="integration">
                  <h2>
                    {i.displayName} <Chip value={i.status} />
                  </h2>
                  <p className="muted small">Last sync: {shortTime(i.lastSyncAt)}</p>
                  <p className="small">{i.lastSyncResult ?? "Never synchronised."}</p>
                </article>
              ))}
            </div>
          )
        }
      </Async>
      <p className="muted small section">
        FHIR and roster import, outreach templates, waivers, settings and demo reset are not connected in this
        build.
      </p>
    </>
  );
}
