import { describe, expect, it } from "vitest";
import type { TrendPoint } from "../bindings";
import { formatInZone, groupName, pct, programFromHash, programHash, share, trendRange, trendSeries, trendText, trendTickLabel, trendTicks } from "./ProgramCardData";

const point = (startedAt: string, compliancePct: number | null, overdue: number): TrendPoint => ({
  runId: `r-${startedAt}`,
  startedAt,
  asOf: startedAt.slice(0, 10),
  counts: { compliant: 1, dueSoon: 0, overdue, missingData: 0, excluded: 0 },
  compliancePct,
});

describe("program card helpers", () => {
  it("formats percentages and missing values", () => {
    expect(pct(84.5)).toBe("84.5%");
    expect(pct(100)).toBe("100.0%");
    expect(pct(null)).toBe("—");
  });

  it("names employees without a site or role", () => {
    expect(groupName(null)).toBe("(none)");
    expect(groupName("Plant North")).toBe("Plant North");
  });

  it("sizes bars by share of all outcomes", () => {
    const c = { compliant: 3, dueSoon: 1, overdue: 0, missingData: 0, excluded: 0 };
    expect(share(c, "compliant")).toBe(75);
    expect(share(c, "overdue")).toBe(0);
    expect(share({ compliant: 0, dueSoon: 0, overdue: 0, missingData: 0, excluded: 0 }, "compliant")).toBe(0);
  });

  it("reshapes trend points into uPlot columns without recomputing them", () => {
    const points = [point("2026-11-29T08:00:00.000Z", 50, 4), point("2026-11-30T08:00:00.000Z", null, 0)];
    expect(trendSeries(points)).toEqual([[0, 1], [50, null], [4, 0]]);
    expect(trendText([])).toMatch(/No trend yet/);
    expect(trendText(points.slice(0, 1))).toBe("Compliance 50.0% as of 2026-11-29 (one run).");
    expect(trendText(points)).toBe("Compliance 50.0% on 2026-11-29 to — on 2026-11-30 over 2 runs.");
  });

  it("labels the trend's x axis with the runs' as-of dates from Rust", () => {
    const one = [point("2026-11-29T08:00:00.000Z", 50, 4)];
    expect(trendRange(one)).toEqual([-1, 1]);
    expect(trendTicks(one)).toEqual([0]);
    expect(trendTickLabel(one, 0)).toBe("11-29");
    expect(trendTickLabel(one, -1)).toBe("");
    expect(trendTickLabel(one, 0.5)).toBe("");
    const many = Array.from({ length: 10 }, (_x, i) =>
      point(`${i < 5 ? "2025" : "2026"}-0${(i % 9) + 1}-15T08:00:00.000Z`, 50, i),
    );
    expect(trendRange(many)).toEqual([0, 9]);
    expect(trendTicks(many)).toEqual([0, 3, 6, 9]);
    expect(trendTickLabel(many, 9)).toBe("2026-01-15");
  });

  it("formats instants in the organisation's zone", () => {
    expect(formatInZone("2026-07-01T10:00:00.000Z", "America/New_York")).toBe("2026-07-01 06:00");
    expect(formatInZone("2026-01-01T00:30:00.000Z", "UTC")).toBe("2026-01-01 00:30");
    expect(formatInZone("garbage", "UTC")).toBe("garbage");
  });

  it("routes program detail hashes both ways", () => {
    expect(programHash("a b")).toBe("#/overview/a%20b");
    expect(programFromHash("#/overview/a%20b")).toBe("a b");
    expect(programFromHash("#/overview")).toBeNull();
    expect(programFromHash("#/cases/x")).toBeNull();
  });
});
