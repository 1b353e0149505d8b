import { useState } from "react";
import { admin, api, type ApiError, toApiError } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { IntegrationRow } from "../bindings";
import { Refusal, useOrgZone, when } from "./AdminParts";

/** What each integration is, in a sentence (presentation only). */
const PURPOSE: Record<string, string> = {
  fhir: "Health records imported from FHIR files (Bundles, resources, Bulk Data NDJSON).",
  hris: "The employee roster imported from the HR system's CSV export.",
  mcp: "Model Context Protocol server for assistants.",
  ai: "AI assistance for measure authoring.",
};

/** One card per integration with its health and a "Sync" button running the engine's real check. */
export function AdminIntegrations() {
  const list = useAsync(() => api.integrations());
  return (
    <Async state={list.state} what="the integrations" onRetry={list.reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty>No integrations recorded.</Empty>
        ) : (
          <div className="cards">
            {rows.map((i) => (
              <IntegrationCard key={i.id} initial={i} />
            ))}
          </div>
        )
      }
    </Async>
  );
}

function IntegrationCard(props: { initial: IntegrationRow }) {
  const [row, setRow] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const zone = useOrgZone();
  const sync = async () => {
    setBusy(true);
    setError(null);
    try {
      setRow(await admin.syncIntegration(row.id));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card" data-testid="integration" data-id={row.id}>
      <h2>
        {row.displayName} <Chip value={row.status} />
      </h2>
      <p className="muted small">{PURPOSE[row.id] ?? ""}</p>
      <p className="small" data-testid="sync-result">
        {row.lastSyncResult ?? "Never checked."}
      </p>
      <p className="muted small">Last check: {when(row.lastSyncAt, zone)}</p>
      <button type="button" onClick={sync} disabled={busy} aria-label={`Sync ${row.displayName}`}>
        {busy ? "Checking…" : "Sync"}
      </button>
      {error && <Refusal error={error} title="Check failed." />}
    </article>
  );
}
