/**
 * Inference for the classic synthetic control, all on worker threads (src/parallel/pool.ts)
 * and deterministic (every fit is a pure function of its inputs; results come back in order):
 *
 * - placebo in space (Abadie, Diamond & Hainmueller 2010): every donor in turn is treated as
 *   if it had been treated, with the other donors as its pool and V re-optimised; the
 *   treated unit's post/pre RMSPE ratio is ranked among all ratios, p = rank / (1 + placebos).
 *   Optionally placebos whose pre-period MSPE exceeds m × the treated unit's are dropped
 *   (ADH use m = 20, 5, 2).
 *   With several treated units, their average is ranked among averages over placebo groups of
 *   the same size (all groups, or a seeded sample when there are too many).
 * - placebo in time: the treatment date is moved back; the predictor and fit windows move
 *   back by the same number of periods, and the fake "post-period" ends before the real date.
 * - leave-one-out: each donor with positive weight is removed in turn and the fit repeated.
 */
import { join } from "node:path";
import type { Effect } from "../../effect";
import { InputError } from "../../errors";
import { mapParallel } from "../../parallel/pool";
import { createRng } from "../../random";
import type { Panel } from "../../panel/panel";
import { resolveDesign, shiftSpec, type ScmOptions } from "./design";
import type { FitShared, FitTask } from "./tasks";
import type { UnitFit } from "./unit-fit";
import { resolveSpec, type PeriodLabel } from "./spec";

const TASKS = join(__dirname, "tasks");

export interface ParallelOptions {
  /** Worker threads (default: VRU_THREADS or the number of cores). Results do not depend on it. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

function runFits(shared: FitShared, tasks: FitTask[], par: ParallelOptions): Promise<UnitFit[]> {
  return mapParallel<FitShared, FitTask, UnitFit>(TASKS, "fitTask", tasks, {
    shared,
    ...(par.threads !== undefined ? { threads: par.threads } : {}),
    ...(par.onProgress ? { onProgress: par.onProgress } : {}),
  });
}

export interface PlaceboTest {
  unit: string;
  rmspeRatio: number;
  /** 1 = the largest ratio among the treated unit and the placebos kept. */
  rank: number;
  p: number;
  placebos: number;
  /** Placebos dropped for poor pre-period fit. */
  dropped: string[];
}

/** Several treated units: their average gap against averages over placebo groups of the same size. */
export interface AverageTest {
  rmspeRatio: number;
  rank: number;
  p: number;
  /** Placebo groups compared (every group when there are few, else a seeded sample). */
  groups: number;
  enumerated: boolean;
  seed?: number;
}

export interface PlaceboInSpace {
  treated: UnitFit[];
  placebos: UnitFit[];
  /** One test per treated unit, against every placebo. */
  tests: PlaceboTest[];
  /** With several treated units: the test of their average effect. */
  average?: AverageTest;
  /** The same, keeping only placebos with pre-MSPE ≤ maxPreMSPERatio × the treated unit's. */
  filtered?: { maxPreMSPERatio: number; tests: PlaceboTest[] };
}

function placeboTest(t: UnitFit, placebos: UnitFit[], maxPreMSPERatio?: number): PlaceboTest {
  const kept = maxPreMSPERatio === undefined ? placebos : placebos.filter((p) => p.preMSPE <= maxPreMSPERatio * t.preMSPE);
  const dropped = placebos.filter((p) => !kept.includes(p)).map((p) => p.unit);
  const rank = 1 + kept.filter((p) => p.rmspeRatio >= t.rmspeRatio).length;
  return { unit: t.unit, rmspeRatio: t.rmspeRatio, rank, p: rank / (kept.length + 1), placebos: kept.length, dropped };
}

/** Post/pre RMSPE ratio of the mean of several gap paths (treatment at t0). */
function meanGapRatio(fits: UnitFit[], t0: number): number {
  const n = fits[0].gap.length;
  let pre = 0, post = 0;
  for (let t = 0; t < n; t++) {
    let g = 0;
    for (const f of fits) g += f.gap[t];
    g /= fits.length;
    if (t < t0) pre += g * g; else post += g * g;
  }
  return Math.sqrt(post / (n - t0) / (pre / t0));
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Every k-subset of 0..n−1 in lexicographic order. */
function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

/**
 * The average effect of n treated units ranked among averages of n placebos (Cavallo et al.
 * 2013's idea, on the RMSPE ratio): all C(J, n) placebo groups when there are at most
 * `maxGroups`, otherwise `maxGroups` groups drawn without replacement within each group by a
 * seeded generator.
 */
export function averagePlaceboTest(treated: UnitFit[], placebos: UnitFit[], t0: number, maxGroups = 10000, seed = 1): AverageTest {
  const n = treated.length, J = placebos.length;
  if (J < n) throw new InputError(`the average placebo test needs at least ${n} placebos (one per treated unit); there are ${J}`);
  const observed = meanGapRatio(treated, t0);
  const total = binomial(J, n);
  const enumerated = total <= maxGroups;
  let atLeast = 0, groups = 0;
  const count = (g: number[]) => { groups++; if (meanGapRatio(g.map((i) => placebos[i]), t0) >= observed) atLeast++; };
  if (enumerated) for (const g of subsets(J, n)) count(g);
  else {
    const rng = createRng(seed);
    for (let r = 0; r < maxGroups; r++) count(Array.from(rng.sampleWithoutReplacement(J, n)));
  }
  return { rmspeRatio: observed, rank: 1 + atLeast, p: (1 + atLeast) / (1 + groups), groups, enumerated, ...(enumerated ? {} : { seed }) };
}

function commonT0(panel: Panel, t0: number[], what: string): number {
  if (t0.some((t) => t !== t0[0])) throw new InputError(`${what} needs one treatment date for every treated unit; these are staggered (${[...new Set(t0)].map((t) => panel.periods[t]).join(", ")})`);
  return t0[0];
}

/** Placebo-in-space inference; the treated units' own fits are recomputed alongside (same tasks). */
export async function placeboInSpace(panel: Panel, opts: ScmOptions = {}, par: ParallelOptions & { maxPreMSPERatio?: number; maxGroups?: number; seed?: number } = {}): Promise<PlaceboInSpace> {
  const d = resolveDesign(panel, opts);
  const t0 = commonT0(panel, d.t0, "placebo in space");
  const nT = d.treated.length;
  const pool = d.donors.map((_, j) => nT + j);
  if (pool.length < 3) throw new InputError(`placebo in space needs at least 3 donors (each placebo keeps at least 2); there are ${pool.length}`);
  const shared: FitShared = { panel, spec: d.specs[0], units: [...d.treated, ...d.donors], fitOptions: d.fitOptions };
  const tasks: FitTask[] = [
    ...d.treated.map((_, i) => ({ treated: i, donors: pool, t0 })),
    ...pool.map((p) => ({ treated: p, donors: pool.filter((q) => q !== p), t0 })),
  ];
  const fits = await runFits(shared, tasks, par);
  const treated = fits.slice(0, nT), placebos = fits.slice(nT);
  return {
    treated,
    placebos,
    tests: treated.map((t) => placeboTest(t, placebos)),
    ...(nT > 1 ? { average: averagePlaceboTest(treated, placebos, t0, par.maxGroups, par.seed) } : {}),
    ...(par.maxPreMSPERatio !== undefined ? { filtered: { maxPreMSPERatio: par.maxPreMSPERatio, tests: treated.map((t) => placeboTest(t, placebos, par.maxPreMSPERatio)) } } : {}),
  };
}

/**
 * Adds placebo-in-space results to an Effect: the p-value of the average effect (from the
 * group test when there are several treated units, each of which also gets its own p in
 * `unitEffects`), and a summary in diagnostics.placebo.
 */
export function withPlaceboInference(effect: Effect, r: PlaceboInSpace): Effect {
  const tests = r.filtered?.tests ?? r.tests;
  return {
    ...effect,
    att: { ...effect.att, ...(tests.length === 1 ? { p: tests[0].p } : r.average ? { p: r.average.p } : {}) },
    unitEffects: effect.unitEffects?.map((u) => {
      const t = tests.find((x) => x.unit === u.unit);
      return t ? { ...u, att: { ...u.att, p: t.p } } : u;
    }),
    diagnostics: {
      ...effect.diagnostics,
      placebo: {
        kind: "in space",
        statistic: "post/pre RMSPE ratio",
        tests: r.tests,
        ...(r.average ? { average: r.average } : {}),
        ...(r.filtered ? { filtered: r.filtered } : {}),
        placebos: r.placebos.map((p) => ({ unit: p.unit, preMSPE: p.preMSPE, postMSPE: p.postMSPE, rmspeRatio: p.rmspeRatio, att: p.att })),
      },
    },
  };
}

export interface PlaceboInTime {
  /** The placebo treatment date. */
  time: string;
  /** One fit per treated unit; its path ends the period before the real treatment. */
  fits: UnitFit[];
}

/** Placebo in time at each date in `times` (each before the real treatment). */
export async function placeboInTime(panel: Panel, opts: ScmOptions, times: PeriodLabel[], par: ParallelOptions = {}): Promise<PlaceboInTime[]> {
  const d = resolveDesign(panel, opts);
  const t0 = commonT0(panel, d.t0, "placebo in time");
  const nT = d.treated.length;
  const pool = d.donors.map((_, j) => nT + j);
  const tasks: FitTask[] = [];
  for (const label of times) {
    const tf = panel.periods.indexOf(String(label));
    if (tf < 1 || tf >= t0) throw new InputError(`placebo date ${label} must be a period after the first and before the treatment (${panel.periods[t0]})`);
    // An explicit spec moves back with the date; the default spec is the outcome in every
    // period before the placebo date.
    const shifted = shiftSpec(opts.spec?.predictors ? d.specs[0] : { ...d.specs[0], predictors: [] }, tf - t0, (i) => panel.periods[i]);
    const spec = opts.spec?.predictors ? shifted : { predictors: resolveSpec(panel, {}, tf).predictors, fitPeriods: opts.spec?.fitWindow ? shifted.fitPeriods : resolveSpec(panel, {}, tf).fitPeriods };
    d.treated.forEach((_, i) => tasks.push({ treated: i, donors: pool, t0: tf, lastPeriod: t0 - 1, spec }));
  }
  const shared: FitShared = { panel, spec: d.specs[0], units: [...d.treated, ...d.donors], fitOptions: d.fitOptions };
  const fits = await runFits(shared, tasks, par);
  return times.map((label, k) => ({ time: String(label), fits: fits.slice(k * nT, (k + 1) * nT) }));
}

export interface LeaveOneOut {
  unit: string;
  /** The donor left out. */
  dropped: string;
  fit: UnitFit;
}

/** Leave-one-out over the donors with positive weight in `fits` (the estimator's own fits). */
export async function leaveOneOut(panel: Panel, opts: ScmOptions, fits: UnitFit[], par: ParallelOptions = {}): Promise<LeaveOneOut[]> {
  const d = resolveDesign(panel, opts);
  const nT = d.treated.length;
  const pool = d.donors.map((_, j) => nT + j);
  const tasks: FitTask[] = [];
  const labels: { unit: string; dropped: string }[] = [];
  d.treated.forEach((_, i) => {
    const f = fits[i];
    pool.forEach((p, j) => {
      if (!(f.weights[j] > 0)) return;
      const donors = pool.filter((q) => q !== p);
      if (donors.length < 2) return;
      tasks.push({ treated: i, donors, t0: d.t0[i] });
      labels.push({ unit: f.unit, dropped: panel.units[d.donors[j]] });
    });
  });
  const specs = new Set(d.specs.map((s) => JSON.stringify(s)));
  if (specs.size > 1) throw new InputError("leave-one-out with staggered treatment dates and the default (all pre-periods) spec is not supported; give an explicit spec");
  const shared: FitShared = { panel, spec: d.specs[0], units: [...d.treated, ...d.donors], fitOptions: d.fitOptions };
  const out = await runFits(shared, tasks, par);
  return out.map((fit, k) => ({ ...labels[k], fit }));
}
