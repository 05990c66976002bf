/**
 * Borusyak, Jaravel & Spiess (2024) imputation estimator.
 *  1. Fit Y_it = α_i + γ_t (+ x_it'β) by OLS on the untreated observations only (never-treated
 *     units, and treated units before adoption less anticipation);
 *  2. impute Y_it(0) = α̂_i + γ̂_t (+ x_it'β̂) for every treated observation, τ̂_it = Y_it − Ŷ_it(0);
 *  3. average τ̂_it: over all treated observations (the ATT) or by event time e = t − g.
 * Inference: BJS's conservative variance (their Theorem 3) — the estimate is Σ v_it Y_it with
 * weights v = w on treated observations and v = −Z₀(Z₀'Z₀)⁻¹Z₁'w on untreated ones; the
 * variance sums (Σ_{it∈c} v_it ε̃_it)² over clusters c, with ε̃ the untreated residuals and,
 * for treated observations, τ̂_it minus its cohort × event-time mean (so effect heterogeneity
 * across those cells is not counted as noise). The leave-one-out refinement of BJS is not
 * applied, which matters only for cohort × event cells with very few units.
 */
import type { Effect, EffectPeriod } from "../../effect";
import { ConvergenceError, InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { createDemeaner, feLayout, type FeLayout } from "../../linalg/demean";
import { fitWithin } from "../../linalg/within";
import { cohortLabel, gatherCells, observedCells, requireCovariates, staggeredDesign, unitClusters, type Observations } from "./design";
import { normalEstimate } from "./inference";

/** Effect.diagnostics of the imputation estimator. */
export type ImputationDiagnostics = {
  estimator: "imputation";
  /** Untreated observations the unit and period effects were fitted on, and treated ones imputed. */
  nUntreated: number;
  nTreated: number;
  nUnits: number;
  nClusters: number;
  cohorts: { group: string; size: number }[];
  inference: string;
  notes: string[];
  periodsMeaning: string;
};

export interface ImputationOptions {
  covariates: string[];
  anticipation: number;
  alpha: number;
  cluster?: string;
}

/**
 * Unit and period effects from fitted values f = α_i + γ_t on the untreated cells, walking the
 * bipartite unit–period graph (exact because f is additive); NaN where a unit or period is
 * not connected to the first unit of its piece. Returns the piece of every unit and period.
 */
function additiveEffects(layout: FeLayout, f: Float64Array) {
  const { unit, period, nUnits, nPeriods } = layout;
  const byUnit: number[][] = Array.from({ length: nUnits }, () => []), byPeriod: number[][] = Array.from({ length: nPeriods }, () => []);
  for (let k = 0; k < unit.length; k++) { byUnit[unit[k]].push(k); byPeriod[period[k]].push(k); }
  const alpha = new Float64Array(nUnits).fill(NaN), gamma = new Float64Array(nPeriods).fill(NaN);
  const unitPiece = new Int32Array(nUnits).fill(-1), periodPiece = new Int32Array(nPeriods).fill(-1);
  let piece = 0;
  for (let root = 0; root < nUnits; root++) {
    if (unitPiece[root] >= 0 || byUnit[root].length === 0) continue;
    alpha[root] = 0; unitPiece[root] = piece;
    const queue: number[] = [root];
    while (queue.length) {
      const i = queue.pop()!;
      for (const k of byUnit[i]) {
        const t = period[k];
        if (periodPiece[t] >= 0) continue;
        gamma[t] = f[k] - alpha[i]; periodPiece[t] = piece;
        for (const m of byPeriod[t]) {
          const j = unit[m];
          if (unitPiece[j] >= 0) continue;
          alpha[j] = f[m] - gamma[t]; unitPiece[j] = piece; queue.push(j);
        }
      }
    }
    piece++;
  }
  return { alpha, gamma, unitPiece, periodPiece };
}

/**
 * u = D(D'D)⁻¹c on the untreated cells for unit/period sums c (c_i = Σ_t w_it over unit i's
 * treated cells, c_t likewise): Gauss–Seidel on the normal equations of the dummies, whose
 * solution is unique up to a constant per connected piece that u does not depend on.
 */
function fixedEffectProjection(layout: FeLayout, cUnit: Float64Array, cPeriod: Float64Array): Float64Array {
  const { unit, period, unitCount, periodCount, nUnits, nPeriods } = layout;
  const a = new Float64Array(nUnits), g = new Float64Array(nPeriods), s = new Float64Array(Math.max(nUnits, nPeriods));
  let scale = 0;
  for (const v of cUnit) scale = Math.max(scale, Math.abs(v));
  const tol = 1e-13 * Math.max(scale, 1e-300);
  for (let it = 0; it < 100_000; it++) {
    s.fill(0);
    for (let k = 0; k < unit.length; k++) s[unit[k]] += g[period[k]];
    for (let i = 0; i < nUnits; i++) if (unitCount[i] > 0) a[i] = (cUnit[i] - s[i]) / unitCount[i];
    s.fill(0);
    for (let k = 0; k < unit.length; k++) s[period[k]] += a[unit[k]];
    for (let t = 0; t < nPeriods; t++) if (periodCount[t] > 0) g[t] = (cPeriod[t] - s[t]) / periodCount[t];
    // Period equations hold exactly now; stop when the unit equations do too.
    s.fill(0);
    for (let k = 0; k < unit.length; k++) s[unit[k]] += a[unit[k]] + g[period[k]];
    let worst = 0;
    for (let i = 0; i < nUnits; i++) if (unitCount[i] > 0) worst = Math.max(worst, Math.abs(s[i] - cUnit[i]));
    if (worst <= tol) return Float64Array.from(unit, (i, k) => a[i] + g[period[k]]);
  }
  throw new ConvergenceError("imputation: the weights of the untreated observations did not converge (the untreated cells may be poorly connected)");
}

export function imputation(panel: Panel, o: ImputationOptions): Effect {
  requireCovariates(panel, o.covariates);
  const d = staggeredDesign(panel);
  const untreated = (i: number, t: number) => d.start[i] < 0 || t < d.start[i] - o.anticipation;
  const obs0 = observedCells(panel, o.covariates, untreated);
  const obs1all = observedCells(panel, o.covariates, (i, t) => d.start[i] >= 0 && t >= d.start[i]);
  if (obs0.cell.length === 0) throw new InputError("imputation: no untreated observations to fit unit and period effects on");
  const layout = feLayout(obs0.unit, obs0.period, d.N, d.T);
  const dm = createDemeaner(layout);
  const y0 = gatherCells(panel.y, obs0);
  let resid: Float64Array, beta: Float64Array = new Float64Array(0), xTilde: Float64Array[] = [], bread: Float64Array = new Float64Array(0);
  const X0 = o.covariates.map((k) => gatherCells(panel.covariates[k], obs0));
  if (o.covariates.length) {
    const fit = fitWithin(dm, y0, panel.outcome, o.covariates.map((name, j) => ({ name, values: X0[j] })));
    resid = fit.resid; beta = fit.coef; xTilde = fit.x; bread = fit.bread;
  } else {
    resid = Float64Array.from(y0);
    dm.demean(resid, panel.outcome);
  }
  const fe = Float64Array.from(y0, (y, k) => y - resid[k] - X0.reduce((s, x, j) => s + x[k] * beta[j], 0));
  const eff = additiveEffects(layout, fe);

  // Treated observations whose unit and period share a piece with untreated data can be imputed.
  const keep: number[] = [], dropped: string[] = [];
  for (let k = 0; k < obs1all.cell.length; k++) {
    const i = obs1all.unit[k], t = obs1all.period[k];
    if (eff.unitPiece[i] >= 0 && eff.unitPiece[i] === eff.periodPiece[t]) keep.push(k);
    else dropped.push(`${panel.units[i]} ${panel.periods[t]}`);
  }
  if (keep.length === 0) throw new InputError("imputation: no treated observation can be imputed (treated units need untreated periods, and periods need untreated units)");
  const obs1: Observations = { cell: Int32Array.from(keep, (k) => obs1all.cell[k]), unit: Int32Array.from(keep, (k) => obs1all.unit[k]), period: Int32Array.from(keep, (k) => obs1all.period[k]) };
  const n1 = obs1.cell.length;
  const X1 = o.covariates.map((k) => gatherCells(panel.covariates[k], obs1));
  const y1 = gatherCells(panel.y, obs1);
  const yhat = Float64Array.from(obs1.cell, (_c, k) => eff.alpha[obs1.unit[k]] + eff.gamma[obs1.period[k]] + X1.reduce((s, x, j) => s + x[k] * beta[j], 0));
  const tau = Float64Array.from(y1, (y, k) => y - yhat[k]);
  const event = Int32Array.from(obs1.unit, (i, k) => obs1.period[k] - d.start[i]);

  const unitCl = unitClusters(panel, o.cluster);
  /** Estimate and conservative SE of Σ w_k τ̂_k for treated-observation weights w. */
  const estimand = (w: Float64Array) => {
    let estimate = 0;
    const cUnit = new Float64Array(d.N), cPeriod = new Float64Array(d.T);
    for (let k = 0; k < n1; k++) { estimate += w[k] * tau[k]; cUnit[obs1.unit[k]] += w[k]; cPeriod[obs1.period[k]] += w[k]; }
    const u = fixedEffectProjection(layout, cUnit, cPeriod);
    const v0 = Float64Array.from(u, (x) => -x);
    if (o.covariates.length) {
      // With covariates, v₀ = −(u + X̃b), b = (X̃'X̃)⁻¹(Σ w x₁ − X₀'u) (partitioned normal equations).
      const p = o.covariates.length, rhs = new Float64Array(p), b = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < n1; k++) rhs[j] += w[k] * X1[j][k];
        for (let k = 0; k < u.length; k++) rhs[j] -= X0[j][k] * u[k];
      }
      for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) b[a] += bread[a * p + c] * rhs[c];
      for (let k = 0; k < v0.length; k++) for (let j = 0; j < p; j++) v0[k] -= xTilde[j][k] * b[j];
    }
    // τ̄ within cohort × event cells, weighted by v², removes heterogeneity from the treated residuals.
    const num = new Map<string, number>(), den = new Map<string, number>();
    const cellKey = (k: number) => `${d.start[obs1.unit[k]]}:${event[k]}`;
    for (let k = 0; k < n1; k++) {
      if (w[k] === 0) continue;
      const key = cellKey(k), w2 = w[k] * w[k];
      num.set(key, (num.get(key) ?? 0) + w2 * tau[k]); den.set(key, (den.get(key) ?? 0) + w2);
    }
    const s = new Float64Array(unitCl.G);
    for (let k = 0; k < n1; k++) if (w[k] !== 0) { const key = cellKey(k); s[unitCl.id[obs1.unit[k]]] += w[k] * (tau[k] - num.get(key)! / den.get(key)!); }
    for (let k = 0; k < v0.length; k++) s[unitCl.id[obs0.unit[k]]] += v0[k] * resid[k];
    let variance = 0;
    for (const x of s) variance += x * x;
    return normalEstimate(estimate, Math.sqrt(variance), o.alpha);
  };

  const att = estimand(new Float64Array(n1).fill(1 / n1));
  const events = [...new Set(event)].sort((a, b) => a - b);
  const periods: EffectPeriod[] = events.map((e) => {
    let m = 0, sy = 0, sh = 0;
    for (let k = 0; k < n1; k++) if (event[k] === e) { m++; sy += y1[k]; sh += yhat[k]; }
    const est = estimand(Float64Array.from(event, (x) => (x === e ? 1 / m : 0)));
    return { time: String(e), relative: e, observed: sy / m, counterfactual: sh / m, effect: est.estimate, ...(est.se !== undefined ? { se: est.se } : {}), ...(est.ci ? { ci: est.ci } : {}) };
  });
  const notes: string[] = dropped.length ? [`${dropped.length} treated observation(s) cannot be imputed (no untreated data linking their unit and period), e.g. ${dropped.slice(0, 4).join(", ")}`] : [];
  const diagnostics: ImputationDiagnostics = {
    estimator: "imputation",
    nUntreated: obs0.cell.length,
    nTreated: n1,
    nUnits: d.N,
    nClusters: unitCl.G,
    cohorts: d.cohorts.map((g, k) => ({ group: cohortLabel(d, g), size: d.cohortSize[k] })),
    inference: `BJS conservative variance (Theorem 3) clustered by ${o.cluster ?? "unit"}, treated residuals net of cohort × event-time means, no leave-out correction; normal CIs`,
    notes,
    periodsMeaning: "periods: event time e = t − g ≥ 0; observed and counterfactual are means of Y and imputed Y(0) over the treated observations at e",
  };

  return {
    method: "did",
    settings: { estimator: "imputation", covariates: o.covariates, anticipation: o.anticipation, cluster: o.cluster ?? "unit", alpha: o.alpha },
    att,
    periods,
    coefficients: Object.fromEntries(o.covariates.map((k, j) => [k, { estimate: beta[j] }])),
    diagnostics,
    ...(panel.unit ? { unit: panel.unit } : {}),
    alpha: o.alpha,
  };
}
