import { describe, expect, it } from "vitest";
import { ROUTES, parseHash } from "./routes";

describe("routes", () => {
  it("has the nine sidebar screens", () => {
    expect(ROUTES.map((r) => r.title)).toEqual([
      "Programs overview",
      "Runs",
      "Cases",
      "Employees",
      "Measures & Studio",
      "Value sets",
      "Terminology mappings",
      "Audit log",
      "Admin",
    ]);
  });

  it.each([
    ["", "overview"],
    ["#/cases", "cases"],
    ["#cases", "cases"],
    ["#/runs/123", "runs"],
    ["#/runs?measure=b0000001-0000-0000-0000-000000000001", "runs"],
    ["#/cases?measure=x", "cases"],
    ["#/admin/settings", "admin"],
    ["#/mappings", "mappings"],
    ["#/nowhere", "overview"],
  ])("%s opens %s", (hash, route) => {
    expect(parseHash(hash)).toBe(route);
  });
});
