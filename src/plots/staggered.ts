/**
 * Figures for staggered adoption: the Goodman-Bacon decomposition (each 2×2 DiD's estimate
 * against its weight in TWFE, coloured by comparison type) and an event study overlaying
 * several estimators' effects by periods since adoption, with the truth of a simulation.
 */
import type { Effect } from "../effect";
import type { BaconDiagnostics } from "../estimators/staggered/index";
import { wrapTitle, type Figure } from "./figure";
import { InputError } from "../errors";

const TYPE_COLOURS: Record<string, string> = { "treated vs never": "#3572b0", "earlier vs later": "#27ae60", "later vs earlier": "#c0392b" };

/** 2×2 estimates (y) against their TWFE weights (x); the TWFE coefficient and, if given, the truth as lines. */
export function baconPlot(effect: Effect, opts: { title?: string; yTitle?: string; simulated?: boolean; truth?: number } = {}): Figure {
  if (effect.settings.estimator !== "bacon") throw new InputError(`baconPlot needs the Effect of the bacon estimator, got "${String(effect.settings.estimator ?? effect.method)}"`);
  const d = effect.diagnostics as unknown as BaconDiagnostics;
  const data: Record<string, unknown>[] = d.byType.map((t) => {
    const cs = d.comparisons.filter((c) => c.type === t.type);
    return {
      type: "scatter", mode: "markers", name: `${t.type} (total weight ${t.weight.toFixed(2)}, mean ${t.estimate.toFixed(2)})`,
      x: cs.map((c) => c.weight), y: cs.map((c) => c.estimate),
      text: cs.map((c) => `${c.treated} vs ${c.control}`),
      marker: { size: 11, color: TYPE_COLOURS[t.type] ?? "#888" },
      hovertemplate: "%{text}<br>weight %{x:.3f}, estimate %{y:.3f}<extra></extra>",
    };
  });
  const line = (y: number, color: string, dash: string) => ({ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: y, y1: y, line: { color, dash, width: 1.5 } });
  const shapes = [line(d.twfe, "#333", "dash"), ...(opts.truth !== undefined ? [line(opts.truth, "#c0392b", "dot")] : [])];
  const annotations = [
    { xref: "paper", x: 1, y: d.twfe, text: `TWFE ${d.twfe.toFixed(2)}`, showarrow: false, xanchor: "right", yanchor: "bottom", font: { size: 11 } },
    ...(opts.truth !== undefined ? [{ xref: "paper", x: 1, y: opts.truth, text: `true ATT ${opts.truth.toFixed(2)}`, showarrow: false, xanchor: "right", yanchor: "top", font: { size: 11, color: "#c0392b" } }] : []),
  ];
  const title = opts.title ?? "Goodman-Bacon decomposition: TWFE as a weighted average of 2×2 comparisons";
  return {
    data,
    layout: {
      title: { text: wrapTitle(opts.simulated ? `${title} — SIMULATED DATA` : title) },
      xaxis: { title: { text: "Weight in the TWFE coefficient" }, rangemode: "tozero" },
      yaxis: { title: { text: opts.yTitle ?? "2×2 DiD estimate" }, zeroline: true },
      shapes, annotations,
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 80 },
    },
  };
}

const COLOURS = ["#3572b0", "#e67e22", "#27ae60", "#8e44ad"];

/** Event-time effects of several Effects (their `periods[].relative`), slightly offset, with intervals. */
export function staggeredEventStudyPlot(
  effects: { name: string; effect: Effect }[],
  opts: { title?: string; yTitle?: string; simulated?: boolean; truth?: { event: number; effect: number }[] } = {},
): Figure {
  const data: Record<string, unknown>[] = effects.map(({ name, effect }, k) => {
    const shift = (k - (effects.length - 1) / 2) * 0.12;
    const ps = effect.periods;
    return {
      type: "scatter", mode: "markers", name,
      x: ps.map((p) => p.relative + shift), y: ps.map((p) => p.effect),
      text: ps.map((p) => `e = ${p.relative}`),
      marker: { size: 8, color: COLOURS[k % COLOURS.length] },
      error_y: { type: "data", symmetric: false, array: ps.map((p) => (p.ci ? p.ci[1] - p.effect : 0)), arrayminus: ps.map((p) => (p.ci ? p.effect - p.ci[0] : 0)), color: COLOURS[k % COLOURS.length] },
      hovertemplate: `${name} %{text}: %{y:.3f}<extra></extra>`,
    };
  });
  if (opts.truth) data.push({ type: "scatter", mode: "lines", name: "True effect (simulation)", x: opts.truth.map((t) => t.event), y: opts.truth.map((t) => t.effect), line: { dash: "dot", color: "#c0392b" } });
  const title = opts.title ?? "Event study: effect by periods since adoption";
  return {
    data,
    layout: {
      title: { text: wrapTitle(opts.simulated || opts.truth ? `${title} — SIMULATED DATA` : title) },
      xaxis: { title: { text: "Periods since adoption (e = t − g)" }, dtick: 1, zeroline: false },
      yaxis: { title: { text: opts.yTitle ?? "Effect" }, zeroline: true },
      shapes: [{ type: "line", xref: "x", x0: -0.5, x1: -0.5, yref: "paper", y0: 0, y1: 1, line: { dash: "dash", width: 1, color: "#555" } }],
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 70 },
    },
  };
}
