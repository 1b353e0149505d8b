import { useState } from "react";
import { studio } from "../api";
import type { FixtureReportDto } from "../bindings";
import { Async, Empty, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import type { TabProps } from "./Studio";
import { noticeFor } from "./StudioModel";

/** The Fixtures tab: the measure's test fixtures and a run of them against this version. */
export function StudioFixtures(props: TabProps) {
  const v = props.version;
  const list = useAsync(() => studio.fixtures(props.measure.id), [props.measure.id]);
  const [report, setReport] = useState<FixtureReportDto | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const r = await studio.runFixtures(v.id);
      setReport(r);
      props.notify(
        r.passed === r.total
          ? { tone: "good", title: "Fixtures pass", text: `${r.passed} of ${r.total} fixtures pass on version ${v.version}.` }
          : { tone: "refused", title: "Fixtures fail", text: `${r.total - r.passed} of ${r.total} fixtures fail on version ${v.version}.` },
      );
    } catch (e) {
      props.notify(noticeFor("Run fixtures", e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Async state={list.state} what="the fixtures" onRetry={list.reload}>
      {(fixtures) => (
        <div className="studio-fixtures">
          <div className="toolbar">
            <span>
              {fixtures.length} fixture(s) for this measure; every version is checked against the same cases.
            </span>
            <button type="button" onClick={() => void run()} disabled={busy || fixtures.length === 0} data-testid="run-fixtures">
              {busy ? "Running…" : `Run fixtures on ${v.version}`}
            </button>
          </div>
          {fixtures.length === 0 ? (
            <Empty>This measure has no test fixtures; approval needs at least one.</Empty>
          ) : (
            <table className="grid" aria-label="Fixtures">
              <thead>
                <tr>
                  <th>Fixture</th>
                  <th>As of</th>
                  <th>Employee</th>
                  <th>Records</th>
                  <th>Expected</th>
                  <th>Actual</th>
                </tr>
              </thead>
              <tbody>
                {fixtures.map((f) => {
                  const result = report?.results.find((r) => r.name === f.name);
                  return (
                    <tr key={f.name} data-testid="fixture-row" className={result ? (result.passed ? "pass" : "fail") : undefined}>
                      <td>
                        <strong>{f.name}</strong>
                        {f.description && <div className="muted small">{f.description}</div>}
                      </td>
                      <td>{f.asOf}</td>
                      <td className="small">
                        {f.role ?? "no role"} · {f.site ?? "no site"}
                        {f.startDate ? ` · started ${f.startDate}` : ""}
                        {f.hasActiveWaiver ? " · waiver" : ""}
                      </td>
                      <td>{f.resources}</td>
                      <td>
                        <Chip value={f.expectedStatus} />
                      </td>
                      <td>{result ? <ResultCell result={result} /> : <span className="muted">Not run</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {report && (
            <p data-testid="fixture-summary">
              <strong>
                {report.passed} of {report.total} pass.
              </strong>
            </p>
          )}
        </div>
      )}
    </Async>
  );
}

function ResultCell(props: { result: FixtureReportDto["results"][number] }) {
  const r = props.result;
  return (
    <div>
      <span data-testid="fixture-actual">
        <Chip value={r.actual} /> {r.passed ? "✓ as expected" : "✗ differs"}
      </span>
      {r.error && <div className="error-box small">{r.error}</div>}
      <details>
        <summary>Define values ({r.defines.length})</summary>
        <table className="grid small" aria-label={`Define values of ${r.name}`}>
          <tbody>
            {r.defines.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td className="mono">{d.error ? <span className="bad">error: {d.error}</span> : d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
