/**
 * The default specification and inference of each chapter 2 design, chosen by the calibration
 * study (src/chapter2/calibration-study.ts: many simulated worlds with every threat on, one
 * default per design, coverage of the true effect by the 95% interval), and what the study
 * measured. Notebooks and the study call the same `fitDesign`, so what is measured is what is
 * printed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Effect } from "../effect";
import { gsynth, type GsynthDiagnostics, type GsynthOptions } from "../estimators/gsynth/index";
import { REPO_ROOT } from "../io/paths";
import type { Panel } from "../panel/panel";
import { proportionalPanel, scaleEffect, weightedTruth } from "./proportional";

export type DesignName = "hospital" | "homicide" | "police" | "surge";

export interface Design {
  /** The default specification and inference, in words (printed next to the estimate). */
  specification: string;
  /** gsynth options of the default (the notebook adds seed, replicates, covariates, progress). */
  options: GsynthOptions;
  /** Fit on each area's outcome as a percentage of its pre-period mean (./proportional.ts). */
  proportional: boolean;
  /** Why an interval of this design can miss the truth, in one sentence (from the threat-by-threat study). */
  whyMiss: string;
}

export const DESIGNS: Record<DesignName, Design> = {
  hospital: {
    specification: "generalised SCM on each force's admissions as a % of its own pre-period mean (converted back to the rate), parametric bootstrap",
    options: { r: [0, 5], se: true, inference: "parametric" },
    proportional: true,
    whyMiss: "the funded forces were chosen for having the most admissions (selection on the outcome), so they lie above every donor and grow faster per person in rate terms; the proportional specification removes most, not all, of that bias",
  },
  homicide: {
    specification: "generalised SCM on the quarterly rate, parametric bootstrap (as the report)",
    options: { r: [0, 5], se: true, inference: "parametric" },
    proportional: false,
    whyMiss: "homicides are a handful a quarter per force, so one world in twenty misses by chance alone",
  },
  police: {
    specification: "generalised SCM on the CSP rate, bootstrap resampling whole police force areas (treatment is assigned by force, and a force's CSPs share its shocks)",
    options: { r: [0, 5], se: true, inference: "nonparametric", cluster: "pfa" },
    proportional: false,
    whyMiss: "London's 32 boroughs, a fifth of the funded CSPs, share regional shocks that no donor has (London is one funded force in its own region), so in some worlds the whole programme estimate moves with London's shock",
  },
  surge: {
    specification: "generalised SCM on the CSP rate of the reduced set of areas, bootstrap resampling whole police force areas",
    options: { r: [0, 5], se: true, inference: "nonparametric", cluster: "pfa" },
    proportional: false,
    whyMiss: "stop and search does not carry Surge's effect in the simulation (it only rises with it), so the adjusted model still estimates Surge plus VRU; London's regional shocks add the police design's misses",
  },
};

export interface DesignFit {
  effect: Effect<GsynthDiagnostics>;
  /** The truth of this design's estimand from a TruthPath's per-cell truth (the plain ATT unless proportional). */
  truth: (cells: Float64Array, plain: number) => number;
}

/** Fits `panel` with the design's default specification and inference. */
export async function fitDesign(name: DesignName, panel: Panel, o: { seed: number; replicates: number; r?: [number, number]; covariates?: string[]; onProgress?: (done: number, total: number) => void }): Promise<DesignFit> {
  const d = DESIGNS[name];
  const options: GsynthOptions = { ...d.options, seed: o.seed, nboots: o.replicates, covariates: o.covariates ?? [], ...(o.r ? { r: o.r } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) };
  if (!d.proportional) return { effect: await gsynth(panel, options), truth: (_cells, plain) => plain };
  const pp = proportionalPanel(panel);
  const effect = scaleEffect(await gsynth(pp.panel, options), pp.toRate, panel.unit);
  return { effect, truth: (cells) => weightedTruth(panel, cells, pp.preMean) };
}

/** What the calibration study measured for one row kind: worlds, coverage of the truth, bias. */
export interface MeasuredCalibration {
  design: DesignName | "hotspots";
  row: string;
  threats: string;
  worlds: number;
  coverage: number;
  /** Monte Carlo standard error of `coverage`. */
  coverageSe: number;
  bias: number;
  biasSe: number;
  meanWidth: number;
}

export const CALIBRATION_FILE = join(REPO_ROOT, "bench", "results", "chapter2-calibration.json");

/** The study's measurements (empty when the study has not been run). */
export function loadCalibration(): MeasuredCalibration[] {
  if (!existsSync(CALIBRATION_FILE)) return [];
  return (JSON.parse(readFileSync(CALIBRATION_FILE, "utf8")) as { rows: MeasuredCalibration[] }).rows;
}

const sign = (x: number, d: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(d)}`;

/**
 * The sentence printed next to an estimate of the row `row` ("<design>-…", e.g. "police-vwoi"): the default's measured coverage and bias, whether that
 * counts as calibrated (coverage within two Monte Carlo errors of 95%, or above), and, when this
 * interval misses the truth, why.
 */
export function calibrationNote(row: string, covered: boolean | undefined, digits = 2): string {
  const m = loadCalibration().find((r) => r.row === row);
  const design = DESIGNS[row.split("-")[0] as DesignName]; // row keys start with their design ("police-vwoi"); hotspot rows have none
  const parts: string[] = [];
  if (!m) parts.push("not yet measured by the calibration study");
  else {
    const calibrated = m.coverage + 2 * m.coverageSe >= 0.95 && m.coverage >= 0.85;
    parts.push(`${calibrated ? "calibrated" : "NOT calibrated"}: in ${m.worlds} simulated worlds (${m.threats}) this default's 95% interval covered the truth ${(100 * m.coverage).toFixed(0)}% ± ${(100 * m.coverageSe).toFixed(0)}% of the time, mean bias ${sign(m.bias, digits)} (± ${m.biasSe.toFixed(digits)})`);
  }
  if (covered === false) parts.push(`this interval misses: ${ROW_WHY_MISS[row] ?? design?.whyMiss ?? HOTSPOT_WHY_MISS}`);
  return parts.join("; ");
}

/** Rows whose misses have a reason of their own, beyond their design's. */
const ROW_WHY_MISS: Record<string, string> = {
  "police-pow": "weapons possession rises with lockdown mobility (proactive policing), multiplicatively, so per 100,000 it rises most in the high-rate funded areas and in London, whose mobility rose most: no donor shows that rise",
};

/** Why a hotspot interval can miss (the microsynth design has no gsynth default above). */
export const HOTSPOT_WHY_MISS = "London holds a quarter of the funded LSOAs the hotspots are drawn from, which share regional shocks that no control LSOA has (every London LSOA is funded), and the linearised interval treats LSOAs as independent";
