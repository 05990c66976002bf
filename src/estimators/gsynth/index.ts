/**
 * Generalised synthetic control (Xu 2017): Panel → gsynth(panel, options) → Effect.
 *
 * Interactive fixed effects fitted on the control units, treated units' loadings from their
 * pre-periods, counterfactuals and effects; r chosen by deterministic leave-one-period-out
 * cross-validation; parametric (default) or non-parametric bootstrap on worker threads; or
 * matrix completion (`estimator: "mc"`) on the same interface. Reference behaviour:
 * shared/docs/reference-algorithms.md §1 (R gsynth 1.2.1); differences are documented where
 * they are made (cumulative effect in summary.ts, λ folds in mc.ts).
 */
import { join } from "node:path";
import { InputError } from "../../errors";
import type { Effect, Estimate } from "../../effect";
import type { Panel } from "../../panel/panel";
import { defaultThreads, mapParallel } from "../../parallel/pool";
import { childSeeds } from "../../random";
import { bootstrapEstimate, type CiMethod } from "../../stats/normal";
import { clustersOf, membersOf } from "../../stats/cluster";
import { conformalOptionsOf, type ConformalOptions } from "../../stats/conformal";
import { placeboEstimate } from "../../stats/placebo";
import { bootTask, type BootShared, type BootTask, type ClusterStrata } from "./bootstrap-task";
import { gsynthConformal } from "./conformal";
import { crossValidateR, fitForR, type CvPoint } from "./cv";
import { blockOf, prepareData, type GsynthData } from "./data";
import { crossValidateMc, type McCvResult } from "./mc";
import { layoutOf, offsets, summarise, type Layout } from "./summary";
import { FORCES, hasTimeEffect, hasUnitEffect, type Force, type IfeFit, type TreatedFit } from "./types";
import { applyTreatmentTime, checkCommon, type CommonOptions, type Estimator } from "../options";

export type { Force } from "./types";

export interface GsynthOptions extends CommonOptions {
  /** Additive fixed effects (default "two-way"). */
  force?: Force;
  /** Number of factors, or a [min, max] range chosen by cross-validation (default [0, 5]). */
  r?: number | [number, number];
  /** "ife" interactive fixed effects (default) or "mc" matrix completion. */
  estimator?: "ife" | "mc";
  /** Covariates to adjust for (default: every covariate in the panel). */
  covariates?: string[];
  /** Compute standard errors by bootstrap (default: when `replicates` > 0). */
  se?: boolean;
  /**
   * Default "parametric" for ife (Xu 2017 Algorithm 2); mc supports "nonparametric" only; with
   * `cluster`, "nonparametric" over clusters (the default then). "conformal": intervals by
   * conformal inference (./conformal.ts) instead of a bootstrap (no `se`). "placebo":
   * randomisation inference — treatment moved to random sets of control clusters (or units)
   * as many as the treated ones, `replicates` times (src/stats/placebo.ts; no `se`).
   */
  inference?: "parametric" | "nonparametric" | "conformal" | "placebo";
  /** Unit attribute defining clusters (e.g. police force area): the bootstrap resamples whole clusters (ClusterStrata in bootstrap-task.ts). */
  cluster?: string;
  /** @deprecated alias of `replicates` (bootstrap replicates, default 200). */
  nboots?: number;
  /** Draws of the chosen inference: bootstrap or placebo replicates (default 200), or conformal iid permutations (default 999). */
  replicates?: number;
  /** Other conformal settings: permutations (moving-block, default, or iid), q, resolution. */
  conformal?: Omit<ConformalOptions, "alpha" | "replicates" | "seed">;
  /** Seed of the bootstrap (default 1). The estimate itself involves no randomness. */
  seed?: number;
  /** Significance level of the CIs (default 0.05). */
  alpha?: number;
  /** CI from the normal approximation est ± z·SE (default, as the reference) or bootstrap percentiles. */
  ci?: CiMethod;
  /** Worker threads for the bootstrap (default: all cores for large jobs, 1 for small ones); results do not depend on it. */
  threads?: number;
  /** Progress of the bootstrap: (replicates done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Convergence tolerance (default 1e-3 as the reference: absolute change of β for ife, relative change of the fit for mc). */
  tol?: number;
  /** Maximum β-updates of the ife alternation (default 500). */
  maxIter?: number;
  /** Treated units with fewer observed pre-periods are left out and listed (default 5, as the reference). */
  minPrePeriods?: number;
  /** mc: a fixed penalty λ instead of cross-validation. */
  lambda?: number;
  /** mc: number of λ values in the CV grid (default 10) and folds (default 5). */
  nlambda?: number;
  cvFolds?: number;
}

/** Everything behind the Effect, for plots and teaching (factors, loadings, CV curve, replicates). */
export interface GsynthModel {
  data: GsynthData;
  estimator: "ife" | "mc";
  force: Force;
  r: number;
  lambda?: number;
  /** ife: the control fit and the treated fit at the chosen r. */
  fit?: IfeFit;
  treatedFit?: TreatedFit;
  mc?: McCvResult;
  cvCurve: CvPoint[];
  /** Treated effects and counterfactuals, ntr×T. */
  eff: Float64Array;
  counterfactual: Float64Array;
  beta: Float64Array;
  layout: Layout;
  /** Summary vector of the estimate (see summary.ts). */
  estimate: Float64Array;
  /** Bootstrap replicates of the summary vector (when se). */
  replicates?: Float64Array[];
  failedReplicates?: number;
}

function rCandidates(d: GsynthData, force: Force, r: GsynthOptions["r"]): { candidates: number[]; cv: boolean } {
  const q = hasUnitEffect(force) ? 1 : 0;
  const pre = Array.from(d.treated, (i, k) => {
    let m = 0;
    for (let t = 0; t < d.t0[k]; t++) if (!Number.isNaN(d.panel.y[i * d.T + t])) m++;
    return m;
  });
  const minPre = Math.min(...pre);
  const shortest = d.panel.units[d.treated[pre.indexOf(minPre)]];
  // Loadings + unit effect must be estimable with one pre-period to spare (for leave-one-out);
  // the controls must have more units and periods than factors after removing fixed effects.
  const byPre = minPre - q - 1;
  const byControls = d.controls.length - q - 1;
  const byPeriods = d.T - (hasTimeEffect(force) ? 1 : 0) - 1;
  const rMax = Math.min(byPre, byControls, byPeriods);
  const why = (r0: number) => r0 > byPre
    ? `r = ${r0} factors need at least ${r0 + q + 1} pre-periods per treated unit; the shortest (${shortest}) has ${minPre}`
    : r0 > byControls ? `r = ${r0} factors need at least ${r0 + q + 2} control units; there are ${d.controls.length}`
    : `r = ${r0} factors need at least ${r0 + 2 + (hasTimeEffect(force) ? 1 : 0)} periods; there are ${d.T}`;
  if (r === undefined) r = [0, 5];
  if (typeof r === "number") {
    if (!Number.isInteger(r) || r < 0) throw new InputError(`r must be a whole number ≥ 0, got ${r}`);
    if (r > rMax) throw new InputError(why(r));
    return { candidates: [r], cv: false };
  }
  const [lo, hi] = r;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) throw new InputError(`the r range must be two whole numbers 0 ≤ min ≤ max, got ${lo}:${hi}`);
  if (lo > rMax) throw new InputError(why(lo));
  const top = Math.min(hi, rMax);
  return { candidates: Array.from({ length: top - lo + 1 }, (_, k) => lo + k), cv: top > lo };
}

/** The point estimate (no bootstrap): deterministic. */
export function fitGsynth(panel: Panel, options: GsynthOptions = {}): GsynthModel {
  const force = options.force ?? "two-way";
  if (!FORCES.includes(force)) throw new InputError(`force must be one of ${FORCES.join(", ")}; got "${force}"`);
  const estimator = options.estimator ?? "ife";
  const d = prepareData(panel, options.covariates ?? Object.keys(panel.covariates), options.minPrePeriods ?? 5);
  const controls = blockOf(d, d.controls), treated = blockOf(d, d.treated);
  const layout = layoutOf(d.T, d.t0, d.covariates.length);
  const tol = options.tol ?? 1e-3;
  if (estimator === "mc") {
    if (options.lambda !== undefined && !(options.lambda >= 0)) throw new InputError(`lambda must be ≥ 0, got ${options.lambda}`);
    const mc = crossValidateMc(controls, treated, d.t0, force, {
      tol, ...(options.lambda !== undefined ? { lambda: options.lambda } : {}),
      ...(options.nlambda ? { nlambda: options.nlambda } : {}), ...(options.cvFolds ? { k: options.cvFolds } : {}),
    });
    return {
      data: d, estimator, force, r: 0, lambda: mc.lambda, mc, cvCurve: [], eff: mc.fit.eff, counterfactual: mc.fit.counterfactual,
      beta: mc.fit.beta, layout, estimate: summarise(mc.fit.eff, d.t0, mc.fit.beta, layout),
    };
  }
  if (estimator !== "ife") throw new InputError(`estimator must be "ife" or "mc", got "${String(estimator)}"`);
  const { candidates, cv } = rCandidates(d, force, options.r);
  const ifeOpts = { tol, maxIter: options.maxIter ?? 500 };
  const chosen = cv ? crossValidateR(controls, treated, d.t0, candidates, force, ifeOpts) : { r: candidates[0], curve: [], ...fitForR(controls, treated, d.t0, candidates[0], force, ifeOpts) };
  return {
    data: d, estimator, force, r: chosen.r, fit: chosen.fit, treatedFit: chosen.treated, cvCurve: chosen.curve,
    eff: chosen.treated.eff, counterfactual: chosen.treated.counterfactual, beta: chosen.fit.beta, layout,
    estimate: summarise(chosen.treated.eff, d.t0, chosen.fit.beta, layout),
  };
}

const CHUNK = 25;
/** Bootstrap size (refits × panel cells) from which worker threads pay off by default. */
const PARALLEL_MIN_CELL_REFITS = 1e7;

/** Bootstrap (or placebo) replicates of the summary vector; each replicate has its own seed (thread-count independent). */
export async function bootstrapGsynth(m: GsynthModel, options: GsynthOptions = {}): Promise<{ replicates: Float64Array[]; failed: number }> {
  const B = bootstrapReplicates(options);
  if (!Number.isInteger(B) || B < 2) throw new InputError(`replicates must be a whole number ≥ 2, got ${B}`);
  const inference = bootstrapKind(m, options);
  const d = m.data;
  const controls = blockOf(d, d.controls), treated = blockOf(d, d.treated);
  const shared: BootShared = {
    estimator: m.estimator, r: m.r, lambda: m.lambda ?? 0, force: m.force, tol: options.tol ?? 1e-3, maxIter: options.maxIter ?? 500,
    beta: m.beta, F: m.fit?.F ?? new Float64Array(0), controls, treated, t0: d.t0,
    fittedControls: m.fit?.fitted ?? new Float64Array(0), residualsControls: m.fit?.residuals ?? new Float64Array(0),
    counterfactual: m.counterfactual, layout: m.layout, estimate: m.estimate, B,
    ...(inference === "placebo" ? { placebo: placeboPool(d, m.r, options.cluster) } : options.cluster !== undefined ? { clusters: clusterStrata(d, options.cluster) } : {}),
  };
  const seeds = childSeeds(options.seed ?? 1, inference === "parametric" ? 2 * B : B);
  const chunks = (kind: BootTask["kind"], s: number[]): BootTask[] => {
    const out: BootTask[] = [];
    for (let k = 0; k < s.length; k += CHUNK) out.push({ kind, seeds: s.slice(k, k + CHUNK) });
    return out;
  };
  const modulePath = join(__dirname, "bootstrap-task");
  const total = seeds.length;
  let before = 0;
  // Starting a worker costs ~0.3 s of CPU (TypeScript loader) per bootstrap phase, so small
  // jobs run faster on this thread; results are identical either way.
  const cellRefits = seeds.length * d.N * d.T;
  const threads = options.threads ?? (cellRefits >= PARALLEL_MIN_CELL_REFITS ? defaultThreads() : 1);
  const run = async (tasks: BootTask[]): Promise<Float64Array[]> => {
    if (threads > 1) {
      return mapParallel<BootShared, BootTask, Float64Array>(modulePath, "bootTask", tasks, {
        shared, threads, onProgress: (done) => options.onProgress?.(Math.min(total, before + done * CHUNK), total),
      });
    }
    // One thread: run here, on the already-compiled (and JIT-warm) modules.
    return tasks.map((task, k) => {
      const out = bootTask(shared, task);
      options.onProgress?.(Math.min(total, before + (k + 1) * CHUNK), total);
      return out;
    });
  };
  if (inference === "parametric") {
    const pseudo = await run(chunks("pseudo", seeds.slice(0, B)));
    const flat = new Float64Array(B * d.t0.length * d.T);
    let at = 0;
    for (const part of pseudo) { flat.set(part, at); at += part.length; }
    shared.pseudoEff = flat;
    before = B;
  }
  const parts = await run(chunks(inference, seeds.slice(before)));
  const width = m.layout.size, replicates: Float64Array[] = [];
  let failed = 0;
  for (const part of parts) for (let k = 0; k < part.length; k += width) {
    const row = part.slice(k, k + width);
    if (Number.isNaN(row[offsets(m.layout).avg])) failed++;
    replicates.push(row);
  }
  return { replicates, failed };
}

/** Which replicates run: parametric (ife default) or non-parametric bootstrap (mc, and with clusters), or placebos. */
function bootstrapKind(m: GsynthModel, options: GsynthOptions): "parametric" | "nonparametric" | "placebo" {
  const inference = options.inference ?? (m.estimator === "mc" || options.cluster !== undefined ? "nonparametric" : "parametric");
  if (inference === "conformal") throw new InputError(`inference "conformal" does not use the bootstrap: leave se unset`);
  if (inference === "placebo") return inference;
  if (inference !== "parametric" && inference !== "nonparametric") throw new InputError(`gsynth inference must be parametric, nonparametric, conformal or placebo; got "${String(inference)}"`);
  if (m.estimator === "mc" && inference === "parametric") throw new InputError(`the parametric bootstrap is defined for estimator "ife"; use inference "nonparametric" with "mc"`);
  if (options.cluster !== undefined && inference === "parametric") throw new InputError(`cluster "${options.cluster}": the cluster bootstrap is non-parametric (whole clusters resampled); use inference "nonparametric"`);
  return inference;
}

/** Bootstrap strata of the clusters (see ClusterStrata): rows in the control and treated blocks, clusters in order of first appearance. */
function clusterStrata(d: GsynthData, column: string): ClusterStrata {
  const units = Int32Array.from([...d.controls, ...d.treated]);
  const { id, labels } = clustersOf(d.panel, column, units);
  const nc = d.controls.length, G = labels.length;
  const members = membersOf(id, G);
  const control: Int32Array[] = [], treated: ClusterStrata["treated"] = [];
  // Clusters ordered by first member among the controls, then among the treated (so one unit per cluster gives the unit order).
  for (const m of members) {
    const c = m.filter((k) => k < nc), t = m.filter((k) => k >= nc).map((k) => k - nc);
    if (t.length) treated.push({ treated: t, control: c }); else control.push(c);
  }
  treated.sort((a, b) => a.treated[0] - b.treated[0]);
  control.sort((a, b) => a[0] - b[0]);
  if (treated.length < 2) throw new InputError(`cluster "${column}": the treated units lie in ${treated.length} cluster; a cluster bootstrap needs at least 2 clusters with treated units`);
  if (control.length + treated.length < 3) throw new InputError(`cluster "${column}" has ${G} clusters; a cluster bootstrap needs at least 3`);
  return { control, treated };
}

/** Control clusters (or units) that can stand in for the treated ones in placebo replicates. */
function placeboPool(d: GsynthData, r: number, column: string | undefined): NonNullable<BootShared["placebo"]> {
  if (d.t0.some((t) => t !== d.t0[0])) throw new InputError(`placebo inference needs one treatment date for every treated unit; these are staggered`);
  const nc = d.controls.length;
  let clusters: Int32Array[], treatedClusters: number;
  if (column === undefined) {
    clusters = Array.from({ length: nc }, (_, k) => Int32Array.of(k));
    treatedClusters = d.treated.length;
  } else {
    const { id, labels } = clustersOf(d.panel, column, Int32Array.from([...d.controls, ...d.treated]));
    const members = membersOf(id, labels.length);
    clusters = members.filter((mm) => mm.every((k) => k < nc));
    treatedClusters = members.length - clusters.length;
  }
  const what = column === undefined ? "control units" : `clusters of "${column}" without treated units`;
  if (clusters.length <= treatedClusters) throw new InputError(`placebo inference draws ${treatedClusters} placebo ${column === undefined ? "units" : "clusters"} from the ${clusters.length} ${what}: it needs more of them than treated ones`);
  const smallest = [...clusters].map((c) => c.length).sort((a, b) => b - a).slice(0, treatedClusters).reduce((a, b) => a + b, 0);
  if (nc - smallest < r + 2) throw new InputError(`placebo inference: after moving treatment to ${treatedClusters} placebo ${column === undefined ? "units" : "clusters"}, ${nc - smallest} controls may be left; r = ${r} factors need at least ${r + 2}`);
  return { clusters, treatedClusters };
}

/** Fits, bootstraps (when `se`) or runs conformal inference, and returns the model with its Effect. */
export async function estimateGsynth(panel: Panel, options: GsynthOptions = {}): Promise<{ effect: Effect; model: GsynthModel }> {
  const fitted = fitGsynth(panel, options);
  if (options.inference === "conformal") {
    if (options.se) throw new InputError(`inference "conformal" gives its own intervals; se (the bootstrap) is an alternative, not an addition`);
    if (options.cluster !== undefined) throw new InputError(`cluster "${options.cluster}" applies to the bootstrap; conformal inference permutes periods, not units`);
    return { effect: gsynthConformal(fitted, toEffect(fitted, options), conformalOptionsOf(options)), model: fitted };
  }
  const model = options.se || options.inference === "placebo" ? await withBootstrap(fitted, options) : fitted;
  return { effect: toEffect(model, options), model };
}

/** The fitted model with its bootstrap replicates (a new object: the fit itself is not changed). */
export async function withBootstrap(m: GsynthModel, options: GsynthOptions = {}): Promise<GsynthModel> {
  const { replicates, failed } = await bootstrapGsynth(m, options);
  return { ...m, replicates, failedReplicates: failed };
}

/** Panel → Effect (the simple API the notebooks and the CLI use). */
export async function gsynth(panel: Panel, options: GsynthOptions = {}): Promise<Effect> {
  return (await estimateGsynth(panel, options)).effect;
}

const INFERENCE = ["parametric", "nonparametric", "conformal", "placebo"] as const;

/** The contract's entry point: common options mapped onto gsynth's (replicates > 0 turns the bootstrap on). */
export async function fit(panel: Panel, options: GsynthOptions = {}): Promise<Effect> {
  checkCommon("gsynth", options, INFERENCE);
  const ownIntervals = options.inference === "conformal" || options.inference === "placebo";
  const se = options.se ?? (!ownIntervals && (options.replicates ?? options.nboots ?? 0) > 0);
  return gsynth(applyTreatmentTime(panel, options.treatmentTime), { ...options, se });
}

export const estimator: Estimator<GsynthOptions> = {
  name: "gsynth",
  summary: "generalised synthetic control (Xu 2017): interactive fixed effects or matrix completion",
  inference: INFERENCE,
  fit,
};

/** Bootstrap replicates: `replicates`, or the deprecated `nboots`, default 200. */
function bootstrapReplicates(o: GsynthOptions): number {
  return o.replicates ?? o.nboots ?? 200;
}

/** Builds the shared Effect from a fitted (and possibly bootstrapped) model. */
export function toEffect(m: GsynthModel, options: GsynthOptions = {}): Effect {
  const d = m.data, L = m.layout, o = offsets(L), T = d.T;
  const alpha = options.alpha ?? 0.05, ciMethod = options.ci ?? "normal";
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be between 0 and 1, got ${alpha}`);
  const reps = m.replicates, placebo = options.inference === "placebo";
  const est = (k: number): Estimate => {
    const v = m.estimate[k];
    if (!reps) return { estimate: v };
    return placebo ? placeboEstimate(v, reps.map((r) => r[k]), alpha) : bootstrapEstimate(v, reps.map((r) => r[k]), alpha, ciMethod);
  };
  const common = d.t0.every((t) => t === d.t0[0]);
  const label = (k: number) => (common ? d.panel.periods[k + d.t0[0]] : String(k));
  // Observed and counterfactual means per relative period, over the units present there.
  const obsSum = new Float64Array(T), cfSum = new Float64Array(T), count = new Float64Array(T);
  d.treated.forEach((unit, i) => {
    for (let t = 0; t < T; t++) {
      const row = t - d.t0[i] - L.kMin, e = m.eff[i * T + t];
      if (row < 0 || row >= T || Number.isNaN(e)) continue;
      obsSum[row] += d.panel.y[unit * T + t]; cfSum[row] += d.panel.y[unit * T + t] - e; count[row]++;
    }
  });
  const periods: Effect["periods"] = [];
  const rowsUsed: number[] = [];
  for (let row = 0; row < T; row++) {
    if (!count[row]) continue;
    const k = row + L.kMin, e = est(o.att + row);
    rowsUsed.push(row);
    periods.push({
      time: label(k), relative: k, observed: obsSum[row] / count[row], counterfactual: cfSum[row] / count[row], effect: e.estimate,
      ...(e.se !== undefined ? { se: e.se, ci: e.ci! } : {}),
    });
  }
  const cumulative = Array.from({ length: L.post }, (_, k) => {
    const e = est(o.cum + k);
    return { time: label(k), effect: e.estimate, ...(e.se !== undefined ? { se: e.se, ci: e.ci! } : {}) };
  });
  const coefficients: Record<string, Estimate> = {};
  d.covariates.forEach((name, k) => (coefficients[name] = est(o.beta + k)));
  const unitEffects = Array.from(d.treated, (unit, i) => ({
    unit: d.panel.units[unit],
    att: est(o.unit + i),
    effects: rowsUsed.map((row) => { const t = row + L.kMin + d.t0[i]; return t >= 0 && t < T ? m.eff[i * T + t] : NaN; }),
  }));
  const inference = options.inference ?? (m.estimator === "mc" || options.cluster !== undefined ? "nonparametric" : "parametric");
  const warnings: string[] = [];
  if (options.se && inference === "nonparametric" && options.cluster === undefined && d.treated.length < 40) warnings.push(`non-parametric bootstrap with ${d.treated.length} treated units (< 40): SEs may be unreliable`);
  if (options.se && !placebo && options.cluster !== undefined) {
    const treatedClusters = new Set(Array.from(d.treated, (u) => String(d.panel.attributes[options.cluster!][u]))).size;
    if (treatedClusters < 20) warnings.push(`cluster bootstrap with ${treatedClusters} clusters of treated units (< 20): SEs may be unreliable`);
  }
  if (d.dropped.length) warnings.push(`treated units with fewer than ${options.minPrePeriods ?? 5} pre-periods left out: ${d.dropped.join(", ")}`);
  const conv = m.fit?.converged ?? m.mc?.fit.converged;
  if (conv === false) warnings.push(`the ${m.estimator === "mc" ? "soft-impute" : m.data.obs ? "EM" : "β/factor"} iteration stopped at its iteration limit before reaching the tolerance`);
  if (m.replicates && m.failedReplicates) warnings.push(`${m.failedReplicates} bootstrap replicates failed to fit and were left out`);
  const settings: Record<string, unknown> = {
    estimator: m.estimator, force: m.force,
    ...(m.estimator === "ife"
      ? { r: m.r, rSelection: m.cvCurve.length ? "leave-one-period-out cross-validation (a larger r must lower the MSPE by 0.1%)" : "fixed", ...(m.cvCurve.length ? { rCandidates: m.cvCurve.map((p) => p.r) } : {}) }
      : { lambda: m.lambda, lambdaNorm: m.mc!.lambdaNorm, lambdaSelection: m.mc!.curve.length ? "5-fold cross-validation on deterministic hold-out cells" : "fixed" }),
    covariates: d.covariates, timing: common ? "common" : "staggered",
    ...(placebo ? { se: false, inference, replicates: bootstrapReplicates(options), seed: options.seed ?? 1, ci: "placebo quantiles", ...(options.cluster !== undefined ? { cluster: options.cluster } : {}) }
      : options.se ? { se: true, inference, replicates: bootstrapReplicates(options), seed: options.seed ?? 1, ci: ciMethod, ...(options.cluster !== undefined ? { cluster: options.cluster } : {}) } : { se: false }),
  };
  return {
    method: "gsynth", settings, att: est(o.avg), periods, cumulative,
    ...(d.covariates.length ? { coefficients } : {}), unitEffects, diagnostics: { ...diagnostics(m, options.tol ?? 1e-3), ...(warnings.length ? { warnings } : {}) },
    ...(d.panel.unit ? { unit: d.panel.unit } : {}), alpha,
  };
}

function diagnostics(m: GsynthModel, tol: number): Record<string, unknown> {
  const d = m.data, T = d.T;
  let sse = 0, n = 0;
  d.t0.forEach((t0, i) => { for (let t = 0; t < t0; t++) { const e = m.eff[i * T + t]; if (!Number.isNaN(e)) { sse += e * e; n++; } } });
  const out: Record<string, unknown> = {
    preMSPE: sse / n,
    nTreated: d.treated.length, nControls: d.controls.length, nPeriods: T,
    missingCells: d.obs ? d.obs.reduce((s, o) => s + (o ? 0 : 1), 0) : 0,
    ...(d.dropped.length ? { droppedTreatedUnits: d.dropped } : {}),
  };
  if (m.fit) {
    Object.assign(out, {
      cvCurve: m.cvCurve, iterations: m.fit.iterations, converged: m.fit.converged, tolerance: tol,
      sigma2: m.fit.sigma2, IC: m.fit.ic, PC: m.fit.pc, commonSupport: commonSupport(m),
    });
  }
  if (m.mc) Object.assign(out, { cvCurve: m.mc.curve, iterations: m.mc.fit.iterations, converged: m.mc.fit.converged, tolerance: tol });
  if (m.replicates) {
    out.bootstrapReplicates = m.replicates.length;
    out.failedReplicates = m.failedReplicates ?? 0;
  }
  return out;
}

/**
 * The report's "common support": each treated unit's loadings should lie within the range of
 * the control units' loadings, factor by factor; otherwise its counterfactual extrapolates.
 */
export function commonSupport(m: GsynthModel): { withinRange: boolean; outside: { unit: string; factor: number; loading: number; min: number; max: number }[] } {
  const outside: { unit: string; factor: number; loading: number; min: number; max: number }[] = [];
  if (!m.fit || !m.treatedFit || m.r === 0) return { withinRange: true, outside };
  const r = m.r, nc = m.data.controls.length;
  for (let k = 0; k < r; k++) {
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < nc; i++) { const l = m.fit.loadings[i * r + k]; min = Math.min(min, l); max = Math.max(max, l); }
    m.data.treated.forEach((unit, i) => {
      const l = m.treatedFit!.loadings[i * r + k];
      if (l < min || l > max) outside.push({ unit: m.data.panel.units[unit], factor: k + 1, loading: l, min, max });
    });
  }
  return { withinRange: outside.length === 0, outside };
}
