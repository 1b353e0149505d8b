import { useEffect, useRef, useState } from "react";
import "uplot/dist/uPlot.min.css";
import type { TrendPoint } from "../bindings";
import { trendRange, trendSeries, trendText, trendTickLabel, trendTicks } from "./ProgramCardData";

/** Whether this page can draw on a canvas (a test DOM cannot; the sentence stands in). */
function canDraw(): boolean {
  if (typeof Path2D === "undefined") return false;
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}

/**
 * The compliance trend of one measure over past dashboard runs (points computed in Rust),
 * drawn with uPlot: compliance % on the left axis, overdue employees on the right. uPlot is
 * loaded on first use, so the overview's first paint does not wait for it, and a failure to
 * load or draw it only costs the chart: the sentence of `trendText` is always shown, with
 * the reason when the chart could not be drawn.
 */
export function TrendChart(props: { points: ReadonlyArray<TrendPoint>; width: number; height: number }) {
  const { points, width, height } = props;
  const box = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0 || !canDraw()) return;
    let plot: { destroy: () => void } | null = null;
    let live = true;
    import("uplot")
      .then((mod) => {
        if (!live) return;
        const css = getComputedStyle(document.documentElement);
        const good = css.getPropertyValue("--good").trim() || "#2f855a";
        const bad = css.getPropertyValue("--bad").trim() || "#c53030";
        plot = new mod.default(
          {
            width,
            height,
            legend: { show: false },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: false, range: () => trendRange(points) }, pct: { range: [0, 100] }, n: { auto: true } },
            axes: [
              {
                size: 28,
                splits: () => trendTicks(points),
                values: (_u, ticks) => ticks.map((t) => trendTickLabel(points, t)),
              },
              { scale: "pct", size: 46, values: (_u, ticks) => ticks.map((t) => `${t}%`) },
              { scale: "n", side: 1, size: 30, grid: { show: false } },
            ],
            series: [
              {},
              { label: "Compliance %", scale: "pct", stroke: good, width: 2, points: { show: true, size: 5 } },
              { label: "Overdue", scale: "n", stroke: bad, width: 1, dash: [4, 3], points: { show: true, size: 4 } },
            ],
          },
          trendSeries(points),
          el,
        );
      })
      .catch((e: unknown) => {
        if (live) setFailure(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      });
    return () => {
      live = false;
      plot?.destroy();
    };
  }, [points, width, height]);
  const text = trendText(points);
  return (
    <figure className="trend" aria-label="Compliance trend">
      <div ref={box} className="trend-plot" role="img" aria-label={text} title={text} />
      <figcaption className="muted small">
        {text}
        {failure && <span data-testid="chart-error"> (Chart unavailable: {failure})</span>}
      </figcaption>
    </figure>
  );
}
