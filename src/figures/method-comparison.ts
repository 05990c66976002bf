/** Figures of the Annex 3 method comparison: estimates of several methods beside the truth, and repeated-simulation statistics. */
import { wrapTitle, type Figure } from "../plots/figure";

const COLOURS = ["#3572b0", "#e67e22", "#27ae60", "#8e44ad", "#7f8c8d"];

/** Point estimates with 95% CIs per method, one row group per world, with the true effect marked. */
export function methodComparisonFigure(rows: { world: string; method: string; estimate: number; ci?: [number, number]; truth: number }[], opts: { title: string; xTitle: string }): Figure {
  const methods = [...new Set(rows.map((r) => r.method))];
  const label = (r: { world: string; method: string }) => `${r.method} — ${r.world === "null" ? "no effect" : "report effect"}`;
  const data: Record<string, unknown>[] = methods.map((m, k) => {
    const rs = rows.filter((r) => r.method === m);
    return {
      type: "scatter", mode: "markers", name: m, y: rs.map(label), x: rs.map((r) => r.estimate), marker: { color: COLOURS[k % COLOURS.length], size: 9 },
      error_x: { type: "data", symmetric: false, array: rs.map((r) => (r.ci ? r.ci[1] - r.estimate : 0)), arrayminus: rs.map((r) => (r.ci ? r.estimate - r.ci[0] : 0)) },
    };
  });
  data.push({ type: "scatter", mode: "markers", name: "True effect (simulation)", y: rows.map(label), x: rows.map((r) => r.truth), marker: { symbol: "line-ns-open", size: 16, color: "#c0392b" } });
  return {
    data,
    layout: {
      title: { text: wrapTitle(`${opts.title} — SIMULATED DATA`) },
      xaxis: { title: { text: opts.xTitle }, zeroline: true }, yaxis: { automargin: true, autorange: "reversed" },
      height: 140 + 34 * rows.length, legend: { orientation: "h", y: -0.2 }, showlegend: true,
    },
  };
}

/** Bias and rejection rate per method and scenario, from repeated simulations. */
export function simulationStatsFigure(results: { scenario: string; method: string; bias: number; rejectionRate: number | null }[]): Figure {
  const methods = [...new Set(results.map((r) => r.method))];
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  const trace = (m: string, k: number, field: "bias" | "rejectionRate", axis: string) => ({
    type: "bar", name: m, legendgroup: m, showlegend: field === "bias", marker: { color: COLOURS[k % COLOURS.length] }, xaxis: axis === "1" ? "x" : "x2", yaxis: axis === "1" ? "y" : "y2",
    x: scenarios, y: scenarios.map((s) => { const r = results.find((q) => q.method === m && q.scenario === s); const v = r ? r[field] : null; return v === null || v === undefined || Number.isNaN(v) ? null : v; }),
  });
  return {
    data: [...methods.map((m, k) => trace(m, k, "bias", "1")), ...methods.map((m, k) => trace(m, k, "rejectionRate", "2"))],
    layout: {
      title: { text: "Repeated simulations: bias (top) and rejection rate at 5% (bottom) — SIMULATED DATA" },
      grid: { rows: 2, columns: 1, pattern: "independent" }, barmode: "group", height: 720,
      yaxis: { title: { text: "Bias" } }, yaxis2: { title: { text: "Rejection rate" }, range: [0, 1] },
      legend: { orientation: "h", y: -0.15 },
      shapes: [{ type: "line", xref: "x2 domain", yref: "y2", x0: 0, x1: 1, y0: 0.05, y1: 0.05, line: { dash: "dash", color: "#c0392b" } }],
    },
  };
}
