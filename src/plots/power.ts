/** Power curves: share of SIMULATED worlds significant at 5% against the true effect added, with Monte Carlo error bands and the MDE marked. */
import type { PowerPoint } from "../compare/power";
import { wrapTitle, type Figure } from "./figure";

const COLOURS = ["#3572b0", "#e67e22", "#27ae60", "#8e44ad"];

/** One panel per design (x: true effect in the design's unit, y: power), ± 2 MC SEs, the 80% line and each MDE. */
export function powerFigure(curves: readonly { name: string; unit: string; points: PowerPoint[]; mde: [number, number]; report?: number }[], opts: { title: string }): Figure {
  const n = curves.length;
  const data: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {};
  curves.forEach((c, k) => {
    const ax = k === 0 ? "" : String(k + 1);
    const x = c.points.map((p) => p.effect);
    data.push({
      type: "scatter", mode: "lines+markers", name: c.name, x, y: c.points.map((p) => p.rightSign.value), line: { color: COLOURS[k % COLOURS.length] },
      error_y: { type: "data", array: c.points.map((p) => 2 * p.rightSign.mcse), thickness: 1 }, xaxis: `x${ax}`, yaxis: `y${ax}`,
      hovertemplate: `${c.name}<br>true effect %{x:.3g}<br>power %{y:.2f}<extra></extra>`,
    });
    shapes.push({ type: "line", xref: `x${ax} domain`, yref: `y${ax}`, x0: 0, x1: 1, y0: 0.8, y1: 0.8, line: { dash: "dash", color: "#c0392b", width: 1 } });
    for (const m of c.mde) if (Number.isFinite(m)) shapes.push({ type: "line", xref: `x${ax}`, yref: `y${ax} domain`, x0: m, x1: m, y0: 0, y1: 1, line: { dash: "dot", color: "#555", width: 1 } });
    if (c.report !== undefined) shapes.push({ type: "line", xref: `x${ax}`, yref: `y${ax} domain`, x0: c.report, x1: c.report, y0: 0, y1: 1, line: { color: "#27ae60", width: 2 } });
    layout[`xaxis${ax}`] = { title: { text: `true effect added (${c.unit})` } };
    layout[`yaxis${ax}`] = { title: { text: "power" }, range: [0, 1.02] };
  });
  return {
    data,
    layout: {
      ...layout,
      title: { text: wrapTitle(`${opts.title} — SIMULATED no-effect worlds, effect added; dashed: 80% power, dotted: MDE, green: the report's estimate`, 90) },
      grid: { rows: n, columns: 1, pattern: "independent" }, height: 300 * n + 120, showlegend: true, legend: { orientation: "h", y: -0.08 }, shapes,
    },
  };
}
