/**
 * One chunk of bootstrap replicates, run in a worker thread (or in-process). Each replicate
 * draws only from its own seed, so results do not depend on how replicates are split across
 * threads. Algorithms: reference-algorithms.md §1.5 (parametric, Xu 2017 Algorithm 2) and
 * §1.8 (non-parametric over units, or over clusters of units: see {@link ClusterStrata}).
 */
import { unitsOfDraw } from "../../stats/cluster";
import { createRng, type Rng } from "../../random";
import { fitIfe } from "./ife";
import { fitMc } from "./mc";
import { fitTreated } from "./treated";
import { summarise, offsets, type Layout } from "./summary";
import type { Block, Force } from "./types";
import { InputError, NumericalError } from "../../errors";

export interface BootShared {
  estimator: "ife" | "mc";
  /** Factors (ife) — fixed at the chosen r in every refit. */
  r: number;
  /** Penalty (mc) — fixed at the chosen λ in every refit. */
  lambda: number;
  force: Force;
  tol: number;
  maxIter: number;
  beta: Float64Array;
  /** Full-sample factors (ife), the warm start of every refit's factor step. */
  F: Float64Array;
  controls: Block;
  treated: Block;
  t0: Int32Array;
  /** Fitted values and residuals of the control units in the full-sample fit. */
  fittedControls: Float64Array;
  residualsControls: Float64Array;
  /** Treated counterfactuals Y(0), ntr×T. */
  counterfactual: Float64Array;
  layout: Layout;
  /** Summary vector of the full-sample estimate. */
  estimate: Float64Array;
  /** Number of replicates B, and (phase 2 of the parametric bootstrap) the B simulated error matrices (B × ntr×T). */
  B: number;
  pseudoEff?: Float64Array;
  /** Non-parametric bootstrap over clusters instead of units. */
  clusters?: ClusterStrata;
  /** Placebo inference: clusters of control units (rows of the control block; one unit each without a cluster column), and how many to treat in each placebo. */
  placebo?: { clusters: Int32Array[]; treatedClusters: number };
}

/**
 * The cluster (block) bootstrap resamples whole clusters with replacement, in two strata so
 * that every replicate keeps treated and control units: clusters without a treated unit are
 * drawn (as many as there are) from their own stratum, then clusters with treated units from
 * theirs; every unit of a drawn cluster enters, treated units as treated and control units as
 * controls. Shocks shared within a cluster then move together in every replicate. With one
 * unit per cluster it is the unit bootstrap, draw for draw (same seed, same replicates).
 */
export interface ClusterStrata {
  /** Clusters without treated units: their rows in the control block. */
  control: Int32Array[];
  /** Clusters with treated units: their rows in the treated and in the control block. */
  treated: { treated: Int32Array; control: Int32Array }[];
}

export interface BootTask {
  kind: "pseudo" | "parametric" | "nonparametric" | "placebo";
  seeds: number[];
}

/** Rows `idx` of a block (repeats allowed); `y` overrides the outcome values row by row. */
export function rowsOf(b: Block, idx: ArrayLike<number>, y?: Float64Array): Block {
  const T = b.T, n = idx.length;
  const out: Block = { n, T, y: y ?? new Float64Array(n * T), x: b.x.map(() => new Float64Array(n * T)) };
  const obs = b.obs ? new Uint8Array(n * T) : undefined;
  for (let j = 0; j < n; j++) {
    const src = idx[j] * T;
    if (!y) out.y.set(b.y.subarray(src, src + T), j * T);
    b.x.forEach((v, k) => out.x[k].set(v.subarray(src, src + T), j * T));
    if (obs) obs.set(b.obs!.subarray(src, src + T), j * T);
  }
  if (obs && !obs.every((o) => o === 1)) out.obs = obs;
  return out;
}

/** Refits on new controls/treated with the tuning parameter fixed; the treated eff and β. */
function refit(s: BootShared, controls: Block, treated: Block, t0: Int32Array): { eff: Float64Array; beta: Float64Array } {
  if (s.estimator === "mc") {
    const m = fitMc(controls, treated, t0, s.lambda, s.force, { tol: s.tol });
    return { eff: m.eff, beta: m.beta };
  }
  const beta0 = s.beta.some(Number.isNaN) ? undefined : s.beta;
  const fit = fitIfe(controls, s.r, s.force, { tol: s.tol, maxIter: s.maxIter, F0: s.F, ...(beta0 ? { beta0 } : {}) });
  return { eff: fitTreated(fit, treated, t0).eff, beta: fit.beta };
}

/** A control can stand in for a treated unit if it has r + 1 observations before min t0 and one after max t0. */
function validPseudo(s: BootShared, c: number): boolean {
  const obs = s.controls.obs;
  if (!obs) return true;
  const T = s.controls.T;
  let pre = 0, post = 0;
  const minT0 = Math.min(...s.t0), maxT0 = Math.max(...s.t0);
  for (let t = 0; t < T; t++) {
    if (!obs[c * T + t]) continue;
    if (t < minT0) pre++;
    if (t >= maxT0) post++;
  }
  return pre >= s.r + 1 && post >= 1;
}

/** Simulated prediction errors: a control as "treated" (with each treated unit's timing) against resampled other controls. */
function pseudoReplicate(s: BootShared, rng: Rng): Float64Array {
  const nc = s.controls.n, ntr = s.t0.length;
  let c = rng.int(nc);
  for (let tries = 0; !validPseudo(s, c); tries++) {
    if (tries > 1000) throw new InputError("no control unit has enough observed periods to serve as a pseudo-treated unit");
    c = rng.int(nc);
  }
  const others = new Int32Array(nc);
  for (let k = 0; k < nc; k++) {
    const j = rng.int(nc - 1);
    others[k] = j < c ? j : j + 1;
  }
  const ctrl = rowsOf(s.controls, others);
  const copies = rowsOf(s.controls, new Int32Array(ntr).fill(c));
  return refit(s, ctrl, copies, s.t0).eff;
}

/** Parametric replicate: treated = Y(0) + simulated error, controls = resampled fitted values + resampled residual columns. */
function parametricReplicate(s: BootShared, rng: Rng): Float64Array {
  const nc = s.controls.n, T = s.controls.T, ntr = s.t0.length;
  const S = rng.sampleWithReplacement(nc, nc);
  const b = rng.sampleWithReplacement(s.B, ntr);
  const cols = rng.sampleWithReplacement(nc, nc);
  const yc = new Float64Array(nc * T);
  for (let k = 0; k < nc; k++) {
    for (let t = 0; t < T; t++) yc[k * T + t] = s.fittedControls[S[k] * T + t] + s.residualsControls[cols[k] * T + t];
  }
  const yt = new Float64Array(ntr * T);
  for (let i = 0; i < ntr; i++) {
    const e = s.pseudoEff!.subarray(b[i] * ntr * T + i * T, b[i] * ntr * T + (i + 1) * T);
    if (e.every(Number.isNaN)) throw new NumericalError("drew a simulated error matrix whose fit had failed");
    for (let t = 0; t < T; t++) yt[i * T + t] = s.counterfactual[i * T + t] + e[t];
  }
  const ctrl = rowsOf(s.controls, S, yc);
  const tr = rowsOf(s.treated, Array.from({ length: ntr }, (_, i) => i), yt);
  const { eff, beta } = refit(s, ctrl, tr, s.t0);
  const out = summarise(eff, s.t0, beta, s.layout);
  // The simulated data have no effect: eff* is the estimation error, so the distribution of the estimate is eff* + eff.
  const betaAt = offsets(s.layout).beta;
  for (let k = 0; k < betaAt; k++) out[k] += s.estimate[k];
  return out;
}

/** Non-parametric replicate: controls and treated units (or whole clusters of them) resampled with replacement. */
function nonparametricReplicate(s: BootShared, rng: Rng): Float64Array {
  const nc = s.controls.n, T = s.controls.T, ntr = s.t0.length, c = s.clusters;
  const drawControls = () => (c ? unitsOfDraw(c.control, rng.sampleWithReplacement(c.control.length, c.control.length)) : rng.sampleWithReplacement(nc, nc));
  let S = drawControls();
  for (let tries = 0; s.controls.obs && !coversAllPeriods(s.controls.obs, S, T); tries++) {
    if (tries > 1000) throw new InputError("resampled controls never cover every period");
    S = drawControls();
  }
  let Tr: Int32Array;
  if (c) {
    const draw = rng.sampleWithReplacement(c.treated.length, c.treated.length);
    Tr = unitsOfDraw(c.treated.map((x) => x.treated), draw);
    const more = unitsOfDraw(c.treated.map((x) => x.control), draw);
    if (more.length) { const all = new Int32Array(S.length + more.length); all.set(S); all.set(more, S.length); S = all; }
  } else Tr = rng.sampleWithReplacement(ntr, ntr);
  const t0 = Int32Array.from(Tr, (i) => s.t0[i]);
  const { eff, beta } = refit(s, rowsOf(s.controls, S), rowsOf(s.treated, Tr), t0);
  return summariseResampled(s, eff, t0, beta);
}

/**
 * The summary vector of a replicate whose treated units are not the estimate's (resampled
 * clusters, placebo units): summarised with their own count, then laid out as the estimate's,
 * per-unit effects NaN (they have no replicate meaning).
 */
function summariseResampled(s: BootShared, eff: Float64Array, t0: Int32Array, beta: Float64Array): Float64Array {
  const L = s.layout, Lr = { ...L, ntr: t0.length, size: L.size - L.ntr + t0.length };
  const full = summarise(eff, t0, beta, Lr);
  const o = offsets(L), out = new Float64Array(L.size);
  out.set(full.subarray(0, o.unit));
  out.fill(NaN, o.unit, o.beta);
  out.set(full.subarray(offsets(Lr).beta), o.beta);
  return out;
}

/**
 * Placebo replicate (randomisation inference): as many control clusters as there are treated
 * clusters, drawn without replacement, are "treated" from the real treatment date, the other
 * controls are their donors, and the model is refitted; the real treated units take no part.
 * Its effect is a draw from the estimator's null distribution.
 */
function placeboReplicate(s: BootShared, rng: Rng): Float64Array {
  const { clusters, treatedClusters } = s.placebo!;
  const draw = rng.sampleWithoutReplacement(clusters.length, treatedClusters);
  const fake = unitsOfDraw(clusters, draw);
  const isFake = new Uint8Array(s.controls.n);
  for (const k of fake) isFake[k] = 1;
  const rest = Int32Array.from({ length: s.controls.n }, (_, k) => k).filter((k) => !isFake[k]);
  const t0 = new Int32Array(fake.length).fill(s.t0[0]);
  const { eff, beta } = refit(s, rowsOf(s.controls, rest), rowsOf(s.controls, fake), t0);
  return summariseResampled(s, eff, t0, beta);
}

function coversAllPeriods(obs: Uint8Array, S: Int32Array, T: number): boolean {
  for (let t = 0; t < T; t++) {
    let any = false;
    for (let k = 0; k < S.length && !any; k++) any = obs[S[k] * T + t] === 1;
    if (!any) return false;
  }
  return true;
}

/**
 * Runs a chunk of replicates. Output: one row per seed, concatenated (pseudo: ntr×T error
 * matrix; others: the summary vector). A replicate whose refit fails gives a row of NaN; a
 * bootstrap replicate that draws a failed error matrix fails too. Failures are counted and
 * reported by the caller, never silently dropped.
 */
export function bootTask(s: BootShared, task: BootTask): Float64Array {
  const width = task.kind === "pseudo" ? s.t0.length * s.controls.T : s.layout.size;
  const out = new Float64Array(task.seeds.length * width);
  task.seeds.forEach((seed, j) => {
    const rng = createRng(seed);
    let row: Float64Array;
    try {
      row = task.kind === "pseudo" ? pseudoReplicate(s, rng) : task.kind === "parametric" ? parametricReplicate(s, rng) : task.kind === "placebo" ? placeboReplicate(s, rng) : nonparametricReplicate(s, rng);
    } catch {
      row = new Float64Array(width).fill(NaN);
    }
    out.set(row, j * width);
  });
  return out;
}
