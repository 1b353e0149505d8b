import { useState } from "react";
import { admin } from "../api";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { TemplatePreviewDto } from "../bindings";
import { Refusal, useAction, useOrgZone, when } from "./AdminParts";

/** Rows of the delivery log the screen shows. */
export const DELIVERY_LIMIT = 200;

/** Outreach templates with a preview, and the delivery log across cases. */
export function AdminOutreach() {
  return (
    <>
      <Templates />
      <DeliveryLog />
    </>
  );
}

function Templates() {
  const list = useAsync(() => admin.templates());
  const [key, setKey] = useState<string | null>(null);
  const preview = useAction<TemplatePreviewDto>();
  const show = (k: string) => {
    setKey(k);
    void preview.run(() => admin.previewTemplate(k));
  };
  return (
    <section className="card" aria-label="Outreach templates">
      <h2>Outreach templates</h2>
      <Async state={list.state} what="the templates" onRetry={list.reload}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No templates.</Empty>
          ) : (
            <>
              {rows[0].builtin && (
                <p className="muted small">No template is stored: outreach uses these built-in defaults.</p>
              )}
              <table className="grid" aria-label="Templates">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Subject</th>
                    <th>Measure</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((t) => (
                    <tr key={t.key} aria-selected={t.key === key}>
                      <td>{t.name}</td>
                      <td className="mono small">{t.subject}</td>
                      <td>{t.measureName ?? "Any measure"}</td>
                      <td>
                        <button type="button" className="secondary" onClick={() => show(t.key)}>
                          Preview
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Async>
      {preview.state.kind === "running" && (
        <p className="loading" role="status">
          Rendering…
        </p>
      )}
      {preview.state.kind === "failed" && <Refusal error={preview.state.error} title="Cannot render." />}
      {preview.state.kind === "done" && (
        <article className="preview" aria-label="Template preview" data-testid="template-preview">
          <p className="muted small">{preview.state.result.sample}</p>
          <p>
            <strong>Subject:</strong> {preview.state.result.subject}
          </p>
          <pre className="message">{preview.state.result.bodyText}</pre>
        </article>
      )}
    </section>
  );
}

function DeliveryLog() {
  const log = useAsync(() => admin.deliveries(DELIVERY_LIMIT));
  const zone = useOrgZone();
  return (
    <section className="card section" aria-label="Delivery log">
      <div className="toolbar">
        <h2>Delivery log</h2>
        <button type="button" className="secondary" onClick={log.reload}>
          Refresh
        </button>
      </div>
      <Async state={log.state} what="the delivery log" onRetry={log.reload}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No outreach has been sent yet. Send one from a case.</Empty>
          ) : (
            <table className="grid" aria-label="Deliveries">
              <thead>
                <tr>
                  <th>Sent</th>
                  <th>Employee</th>
                  <th>Measure</th>
                  <th>To</th>
                  <th>Subject</th>
                  <th>Provider</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id}>
                    <td className="small">{when(d.sentAt, zone)}</td>
                    <td>
                      <a href={`#/cases/${d.caseId}`}>{d.employeeName}</a>
                      <div className="muted small mono">{d.employeeExternalId}</div>
                    </td>
                    <td>{d.measureName}</td>
                    <td className="mono small">{d.toAddress}</td>
                    <td className="small">{d.subject}</td>
                    <td>{d.provider === "sendgrid" ? "SendGrid" : "Simulated"}</td>
                    <td>
                      <Chip value={d.status} />
                      {d.errorDetail && <div className="small">{d.errorDetail}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </section>
  );
}
