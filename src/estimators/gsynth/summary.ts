/**
 * Everything gsynth reports about the effect, as one flat vector computed the same way for
 * the estimate and for every bootstrap replicate (so each gets an SE the same way):
 *
 *   [ ATT_k for each relative period k (T rows) | att.avg | cumulative ATT for k = 0.. |
 *     per-unit average post effect (ntr) | β (p) ]
 *
 * Relative period k = t − t0_i (0 = a unit's first treated period). Rows run from
 * k = −min t0 to T − 1 − min t0 as in the reference (§1.3.4); with common timing they are
 * simply the calendar periods. att.avg averages over treated unit-post-period cells (§1.3.5),
 * not over the ATT_k. The cumulative effect at k is Σ_{j=0..k} ATT_j — from the first
 * treated period, unlike the reference's cumuEff helper, which also adds the last pre-period
 * residual (§1.6).
 */
export interface Layout {
  T: number;
  /** Relative period of row 0. */
  kMin: number;
  /** Number of cumulative points (post rows, k = 0..). */
  post: number;
  ntr: number;
  p: number;
  size: number;
}

export function layoutOf(T: number, t0: Int32Array, p: number): Layout {
  const minT0 = Math.min(...t0);
  const post = T - minT0;
  return { T, kMin: -minT0, post, ntr: t0.length, p, size: T + 1 + post + t0.length + p };
}

export const offsets = (L: Layout) => ({ att: 0, avg: L.T, cum: L.T + 1, unit: L.T + 1 + L.post, beta: L.T + 1 + L.post + L.ntr });

/** The summary vector of an eff matrix (ntr×T, unit-major) for units with pre-periods t0. */
export function summarise(eff: Float64Array, t0: Int32Array, beta: Float64Array, L: Layout): Float64Array {
  const { T, kMin } = L;
  const o = offsets(L);
  const out = new Float64Array(L.size);
  const sums = new Float64Array(T), counts = new Float64Array(T);
  let avgSum = 0, avgCount = 0;
  for (let i = 0; i < t0.length; i++) {
    let us = 0, uc = 0;
    for (let t = 0; t < T; t++) {
      const e = eff[i * T + t];
      if (Number.isNaN(e)) continue;
      const row = t - t0[i] - kMin;
      if (row >= 0 && row < T) { sums[row] += e; counts[row]++; }
      if (t >= t0[i]) { avgSum += e; avgCount++; us += e; uc++; }
    }
    out[o.unit + i] = uc ? us / uc : NaN;
  }
  for (let row = 0; row < T; row++) out[o.att + row] = counts[row] ? sums[row] / counts[row] : NaN;
  out[o.avg] = avgCount ? avgSum / avgCount : NaN;
  let cum = 0;
  for (let k = 0; k < L.post; k++) {
    const a = out[o.att + k - kMin];
    cum += Number.isNaN(a) ? 0 : a;
    out[o.cum + k] = cum;
  }
  out.set(beta, o.beta);
  return out;
}
