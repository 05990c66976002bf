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

/** Regularised upper incomplete gamma Q(a, x) (series below a+1, continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnPre = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum;
    for (let n = 1; n < 1000; n++) { term *= x / (a + n); sum += term; if (Math.abs(term) < Math.abs(sum) * 1e-16) break; }
    return 1 - sum * Math.exp(lnPre);
  }
  let b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (let n = 1; n < 1000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c; if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(lnPre) * h;
}

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9).
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Standard normal CDF Φ(z) = erfc(−z/√2)/2, with erfc(x) = Q(½, x²). */
export function normalCdf(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : z > 0 ? 1 : 0;
  const q = gammaQ(0.5, (z * z) / 2) / 2;
  return z < 0 ? q : 1 - q;
}

/** Standard normal quantile (Acklam's rational approximation refined by one Newton step). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) { const q = Math.sqrt(-2 * Math.log(p)); x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1); }
  else if (p > 1 - lo) { const q = Math.sqrt(-2 * Math.log(1 - p)); x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1); }
  else { const q = p - 0.5, r = q * q; x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1); }
  const e = normalCdf(x) - p;
  return x - e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
}

/** P(χ²_k > x). */
export function chiSquareSf(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}

/** p-values of a z statistic: lower (Φ(z)), upper and two-sided. */
export function zPValues(z: number): { lower: number; upper: number; twoSided: number } {
  const lower = normalCdf(z), upper = normalCdf(-z);
  return { lower, upper, twoSided: Math.min(1, 2 * Math.min(lower, upper)) };
}
