import { StringStream } from "@codemirror/language";
import { describe, expect, it } from "vitest";
import type { DiagnosticDto } from "../bindings";
import { cqlStreamParser, lineStarts, markerLines, placeDiagnostics } from "./CqlEditorModel";

/** The (token, text) pairs of each line, with the comment state carried between lines. */
function tokens(text: string): Array<[string | null, string]> {
  const state = cqlStreamParser.startState();
  const out: Array<[string | null, string]> = [];
  for (const line of text.split("\n")) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      const style = cqlStreamParser.token(stream, state);
      const t = stream.current();
      if (t.trim() !== "") out.push([style, t]);
      stream.start = stream.pos;
    }
  }
  return out;
}

const diag = (line: number, column: number, message = "m", severity = "error"): DiagnosticDto => ({
  line,
  column,
  message,
  severity,
});

describe("CQL highlighting", () => {
  it("tells keywords, strings, quoted identifiers, comments, numbers and dates apart", () => {
    expect(tokens(`define "Due Date": @2025-01-01 + 30 days // note`)).toEqual([
      ["keyword", "define"],
      ["variableName.special", '"Due Date"'],
      [null, ":"],
      ["atom", "@2025-01-01"],
      ["operator", "+"],
      ["number", "30"],
      ["keyword", "days"],
      ["comment", "// note"],
    ]);
    expect(tokens(`valueset "A": 'http://x/a'`)).toEqual([
      ["keyword", "valueset"],
      ["variableName.special", '"A"'],
      [null, ":"],
      ["string", "'http://x/a'"],
    ]);
    expect(tokens("Interval<DateTime> true null Foo")).toEqual([
      ["typeName", "Interval"],
      ["operator", "<"],
      ["typeName", "DateTime"],
      ["operator", ">"],
      ["atom", "true"],
      ["atom", "null"],
      ["variableName", "Foo"],
    ]);
  });

  it("carries a block comment over lines", () => {
    expect(tokens("/* one\ntwo */ define")).toEqual([
      ["comment", "/* one"],
      ["comment", "two */"],
      ["keyword", "define"],
    ]);
  });

  it("keeps an escaped quote inside a string", () => {
    expect(tokens(`'it\\'s' + 1`)[0]).toEqual(["string", `'it\\'s'`]);
  });
});

describe("placing the engine's diagnostics", () => {
  const text = 'library X\ndefine "A":\n  Nope + 1\n';

  it("finds line starts", () => {
    expect(lineStarts(text)).toEqual([0, 10, 22, 33]);
  });

  it("underlines the word at the line and column", () => {
    const [p] = placeDiagnostics(text, [diag(3, 3, "Could not resolve identifier 'Nope'.")]);
    expect(text.slice(p.from, p.to)).toBe("Nope");
    expect(p.line).toBe(3);
    expect(p.severity).toBe("error");
  });

  it("underlines a whole quoted identifier and a single punctuation mark", () => {
    const [q, colon] = placeDiagnostics(text, [diag(2, 8), diag(2, 11, "x", "warning")]);
    expect(text.slice(q.from, q.to)).toBe('"A"');
    expect(text.slice(colon.from, colon.to)).toBe(":");
    expect(colon.severity).toBe("warning");
  });

  it("clamps positions outside the text", () => {
    const [past, zero, far] = placeDiagnostics(text, [diag(99, 1), diag(0, 0), diag(1, 500)]);
    expect(past.line).toBe(4);
    expect(past.from).toBe(text.length);
    expect(zero.from).toBe(0);
    expect(far.from).toBe(9);
    expect(far.to).toBe(9);
  });

  it("counts columns in characters, not UTF-16 units", () => {
    const t = "define \"𝔸\": Nope";
    const [p] = placeDiagnostics(t, [diag(1, 13)]);
    expect(t.slice(p.from, p.to)).toBe("Nope");
  });

  it("groups markers by line with the worst severity", () => {
    const lines = markerLines(placeDiagnostics(text, [diag(3, 3, "a", "warning"), diag(3, 10, "b"), diag(1, 1, "c", "warning")]));
    expect([...lines.keys()]).toEqual([3, 1]);
    expect(lines.get(3)).toEqual({ severity: "error", messages: ["a", "b"] });
    expect(lines.get(1)?.severity).toBe("warning");
  });
});
