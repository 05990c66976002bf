/**
 * The standard normal distribution and bootstrap summaries: Φ, Φ⁻¹, the SD (n − 1), R's
 * type-7 quantile, and an Estimate (SE, normal-approximation or percentile CI, p-value)
 * from a set of bootstrap replicates.
 */
import type { Estimate } from "../effect";

const SQRT2PI = Math.sqrt(2 * Math.PI);

/** Φ(x). Marsaglia's series for |x| ≤ 7 (absolute error ~1e-15), asymptotic tail beyond. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 7 || x < -7) {
    const z = Math.abs(x), z2 = z * z;
    const tail = (Math.exp(-0.5 * z2) / (z * SQRT2PI)) * (1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2));
    return x > 0 ? 1 - tail : tail;
  }
  let sum = x, term = x;
  const x2 = x * x;
  for (let k = 3; k < 500; k += 2) {
    term *= x2 / k;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return 0.5 + (sum * Math.exp(-0.5 * x2)) / SQRT2PI;
}

/** Φ⁻¹(p): Acklam's rational approximation refined by one Halley step (full double precision). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * SQRT2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/** Sample standard deviation (denominator n − 1) of the finite values. */
export function sd(values: ArrayLike<number>): number {
  let n = 0, mean = 0, m2 = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    n++;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN;
}

/** R's default (type 7) quantile of the finite values. */
export function quantile(values: ArrayLike<number>, prob: number): number {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * prob, lo = Math.floor(h);
  return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

export type CiMethod = "normal" | "percentile";

/**
 * An Estimate from the point estimate and its bootstrap replicates (already centred on the
 * estimate's distribution): SE = SD of the replicates; CI by the normal approximation
 * est ± z·SE or by the replicates' percentiles; two-sided p = 2(1 − Φ(|est/SE|)).
 */
export function bootstrapEstimate(estimate: number, replicates: ArrayLike<number>, alpha: number, ci: CiMethod): Estimate {
  const se = sd(replicates);
  if (!Number.isFinite(se)) return { estimate };
  const z = normalQuantile(1 - alpha / 2);
  const interval: [number, number] = ci === "normal"
    ? [estimate - z * se, estimate + z * se]
    : [quantile(replicates, alpha / 2), quantile(replicates, 1 - alpha / 2)];
  const p = se > 0 ? 2 * normalCdf(-Math.abs(estimate / se)) : estimate === 0 ? 1 : 0;
  return { estimate, se, ci: interval, p };
}
