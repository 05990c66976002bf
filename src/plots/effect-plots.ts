/**
 * Plots of any estimator's Effect (pure: Effect in, Figure out): treated vs counterfactual,
 * the gap with its interval, and the cumulative effect with its interval. Monthly periods
 * ("YYYY-MM") get the report's event lines.
 */
import type { Effect } from "../effect";
import { REPORT_EVENTS } from "../panel/calendar";
import { eventLines, quarterAxis, wrapTitle, type Figure } from "./figure";
import { InputError } from "../errors";

export interface EffectPlotOptions {
  title?: string;
  yTitle?: string;
  /** Label of the observed series (default "Treated (observed)"). */
  observedName?: string;
  /** Label of the counterfactual (default by method: "Synthetic control", "Counterfactual"). */
  counterfactualName?: string;
  /** Event lines: default the report's three dates when periods are monthly, none otherwise. */
  events?: { x: string | number; label: string }[];
  /** For simulated data: the true effect per period (same order as effect.periods), drawn as a dotted line. */
  truth?: number[];
  /** Marks the title as simulated data (added automatically when `truth` is given). */
  simulated?: boolean;
}

const BAND = "rgba(53,114,176,0.18)";
const isMonthly = (t: string) => /^\d{4}-\d{2}$/.test(t);

function defaultEvents(effect: Effect, opts: EffectPlotOptions): { x: string | number; label: string }[] {
  if (opts.events) return opts.events;
  if (!effect.periods.length || !isMonthly(effect.periods[0].time)) {
    const first = effect.periods.find((p) => p.relative === 0);
    return first ? [{ x: first.time, label: "Treatment starts" }] : [];
  }
  const times = new Set(effect.periods.map((p) => p.time));
  return REPORT_EVENTS.filter((e) => times.has(e.period)).map((e) => ({ x: e.period, label: e.label }));
}

function titleText(opts: EffectPlotOptions, fallback: string): string {
  const t = opts.title ?? fallback;
  return wrapTitle(opts.simulated || opts.truth ? `${t} — SIMULATED DATA` : t);
}

function bandTraces(x: string[], lo: number[], hi: number[], name: string): Record<string, unknown>[] {
  return [
    { x, y: hi, type: "scatter", mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false },
    { x, y: lo, type: "scatter", mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: BAND, name, hoverinfo: "skip" },
  ];
}

function layout(effect: Effect, opts: EffectPlotOptions, title: string, yTitle: string): Record<string, unknown> {
  return {
    title: { text: titleText(opts, title) },
    xaxis: { title: { text: "Period" }, automargin: true, ...quarterAxis(effect.periods.map((p) => p.time)) },
    yaxis: { title: { text: yTitle }, automargin: true },
    legend: { orientation: "h", y: -0.2 },
    margin: { t: 90 },
    ...eventLines(defaultEvents(effect, opts)),
  };
}

const unitLabel = (e: Effect) => (e.unit && e.unit !== "other" ? ` (${e.unit})` : "");

/** Treated (observed) against the estimated counterfactual, per period. */
export function pathPlot(effect: Effect, opts: EffectPlotOptions = {}): Figure {
  const x = effect.periods.map((p) => p.time);
  const cfName = opts.counterfactualName ?? (effect.method === "scm" || effect.method === "gsynth" || effect.method === "microsynth" ? "Synthetic control" : "Counterfactual");
  const data: Record<string, unknown>[] = [
    { x, y: effect.periods.map((p) => p.observed), type: "scatter", mode: "lines", name: opts.observedName ?? "Treated (observed)", line: { color: "#222", width: 2 } },
    { x, y: effect.periods.map((p) => p.counterfactual), type: "scatter", mode: "lines", name: cfName, line: { color: "#3572b0", width: 2, dash: "dash" } },
  ];
  return { data, layout: layout(effect, opts, "Treated and counterfactual", opts.yTitle ?? `Outcome${unitLabel(effect)}`) };
}

/** The per-period effect (observed − counterfactual) with its confidence interval. */
export function gapPlot(effect: Effect, opts: EffectPlotOptions = {}): Figure {
  const x = effect.periods.map((p) => p.time);
  const data: Record<string, unknown>[] = [];
  if (effect.periods.every((p) => p.ci)) {
    data.push(...bandTraces(x, effect.periods.map((p) => p.ci![0]), effect.periods.map((p) => p.ci![1]), `${Math.round((1 - (effect.alpha ?? 0.05)) * 100)}% CI`));
  }
  data.push({ x, y: effect.periods.map((p) => p.effect), type: "scatter", mode: "lines+markers", name: "Estimated effect", line: { color: "#3572b0" }, marker: { size: 4 } });
  if (opts.truth) data.push({ x, y: opts.truth, type: "scatter", mode: "lines", name: "True effect (simulation)", line: { color: "#c0392b", dash: "dot" } });
  const fig = { data, layout: layout(effect, opts, "Effect per period", opts.yTitle ?? `Observed − counterfactual${unitLabel(effect)}`) };
  (fig.layout.shapes as Record<string, unknown>[]).push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#999", width: 1 } });
  return fig;
}

/** The cumulative effect over the post period with its confidence interval. */
export function cumulativePlot(effect: Effect, opts: EffectPlotOptions & { truthCumulative?: number[] } = {}): Figure {
  if (!effect.cumulative?.length) throw new InputError(`the ${effect.method} effect has no cumulative path to plot`);
  const x = effect.cumulative.map((c) => c.time);
  const data: Record<string, unknown>[] = [];
  if (effect.cumulative.every((c) => c.ci)) {
    data.push(...bandTraces(x, effect.cumulative.map((c) => c.ci![0]), effect.cumulative.map((c) => c.ci![1]), `${Math.round((1 - (effect.alpha ?? 0.05)) * 100)}% CI`));
  }
  data.push({ x, y: effect.cumulative.map((c) => c.effect), type: "scatter", mode: "lines+markers", name: "Cumulative effect", line: { color: "#3572b0" }, marker: { size: 4 } });
  if (opts.truthCumulative) data.push({ x, y: opts.truthCumulative, type: "scatter", mode: "lines", name: "True cumulative effect (simulation)", line: { color: "#c0392b", dash: "dot" } });
  const fig = { data, layout: layout(effect, { ...opts, simulated: opts.simulated || !!opts.truthCumulative }, "Cumulative effect", opts.yTitle ?? `Cumulative effect${unitLabel(effect)}`) };
  (fig.layout.shapes as Record<string, unknown>[]).push({ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#999", width: 1 } });
  return fig;
}
