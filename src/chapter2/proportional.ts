/**
 * The proportional specification of the chapter 2 synthetic controls: each area's outcome as a
 * percentage of its own pre-period mean. National growth, COVID-19 and shared regional shocks
 * multiply an area's rate, so in rate terms they hit high-rate areas — the funded ones, chosen for
 * their high admissions — harder, a non-parallel trend no additive model can absorb when the funded
 * areas lie above every donor. Relative to each area's own level those changes are common, and the
 * two-way/interactive fixed-effects model holds again. The effect is converted back to the
 * outcome's rate with the treated areas' harmonic-mean pre-period level, which is exact when the
 * effect per person is the same in every treated area, and otherwise estimates the average effect
 * weighted by 1 / pre-period level (`weightedTruth` gives the truth of that estimand).
 */
import type { Effect, Estimate } from "../effect";
import { InputError } from "../errors";
import { treatedAndControls, treatmentStart, type Panel } from "../panel/panel";

export interface ProportionalPanel {
  /** The panel with y as a percentage of each unit's pre-period mean (covariates unchanged). */
  panel: Panel;
  /** Each unit's pre-period mean, in the original unit. */
  preMean: Float64Array;
  /** Multiplies an effect on the percentage scale into the original rate: H / 100, H the treated units' harmonic-mean pre-period level. */
  toRate: number;
}

/** Expresses every unit's outcome as a percentage of its mean before the first treated period. */
export function proportionalPanel(p: Panel): ProportionalPanel {
  const T = p.periods.length;
  const starts = treatmentStart(p);
  const first = Math.min(...Array.from(starts).filter((s) => s >= 0));
  if (!Number.isFinite(first) || first < 1) throw new InputError(`the ${p.outcome} panel has no treated unit with a pre-period`);
  const preMean = new Float64Array(p.units.length), y = new Float64Array(p.y.length);
  for (let i = 0; i < p.units.length; i++) {
    let s = 0;
    for (let t = 0; t < first; t++) s += p.y[i * T + t];
    const m = s / first;
    if (!(m > 0)) throw new InputError(`unit ${p.units[i]} of the ${p.outcome} panel has a pre-period mean of ${m}: the proportional specification needs positive levels`);
    preMean[i] = m;
    for (let t = 0; t < T; t++) y[i * T + t] = (100 * p.y[i * T + t]) / m;
  }
  const treated = treatedAndControls(p).treated;
  const harmonic = treated.length / treated.reduce((s, i) => s + 1 / preMean[i], 0);
  return { panel: { ...p, y, outcome: `${p.outcome} (% of pre-period mean)`, unit: "percent" }, preMean, toRate: harmonic / 100 };
}

/** An Effect on the percentage scale converted back to the rate (every effect, interval and standard error times `k`). */
export function scaleEffect<D extends Record<string, unknown>>(e: Effect<D>, k: number, unit: Effect["unit"]): Effect<D> {
  const ci = (c?: [number, number]): [number, number] | undefined => (c ? [c[0] * k, c[1] * k] : undefined);
  const est = <E extends Estimate>(x: E): E => ({ ...x, estimate: x.estimate * k, ...(x.se !== undefined ? { se: Math.abs(x.se * k) } : {}), ...(x.ci ? { ci: ci(x.ci) } : {}) });
  return {
    ...e,
    unit,
    att: est(e.att),
    periods: e.periods.map((p) => ({ ...p, observed: p.observed * k, counterfactual: p.counterfactual * k, effect: p.effect * k, ...(p.se !== undefined ? { se: Math.abs(p.se * k) } : {}), ...(p.ci ? { ci: ci(p.ci) } : {}) })),
    ...(e.cumulative ? { cumulative: e.cumulative.map((c) => ({ ...c, effect: c.effect * k, ...(c.se !== undefined ? { se: Math.abs(c.se * k) } : {}), ...(c.ci ? { ci: ci(c.ci) } : {}) })) } : {}),
    ...(e.unitEffects ? { unitEffects: e.unitEffects.map((u) => ({ ...u, att: est(u.att), ...(u.effects ? { effects: u.effects.map((v) => v * k) } : {}) })) } : {}),
    settings: { ...e.settings, specification: "proportional (outcome as % of each area's pre-period mean, converted back with the treated areas' harmonic-mean level)" },
  };
}

/**
 * The truth of the proportional estimand: the treated units' true average effect over the post
 * periods, weighted by 1 / pre-period level (equal to the plain average when every treated unit
 * has the same effect per person). `cells` is a TruthPath's per-cell truth.
 */
export function weightedTruth(p: Panel, cells: Float64Array, preMean: Float64Array): number {
  const T = p.periods.length, starts = treatmentStart(p);
  let num = 0, den = 0;
  for (const i of treatedAndControls(p).treated) {
    let s = 0;
    for (let t = starts[i]; t < T; t++) s += cells[i * T + t];
    num += s / (T - starts[i]) / preMean[i];
    den += 1 / preMean[i];
  }
  return num / den;
}
