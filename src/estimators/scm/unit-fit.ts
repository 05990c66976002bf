/**
 * One synthetic control for one treated unit: weights, the synthetic path over every period,
 * fit statistics and the predictor balance. The unit of work of the estimator, of every
 * placebo and of leave-one-out; plain data in and out so it can run on a worker thread.
 */
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { buildProblem, type PredictorTable } from "./prep";
import { fitWeights, type FitOptions, type OptimiserRun, type VMethod } from "./fit";

export interface BalanceRow {
  predictor: string;
  treated: number;
  synthetic: number;
  /** Unweighted mean over the donor pool. */
  donorMean: number;
  /** Predictor weight v. */
  v: number;
}

export interface UnitFit {
  unit: string;
  /** Index of the first treated period. */
  t0: number;
  donors: string[];
  /** Donor weights, aligned with `donors` (exact zeros off the support). */
  weights: number[];
  /** Predictor weights, aligned with `balance`. */
  v: number[];
  vMethod: VMethod | "given";
  balance: BalanceRow[];
  observed: number[];
  synthetic: number[];
  /** observed − synthetic, every period. */
  gap: number[];
  /** Outcome MSPE over the fit window (R Synth's loss.v). */
  fitMSPE: number;
  /** Predictor loss (X1 − X0w)′V(X1 − X0w), scaled predictors (R Synth's loss.w). */
  lossW: number;
  /** MSPE over every pre-period and every post-period. */
  preMSPE: number;
  postMSPE: number;
  /** Post/pre RMSPE ratio (Abadie, Diamond & Hainmueller 2010, placebo inference). */
  rmspeRatio: number;
  /** Mean gap over the post-period. */
  att: number;
  runs?: OptimiserRun[];
  innerSolves: number;
  /** The W solve passed its exact optimality test. */
  innerConverged: boolean;
  /** Nested V: fit-window MSPE no V can beat, and whether the search reached it. */
  lowerBound?: number;
  globalOptimum?: boolean;
}

/** Outcome of a unit in every period; missing cells are an error (the path would be undefined). */
function outcomePath(panel: Panel, unit: number, lastPeriod: number): Float64Array {
  const T = panel.periods.length;
  const y = panel.y.slice(unit * T, unit * T + lastPeriod + 1);
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(y[t])) throw new InputError(`outcome "${panel.outcome}" is missing for unit ${panel.units[unit]} in period ${panel.periods[t]}; the synthetic control needs the outcome in every period`);
  }
  return y;
}

/**
 * Fits the synthetic control of table unit `treated` from table units `donors`, treatment at
 * period index `t0`; the path runs to period index `lastPeriod` (default: the last period).
 */
export function fitUnit(panel: Panel, table: PredictorTable, fitPeriods: number[], treated: number, donors: number[], t0: number, opts: FitOptions = {}, lastPeriod = panel.periods.length - 1): UnitFit {
  const pr = buildProblem(panel, table, fitPeriods, treated, donors);
  const fit = fitWeights(pr, opts);
  const { k, J } = pr;
  const y1 = outcomePath(panel, table.units[treated], lastPeriod);
  const n = y1.length;
  const synthetic = new Float64Array(n);
  donors.forEach((d, j) => {
    const w = fit.w[j];
    if (w === 0) return;
    const y = outcomePath(panel, table.units[d], lastPeriod);
    for (let t = 0; t < n; t++) synthetic[t] += w * y[t];
  });
  const gap = Array.from(y1, (v, t) => v - synthetic[t]);
  let pre = 0, post = 0;
  for (let t = 0; t < n; t++) if (t < t0) pre += gap[t] ** 2; else post += gap[t];
  let postSq = 0;
  for (let t = t0; t < n; t++) postSq += gap[t] ** 2;
  const nPost = n - t0;
  const preMSPE = pre / t0, postMSPE = nPost > 0 ? postSq / nPost : NaN;
  const balance: BalanceRow[] = table.names.map((name, p) => {
    let s = 0, m = 0;
    for (let j = 0; j < J; j++) { s += fit.w[j] * pr.rawX0[j * k + p]; m += pr.rawX0[j * k + p]; }
    return { predictor: name, treated: pr.rawX1[p], synthetic: s, donorMean: m / J, v: fit.v[p] };
  });
  return {
    unit: panel.units[table.units[treated]],
    t0,
    donors: donors.map((d) => panel.units[table.units[d]]),
    weights: Array.from(fit.w),
    v: Array.from(fit.v),
    vMethod: fit.vMethod,
    balance,
    observed: Array.from(y1),
    synthetic: Array.from(synthetic),
    gap,
    fitMSPE: fit.lossV,
    lossW: fit.lossW,
    preMSPE,
    postMSPE,
    rmspeRatio: Math.sqrt(postMSPE / preMSPE),
    att: nPost > 0 ? post / nPost : NaN,
    ...(fit.runs ? { runs: fit.runs } : {}),
    innerSolves: fit.innerSolves,
    innerConverged: fit.innerConverged,
    ...(fit.lowerBound !== undefined ? { lowerBound: fit.lowerBound, globalOptimum: fit.globalOptimum } : {}),
  };
}
