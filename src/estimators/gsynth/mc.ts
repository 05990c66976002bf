/**
 * Matrix completion (Athey et al. 2021; reference-algorithms.md §1.7): treat the treated
 * units' post-period cells as missing and complete Y = Xβ + μ + α_i + ξ_t + L with a
 * nuclear-norm penalty λ‖L‖_* by soft-impute. The singular values come from the small Gram
 * matrix (T×T or N×N), never a full SVD.
 *
 * The penalty is chosen by cross-validation over a grid of 10 values, like the reference,
 * but with DETERMINISTIC hold-out sets (the reference draws them at random): see `mcFolds`.
 */
import { choleskyFactor, choleskySolve, symmetricEigen } from "../../linalg/dense";
import { hasTimeEffect, hasUnitEffect, type Block, type Force } from "./types";

export interface McFit {
  lambda: number;
  /** eff for the treated units (ntr×T). */
  eff: Float64Array;
  counterfactual: Float64Array;
  beta: Float64Array;
  /** Fitted values of all units (controls then treated), N×T. */
  fitted: Float64Array;
  iterations: number;
  converged: boolean;
}

interface Stacked {
  n: number;
  T: number;
  y: Float64Array;
  x: Float64Array[];
  /** 1 where the cell is observed and untreated (the cells the model is fitted on). */
  mask: Uint8Array;
  nControls: number;
}

/** Controls then treated in one block; treated post-period and missing cells are masked out. */
function stack(controls: Block, treated: Block, t0: Int32Array): Stacked {
  const T = controls.T, n = controls.n + treated.n;
  const y = new Float64Array(n * T), mask = new Uint8Array(n * T);
  y.set(controls.y);
  y.set(treated.y, controls.n * T);
  const x = controls.x.map((v, k) => { const a = new Float64Array(n * T); a.set(v); a.set(treated.x[k], controls.n * T); return a; });
  for (let i = 0; i < n; i++) {
    const tr = i - controls.n;
    for (let t = 0; t < T; t++) {
      const c = i * T + t;
      const observed = !Number.isNaN(y[c]) && (tr < 0 ? !controls.obs || controls.obs[c] === 1 : !treated.obs || treated.obs[tr * T + t] === 1);
      mask[c] = observed && (tr < 0 || t < t0[tr]) ? 1 : 0;
      if (!mask[c]) y[c] = 0;
    }
  }
  return { n, T, y, x, mask, nControls: controls.n };
}

/** Additive model + covariates by OLS on the masked cells (unbalanced: alternating projections). */
function initialFit(s: Stacked, mask: Uint8Array, force: Force): { beta: Float64Array; base: Float64Array } {
  const { n, T, x } = s;
  const p = x.length;
  const project = (v: Float64Array): Float64Array => {
    // Residual of v on the additive effects over masked cells, by alternating projections.
    const r = Float64Array.from(v);
    const sweep = (byUnit: boolean) => {
      const outer = byUnit ? n : T, inner = byUnit ? T : n;
      let change = 0;
      for (let a = 0; a < outer; a++) {
        let sum = 0, cnt = 0;
        for (let b = 0; b < inner; b++) { const c = byUnit ? a * T + b : b * T + a; if (mask[c]) { sum += r[c]; cnt++; } }
        if (!cnt) continue;
        const m = sum / cnt;
        change = Math.max(change, Math.abs(m));
        for (let b = 0; b < inner; b++) { const c = byUnit ? a * T + b : b * T + a; if (mask[c]) r[c] -= m; }
      }
      return change;
    };
    if (!hasUnitEffect(force) && !hasTimeEffect(force)) {
      let sum = 0, cnt = 0;
      for (let c = 0; c < n * T; c++) if (mask[c]) { sum += r[c]; cnt++; }
      for (let c = 0; c < n * T; c++) if (mask[c]) r[c] -= sum / cnt;
      return r;
    }
    for (let it = 0; it < 10000; it++) {
      let change = 0;
      if (hasUnitEffect(force)) change = Math.max(change, sweep(true));
      if (hasTimeEffect(force)) change = Math.max(change, sweep(false));
      if (change < 1e-13 || !(hasUnitEffect(force) && hasTimeEffect(force))) break;
    }
    return r;
  };
  const beta = new Float64Array(p);
  if (p > 0) {
    const yr = project(s.y), xr = x.map(project);
    const XtX = new Float64Array(p * p), Xty = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      for (let c = 0; c < n * T; c++) if (mask[c]) Xty[a] += xr[a][c] * yr[c];
      for (let b = 0; b < p; b++) for (let c = 0; c < n * T; c++) if (mask[c]) XtX[a * p + b] += xr[a][c] * xr[b][c];
    }
    const L = choleskyFactor(XtX, p);
    if (L) beta.set(choleskySolve(L, Xty, p));
  }
  // Additive part of w = y − Xβ: fitted = w − residual on masked cells; extend to all cells via α_i, ξ_t.
  const w = new Float64Array(n * T);
  for (let c = 0; c < n * T; c++) { let v = s.y[c]; for (let k = 0; k < p; k++) v -= beta[k] * x[k][c]; w[c] = v; }
  const alpha = new Float64Array(n), xi = new Float64Array(T);
  let mu = 0, cnt = 0;
  for (let c = 0; c < n * T; c++) if (mask[c]) { mu += w[c]; cnt++; }
  mu /= cnt;
  for (let it = 0; it < 10000; it++) {
    let change = 0;
    if (hasUnitEffect(force)) for (let i = 0; i < n; i++) {
      let sum = 0, m = 0;
      for (let t = 0; t < T; t++) if (mask[i * T + t]) { sum += w[i * T + t] - mu - xi[t]; m++; }
      const a = m ? sum / m : 0;
      change = Math.max(change, Math.abs(a - alpha[i]));
      alpha[i] = a;
    }
    if (hasTimeEffect(force)) for (let t = 0; t < T; t++) {
      let sum = 0, m = 0;
      for (let i = 0; i < n; i++) if (mask[i * T + t]) { sum += w[i * T + t] - mu - alpha[i]; m++; }
      const a = m ? sum / m : 0;
      change = Math.max(change, Math.abs(a - xi[t]));
      xi[t] = a;
    }
    if (change < 1e-12 || !(hasUnitEffect(force) && hasTimeEffect(force))) break;
  }
  const base = new Float64Array(n * T);
  // y − w = Xβ on every cell (masked-out cells hold y = 0), so base = Xβ + μ + α_i + ξ_t everywhere.
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) base[i * T + t] = s.y[i * T + t] - w[i * T + t] + mu + alpha[i] + xi[t];
  return { beta, base };
}

/**
 * S_λ(E): singular value soft-thresholding of E/(TN), scaled back by TN. With E/(TN) = UΣV',
 * S_λ(E) = U diag((σ − λ)₊/σ) U' E, so only the eigenvectors of the small Gram matrix are needed.
 * Also returns the largest singular value of E/(TN).
 */
export function softThreshold(E: Float64Array, n: number, T: number, lambda: number, out: Float64Array): number {
  const scale = 1 / (n * T);
  const small = Math.min(n, T);
  const G = new Float64Array(small * small);
  if (T <= n) {
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) {
      const a = E[i * T + t];
      if (a === 0) continue;
      for (let s2 = t; s2 < T; s2++) G[t * T + s2] += a * E[i * T + s2];
    }
  } else {
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) { let s2 = 0; for (let t = 0; t < T; t++) s2 += E[i * T + t] * E[j * T + t]; G[i * n + j] = s2; }
  }
  for (let a = 0; a < small; a++) for (let b = a; b < small; b++) { G[a * small + b] *= scale * scale; G[b * small + a] = G[a * small + b]; }
  const { values, vectors } = symmetricEigen(G, small);
  const sigmaMax = Math.sqrt(Math.max(values[0], 0));
  out.fill(0);
  for (let k = 0; k < small; k++) {
    const sigma = Math.sqrt(Math.max(values[k], 0));
    if (!(sigma > lambda) || sigma === 0) break;
    const shrink = (sigma - lambda) / sigma;
    const v = vectors.subarray(k * small, (k + 1) * small);
    if (T <= n) {
      // out += shrink · E u u' (rows are units, u over periods)
      for (let i = 0; i < n; i++) {
        let proj = 0;
        for (let t = 0; t < T; t++) proj += E[i * T + t] * v[t];
        proj *= shrink;
        for (let t = 0; t < T; t++) out[i * T + t] += proj * v[t];
      }
    } else {
      // out += shrink · u u' E (u over units)
      for (let t = 0; t < T; t++) {
        let proj = 0;
        for (let i = 0; i < n; i++) proj += E[i * T + t] * v[i];
        proj *= shrink;
        for (let i = 0; i < n; i++) out[i * T + t] += proj * v[i];
      }
    }
  }
  return sigmaMax;
}

/** Soft-impute for one λ on the cells in `mask`, from the initial fit (and optionally a warm start L). */
function completeFor(s: Stacked, mask: Uint8Array, init: { beta: Float64Array; base: Float64Array }, lambda: number, force: Force, tol: number, maxPass = 501, warm?: Float64Array) {
  const { n, T, x, y } = s;
  const N = n * T, p = x.length;
  const E = new Float64Array(N), L = new Float64Array(N);
  let beta: Float64Array = Float64Array.from(init.beta);
  if (warm) L.set(warm);
  else {
    for (let c = 0; c < N; c++) E[c] = mask[c] ? y[c] - init.base[c] : 0;
    softThreshold(E, n, T, lambda, L);
  }
  const fit = new Float64Array(N), A = new Float64Array(N), Xb = new Float64Array(N);
  const xb = (b: Float64Array) => { for (let c = 0; c < N; c++) { let v = 0; for (let k = 0; k < p; k++) v += b[k] * x[k][c]; Xb[c] = v; } };
  xb(beta);
  for (let c = 0; c < N; c++) { fit[c] = init.base[c] + L[c]; A[c] = fit[c] - Xb[c]; }
  const XtX = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) { let v = 0; for (let c = 0; c < N; c++) v += x[a][c] * x[b][c]; XtX[a * p + b] = v; }
  const chol = p > 0 ? choleskyFactor(XtX, p) : undefined;
  const Xty = new Float64Array(p), V = new Float64Array(N);
  const unitMean = new Float64Array(n), timeMean = new Float64Array(T);
  let passes = 0, converged = false;
  while (passes < maxPass) {
    passes++;
    if (chol) {
      for (let k = 0; k < p; k++) { let v = 0; for (let c = 0; c < N; c++) v += x[k][c] * ((mask[c] ? y[c] : fit[c]) - A[c]); Xty[k] = v; }
      beta = choleskySolve(chol, Xty, p);
      xb(beta);
    }
    let grand = 0;
    unitMean.fill(0); timeMean.fill(0);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) {
      const c = i * T + t;
      const v = mask[c] ? y[c] - Xb[c] : A[c];
      V[c] = v; grand += v; unitMean[i] += v; timeMean[t] += v;
    }
    grand /= N;
    for (let i = 0; i < n; i++) unitMean[i] = hasUnitEffect(force) ? unitMean[i] / T - grand : 0;
    for (let t = 0; t < T; t++) timeMean[t] = hasTimeEffect(force) ? timeMean[t] / n - grand : 0;
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) E[i * T + t] = V[i * T + t] - grand - unitMean[i] - timeMean[t];
    softThreshold(E, n, T, lambda, L);
    let change = 0, size = 0;
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) {
      const c = i * T + t;
      A[c] = grand + unitMean[i] + timeMean[t] + L[c];
      const f = Xb[c] + A[c];
      change += (f - fit[c]) ** 2;
      size += fit[c] * fit[c];
      fit[c] = f;
    }
    if (Math.sqrt(change) <= tol * Math.sqrt(size)) { converged = true; break; }
  }
  return { fit, beta, L, passes, converged };
}

/** Matrix completion at a fixed λ: the treated units' effects. */
export function fitMc(controls: Block, treated: Block, t0: Int32Array, lambda: number, force: Force, opts: { tol?: number } = {}): McFit {
  const s = stack(controls, treated, t0);
  const init = initialFit(s, s.mask, force);
  const m = completeFor(s, s.mask, init, lambda, force, opts.tol ?? 1e-3);
  return toMcFit(s, treated, lambda, m);
}

function toMcFit(s: Stacked, treated: Block, lambda: number, m: ReturnType<typeof completeFor>): McFit {
  const T = s.T, off = s.nControls * T;
  const eff = new Float64Array(treated.n * T), counterfactual = new Float64Array(treated.n * T);
  for (let c = 0; c < treated.n * T; c++) {
    const y = treated.y[c];
    const missing = Number.isNaN(y) || (treated.obs !== undefined && !treated.obs[c]);
    counterfactual[c] = m.fit[off + c];
    eff[c] = missing ? NaN : y - m.fit[off + c];
  }
  return { lambda, eff, counterfactual, beta: m.beta, fitted: m.fit, iterations: m.passes, converged: m.converged };
}

/**
 * Deterministic hold-out sets for the λ cross-validation. Like the reference, each of the k
 * folds holds out m = n_obs − ⌈n_obs²/n_all⌉ observed cells (the share of cells that are
 * missing for the treated), but instead of random draws the folds are consecutive slices of
 * the Weyl sequence frac(c·φ) over the observed cells c (unit-major): evenly spread over units
 * and periods, disjoint, and fixed by the data alone. A cell is kept in if removing it would
 * leave its unit or period with no observed cell.
 */
export function mcFolds(mask: Uint8Array, n: number, T: number, k: number, nAll: number): Uint8Array[] {
  const cells: number[] = [];
  for (let c = 0; c < n * T; c++) if (mask[c]) cells.push(c);
  const nObs = cells.length;
  const m = Math.min(nObs - Math.ceil((nObs * nObs) / nAll), Math.floor(nObs / k)) || Math.max(1, Math.floor(nObs / (10 * k)));
  const phi = (Math.sqrt(5) - 1) / 2;
  const width = m / nObs;
  return Array.from({ length: k }, (_, f) => {
    const keep = Uint8Array.from(mask);
    const unitLeft = new Int32Array(n), timeLeft = new Int32Array(T);
    for (const c of cells) { unitLeft[Math.floor(c / T)]++; timeLeft[c % T]++; }
    cells.forEach((c, j) => {
      const u = ((j + 1) * phi) % 1;
      if (u < f * width || u >= (f + 1) * width) return;
      const i = Math.floor(c / T), t = c % T;
      if (unitLeft[i] <= 1 || timeLeft[t] <= 1) return;
      keep[c] = 0; unitLeft[i]--; timeLeft[t]--;
    });
    return keep;
  });
}

export interface McCvResult {
  lambda: number;
  /** λ / σ_max, the reference's lambda.norm. */
  lambdaNorm: number;
  curve: { lambda: number; lambdaNorm: number; mspe: number }[];
  fit: McFit;
}

/** Chooses λ over the reference's 10-value grid by deterministic k-fold CV (selection rule of §1.4). */
export function crossValidateMc(controls: Block, treated: Block, t0: Int32Array, force: Force, opts: { tol?: number; nlambda?: number; k?: number; cvTol?: number; lambda?: number } = {}): McCvResult {
  const tol = opts.tol ?? 1e-3, nl = opts.nlambda ?? 10, k = opts.k ?? 5, cvTol = opts.cvTol ?? 1e-3;
  const s = stack(controls, treated, t0);
  const init = initialFit(s, s.mask, force);
  const N = s.n * s.T;
  const E = new Float64Array(N);
  for (let c = 0; c < N; c++) E[c] = s.mask[c] ? s.y[c] - init.base[c] : 0;
  const sigmaMax = softThreshold(E, s.n, s.T, Infinity, new Float64Array(N));
  if (opts.lambda !== undefined) {
    const m = completeFor(s, s.mask, init, opts.lambda, force, tol);
    return { lambda: opts.lambda, lambdaNorm: opts.lambda / sigmaMax, curve: [], fit: toMcFit(s, treated, opts.lambda, m) };
  }
  const grid = Array.from({ length: nl }, (_, j) => (j === nl - 1 ? 0 : sigmaMax * 10 ** ((-3 * j) / (nl - 2))));
  let nAll = 0;
  for (let i = 0; i < s.n; i++) for (let t = 0; t < s.T; t++) {
    const tr = i - s.nControls;
    const y = tr < 0 ? controls.y[i * s.T + t] : treated.y[tr * s.T + t];
    if (!Number.isNaN(y)) nAll++;
  }
  const folds = mcFolds(s.mask, s.n, s.T, k, nAll);
  const foldInit = folds.map((keep) => initialFit(s, keep, force));
  const warm: (Float64Array | undefined)[] = folds.map(() => undefined);
  const curve: McCvResult["curve"] = [];
  let best = 1e20, chosen = 0;
  grid.forEach((lambda, j) => {
    let sse = 0, count = 0;
    folds.forEach((keep, f) => {
      // Warm start from the previous (larger) λ: the usual soft-impute path.
      const m = completeFor(s, keep, foldInit[f], lambda, force, tol, 501, warm[f]);
      warm[f] = m.L;
      for (let c = 0; c < N; c++) if (s.mask[c] && !keep[c]) { sse += (s.y[c] - m.fit[c]) ** 2; count++; }
    });
    const mspe = sse / count;
    curve.push({ lambda, lambdaNorm: lambda / sigmaMax, mspe });
    if (j === 0 || best - mspe > cvTol * best) chosen = j;
    best = Math.min(best, mspe);
  });
  const lambda = grid[chosen];
  const m = completeFor(s, s.mask, init, lambda, force, tol);
  return { lambda, lambdaNorm: lambda / sigmaMax, curve, fit: toMcFit(s, treated, lambda, m) };
}
