/**
 * The threat-by-threat coverage study (issue 17 item 2): in many SIMULATED worlds of England and
 * Wales (src/simulate, known truth), each report design × method × inference option is fitted
 * with each threat to identification switched on alone, all together, or none, in the report's
 * effect scenario and the no-effect scenario. The per-world work lives here so the bench
 * (bench/coverage.ts, on worker threads), the power study and notebooks share it.
 *
 * Paired worlds: world k of every cell uses the same seed, and the simulator keeps its random
 * streams when a threat is switched off, so differences between threat cells are the threats'
 * doing, not different draws.
 */
import type { Effect } from "../effect";
import { InputError } from "../errors";
import { gsynth } from "../estimators/gsynth/index";
import { fitIts } from "../estimators/its/index";
import { microsynth } from "../estimators/microsynth/index";
import { hotspotDesign } from "../chapter2/hotspot-design";
import { effectFromFits, scm } from "../estimators/scm/index";
import { resolveDesign } from "../estimators/scm/design";
import { placeboInSpace, withPlaceboInference } from "../estimators/scm/inference";
import { twfe } from "../estimators/twfe/index";
import { treatmentStart, type Panel } from "../panel/panel";
import { subsetPeriods, subsetUnits } from "../panel/subset";
import { childSeeds } from "../random";
import { simulateEvaluation, type SimPanelName, type SimulatedEvaluation } from "../simulate/evaluation";
import type { Scenario } from "../simulate/parameters";
import { THREATS, type ThreatName } from "../simulate/threats";
import { truePercentChange } from "../chapter2/hotspots";
import { drawOf, summariseDraws, type Draw, type DrawSummary } from "./monte-carlo";

export type DesignName = "pfa-hospital" | "pfa-homicide" | "csp-police" | "lsoa-hotspots";

/** A report design: the panel a method sees in one simulated world, and the true value of its estimand. */
export interface StudyDesign {
  name: DesignName;
  label: string;
  /** Builds the LSOA panels (costly: ~1 s more per world). */
  lsoa?: boolean;
  /** Unit attribute for clustered inference (TWFE; default the unit). */
  cluster?: string;
  /** Unit attribute whose clusters the gsynth cluster bootstrap resamples (shared shocks). */
  bootCluster: string;
  /** Intervention and lockdown window on the design's period labels (ITS). */
  intervention: string;
  lockdown: { from: string; to: string };
  season: "month" | "none";
  /** Last period before COVID-19 (the pre-COVID window remedy ends here). */
  preCovidEnd: string;
  /** The panel a method sees in a simulated world, the true ATT over its post periods and the true effect of every cell. */
  panel(sim: SimulatedEvaluation): { panel: Panel; truth: number; cells: Float64Array };
}

const simPanel = (name: SimPanelName) => (sim: SimulatedEvaluation) => {
  const panel = sim.panels[name], truth = sim.truth[name];
  if (!panel || !truth) throw new InputError(`the simulated world has no ${name} panel`);
  return { panel, truth: truth.att, cells: truth.cells };
};

/** LSOAs of every `LSOA_EVERY`-th CSP (by code): the hotspot design at a size that fits a repeated study. */
export const LSOA_EVERY = 10;

export const DESIGNS: Record<DesignName, StudyDesign> = {
  "pfa-hospital": {
    name: "pfa-hospital", bootCluster: "region", label: "Hospital admissions (sharp object, under 25), PFA × month, England (Figure 2.1)",
    intervention: "2019-04", lockdown: { from: "2020-04", to: "2020-05" }, season: "month", preCovidEnd: "2020-03",
    panel: simPanel("hospital-sharp-object-under-25"),
  },
  "pfa-homicide": {
    name: "pfa-homicide", bootCluster: "region", label: "Homicide, PFA × quarter, England and Wales (Figure 2.2)",
    intervention: "2019-Q2", lockdown: { from: "2020-Q2", to: "2020-Q2" }, season: "none", preCovidEnd: "2020-Q1",
    panel: simPanel("homicide"),
  },
  "csp-police": {
    name: "csp-police", bootCluster: "pfa", label: "Police recorded violence without injury, CSP × month (Figures 2.3–2.4)", cluster: "pfa",
    intervention: "2019-04", lockdown: { from: "2020-04", to: "2020-05" }, season: "month", preCovidEnd: "2020-03",
    panel: simPanel("csp-violence-without-injury"),
  },
  "lsoa-hotspots": {
    name: "lsoa-hotspots", bootCluster: "csp", label: `Hotspot LSOAs (top 10% of funded), violence without injury, to March 2020, LSOAs of 1 in ${LSOA_EVERY} CSPs (Figure 2.8); percent change`,
    lsoa: true, intervention: "2019-04", lockdown: { from: "2020-04", to: "2020-05" }, season: "month", preCovidEnd: "2020-03",
    panel: (sim) => {
      const full = sim.panels["lsoa-violence-without-injury"], truth = sim.truth["lsoa-violence-without-injury"];
      if (!full || !truth) throw new InputError("the simulated world has no LSOA panels (simulate with lsoa: true)");
      const csps = [...new Set(full.attributes.csp as string[])].sort();
      const keep = new Set(csps.filter((_, k) => k % LSOA_EVERY === 0));
      const rows = full.units.map((_, i) => i).filter((i) => keep.has(full.attributes.csp[i] as string));
      const sub = subsetPeriods(subsetUnits(full, (i) => keep.has(full.attributes.csp[i] as string)), full.periods[0], "2020-03");
      const T = full.periods.length, T2 = sub.periods.length;
      const cells = new Float64Array(rows.length * T2);
      rows.forEach((i, k) => cells.set(truth.cells.subarray(i * T, i * T + T2), k * T2));
      return { panel: sub, truth: NaN, cells };
    },
  },
};

/** A method with one inference option, and the designs it is run on. */
export interface StudyMethod {
  id: string;
  method: "gsynth" | "scm" | "microsynth" | "its" | "twfe";
  label: string;
  inference: string;
  designs: DesignName[];
  /** "costly" methods run on the first `costlyWorlds` worlds of each cell only (see studyTasks). */
  cost: "cheap" | "costly";
  /** The estimate and its truth (most methods: the ATT over post periods; microsynth: the percent change). */
  fit(panel: Panel, design: StudyDesign, seed: number, truth: { att: number; cells: Float64Array }): Promise<{ effect: Effect; truth: number }>;
}

/** Bootstrap replicates inside the study (a coverage study needs many worlds more than many replicates; SE error ~1/√(2B)). */
export const STUDY_NBOOTS = 50;
export const STUDY_WILD_REPS = 99;

const att = (effect: Effect, truth: { att: number }) => ({ effect, truth: truth.att });
const PFA: DesignName[] = ["pfa-hospital", "pfa-homicide"];
const ALL_AREA: DesignName[] = ["pfa-hospital", "pfa-homicide", "csp-police"];

export const METHODS: StudyMethod[] = [
  {
    id: "gsynth-ife", cost: "cheap", method: "gsynth", label: "gsynth IFE (r by CV 0–5)", inference: "parametric bootstrap", designs: ALL_AREA,
    fit: async (p, _d, seed, t) => att(await gsynth(p, { r: [0, 5], covariates: [], se: true, nboots: STUDY_NBOOTS, seed, threads: 1 }), t),
  },
  {
    id: "gsynth-ife-cluster", cost: "costly", method: "gsynth", label: "gsynth IFE (r by CV 0–5)", inference: "cluster bootstrap (region; CSPs: PFA)", designs: ALL_AREA,
    fit: async (p, d, seed, t) => att(await gsynth(p, { r: [0, 5], covariates: [], se: true, nboots: STUDY_NBOOTS, cluster: d.bootCluster, seed, threads: 1 }), t),
  },
  {
    id: "gsynth-ife-conformal", cost: "costly", method: "gsynth", label: "gsynth IFE (r by CV 0–5)", inference: "conformal (moving block)", designs: ALL_AREA,
    fit: async (p, _d, _seed, t) => att(await gsynth(p, { r: [0, 5], covariates: [], inference: "conformal", threads: 1 }), t),
  },
  {
    id: "gsynth-ife-precovid", cost: "cheap", method: "gsynth", label: "gsynth IFE, pre-COVID window (to March 2020)", inference: "parametric bootstrap", designs: ALL_AREA,
    fit: async (p, d, seed, t) => preCovid(p, d, t, (q) => gsynth(q, { r: [0, 5], covariates: [], se: true, nboots: STUDY_NBOOTS, seed, threads: 1 })),
  },
  {
    id: "gsynth-mc", cost: "costly", method: "gsynth", label: "gsynth MC (λ by CV)", inference: "nonparametric bootstrap", designs: PFA,
    fit: async (p, _d, seed, t) => att(await gsynth(p, { estimator: "mc", covariates: [], se: true, nboots: STUDY_NBOOTS, seed, threads: 1 }), t),
  },
  {
    id: "scm-placebo", cost: "costly", method: "scm", label: "SCM (one per treated unit, V = I, averaged)", inference: "placebo in space", designs: PFA,
    fit: async (p, _d, seed, t) => {
      const opts = { v: "equal" as const };
      const r = await placeboInSpace(p, opts, { threads: 1, seed, maxGroups: 1000 });
      return att(withPlaceboInference(effectFromFits(p, resolveDesign(p, opts), r.treated, opts), r), t);
    },
  },
  {
    id: "scm-conformal", cost: "costly", method: "scm", label: "SCM (one per treated unit, V = I, averaged)", inference: "conformal (moving block)", designs: PFA,
    fit: async (p, _d, _seed, t) => att(scm(p, { v: "equal", inference: "conformal" }), t),
  },
  {
    id: "twfe-cr1", cost: "cheap", method: "twfe", label: "TWFE", inference: "CR1 cluster-robust", designs: ALL_AREA,
    fit: async (p, d, _seed, t) => att(twfe(p, { covariates: [], ...(d.cluster ? { cluster: d.cluster } : {}) }), t),
  },
  {
    id: "twfe-wild", cost: "costly", method: "twfe", label: "TWFE", inference: "wild cluster bootstrap (Webb)", designs: ALL_AREA,
    fit: async (p, d, seed, t) => att(twfe(p, { covariates: [], ...(d.cluster ? { cluster: d.cluster } : {}), bootstrap: { reps: STUDY_WILD_REPS, weights: "webb", seed } }), t),
  },
  {
    id: "its", cost: "cheap", method: "its", label: "ITS (funded mean, segmented OLS)", inference: "OLS", designs: ALL_AREA,
    fit: async (p, d, _seed, t) => att(fitIts(treatedMean(p), p.periods, { intervention: d.intervention, lockdown: d.lockdown, season: d.season }), t),
  },
  {
    id: "its-precovid", cost: "cheap", method: "its", label: "ITS (funded mean), pre-COVID window (to March 2020)", inference: "OLS", designs: ALL_AREA,
    fit: async (p, d, _seed, t) => preCovid(p, d, t, async (q) => fitIts(treatedMean(q), q.periods, { intervention: d.intervention, season: d.season })),
  },
  {
    id: "microsynth-lin", cost: "cheap", method: "microsynth", label: "microsynth (outcomes + population)", inference: "linearisation", designs: ["lsoa-hotspots"],
    fit: async (p, _d, _seed, t) => hotspotFit(p, t.cells),
  },
];

/**
 * Microsynth on the hotspot design with linearisation inference; the estimate is the percent
 * change, the truth the true percent change. (Permutation inference, placebo treated sets, costs
 * about 1.5 s more per world at this size and is left out of the study.)
 */
function hotspotFit(p: Panel, cells: Float64Array) {
  const design = hotspotDesign([p], { share: 0.1, covariates: ["population"] });
  const e = microsynth(design, { matchOutcomes: true }).effects[p.outcome];
  const lin = (e.diagnostics!.inference as Record<string, { percentChange: number; ci: [number, number]; p: { twoSided: number } }>).linearisation;
  const truth = truePercentChange(p, cells, design.units, design.treated, design.periods[design.start], p.periods[p.periods.length - 1]);
  return { effect: { ...e, att: { estimate: lin.percentChange, ci: lin.ci, p: lin.p.twoSided } }, truth };
}

/** A fit on the panel cut to end before COVID-19, against the truth over the same window. */
async function preCovid(p: Panel, d: StudyDesign, t: { cells: Float64Array }, fit: (q: Panel) => Promise<Effect>) {
  const q = subsetPeriods(p, p.periods[0], d.preCovidEnd);
  return { effect: await fit(q), truth: treatedPostMean(q, t.cells, p.periods.length) };
}

/** Mean true effect over the treated cells of `q` (a period-prefix of a panel with T periods whose true effects are `cells`). */
export function treatedPostMean(q: Panel, cells: Float64Array, T: number): number {
  const T2 = q.periods.length;
  let s = 0, n = 0;
  for (let i = 0; i < q.units.length; i++) for (let t = 0; t < T2; t++) if (q.treatment[i * T2 + t]) { s += cells[i * T + t]; n++; }
  return s / n;
}

/** Mean outcome of the treated units per period (the series ITS sees). */
function treatedMean(p: Panel): Float64Array {
  const T = p.periods.length, start = treatmentStart(p);
  const out = new Float64Array(T);
  let n = 0;
  start.forEach((s, i) => { if (s < 0) return; n++; for (let t = 0; t < T; t++) out[t] += p.y[i * T + t]; });
  return out.map((v) => v / n);
}

/** A threat cell: which threats are on. */
export interface ThreatCell { name: string; threats: ThreatName[] }

/**
 * The study's threat cells: none, each threat alone, all. `stopsearch` alone is left out by
 * default: it moves only the stop-and-search covariate, which no specification here uses, so
 * its worlds equal the no-threat worlds draw for draw (it stays in "all").
 */
export function threatCells(alone: readonly ThreatName[] = THREATS.filter((t) => t !== "stopsearch")): ThreatCell[] {
  return [{ name: "none", threats: [] }, ...alone.map((t) => ({ name: t, threats: [t] })), { name: "all", threats: [...THREATS] }];
}

/** One world of the study: a seed, a scenario and a threat cell; the designs and methods to fit in it. */
export interface WorldTask {
  seed: number;
  scenario: Scenario;
  threats: ThreatName[];
  cell: string;
  designs: DesignName[];
  methods: string[];
  alpha: number;
  /** Multiplies the report's true effects (power curves); default 1. */
  effectScale?: number;
}

export interface WorldResult {
  design: DesignName;
  method: string;
  draw?: Draw;
  error?: string;
  seconds: number;
}

/** Fits every requested method on every requested design of one simulated world (the worker task). */
export async function runWorld(_shared: unknown, task: WorldTask): Promise<WorldResult[]> {
  const designs = task.designs.map((d) => DESIGNS[d]);
  const sim = simulateEvaluation({ seed: task.seed, scenario: task.scenario, threats: task.threats, lsoa: designs.some((d) => d.lsoa), ...(task.effectScale !== undefined ? { effectScale: task.effectScale } : {}) });
  const fitSeeds = childSeeds(task.seed ^ 0x5eed, METHODS.length);
  const out: WorldResult[] = [];
  for (const d of designs) {
    const { panel, truth, cells } = d.panel(sim);
    for (const [k, m] of METHODS.entries()) {
      if (!task.methods.includes(m.id) || !m.designs.includes(d.name)) continue;
      const t0 = performance.now();
      try {
        const r = await m.fit(panel, d, fitSeeds[k], { att: truth, cells });
        out.push({ design: d.name, method: m.id, draw: drawOf(r.effect, r.truth, task.alpha), seconds: (performance.now() - t0) / 1000 });
      } catch (e) {
        out.push({ design: d.name, method: m.id, error: (e as Error).message, seconds: (performance.now() - t0) / 1000 });
      }
    }
  }
  return out;
}

export interface CoverageCell extends DrawSummary {
  design: DesignName;
  method: string;
  label: string;
  inference: string;
  scenario: Scenario;
  threats: string;
  failures: number;
  firstFailure?: string;
  /** Mean seconds per fit (one core). */
  secondsPerFit: number;
}

export interface StudyPlan {
  /** Worlds per cell for cheap methods. */
  worlds: number;
  /** Worlds per cell for costly methods (the first ones of the same paired seeds); default `worlds`. */
  costlyWorlds?: number;
  /** Worlds per cell for the LSOA design (each needs the LSOA panels); default `costlyWorlds`. */
  lsoaWorlds?: number;
  seed: number;
  scenarios: Scenario[];
  cells: ThreatCell[];
  designs: DesignName[];
  methods?: string[];
  alpha?: number;
}

/**
 * The tasks of a study: for every scenario × threat cell, world k (seed k of `seed`'s children,
 * the same in every cell) fits the cheap methods, the costly ones while k < costlyWorlds, and
 * the LSOA design while k < lsoaWorlds.
 */
export function studyTasks(o: StudyPlan): WorldTask[] {
  for (const d of o.designs) if (!DESIGNS[d]) throw new InputError(`unknown design "${d}" (designs: ${Object.keys(DESIGNS).join(", ")})`);
  const methods = o.methods ?? METHODS.map((m) => m.id);
  for (const m of methods) if (!METHODS.some((x) => x.id === m)) throw new InputError(`unknown method "${m}" (methods: ${METHODS.map((x) => x.id).join(", ")})`);
  const costly = Math.min(o.costlyWorlds ?? o.worlds, o.worlds), lsoa = Math.min(o.lsoaWorlds ?? costly, o.worlds);
  const seeds = childSeeds(o.seed, o.worlds);
  return o.scenarios.flatMap((scenario) => o.cells.flatMap((c) => seeds.map((seed, k) => ({
    seed, scenario, threats: c.threats, cell: c.name, alpha: o.alpha ?? 0.05,
    designs: o.designs.filter((d) => !DESIGNS[d].lsoa || k < lsoa),
    methods: methods.filter((m) => k < costly || METHODS.find((x) => x.id === m)!.cost === "cheap"),
  }))));
}

/** Groups world results into cells (design × method × scenario × threat cell) and summarises each. */
export function summariseStudy(tasks: readonly WorldTask[], results: readonly WorldResult[][]): CoverageCell[] {
  const cells = new Map<string, { design: DesignName; method: string; scenario: Scenario; threats: string; draws: Draw[]; failures: number; firstFailure?: string; seconds: number; fits: number }>();
  tasks.forEach((task, k) => {
    for (const r of results[k]) {
      const key = `${r.design}|${r.method}|${task.scenario}|${task.cell}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { design: r.design, method: r.method, scenario: task.scenario, threats: task.cell, draws: [], failures: 0, seconds: 0, fits: 0 }));
      c.seconds += r.seconds; c.fits++;
      if (r.draw) c.draws.push(r.draw); else { c.failures++; c.firstFailure ??= r.error; }
    }
  });
  return [...cells.values()].map((c) => {
    const m = METHODS.find((x) => x.id === c.method)!;
    return {
      design: c.design, method: c.method, label: m.label, inference: m.inference, scenario: c.scenario, threats: c.threats,
      ...summariseDraws(c.draws), failures: c.failures, ...(c.firstFailure ? { firstFailure: c.firstFailure } : {}), secondsPerFit: c.seconds / c.fits,
    };
  });
}
