// The CQL editor: CodeMirror 6 with CQL highlighting, line numbers, and the engine's compile
// diagnostics shown at their line (a gutter marker per line, an underline with the message).

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState, RangeSet, StateEffect, StateField } from "@codemirror/state";
import {
  EditorView,
  GutterMarker,
  drawSelection,
  gutter,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { DiagnosticDto } from "../bindings";
import { cqlStreamParser, markerLines, placeDiagnostics } from "./CqlEditorModel";

const cql = StreamLanguage.define(cqlStreamParser);

const cqlHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#7a3e9d", fontWeight: "600" },
  { tag: tags.string, color: "#2e7d32" },
  { tag: tags.special(tags.variableName), color: "#1f5fa8" },
  { tag: tags.comment, color: "#7a7f87", fontStyle: "italic" },
  { tag: tags.number, color: "#b35c00" },
  { tag: tags.atom, color: "#b35c00" },
  { tag: tags.typeName, color: "#00796b" },
  { tag: tags.operator, color: "#5c5f66" },
]);

/** A gutter marker on a line with diagnostics; `data-line` names the line it sits on. */
class DiagnosticMarker extends GutterMarker {
  constructor(
    readonly line: number,
    readonly severity: "error" | "warning",
    readonly messages: string[],
  ) {
    super();
  }
  eq(other: GutterMarker): boolean {
    return (
      other instanceof DiagnosticMarker &&
      other.line === this.line &&
      other.severity === this.severity &&
      other.messages.join("\n") === this.messages.join("\n")
    );
  }
  toDOM(): Node {
    const el = document.createElement("span");
    el.className = `ww-diag-marker ww-diag-${this.severity}`;
    el.dataset.line = String(this.line);
    el.title = this.messages.join("\n");
    el.textContent = this.severity === "error" ? "●" : "▲";
    el.setAttribute("aria-label", `${this.severity} on line ${this.line}: ${this.messages.join("; ")}`);
    return el;
  }
}

const setMarkers = StateEffect.define<DiagnosticDto[]>();

/** The diagnostic markers, re-placed whenever new diagnostics arrive. */
const markerField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setMarkers)) {
        const doc = tr.state.doc;
        const lines = markerLines(placeDiagnostics(doc.toString(), e.value));
        const ranges = [...lines.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([line, m]) => new DiagnosticMarker(line, m.severity, m.messages).range(doc.line(line).from));
        next = RangeSet.of(ranges);
      }
    }
    return next;
  },
});

const diagnosticGutter = [
  markerField,
  gutter({
    class: "ww-diag-gutter",
    markers: (view) => view.state.field(markerField),
    initialSpacer: () => new DiagnosticMarker(0, "error", []),
  }),
];

/** What the Studio can ask of the editor. */
export interface CqlEditorHandle {
  /** Moves the cursor to the start of `line` (1-based), scrolls it into view and focuses. */
  goToLine(line: number): void;
}

/** The editor. `value` is the initial text (remount with a `key` to load another version). */
export const CqlEditor = forwardRef<
  CqlEditorHandle,
  {
    value: string;
    readOnly: boolean;
    diagnostics: readonly DiagnosticDto[];
    onChange: (text: string) => void;
    label: string;
  }
>(function CqlEditor(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const editable = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          diagnosticGutter,
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          cql,
          syntaxHighlighting(cqlHighlight),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          editable.current.of([EditorState.readOnly.of(props.readOnly), EditorView.editable.of(!props.readOnly)]),
          EditorView.contentAttributes.of({ "aria-label": props.label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The text is loaded once per mount; the parent remounts with a key for another version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch({
      effects: editable.current.reconfigure([
        EditorState.readOnly.of(props.readOnly),
        EditorView.editable.of(!props.readOnly),
      ]),
    });
  }, [props.readOnly]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const placed = placeDiagnostics(v.state.doc.toString(), props.diagnostics);
    const lint = setDiagnostics(
      v.state,
      placed.map((p) => ({ from: p.from, to: p.to, severity: p.severity, message: p.message, source: "WorkWell CQL" })),
    );
    v.dispatch({ ...lint, effects: [...asArray(lint.effects), setMarkers.of([...props.diagnostics])] });
  }, [props.diagnostics]);

  useImperativeHandle(ref, () => ({
    goToLine(line: number) {
      const v = view.current;
      if (!v) return;
      const n = Math.min(Math.max(line, 1), v.state.doc.lines);
      const pos = v.state.doc.line(n).from;
      v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      v.focus();
    },
  }));

  return <div className="cql-editor" ref={host} data-testid="cql-editor" />;
});

function asArray<T>(x: T | readonly T[] | undefined): T[] {
  if (x === undefined) return [];
  return Array.isArray(x) ? [...x] : [x as T];
}
