/**
 * A small seeded factor-model panel with a known effect, for comparing estimators when
 * parallel trends fail (O'Neill et al. 2020; the argument of the report's Annex 3):
 *
 *   Y_it = 10 + α_i + γ_t + λ_i'f_t + τ_t·D_it + ε_it,   ε ~ N(0, noise²)
 *
 * f_t has `factors` columns: the first is a linear trend, the rest random walks. Control
 * loadings are N(0, 1); treated loadings are N(loadingShift, 1) on every factor, so with
 * loadingShift ≠ 0 the treated units drift away from the controls even without treatment —
 * trends are not parallel, two-way fixed effects are biased, and methods that fit the
 * loadings (generalised synthetic control) or reweight controls (SCM) are not. With
 * loadingShift = 0 parallel trends hold in expectation and TWFE is unbiased.
 * Treated units also sit `levelShift` higher (absorbed by unit effects in every method).
 * The first `treated` units are treated from period `treatmentStart` (a common start).
 *
 * Options for inference checks: `stationaryFactors` draws every factor iid N(0, 1) per period
 * (no trend, no random walk), so with iid shocks the periods are exchangeable — the exact
 * null of conformal inference. `clusterSize` groups units into clusters (treated and control
 * units separately, in order; attribute "cluster"), each hit by a shared shock path
 * η_ct = clusterRho·η_c,t−1 + N(0, clusterShock²) added to all its units: the shared shocks
 * (e.g. of a police force area) that make unit-level resampling understate uncertainty.
 */
import { panelFromColumns, type Panel } from "../panel/panel";
import { createRng } from "../random";
import { OptionError } from "../errors";

export interface FactorPanelOptions {
  seed: number;
  units?: number;
  treated?: number;
  periods?: number;
  /** Index of the first treated period (default: 2/3 of the way through). */
  treatmentStart?: number;
  factors?: number;
  /** Mean of treated units' factor loadings (controls' mean is 0). 0 = parallel trends. */
  loadingShift?: number;
  /** True effect: a constant, or one value per post period k = 0, 1, … */
  effect?: number | ((k: number) => number);
  noise?: number;
  levelShift?: number;
  /** Factors iid N(0, 1) per period instead of a trend and random walks (default false). */
  stationaryFactors?: boolean;
  /** Units per cluster (default: no clusters); treated and control units are grouped separately. */
  clusterSize?: number;
  /** SD of the shared cluster shock innovations (default 1 when clusterSize is given). */
  clusterShock?: number;
  /** AR(1) coefficient of the cluster shocks over time (default 0: iid). */
  clusterRho?: number;
}

export interface SimulatedPanel {
  panel: Panel;
  /** True effect on the treated aggregate per panel period (0 before treatment). */
  trueEffect: number[];
  /** True average effect on the treated over the post period. */
  trueAtt: number;
  settings: Required<Omit<FactorPanelOptions, "effect" | "clusterSize" | "clusterShock" | "clusterRho">> & { effect: number | string; clusterSize?: number; clusterShock?: number; clusterRho?: number };
}

export function factorPanel(opts: FactorPanelOptions): SimulatedPanel {
  const N = opts.units ?? 40, N1 = opts.treated ?? 5, T = opts.periods ?? 30;
  const T0 = opts.treatmentStart ?? Math.round((2 * T) / 3);
  const r = opts.factors ?? 2, shift = opts.loadingShift ?? 1, noise = opts.noise ?? 1, level = opts.levelShift ?? 2;
  if (!(N1 >= 1 && N1 < N)) throw new OptionError(`treated must be between 1 and units − 1, got ${N1} of ${N}`);
  if (!(T0 >= 2 && T0 < T)) throw new OptionError(`treatmentStart must leave ≥ 2 pre and ≥ 1 post periods, got ${T0} of ${T}`);
  const effectAt = typeof opts.effect === "function" ? opts.effect : () => (opts.effect as number | undefined) ?? 0;
  const stationary = opts.stationaryFactors ?? false;
  const m = opts.clusterSize, shock = opts.clusterShock ?? 1, rho = opts.clusterRho ?? 0;
  if (m !== undefined && !(Number.isInteger(m) && m >= 1)) throw new OptionError(`clusterSize must be a whole number ≥ 1, got ${m}`);
  if (!(Math.abs(rho) < 1)) throw new OptionError(`clusterRho must be in (−1, 1), got ${rho}`);
  const rng = createRng(opts.seed);
  const f = new Float64Array(T * r);
  for (let k = 0; k < r; k++) {
    let walk = 0;
    for (let t = 0; t < T; t++) {
      if (stationary) f[t * r + k] = rng.normal();
      // Trend centred on the start of treatment, scaled so it moves about ±1 over the panel.
      else if (k === 0) f[t * r] = (t - T0) / (T / 2);
      else { walk += rng.normal() * 0.3; f[t * r + k] = walk; }
    }
  }
  const gamma = Float64Array.from({ length: T }, () => rng.normal());
  // Cluster of each unit: treated units fill clusters 0.., controls the clusters after them.
  const clusterOf = (i: number) => (i < N1 ? Math.floor(i / m!) : Math.ceil(N1 / m!) + Math.floor((i - N1) / m!));
  const G = m === undefined ? 0 : clusterOf(N - 1) + 1;
  const eta = new Float64Array(G * T);
  for (let g = 0; g < G; g++) {
    // Stationary start, so the shock's variance is the same in every period.
    let e = (shock * rng.normal()) / Math.sqrt(1 - rho * rho);
    for (let t = 0; t < T; t++) { if (t > 0) e = rho * e + shock * rng.normal(); eta[g * T + t] = e; }
  }
  const cluster: string[] = [];
  const unit: string[] = [], time: number[] = [], y: number[] = [], d: number[] = [];
  const trueEffect = Array.from({ length: T }, (_, t) => (t >= T0 ? effectAt(t - T0) : 0));
  const width = String(N).length;
  for (let i = 0; i < N; i++) {
    const treated = i < N1;
    const alpha = rng.normal() + (treated ? level : 0);
    const lambda = Float64Array.from({ length: r }, () => rng.normal() + (treated ? shift : 0));
    for (let t = 0; t < T; t++) {
      let common = 0;
      for (let k = 0; k < r; k++) common += lambda[k] * f[t * r + k];
      const D = treated && t >= T0 ? 1 : 0;
      unit.push(`${treated ? "treated" : "control"}${String(i + 1).padStart(width, "0")}`);
      time.push(t + 1);
      d.push(D);
      if (G) cluster.push(`c${String(clusterOf(i) + 1).padStart(String(G).length, "0")}`);
      y.push(10 + alpha + gamma[t] + common + (G ? eta[clusterOf(i) * T + t] : 0) + D * trueEffect[t] + noise * rng.normal());
    }
  }
  const post = trueEffect.slice(T0);
  return {
    panel: panelFromColumns({ unit, time, outcome: y, outcomeName: "y (simulated)", treatment: d, source: `factorPanel(seed ${opts.seed})`, ...(G ? { attributes: { cluster } } : {}) }),
    trueEffect,
    trueAtt: post.reduce((a, b) => a + b, 0) / post.length,
    settings: {
      seed: opts.seed, units: N, treated: N1, periods: T, treatmentStart: T0, factors: r, loadingShift: shift, noise, levelShift: level, stationaryFactors: stationary,
      ...(G ? { clusterSize: m, clusterShock: shock, clusterRho: rho } : {}),
      effect: typeof opts.effect === "function" ? "per-period function" : (opts.effect ?? 0),
    },
  };
}
