/**
 * Conformal inference for counterfactual and synthetic-control estimators (Chernozhukov,
 * Wüthrich & Zhu 2021, JASA, "An exact and robust conformal inference method for
 * counterfactual and synthetic controls"), estimator-agnostic:
 *
 *  1. Under H0: the effect in the post periods is θ (a path), subtract θ from the treated
 *     outcome in the post periods and refit the counterfactual model on ALL periods used
 *     (pre and post) — the estimator supplies this as a callback, {@link RefitUnderNull}.
 *  2. The residuals û_t of the treated aggregate are exchangeable over time under H0 when
 *     the data are (approximately, when the model is consistently estimated); the statistic
 *     is the S_q norm of the post residuals, S(û) = (T*^(−1/2) Σ_post |û_t|^q)^(1/q).
 *  3. p = share of time permutations π (moving blocks: the T cyclic shifts; or iid: random
 *     permutations) with S(û_π) ≥ S(û). The identity is among them, so p ≥ 1/(number of π).
 *  4. Intervals by test inversion: {θ : p(θ) > α}, found by stepping out from the point
 *     estimate on a grid (bracketing) and bisecting each end to a stated resolution.
 *
 * Per-period intervals use the pre-periods and that one post period (T* = 1, as the paper's
 * pointwise intervals); the average-effect interval inverts H0: θ_t = θ in every post period
 * (a constant effect), so it is an interval for the average when the effect is constant.
 */
import type { Effect } from "../effect";
import { InputError } from "../errors";
import { createRng } from "../random";

/**
 * Refits the counterfactual model on the periods `periods` (ascending panel indices; the last
 * `theta.length` of them are post periods) with the treated outcome in those post periods
 * reduced by `theta`, and returns the treated aggregate's residual in each period used.
 */
export type RefitUnderNull = (periods: Int32Array, theta: Float64Array) => Float64Array;

export type Permutations = "moving-block" | "iid";

export interface ConformalOptions {
  /** Moving-block (the T cyclic shifts; deterministic, default) or iid random permutations. */
  permutations?: Permutations;
  /** iid permutations drawn (default 999). */
  replicates?: number;
  /** Seed of the iid permutations (default 1). */
  seed?: number;
  /** The q of the S_q statistic (default 1, the paper's choice). */
  q?: number;
  /** Level of the intervals (default 0.05). */
  alpha?: number;
  /** Grid resolution of interval ends; default 1/100 of the pre-period residual RMS. */
  resolution?: number;
  /** Per-period intervals too (default true; each costs about as much as the average's). */
  perPeriod?: boolean;
}

/** The conformal options from an estimator's common options (alpha, replicates, seed) and its `conformal` settings. */
export function conformalOptionsOf(o: { alpha?: number; replicates?: number; seed?: number; conformal?: Omit<ConformalOptions, "alpha" | "replicates" | "seed"> }): ConformalOptions {
  return {
    ...o.conformal,
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    ...(o.replicates !== undefined ? { replicates: o.replicates } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  };
}

/** S_q statistic of the last `nPost` entries of `u` read through the permutation `perm`. */
function statistic(u: Float64Array, perm: (k: number) => number, nPost: number, q: number): number {
  const n = u.length;
  let s = 0;
  for (let k = n - nPost; k < n; k++) s += Math.abs(u[perm(k)]) ** q;
  return (s / Math.sqrt(nPost)) ** (1 / q);
}

/**
 * The permutation p-value of residuals `u` (pre-periods first, then `nPost` post periods).
 * Ties count as "at least as large", so p is conservative.
 */
export function conformalPValue(u: Float64Array, nPost: number, options: ConformalOptions = {}): number {
  const n = u.length, q = options.q ?? 1;
  if (!(nPost >= 1 && nPost < n)) throw new InputError(`conformal inference needs at least one pre- and one post-period residual; got ${n - nPost} and ${nPost}`);
  if (u.some((x) => !Number.isFinite(x))) throw new InputError("conformal inference: the refit under the null left a missing or non-finite residual");
  const s0 = statistic(u, (k) => k, nPost, q);
  // Relative tolerance so that a permutation equal to the observed up to rounding counts as a tie.
  const tie = s0 * (1 - 1e-12);
  if ((options.permutations ?? "moving-block") === "moving-block") {
    let ge = 0;
    for (let j = 0; j < n; j++) if (statistic(u, (k) => (k + j) % n, nPost, q) >= tie) ge++;
    return ge / n;
  }
  const B = options.replicates ?? 999;
  if (!(Number.isInteger(B) && B >= 1)) throw new InputError(`replicates (iid permutations) must be a whole number ≥ 1, got ${B}`);
  const rng = createRng(options.seed ?? 1);
  const idx = Int32Array.from({ length: n }, (_, k) => k);
  let ge = 1;
  for (let b = 0; b < B; b++) {
    rng.shuffle(idx);
    if (statistic(u, (k) => idx[k], nPost, q) >= tie) ge++;
  }
  return ge / (B + 1);
}

/** p-value of H0 "the effect in the post periods of `periods` is `theta`". */
export function conformalTest(refit: RefitUnderNull, periods: Int32Array, theta: Float64Array, options: ConformalOptions = {}): number {
  return conformalPValue(refit(periods, theta), theta.length, options);
}

export interface Inverted {
  /** [lower, upper] of {θ : p(θ) > α}, each end the first rejected grid point after bisection (conservative by ≤ resolution). */
  ci?: [number, number];
  /** The ends could not be bracketed within the search range (the set may be unbounded). */
  unbounded?: boolean;
  /** No grid point near the estimate was accepted. */
  empty?: boolean;
  /** Why no interval was searched (the test cannot reject at this alpha). */
  note?: string;
  resolution: number;
  evaluations: number;
}

/**
 * Inverts a test of a scalar θ: from `start` (the point estimate) steps of `step` outwards
 * until p ≤ α (at most `maxSteps` each side), then bisects between the last accepted and
 * the first rejected point until they are within `resolution`. If `start` itself is rejected
 * the grid is scanned outwards for an accepted point first. The set found is the interval
 * around the accepted point (a conformal confidence set need not be an interval; points
 * beyond the first rejected one are not searched).
 */
export function invertTest(p: (theta: number) => number, start: number, step: number, alpha: number, resolution: number, maxSteps = 200): Inverted {
  if (!(step > 0 && resolution > 0)) throw new InputError(`conformal interval search needs a positive step and resolution, got ${step} and ${resolution}`);
  let evaluations = 0;
  const accept = (theta: number) => { evaluations++; return p(theta) > alpha; };
  let centre = start;
  if (!accept(centre)) {
    let found: number | undefined;
    for (let k = 1; k <= maxSteps && found === undefined; k++) {
      if (accept(start - k * step)) found = start - k * step;
      else if (accept(start + k * step)) found = start + k * step;
    }
    if (found === undefined) return { empty: true, resolution, evaluations };
    centre = found;
  }
  const end = (dir: 1 | -1): number | undefined => {
    let inside = centre;
    for (let k = 1; k <= maxSteps; k++) {
      const x = centre + dir * k * step;
      if (!accept(x)) {
        let outside = x;
        while (Math.abs(outside - inside) > resolution) {
          const mid = 0.5 * (inside + outside);
          if (accept(mid)) inside = mid; else outside = mid;
        }
        return outside;
      }
      inside = x;
    }
    return undefined;
  };
  const lo = end(-1), hi = end(1);
  if (lo === undefined || hi === undefined) return { unbounded: true, resolution, evaluations };
  return { ci: [lo, hi], resolution, evaluations };
}

export interface ConformalResult {
  /** H0 "no effect in any post period": p-value. */
  pNoEffect: number;
  /** Interval for a constant effect over the post period (the average when constant). */
  average: Inverted & { p: number };
  /** Per post period (unless perPeriod is false): interval from the pre-periods and that period alone (T* = 1), and the p of no effect there. */
  periods: (Inverted & { p: number })[];
  settings: { permutations: Permutations; q: number; alpha: number; replicates?: number; seed?: number; resolution: number };
}

/**
 * Conformal p-values and intervals for a design with `t0` pre-periods and `T − t0` post
 * periods. `estimate` is the point estimate of the average effect and `periodEstimates` the
 * per-period ones (starting points of the interval searches).
 */
export function conformalInference(refit: RefitUnderNull, T: number, t0: number, estimate: number, periodEstimates: ArrayLike<number>, options: ConformalOptions = {}): ConformalResult {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be between 0 and 1, got ${alpha}`);
  const permutations = options.permutations ?? "moving-block";
  if (permutations !== "moving-block" && permutations !== "iid") throw new InputError(`conformal permutations must be "moving-block" or "iid", got "${String(permutations)}"`);
  const q = options.q ?? 1;
  if (!(q > 0)) throw new InputError(`the S_q statistic needs q > 0, got ${q}`);
  const nPost = T - t0;
  if (t0 < 2 || nPost < 1) throw new InputError(`conformal inference needs at least 2 pre-periods and 1 post period; the design has ${t0} and ${nPost}`);
  const all = Int32Array.from({ length: T }, (_, k) => k);
  // Scale of the search grid: the residual RMS of the pre-periods under "no effect".
  const u0 = refit(all, new Float64Array(nPost));
  let ss = 0;
  for (let t = 0; t < t0; t++) ss += u0[t] * u0[t];
  const rms = Math.sqrt(ss / t0) || 1;
  const resolution = options.resolution ?? rms / 100;
  const step = rms / 2;
  const pNoEffect = conformalPValue(u0, nPost, options);
  const constant = (theta: number) => conformalTest(refit, all, new Float64Array(nPost).fill(theta), options);
  // The smallest p a test can reach: 1/(periods used) for cyclic shifts, and for iid
  // permutations with one post period (S then takes one value per period); else 1/(B + 1).
  const attainable = (n: number, post: number) => (permutations === "moving-block" || post === 1 ? 1 / n : 1 / ((options.replicates ?? 999) + 1));
  const invert = (pOf: (theta: number) => number, start: number, n: number, post: number): Inverted => {
    const floor = attainable(n, post);
    if (floor > alpha) return { unbounded: true, note: `the smallest attainable p is ${floor.toPrecision(3)} (${n} periods used) > alpha ${alpha}: no effect can be rejected, so the interval is unbounded`, resolution, evaluations: 0 };
    return invertTest(pOf, start, step, alpha, resolution);
  };
  const average = { ...invert(constant, estimate, T, nPost), p: pNoEffect };
  const periods = options.perPeriod === false ? [] : Array.from({ length: nPost }, (_, k) => {
    const use = Int32Array.from({ length: t0 + 1 }, (_, j) => (j < t0 ? j : t0 + k));
    const one = (theta: number) => conformalTest(refit, use, Float64Array.of(theta), options);
    return { ...invert(one, periodEstimates[k], t0 + 1, 1), p: one(0) };
  });
  return {
    pNoEffect, average, periods,
    settings: { permutations, q, alpha, ...(permutations === "iid" ? { replicates: options.replicates ?? 999, seed: options.seed ?? 1 } : {}), resolution },
  };
}

/**
 * The Effect with conformal intervals: att gets the constant-effect interval and the p of no
 * effect; each post period its own interval and p; bootstrap SEs (if any) are removed, since
 * they would not match the intervals. Cumulative points keep no interval (the constant-effect
 * interval does not give one for a varying path). Ends that could not be found are listed in
 * diagnostics.conformal.
 */
export function withConformal(effect: Effect, r: ConformalResult): Effect {
  const interval = (x: Inverted) => (x.ci ? { ci: x.ci } : {});
  const problems: string[] = [];
  const note = (what: string, x: Inverted) => {
    if (x.empty) problems.push(`${what}: no hypothesised effect near the estimate is accepted at alpha ${r.settings.alpha}`);
    if (x.note) problems.push(`${what}: ${x.note}`);
    else if (x.unbounded) problems.push(`${what}: the interval does not close within 200 grid steps (the data cannot bound it)`);
  };
  note("average effect", r.average);
  const periods = effect.periods.map((p) => {
    const { se: _se, ci: _ci, ...rest } = p;
    if (p.relative < 0 || p.relative >= r.periods.length) return rest;
    const c = r.periods[p.relative];
    note(`period ${p.time}`, c);
    return { ...rest, ...interval(c) };
  });
  const { se: _se, ci: _ci, p: _p, ...att } = effect.att;
  return {
    ...effect,
    settings: { ...effect.settings, inference: "conformal", conformal: r.settings },
    att: { ...att, ...interval(r.average), p: r.pNoEffect },
    periods,
    ...(effect.cumulative ? { cumulative: effect.cumulative.map(({ se: _s, ci: _c, ...c }) => c) } : {}),
    diagnostics: {
      ...effect.diagnostics,
      conformal: {
        nullOfAverage: "constant effect θ in every post period",
        periodP: r.periods.map((x) => x.p),
        evaluations: r.average.evaluations + r.periods.reduce((s, x) => s + x.evaluations, 0),
        ...(problems.length ? { problems } : {}),
      },
    },
    alpha: r.settings.alpha,
  };
}
