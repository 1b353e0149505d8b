import { useState } from "react";
import { api, studio } from "../api";
import type { CompileReportDto } from "../bindings";
import { Async, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { TabProps } from "./Studio";
import { allows, noticeFor } from "./StudioModel";

/** The Value sets tab: linked sets, link/unlink (DRAFT), and the declared-vs-linked check. */
export function StudioValueSets(props: TabProps) {
  const v = props.version;
  const editable = allows(v, "EDIT");
  const all = useAsync(() => api.valueSets());
  const [pick, setPick] = useState("");
  const [check, setCheck] = useState<CompileReportDto | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async (valueSetId: string, link: boolean) => {
    setBusy(true);
    try {
      const changed = await studio.linkValueSet(v.id, valueSetId, link);
      props.notify({
        tone: "good",
        title: link ? "Linked" : "Unlinked",
        text: changed ? "The version must be compiled again." : "Nothing changed.",
      });
      props.reload(v.id);
    } catch (e) {
      props.notify(noticeFor(link ? "Link" : "Unlink", e));
    } finally {
      setBusy(false);
    }
  };

  const runCheck = async () => {
    setBusy(true);
    try {
      setCheck(await studio.compile(v.id));
    } catch (e) {
      props.notify(noticeFor("Check", e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Async state={all.state} what="the value sets" onRetry={all.reload}>
      {(sets) => {
        const linked = sets.filter((s) => v.valueSetIds.includes(s.id));
        const unknown = v.valueSetIds.filter((id) => !sets.some((s) => s.id === id));
        const unlinked = sets.filter((s) => !v.valueSetIds.includes(s.id));
        return (
          <div className="studio-valuesets">
            <h3>Linked to version {v.version}</h3>
            {linked.length === 0 && unknown.length === 0 ? (
              <p className="empty">No value set is linked.</p>
            ) : (
              <table className="grid" aria-label="Linked value sets">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Canonical URL</th>
                    <th>Version</th>
                    <th>Codes</th>
                    <th>Resolution</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {linked.map((s) => (
                    <tr key={s.id} data-testid="linked-value-set">
                      <td>{s.name}</td>
                      <td className="mono small">{s.canonicalUrl ?? "—"}</td>
                      <td>{s.version ?? "—"}</td>
                      <td>{s.codes.length}</td>
                      <td>
                        <Chip value={s.resolutionStatus} />
                      </td>
                      <td>
                        {editable && (
                          <button type="button" disabled={busy} onClick={() => void change(s.id, false)}>
                            Unlink
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                  {unknown.map((id) => (
                    <tr key={id}>
                      <td colSpan={6} className="muted">
                        {id} (not in the value-set list)
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {editable && (
              <form
                className="inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (pick) void change(pick, true);
                }}
              >
                <label>
                  Link a value set{" "}
                  <select value={pick} onChange={(e) => setPick(e.target.value)} data-testid="link-pick">
                    <option value="">Choose…</option>
                    {unlinked.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} {s.version ? `(${s.version})` : ""}
                      </option>
                    ))}
                  </select>
                </label>{" "}
                <button type="submit" disabled={busy || !pick}>
                  Link
                </button>
              </form>
            )}
            <h3>Declared in the CQL</h3>
            <p className="muted small">
              Every value set the CQL declares must be linked to this version. The check compiles the CQL
              {editable ? " and stores the result on this draft" : " without storing"}.
            </p>
            <button type="button" onClick={() => void runCheck()} disabled={busy} data-testid="check-declared">
              Check declared value sets
            </button>
            {check && (
              <table className="grid" aria-label="Declared value sets">
                <thead>
                  <tr>
                    <th>Declared URL</th>
                    <th>Line</th>
                    <th>Linked value set</th>
                  </tr>
                </thead>
                <tbody>
                  {check.valueSets.length === 0 && (
                    <tr>
                      <td colSpan={3} className="muted">
                        The CQL declares no value set.
                      </td>
                    </tr>
                  )}
                  {check.valueSets.map((d) => (
                    <tr key={d.url} data-testid="declared-value-set">
                      <td className="mono small">{d.url}</td>
                      <td>{d.line || "—"}</td>
                      <td>
                        {d.linkedValueSetId ? (
                          sets.find((s) => s.id === d.linkedValueSetId)?.name ?? d.linkedValueSetId
                        ) : (
                          <span className="chip chip-bad">Not linked</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      }}
    </Async>
  );
}
