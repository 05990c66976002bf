/**
 * Figures of the generalised synthetic control's inner workings (pure: model in, Figure
 * out): the cross-validation curve, the estimated factors, the loadings of treated and
 * control units (the common-support check), and the bootstrap distribution of the average
 * effect. Treated vs counterfactual, gap and cumulative plots are the generic ones in
 * effect-plots.ts.
 */
import type { GsynthModel } from "../estimators/gsynth/index";
import { offsets } from "../estimators/gsynth/summary";
import { normalQuantile } from "../stats/normal";
import type { Figure } from "./figure";
import { InputError } from "../errors";

const TREATED = "#c0392b", CONTROL = "rgba(53,114,176,0.6)";
const sim = (title: string, simulated?: boolean) => (simulated ? `${title} — SIMULATED DATA` : title);

/** MSPE of the held-out pre-periods for each candidate r (ife) or λ (mc), the chosen one marked. */
export function cvCurvePlot(m: GsynthModel, opts: { title?: string; simulated?: boolean } = {}): Figure {
  if (m.estimator === "mc") {
    const c = m.mc!.curve;
    if (!c.length) throw new InputError("λ was fixed: there is no cross-validation curve");
    return {
      data: [
        { x: c.map((p) => p.lambdaNorm), y: c.map((p) => p.mspe), type: "scatter", mode: "lines+markers", name: "CV MSPE" },
        { x: [m.mc!.lambdaNorm], y: [c.find((p) => p.lambda === m.lambda)!.mspe], type: "scatter", mode: "markers", name: "chosen λ", marker: { size: 12, color: TREATED, symbol: "star" } },
      ],
      layout: {
        title: { text: sim(opts.title ?? "Matrix completion: choosing the penalty by cross-validation", opts.simulated) },
        xaxis: { title: { text: "λ / largest singular value (log scale)" }, type: "log" },
        yaxis: { title: { text: "Mean squared prediction error of held-out cells" } },
      },
    };
  }
  const c = m.cvCurve;
  if (!c.length) throw new InputError("r was fixed: there is no cross-validation curve");
  return {
    data: [
      { x: c.map((p) => p.r), y: c.map((p) => p.mspe), type: "scatter", mode: "lines+markers", name: "Leave-one-period-out MSPE" },
      { x: [m.r], y: [c.find((p) => p.r === m.r)!.mspe], type: "scatter", mode: "markers", name: `chosen r = ${m.r}`, marker: { size: 14, color: TREATED, symbol: "star" } },
    ],
    layout: {
      title: { text: sim(opts.title ?? "How many factors? Cross-validation on the treated units' pre-periods", opts.simulated) },
      xaxis: { title: { text: "Number of factors r" }, dtick: 1 },
      yaxis: { title: { text: "Mean squared prediction error (held-out pre-periods)" } },
    },
  };
}

/** The estimated factors f_t over time (ife). */
export function factorsPlot(m: GsynthModel, opts: { title?: string; simulated?: boolean } = {}): Figure {
  if (!m.fit || m.r === 0) throw new InputError("no factors to plot (r = 0 or estimator mc)");
  const r = m.r, periods = m.data.panel.periods;
  return {
    data: Array.from({ length: r }, (_, k) => ({
      x: periods, y: periods.map((_, t) => m.fit!.F[t * r + k]), type: "scatter", mode: "lines+markers", name: `Factor ${k + 1}`, marker: { size: 4 },
    })),
    layout: {
      title: { text: sim(opts.title ?? "Estimated common factors (time paths shared by all units)", opts.simulated) },
      xaxis: { title: { text: "Period" } },
      yaxis: { title: { text: "Factor value (normalised: mean square 1)" } },
    },
  };
}

/**
 * Loadings of control and treated units on two factors (or one, against the unit index): a
 * treated unit outside the controls' cloud has no comparable controls (common support).
 */
export function loadingsPlot(m: GsynthModel, opts: { title?: string; simulated?: boolean; factors?: [number, number] } = {}): Figure {
  if (!m.fit || !m.treatedFit || m.r === 0) throw new InputError("no loadings to plot (r = 0 or estimator mc)");
  const r = m.r, d = m.data;
  const [a, b] = opts.factors ?? [0, Math.min(1, r - 1)];
  const ctrl = Array.from(d.controls, (_, i) => i), tr = Array.from(d.treated, (_, i) => i);
  const one = r === 1;
  return {
    data: [
      {
        x: one ? ctrl : ctrl.map((i) => m.fit!.loadings[i * r + a]), y: ctrl.map((i) => m.fit!.loadings[i * r + (one ? 0 : b)]),
        text: Array.from(d.controls, (u) => d.panel.units[u]), type: "scatter", mode: "markers", name: "Control units", marker: { color: CONTROL, size: 8 },
      },
      {
        x: one ? tr.map((i) => ctrl.length + i) : tr.map((i) => m.treatedFit!.loadings[i * r + a]), y: tr.map((i) => m.treatedFit!.loadings[i * r + (one ? 0 : b)]),
        text: Array.from(d.treated, (u) => d.panel.units[u]), type: "scatter", mode: "markers+text", textposition: "top center", name: "Treated units",
        marker: { color: TREATED, size: 11, symbol: "diamond" },
      },
    ],
    layout: {
      title: { text: sim(opts.title ?? "Factor loadings: are the treated units inside the controls' range?", opts.simulated) },
      xaxis: { title: { text: one ? "Unit" : `Loading on factor ${a + 1}` } },
      yaxis: { title: { text: `Loading on factor ${one ? 1 : b + 1}` } },
    },
  };
}

/** Histogram of the bootstrap replicates of the average effect, with the estimate and its CI. */
export function bootstrapDistributionPlot(m: GsynthModel, opts: { title?: string; simulated?: boolean; alpha?: number } = {}): Figure {
  if (!m.replicates) throw new InputError("no bootstrap replicates: run with se: true");
  const k = offsets(m.layout).avg;
  const values = m.replicates.map((r) => r[k]).filter(Number.isFinite);
  const est = m.estimate[k];
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  const z = normalQuantile(1 - (opts.alpha ?? 0.05) / 2);
  const line = (x: number, color: string, dash: string) => ({ type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, dash, width: 2 } });
  return {
    data: [{ x: values, type: "histogram", name: `${values.length} bootstrap replicates`, marker: { color: CONTROL }, nbinsx: 40 }],
    layout: {
      title: { text: sim(opts.title ?? `Bootstrap distribution of the average effect (SE ${se.toFixed(3)})`, opts.simulated) },
      xaxis: { title: { text: "Average effect on the treated" } },
      yaxis: { title: { text: "Replicates" } },
      shapes: [line(est, TREATED, "solid"), line(est - z * se, "#555", "dash"), line(est + z * se, "#555", "dash")],
      annotations: [{ x: est, xref: "x", yref: "paper", y: 1.02, text: `estimate ${est.toFixed(2)}; dashed: ${Math.round((1 - (opts.alpha ?? 0.05)) * 100)}% CI`, showarrow: false }],
    },
  };
}
