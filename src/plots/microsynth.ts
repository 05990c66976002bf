/**
 * Figures for micro-synthetic control (pure: result in, Figure out): treated vs synthetic
 * totals for several outcomes stacked (the shape of the report's Figure 2.8), a balance plot
 * comparing the treated totals with the synthetic control and with all controls, and the
 * permutation distribution.
 */
import type { MicrosynthResult } from "../estimators/microsynth/index";
import { REPORT_EVENTS } from "../panel/calendar";
import { eventLines, type Figure } from "./figure";
import { InputError } from "../errors";

export interface MicrosynthPlotOptions {
  /** Outcomes to draw, in order (default all). */
  outcomes?: string[];
  /** Display names by outcome. */
  labels?: Record<string, string>;
  title?: string;
  /** Marks titles as simulated data, with the true effects (%) it was built with. */
  simulated?: { truePercent?: Record<string, number> };
}

const simTag = (o: MicrosynthPlotOptions) => (o.simulated ? " — SIMULATED DATA" : "");

/** One row per outcome: treated and synthetic totals per period, percent change in the row title. */
export function treatedVsSyntheticPanels(r: MicrosynthResult, opts: MicrosynthPlotOptions = {}): Figure {
  const outs = opts.outcomes ?? Object.keys(r.effects);
  const n = outs.length, gap = 0.12, h = (1 - gap * (n - 1)) / n;
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    title: { text: `${opts.title ?? "Treated areas and synthetic control group"}${simTag(opts)}` },
    legend: { orientation: "h", y: -0.08 },
    margin: { t: 70 },
    height: 320 * n + 80,
    annotations: [] as Record<string, unknown>[],
    shapes: [] as Record<string, unknown>[],
  };
  outs.forEach((o, k) => {
    const e = r.effects[o];
    if (!e) throw new InputError(`no effect for outcome "${o}" (outcomes: ${Object.keys(r.effects).join(", ")})`);
    const ax = k === 0 ? "" : String(k + 1);
    const x = e.periods.map((p) => p.time);
    data.push(
      { x, y: e.periods.map((p) => p.observed), type: "scatter", mode: "lines", name: "Treated areas", legendgroup: "t", showlegend: k === 0, line: { color: "#222", width: 2 }, xaxis: `x${ax}`, yaxis: `y${ax}` },
      { x, y: e.periods.map((p) => p.counterfactual), type: "scatter", mode: "lines", name: "Synthetic control", legendgroup: "s", showlegend: k === 0, line: { color: "#3572b0", width: 2, dash: "dash" }, xaxis: `x${ax}`, yaxis: `y${ax}` },
    );
    const top = 1 - k * (h + gap);
    layout[`xaxis${ax}`] = { domain: [0, 1], anchor: `y${ax}`, ...(k > 0 ? { matches: "x" } : { range: [x[0], x[x.length - 1]] }), ...(k < n - 1 ? {} : { title: { text: "Period" } }) };
    layout[`yaxis${ax}`] = { domain: [top - h, top], anchor: `x${ax}`, title: { text: "Offences" } };
    const pc = e.att.percentChange!;
    const truth = opts.simulated?.truePercent?.[o];
    const label = `${opts.labels?.[o] ?? o}: ${pc.estimate.toFixed(1)}%${pc.ci ? ` (${Math.round((1 - (e.alpha ?? 0.05)) * 100)}% CI ${pc.ci[0].toFixed(1)}% to ${pc.ci[1].toFixed(1)}%)` : ""}${truth !== undefined ? `; true effect ${truth.toFixed(1)}%` : ""}`;
    (layout.annotations as Record<string, unknown>[]).push({ text: label, xref: "paper", yref: "paper", x: 0, y: top + 0.01, xanchor: "left", yanchor: "bottom", showarrow: false, font: { size: 12 } });
    const start = e.periods.find((p) => p.relative === 0)!.time;
    const monthly = /^\d{4}-\d{2}$/.test(start);
    const events = monthly ? REPORT_EVENTS.filter((ev) => x.includes(ev.period)).map((ev) => ({ x: ev.period, label: ev.label })) : [{ x: start, label: "Intervention" }];
    const lines = eventLines(events);
    for (const s of lines.shapes as Record<string, unknown>[]) (layout.shapes as Record<string, unknown>[]).push({ ...s, xref: `x${ax}`, yref: "paper", y0: top - h, y1: top });
    // Event labels once, inside the top panel, one under the other.
    if (k === 0) (lines.annotations as Record<string, unknown>[]).forEach((a, q) => (layout.annotations as Record<string, unknown>[]).push({ ...a, yref: "paper", y: top - 0.03 * q * (n > 1 ? 1 : 2), yanchor: "top" }));
  });
  return { data, layout };
}

/**
 * Balance: for each constraint, the gap to the treated total in percent, for the synthetic
 * control (≈ 0 when balanced) and for all controls scaled to the treated count.
 */
export function balancePlot(r: MicrosynthResult, opts: { title?: string; simulated?: boolean } = {}): Figure {
  const rows = r.balance;
  const rel = (a: number, t: number) => (t === 0 ? (a === 0 ? 0 : NaN) : (100 * (a - t)) / Math.abs(t));
  const y = rows.map((b) => b.constraint);
  return {
    data: [
      { x: rows.map((b) => rel(b.allControls, b.treated)), y, type: "scatter", mode: "markers", name: "All controls (scaled)", marker: { color: "#bbb", size: 7 } },
      { x: rows.map((b) => rel(b.synthetic, b.treated)), y, type: "scatter", mode: "markers", name: "Synthetic control", marker: { color: "#3572b0", size: 7 } },
    ],
    layout: {
      title: { text: `${opts.title ?? "Balance: difference from the treated total"}${opts.simulated ? " — SIMULATED DATA" : ""}` },
      xaxis: { title: { text: "Difference from treated total (%)" }, zeroline: true },
      yaxis: { automargin: true, autorange: "reversed" },
      height: Math.max(300, 14 * rows.length + 120),
      legend: { orientation: "h", y: -0.1 },
    },
  };
}

/**
 * The permutation test of one outcome: the standardised effect θ/sd(θ) of every placebo group
 * (random control groups of the treated group's size) against the observed one.
 */
export function permutationPlot(r: MicrosynthResult, outcome: string, opts: { title?: string; label?: string; simulated?: boolean } = {}): Figure {
  const e = r.effects[outcome];
  if (!e) throw new InputError(`no effect for outcome "${outcome}" (outcomes: ${Object.keys(r.effects).join(", ")})`);
  const d = e.diagnostics;
  if (!d?.placeboZ || d.inference.permutation?.z === undefined) throw new InputError(`the fit has no permutation test: run microsynth with permutations > 0`);
  const perm = { ...d.inference.permutation, z: d.inference.permutation.z };
  return {
    data: [{ x: d.placeboZ, type: "histogram", name: `Placebo groups (${d.placeboZ.length})`, marker: { color: "#bbb" } }],
    layout: {
      title: { text: `${opts.title ?? `Permutation test: ${opts.label ?? outcome}`}${opts.simulated ? " — SIMULATED DATA" : ""}` },
      xaxis: { title: { text: "Standardised effect (log ratio / its standard error)" }, range: [Math.min(perm.z, ...d.placeboZ) - 0.5, Math.max(perm.z, ...d.placeboZ) + 0.5] },
      yaxis: { title: { text: "Placebo groups" } },
      shapes: [{ type: "line", xref: "x", yref: "paper", x0: perm.z, x1: perm.z, y0: 0, y1: 1, line: { color: "#c0392b", width: 2 } }],
      annotations: [{ x: perm.z, xref: "x", y: 1, yref: "paper", text: `observed (p lower = ${perm.p.lower.toPrecision(2)}, two-sided = ${perm.p.twoSided.toPrecision(2)})`, showarrow: false, xanchor: "left", yanchor: "bottom", font: { color: "#c0392b", size: 11 } }],
    },
  };
}
