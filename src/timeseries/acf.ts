/**
 * Sample autocorrelation and partial autocorrelation (as R's acf/pacf: mean removed,
 * autocovariances divided by n, PACF by Durbin–Levinson), and the Ljung–Box test.
 */
import { chiSquareSf } from "../stats/distributions";

/** Sample autocorrelations at lags 1…maxLag. */
export function acf(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t];
  mean /= n;
  const g = (l: number) => {
    let s = 0;
    for (let t = l; t < n; t++) s += (x[t] - mean) * (x[t - l] - mean);
    return s / n;
  };
  const g0 = g(0), out = new Float64Array(Math.min(maxLag, n - 1));
  for (let l = 1; l <= out.length; l++) out[l - 1] = g(l) / g0;
  return out;
}

/** Sample partial autocorrelations at lags 1…maxLag (Durbin–Levinson on the sample ACF). */
export function pacf(x: ArrayLike<number>, maxLag: number): Float64Array {
  const r = acf(x, maxLag), L = r.length, out = new Float64Array(L);
  let phi = new Float64Array(0);
  for (let k = 1; k <= L; k++) {
    let num = r[k - 1], den = 1;
    for (let j = 1; j < k; j++) { num -= phi[j - 1] * r[k - 1 - j]; den -= phi[j - 1] * r[j - 1]; }
    const a = num / den, next = new Float64Array(k);
    for (let j = 1; j < k; j++) next[j - 1] = phi[j - 1] - a * phi[k - 1 - j];
    next[k - 1] = a;
    phi = next;
    out[k - 1] = a;
  }
  return out;
}

/** Ljung–Box Q = n(n+2) Σ r_l²/(n − l) over lags 1…lag (compare with χ² on lag − fitted ARMA parameters df). */
export function ljungBox(x: ArrayLike<number>, lag: number): number {
  const n = x.length, r = acf(x, lag);
  let q = 0;
  for (let l = 1; l <= r.length; l++) q += (r[l - 1] * r[l - 1]) / (n - l);
  return n * (n + 2) * q;
}

/** Ljung–Box test of no autocorrelation up to `lag` (R: Box.test(x, lag, "Ljung-Box", fitdf)); df = lag − fitdf. */
export function ljungBoxTest(x: ArrayLike<number>, lag: number, fitdf = 0): { lag: number; statistic: number; df: number; p: number } {
  const statistic = ljungBox(x, lag), df = lag - fitdf;
  return { lag, statistic, df, p: df > 0 ? chiSquareSf(statistic, df) : NaN };
}

/** ±z/√n: the approximate 95% band of white-noise sample autocorrelations (R's plot.acf). */
export const whiteNoiseBand = (n: number, z = 1.959963984540054): number => z / Math.sqrt(n);
