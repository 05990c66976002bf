/** Integer-count samplers on the project's seeded Rng (Poisson, gamma, negative binomial, alias). */
import type { Rng } from "../random";

const LOG_FACT_SMALL = (() => {
  const t = new Float64Array(32);
  for (let k = 2; k < 32; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** log(k!) (table below 32, Stirling series above; error < 1e-12). */
export function logFactorial(k: number): number {
  if (k < 32) return LOG_FACT_SMALL[k];
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n * n * n);
}

/**
 * Poisson draw: inversion by sequential search for small means, Hörmann's PTRS
 * (transformed rejection with squeeze, 1993) for means of 10 or more — O(1) per draw.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    let p = Math.exp(-lambda), F = p, k = 0;
    const u = rng.uniform();
    while (u > F && k < 1000) { k++; p *= lambda / k; F += p; }
    return k;
  }
  const slam = Math.sqrt(lambda), loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng.uniform() - 0.5, V = rng.uniform();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

/** Gamma(shape, scale 1) draw (Marsaglia–Tsang; shape < 1 boosted). */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.uniform() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = rng.normal(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Negative binomial with mean `mean` and size `k` (variance mean + mean²/k), as a gamma–Poisson mixture. */
export function negBinomial(rng: Rng, mean: number, k: number): number {
  if (!Number.isFinite(k)) return poisson(rng, mean);
  return poisson(rng, (mean * gamma(rng, k)) / k);
}

/** Walker's alias table for drawing indices with probabilities ∝ weights in O(1). */
export interface Alias { prob: Float64Array; alias: Int32Array }

export function aliasTable(weights: ArrayLike<number>): Alias {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const prob = new Float64Array(n), alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [], large: number[] = [];
  for (let i = 0; i < n; i++) { scaled[i] = (weights[i] * n) / total; (scaled[i] < 1 ? small : large).push(i); }
  while (small.length && large.length) {
    const s = small.pop()!, l = large.pop()!;
    prob[s] = scaled[s]; alias[s] = l;
    scaled[l] += scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large) { prob[i] = 1; alias[i] = i; }
  for (const i of small) { prob[i] = 1; alias[i] = i; }
  return { prob, alias };
}

export function aliasDraw(rng: Rng, t: Alias): number {
  const u = rng.uniform() * t.prob.length;
  const i = Math.floor(u);
  return u - i < t.prob[i] ? i : t.alias[i];
}
