/**
 * Weights of one synthetic control: W given V by an exact simplex least-squares solve, and
 * V by the nested minimisation of the fit-window outcome MSPE (or a fixed rule).
 *
 * Nested V (compare R Synth 1.1-8, reference-algorithms §2.4):
 *  - parameterisation v = |θ| / Σ|θ| (Synth's), so the search is unconstrained;
 *  - starting points, in order: the outcome-matching weights (when some predictors are
 *    fit-window outcomes; see outcomeMatchingV), θ = equal weights, the regression-based
 *    weights (below; skipped when that regression is singular, as Synth does), and the first
 *    `starts` (16) points of the Halton sequence in (0,1)^k — deterministic, evenly spread,
 *    no seed; a start already at the lower bound (below) ends the search at once;
 *  - screening: Nelder–Mead (R optim conventions, reltol 1.49e-8) from every start, up to
 *    `screenEvaluations` (300) evaluations, plus BFGS (central differences, step 1e-3)
 *    from the equal and regression starts, as Synth runs them;
 *  - polishing: the `polish` (3) best screened points are refined by Nelder–Mead restarted
 *    from its own best point (a fresh simplex escapes a collapsed one), up to
 *    `maxEvaluations` (1000) each, until a restart gains less than 1e-10 relatively;
 *  - the lowest loss wins (ties: the earlier run);
 *  - the search stops early if it reaches the lower bound no V can beat (the MSPE of the best
 *    W on the simplex for the outcome itself): the result is then provably a global minimum.
 * Why multi-start: the loss is flat and has several local minima; Synth's two starts stop at
 * 3.209 for Proposition 99 (3.1595 even with an exact inner solve), while the published
 * weights sit at the lower minimum 3.0767 that this search finds. Each inner solve is exact
 * (inside the search it is warm-started from the previous support, which changes only the
 * rounding), the final W is solved from a cold start, and the whole search is deterministic.
 *
 * Regression-based V: regress the fit-window outcomes of all units (treated and donors) on
 * [1, scaled predictors]; v_p ∝ Σ_t B_pt² over the predictor rows of the coefficients.
 */
import { SingularValueDecomposition, Matrix } from "ml-matrix";
import { InputError } from "../../errors";
import { minNormPointInHull, simplexLsWorkspace, solveInWorkspace } from "../../optimize/simplex-ls";
import { nelderMead, type MinimizeResult } from "../../optimize/nelder-mead";
import { bfgs } from "../../optimize/bfgs";
import { haltonPoint } from "../../optimize/halton";
import type { ScmProblem } from "./prep";

export type VMethod = "nested" | "regression" | "equal";

export interface FitOptions {
  /** How V is chosen, or explicit predictor weights (normalised to sum 1). Default "nested". */
  v?: VMethod | number[];
  /** Halton starting points besides the equal and regression starts (default 16). */
  starts?: number;
  /** Nelder–Mead evaluation limit of each screening run (default 300). */
  screenEvaluations?: number;
  /** How many of the best screened runs are polished (default 3). */
  polish?: number;
  /** Nelder–Mead evaluation limit of each polishing run (default 1000). */
  maxEvaluations?: number;
  /** Polishing restarts per run (default 5). */
  restarts?: number;
}

export const DEFAULTS = { starts: 16, screenEvaluations: 300, polish: 3, maxEvaluations: 1000, restarts: 5 };

export interface OptimiserRun {
  start: string;
  method: "Nelder-Mead" | "BFGS" | "start point";
  loss: number;
  evaluations: number;
  converged: boolean;
}

export interface WeightsFit {
  w: Float64Array;
  v: Float64Array;
  /** Fit-window outcome MSPE (Synth's loss.v). */
  lossV: number;
  /** (X1 − X0w)′V(X1 − X0w) on scaled predictors (Synth's loss.w). */
  lossW: number;
  vMethod: VMethod | "given";
  /** Runs of the outer optimiser (nested V only). */
  runs?: OptimiserRun[];
  /** Inner solves performed. */
  innerSolves: number;
  /** The final W solve passed its optimality test (false only if rounding stalled it). */
  innerConverged: boolean;
  /** Nested V: the fit-window MSPE of the best W on the simplex, ignoring predictors — no V can do better. */
  lowerBound?: number;
  /** Nested V: the search reached `lowerBound`, so its V is a global minimiser. */
  globalOptimum?: boolean;
}

/** The smallest fit-window MSPE of any W on the simplex (the outcome matched directly, exactly). */
export function mspeLowerBound(pr: ScmProblem): number {
  const { J, Z0, Z1, Tf } = pr;
  const P = new Float64Array(J * Tf);
  for (let j = 0; j < J; j++) for (let t = 0; t < Tf; t++) P[j * Tf + t] = Z0[j * Tf + t] - Z1[t];
  return minNormPointInHull(P, Tf, J).loss / Tf;
}

/** Solver of W for any V, with preallocated workspace (no allocation per call). */
export function weightSolver(pr: ScmProblem) {
  const { k, J, X1, X0, Z1, Z0, Tf } = pr;
  const P = new Float64Array(J * k);
  const sq = new Float64Array(k);
  const ws = simplexLsWorkspace(k, J);
  let solves = 0;
  const fillPoints = (v: ArrayLike<number>) => {
    solves++;
    for (let p = 0; p < k; p++) sq[p] = Math.sqrt(v[p]);
    for (let j = 0; j < J; j++) for (let p = 0; p < k; p++) P[j * k + p] = sq[p] * (X0[j * k + p] - X1[p]);
  };
  /** W for V (exact, from a cold start: the reported weights never depend on search history). */
  const solve = (v: ArrayLike<number>) => {
    fillPoints(v);
    return minNormPointInHull(P, k, J, ws);
  };
  /**
   * The fit-window MSPE of W(V), without allocating; warm-started from the previous support
   * (inside the V search V moves little, so the support rarely changes).
   */
  const lossOfV = (v: ArrayLike<number>) => {
    fillPoints(v);
    solveInWorkspace(P, k, J, ws, true);
    const m = ws.prevM, S = ws.prevS, lambda = ws.lambda;
    let s = 0;
    for (let t = 0; t < Tf; t++) {
      let z = Z1[t];
      for (let i = 0; i < m; i++) z -= lambda[i] * Z0[S[i] * Tf + t];
      s += z * z;
    }
    return s / Tf;
  };
  const mspe = (w: Float64Array) => {
    let s = 0;
    for (let t = 0; t < Tf; t++) {
      let z = Z1[t];
      for (let j = 0; j < J; j++) if (w[j] !== 0) z -= w[j] * Z0[j * Tf + t];
      s += z * z;
    }
    return s / Tf;
  };
  return { solve, lossOfV, mspe, solves: () => solves };
}

function normalise(theta: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < theta.length; i++) s += Math.abs(theta[i]);
  const v = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) v[i] = Math.abs(theta[i]) / s;
  return v;
}

/**
 * Weights only on predictors that are the outcome in a fit-window period, v_p ∝ SD_p², which
 * undoes the scaling: the predictor loss is then the sum of squared outcome gaps in those
 * periods. When every fit-window period is such a predictor (the default spec), this V attains
 * the lower bound, i.e. it is a global minimiser. Undefined when there are no such predictors.
 */
export function outcomeMatchingV(pr: ScmProblem): Float64Array | undefined {
  if (!pr.outcomeInFit.some(Boolean)) return undefined;
  return normalise(pr.outcomeInFit.map((o, p) => (o ? pr.sd[p] ** 2 : 0)));
}

/** Regression-based predictor weights, or undefined when the regression is singular. */
export function regressionV(pr: ScmProblem): Float64Array | undefined {
  const { k, J, X1, X0, Z1, Z0, Tf } = pr;
  const n = J + 1;
  if (n <= k + 1) return undefined;
  const X = new Matrix(n, k + 1), Y = new Matrix(n, Tf);
  for (let u = 0; u < n; u++) {
    X.set(u, 0, 1);
    for (let p = 0; p < k; p++) X.set(u, p + 1, u === 0 ? X1[p] : X0[(u - 1) * k + p]);
    for (let t = 0; t < Tf; t++) Y.set(u, t, u === 0 ? Z1[t] : Z0[(u - 1) * Tf + t]);
  }
  const svd = new SingularValueDecomposition(X, { autoTranspose: true });
  const s = svd.diagonal;
  const smax = Math.max(...s), smin = Math.min(...s);
  // R's solve() refuses a cross-product X′X whose reciprocal condition is below machine epsilon.
  if (!(smin > 0) || (smin / smax) ** 2 < Number.EPSILON) return undefined;
  const B = svd.solve(Y);
  const theta = new Float64Array(k);
  for (let p = 0; p < k; p++) for (let t = 0; t < Tf; t++) theta[p] += B.get(p + 1, t) ** 2;
  return normalise(theta);
}

export function fitWeights(pr: ScmProblem, opts: FitOptions = {}): WeightsFit {
  const solver = weightSolver(pr);
  const finish = (v: Float64Array, vMethod: WeightsFit["vMethod"], runs?: OptimiserRun[]): WeightsFit => {
    const { w, loss, converged } = solver.solve(v);
    return { w, v, lossV: solver.mspe(w), lossW: loss, vMethod, ...(runs ? { runs } : {}), innerSolves: solver.solves(), innerConverged: converged };
  };
  const method = opts.v ?? "nested";
  const k = pr.k;
  const equal = new Float64Array(k).fill(1 / k);
  if (Array.isArray(method)) {
    if (method.length !== k || method.some((x) => !(x >= 0)) || !method.some((x) => x > 0)) {
      throw new InputError(`explicit V needs ${k} non-negative weights, not all zero`);
    }
    return finish(normalise(method), "given");
  }
  if (method === "equal") return finish(equal, "equal");
  const reg = regressionV(pr);
  if (method === "regression") {
    if (!reg) throw new InputError("regression-based V is unavailable: the regression of outcomes on the predictors is singular (e.g. predictors that sum to a constant)");
    return finish(reg, "regression");
  }
  if (k === 1) return finish(equal, "nested");

  const loss = (theta: Float64Array) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(theta[i]);
    if (!(s > 0)) return Number.MAX_VALUE;
    for (let i = 0; i < k; i++) vBuf[i] = Math.abs(theta[i]) / s;
    return solver.lossOfV(vBuf);
  };
  const vBuf = new Float64Array(k);
  const runs: OptimiserRun[] = [];
  const candidates: { start: string; result: MinimizeResult }[] = [];
  const record = (start: string, method: OptimiserRun["method"], result: MinimizeResult) => {
    runs.push({ start, method, loss: result.value, evaluations: result.evaluations, converged: result.converged });
    candidates.push({ start, result });
  };
  // Phase 1: screen every start with a short Nelder–Mead run (and BFGS from Synth's two starts).
  const starts: [string, Float64Array][] = [["equal", equal]];
  if (reg) starts.push(["regression", reg]);
  const outcome = outcomeMatchingV(pr);
  if (outcome) starts.unshift(["outcome-matching", outcome]);
  const nHalton = opts.starts ?? DEFAULTS.starts;
  for (let i = 1; i <= nHalton; i++) starts.push([`halton ${i}`, haltonPoint(i, k)]);
  const screen = opts.screenEvaluations ?? DEFAULTS.screenEvaluations;
  // No V can beat the best W on the simplex for the outcome itself; reaching that bound proves
  // the search found the global minimum, and ends it.
  const bound = mspeLowerBound(pr);
  let meanSq = 0;
  for (let t = 0; t < pr.Tf; t++) meanSq += pr.Z1[t] ** 2 / pr.Tf;
  const atBound = (x: number) => x <= bound * (1 + 1e-9) + 1e-13 * meanSq;
  const done = () => candidates.some((c) => atBound(c.result.value));
  for (const [name, x0] of starts) {
    if (done()) break;
    const f0 = loss(x0);
    if (atBound(f0)) { record(name, "start point", { x: x0, value: f0, evaluations: 1, converged: true, message: "at the lower bound" }); break; }
    record(name, "Nelder-Mead", nelderMead(loss, x0, { maxEvaluations: screen }));
    if ((name === "equal" || name === "regression") && !done()) record(name, "BFGS", bfgs(loss, x0));
  }
  // Phase 2: polish the best few by Nelder–Mead restarted until a restart stops improving.
  const maxEvaluations = opts.maxEvaluations ?? DEFAULTS.maxEvaluations;
  const polished = [...candidates].sort((a, b) => a.result.value - b.result.value).slice(0, opts.polish ?? DEFAULTS.polish);
  let best = polished[0].result;
  for (const c of polished) {
    let cur = c.result;
    for (let r = 0; r < (opts.restarts ?? DEFAULTS.restarts) && !atBound(cur.value); r++) {
      const next = nelderMead(loss, normalise(cur.x), { maxEvaluations });
      runs.push({ start: `polish ${c.start}`, method: "Nelder-Mead", loss: next.value, evaluations: next.evaluations, converged: next.converged });
      const gain = cur.value - next.value;
      if (next.value < cur.value) cur = next;
      if (!(gain > 1e-10 * Math.abs(cur.value))) break;
    }
    if (cur.value < best.value) best = cur;
    if (atBound(best.value)) break;
  }
  return { ...finish(normalise(best.x), "nested", runs), lowerBound: bound, globalOptimum: atBound(best.value) };
}
