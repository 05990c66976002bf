/**
 * Figures for the cost-benefit analysis: the tornado of one-at-a-time ranges, the Monte Carlo
 * distribution of the benefit-cost ratio with P(ratio > 1), the two-way multiplier grid, and
 * the ratio as the accumulation period grows.
 */
import type { MonteCarloResult } from "../economics/monte-carlo";
import type { Grid, PeriodPoint, Tornado } from "../economics/sensitivity";
import type { Figure } from "../plots/figure";

const LOW = "#c0504d", HIGH = "#4f81bd", GREY = "#555";

const vline = (x: number, label: string, dash = "dash") => ({
  shape: { type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { dash, width: 1, color: GREY } },
  annotation: { x, xref: "x", yref: "paper", y: 1.02, text: label, showarrow: false, font: { size: 10, color: GREY } },
});

function xRange(t: Tornado): [number, number] {
  const xs = t.bars.flatMap((b) => [b.ratioAtLow, b.ratioAtHigh]).concat([1, t.baseRatio]);
  const lo = Math.min(...xs), hi = Math.max(...xs), pad = 0.3 * (hi - lo);
  return [Math.min(0, lo) - pad, hi + pad];
}

/** Horizontal bars from the central ratio to the ratio at each input's low and high value, widest on top. */
export function tornadoChart(t: Tornado, opts: { title?: string } = {}): Figure {
  const bars = [...t.bars].reverse(); // plotly draws the first category at the bottom
  const names = bars.map((b) => b.name);
  const trace = (side: "low" | "high") => ({
    type: "bar",
    orientation: "h",
    name: side === "low" ? "input at its low value" : "input at its high value",
    y: names,
    base: bars.map(() => t.baseRatio),
    x: bars.map((b) => (side === "low" ? b.ratioAtLow : b.ratioAtHigh) - t.baseRatio),
    text: bars.map((b) => `${side === "low" ? b.lowLabel : b.highLabel} → ${(side === "low" ? b.ratioAtLow : b.ratioAtHigh).toFixed(2)}`),
    textposition: "outside",
    cliponaxis: false,
    hovertext: bars.map((b) => `${b.name}<br>${side}: ${side === "low" ? b.lowLabel : b.highLabel}<br>ratio ${(side === "low" ? b.ratioAtLow : b.ratioAtHigh).toFixed(3)}${b.source ? `<br>${b.source}` : ""}`),
    hoverinfo: "text",
    marker: { color: side === "low" ? LOW : HIGH },
  });
  const lines = [vline(t.baseRatio, `central ${t.baseRatio.toFixed(2)}`), vline(1, "break-even 1", "dot")];
  return {
    data: [trace("low"), trace("high")],
    layout: {
      title: { text: opts.title ?? "Benefit-cost ratio: one input at a time" },
      barmode: "overlay",
      // Room either side for the value labels outside the bars.
      xaxis: { title: { text: "benefit-cost ratio (£ of costs avoided per £1)" }, zeroline: false, range: xRange(t) },
      yaxis: { automargin: true },
      shapes: lines.map((l) => l.shape),
      annotations: lines.map((l) => l.annotation),
      legend: { orientation: "h", y: -0.2 },
      margin: { l: 20, r: 40 },
    },
  };
}

/** The ratio's Monte Carlo distribution as a binned histogram (the draws stay out of the figure), split at 1. */
export function ratioHistogram(mc: MonteCarloResult, opts: { title?: string; bins?: number; note?: string } = {}): Figure {
  const sorted = Float64Array.from(mc.ratio).sort();
  const n = sorted.length;
  // The range covers the central 99.8% so a long right tail does not squash the picture.
  const lo = Math.min(0, sorted[Math.floor(0.001 * n)]), hi = sorted[Math.min(n - 1, Math.floor(0.999 * n))];
  const nb = opts.bins ?? 80;
  const w = (hi - lo) / nb;
  const counts = new Float64Array(nb);
  for (let i = 0; i < n; i++) {
    const k = Math.floor((sorted[i] - lo) / w);
    if (k >= 0 && k < nb) counts[k]++;
  }
  const mids = Array.from(counts, (_, k) => lo + (k + 0.5) * w);
  const dens = Array.from(counts, (c) => c / (n * w));
  const side = (above: boolean) => ({
    type: "bar",
    name: above ? `ratio > 1: P = ${mc.summary.pAboveOne.toFixed(3)}` : `ratio ≤ 1: P = ${(1 - mc.summary.pAboveOne).toFixed(3)}`,
    x: mids.filter((m) => (m > 1) === above),
    y: dens.filter((_, k) => (mids[k] > 1) === above),
    width: w,
    marker: { color: above ? HIGH : LOW },
  });
  const s = mc.summary;
  const lines = [vline(1, "1"), vline(s.median, `median ${s.median.toFixed(2)}`), vline(s.interval95[0], `2.5% ${s.interval95[0].toFixed(2)}`, "dot"), vline(s.interval95[1], `97.5% ${s.interval95[1].toFixed(2)}`, "dot")];
  return {
    data: [side(false), side(true)],
    layout: {
      title: { text: opts.title ?? `Benefit-cost ratio: ${s.draws.toLocaleString("en-GB")} Monte Carlo draws (seed ${s.seed})` },
      xaxis: { title: { text: "benefit-cost ratio" } },
      yaxis: { title: { text: "density" } },
      bargap: 0,
      shapes: lines.map((l) => l.shape),
      annotations: [...lines.map((l, i) => ({ ...l.annotation, y: 1.02 + 0.05 * (i % 2) })), ...(opts.note ? [{ xref: "paper", yref: "paper", x: 1, y: -0.22, xanchor: "right", text: opts.note, showarrow: false, font: { size: 10, color: GREY } }] : [])],
      legend: { x: 0.98, xanchor: "right", y: 0.95 },
    },
  };
}

/** Red below 1, white at 1, blue above (only the sides the data reach). */
function breakEvenScale(zmin: number, zmax: number): [number, string][] {
  if (zmin === 1) return [[0, "#ffffff"], [1, HIGH]];
  if (zmax === 1) return [[0, LOW], [1, "#ffffff"]];
  return [[0, LOW], [(1 - zmin) / (zmax - zmin), "#ffffff"], [1, HIGH]];
}

/** 1, 2 or 5 × a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * pow >= raw) as number) * pow;
}

function contour(g: Grid, start: number, end: number, line: Record<string, unknown>, name: string): Record<string, unknown> {
  return { type: "contour", x: g.xs, y: g.ys, z: g.ratio, showscale: false, colorscale: [[0, "black"], [1, "black"]], contours: { coloring: "lines", showlabels: true, start, end, size: start === end ? 1 : start }, line, name, hoverinfo: "skip" };
}

/** The ratio over two inputs as a heatmap (white = 1), with labelled contours at whole ratios and an optional marked point. */
export function twoWayHeatmap(g: Grid, opts: { title?: string; mark?: { x: number; y: number; label: string } } = {}): Figure {
  const all = g.ratio.flat();
  // The colour scale always spans 1, so white means break-even on every grid.
  const zmin = Math.min(1, ...all), zmax = Math.max(1, ...all);
  const step = niceStep((zmax - Math.max(0, zmin)) / 6);
  const data: Record<string, unknown>[] = [
    { type: "heatmap", x: g.xs, y: g.ys, z: g.ratio, zmin, zmax, colorscale: breakEvenScale(zmin, zmax), colorbar: { title: { text: "ratio" } }, hovertemplate: `${g.xName} %{x}<br>${g.yName} %{y}<br>ratio %{z:.2f}<extra></extra>` },
    contour(g, step, Math.max(step, zmax), { width: 1, dash: "dot" }, "ratio contours"),
    contour(g, 1, 1, { width: 2, dash: "dash" }, "break-even (ratio = 1)"),
  ];
  if (opts.mark) data.push({ type: "scatter", mode: "markers+text", x: [opts.mark.x], y: [opts.mark.y], text: [opts.mark.label], textposition: "top right", marker: { symbol: "x", size: 12, color: "black" }, name: opts.mark.label });
  return {
    data,
    layout: { title: { text: opts.title ?? `Benefit-cost ratio by ${g.xName} and ${g.yName}` }, xaxis: { title: { text: g.xName } }, yaxis: { title: { text: g.yName } } },
  };
}

/** The ratio (with its CI-bound band when known) as the accumulation period grows. */
export function ratioByPeriodChart(points: PeriodPoint[], opts: { title?: string } = {}): Figure {
  const x = points.map((p) => p.time);
  const data: Record<string, unknown>[] = [];
  if (points.every((p) => p.ratioCi)) {
    data.push({ type: "scatter", mode: "lines", x, y: points.map((p) => p.ratioCi![1]), line: { width: 0 }, showlegend: false, hoverinfo: "skip" });
    data.push({ type: "scatter", mode: "lines", x, y: points.map((p) => p.ratioCi![0]), fill: "tonexty", fillcolor: "rgba(79,129,189,0.2)", line: { width: 0 }, name: "at the CI bounds" });
  }
  data.push({ type: "scatter", mode: "lines+markers", x, y: points.map((p) => p.ratio), line: { color: HIGH }, name: "central" });
  return {
    data,
    layout: {
      title: { text: opts.title ?? "Benefit-cost ratio by end of accumulation period" },
      yaxis: { title: { text: "benefit-cost ratio" } },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 1, y1: 1, line: { dash: "dot", color: GREY } }],
    },
  };
}
