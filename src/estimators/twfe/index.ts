/**
 * Two-way fixed effects (generalised difference-in-differences), methods.md §5 and the
 * report's Annex 3 comparison:
 *
 *   Y_it = α_i + γ_t + τ·D_it + x_it'β + ε_it
 *
 * Unit and period effects are removed by iterated demeaning (so unbalanced panels and
 * missing cells work), τ and β come from OLS on the demeaned data, and standard errors are
 * CR1 cluster-robust with the clusters the treatment was assigned by. Two small-sample
 * conventions are offered, because software differs:
 *  - "nested" (default; reghdfe, fixest, Stata xtreg): K = p + T — the unit effects are nested
 *    in the clusters and not counted, the period effects and the constant are;
 *  - "lm" (R lm() with factor(unit) + factor(time) and sandwich::vcovCL HC1): K = p + N + T − 1,
 *    every dummy counted (N + T − c with c connected pieces on a disconnected panel).
 * Both multiply by G/(G−1)·(n−1)/(n−K); inference uses Student t with G − 1 df.
 * Optional: a wild cluster restricted bootstrap for few clusters, and an event study with a
 * joint Wald test that the pre-treatment (lead) terms are zero.
 *
 * τ is identified by comparing treated and untreated cells after removing unit and period
 * means, which is only a causal effect if treated and comparison units would have followed
 * parallel paths — the assumption Annex 3 gives as its reason to prefer synthetic control.
 */
import type { Effect, EffectPeriod, Estimate } from "../../effect";
import { InputError } from "../../errors";
import { treatmentStart, type Panel } from "../../panel/panel";
import { createDemeaner, feLayout, fePieces, type Demeaner } from "../../linalg/demean";
import { fUpperTail, tTwoSided, tUpperQuantile } from "../../stats/distributions";
import { eventStudyRegressors, eventTermName, validateWindow, type EventWindow } from "./event-study";
import { wildClusterBootstrap, type WildResult, type WildWeights } from "./wild-bootstrap";
import { solveSpd } from "../../linalg/dense";
import { clusterVcov, fitWithin, type Regressor, type WithinFit } from "../../linalg/within";
import { applyTreatmentTime, checkCommon, type CommonOptions, type Estimator } from "../options";
import { clusterJackknife } from "./jackknife";
import { clustersOf } from "../../stats/cluster";

export type SeConvention = "nested" | "lm";

export interface TwfeOptions extends CommonOptions {
  /** Covariates to include (names in panel.covariates); default: all the panel carries. */
  covariates?: string[];
  /** Unit attribute to cluster by (e.g. the police force area); default: the unit itself. */
  cluster?: string;
  /** Small-sample convention of the CR1 SE (default "nested"). */
  convention?: SeConvention;
  /** Event study window (leads, lags, reference event time). */
  eventStudy?: EventWindow;
  /**
   * "cluster" (CR1, default); "wild": the wild cluster restricted bootstrap for τ's p-value and CI, with
   * `replicates` draws (default 999) and `seed`; "jackknife": leave-one-cluster-out jackknife SE of τ
   * (./jackknife.ts), Student t with G − 1 df.
   */
  inference?: "cluster" | "wild" | "jackknife";
  /** Weights of the wild bootstrap (default "webb"). */
  weights?: WildWeights;
  /** @deprecated alias of `inference: "wild"` with `replicates`, `weights`, `seed`, `onProgress`. */
  bootstrap?: { reps: number; weights?: WildWeights; seed: number; onProgress?: (done: number, total: number) => void };
  alpha?: number;
  /** Units or periods left with one observation: drop them with a note (default) or stop. */
  singletons?: "drop" | "error";
  /** Demeaning tolerance and sweep limit. */
  tol?: number;
  maxIter?: number;
  /** Name used for the treatment in messages (default "treatment"). */
  treatmentName?: string;
}

/** The observations used: panel cells with an outcome and every covariate, minus singletons.
 * droppedMissing counts grid cells (unit × period) lacking either, including cells absent from the input. */
interface Sample {
  cell: Int32Array;
  unit: Int32Array;
  period: Int32Array;
  droppedMissing: number;
  singletons: { units: string[]; periods: string[]; observations: number };
}

function selectSample(panel: Panel, covariates: string[], singletons: "drop" | "error"): Sample {
  const N = panel.units.length, T = panel.periods.length;
  const keep = new Uint8Array(N * T);
  let droppedMissing = 0;
  const covs = covariates.map((k) => panel.covariates[k]);
  for (let c = 0; c < N * T; c++) {
    let ok = Number.isFinite(panel.y[c]);
    for (const x of covs) if (!Number.isFinite(x[c])) ok = false;
    if (ok) keep[c] = 1; else droppedMissing++;
  }
  // A unit or period with one observation is fitted exactly by its own effect: it adds nothing
  // but inflates n. Dropping one can create another, so repeat until none is left.
  const droppedUnits = new Set<number>(), droppedPeriods = new Set<number>();
  let droppedObs = 0;
  for (;;) {
    const uc = new Int32Array(N), tc = new Int32Array(T);
    for (let i = 0; i < N; i++) for (let t = 0; t < T; t++) if (keep[i * T + t]) { uc[i]++; tc[t]++; }
    let changed = false;
    for (let i = 0; i < N; i++) {
      for (let t = 0; t < T; t++) {
        if (!keep[i * T + t] || (uc[i] > 1 && tc[t] > 1)) continue;
        if (uc[i] === 1) droppedUnits.add(i); else droppedPeriods.add(t);
        keep[i * T + t] = 0; droppedObs++; changed = true;
      }
    }
    if (!changed) break;
  }
  const singletonInfo = { units: [...droppedUnits].map((i) => panel.units[i]), periods: [...droppedPeriods].map((t) => panel.periods[t]), observations: droppedObs };
  if (droppedObs > 0 && singletons === "error") {
    throw new InputError(`singleton observations: ${describeSingletons(singletonInfo)} — each has a single observation, which its own fixed effect fits exactly; remove them or allow dropping`);
  }
  let n = 0;
  for (let c = 0; c < N * T; c++) n += keep[c];
  const cell = new Int32Array(n), unit = new Int32Array(n), period = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < N; i++) for (let t = 0; t < T; t++) if (keep[i * T + t]) { cell[k] = i * T + t; unit[k] = i; period[k] = t; k++; }
  return { cell, unit, period, droppedMissing, singletons: singletonInfo };
}

/** The values of the sample's cells, in sample order. */
function gather(values: ArrayLike<number>, cells: Int32Array): Float64Array {
  const out = new Float64Array(cells.length);
  for (let k = 0; k < cells.length; k++) out[k] = values[cells[k]];
  return out;
}

function describeSingletons(s: Sample["singletons"]): string {
  const parts: string[] = [];
  if (s.units.length) parts.push(`unit${s.units.length > 1 ? "s" : ""} ${s.units.slice(0, 8).join(", ")}${s.units.length > 8 ? ", …" : ""}`);
  if (s.periods.length) parts.push(`period${s.periods.length > 1 ? "s" : ""} ${s.periods.slice(0, 8).join(", ")}${s.periods.length > 8 ? ", …" : ""}`);
  return `${s.observations} observation${s.observations > 1 ? "s" : ""} of ${parts.join(" and ")}`;
}

/** Cluster index per observation, the number of clusters and their labels (the unit itself by default). */
function clusterIds(panel: Panel, sample: Sample, clusterBy: string | undefined): { id: Int32Array; G: number; labels: string[] } {
  // One label lookup per unit, not per observation.
  const N = panel.units.length;
  const all = Int32Array.from({ length: N }, (_, i) => i);
  const { id: ofUnit, labels } = clusterBy === undefined ? { id: all, labels: panel.units } : clustersOf(panel, clusterBy, all);
  const id = Int32Array.from(sample.unit, (i) => ofUnit[i]);
  // Clusters with no observation in the sample are dropped and the ids renumbered.
  const used = new Int32Array(labels.length).fill(-1);
  const kept: string[] = [];
  for (let k = 0; k < id.length; k++) { if (used[id[k]] < 0) { used[id[k]] = kept.length; kept.push(labels[id[k]]); } id[k] = used[id[k]]; }
  if (kept.length < 2) throw new InputError(`cluster-robust SEs need at least 2 clusters; "${clusterBy ?? "unit"}" has ${kept.length}`);
  return { id, G: kept.length, labels: kept };
}

function checkTreatmentVariation(panel: Panel, sample: Sample, name: string): void {
  let ones = 0;
  for (const c of sample.cell) ones += panel.treatment[c];
  if (ones === 0 || ones === sample.cell.length) {
    throw new InputError(`treatment "${name}" has no variation in the estimation sample: every observation is ${ones === 0 ? "untreated (0)" : "treated (1)"}`);
  }
}

function countTreatedClusters(panel: Panel, sample: Sample, cluster: { id: Int32Array; G: number }): number {
  const seen = new Uint8Array(cluster.G);
  for (let k = 0; k < sample.cell.length; k++) if (panel.treatment[sample.cell[k]]) seen[cluster.id[k]] = 1;
  return seen.reduce((a, b) => a + b, 0);
}

interface Inference { se: number; ci: [number, number]; p: number }

function tInference(est: number, se: number, df: number, alpha: number): Inference {
  const q = tUpperQuantile(alpha / 2, df);
  return { se, ci: [est - q * se, est + q * se], p: tTwoSided(est / se, df) };
}

/** Treated aggregate per period: mean observed outcome of ever-treated units and that minus τ·D. */
function treatedPeriods(panel: Panel, sample: Sample, tau: number, inf: { se: number; ci: [number, number] }): EffectPeriod[] {
  const T = panel.periods.length;
  const start = treatmentStart(panel);
  const firstStart = Math.min(...[...start].filter((s) => s >= 0));
  const ySum = new Float64Array(T), dSum = new Float64Array(T), count = new Float64Array(T);
  for (let k = 0; k < sample.cell.length; k++) {
    if (start[sample.unit[k]] < 0) continue;
    const t = sample.period[k], c = sample.cell[k];
    ySum[t] += panel.y[c]; dSum[t] += panel.treatment[c]; count[t]++;
  }
  const out: EffectPeriod[] = [];
  for (let t = 0; t < T; t++) {
    if (count[t] === 0) continue;
    const share = dSum[t] / count[t], observed = ySum[t] / count[t];
    out.push({
      time: panel.periods[t], relative: t - firstStart, observed, counterfactual: observed - tau * share, effect: tau * share,
      ...(share > 0 ? { se: share * inf.se, ci: [share * inf.ci[0], share * inf.ci[1]] as [number, number] } : {}),
    });
  }
  return out;
}

interface FitContext {
  panel: Panel;
  sample: Sample;
  dm: Demeaner;
  y: Float64Array;
  covariates: Regressor[];
  cluster: { id: Int32Array; G: number };
  kFe: { lm: number; nested: number };
}

/** CR1 scale G/(G−1)·(n−1)/(n−K) for a fit with p regressors. */
function cr1Scale(ctx: FitContext, p: number, convention: SeConvention): { scale: number; K: number } {
  const n = ctx.y.length, G = ctx.cluster.G;
  const K = p + ctx.kFe[convention];
  if (n - K < 1) throw new InputError(`too few observations (${n}) for ${K} parameters under the "${convention}" convention`);
  return { scale: (G / (G - 1)) * ((n - 1) / (n - K)), K };
}

function coefficientTable(fit: WithinFit, v: Float64Array, df: number, alpha: number, from: number): Record<string, Estimate> {
  const k = fit.coef.length, out: Record<string, Estimate> = {};
  for (let j = from; j < k; j++) {
    const se = Math.sqrt(v[j * k + j]);
    out[fit.names[j]] = { estimate: fit.coef[j], ...tInference(fit.coef[j], se, df, alpha) };
  }
  return out;
}

/** Event study: the lead/lag coefficients and the joint Wald test that the leads are zero. */
function eventStudy(ctx: FitContext, window: Required<EventWindow>, convention: SeConvention, alpha: number) {
  const start = treatmentStart(ctx.panel);
  const es = eventStudyRegressors(window, ctx.sample.unit, ctx.sample.period, start);
  if (es.regressors.length === 0) throw new InputError("event study: no treated observation falls in the window");
  const fit = fitWithin(ctx.dm, ctx.y, ctx.panel.outcome, [...es.regressors, ...ctx.covariates]);
  const { scale } = cr1Scale(ctx, fit.coef.length, convention);
  const v = clusterVcov(fit, ctx.cluster.id, ctx.cluster.G, scale);
  const df = ctx.cluster.G - 1;
  const terms = coefficientTable(fit, v, df, alpha, 0);
  const eventTerms: Record<string, Estimate> = {};
  for (const r of es.regressors) eventTerms[r.name] = terms[r.name];
  const leadIdx = es.events.flatMap((e, j) => (e < 0 ? [j] : []));
  let pretrend: TwfePretrend | undefined;
  if (leadIdx.length > 0) {
    const q = leadIdx.length, k = fit.coef.length;
    const b = Float64Array.from(leadIdx, (j) => fit.coef[j]);
    const sub = new Float64Array(q * q);
    leadIdx.forEach((a, r) => leadIdx.forEach((c, s) => (sub[r * q + s] = v[a * k + c])));
    const z = q <= df ? solveSpd(sub, b, q) : undefined;
    if (z) {
      let wald = 0;
      for (let r = 0; r < q; r++) wald += b[r] * z[r];
      const F = wald / q;
      pretrend = { test: "F", terms: leadIdx.map((j) => fit.names[j]), wald, F, df1: q, df2: df, p: fUpperTail(F, q, df) };
    } else {
      pretrend = { test: "F", terms: leadIdx.map((j) => fit.names[j]), note: `not computed: the ${q} lead terms' cluster-robust covariance is singular (rank ≤ G − 1 = ${df})` };
    }
  }
  return { eventTerms, pretrend, empty: es.empty.map(eventTermName), iterations: fit.iterations, window };
}

/** Fits the two-way fixed-effects model and returns the shared Effect. */
export function twfe(panel: Panel, options: TwfeOptions = {}): Effect<TwfeDiagnostics> {
  const bootstrap = wildBootstrap(options);
  const opts: TwfeOptions = bootstrap ? { ...options, bootstrap } : options;
  const alpha = opts.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be in (0, 1), got ${alpha}`);
  const convention = opts.convention ?? "nested";
  const treatmentName = opts.treatmentName ?? "treatment";
  const covNames = opts.covariates ?? Object.keys(panel.covariates);
  for (const k of covNames) if (!panel.covariates[k]) throw new InputError(`covariate "${k}" is not in the panel (covariates: ${Object.keys(panel.covariates).join(", ") || "none"})`);
  const window = opts.eventStudy ? validateWindow(opts.eventStudy) : undefined;

  const sample = selectSample(panel, covNames, opts.singletons ?? "drop");
  if (sample.cell.length === 0) throw new InputError(`no observations left: every cell lacks the outcome "${panel.outcome}" or a covariate`);
  checkTreatmentVariation(panel, sample, treatmentName);
  const cluster = clusterIds(panel, sample, opts.cluster);
  const layout = feLayout(sample.unit, sample.period, panel.units.length, panel.periods.length);
  const dm = createDemeaner(layout, { ...(opts.tol !== undefined ? { tol: opts.tol } : {}), ...(opts.maxIter !== undefined ? { maxIter: opts.maxIter } : {}) });
  let nUnits = 0, nPeriods = 0;
  for (const c of layout.unitCount) if (c > 0) nUnits++;
  for (const c of layout.periodCount) if (c > 0) nPeriods++;
  const pieces = fePieces(layout);
  const y = gather(panel.y, sample.cell);
  const covariates: Regressor[] = covNames.map((name) => ({ name, values: gather(panel.covariates[name], sample.cell) }));
  const ctx: FitContext = {
    panel, sample, dm, y, covariates, cluster,
    // Clusters are unit attributes, so unit effects are always nested in them.
    kFe: { lm: nUnits + nPeriods - pieces, nested: nPeriods },
  };

  const D: Regressor = { name: treatmentName, values: gather(panel.treatment, sample.cell) };
  const fit = fitWithin(dm, y, panel.outcome, [D, ...covariates], {
    [treatmentName]: `treatment "${treatmentName}" has no variation left after removing unit and period effects: e.g. every treated unit starts in the same period with no never-treated units, or treated units have no untreated observations in the sample`,
  });
  const df = cluster.G - 1;
  const vcovs = { nested: clusterVcov(fit, cluster.id, cluster.G, cr1Scale(ctx, fit.coef.length, "nested").scale), lm: clusterVcov(fit, cluster.id, cluster.G, cr1Scale(ctx, fit.coef.length, "lm").scale) };
  const { scale, K } = cr1Scale(ctx, fit.coef.length, convention);
  const v = vcovs[convention];
  const tau = fit.coef[0];
  const se = Math.sqrt(v[0]);
  const analytic = tInference(tau, se, df, alpha);

  let boot: WildResult | undefined;
  if (opts.bootstrap) {
    const reps = opts.bootstrap.reps;
    if (!Number.isInteger(reps) || reps < 99) throw new InputError(`bootstrap reps must be an integer ≥ 99, got ${reps}`);
    boot = wildClusterBootstrap(fit, dm, cluster.id, cluster.G, scale, tau, se, { reps, weights: opts.bootstrap.weights ?? "webb", seed: opts.bootstrap.seed, alpha, ...(opts.bootstrap.onProgress ? { onProgress: opts.bootstrap.onProgress } : {}) });
  }
  const inference = boot ? "wild" : opts.inference ?? "cluster";
  if (!INFERENCE.includes(inference)) throw new InputError(`twfe inference must be ${INFERENCE.join(", ")}; got "${String(inference)}"`);
  if (opts.inference === "jackknife" && boot) throw new InputError(`inference "jackknife" and the wild bootstrap are alternatives: choose one`);
  const jack = inference === "jackknife" ? clusterJackknife({
    unit: sample.unit, period: sample.period, y, regressors: [D, ...covariates], nUnits: panel.units.length, nPeriods: panel.periods.length,
    cluster: cluster.id, labels: cluster.labels, outcomeName: panel.outcome, demean: { ...(opts.tol !== undefined ? { tol: opts.tol } : {}), ...(opts.maxIter !== undefined ? { maxIter: opts.maxIter } : {}) },
  }) : undefined;
  // With one treated or one control cluster the cluster-robust variance of τ is zero or near
  // zero by construction (the scores sum to nothing): no evidence, so no SE or p-value.
  const treatedClusters = countTreatedClusters(panel, sample, cluster);
  const controlClusters = cluster.G - treatedClusters;
  const unavailable = treatedClusters < 2 || controlClusters === 1
    ? `${treatedClusters < 2 ? `only ${treatedClusters} cluster has treated observations` : "only 1 cluster has no treated observation (a single control cluster)"}: the cluster-robust SE, interval and p-value of τ cannot be estimated; use more clusters`
    : undefined;
  const attInf = boot ? { se, ci: boot.ci, p: boot.p } : jack ? tInference(tau, jack.se, df, alpha) : unavailable ? { se: NaN, ci: [NaN, NaN] as [number, number], p: NaN } : analytic;
  const es = window ? eventStudy(ctx, window, convention, alpha) : undefined;

  const notes: string[] = [];
  if (sample.singletons.observations > 0) notes.push(`dropped singletons: ${describeSingletons(sample.singletons)}`);
  if (sample.droppedMissing > 0) notes.push(`dropped ${sample.droppedMissing} observation(s) with a missing outcome or covariate`);
  if (es && es.empty.length) notes.push(`event study: no observation at ${es.empty.join(", ")}; those terms are left out`);
  if (unavailable && !boot && !jack) notes.push(unavailable);
  else if (!boot && !jack && (cluster.G < 30 || treatedClusters < 10)) {
    notes.push(`${cluster.G} clusters, ${treatedClusters} with treated observations: CR1 inference can over-reject with few (treated) clusters; consider the wild cluster bootstrap`);
  }

  return {
    method: "twfe",
    settings: {
      covariates: covNames,
      cluster: opts.cluster ?? "unit",
      inference,
      convention,
      alpha,
      singletons: opts.singletons ?? "drop",
      ...(window ? { eventStudy: { ...window, binnedEndpoints: true } } : {}),
      ...(boot ? { bootstrap: { reps: opts.bootstrap!.reps, weights: boot.weights, seed: boot.seed } } : {}),
    },
    att: { estimate: tau, ...attInf },
    periods: treatedPeriods(panel, sample, tau, attInf),
    coefficients: { ...coefficientTable(fit, v, df, alpha, 1), ...(es ? es.eventTerms : {}) },
    diagnostics: {
      nObs: sample.cell.length,
      nUnits,
      nPeriods,
      nClusters: cluster.G,
      treatedClusters,
      ...(unavailable && !boot && !jack ? { inferenceUnavailable: unavailable } : {}),
      convention,
      K,
      df,
      smallSampleFactor: scale,
      seByConvention: { nested: Math.sqrt(vcovs.nested[0]), lm: Math.sqrt(vcovs.lm[0]) },
      inference: boot ? "wild cluster restricted bootstrap (p, CI); CR1 (se)" : jack ? "leave-one-cluster-out jackknife, Student t with G − 1 df" : "CR1, Student t with G − 1 df",
      ...(jack ? { jackknife: { estimates: cluster.labels.map((c, g) => ({ cluster: c, tau: jack.estimates[g] })), cr1: analytic } } : {}),
      ...(boot ? { bootstrap: { ...boot }, analytic } : {}),
      ...(es ? { pretrend: es.pretrend ?? { note: "no lead terms besides the reference period" } } : {}),
      iterations: Math.max(fit.iterations, es?.iterations ?? 0),
      fePieces: pieces,
      droppedMissing: sample.droppedMissing,
      singletons: sample.singletons,
      notes,
      periodsMeaning: "periods: mean over ever-treated units observed in each period; counterfactual = observed − τ·D averaged (share treated × τ removed); relative counts from the first adoption",
    },
    ...(panel.unit ? { unit: panel.unit } : {}),
    alpha,
  };
}

/** The event study's joint test that the lead terms are zero (F with G − 1 denominator df), or why it was not computed. */
export type TwfePretrend = { test: "F"; terms: string[]; wald?: number; F?: number; df1?: number; df2?: number; p?: number; note?: string };

/** What twfe reports beside the estimate (Effect<TwfeDiagnostics>["diagnostics"]). */
export type TwfeDiagnostics = {
  nObs: number;
  nUnits: number;
  nPeriods: number;
  nClusters: number;
  treatedClusters: number;
  convention: SeConvention;
  /** Parameters counted by the small-sample correction, and the t degrees of freedom (G − 1). */
  K: number;
  df: number;
  smallSampleFactor: number;
  seByConvention: { nested: number; lm: number };
  inference: string;
  bootstrap?: WildResult;
  /** CR1 inference when the bootstrap or the jackknife gives the interval. */
  analytic?: { se: number; ci: [number, number]; p: number };
  /** Leave-one-cluster-out estimates of τ, and the CR1 inference they replace. */
  jackknife?: { estimates: { cluster: string; tau: number }[]; cr1: { se: number; ci: [number, number]; p: number } };
  pretrend?: TwfePretrend | { note: string };
  iterations: number;
  fePieces: number;
  droppedMissing: number;
  singletons: { units: string[]; periods: string[]; observations: number };
  notes: string[];
  periodsMeaning: string;
};

/** The wild bootstrap asked for: the deprecated `bootstrap` object, or inference "wild" (also implied by `replicates` > 0). */
function wildBootstrap(o: TwfeOptions): TwfeOptions["bootstrap"] {
  if (o.bootstrap) return o.bootstrap;
  const wild = o.inference === "wild" || (o.inference === undefined && (o.replicates ?? 0) > 0);
  if (!wild) return undefined;
  return { reps: o.replicates ?? 999, seed: o.seed ?? 1, ...(o.weights ? { weights: o.weights } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) };
}

const INFERENCE = ["cluster", "wild", "jackknife"] as const;

/** The contract's entry point: the common options (treatmentTime, replicates, seed, cluster, inference) onto twfe's. */
export async function fit(panel: Panel, options: TwfeOptions = {}): Promise<Effect<TwfeDiagnostics>> {
  checkCommon("twfe", options, INFERENCE);
  return twfe(applyTreatmentTime(panel, options.treatmentTime), options);
}

export const estimator: Estimator<TwfeOptions, TwfeDiagnostics> = {
  name: "twfe",
  summary: "two-way fixed effects / difference-in-differences and event study",
  inference: INFERENCE,
  fit,
};
