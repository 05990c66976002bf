/**
 * Figures and tables of the classic synthetic control (pure: results in, Figure/rows out):
 * the placebo "spaghetti" plot, the post/pre RMSPE-ratio histogram, the predictor balance
 * table, the donor-weights bar chart, leave-one-out paths and placebo-in-time paths.
 */
import type { Effect } from "../effect";
import type { PlaceboInSpace, LeaveOneOut, PlaceboInTime } from "../estimators/scm/inference";
import type { UnitFit } from "../estimators/scm/unit-fit";
import { eventLines, type Figure } from "./figure";

const TREATED = "#222", PLACEBO = "rgba(120,120,120,0.45)", SYNTH = "#3572b0";
const zeroLine = { type: "line", xref: "paper", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#999", width: 1 } };

function periodsOf(f: UnitFit, periods: string[]): string[] {
  return periods.slice(0, f.gap.length);
}

/**
 * Gaps of the treated unit (black) and of every placebo (grey), ADH (2010) figure 4–7 style.
 * With `maxPreMSPERatio`, placebos whose pre-period MSPE exceeds that multiple of the treated
 * unit's are left out (and the title says so).
 */
export function placeboSpaghettiPlot(r: PlaceboInSpace, periods: string[], opts: { maxPreMSPERatio?: number; title?: string; yTitle?: string } = {}): Figure {
  const t = r.treated[0];
  const kept = opts.maxPreMSPERatio === undefined ? r.placebos : r.placebos.filter((p) => p.preMSPE <= opts.maxPreMSPERatio! * t.preMSPE);
  const x = periodsOf(t, periods);
  const data: Record<string, unknown>[] = kept.map((p, k) => ({
    x, y: p.gap, type: "scatter", mode: "lines", name: k === 0 ? "Placebos (each donor as if treated)" : p.unit, legendgroup: "placebo",
    showlegend: k === 0, line: { color: PLACEBO, width: 1 }, hovertemplate: `${p.unit}: %{y:.2f}<extra></extra>`,
  }));
  for (const tr of r.treated) data.push({ x, y: tr.gap, type: "scatter", mode: "lines", name: tr.unit, line: { color: TREATED, width: 2.5 } });
  const dropped = r.placebos.length - kept.length;
  const filter = opts.maxPreMSPERatio === undefined ? "all placebos" : `placebos with pre-period MSPE ≤ ${opts.maxPreMSPERatio}× ${t.unit}'s (${dropped} of ${r.placebos.length} left out)`;
  const layout = {
    title: { text: opts.title ?? `Gaps of ${t.unit} and of the placebos — ${filter}` },
    xaxis: { title: { text: "Period" } },
    yaxis: { title: { text: opts.yTitle ?? "Observed − synthetic" } },
    legend: { orientation: "h", y: -0.2 },
    ...eventLines([{ x: periods[t.t0], label: "Treatment starts" }]),
  };
  (layout.shapes as Record<string, unknown>[]).push(zeroLine);
  return { data, layout };
}

/** Post/pre RMSPE ratios of the treated unit and the placebos, ranked (ADH 2010 figure 8). */
export function rmspeRatioHistogram(r: PlaceboInSpace, opts: { title?: string } = {}): Figure {
  const all = [...r.treated.map((f) => ({ unit: f.unit, ratio: f.rmspeRatio, treated: true })), ...r.placebos.map((f) => ({ unit: f.unit, ratio: f.rmspeRatio, treated: false }))];
  const max = Math.max(...all.map((a) => a.ratio));
  const size = max / 20;
  const test = r.tests[0];
  return {
    data: [
      { x: all.filter((a) => !a.treated).map((a) => a.ratio), type: "histogram", name: "Placebos", marker: { color: "#aaa" }, xbins: { start: 0, end: max + size, size } },
      { x: all.filter((a) => a.treated).map((a) => a.ratio), type: "histogram", name: all.filter((a) => a.treated).map((a) => a.unit).join(", "), marker: { color: TREATED }, xbins: { start: 0, end: max + size, size } },
    ],
    layout: {
      title: { text: opts.title ?? `Post/pre-period RMSPE ratios: ${test.unit} ranks ${test.rank} of ${test.placebos + 1} (p = ${test.p.toFixed(3)})` },
      barmode: "overlay",
      xaxis: { title: { text: "Post-period RMSPE / pre-period RMSPE" } },
      yaxis: { title: { text: "Number of units" } },
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

/** Predictor balance: treated, synthetic and the donor-pool average, with the predictor weight V. */
export function balanceTable(f: UnitFit, digits = 3): Record<string, string | number>[] {
  const r = (x: number) => Number(x.toFixed(digits));
  return f.balance.map((b) => ({ predictor: b.predictor, [f.unit]: r(b.treated), synthetic: r(b.synthetic), "donor average": r(b.donorMean), V: r(b.v) }));
}

/** Donor weights above `min` as a horizontal bar chart. */
export function weightsBarPlot(effect: Effect, opts: { min?: number; title?: string } = {}): Figure {
  const w = (effect.weights ?? []).filter((x) => x.weight > (opts.min ?? 0)).sort((a, b) => a.weight - b.weight);
  return {
    data: [{ type: "bar", orientation: "h", x: w.map((x) => x.weight), y: w.map((x) => x.unit), marker: { color: SYNTH }, text: w.map((x) => x.weight.toFixed(3)), textposition: "outside" }],
    layout: {
      title: { text: opts.title ?? `Donor weights of the synthetic control (${w.length} of ${effect.weights?.length ?? 0} donors non-zero)` },
      xaxis: { title: { text: "Weight" }, range: [0, Math.max(...w.map((x) => x.weight), 0.01) * 1.2] },
      margin: { l: 160 },
    },
  };
}

/** The treated path, its synthetic control, and the synthetic control without each donor in turn. */
export function leaveOneOutPlot(fit: UnitFit, loo: LeaveOneOut[], periods: string[], opts: { title?: string; yTitle?: string } = {}): Figure {
  const x = periodsOf(fit, periods);
  const data: Record<string, unknown>[] = loo.filter((l) => l.unit === fit.unit).map((l, k) => ({
    x, y: l.fit.synthetic, type: "scatter", mode: "lines", name: k === 0 ? "Leave one donor out" : `without ${l.dropped}`, legendgroup: "loo", showlegend: k === 0,
    line: { color: PLACEBO, width: 1 }, hovertemplate: `without ${l.dropped}: %{y:.2f}<extra></extra>`,
  }));
  data.push({ x, y: fit.observed, type: "scatter", mode: "lines", name: `${fit.unit} (observed)`, line: { color: TREATED, width: 2.5 } });
  data.push({ x, y: fit.synthetic, type: "scatter", mode: "lines", name: "Synthetic control (all donors)", line: { color: SYNTH, width: 2, dash: "dash" } });
  return {
    data,
    layout: {
      title: { text: opts.title ?? `Leave-one-out: ${fit.unit} against synthetic controls without each donor of positive weight` },
      xaxis: { title: { text: "Period" } },
      yaxis: { title: { text: opts.yTitle ?? "Outcome" } },
      legend: { orientation: "h", y: -0.2 },
      ...eventLines([{ x: periods[fit.t0], label: "Treatment starts" }]),
    },
  };
}

/** Placebo in time: the treated path and its synthetic control fitted as if treated at an earlier date. */
export function placeboInTimePlot(r: PlaceboInTime, periods: string[], opts: { title?: string; yTitle?: string } = {}): Figure {
  const f = r.fits[0];
  const x = periodsOf(f, periods);
  return {
    data: [
      { x, y: f.observed, type: "scatter", mode: "lines", name: `${f.unit} (observed)`, line: { color: TREATED, width: 2.5 } },
      { x, y: f.synthetic, type: "scatter", mode: "lines", name: `Synthetic control fitted before ${r.time}`, line: { color: SYNTH, width: 2, dash: "dash" } },
    ],
    layout: {
      title: { text: opts.title ?? `Placebo in time: treatment moved to ${r.time} (mean gap ${f.att.toFixed(2)} before the real date)` },
      xaxis: { title: { text: "Period" } },
      yaxis: { title: { text: opts.yTitle ?? "Outcome" } },
      legend: { orientation: "h", y: -0.2 },
      ...eventLines([{ x: r.time, label: "Placebo date" }]),
    },
  };
}
