/**
 * Interrupted-time-series figures (report Figures 2.5, 2.6, A3.5, A3.6): the observed
 * series, the fitted segmented regression, and the counterfactual (pre-period trend
 * extended, dashed red as in the report) with its prediction interval; and ACF/PACF bar
 * charts for residual diagnostics.
 */
import type { ItsModel } from "../estimators/its/index";
import { acf, pacf, whiteNoiseBand } from "../timeseries/acf";
import { eventLines, wrapTitle, type Figure } from "./figure";

export interface ItsPlotOptions {
  title?: string;
  yTitle?: string;
  /** Marks the figure as simulated data. */
  simulated?: boolean;
  /** Label of the intervention line (default "Intervention"). */
  interventionLabel?: string;
}

/** Observed points, fitted segmented trend, counterfactual with its interval, intervention line. */
export function itsPlot(model: ItsModel, opts: ItsPlotOptions = {}): Figure {
  const e = model.effect, x = e.periods.map((p) => p.time), t0 = model.design.t0;
  const post = e.periods.slice(t0);
  const px = post.map((p) => p.time);
  const level = Math.round((1 - (e.alpha ?? 0.05)) * 100);
  // Interval of the counterfactual = observed − effect interval.
  const lo = post.map((p) => p.observed - p.ci![1]), hi = post.map((p) => p.observed - p.ci![0]);
  const title = wrapTitle((opts.title ?? "Interrupted time series") + (opts.simulated ? " — SIMULATED DATA" : ""));
  return {
    data: [
      { x: [...px, ...px.slice().reverse()], y: [...hi, ...lo.slice().reverse()], type: "scatter", mode: "lines", fill: "toself", fillcolor: "rgba(214,39,40,0.12)", line: { width: 0 }, name: `Counterfactual ${level}% interval`, hoverinfo: "skip" },
      { x, y: e.periods.map((p) => p.observed), type: "scatter", mode: "lines+markers", name: "Observed", line: { color: "#1f4e79", width: 1 }, marker: { size: 4 } },
      { x, y: Array.from(model.fitted), type: "scatter", mode: "lines", name: "Fitted segmented regression", line: { color: "#1f4e79", width: 2.5 } },
      { x: [x[t0 - 1], ...px], y: [e.periods[t0 - 1].counterfactual, ...post.map((p) => p.counterfactual)], type: "scatter", mode: "lines", name: "Counterfactual (pre-period trend extended)", line: { color: "#d62728", dash: "dash", width: 2 } },
    ],
    layout: {
      title: { text: title },
      xaxis: { title: { text: "Period" } },
      yaxis: { title: { text: opts.yTitle ?? "Outcome" } },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 90 },
      ...eventLines([{ x: x[t0], label: opts.interventionLabel ?? "Intervention" }]),
    },
  };
}

/** ACF and PACF of a series side by side, with the ±1.96/√n white-noise band. */
export function acfPacfPlot(series: ArrayLike<number>, maxLag: number, opts: { title?: string } = {}): Figure {
  const r = acf(series, maxLag), p = pacf(series, maxLag), band = whiteNoiseBand(series.length);
  const lags = Array.from(r, (_, i) => i + 1);
  const bandLines = (axis: "" | "2") => [band, -band].map((b) => ({ type: "line", xref: `x${axis}`, yref: `y${axis}`, x0: 0.5, x1: lags.length + 0.5, y0: b, y1: b, line: { dash: "dot", color: "#2c7fb8", width: 1 } }));
  return {
    data: [
      { x: lags, y: Array.from(r), type: "bar", name: "ACF", marker: { color: "#555" }, xaxis: "x", yaxis: "y" },
      { x: lags, y: Array.from(p), type: "bar", name: "PACF", marker: { color: "#888" }, xaxis: "x2", yaxis: "y2" },
    ],
    layout: {
      title: { text: opts.title ?? "Autocorrelation" },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: "Lag" } },
      xaxis2: { title: { text: "Lag" } },
      yaxis: { title: { text: "ACF" }, range: [-1, 1] },
      yaxis2: { title: { text: "PACF" }, range: [-1, 1] },
      showlegend: false,
      shapes: [...bandLines(""), ...bandLines("2")],
    },
  };
}
