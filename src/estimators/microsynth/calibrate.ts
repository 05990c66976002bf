/**
 * Calibration weights (Deville & Särndal 1992): control weights w_i = d_i·F(x_i′η) chosen so
 * that the weighted control totals Σ w_i x_i equal the treated totals t.
 *
 * F is the calibration function, optionally clipped to [lower, upper] (bounds on w/d):
 *  - "linear" (GREG / chi-square distance): F(u) = 1 + u. With bounds [0, ∞) this is the
 *    truncated linear calibration microsynth uses by default.
 *  - "raking" (exponential / entropy distance): F(u) = exp(u); weights stay positive.
 *
 * We solve it as the minimisation of the convex dual f(η) = Σ d_i Ψ(x_i′η) − η′t (Ψ′ = F),
 * whose gradient is the misfit Σ w_i x_i − t and whose (generalised) Hessian is
 * Σ d_i F′(x_i′η) x_i x_i′: Newton steps with an Armijo line search on f, which converges
 * whenever the constraints are feasible. For the same distance the weights are unique (the
 * primal is strictly convex), so we agree with any exact solver; microsynth stops at a looser
 * tolerance (1e-4 relative misfit) than ours (1e-6).
 *
 * Relaxation, only when exact calibration fails (the dual diverges: no weights within the
 * bounds meet every constraint): we minimise instead distance + Σ_j m_j²/(2ρ) with m_j the
 * misfit of constraint j in scaled units — constraints marked hard (the intercept) stay exact —
 * i.e. the dual plus ρ|η|²/2 over the soft constraints, decreasing ρ from 1e-2 to 1e-8
 * (warm-started) and keeping the smallest ρ that converges. Constraints whose relative
 * misfit |m_j|/(1+|t_j|) then exceeds the tolerance are reported as relaxed, with the misfit.
 */
import { EVD, Matrix } from "ml-matrix";
import { OptionError } from "../../errors";

export type CalibrationDistance = "linear" | "raking";

export interface CalibrationOptions {
  distance?: CalibrationDistance;
  /** Bounds on w/d. Default [0, ∞): non-negative weights (the reference's truncated linear). */
  bounds?: [number, number];
  /** Convergence: max_j |misfit_j| / (1 + |target_j|) below this (default 1e-6). */
  tol?: number;
  /** Newton iterations per attempt (default 100). */
  maxIter?: number;
  /** Allow the penalised relaxation when exact calibration fails (default true). */
  relax?: boolean;
}

export interface CalibrationProblem {
  /** Constraint values of all units, row-major n×p, columns already scaled (see `scale`). */
  X: Float64Array;
  p: number;
  /** Rows of X in the control pool. */
  rows: Int32Array;
  /** Targets in the same scaled units as X. */
  targets: Float64Array;
  /** Base weight d (the same for every pool unit). */
  base: number;
  /** Column scale factors: original value = scaled value × scale (for the relative misfit). */
  scale: Float64Array;
  /** Σ over the pool of x x′ (p×p, scaled), if the caller has it: speeds up the Hessian. */
  gram?: Float64Array;
  /** Starting η (warm start); zeros by default. */
  start?: Float64Array;
  /** Constraints never relaxed (e.g. the intercept, so the weights keep their total). */
  hard?: number[];
}

export interface CalibrationResult {
  /** Weights of the pool rows, in `rows` order. */
  weights: Float64Array;
  eta: Float64Array;
  converged: boolean;
  iterations: number;
  /** Achieved Σ w x − target per constraint, in original units. */
  misfit: Float64Array;
  /** |misfit| / (1 + |target|) per constraint (original units). */
  relativeMisfit: Float64Array;
  /** Penalty ρ of the relaxation, or 0 when exact calibration converged. */
  relaxation: number;
}

interface Fn {
  /** Ψ(u), an antiderivative of the clipped F (up to a constant). */
  psi(u: number): number;
  F(u: number): number;
  /** F′(u); 0 where clipped. */
  dF(u: number): number;
  /** Whether F′ is constant 1 inside the bounds, so the Hessian is a sub-Gram matrix. */
  linear: boolean;
}

function calibrationFunction(distance: CalibrationDistance, lower: number, upper: number): Fn {
  if (distance === "linear") {
    const a = lower - 1, b = upper - 1; // breakpoints in u
    const mid = (u: number) => ((1 + u) * (1 + u)) / 2;
    return {
      linear: true,
      F: (u) => (u <= a ? lower : u >= b ? upper : 1 + u),
      dF: (u) => (u <= a || u >= b ? 0 : 1),
      psi: (u) => (u <= a ? lower * (u - a) + mid(a) : u >= b ? mid(b) + upper * (u - b) : mid(u)),
    };
  }
  const a = lower > 0 ? Math.log(lower) : -Infinity, b = upper < Infinity ? Math.log(upper) : Infinity;
  return {
    linear: false,
    F: (u) => (u <= a ? lower : u >= b ? upper : Math.exp(u)),
    dF: (u) => (u <= a || u >= b ? 0 : Math.exp(u)),
    psi: (u) => (u <= a ? lower * (u - a) + lower : u >= b ? upper + upper * (u - b) : Math.exp(u)),
  };
}

/** Σ over `rows` of x x′ (upper triangle filled, then mirrored) into `out` (p×p). */
export function gramOf(X: Float64Array, p: number, rows: ArrayLike<number>, out = new Float64Array(p * p), sign = 1, weights?: ArrayLike<number>): Float64Array {
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * p;
    const s = weights ? sign * weights[r] : sign;
    for (let j = 0; j < p; j++) {
      const xj = s * X[o + j];
      if (xj === 0) continue;
      const row = j * p;
      for (let k = j; k < p; k++) out[row + k] += xj * X[o + k];
    }
  }
  symmetrise(out, p);
  return out;
}

/** out[r] = x_rows[r] · e. Kept small and monomorphic: the hot loop of every refit. */
function projectRows(X: Float64Array, p: number, rows: Int32Array, e: Float64Array, out: Float64Array): void {
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * p;
    let s = 0;
    for (let j = 0; j < p; j++) s += X[o + j] * e[j];
    out[r] = s;
  }
}

/** out = Σ_r w[r] x_rows[r]. */
function weightedColumnSums(X: Float64Array, p: number, rows: Int32Array, w: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let r = 0; r < rows.length; r++) {
    const wr = w[r];
    if (wr === 0) continue;
    const o = rows[r] * p;
    for (let j = 0; j < p; j++) out[j] += wr * X[o + j];
  }
}

function symmetrise(A: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) A[k * p + j] = A[j * p + k];
}

/**
 * Solves (H + μI)x = g for symmetric PSD H by Cholesky with a small ridge μ (so directions
 * in H's null space — e.g. when few units are inside the bounds — stay finite; the line search
 * then decides the step). Falls back to an eigen pseudo-inverse if Cholesky still fails.
 */
function solveSpd(H: Float64Array, g: Float64Array, p: number): Float64Array {
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, H[j * p + j]);
  const mu = 1e-10 * (maxDiag || 1);
  const L = new Float64Array(p * p);
  let ok = true;
  for (let j = 0; j < p && ok; j++) {
    for (let k = 0; k <= j; k++) {
      let s = H[j * p + k] + (j === k ? mu : 0);
      for (let m = 0; m < k; m++) s -= L[j * p + m] * L[k * p + m];
      if (j === k) {
        if (!(s > 1e-14 * (maxDiag || 1))) { ok = false; break; }
        L[j * p + j] = Math.sqrt(s);
      } else L[j * p + k] = s / L[k * p + k];
    }
  }
  const x = new Float64Array(p);
  if (ok) {
    for (let j = 0; j < p; j++) { let s = g[j]; for (let m = 0; m < j; m++) s -= L[j * p + m] * x[m]; x[j] = s / L[j * p + j]; }
    for (let j = p - 1; j >= 0; j--) { let s = x[j]; for (let m = j + 1; m < p; m++) s -= L[m * p + j] * x[m]; x[j] = s / L[j * p + j]; }
    return x;
  }
  const rowsH: number[][] = [];
  for (let j = 0; j < p; j++) rowsH.push(Array.from(H.subarray(j * p, (j + 1) * p)));
  const evd = new EVD(new Matrix(rowsH), { assumeSymmetric: true });
  const vals = evd.realEigenvalues, V = evd.eigenvectorMatrix;
  const cut = 1e-12 * Math.max(...vals.map(Math.abs));
  for (let e = 0; e < p; e++) {
    if (!(vals[e] > cut)) continue;
    let c = 0;
    for (let j = 0; j < p; j++) c += V.get(j, e) * g[j];
    c /= vals[e];
    for (let j = 0; j < p; j++) x[j] += c * V.get(j, e);
  }
  return x;
}

/** Calibrates, relaxing (see the module comment) only if exact calibration fails. */
export function calibrate(prob: CalibrationProblem, opts: CalibrationOptions = {}): CalibrationResult {
  const exact = newton(prob, opts, 0, prob.start);
  if (exact.converged || opts.relax === false) return exact;
  let best: CalibrationResult | undefined;
  let start = prob.start;
  for (let rho = 1e-2; rho >= 1e-8; rho /= 10) {
    const r = newton(prob, opts, rho, start);
    if (!r.converged) break;
    best = r;
    start = r.eta;
  }
  return best ?? exact;
}

function newton(prob: CalibrationProblem, opts: CalibrationOptions, rho: number, start?: Float64Array): CalibrationResult {
  const { X, p, rows, targets, base: d, scale } = prob;
  const [lower, upper] = opts.bounds ?? [0, Infinity];
  if (!(lower < 1 && upper > 1)) throw new OptionError(`calibration bounds [${lower}, ${upper}] must contain 1 (the base weight)`);
  const fn = calibrationFunction(opts.distance ?? "linear", lower, upper);
  const tol = opts.tol ?? 1e-6, maxIter = opts.maxIter ?? 100;
  const n = rows.length;
  const eta = start ? Float64Array.from(start) : new Float64Array(p);
  const u = new Float64Array(n), uNew = new Float64Array(n);
  const grad = new Float64Array(p), H = new Float64Array(p * p), w = new Float64Array(n);
  const tolScale = new Float64Array(p);
  // Penalty per constraint: ρ, except for constraints that must hold exactly.
  const pen = new Float64Array(p).fill(rho);
  for (const j of prob.hard ?? []) pen[j] = 0;
  for (let j = 0; j < p; j++) tolScale[j] = scale[j] / (1 + Math.abs(targets[j] * scale[j]));

  const project = (e: Float64Array, out: Float64Array) => projectRows(X, p, rows, e, out);
  const objective = (e: Float64Array, uu: Float64Array) => {
    let f = 0;
    for (let r = 0; r < n; r++) f += fn.psi(uu[r]);
    f *= d;
    for (let j = 0; j < p; j++) f += e[j] * (pen[j] * e[j] / 2 - targets[j]);
    return f;
  };
  project(eta, u);
  let f = objective(eta, u);
  let iterations = 0, converged = false;
  // Linear F: Gram of the units strictly inside the bounds, and which units those are.
  const G = new Float64Array(p * p), inside = new Uint8Array(n);
  let fresh = true;
  const updateInsideGram = () => {
    const gained: number[] = [], lost: number[] = [];
    let nInside = 0;
    for (let r = 0; r < n; r++) {
      const now = fn.dF(u[r]) > 0 ? 1 : 0;
      nInside += now;
      if (now !== inside[r]) (now ? gained : lost).push(rows[r]);
      inside[r] = now;
    }
    if (!fresh && gained.length + lost.length < Math.min(nInside, n - nInside)) {
      gramOf(X, p, gained, G, 1);
      gramOf(X, p, lost, G, -1);
      return;
    }
    fresh = false;
    const useOutside = prob.gram !== undefined && n - nInside < nInside;
    const sel: number[] = [];
    for (let r = 0; r < n; r++) if ((inside[r] === 1) !== useOutside) sel.push(rows[r]);
    if (useOutside) { G.set(prob.gram!); gramOf(X, p, sel, G, -1); } else { G.fill(0); gramOf(X, p, sel, G); }
  };
  for (; iterations <= maxIter; iterations++) {
    // Gradient = weighted totals − targets (+ ρη).
    for (let r = 0; r < n; r++) w[r] = d * fn.F(u[r]);
    weightedColumnSums(X, p, rows, w, grad);
    let worst = 0;
    for (let j = 0; j < p; j++) {
      grad[j] += pen[j] * eta[j] - targets[j];
      worst = Math.max(worst, Math.abs(grad[j]) * tolScale[j]);
    }
    if (!Number.isFinite(worst)) break;
    if (worst < tol) { converged = true; break; }
    if (iterations === maxIter) break;
    // Hessian: Σ d F′(u) x x′ (+ ρI). For linear F it is d × the Gram of the units inside the
    // bounds, kept up to date by adding and removing the few units that cross a bound.
    if (fn.linear) {
      updateInsideGram();
      for (let k = 0; k < p * p; k++) H[k] = d * G[k];
    } else {
      H.fill(0);
      const dw = new Float64Array(n);
      for (let r = 0; r < n; r++) dw[r] = d * fn.dF(u[r]);
      gramOf(X, p, rows, H, 1, dw);
    }
    for (let j = 0; j < p; j++) H[j * p + j] += pen[j];
    const step = solveSpd(H, grad, p); // Newton direction is −step
    let slope = 0;
    for (let j = 0; j < p; j++) slope -= grad[j] * step[j];
    const trial = new Float64Array(p);
    let alpha = 1, accepted = false;
    for (let ls = 0; ls < 40; ls++, alpha /= 2) {
      for (let j = 0; j < p; j++) trial[j] = eta[j] - alpha * step[j];
      project(trial, uNew);
      const fNew = objective(trial, uNew);
      // (slack for rounding in a sum over many units, which can hide the last tiny decreases)
      if (fNew <= f + 1e-4 * alpha * slope + 1e-13 * Math.abs(f)) { eta.set(trial); u.set(uNew); f = fNew; accepted = true; break; }
    }
    if (!accepted) break;
    // The dual runs off to infinity when no weights within the bounds meet the constraints.
    let big = 0;
    for (let j = 0; j < p; j++) big = Math.max(big, Math.abs(eta[j]));
    if (rho === 0 && big > 1e12) break;
  }
  const weights = new Float64Array(n);
  for (let r = 0; r < n; r++) weights[r] = d * fn.F(u[r]);
  const misfit = new Float64Array(p), rel = new Float64Array(p);
  weightedColumnSums(X, p, rows, weights, misfit);
  for (let j = 0; j < p; j++) {
    misfit[j] = (misfit[j] - targets[j]) * scale[j];
    rel[j] = Math.abs(misfit[j]) / (1 + Math.abs(targets[j] * scale[j]));
  }
  return { weights, eta, converged, iterations, misfit, relativeMisfit: rel, relaxation: rho };
}
