/**
 * The 2×2 difference-in-differences estimators Callaway & Sant'Anna (2021) apply to every
 * group-time cell, for panel data, with their influence functions (Sant'Anna & Zhao 2020;
 * the formulas of R DRDID's reg_did_panel, std_ipw_did_panel and drdid_panel):
 *  - "reg": outcome regression — the controls' ΔY regressed on X predicts the treated's;
 *  - "ipw": inverse probability weighting, normalised (Hájek) weights p(X)/(1 − p(X)) on controls;
 *  - "dr":  doubly robust — IPW of the outcome-regression residuals; consistent if either model is right.
 * Inputs are the n units of the cell: ΔY = Y_t − Y_base, D (1 = in cohort g, 0 = control) and
 * the covariate rows X (first column the intercept). Without covariates all three equal the
 * difference of mean changes. The influence function ψ is scaled so that var(att) ≈ Σψ²/n².
 */
import { InputError } from "../../errors";
import { choleskyFactor, choleskyInverse } from "../../linalg/dense";

export type CsMethod = "reg" | "ipw" | "dr";

export interface TwoByTwo { att: number; inf: Float64Array }

/** Difference of mean changes (every method without covariates). */
export function meanDid(dy: Float64Array, d: Uint8Array): TwoByTwo {
  const n = dy.length;
  let s1 = 0, s0 = 0, n1 = 0;
  for (let i = 0; i < n; i++) if (d[i]) { s1 += dy[i]; n1++; } else s0 += dy[i];
  const n0 = n - n1, m1 = s1 / n1, m0 = s0 / n0;
  const inf = new Float64Array(n);
  for (let i = 0; i < n; i++) inf[i] = d[i] ? (n / n1) * (dy[i] - m1) : -(n / n0) * (dy[i] - m0);
  return { att: m1 - m0, inf };
}

/** (A/n)⁻¹ for a k×k SPD A, or an error naming what is collinear. */
function scaledInverse(a: Float64Array, k: number, n: number, what: string): Float64Array {
  const s = Float64Array.from(a, (v) => v / n);
  const L = choleskyFactor(s, k);
  if (!L) throw new InputError(`${what}: the covariates are collinear (or constant) in this comparison`);
  return choleskyInverse(L, k);
}

/** Outcome regression of ΔY on X among controls: coefficients' linear representation per unit and fitted ΔY. */
function controlRegression(dy: Float64Array, d: Uint8Array, X: Float64Array, k: number, what: string) {
  const n = dy.length;
  const xtx = new Float64Array(k * k), xty = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (d[i]) continue;
    for (let a = 0; a < k; a++) {
      const xa = X[i * k + a];
      xty[a] += xa * dy[i];
      for (let b = 0; b < k; b++) xtx[a * k + b] += xa * X[i * k + b];
    }
  }
  const inv = scaledInverse(xtx, k, n, `${what} (outcome regression)`);
  const beta = new Float64Array(k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) beta[a] += (inv[a * k + b] * xty[b]) / n;
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let a = 0; a < k; a++) s += X[i * k + a] * beta[a]; fitted[i] = s; }
  // Per-unit linear representation of β̂ − β: (1 − D) (ΔY − Xβ) X' (X'X/n)⁻¹.
  const linRep = (i: number, out: Float64Array) => {
    out.fill(0);
    if (d[i]) return out;
    const e = dy[i] - fitted[i];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[b] += e * X[i * k + a] * inv[a * k + b];
    return out;
  };
  return { fitted, linRep };
}

/** Logistic regression of D on X by Newton's method: fitted probabilities and the score's linear representation. */
function propensity(d: Uint8Array, X: Float64Array, k: number, what: string) {
  const n = d.length;
  const beta = new Float64Array(k), p = new Float64Array(n);
  let inv: Float64Array = new Float64Array(k * k);
  for (let it = 0; it < 100; it++) {
    const h = new Float64Array(k * k), g = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let a = 0; a < k; a++) eta += X[i * k + a] * beta[a];
      const pi = 1 / (1 + Math.exp(-eta));
      p[i] = pi;
      const w = pi * (1 - pi);
      for (let a = 0; a < k; a++) {
        g[a] += (d[i] - pi) * X[i * k + a];
        for (let b = 0; b < k; b++) h[a * k + b] += w * X[i * k + a] * X[i * k + b];
      }
    }
    inv = scaledInverse(h, k, n, `${what} (propensity score)`);
    let step = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += (inv[a * k + b] * g[b]) / n;
      beta[a] += s;
      step = Math.max(step, Math.abs(s));
    }
    if (step < 1e-10) break;
    if (it === 99) throw new InputError(`${what}: the propensity score did not converge (the covariates may separate the cohort from its controls)`);
  }
  for (let i = 0; i < n; i++) p[i] = Math.min(p[i], 1 - 1e-16);
  // Linear representation of the logit coefficients: (D − p) X' (X'WX/n)⁻¹.
  const linRep = (i: number, out: Float64Array) => {
    out.fill(0);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[b] += (d[i] - p[i]) * X[i * k + a] * inv[a * k + b];
    return out;
  };
  return { p, linRep };
}

const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;

/** ATT of one 2×2 cell with covariates X (n×k, intercept first) by `method`. */
export function covariateDid(method: CsMethod, dy: Float64Array, d: Uint8Array, X: Float64Array, k: number, what: string): TwoByTwo {
  const n = dy.length;
  const wT = Float64Array.from(d, (v) => v);
  const inf = new Float64Array(n);
  const tmp = new Float64Array(k);
  const colMeans = (f: (i: number) => number) => {
    const m = new Float64Array(k);
    for (let i = 0; i < n; i++) { const w = f(i); if (w !== 0) for (let a = 0; a < k; a++) m[a] += w * X[i * k + a]; }
    for (let a = 0; a < k; a++) m[a] /= n;
    return m;
  };
  const dot = (u: Float64Array, v: Float64Array) => { let s = 0; for (let a = 0; a < k; a++) s += u[a] * v[a]; return s; };
  const mwT = mean(wT);

  if (method === "reg") {
    const or = controlRegression(dy, d, X, k, what);
    const attT = Float64Array.from(dy, (y, i) => wT[i] * y), attC = Float64Array.from(or.fitted, (f, i) => wT[i] * f);
    const etaT = mean(attT) / mwT, etaC = mean(attC) / mwT;
    const M1 = colMeans((i) => wT[i]);
    for (let i = 0; i < n; i++) {
      const infT = (attT[i] - wT[i] * etaT) / mwT;
      const infC = (attC[i] - wT[i] * etaC + dot(or.linRep(i, tmp), M1)) / mwT;
      inf[i] = infT - infC;
    }
    return { att: etaT - etaC, inf };
  }

  const ps = propensity(d, X, k, what);
  const wC = Float64Array.from(ps.p, (p, i) => (d[i] ? 0 : p / (1 - p)));
  const mwC = mean(wC);
  if (method === "ipw") {
    const attT = Float64Array.from(dy, (y, i) => wT[i] * y), attC = Float64Array.from(dy, (y, i) => wC[i] * y);
    const etaT = mean(attT) / mwT, etaC = mean(attC) / mwC;
    const M2 = colMeans((i) => wC[i] * (dy[i] - etaC));
    for (let i = 0; i < n; i++) {
      const infT = (attT[i] - wT[i] * etaT) / mwT;
      const infC = (attC[i] - wC[i] * etaC + dot(ps.linRep(i, tmp), M2)) / mwC;
      inf[i] = infT - infC;
    }
    return { att: etaT - etaC, inf };
  }

  const or = controlRegression(dy, d, X, k, what);
  const r = Float64Array.from(dy, (y, i) => y - or.fitted[i]);
  const attT = Float64Array.from(r, (e, i) => wT[i] * e), attC = Float64Array.from(r, (e, i) => wC[i] * e);
  const etaT = mean(attT) / mwT, etaC = mean(attC) / mwC;
  const M1 = colMeans((i) => wT[i]);
  const M2 = colMeans((i) => wC[i] * (r[i] - etaC));
  const M3 = colMeans((i) => wC[i]);
  const tmp2 = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const ols = or.linRep(i, tmp);
    const infT = (attT[i] - wT[i] * etaT - dot(ols, M1)) / mwT;
    const infC = (attC[i] - wC[i] * etaC + dot(ps.linRep(i, tmp2), M2) - dot(ols, M3)) / mwC;
    inf[i] = infT - infC;
  }
  return { att: etaT - etaC, inf };
}
