/**
 * Effect statistics of one weighting over one window of post-periods, and their variance by
 * survey linearisation (reference-algorithms.md §3.4) — in closed form, without building the
 * regression.
 *
 * The reference fits y ~ treat + period − 1 by weighted least squares on the unit-period rows
 * of the window (every row its own PSU). With the same weight for all periods of a unit, the
 * coefficient of treat is δ = (Trt/W₁ − Con/W₀)/m (m periods; W₁, W₀ the treated and control
 * weight totals), the mean period coefficient is ᾱ = Con/(m·W₀), and the percent change on the
 * log scale is θ = ln((δ + ᾱ)/ᾱ). The sandwich variance is n/(n−1)·Σ_r z_r² with
 * z_r = g′A⁻¹x_r·e_r·w_r; A⁻¹ has a closed form because A = [[mW₁, W₁1′], [W₁1, W·I]].
 */
import { normalCdf } from "../../stats/normal";

export interface WindowStats {
  /** Treated total (weighted by the treated units' weights) and synthetic total over the window. */
  treated: number;
  synthetic: number;
  delta: number;
  alphaBar: number;
  theta: number;
  varDelta: number;
  varTheta: number;
}

/** Per-unit weights (treated units included), treated flags, outcome N×T, window of period indices. */
export function lineariseWindow(y: Float64Array, T: number, w: Float64Array, treated: Uint8Array, window: Int32Array, zTheta?: Float64Array): WindowStats {
  const N = w.length, m = window.length;
  let W1 = 0, W0 = 0;
  for (let i = 0; i < N; i++) if (treated[i]) W1 += w[i]; else W0 += w[i];
  const W = W0 + W1;
  const S = new Float64Array(m);
  let trt = 0, con = 0;
  for (let i = 0; i < N; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const o = i * T;
    let s = 0;
    for (let k = 0; k < m; k++) { const v = wi * y[o + window[k]]; S[k] += v; s += v; }
    if (treated[i]) trt += s; else con += s;
  }
  const delta = (trt / W1 - con / W0) / m;
  const alphaBar = con / (m * W0);
  const alpha = new Float64Array(m);
  for (let k = 0; k < m; k++) alpha[k] = (S[k] - delta * W1) / W;
  // A⁻¹ pieces: Schur complement s of the period block.
  const s = (m * W1 * W0) / W, r1 = W1 / W;
  const g0 = 1 / (delta + alphaBar), g1 = g0 - 1 / alphaBar;
  const h0 = (g0 - r1 * g1) / s, ha = -r1 * g0 / s + g1 / (m * W) + r1 * r1 * g1 / s;
  let sumD = 0, sumT = 0;
  for (let i = 0; i < N; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const D = treated[i], o = i * T;
    const zd = (D - r1) / s, zt = D ? h0 + ha : ha;
    for (let k = 0; k < m; k++) {
      const e = (y[o + window[k]] - delta * D - alpha[k]) * wi;
      sumD += (zd * e) ** 2;
      const z = zt * e;
      sumT += z * z;
      if (zTheta) zTheta[i * m + k] = z;
    }
  }
  const n = N * m, c = n / (n - 1);
  if (zTheta) for (let k = 0; k < zTheta.length; k++) zTheta[k] *= Math.sqrt(c);
  return { treated: trt, synthetic: con, delta, alphaBar, theta: Math.log((delta + alphaBar) / alphaBar), varDelta: c * sumD, varTheta: c * sumT };
}

/** Per-period weighted totals of treated and control units, and their weight totals. */
export interface Totals {
  treated: Float64Array;
  synthetic: Float64Array;
  W1: number;
  W0: number;
}

export function totals(y: Float64Array, T: number, w: Float64Array, treated: Uint8Array): Totals {
  const out: Totals = { treated: new Float64Array(T), synthetic: new Float64Array(T), W1: 0, W0: 0 };
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const acc = treated[i] ? out.treated : out.synthetic;
    if (treated[i]) out.W1 += wi; else out.W0 += wi;
    const o = i * T;
    for (let t = 0; t < T; t++) acc[t] += wi * y[o + t];
  }
  return out;
}

/** δ and ᾱ of a window from totals (what the jackknife replicates need). */
export function windowCoefficients(tt: Totals, window: Int32Array): { delta: number; alphaBar: number } {
  let trt = 0, con = 0;
  for (let k = 0; k < window.length; k++) { trt += tt.treated[window[k]]; con += tt.synthetic[window[k]]; }
  const m = window.length;
  return { delta: (trt / tt.W1 - con / tt.W0) / m, alphaBar: con / (m * tt.W0) };
}

// ---- distributions -------------------------------------------------------------------------

/** p-values of a z statistic: lower (Φ(z)), upper and two-sided. */
export function zPValues(z: number): { lower: number; upper: number; twoSided: number } {
  const lower = normalCdf(z), upper = normalCdf(-z);
  return { lower, upper, twoSided: Math.min(1, 2 * Math.min(lower, upper)) };
}
