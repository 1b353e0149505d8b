import { describe, expect, it } from "vitest";
import { hashParam, listHash, subPath } from "./CasesRoute";

const M = "b0000001-0000-0000-0000-000000000001";

describe("detail and list routes (QA H4)", () => {
  it("opens a detail only for an id", () => {
    expect(subPath(`#/cases/${M}`)).toBe(M);
    expect(subPath("#/cases")).toBeNull();
    // Program detail's old links: "measure" is not a case or run id, so the list opens.
    expect(subPath(`#/cases/measure/${M}`)).toBeNull();
    expect(subPath(`#/runs/measure/${M}`)).toBeNull();
    expect(subPath(`#/runs?measure=${M}`)).toBeNull();
    expect(subPath("#/runs/not-an-id")).toBeNull();
  });

  it("reads a list filter from the hash", () => {
    expect(hashParam(`#/cases?measure=${M}`, "measure")).toBe(M);
    expect(hashParam(`#/runs/measure/${M}`, "measure")).toBe(M);
    expect(hashParam("#/runs", "measure")).toBeUndefined();
    expect(hashParam(`#/runs?site=A`, "measure")).toBeUndefined();
  });

  it("builds the filtered list hash", () => {
    expect(listHash("runs", { measure: M })).toBe(`#/runs?measure=${M}`);
    expect(listHash("cases", {})).toBe("#/cases");
    expect(hashParam(listHash("cases", { measure: M }), "measure")).toBe(M);
  });
});
