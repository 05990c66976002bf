/**
 * Micro-synthetic control (Robbins, Saunders & Kilmer 2017; Robbins & Davenport 2021):
 * calibration weights on many small control areas so that the weighted controls match the
 * treated areas' totals on covariates and on every pre-period outcome; effects as treated vs
 * synthetic totals and percent change over the post period, for several outcomes at once.
 *
 * Inference: survey linearisation (always), jackknife over groups of units (option), and a
 * permutation test with placebo treated groups drawn from the controls (option), each with
 * one- and two-sided p-values and an omnibus test across outcomes.
 *
 * Where we differ from microsynth 2.0.51 (reference-algorithms.md §3), on purpose:
 *  - calibration is solved to 1e-6 relative misfit (microsynth: 1e-4), by a globally
 *    convergent Newton method; when exact balance is infeasible we relax by a stated penalty
 *    and report which constraints moved, instead of silently using non-converged weights;
 *  - placebo groups come from the controls only (microsynth: from all units) and their pool
 *    is the remaining controls, so treated areas never serve as controls; permutation
 *    p-values count the observed group, (1 + #{placebo ≤ observed})/(1 + P), so they are
 *    valid p-values (microsynth: #{placebo < observed}/P);
 *  - the omnibus test uses the linearisation / jackknife covariance of θ across outcomes, and
 *    a permutation version, instead of microsynth's randomly grouped one (which changes with
 *    the seed even without permutations);
 *  - the default interval is 95% two-sided (alpha = 0.05; microsynth: 90%).
 *
 * Usage (the report's hotspot analysis, Figure 2.8):
 *   const design = hotspotDesign([withInjuryPanel, withoutInjuryPanel], { covariates: ["population"] });
 *   const fit = await microsynthParallel(design, { permutations: 100, seed: 1 });
 *   fit.effects[withInjuryPanel.outcome].att.percentChange   // { estimate (%), ci, p }
 *   show(treatedVsSyntheticPanels(fit));                     // src/plots/microsynth.ts
 * Jackknife: microsynth's default is min(treated, controls) groups — thousands of refits at LSOA
 * scale; pass { jackknife: { groups: 50 } } there.
 */
import { withDiagnostics, type Effect, type EffectPeriod, type CumulativePoint, type Estimate } from "../../effect";
import { ConvergenceError, InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { childSeeds, createRng } from "../../random";
import { calibrate, gramOf, type CalibrationOptions } from "./calibrate";
import { buildConstraints } from "./constraints";
import { dataFromPanels, validateData, type MicrosynthData } from "./data";
import { join } from "node:path";
import { mapParallel } from "../../parallel/pool";
import { clustersOf, membersOf } from "../../stats/cluster";
import { jackknifeTotals, placeboStats, type JackknifeReplicate, type PlaceboStats, type RefitContext } from "./refit";
import { chiSquareSf } from "../../stats/distributions";
import { normalCdf, normalQuantile } from "../../stats/normal";
import { applyTreatmentTime, checkCommon, type CommonOptions, type Estimator } from "../options";
import { lineariseWindow, totals, windowCoefficients, zPValues, type WindowStats } from "./variance";

export type { MicrosynthData } from "./data";
export { readMicrosynthCsv, dataFromPanels } from "./data";
export type { CalibrationOptions } from "./calibrate";

/** `treatmentTime` applies in fit() (a panel); other inputs carry their own treatment start. */
export interface MicrosynthOptions extends CommonOptions {
  /** Covariates to balance (default: every covariate in the data). */
  matchCovariates?: string[];
  /** Outcomes to balance in the pre-period: true (default) = all, false = none, or names. */
  matchOutcomes?: boolean | string[];
  /** Pre-periods summed per outcome constraint (default 1: every pre-period separately). */
  outcomeBlock?: number;
  /** Instead of blocks: the pre-period windows [from, to] (labels, inclusive) each outcome is balanced on. */
  outcomeWindows?: [string, string][];
  /** Last post period (label); default the last period. */
  endPost?: string;
  calibration?: CalibrationOptions;
  /** Jackknife variance: true = min(treated, controls) groups, as microsynth; or a group count. */
  jackknife?: boolean | { groups: number };
  /**
   * A unit attribute defining clusters (e.g. police force area): the jackknife leaves out one
   * whole cluster at a time (its treated and control units), so shocks shared within a cluster
   * enter the variance; implies the jackknife. Needs at least 2 clusters with treated units.
   */
  cluster?: string;
  /** @deprecated alias of `inference: "permutation"` with `replicates` (placebo groups, default 0). */
  permutations?: number;
  /** Seed of the jackknife grouping and the placebo draws (default 1). */
  seed?: number;
  /** Two-sided level of the intervals (default 0.05 → 95%). */
  alpha?: number;
  /** Called as refits finish (jackknife replicates + placebo groups). */
  onProgress?: (done: number, total: number) => void;
}

export interface BalanceRow {
  constraint: string;
  treated: number;
  synthetic: number;
  /** All controls' total scaled to the number of treated units (n_T/n_C × Σ controls). */
  allControls: number;
  relativeMisfit: number;
  relaxed: boolean;
}

export interface PValues { lower: number; upper: number; twoSided: number }

export interface OutcomeInference {
  /** Percent change (%) with its interval, and the z / p-values of the effect. */
  percentChange: number;
  ci: [number, number];
  se?: number;
  z?: number;
  p: PValues;
  /** Why the statistics are NaN, when they cannot be computed (e.g. an outcome with zero variance). */
  unavailable?: string;
}

export interface OmnibusTest {
  /** One-sided: Z = a′θ/√(a′Σa), a = diag(Σ)^−½; two-sided: Wald θ′Σ⁻¹θ vs χ²(K). */
  z?: number;
  chi2?: number;
  df?: number;
  p: PValues;
  /** Why the test cannot be computed (its p-values are then NaN). */
  unavailable?: string;
}

/** What each outcome's Effect reports beside the estimate (MicrosynthResult.effects). */
export type MicrosynthOutcomeDiagnostics = {
  /** Post-period totals of the treated units and of their synthetic control. */
  treatedTotal: number;
  syntheticTotal: number;
  inference: { linearisation: OutcomeInference; jackknife?: OutcomeInference; permutation?: OutcomeInference };
  /** Each placebo group's z statistic (with permutations). */
  placeboZ?: number[];
  relaxedConstraints: string[];
};

/** What microsynth's `fit` reports: the outcome's diagnostics with the balance table, omnibus tests and calibration of the whole run. */
export type MicrosynthDiagnostics = MicrosynthOutcomeDiagnostics & {
  balance: BalanceRow[];
  omnibus: MicrosynthResult["omnibus"];
  fit: MicrosynthResult["diagnostics"];
};

export interface MicrosynthResult {
  /** One Effect per outcome (att in totals per post period; att.percentChange in %). */
  effects: Record<string, Effect<MicrosynthOutcomeDiagnostics>>;
  balance: BalanceRow[];
  /** Weight of every unit in data order: treated 1, controls calibrated. */
  weights: Float64Array;
  units: string[];
  omnibus: { linearisation: OmnibusTest; jackknife?: OmnibusTest; permutation?: OmnibusTest };
  diagnostics: {
    converged: boolean;
    iterations: number;
    /** Penalty of the relaxation (0 = exact balance). */
    relaxation: number;
    relaxed: { constraint: string; target: number; achieved: number; relativeMisfit: number }[];
    constraints: number;
    treatedUnits: number;
    controlUnits: number;
    positiveWeights: number;
    sumWeights: number;
    maxWeight: number;
    jackknifeGroups?: number;
    /** Jackknife replicates whose calibration had to be relaxed (or did not converge; they are kept). */
    jackknifeRelaxed?: number;
    permutationsUsed?: number;
    permutationsRelaxed?: number;
    /** Placebo groups dropped because their calibration did not converge even relaxed. */
    permutationsDropped?: number;
    seconds: { fit: number; jackknife?: number; permutation?: number };
  };
}

type Input = MicrosynthData | Panel | Panel[];

function toData(input: Input, covariates?: string[]): MicrosynthData {
  if (Array.isArray(input)) return dataFromPanels(input, covariates);
  if ("y" in input) return dataFromPanels([input], covariates);
  validateData(input);
  return input;
}

/** The main fit, and the refits (jackknife groups, placebo groups) still to run. */
function prepare(input: Input, options: MicrosynthOptions) {
  const t0 = performance.now();
  const data = toData(input, options.matchCovariates);
  const N = data.units.length, T = data.periods.length;
  const outcomeNames = Object.keys(data.outcomes);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be in (0, 1), got ${alpha}`);
  const seed = options.seed ?? 1;
  const end = options.endPost === undefined ? T - 1 : data.periods.indexOf(String(options.endPost));
  if (end < data.start) throw new InputError(`endPost "${options.endPost}" is not a post period (${data.periods[data.start]} to ${data.periods[T - 1]})`);
  const matched = options.matchOutcomes === false ? [] : Array.isArray(options.matchOutcomes) ? options.matchOutcomes : outcomeNames;
  const covNames = options.matchCovariates ?? Object.keys(data.covariates);
  const cons = buildConstraints(data, { covariates: covNames, outcomes: matched, block: options.outcomeBlock ?? 1, ...(options.outcomeWindows ? { windows: options.outcomeWindows } : {}) });
  const { X, p, scale } = cons;

  const treatedIdx: number[] = [], controlIdx: number[] = [];
  for (let i = 0; i < N; i++) (data.treated[i] ? treatedIdx : controlIdx).push(i);
  const controls = Int32Array.from(controlIdx), treatedRows = Int32Array.from(treatedIdx);
  const nT = treatedRows.length, nC = controls.length;
  const gramControls = gramOf(X, p, controls);
  const targets = new Float64Array(p);
  for (const i of treatedRows) for (let j = 0; j < p; j++) targets[j] += X[i * p + j];
  const calib = options.calibration ?? {};
  const fit = calibrate({ X, p, rows: controls, targets, base: nT / nC, scale, gram: gramControls, hard: [0] }, calib);
  if (!fit.converged) {
    const worst = cons.names.map((n, j) => [n, fit.relativeMisfit[j]] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    throw new ConvergenceError(`microsynth: calibration did not converge, even relaxed (worst relative misfits: ${worst.map(([n, m]) => `${n} ${m.toExponential(2)}`).join(", ")}); try fewer constraints (outcomeBlock, fewer covariates) or wider bounds`);
  }
  const w = new Float64Array(N);
  for (const i of treatedRows) w[i] = 1;
  controls.forEach((i, r) => { w[i] = fit.weights[r]; });

  const tol = calib.tol ?? 1e-6;
  const balance: BalanceRow[] = cons.names.map((name, j) => {
    let all = 0;
    for (const i of controls) all += X[i * p + j];
    const target = targets[j] * scale[j];
    return { constraint: name, treated: target, synthetic: target + fit.misfit[j], allControls: (all * scale[j] * nT) / nC, relativeMisfit: fit.relativeMisfit[j], relaxed: fit.relativeMisfit[j] > tol };
  });
  const tFit = performance.now();

  // Windows: the whole post period, each post period, and cumulative prefixes.
  const post = Int32Array.from({ length: end - data.start + 1 }, (_, k) => data.start + k);
  const single = Array.from(post, (t) => Int32Array.of(t));
  const prefixes = Array.from(post, (_, k) => post.slice(0, k + 1));
  const windows = [post, ...single, ...prefixes];

  const mainStats = outcomeNames.map((o) => {
    const y = data.outcomes[o];
    const z = new Float64Array(N * post.length);
    const whole = lineariseWindow(y, T, w, data.treated, post, z);
    return { whole, z, all: windows.map((win, k) => (k === 0 ? whole : lineariseWindow(y, T, w, data.treated, win))), totals: totals(y, T, w, data.treated) };
  });

  const ctx: RefitContext = { X, p, scale, N, T, treatedRows, controls, gramControls, outcomes: outcomeNames.map((o) => data.outcomes[o]), window: post, calibration: calib, eta: fit.eta };
  const [seedJack, seedPerm] = childSeeds(seed, 2);
  const clusterGroups = options.cluster !== undefined ? clusterMembers(data, options.cluster) : undefined;
  if (clusterGroups && typeof options.jackknife === "object") throw new InputError(`cluster "${options.cluster}" sets the jackknife groups (one per cluster); do not also give a group count`);
  const jackGroups = clusterGroups ? clusterGroups.length : options.jackknife ? (typeof options.jackknife === "object" ? options.jackknife.groups : Math.min(nT, nC)) : 0;
  if (!clusterGroups && options.jackknife && !(Number.isInteger(jackGroups) && jackGroups >= 2 && jackGroups <= Math.min(nT, nC))) {
    throw new InputError(`jackknife groups must be an integer from 2 to min(treated, controls) = ${Math.min(nT, nC)}, got ${jackGroups}`);
  }
  const P = options.permutations ?? 0;
  if (!(Number.isInteger(P) && P >= 0)) throw new InputError(`permutations must be a non-negative integer, got ${P}`);
  if (P > 0 && nC < 2 * nT) throw new InputError(`permutation needs at least twice as many controls (${nC}) as treated units (${nT}) to draw placebo groups with a pool`);
  // Draw every random grouping here, in order, so results do not depend on threads.
  const jackTasks: Int32Array[] = [];
  if (clusterGroups) jackTasks.push(...clusterGroups);
  else if (jackGroups) {
    const groups = stratifiedGroups(data.treated, jackGroups, seedJack);
    const members: number[][] = Array.from({ length: jackGroups }, () => []);
    groups.forEach((g, i) => members[g].push(i));
    for (const m of members) jackTasks.push(Int32Array.from(m));
  }
  const placeboTasks: Int32Array[] = [];
  const rng = createRng(seedPerm);
  for (let b = 0; b < P; b++) placeboTasks.push(Int32Array.from(rng.sampleWithoutReplacement(nC, nT), (r) => controls[r]).sort());
  return { data, options, alpha, seed, end, matched, covNames, cons, controlIdx, controls, fit, w, balance, mainStats, post, windows, jackGroups, P, ctx, jackTasks, placeboTasks, seconds: { fit: (tFit - t0) / 1000 } };
}

type Prepared = ReturnType<typeof prepare>;

/** Fits micro-synthetic control (refits in this thread); see the module comment. */
export function microsynth(input: Input, options: MicrosynthOptions = {}): MicrosynthResult {
  const prep = prepare(input, options);
  const total = prep.jackTasks.length + prep.placeboTasks.length;
  let done = 0;
  const t0 = performance.now();
  const jack = prep.jackTasks.map((g) => { const r = jackknifeTotals(prep.ctx, g); options.onProgress?.(++done, total); return r; });
  const t1 = performance.now();
  const placebo = prep.placeboTasks.map((g) => { const r = placeboStats(prep.ctx, g); options.onProgress?.(++done, total); return r; });
  return assemble(prep, jack, placebo, { jackknife: (t1 - t0) / 1000, permutation: (performance.now() - t1) / 1000 });
}

/** As {@link microsynth}, with the refits on worker threads (src/parallel/pool.ts); same results for any thread count. */
export async function microsynthParallel(input: Input, options: MicrosynthOptions = {}): Promise<MicrosynthResult> {
  const prep = prepare(input, options);
  const total = prep.jackTasks.length + prep.placeboTasks.length;
  const modulePath = join(__dirname, "refit");
  const pool = { shared: prep.ctx, ...(options.threads ? { threads: options.threads } : {}) };
  const t0 = performance.now();
  const jack = await mapParallel<RefitContext, Int32Array, JackknifeReplicate>(modulePath, "jackknifeTotals", prep.jackTasks, { ...pool, onProgress: (d) => options.onProgress?.(d, total) });
  const t1 = performance.now();
  const placebo = await mapParallel<RefitContext, Int32Array, PlaceboStats>(modulePath, "placeboStats", prep.placeboTasks, { ...pool, onProgress: (d) => options.onProgress?.(prep.jackTasks.length + d, total) });
  return assemble(prep, jack, placebo, { jackknife: (t1 - t0) / 1000, permutation: (performance.now() - t1) / 1000 });
}

function assemble(prep: Prepared, jackReps: JackknifeReplicate[], placeboRuns: PlaceboStats[], seconds: { jackknife: number; permutation: number }): MicrosynthResult {
  const { data, options, alpha, seed, end, matched, covNames, cons, controlIdx, controls, fit, w, balance, mainStats, post, windows, jackGroups, P } = prep;
  const outcomeNames = Object.keys(data.outcomes);
  const p = cons.p;
  const calib = options.calibration ?? {};
  const tol = calib.tol ?? 1e-6;
  const jack = jackGroups ? {
    coefs: outcomeNames.map((_, k) => windows.map((win) => jackReps.map((r) => windowCoefficients(r.totals[k], win)))),
    relaxed: jackReps.filter((r) => r.relaxed || !r.converged).length,
  } : undefined;
  const placebos = placeboRuns.filter((s) => s.converged && s.zTheta.every(Number.isFinite));
  const permDropped = placeboRuns.length - placebos.length;

  // Assemble per-outcome effects.
  const z975 = normalQuantile(1 - alpha / 2);
  const jackVar = (k: number, v: number, st: WindowStats) => {
    if (!jack) return undefined;
    const reps = jack.coefs[k][v], G = reps.length;
    const g0 = 1 / (st.delta + st.alphaBar), g1 = g0 - 1 / st.alphaBar;
    let vd = 0, vt = 0;
    for (const r of reps) {
      const dd = r.delta - st.delta, da = r.alphaBar - st.alphaBar;
      vd += dd * dd; vt += (g0 * dd + g1 * da) ** 2;
    }
    return { varDelta: ((G - 1) / G) * vd, varTheta: ((G - 1) / G) * vt };
  };
  const pct = (theta: number, sd: number, z: number): [number, number] => [100 * (Math.exp(theta - z * sd) - 1), 100 * (Math.exp(theta + z * sd) - 1)];

  const effects: Record<string, Effect<MicrosynthOutcomeDiagnostics>> = {};
  outcomeNames.forEach((o, k) => {
    const ms = mainStats[k];
    const st = ms.whole, m = post.length;
    const W1 = ms.totals.W1;
    if (!(st.synthetic > 0)) throw new InputError(`outcome "${o}": the synthetic control's total over the post period is ${st.synthetic}, so the percent change is undefined`);
    const pctChange = (100 * (st.treated - st.synthetic)) / st.synthetic;
    // A variance at rounding level (a constant outcome) would turn 1e-16 / 1e-17 into "significance".
    const scale = Math.abs(st.alphaBar) + Math.abs(st.delta);
    const computable = (v: { varDelta: number }) => Math.sqrt(v.varDelta) > 1e-10 * scale;
    const unavailable = `outcome "${o}" does not vary beyond rounding over the post period: its variance is zero, so no standard error, interval or p-value can be computed`;
    const inferenceOf = (v: { varDelta: number; varTheta: number }): OutcomeInference => computable(v)
      ? { percentChange: pctChange, ci: pct(st.theta, Math.sqrt(v.varTheta), z975), se: W1 * Math.sqrt(v.varDelta), z: st.delta / Math.sqrt(v.varDelta), p: zPValues(st.delta / Math.sqrt(v.varDelta)) }
      : { percentChange: pctChange, ci: [NaN, NaN], se: NaN, z: NaN, p: { lower: NaN, upper: NaN, twoSided: NaN }, unavailable };
    const lin = inferenceOf(st);
    const jv = jackVar(k, 0, st);
    const jk: OutcomeInference | undefined = jv && inferenceOf(jv);
    let perm: OutcomeInference | undefined;
    if (placebos.length && !computable(st)) perm = inferenceOf(st);
    else if (placebos.length) {
      const z0 = st.theta / Math.sqrt(st.varTheta);
      const zs = placebos.map((s) => s.zTheta[k]);
      const qs = [...zs, z0].sort((a, b) => a - b);
      const sd0 = Math.sqrt(st.varTheta);
      perm = {
        percentChange: pctChange,
        ci: [100 * (Math.exp(st.theta - sd0 * quantile7(qs, 1 - alpha / 2)) - 1), 100 * (Math.exp(st.theta - sd0 * quantile7(qs, alpha / 2)) - 1)],
        z: z0,
        p: permPValues(zs, z0),
      };
    }
    const primary = jk ?? lin;
    const varDeltaOf = (v: number, s: WindowStats) => jackVar(k, v, s)?.varDelta ?? s.varDelta;
    const periods: EffectPeriod[] = [];
    for (let t = 0; t <= end; t++) {
      const obs = ms.totals.treated[t], cf = ms.totals.synthetic[t];
      const row: EffectPeriod = { time: data.periods[t], relative: t - data.start, observed: obs, counterfactual: cf, effect: obs - cf };
      if (t >= data.start) {
        const v = 1 + (t - data.start);
        const se = W1 * Math.sqrt(varDeltaOf(v, ms.all[v]));
        row.se = se;
        row.ci = [row.effect - z975 * se, row.effect + z975 * se];
      }
      periods.push(row);
    }
    const cumulative: CumulativePoint[] = [];
    let acc = 0;
    post.forEach((t, q) => {
      acc += ms.totals.treated[t] - ms.totals.synthetic[t];
      const v = 1 + m + q;
      const se = W1 * (q + 1) * Math.sqrt(varDeltaOf(v, ms.all[v]));
      cumulative.push({ time: data.periods[t], effect: acc, se, ci: [acc - z975 * se, acc + z975 * se] });
    });
    const attEst = (st.treated - st.synthetic) / m;
    const att: Effect["att"] = {
      estimate: attEst,
      se: primary.se!,
      ci: [attEst - z975 * primary.se!, attEst + z975 * primary.se!],
      p: perm ? perm.p.twoSided : primary.p.twoSided,
      percentChange: { estimate: pctChange, ci: primary.ci, p: perm ? perm.p.twoSided : primary.p.twoSided } as Estimate,
    };
    effects[o] = {
      method: "microsynth",
      settings: {
        outcome: o, matchCovariates: covNames, matchOutcomes: matched, ...(options.outcomeWindows ? { outcomeWindows: options.outcomeWindows } : { outcomeBlock: options.outcomeBlock ?? 1 }),
        distance: calib.distance ?? "linear", bounds: calib.bounds ?? [0, null], tol, start: data.periods[data.start], endPost: data.periods[end],
        jackknifeGroups: jackGroups || undefined, ...(options.cluster !== undefined ? { cluster: options.cluster, jackknife: "leave one cluster out" } : {}), permutations: P || undefined, seed, alpha,
        primaryInterval: jk ? "jackknife" : "linearisation", primaryP: perm ? "permutation" : jk ? "jackknife" : "linearisation",
      },
      att,
      periods,
      cumulative,
      weights: controlIdx.filter((i) => w[i] > 0).map((i) => ({ unit: data.units[i], weight: w[i] })),
      diagnostics: {
        treatedTotal: st.treated, syntheticTotal: st.synthetic,
        inference: { linearisation: lin, ...(jk ? { jackknife: jk } : {}), ...(perm ? { permutation: perm } : {}) },
        ...(placebos.length ? { placeboZ: placebos.map((s) => s.zTheta[k]) } : {}),
        relaxedConstraints: balance.filter((b) => b.relaxed).map((b) => b.constraint),
      },
      unit: data.unit ?? "count",
      alpha,
    };
  });

  // Omnibus across outcomes.
  const thetas = mainStats.map((s) => s.whole.theta);
  const K = outcomeNames.length;
  const covLin = new Float64Array(K * K);
  for (let a = 0; a < K; a++) for (let b = a; b < K; b++) {
    let s = 0;
    const za = mainStats[a].z, zb = mainStats[b].z;
    for (let r = 0; r < za.length; r++) s += za[r] * zb[r];
    covLin[a * K + b] = covLin[b * K + a] = s;
  }
  const omnibus: MicrosynthResult["omnibus"] = { linearisation: omnibusTest(thetas, covLin, K) };
  if (jack) {
    const G = jack.coefs[0][0].length;
    const dev = mainStats.map((s, k) => {
      const st = s.whole, g0 = 1 / (st.delta + st.alphaBar), g1 = g0 - 1 / st.alphaBar;
      return jack!.coefs[k][0].map((r) => g0 * (r.delta - st.delta) + g1 * (r.alphaBar - st.alphaBar));
    });
    const cov = new Float64Array(K * K);
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) cov[a * K + b] = ((G - 1) / G) * dev[a].reduce((s, x, g) => s + x * dev[b][g], 0);
    omnibus.jackknife = omnibusTest(thetas, cov, K);
  }
  if (placebos.length) {
    const z0 = mainStats.map((s) => s.whole.theta / Math.sqrt(s.whole.varTheta));
    const sum = (z: number[]) => z.reduce((a, b) => a + b, 0);
    const sq = (z: number[]) => z.reduce((a, b) => a + b * b, 0);
    const oneSided = permPValues(placebos.map((s) => sum(s.zTheta)), sum(z0));
    const q0 = sq(z0);
    const twoSided = (1 + placebos.filter((s) => sq(s.zTheta) >= q0).length) / (1 + placebos.length);
    omnibus.permutation = { z: sum(z0), p: { lower: oneSided.lower, upper: oneSided.upper, twoSided } };
  }

  // One outcome without variance makes the joint covariance singular: no joint test either.
  const flat = outcomeNames.find((o) => (effects[o].diagnostics!.inference as Record<string, OutcomeInference>).linearisation.unavailable);
  if (flat !== undefined) {
    const none: OmnibusTest = { p: { lower: NaN, upper: NaN, twoSided: NaN }, unavailable: `outcome "${flat}" has zero variance, so the joint covariance is singular` };
    for (const k of Object.keys(omnibus) as (keyof typeof omnibus)[]) if (omnibus[k]) omnibus[k] = none;
  }

  const relaxed = balance.map((b, j) => ({ b, j })).filter(({ b }) => b.relaxed).map(({ b, j }) => ({ constraint: b.constraint, target: b.treated, achieved: b.synthetic, relativeMisfit: fit.relativeMisfit[j] }));
  let positive = 0, sumW = 0, maxW = 0;
  for (const i of controls) { if (w[i] > 0) positive++; sumW += w[i]; maxW = Math.max(maxW, w[i]); }
  return {
    effects,
    balance,
    weights: w,
    units: data.units,
    omnibus,
    diagnostics: {
      converged: fit.converged, iterations: fit.iterations, relaxation: fit.relaxation, relaxed,
      constraints: p, treatedUnits: prep.ctx.treatedRows.length, controlUnits: controls.length, positiveWeights: positive, sumWeights: sumW, maxWeight: maxW,
      ...(jack ? { jackknifeGroups: jackGroups, jackknifeRelaxed: jack.relaxed } : {}),
      ...(P ? { permutationsUsed: placebos.length, permutationsRelaxed: placebos.filter((s) => s.relaxed).length, permutationsDropped: permDropped } : {}),
      seconds: { ...prep.seconds, ...(jackGroups ? { jackknife: seconds.jackknife } : {}), ...(P ? { permutation: seconds.permutation } : {}) },
    },
  };
}

/** (1 + #{placebo ≤ obs})/(1 + P) and its upper-tail twin; two-sided = 2 × the smaller. */
function permPValues(placebo: number[], obs: number): PValues {
  let le = 0, ge = 0;
  for (const z of placebo) { if (z <= obs) le++; if (z >= obs) ge++; }
  const lower = (1 + le) / (1 + placebo.length), upper = (1 + ge) / (1 + placebo.length);
  return { lower, upper, twoSided: Math.min(1, 2 * Math.min(lower, upper)) };
}

/** R's type-7 quantile of sorted values. */
function quantile7(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q, lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

function omnibusTest(theta: number[], cov: Float64Array, K: number): OmnibusTest {
  const a = theta.map((_, k) => 1 / Math.sqrt(cov[k * K + k]));
  let num = 0, den = 0;
  for (let i = 0; i < K; i++) { num += a[i] * theta[i]; for (let j = 0; j < K; j++) den += a[i] * a[j] * cov[i * K + j]; }
  const z = num / Math.sqrt(den);
  const chi2 = quadInverse(cov, theta, K);
  const lower = normalCdf(z), upper = normalCdf(-z);
  return { z, chi2, df: K, p: { lower, upper, twoSided: chiSquareSf(chi2, K) } };
}

/** θ′Σ⁻¹θ by Gaussian elimination (K is the number of outcomes: tiny). */
function quadInverse(S: Float64Array, theta: number[], K: number): number {
  const A = Array.from({ length: K }, (_, i) => [...Array.from(S.subarray(i * K, (i + 1) * K)), theta[i]]);
  for (let c = 0; c < K; c++) {
    let piv = c;
    for (let r = c + 1; r < K; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = c + 1; r < K; r++) { const f = A[r][c] / A[c][c]; for (let k = c; k <= K; k++) A[r][k] -= f * A[c][k]; }
  }
  const x = new Array<number>(K).fill(0);
  for (let r = K - 1; r >= 0; r--) { let s = A[r][K]; for (let k = r + 1; k < K; k++) s -= A[r][k] * x[k]; x[r] = s / A[r][r]; }
  return theta.reduce((s, t, i) => s + t * x[i], 0);
}

/** Units of each cluster of the attribute `column` (a leave-one-cluster-out jackknife group each). */
function clusterMembers(data: MicrosynthData, column: string): Int32Array[] {
  const units = Int32Array.from({ length: data.units.length }, (_, i) => i);
  const { id, labels } = clustersOf({ units: data.units, attributes: data.attributes ?? {} }, column, units);
  const members = membersOf(id, labels.length);
  const treatedClusters = members.filter((m) => m.some((i) => data.treated[i] === 1)).length;
  if (treatedClusters < 2) throw new InputError(`cluster "${column}": the treated units lie in ${treatedClusters} cluster; a cluster jackknife needs at least 2 clusters with treated units`);
  return members;
}

/**
 * Jackknife groups stratified by treatment (reference-algorithms.md §3.6 with our generator):
 * each stratum is shuffled and dealt ⌊n_s/G⌋ to each group; leftovers go to groups in the
 * order of a random permutation.
 */
export function stratifiedGroups(treated: Uint8Array, G: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const out = new Int32Array(treated.length);
  const perm = rng.shuffle(Int32Array.from({ length: G }, (_, g) => g));
  let next = 0;
  for (const flag of [0, 1]) {
    const members = rng.shuffle(Int32Array.from(treated.reduce<number[]>((a, v, i) => (v === flag ? (a.push(i), a) : a), [])));
    const J = Math.floor(members.length / G);
    let k = 0;
    for (let g = 0; g < G; g++) for (let j = 0; j < J; j++) out[members[k++]] = g;
    for (; k < members.length; k++) out[members[k]] = perm[next++ % G];
  }
  return out;
}

const INFERENCE = ["linearisation", "jackknife", "permutation"] as const;

/**
 * The contract's entry point: one panel (treated units marked in its treatment matrix), one
 * Effect. inference "jackknife" (with `replicates` groups, default min(treated, controls)) or
 * "permutation" (`replicates` placebo groups; also implied by `replicates` alone).
 */
export async function fit(panel: Panel, options: MicrosynthOptions = {}): Promise<Effect<MicrosynthDiagnostics>> {
  checkCommon("microsynth", options, INFERENCE);
  const { inference, replicates } = options;
  const permutation = inference === "permutation" || (inference === undefined && (replicates ?? 0) > 0);
  const mapped: MicrosynthOptions = {
    ...options,
    ...(inference === "jackknife" && options.jackknife === undefined ? { jackknife: replicates ? { groups: replicates } : true } : {}),
    ...(permutation && options.permutations === undefined ? { permutations: replicates ?? 0 } : {}),
  };
  const r = await microsynthParallel(applyTreatmentTime(panel, options.treatmentTime), mapped);
  const e = r.effects[panel.outcome];
  return withDiagnostics(e, { balance: r.balance, omnibus: r.omnibus, fit: r.diagnostics });
}

export const estimator: Estimator<MicrosynthOptions, MicrosynthDiagnostics> = {
  name: "microsynth",
  summary: "micro-synthetic control: calibration weights for many small areas",
  inference: INFERENCE,
  fit,
};
