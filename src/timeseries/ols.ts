/** Least squares for the small dense regressions of time-series models (n ≲ 10⁴, k ≲ 50). */
import { InputError } from "../errors";
import { choleskyFactor, choleskyInverse, choleskySolve } from "../linalg/dense";

export interface LeastSquares {
  beta: Float64Array;
  /** Residual sum of squares. */
  rss: number;
  /** (X′X)⁻¹, k×k row-major (empty when not requested). */
  xtxInv: Float64Array;
}

/**
 * OLS of y on X (n×k row-major) via the normal equations with columns scaled to unit
 * length first (which keeps the Cholesky factor well conditioned for a trend 1…n next to
 * 0/1 dummies). Collinear columns throw an InputError naming them.
 */
export function leastSquares(X: Float64Array, y: ArrayLike<number>, n: number, k: number, names?: string[], opts: { inverse?: boolean } = {}): LeastSquares {
  const scale = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += X[t * k + j] * X[t * k + j];
    scale[j] = Math.sqrt(s);
    if (!(scale[j] > 0)) throw new InputError(`regressor ${names?.[j] ?? j} is zero in every period used`);
  }
  const A = new Float64Array(k * k), b = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const row = t * k;
    for (let i = 0; i < k; i++) {
      const xi = X[row + i] / scale[i];
      b[i] += xi * y[t];
      for (let j = 0; j <= i; j++) A[i * k + j] += (xi * X[row + j]) / scale[j];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) A[j * k + i] = A[i * k + j];
  const L = choleskyFactor(A, k);
  if (!L) throw new InputError(`regressors are collinear${names ? ` (${names.join(", ")})` : ""}: drop a term or use a longer series`);
  const bs = choleskySolve(L, b, k);
  const beta = new Float64Array(k), xtxInv = new Float64Array(opts.inverse === false ? 0 : k * k);
  for (let i = 0; i < k; i++) beta[i] = bs[i] / scale[i];
  if (opts.inverse !== false) {
    const inv = choleskyInverse(L, k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) xtxInv[i * k + j] = inv[i * k + j] / (scale[i] * scale[j]);
  }
  let rss = 0;
  for (let t = 0; t < n; t++) {
    let e = y[t];
    for (let j = 0; j < k; j++) e -= X[t * k + j] * beta[j];
    rss += e * e;
  }
  return { beta, rss, xtxInv };
}

/** Residuals y − Xβ. */
export function residuals(X: Float64Array, y: ArrayLike<number>, beta: ArrayLike<number>, n: number, k: number): Float64Array {
  const e = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = y[t];
    for (let j = 0; j < k; j++) s -= X[t * k + j] * beta[j];
    e[t] = s;
  }
  return e;
}

/**
 * Newey–West (1987) HAC covariance of OLS coefficients with Bartlett weights 1 − l/(L+1)
 * up to lag L, no prewhitening and no small-sample factor — R:
 * sandwich::NeweyWest(fit, lag = L, prewhite = FALSE, adjust = FALSE).
 */
export function neweyWestCovariance(X: Float64Array, e: ArrayLike<number>, xtxInv: Float64Array, n: number, k: number, lag: number): Float64Array {
  const S = new Float64Array(k * k);
  for (let l = 0; l <= lag; l++) {
    const w = l === 0 ? 1 : 1 - l / (lag + 1);
    for (let t = l; t < n; t++) {
      const c = w * e[t] * e[t - l];
      for (let i = 0; i < k; i++) {
        const xi = X[t * k + i], xli = X[(t - l) * k + i];
        for (let j = 0; j < k; j++) S[i * k + j] += l === 0 ? c * xi * X[t * k + j] : c * (xi * X[(t - l) * k + j] + xli * X[t * k + j]);
      }
    }
  }
  // V = (X′X)⁻¹ S (X′X)⁻¹
  const tmp = new Float64Array(k * k), V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { let s = 0; for (let m = 0; m < k; m++) s += xtxInv[i * k + m] * S[m * k + j]; tmp[i * k + j] = s; }
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { let s = 0; for (let m = 0; m < k; m++) s += tmp[i * k + m] * xtxInv[m * k + j]; V[i * k + j] = s; }
  return V;
}
