import { useRef, useState } from "react";
import { studio } from "../api";
import type { DiagnosticDto } from "../bindings";
import { Chip } from "../components/Chip";
import { CqlEditor, type CqlEditorHandle } from "../components/CqlEditor";
import type { TabProps } from "./Studio";
import { allows, noticeFor } from "./StudioModel";

/** The CQL tab: the editor, Save (resets the compile status) and Compile with diagnostics. */
export function StudioCql(props: TabProps) {
  const v = props.version;
  const editable = allows(v, "EDIT");
  const [text, setText] = useState(v.cql);
  const [saved, setSaved] = useState(v.cql);
  const [diagnostics, setDiagnostics] = useState<DiagnosticDto[]>(v.diagnostics);
  const [status, setStatus] = useState<string | null>(v.compileStatus);
  const [busy, setBusy] = useState<"save" | "compile" | null>(null);
  const editor = useRef<CqlEditorHandle>(null);
  const dirty = text !== saved;

  const save = async () => {
    setBusy("save");
    try {
      await studio.saveCql(v.id, text);
      setSaved(text);
      setStatus("NOT_COMPILED");
      setDiagnostics([]);
      props.notify({ tone: "good", title: "Saved", text: `The CQL of version ${v.version} is saved; compile it again before approval.` });
    } catch (e) {
      props.notify(noticeFor("Save", e));
    } finally {
      setBusy(null);
    }
  };

  const compile = async () => {
    setBusy("compile");
    try {
      const report = await studio.compile(v.id);
      setDiagnostics(report.diagnostics);
      setStatus(report.status);
      const errors = report.diagnostics.filter((d) => d.severity === "error").length;
      const warnings = report.diagnostics.length - errors;
      props.notify(
        errors > 0
          ? { tone: "refused", title: "Compile found errors", text: `${errors} error(s), ${warnings} warning(s): see the list below the editor.` }
          : {
              tone: "good",
              title: "Compiled",
              text: `${warnings} warning(s).${report.stored ? "" : " Versions other than DRAFT are checked without storing the result."}`,
            },
      );
    } catch (e) {
      props.notify(noticeFor("Compile", e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="studio-cql">
      <div className="toolbar">
        <span>
          Compile status: {status ? <Chip value={status} /> : <span className="muted">Never compiled</span>}
          {dirty && <span className="muted" data-testid="unsaved"> · unsaved changes</span>}
        </span>
        {editable ? (
          <>
            <button type="button" data-testid="save-cql" onClick={() => void save()} disabled={busy !== null || !dirty}>
              {busy === "save" ? "Saving…" : "Save"}
            </button>
            <button
              type="button"
              data-testid="compile"
              onClick={() => void compile()}
              disabled={busy !== null || dirty}
              title={dirty ? "Save the CQL first: the engine compiles the saved text" : undefined}
            >
              {busy === "compile" ? "Compiling…" : "Compile"}
            </button>
          </>
        ) : (
          <>
            <span className="muted">Version {v.version} is {v.status.toLowerCase()}: read only. Create a new version to edit.</span>
            <button type="button" data-testid="compile" onClick={() => void compile()} disabled={busy !== null}>
              Check compile
            </button>
          </>
        )}
      </div>
      <CqlEditor
        ref={editor}
        value={v.cql}
        readOnly={!editable}
        diagnostics={diagnostics}
        onChange={setText}
        label={`CQL of version ${v.version}`}
      />
      <DiagnosticList diagnostics={diagnostics} stale={dirty} onJump={(line) => editor.current?.goToLine(line)} />
    </div>
  );
}

/** The compile diagnostics under the editor; each jumps to its line. */
export function DiagnosticList(props: { diagnostics: DiagnosticDto[]; stale: boolean; onJump: (line: number) => void }) {
  if (props.diagnostics.length === 0) {
    return <p className="muted small" data-testid="no-diagnostics">No compile diagnostics.</p>;
  }
  return (
    <section className="diagnostics" aria-label="Compile diagnostics">
      <h3>
        Diagnostics ({props.diagnostics.length})
        {props.stale && <span className="muted small"> — from the last compile; the text has changed since</span>}
      </h3>
      <ul>
        {props.diagnostics.map((d, i) => (
          <li key={i} className={`diag diag-${d.severity}`} data-testid="diagnostic" data-line={d.line}>
            <button type="button" className="link" onClick={() => props.onJump(d.line)}>
              Line {d.line}, column {d.column}
            </button>{" "}
            <span className={`chip chip-${d.severity === "error" ? "bad" : "warn"}`}>{d.severity === "error" ? "Error" : "Warning"}</span>{" "}
            <span className="diag-message">{d.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
