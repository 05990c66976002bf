/**
 * Every report figure the notebooks draw, by its number: id, title, the notebook that shows it,
 * and `build` — the notebook's computation with the defaults of its settings cell, drawn by
 * the same function the notebook calls (chapter2.ts). `vru-eval figure` reads this list.
 * All chapter 2 figures are drawn on SIMULATED data with a known true effect.
 */
import type { Figure } from "../plots/figure";
import type { Panel } from "../panel/panel";
import { simulateEvaluation, type SimulatedEvaluation } from "../simulate/index";
import { gsynth } from "../estimators/gsynth/index";
import { programmeIts } from "../chapter2/its-table";
import { microsynthParallel } from "../estimators/microsynth/index";
import { hotspotDesign } from "../chapter2/hotspot-design";
import { subsetPeriods } from "../panel/subset";
import { reducedAreaSet, treatedTotal } from "../chapter2/areas";
import {
  CSP_OUTCOMES, ITS_FIGURES, LSOA_OUTCOMES, TREND_FIGURES, figure2_1, figure2_2, figure2_3, figure2_4, figure2_7, figure2_8, figureA3_4, figureIts, figureTrend,
  type CspOutcome, type LsoaOutcome, type TrendFigure,
} from "./chapter2";

export interface FigureOptions {
  /** Simulation and bootstrap seed (default 2021, the notebooks' SEED). */
  seed?: number;
}

export interface ReportFigure {
  /** Report number with a panel letter where the report has several, e.g. "2-1", "2-3b", "A3-5". */
  id: string;
  title: string;
  /** The notebook (file name without .ipynb) that shows it. */
  notebook: string;
  build(opts?: FigureOptions): Promise<Figure>;
}

export const DEFAULT_SEED = 2021;

/** The notebooks' settings-cell defaults that the figures depend on (test/figures.test.ts checks them). */
export const NOTEBOOK_SETTINGS = {
  "02-1-hospital-admissions": { R_RANGE: [0, 5], NBOOTS: 200 },
  "02-2-homicides": { R_RANGE: [0, 5], NBOOTS: 200 },
  "02-3-police-recorded-violence": { R_RANGE: [0, 5], NBOOTS: 100 },
  "02-4-surge-adjustment": { R_RANGE: [0, 5], NBOOTS: 100, COVARIATE: "stop_search" },
  "02-5-hotspots": { TOP_SHARE: 0.1, LAST_MONTH: "2020-03", PERMUTATIONS: 100 },
} as const;

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

const simulate = (opts: FigureOptions = {}, lsoa = false): SimulatedEvaluation =>
  simulateEvaluation({ seed: opts.seed ?? DEFAULT_SEED, scenario: "report", ...(lsoa ? { lsoa } : {}) });

/** The notebooks' gsynth call: cross-validated r, bootstrap intervals, no covariates unless given. */
const fitGsynth = (panel: Panel, seed: number, s: { R_RANGE: readonly [number, number]; NBOOTS: number }, covariates: string[] = []) =>
  gsynth(panel, { r: [...s.R_RANGE], se: true, nboots: s.NBOOTS, seed, covariates });

const fitPanel = (opts: FigureOptions | undefined, panel: "hospital-sharp-object-under-25" | "hospital-sharp-object-all-ages" | "homicide", notebook: "02-1-hospital-admissions" | "02-2-homicides") => {
  const sim = simulate(opts);
  return fitGsynth(sim.panels[panel]!, sim.seed, NOTEBOOK_SETTINGS[notebook]);
};

const cspFigures = (fig: "2-3" | "2-4", draw: (o: CspOutcome, sim: SimulatedEvaluation) => Promise<Figure>): ReportFigure[] =>
  (Object.keys(CSP_OUTCOMES) as CspOutcome[]).filter((o) => fig === "2-3" || o !== "csp-possession-of-weapons").map((o) => ({
    id: `${fig}${CSP_OUTCOMES[o].letter}`,
    title: fig === "2-3" ? `${CSP_OUTCOMES[o].label} per 100,000, funded CSPs vs synthetic control` : `Cumulative impact on ${CSP_OUTCOMES[o].label.toLowerCase()} from April 2019`,
    notebook: "02-3-police-recorded-violence",
    build: (opts) => draw(o, simulate(opts)),
  }));

async function hotspotFigure(outcome: LsoaOutcome, opts: FigureOptions = {}): Promise<Figure> {
  const s = NOTEBOOK_SETTINGS["02-5-hotspots"];
  const sim = simulate(opts, true);
  const keys = Object.keys(LSOA_OUTCOMES) as LsoaOutcome[];
  const panels = keys.map((k) => subsetPeriods(sim.panels[k]!, sim.panels[k]!.periods[0], s.LAST_MONTH));
  const design = hotspotDesign(panels, { share: s.TOP_SHARE, covariates: ["population"] });
  const result = await microsynthParallel(design, { matchOutcomes: true, permutations: s.PERMUTATIONS, seed: sim.seed });
  return figure2_8(outcome, result.effects[panels[keys.indexOf(outcome)].outcome]);
}

export const REPORT_FIGURES: readonly ReportFigure[] = [
  { id: "2-1", title: "Hospital admissions (under 25s), treated PFAs vs synthetic control", notebook: "02-1-hospital-admissions",
    build: async (opts) => figure2_1(await fitPanel(opts, "hospital-sharp-object-under-25", "02-1-hospital-admissions")) },
  { id: "2-2", title: "Homicide rates, treated PFAs vs synthetic control", notebook: "02-2-homicides",
    build: async (opts) => figure2_2(await fitPanel(opts, "homicide", "02-2-homicides")) },
  ...cspFigures("2-3", async (o, sim) => figure2_3(o, await fitGsynth(sim.panels[o]!, sim.seed, NOTEBOOK_SETTINGS["02-3-police-recorded-violence"]))),
  ...cspFigures("2-4", async (o, sim) => figure2_4(o, await fitGsynth(sim.panels[o]!, sim.seed, NOTEBOOK_SETTINGS["02-3-police-recorded-violence"]), sim.truth[o]!)),
  ...ITS_FIGURES.filter((f) => !f.id.startsWith("A3")).map((f) => itsEntry(f)),
  ...(["csp-violence-with-injury", "csp-violence-without-injury"] as const).map((o): ReportFigure => ({
    id: `2-7${CSP_OUTCOMES[o].letter}`, title: `Cumulative impact on ${CSP_OUTCOMES[o].label.toLowerCase()}, with and without adjusting for Surge (stop and search)`, notebook: "02-4-surge-adjustment",
    build: async (opts) => {
      const sim = simulate(opts), s = NOTEBOOK_SETTINGS["02-4-surge-adjustment"];
      const panel = reducedAreaSet(sim.panels[o]!);
      const plain = await fitGsynth(panel, sim.seed, s);
      const adjusted = await fitGsynth(panel, sim.seed, s, [s.COVARIATE]);
      return figure2_7(o, plain, adjusted, sim.truth[o]!, s.COVARIATE);
    },
  })),
  ...(Object.keys(LSOA_OUTCOMES) as LsoaOutcome[]).map((o): ReportFigure => ({
    id: `2-8${LSOA_OUTCOMES[o].letter}`, title: `${LSOA_OUTCOMES[o].label}: high-violence LSOAs vs micro-synthetic control`, notebook: "02-5-hotspots",
    build: (opts) => hotspotFigure(o, opts),
  })),
  ...(Object.keys(TREND_FIGURES) as TrendFigure[]).map((id): ReportFigure => ({
    id, title: capitalise(TREND_FIGURES[id].title.replace(/^Figure A3\.\d \(SIMULATED\): /, "")), notebook: "02-0-data",
    build: async (opts) => figureTrend(id, simulate(opts).panels[TREND_FIGURES[id].panel]!),
  })),
  { id: "A3-4", title: "Hospital admissions, sharp object (all ages), treated vs synthetic", notebook: "02-1-hospital-admissions",
    build: async (opts) => figureA3_4(await fitPanel(opts, "hospital-sharp-object-all-ages", "02-1-hospital-admissions")) },
  ...ITS_FIGURES.filter((f) => f.id.startsWith("A3")).map((f) => itsEntry(f)),
];

function itsEntry(f: (typeof ITS_FIGURES)[number]): ReportFigure {
  return {
    id: f.id, title: `ITS of police recorded ${CSP_OUTCOMES[f.outcome].label.toLowerCase()}, intervention ${f.intervention}`, notebook: "02-3-police-recorded-violence",
    build: async (opts) => {
      const sim = simulate(opts), panel = sim.panels[f.outcome]!;
      return figureIts(f.outcome, f.intervention, programmeIts(treatedTotal(panel, sim.counts[f.outcome]!), panel.periods, { intervention: f.intervention }).model);
    },
  };
}

/** The figure with this id, or undefined. */
export function findFigure(id: string): ReportFigure | undefined {
  return REPORT_FIGURES.find((f) => f.id.toLowerCase() === id.toLowerCase());
}
