// Presentation helpers of the program cards, the program detail and the overview. Every
// figure (counts, compliance %, trend points, top sites and roles) is computed in Rust
// (ww-core `overview`); these functions only format and reshape it for display.

import type { StatusCounts, TrendPoint } from "../bindings";
import { label } from "../labels";

/** The five statuses in display order, with their field in `StatusCounts`. */
export const STATUSES: ReadonlyArray<{ key: keyof StatusCounts; status: string }> = [
  { key: "compliant", status: "COMPLIANT" },
  { key: "dueSoon", status: "DUE_SOON" },
  { key: "overdue", status: "OVERDUE" },
  { key: "missingData", status: "MISSING_DATA" },
  { key: "excluded", status: "EXCLUDED" },
];

/** `87.5` -> "87.5%"; null (nobody in the denominator) -> "—". */
export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `${value.toFixed(1)}%`;
}

/** A site or role name; employees without one are listed as "(none)". */
export function groupName(name: string | null): string {
  return name === null || name === "" ? "(none)" : name;
}

/** The bar width (0-100, percent of the card) of one status among all counts. */
export function share(counts: StatusCounts, key: keyof StatusCounts): number {
  const total = STATUSES.reduce((sum, s) => sum + counts[s.key], 0);
  return total === 0 ? 0 : (counts[key] * 100) / total;
}

/**
 * uPlot's columns: x = the run's position (0, 1, ...), compliance % and overdue count. The x
 * axis is labelled with each run's as-of date as Rust sent it (the organisation's zone), not
 * with a date the web view would format in the host's zone.
 */
export function trendSeries(points: ReadonlyArray<TrendPoint>): [number[], (number | null)[], number[]] {
  return [
    points.map((_p, i) => i),
    points.map((p) => p.compliancePct),
    points.map((p) => p.counts.overdue),
  ];
}

/** The x range: one run is drawn in the middle rather than on a stretched, empty axis. */
export function trendRange(points: ReadonlyArray<TrendPoint>): [number, number] {
  return points.length <= 1 ? [-1, 1] : [0, points.length - 1];
}

/** Up to `max` run positions to label, spread evenly, always the first and the last. */
export function trendTicks(points: ReadonlyArray<TrendPoint>, max = 4): number[] {
  const n = points.length;
  if (n <= max) return points.map((_p, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (n - 1)) / (max - 1)));
  return [...out].sort((a, b) => a - b);
}

/** The label of a tick: the run's as-of date (`MM-DD`, or `YYYY-MM-DD` when runs span years). */
export function trendTickLabel(points: ReadonlyArray<TrendPoint>, tick: number): string {
  const p = Number.isInteger(tick) ? points[tick] : undefined;
  if (!p) return "";
  const years = new Set(points.map((q) => q.asOf.slice(0, 4)));
  return years.size > 1 ? p.asOf : p.asOf.slice(5);
}

/** A sentence describing the trend, for screen readers and as the chart's title. */
export function trendText(points: ReadonlyArray<TrendPoint>): string {
  if (points.length === 0) return "No trend yet: no run has evaluated this measure.";
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length === 1) {
    return `Compliance ${pct(last.compliancePct)} as of ${last.asOf} (one run).`;
  }
  return `Compliance ${pct(first.compliancePct)} on ${first.asOf} to ${pct(last.compliancePct)} on ${last.asOf} over ${points.length} runs.`;
}

/** "Compliant" etc. for a status key. */
export function statusLabel(status: string): string {
  return label(status);
}

/** An ISO-8601 UTC instant as "2026-11-30 14:03" in `zone` (the organisation's zone). */
export function formatInZone(iso: string, zone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone ?? "UTC",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
  } catch {
    return `${iso.slice(0, 16).replace("T", " ")} UTC`;
  }
}

/** The hash of a program's detail screen. */
export function programHash(measureId: string): string {
  return `#/overview/${encodeURIComponent(measureId)}`;
}

/** The measure id in `#/overview/<id>`, or null on the overview itself. */
export function programFromHash(hash: string): string | null {
  const parts = hash.replace(/^#\/?/, "").split("/");
  if (parts[0] !== "overview" || !parts[1]) return null;
  return decodeURIComponent(parts[1]);
}
