/**
 * Figure 2.7: cumulative effects of two models of the same outcome (without and with an
 * adjusting covariate) from April 2019, with the simulation's two truths when known:
 * Surge + VRU for the unadjusted model, VRU only for the adjusted one.
 */
import type { Effect } from "../effect";
import { wrapTitle, type Figure } from "./figure";

interface TruthParts { periods: string[]; total: number[]; vru: number[] }

const running = (a: number[]) => { let s = 0; return a.map((v) => (s += v)); };

export function adjustmentFigure(plain: Effect, adjusted: Effect, truth: TruthParts | undefined, opts: { title: string; adjustedLabel: string; from?: string }): Figure {
  const from = opts.from ?? "2019-04";
  const line = (e: Effect, name: string, color: string) => {
    const c = (e.cumulative ?? []).filter((p) => p.time >= from);
    const x = c.map((p) => p.time);
    const traces: Record<string, unknown>[] = [];
    if (c.every((p) => p.ci)) {
      traces.push({ x: [...x, ...x.slice().reverse()], y: [...c.map((p) => p.ci![1]), ...c.map((p) => p.ci![0]).reverse()], type: "scatter", mode: "lines", fill: "toself", fillcolor: color.replace("rgb", "rgba").replace(")", ",0.15)"), line: { width: 0 }, hoverinfo: "skip", showlegend: false });
    }
    traces.push({ x, y: c.map((p) => p.effect), type: "scatter", mode: "lines+markers", name, line: { color }, marker: { size: 4 } });
    return traces;
  };
  const data = [...line(plain, "Without adjustment", "rgb(91,155,213)"), ...line(adjusted, opts.adjustedLabel, "rgb(0,0,0)")];
  if (truth) {
    const k = truth.periods.indexOf(from);
    const x = truth.periods.slice(k);
    data.push({ x, y: running(truth.total.slice(k)), type: "scatter", mode: "lines", name: "True effect: Surge + VRU (simulation)", line: { color: "#c0392b", dash: "dot" } });
    data.push({ x, y: running(truth.vru.slice(k)), type: "scatter", mode: "lines", name: "True effect: VRU only (simulation)", line: { color: "#8e44ad", dash: "dot" } });
  }
  return {
    data,
    layout: {
      title: { text: wrapTitle(truth ? `${opts.title} — SIMULATED DATA` : opts.title) },
      xaxis: { title: { text: "Month" } }, yaxis: { title: { text: "Cumulative effect per 100,000" }, zeroline: true },
      legend: { orientation: "h", y: -0.25 },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0, y1: 0, line: { dash: "dash", color: "#999", width: 1 } }],
    },
  };
}
