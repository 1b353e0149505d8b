import { useState } from "react";
import { studio, work, type VersionPacketWritten } from "../api";
import type { DeprecationPreviewDto } from "../bindings";
import { Chip } from "../components/Chip";
import { useOrgZone, when } from "./AdminParts";
import type { TabProps } from "./Studio";
import { allows, noticeFor } from "./StudioModel";

/** The Release tab: lifecycle actions with the engine's refusals, version history, packet. */
export function StudioRelease(props: TabProps) {
  const v = props.version;
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [packet, setPacket] = useState<VersionPacketWritten | null>(null);
  const [retire, setRetire] = useState<DeprecationPreviewDto | null>(null);
  const [typed, setTyped] = useState("");
  const zone = useOrgZone();
  const day = (ts: string | null) => when(ts, zone);

  const act = async (name: string, f: () => Promise<{ summary: string }>) => {
    setBusy(true);
    try {
      const r = await f();
      props.notify({ tone: "good", title: name, text: r.summary });
      props.reload(v.id);
    } catch (e) {
      props.notify(noticeFor(name, e));
    } finally {
      setBusy(false);
    }
  };

  /** Writes the packet to the export folder, or (`choose`) where the save dialog says. */
  const exportPacket = async (format: "json" | "html", choose = false) => {
    setBusy(true);
    try {
      let path: string | null = null;
      if (choose) {
        path = await work.choosePath("save", `measure-version-${v.version}.${format}`, [format]);
        if (path === null) return;
      }
      const written = await studio.exportPacket(v.id, format, path);
      setPacket(written);
      props.notify({ tone: "good", title: "Packet written", text: written.path });
    } catch (e) {
      props.notify(noticeFor("Packet export", e));
    } finally {
      setBusy(false);
    }
  };

  /** Asks Rust what the deprecation would do; a retirement waits for the typed word. */
  const startDeprecate = async () => {
    try {
      const preview = await studio.deprecationPreview(v.id);
      if (preview.confirmation) {
        setTyped("");
        setRetire(preview);
      } else {
        await act("Deprecate", () => studio.deprecate(v.id, reason));
      }
    } catch (e) {
      props.notify(noticeFor("Deprecate", e));
    }
  };

  const none = v.actions.every((a) => a === "EDIT");
  return (
    <div className="studio-release">
      <h3>
        Version {v.version} <Chip value={v.status} />
      </h3>
      <p className="muted small" data-testid="release-osha">
        {v.oshaReference
          ? `Cites ${v.oshaReference.cfrCitation} — ${v.oshaReference.title}.`
          : "Cites no OSHA reference (an organisation policy)."}
      </p>
      <div className="actions">
        {allows(v, "APPROVE") && (
          <div>
            <button type="button" data-testid="approve" disabled={busy} onClick={() => void act("Approve", () => studio.approve(v.id))}>
              Approve
            </button>
            <p className="muted small">Needs a clean compile of the current CQL and every fixture passing.</p>
          </div>
        )}
        {allows(v, "ACTIVATE") && (
          <div>
            <button type="button" data-testid="activate" disabled={busy} onClick={() => void act("Activate", () => studio.activate(v.id))}>
              Activate
            </button>
            <p className="muted small">The currently active version, if any, is deprecated in the same step.</p>
          </div>
        )}
        {allows(v, "DEPRECATE") && (
          <div>
            <label>
              Reason for deprecation (required){" "}
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                onKeyDown={(e) => {
                  // QA3 H1: Enter never deprecates; the button (and its confirmation) does.
                  if (e.key === "Enter") e.preventDefault();
                }}
                data-testid="deprecate-reason"
              />
            </label>{" "}
            <button type="button" disabled={busy || retire !== null} data-testid="deprecate" onClick={() => void startDeprecate()}>
              Deprecate…
            </button>
            {retire && (
              <div className="error-box" role="alertdialog" aria-label="Retire the program" data-testid="retire-confirm">
                <p>{retire.message}</p>
                <label>
                  Type {retire.confirmation} to confirm{" "}
                  <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="retire-word" />
                </label>{" "}
                <button
                  type="button"
                  className="danger"
                  disabled={busy || typed.trim() !== retire.confirmation}
                  data-testid="retire"
                  onClick={() => {
                    const word = typed.trim();
                    setRetire(null);
                    setTyped("");
                    void act("Deprecate", () => studio.deprecate(v.id, reason, word));
                  }}
                >
                  Retire the program
                </button>{" "}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setRetire(null);
                    setTyped("");
                  }}
                >
                  Cancel
                </button>
              </div>
            )}
          </div>
        )}
        {none && <p className="muted">A deprecated version has no further lifecycle steps.</p>}
      </div>

      <h3>Measure-version packet</h3>
      <p className="muted small">
        The spec, CQL, value sets, approvals and audit trail of this version, with its SHA-256 recorded. Without a
        chosen file it goes to the export folder beside the database.
      </p>
      <button type="button" disabled={busy} onClick={() => void exportPacket("html")} data-testid="packet-html">
        Export HTML packet
      </button>{" "}
      <button type="button" disabled={busy} onClick={() => void exportPacket("json")}>
        Export JSON packet
      </button>{" "}
      <button type="button" className="secondary" disabled={busy} onClick={() => void exportPacket("html", true)}>
        Save HTML packet as…
      </button>
      {packet && (
        <p data-testid="packet-written">
          Written to <code>{packet.path}</code> ({packet.sizeBytes.toLocaleString("en-US")} bytes), SHA-256{" "}
          <code className="small">{packet.sha256}</code>
        </p>
      )}

      <h3>Version history</h3>
      <table className="grid" aria-label="Version history">
        <thead>
          <tr>
            <th>Version</th>
            <th>Status</th>
            <th>Change summary</th>
            <th>OSHA reference</th>
            <th>Created</th>
            <th>Approved</th>
            <th>Activated</th>
            <th>Deprecated</th>
          </tr>
        </thead>
        <tbody>
          {props.measure.versions.map((h) => (
            <tr key={h.id} className={h.id === v.id ? "current" : undefined} data-testid="history-row">
              <td>
                <button type="button" className="link" onClick={() => props.reload(h.id)}>
                  {h.version}
                </button>
              </td>
              <td>
                <Chip value={h.status} />
              </td>
              <td>{h.changeSummary ?? "—"}</td>
              <td className="small">{h.oshaReference?.cfrCitation ?? "—"}</td>
              <td className="small">{day(h.createdAt)}</td>
              <td className="small">{h.approvedAt ? `${day(h.approvedAt)} by ${h.approvedBy ?? "?"}` : "—"}</td>
              <td className="small">{day(h.activatedAt)}</td>
              <td className="small">
                {h.deprecatedAt ? `${day(h.deprecatedAt)}: ${h.deprecatedReason ?? ""}` : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

