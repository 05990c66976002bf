/** A forest plot: one estimate with its interval per row (e.g. per funded area), and a zero line. */
import { wrapTitle, type Figure } from "./figure";

export interface ForestRow { label: string; estimate: number; ci?: [number, number]; /** Optional marker, e.g. the true effect of a simulation. */ truth?: number }

export function forestPlot(rows: ForestRow[], opts: { title: string; xTitle: string; overall?: ForestRow; simulated?: boolean }): Figure {
  const all = opts.overall ? [...rows, opts.overall] : rows;
  const y = all.map((r) => r.label);
  const data: Record<string, unknown>[] = [{
    type: "scatter", mode: "markers", name: "Estimate (95% CI)", y, x: all.map((r) => r.estimate),
    marker: { color: all.map((r) => (r === opts.overall ? "#c0392b" : "#3572b0")), size: all.map((r) => (r === opts.overall ? 11 : 8)), symbol: all.map((r) => (r === opts.overall ? "diamond" : "circle")) },
    error_x: { type: "data", symmetric: false, array: all.map((r) => (r.ci ? r.ci[1] - r.estimate : 0)), arrayminus: all.map((r) => (r.ci ? r.estimate - r.ci[0] : 0)), color: "#3572b0" },
  }];
  if (all.some((r) => r.truth !== undefined)) {
    data.push({ type: "scatter", mode: "markers", name: "True effect (simulation)", y, x: all.map((r) => r.truth ?? null), marker: { symbol: "line-ns-open", size: 14, color: "#c0392b" } });
  }
  return {
    data,
    layout: {
      title: { text: wrapTitle(opts.simulated ? `${opts.title} — SIMULATED DATA` : opts.title) },
      xaxis: { title: { text: opts.xTitle }, zeroline: true, zerolinecolor: "#999" },
      yaxis: { autorange: "reversed", automargin: true },
      height: Math.max(360, 28 * all.length + 140),
      legend: { orientation: "h", y: -0.15 },
    },
  };
}
