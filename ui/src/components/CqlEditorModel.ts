// The CQL editor's own logic, kept free of the DOM so Vitest can check it: the highlighting
// tokenizer (a CodeMirror 6 stream parser) and the mapping of the engine's compile
// diagnostics (1-based line and column, from Rust) to editor ranges. Diagnostics are never
// computed here: this only places them.

import type { StringStream } from "@codemirror/language";
import type { DiagnosticDto } from "../bindings";

/** CQL keywords (CQL 1.5 reserved and common contextual words), lower case. */
const KEYWORDS = new Set(
  (
    "library version using include called public private parameter default context define function " +
    "returns fluent external valueset codesystem code concept display codesystems valuesets " +
    "where return such that with without sort by asc ascending desc descending let all distinct " +
    "and or xor not implies is as cast in contains properly includes included during before after " +
    "within starts ends occurs same start end of from to between exists if then else case when " +
    "union intersect except collapse expand per day days week weeks month months year years hour " +
    "hours minute minutes second seconds millisecond milliseconds date time timezone offset " +
    "singleton width successor predecessor point div mod on or less more than overlaps meets " +
    "aggregate starting"
  ).split(/\s+/),
);

/** Literal words: booleans and null. */
const ATOMS = new Set(["true", "false", "null"]);

/** Type names, as written (case-sensitive). */
const TYPES = new Set([
  "Boolean",
  "Integer",
  "Long",
  "Decimal",
  "String",
  "Date",
  "DateTime",
  "Time",
  "Quantity",
  "Ratio",
  "Code",
  "Concept",
  "Interval",
  "List",
  "Tuple",
  "Choice",
  "Any",
  "ValueSet",
  "CodeSystem",
  "Patient",
  "Procedure",
  "Observation",
  "Immunization",
  "Condition",
  "Encounter",
]);

/** The tokenizer's state between lines: inside a block comment or not. */
export interface CqlState {
  inComment: boolean;
}

function blockComment(stream: StringStream, state: CqlState): string {
  while (!stream.eol()) {
    if (stream.match("*/")) {
      state.inComment = false;
      return "comment";
    }
    stream.next();
  }
  return "comment";
}

function quoted(stream: StringStream, quote: string): void {
  let escaped = false;
  let ch: string | void;
  while ((ch = stream.next()) !== undefined) {
    if (ch === quote && !escaped) return;
    escaped = !escaped && ch === "\\";
  }
}

/**
 * A CodeMirror stream parser for CQL: keywords, strings ('...'), quoted identifiers ("..."),
 * comments (// and block), numbers (with units left to the string rule), date and time
 * literals (@2025-01-01, @T10:00), booleans and null, type names.
 */
export const cqlStreamParser = {
  name: "cql",
  startState: (): CqlState => ({ inComment: false }),
  copyState: (s: CqlState): CqlState => ({ inComment: s.inComment }),
  token(stream: StringStream, state: CqlState): string | null {
    if (state.inComment) return blockComment(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match("/*")) {
      state.inComment = true;
      return blockComment(stream, state);
    }
    const ch = stream.peek();
    if (ch === "'") {
      stream.next();
      quoted(stream, "'");
      return "string";
    }
    if (ch === '"') {
      stream.next();
      quoted(stream, '"');
      return "variableName.special";
    }
    if (ch === "`") {
      stream.next();
      quoted(stream, "`");
      return "variableName.special";
    }
    if (stream.match(/^@T?[0-9][0-9:.TZ+-]*/)) return "atom";
    if (stream.match(/^[0-9]+(\.[0-9]+)?L?/)) return "number";
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (word) {
      const text = stream.current();
      if (ATOMS.has(text)) return "atom";
      if (KEYWORDS.has(text)) return "keyword";
      if (TYPES.has(text)) return "typeName";
      return "variableName";
    }
    stream.next();
    return /[-+*/<>=!^&|]/.test(ch ?? "") ? "operator" : null;
  },
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
};

/** A diagnostic placed in the text: offsets (UTF-16, as CodeMirror counts) and its line. */
export interface PlacedDiagnostic {
  from: number;
  to: number;
  line: number;
  severity: "error" | "warning";
  message: string;
}

/** Offset of each line's start in `text` (1-based line n starts at `starts[n - 1]`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

/**
 * Places the engine's diagnostics in `text`. The engine counts columns in characters (Unicode
 * scalar values); CodeMirror counts UTF-16 units, so the column is walked over the line's
 * characters. A line past the end goes to the last line; a column past the end of its line to
 * the line's end. The range covers the word, quoted identifier or string starting there (one
 * character otherwise), so the underline sits under what the message is about.
 */
export function placeDiagnostics(text: string, diagnostics: readonly DiagnosticDto[]): PlacedDiagnostic[] {
  const starts = lineStarts(text);
  return diagnostics.map((d) => {
    const line = Math.min(Math.max(d.line, 1), starts.length);
    const lineStart = starts[line - 1];
    const lineEnd = line < starts.length ? starts[line] - 1 : text.length;
    const lineText = text.slice(lineStart, lineEnd);
    const chars = Array.from(lineText);
    const col = Math.min(Math.max(d.column, 1) - 1, chars.length);
    const from = lineStart + chars.slice(0, col).join("").length;
    const rest = text.slice(from, lineEnd);
    let length: number;
    const open = rest[0];
    if (open === '"' || open === "'" || open === "`") {
      const close = rest.indexOf(open, 1);
      length = close === -1 ? rest.length : close + 1;
    } else {
      const word = /^[A-Za-z0-9_]+/.exec(rest);
      length = word ? word[0].length : Math.min(1, rest.length);
    }
    return {
      from,
      to: from + length,
      line,
      severity: d.severity === "warning" ? "warning" : "error",
      message: d.message,
    };
  });
}

/** The lines that carry a diagnostic, with the worst severity and every message of each. */
export function markerLines(placed: readonly PlacedDiagnostic[]): Map<number, { severity: "error" | "warning"; messages: string[] }> {
  const out = new Map<number, { severity: "error" | "warning"; messages: string[] }>();
  for (const p of placed) {
    const entry = out.get(p.line) ?? { severity: p.severity, messages: [] };
    if (p.severity === "error") entry.severity = "error";
    entry.messages.push(p.message);
    out.set(p.line, entry);
  }
  return out;
}
