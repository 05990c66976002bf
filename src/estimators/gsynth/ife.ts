/**
 * Interactive fixed effects on the control units (reference-algorithms.md §1.2):
 * y_it = μ + α_i + ξ_t + x_it'β + λ_i'f_t + ε_it, fitted by alternating β (pooled OLS given
 * the factors) and the factors (top-r eigenvectors of the residual cross-product), after
 * removing the additive effects once by demeaning. Missing cells are handled by EM: fill
 * them with the current fit, refit, repeat until the fit stops changing.
 */
import { InputError } from "../../errors";
import { choleskyFactor, choleskySolve, topEigenvectors } from "../../linalg/dense";
import { hasTimeEffect, hasUnitEffect, type Block, type Force, type IfeFit } from "./types";

export interface IfeOptions {
  /** Start of the β iteration (the bootstrap starts refits at the full-sample β̂). */
  beta0?: Float64Array;
  /** Factors (T×r) to warm-start the first factor step (refits start from the full-sample F̂). */
  F0?: Float64Array;
  /** Absolute change in β that stops the alternation (reference: 1e-3). */
  tol?: number;
  /** Maximum β-updates (reference: 500). */
  maxIter?: number;
  /** Relative change of the fit that stops the EM loop for missing cells. */
  emTol?: number;
  maxEm?: number;
}

/** Fits the IFE model on a block of (control) units; EM when some cells are missing. */
export function fitIfe(block: Block, r: number, force: Force, opts: IfeOptions = {}): IfeFit {
  if (!block.obs) return fitComplete(block.y, block.x, block.n, block.T, r, force, opts);
  return fitWithMissing(block, r, force, opts);
}

/** Grand, unit and period means of a unit-major n×T array. */
function means(v: Float64Array, n: number, T: number): { grand: number; unit: Float64Array; time: Float64Array } {
  const unit = new Float64Array(n), time = new Float64Array(T);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * T;
    for (let t = 0; t < T; t++) { const a = v[row + t]; s += a; time[t] += a; }
    unit[i] = s / T;
    grand += s;
  }
  for (let t = 0; t < T; t++) time[t] /= n;
  return { grand: grand / (n * T), unit, time };
}

/** Removes the grand mean and the additive effects of `force` (a balanced projection). */
function demean(v: Float64Array, n: number, T: number, force: Force, m = means(v, n, T)): Float64Array {
  const out = new Float64Array(n * T);
  const u = hasUnitEffect(force), tt = hasTimeEffect(force);
  for (let i = 0; i < n; i++) {
    const ai = u ? m.unit[i] - m.grand : 0;
    for (let t = 0; t < T; t++) out[i * T + t] = v[i * T + t] - m.grand - ai - (tt ? m.time[t] - m.grand : 0);
  }
  return out;
}

/** The small cross-product of E: EE' over units (T×T) when T < n, else E'E over periods (n×n). */
function gram(E: Float64Array, n: number, T: number): Float64Array {
  if (T < n) {
    // Period-major copy so each entry is a dot product of two contiguous rows (2× faster than axpy updates).
    const Et = new Float64Array(n * T);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) Et[t * n + i] = E[i * T + t];
    return dotGram(Et, T, n);
  }
  return dotGram(E, n, T);
}

/** C[a,b] = Σ_k A[a,k]·A[b,k] for the rows of A (rows × len), four accumulators per dot product. */
function dotGram(A: Float64Array, rows: number, len: number): Float64Array {
  const C = new Float64Array(rows * rows);
  for (let a = 0; a < rows; a++) {
    const ra = a * len;
    for (let b = a; b < rows; b++) {
      const rb = b * len;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
      for (; k + 3 < len; k += 4) {
        s0 += A[ra + k] * A[rb + k];
        s1 += A[ra + k + 1] * A[rb + k + 1];
        s2 += A[ra + k + 2] * A[rb + k + 2];
        s3 += A[ra + k + 3] * A[rb + k + 3];
      }
      for (; k < len; k++) s0 += A[ra + k] * A[rb + k];
      C[a * rows + b] = C[b * rows + a] = s0 + s1 + s2 + s3;
    }
  }
  return C;
}

/** F and Λ from the top-r eigenvectors V (r rows) of the small cross-product of E. */
function factorsFromVectors(E: Float64Array, V: Float64Array, n: number, T: number, r: number, F: Float64Array, L: Float64Array): void {
  if (T < n) {
    const sq = Math.sqrt(T);
    for (let t = 0; t < T; t++) for (let k = 0; k < r; k++) F[t * r + k] = sq * V[k * T + t];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < r; k++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += E[i * T + t] * F[t * r + k];
        L[i * r + k] = s / T;
      }
    }
  } else {
    const sq = Math.sqrt(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < r; k++) L[i * r + k] = sq * V[k * n + i];
    F.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < r; k++) {
        const l = L[i * r + k] / n;
        for (let t = 0; t < T; t++) F[t * r + k] += E[i * T + t] * l;
      }
    }
  }
}

/**
 * The factor step 𝓕(E, r) on E (n units × T periods): eigenvectors of the smaller of the
 * T×T and n×n cross-products EE'/(nT), normalised so F'F/T = I (T < n) or Λ'Λ/n = I, with
 * FΛ' the best rank-r approximation of E. `start` (r×m) warm-starts a subspace iteration.
 */
export function factorStep(E: Float64Array, n: number, T: number, r: number, F: Float64Array, L: Float64Array, start?: Float64Array): Float64Array {
  const m = T < n ? T : n;
  const S = gram(E, n, T);
  const scale = 1 / (n * T);
  for (let k = 0; k < m * m; k++) S[k] *= scale;
  const V = topEigenvectors(S, m, r, start);
  factorsFromVectors(E, V, n, T, r, F, L);
  return V;
}

/** An m×r row-major matrix as r rows of length m. */
function transposed(A: Float64Array, m: number, r: number): Float64Array {
  const out = new Float64Array(r * m);
  for (let a = 0; a < m; a++) for (let k = 0; k < r; k++) out[k * m + a] = A[a * r + k];
  return out;
}

/** FΛ' at cell (i, t). */
function common(F: Float64Array, L: Float64Array, r: number, i: number, t: number): number {
  let s = 0;
  for (let k = 0; k < r; k++) s += F[t * r + k] * L[i * r + k];
  return s;
}

/** Fit on a complete block (the reference's balanced path, §1.2). */
function fitComplete(y: Float64Array, x: Float64Array[], n: number, T: number, r: number, force: Force, opts: IfeOptions): IfeFit {
  const tol = opts.tol ?? 1e-3, maxIter = opts.maxIter ?? 500;
  const cells = n * T;
  const ym = means(y, n, T);
  const yd = demean(y, n, T, force, ym);
  const xm = x.map((v) => means(v, n, T));
  const xd = x.map((v, k) => demean(v, n, T, force, xm[k]));
  // Covariates with no variation left after demeaning cannot be estimated (β reported NaN).
  const active: number[] = [];
  xd.forEach((v, k) => { let s = 0; for (let c = 0; c < cells; c++) s += Math.abs(v[c]); if (s >= 1e-5) active.push(k); });
  const p = active.length;
  const XtX = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) {
    let s = 0;
    const va = xd[active[a]], vb = xd[active[b]];
    for (let c = 0; c < cells; c++) s += va[c] * vb[c];
    XtX[a * p + b] = XtX[b * p + a] = s;
  }
  const chol = p > 0 ? choleskyFactor(XtX, p) : undefined;
  if (p > 0 && !chol) throw new InputError(`covariates ${active.map((k) => `#${k + 1}`).join(", ")} are collinear among the control units after removing fixed effects`);
  const ols = (target: Float64Array): Float64Array => {
    const Xty = new Float64Array(p);
    for (let a = 0; a < p; a++) { let s = 0; const va = xd[active[a]]; for (let c = 0; c < cells; c++) s += va[c] * target[c]; Xty[a] = s; }
    return choleskySolve(chol!, Xty, p);
  };
  const betaOf = (b: Float64Array): Float64Array => {
    const beta = new Float64Array(x.length).fill(NaN);
    active.forEach((k, a) => (beta[k] = b[a]));
    return beta;
  };

  let b: Float64Array = p > 0 ? ols(yd) : new Float64Array(0);
  if (p > 0 && r > 0 && opts.beta0) b = Float64Array.from(active.map((k) => opts.beta0![k]));
  const F = new Float64Array(T * r), L = new Float64Array(n * r);
  const E = new Float64Array(cells);
  const residualOfBeta = () => {
    E.set(yd);
    for (let a = 0; a < p; a++) { const va = xd[active[a]], ba = b[a]; for (let c = 0; c < cells; c++) E[c] -= ba * va[c]; }
  };
  let iterations = 0, converged = true;
  if (r > 0) {
    const tSpace = T < n;
    // Refits start the eigen-solver from the full-sample factors (same units' periods).
    const start = opts.F0 !== undefined && opts.F0.length === T * r && tSpace ? transposed(opts.F0, T, r) : undefined;
    if (p === 0) {
      residualOfBeta();
      factorStep(E, n, T, r, F, L, start);
    } else {
      residualOfBeta();
      let V = factorStep(E, n, T, r, F, L, start);
      converged = false;
      const W = new Float64Array(cells);
      while (iterations < maxIter) {
        for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) W[i * T + t] = yd[i * T + t] - common(F, L, r, i, t);
        const prev = b;
        b = ols(W);
        iterations++;
        let d2 = 0;
        for (let a = 0; a < p; a++) d2 += (b[a] - prev[a]) ** 2;
        residualOfBeta();
        // Each factor step starts the eigen-solver from the previous factors: they barely move.
        V = factorStep(E, n, T, r, F, L, V);
        if (Math.sqrt(d2) <= tol) { converged = true; break; }
      }
    }
  }

  const beta = betaOf(b);
  const dot = (m: (s: { grand: number; unit: Float64Array; time: Float64Array }) => number) => {
    let s = 0;
    active.forEach((k, a) => (s += m(xm[k]) * b[a]));
    return s;
  };
  const mu = ym.grand - dot((m) => m.grand);
  const alpha = new Float64Array(n), xi = new Float64Array(T);
  if (hasUnitEffect(force)) for (let i = 0; i < n; i++) alpha[i] = ym.unit[i] - ym.grand - (dot((m) => m.unit[i]) - dot((m) => m.grand));
  if (hasTimeEffect(force)) for (let t = 0; t < T; t++) xi[t] = ym.time[t] - ym.grand - (dot((m) => m.time[t]) - dot((m) => m.grand));
  const residuals = new Float64Array(cells), fitted = new Float64Array(cells);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const c = i * T + t;
      let u = yd[c] - common(F, L, r, i, t);
      for (let a = 0; a < p; a++) u -= b[a] * xd[active[a]][c];
      residuals[c] = u;
      fitted[c] = y[c] - u;
      sse += u * u;
    }
  }
  const stats = fitStatistics(sse, n, T, r, p, force);
  return { r, force, beta, mu, alpha, xi, F, loadings: L, fitted, residuals, iterations, converged, ...stats };
}

/** σ², IC and PC of §1.2.7 (with the additive-effect terms of the chosen `force`). */
function fitStatistics(sse: number, n: number, T: number, r: number, p: number, force: Force): { sigma2: number; ic: number; pc: number } {
  const nt = n * T;
  const u = hasUnitEffect(force), tt = hasTimeEffect(force);
  const np = r * (n + T) - r * r + p + 1 + (u ? n - 1 : 0) + (tt ? T - 1 : 0) - (u ? r : 0) - (tt ? r : 0);
  const sigma2 = sse / (nt - np);
  const ic = Math.log(sigma2) + (np * Math.log(nt)) / nt;
  const C = ((n + Math.max(60 - n, 0)) * (T + Math.max(60 - T, 0))) / nt;
  const pc = sse / nt + r * sigma2 * C * ((n + T) / nt) * Math.log(nt / (n + T));
  return { sigma2, ic, pc };
}

/** EM for blocks with missing cells: fill, fit, refill until the fitted values settle. */
function fitWithMissing(block: Block, r: number, force: Force, opts: IfeOptions): IfeFit {
  const { n, T, obs } = block;
  const emTol = opts.emTol ?? 1e-5, maxEm = opts.maxEm ?? 2000;
  const yFill = Float64Array.from(block.y);
  // Start from additive means of the observed cells.
  const unitSum = new Float64Array(n), unitCount = new Float64Array(n), timeSum = new Float64Array(T), timeCount = new Float64Array(T);
  let total = 0, count = 0;
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) {
    const c = i * T + t;
    if (!obs![c]) continue;
    const v = block.y[c];
    unitSum[i] += v; unitCount[i]++; timeSum[t] += v; timeCount[t]++; total += v; count++;
  }
  const g = total / count;
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) {
    const c = i * T + t;
    if (!obs![c]) yFill[c] = unitSum[i] / unitCount[i] + timeSum[t] / timeCount[t] - g;
  }
  // Each pass is one alternating step (β update, then factors) on the filled data, started
  // from the previous pass, so the EM criterion alone decides convergence.
  let fit: IfeFit | undefined;
  let passes = 0;
  for (; passes < maxEm; passes++) {
    const next = fitComplete(yFill, block.x, n, T, r, force, { ...opts, maxIter: 1, ...(fit ? { beta0: fit.beta, F0: fit.F } : {}) });
    let change = 0, size = 0;
    for (let c = 0; c < n * T; c++) {
      const prev = fit ? fit.fitted[c] : yFill[c];
      change += (next.fitted[c] - prev) ** 2;
      size += prev * prev;
      if (!obs![c]) yFill[c] = next.fitted[c];
    }
    fit = next;
    if (Math.sqrt(change) <= emTol * Math.sqrt(size)) break;
  }
  const f = fit!;
  let sse = 0, nObs = 0;
  for (let c = 0; c < n * T; c++) {
    if (obs![c]) { f.residuals[c] = block.y[c] - f.fitted[c]; sse += f.residuals[c] ** 2; nObs++; } else f.residuals[c] = 0;
  }
  const p = f.beta.filter((b) => !Number.isNaN(b)).length;
  const stats = fitStatistics(sse * ((n * T) / nObs), n, T, r, p, force);
  // Not converging is reported (diagnostics.converged = false and a warning), not thrown: a
  // flat direction of the likelihood leaves the imputed cells, not the fit, undetermined.
  return { ...f, ...stats, iterations: Math.min(passes + 1, maxEm), converged: passes < maxEm };
}
