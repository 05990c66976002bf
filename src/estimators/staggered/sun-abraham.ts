/**
 * Sun & Abraham (2021) interaction-weighted event study. TWFE with one dummy per cohort ×
 * relative period (the reference period, e = −1 − anticipation, omitted for every cohort)
 * estimates each cohort's own effect path CATT(g, e) against a clean comparison group:
 *  - "never": never-treated units (every treated cohort gets interactions);
 *  - "last": the last-treated cohort, with periods from its adoption (less anticipation) on
 *    dropped, so it is untreated throughout the sample.
 * The event-study effect θ(e) averages CATT(g, e) with weights equal to the cohorts' shares
 * of the observations at e; the overall ATT averages all post-treatment CATT(g, e) by their
 * observation counts (the average over treated unit-periods in the sample). Standard errors:
 * CR1 cluster-robust vcov of the interactions (fixest's convention: unit effects nested in
 * the clusters are not counted), weights treated as fixed, as fixest's sunab aggregation does.
 */
import type { Effect, EffectPeriod, Estimate } from "../../effect";
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { createDemeaner, feLayout } from "../../linalg/demean";
import { clusterVcov, fitWithin, type Regressor } from "../../linalg/within";
import { cohortLabel, gatherCells, observedCells, requireCovariates, staggeredDesign, unitClusters } from "./design";
import { normalEstimate } from "./inference";

export type SaControl = "never" | "last";

export interface SaOptions {
  control: SaControl;
  covariates: string[];
  anticipation: number;
  alpha: number;
  cluster?: string;
}

/** Effect.diagnostics of the sa estimator; cohortEffects are the CATT(g, e) interaction coefficients. */
export type SaDiagnostics = {
  estimator: "sa";
  nObs: number;
  nUnits: number;
  nClusters: number;
  K: number;
  controlGroup: string;
  cohorts: { group: string; size: number }[];
  cohortEffects: (Estimate & { group: string; event: number; nObs: number })[];
  inference: string;
  notes: string[];
};

/** w'Vw for weights on a subset of coefficients (indices into the k×k vcov). */
function quadratic(v: Float64Array, k: number, idx: number[], w: number[]): number {
  let s = 0;
  idx.forEach((a, r) => idx.forEach((b, c) => (s += w[r] * w[c] * v[a * k + b])));
  return s;
}

export function sunAbraham(panel: Panel, o: SaOptions): Effect {
  requireCovariates(panel, o.covariates);
  const d = staggeredDesign(panel);
  const ref = -1 - o.anticipation;
  let controlCohort = -1, cutoff = d.T;
  if (o.control === "never") {
    if (d.nNever === 0) throw new InputError(`Sun–Abraham with never-treated controls: no unit is never treated (use the last-treated cohort as control)`);
  } else {
    if (d.cohorts.length < 2) throw new InputError(`Sun–Abraham with the last-treated cohort as control needs at least two cohorts; the panel has ${d.cohorts.length}`);
    controlCohort = d.cohorts[d.cohorts.length - 1];
    cutoff = controlCohort - o.anticipation;
  }
  const obs = observedCells(panel, o.covariates, (_i, t) => t < cutoff);
  const n = obs.cell.length;
  const treatedCohorts = d.cohorts.filter((g) => g !== controlCohort);
  // One column per (cohort, event time) that has observations.
  const key = (g: number, e: number) => `${g}:${e}`;
  const colOf = new Map<string, number>(), terms: { g: number; e: number; count: number }[] = [];
  for (let k = 0; k < n; k++) {
    const g = d.start[obs.unit[k]];
    if (g < 0 || g === controlCohort) continue;
    const e = obs.period[k] - g;
    if (e === ref) continue;
    const kk = key(g, e);
    if (!colOf.has(kk)) { colOf.set(kk, terms.length); terms.push({ g, e, count: 0 }); }
    terms[colOf.get(kk)!].count++;
  }
  if (!terms.some((t) => t.e >= 0)) throw new InputError(`Sun–Abraham: no treated observation after adoption in the sample`);
  const cols = terms.map(() => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    const g = d.start[obs.unit[k]];
    if (g < 0 || g === controlCohort) continue;
    const j = colOf.get(key(g, obs.period[k] - g));
    if (j !== undefined) cols[j][k] = 1;
  }
  const regressors: Regressor[] = [
    ...terms.map((t, j) => ({ name: `cohort ${cohortLabel(d, t.g)} × e=${t.e}`, values: cols[j] })),
    ...o.covariates.map((name) => ({ name, values: gatherCells(panel.covariates[name], obs) })),
  ];
  const layout = feLayout(obs.unit, obs.period, d.N, d.T);
  const dm = createDemeaner(layout);
  const fit = fitWithin(dm, gatherCells(panel.y, obs), panel.outcome, regressors);
  const unitCl = unitClusters(panel, o.cluster);
  const obsCl = Int32Array.from(obs.unit, (i) => unitCl.id[i]);
  let nPeriods = 0;
  for (const c of layout.periodCount) if (c > 0) nPeriods++;
  const K = fit.coef.length + nPeriods;
  if (n - K < 1) throw new InputError(`Sun–Abraham: too few observations (${n}) for ${K} parameters`);
  const v = clusterVcov(fit, obsCl, unitCl.G, (unitCl.G / (unitCl.G - 1)) * ((n - 1) / (n - K)));
  const k = fit.coef.length;

  const combine = (idx: number[]) => {
    const total = idx.reduce((s, j) => s + terms[j].count, 0);
    const w = idx.map((j) => terms[j].count / total);
    const estimate = idx.reduce((s, j, r) => s + w[r] * fit.coef[j], 0);
    return normalEstimate(estimate, Math.sqrt(quadratic(v, k, idx, w)), o.alpha);
  };
  const eventTimes = [...new Set([...terms.map((t) => t.e), ref])].sort((a, b) => a - b);
  const y = panel.y;
  const periods: EffectPeriod[] = eventTimes.map((e) => {
    let s = 0, m = 0;
    for (let q = 0; q < n; q++) {
      const g = d.start[obs.unit[q]];
      if (g >= 0 && g !== controlCohort && obs.period[q] - g === e) { s += y[obs.cell[q]]; m++; }
    }
    const observed = m ? s / m : NaN;
    if (e === ref) return { time: String(e), relative: e, observed, counterfactual: observed, effect: 0 };
    const est = combine(terms.flatMap((t, j) => (t.e === e ? [j] : [])));
    return { time: String(e), relative: e, observed, counterfactual: observed - est.estimate, effect: est.estimate, ...(est.se !== undefined ? { se: est.se } : {}), ...(est.ci ? { ci: est.ci } : {}) };
  });
  const att = combine(terms.flatMap((t, j) => (t.e >= 0 ? [j] : [])));
  const diagnostics: SaDiagnostics = {
    estimator: "sa",
    nObs: n,
    nUnits: d.N,
    nClusters: unitCl.G,
    K,
    controlGroup: o.control === "never" ? "never treated" : `last-treated cohort ${cohortLabel(d, controlCohort)} (periods from ${panel.periods[Math.min(cutoff, d.T - 1)]} dropped)`,
    cohorts: treatedCohorts.map((g) => ({ group: cohortLabel(d, g), size: d.cohortSize[d.cohorts.indexOf(g)] })),
    cohortEffects: terms.map((t, j) => ({ group: cohortLabel(d, t.g), event: t.e, nObs: t.count, ...normalEstimate(fit.coef[j], Math.sqrt(v[j * k + j]), o.alpha) })),
    inference: `CR1 cluster-robust (by ${o.cluster ?? "unit"}, K = ${K}), normal CIs; aggregation weights treated as fixed`,
    notes: [],
  };

  return {
    method: "did",
    settings: { estimator: "sa", control: o.control, covariates: o.covariates, anticipation: o.anticipation, cluster: o.cluster ?? "unit", alpha: o.alpha, referencePeriod: ref },
    att,
    periods,
    diagnostics,
    ...(panel.unit ? { unit: panel.unit } : {}),
    alpha: o.alpha,
  };
}
