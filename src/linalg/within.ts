/**
 * The within (fixed-effects) regression: demean the outcome and every regressor, then OLS
 * on the demeaned data. By Frisch–Waugh–Lovell the coefficients and residuals equal those
 * of the regression with N unit and T period dummies, without forming the dummies.
 */
import { InputError } from "../errors";
import { choleskyInverse, choleskyOrFailing } from "./dense";
import type { Demeaner } from "./demean";

export interface Regressor {
  name: string;
  /** One value per observation (raw, not demeaned). */
  values: Float64Array;
}

export interface WithinFit {
  names: string[];
  coef: Float64Array;
  /** Demeaned regressors, one array per coefficient. */
  x: Float64Array[];
  /** Demeaned outcome. */
  y: Float64Array;
  resid: Float64Array;
  /** (X̃'X̃)⁻¹, k×k row-major. */
  bread: Float64Array;
  /** Largest number of demeaning sweeps over the variables. */
  iterations: number;
}

/** `collinearMessages` replaces the generic message when the named regressor has no variation left. */
export function fitWithin(dm: Demeaner, y: Float64Array, outcomeName: string, regressors: Regressor[], collinearMessages: Record<string, string> = {}): WithinFit {
  const n = y.length, k = regressors.length;
  if (k === 0) throw new InputError("the fixed-effects regression needs at least one regressor");
  let iterations = 0;
  const yd = Float64Array.from(y);
  iterations = Math.max(iterations, dm.demean(yd, outcomeName));
  const rawNorms = new Float64Array(k);
  const x = regressors.map((r, j) => {
    const v = Float64Array.from(r.values);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += v[i];
    mean /= n;
    for (let i = 0; i < n; i++) rawNorms[j] += (v[i] - mean) * (v[i] - mean);
    iterations = Math.max(iterations, dm.demean(v, r.name));
    return v;
  });
  const xtx = new Float64Array(k * k), xty = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const xa = x[a];
    for (let b = 0; b <= a; b++) {
      const xb = x[b];
      let s = 0;
      for (let i = 0; i < n; i++) s += xa[i] * xb[i];
      xtx[a * k + b] = s; xtx[b * k + a] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += xa[i] * yd[i];
    xty[a] = s;
  }
  // Pivots relative to each column's size before demeaning: what is left is what FE and earlier columns cannot explain.
  const ch = choleskyOrFailing(xtx, k, (j) => 1e-10 * rawNorms[j]);
  if ("failing" in ch) {
    const name = regressors[ch.failing].name;
    if (collinearMessages[name]) throw new InputError(collinearMessages[name]);
    const earlier = regressors.slice(0, ch.failing).map((r) => r.name);
    throw new InputError(`regressor "${name}" has no variation left after removing unit and period effects${earlier.length ? ` and ${earlier.join(", ")}` : ""} (it is constant within units, common to all units in each period, or collinear with them)`);
  }
  const bread = choleskyInverse(ch.l, k);
  const coef = new Float64Array(k);
  for (let a = 0; a < k; a++) { let s = 0; for (let b = 0; b < k; b++) s += bread[a * k + b] * xty[b]; coef[a] = s; }
  const resid = Float64Array.from(yd);
  for (let j = 0; j < k; j++) { const xj = x[j], bj = coef[j]; for (let i = 0; i < n; i++) resid[i] -= bj * xj[i]; }
  return { names: regressors.map((r) => r.name), coef, x, y: yd, resid, bread, iterations };
}

/**
 * CR1 cluster-robust covariance: scale · (X̃'X̃)⁻¹ (Σ_g s_g s_g') (X̃'X̃)⁻¹ with cluster scores
 * s_g = Σ_{i∈g} x̃_i e_i and scale = G/(G−1) · (n−1)/(n−K).
 */
export function clusterVcov(fit: WithinFit, cluster: Int32Array, nClusters: number, scale: number): Float64Array {
  const k = fit.coef.length, n = fit.resid.length;
  const scores = new Float64Array(nClusters * k);
  for (let j = 0; j < k; j++) {
    const xj = fit.x[j];
    for (let i = 0; i < n; i++) scores[cluster[i] * k + j] += xj[i] * fit.resid[i];
  }
  const meat = new Float64Array(k * k);
  for (let g = 0; g < nClusters; g++) {
    for (let a = 0; a < k; a++) { const sa = scores[g * k + a]; for (let b = 0; b < k; b++) meat[a * k + b] += sa * scores[g * k + b]; }
  }
  const B = fit.bread, tmp = new Float64Array(k * k), v = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) { let s = 0; for (let m = 0; m < k; m++) s += B[a * k + m] * meat[m * k + b]; tmp[a * k + b] = s; }
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) { let s = 0; for (let m = 0; m < k; m++) s += tmp[a * k + m] * B[m * k + b]; v[a * k + b] = scale * s; }
  return v;
}
