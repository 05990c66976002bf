/**
 * The declarative predictor specification of the classic synthetic control (cli.md, "The
 * SCM predictor spec"), and its translation to period indices of a panel.
 *
 * A predictor is the mean of a variable over a window of pre-periods (missing cells skipped,
 * as R Synth's dataprep does), or its value at one period; a time-invariant unit attribute
 * (Panel.attributes, e.g. population) is its value and needs no window. Two extensions cover the Synth
 * package's documented Basque example: `variable` may list several variables, whose means
 * are added (e.g. "high school" + "post high school"), and `shareOf` re-expresses the value
 * as 100 × value / Σ means of the listed variables (a share of the population, in percent).
 */
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";

export type PeriodLabel = string | number;

export interface PredictorSpec {
  /** Outcome, covariate or (numeric) unit attribute name; with several, their means are added. */
  variable: string | string[];
  /** Mean over the periods from..to (inclusive). */
  from?: PeriodLabel;
  to?: PeriodLabel;
  /** The value at one period. */
  at?: PeriodLabel;
  /** Mean over an explicit list of periods (e.g. every other year). */
  periods?: PeriodLabel[];
  /** Express as 100 × value / Σ (means of these variables over the same periods). */
  shareOf?: string[];
  /** Row name in tables (default: derived from the variable and window). */
  name?: string;
}

export interface ScmSpec {
  /** Predictors; default: the outcome at every pre-period. */
  predictors?: PredictorSpec[];
  /** Periods whose outcome MSPE chooses V (default: every pre-period). */
  fitWindow?: { from: PeriodLabel; to: PeriodLabel };
}

/** A predictor resolved against a panel: period indices and variable arrays. */
export interface ResolvedPredictor {
  name: string;
  periods: number[];
  variables: string[];
  shareOf?: string[];
}

export interface ResolvedSpec {
  predictors: ResolvedPredictor[];
  fitPeriods: number[];
}

function indexOf(panel: Panel, label: PeriodLabel, what: string): number {
  const t = panel.periods.indexOf(String(label));
  if (t < 0) throw new InputError(`${what}: period ${label} is not in the panel (${panel.periods[0]} to ${panel.periods[panel.periods.length - 1]})`);
  return t;
}

function range(panel: Panel, from: PeriodLabel, to: PeriodLabel, what: string): number[] {
  const a = indexOf(panel, from, what), b = indexOf(panel, to, what);
  if (b < a) throw new InputError(`${what}: window ${from}–${to} ends before it starts`);
  const out: number[] = [];
  for (let t = a; t <= b; t++) out.push(t);
  return out;
}

/** A time-invariant unit attribute (e.g. area, population) used as a predictor. */
export function isAttribute(panel: Panel, v: string): boolean {
  return v !== panel.outcome && !(v in panel.covariates) && v in panel.attributes;
}

function checkVariable(panel: Panel, v: string, what: string): void {
  if (v !== panel.outcome && !(v in panel.covariates) && !(v in panel.attributes)) {
    throw new InputError(`${what}: variable "${v}" is neither the outcome ("${panel.outcome}"), a covariate (${Object.keys(panel.covariates).join(", ") || "none loaded"}) nor a unit attribute (${Object.keys(panel.attributes).join(", ") || "none loaded"})`);
  }
  if (isAttribute(panel, v)) {
    const bad = panel.attributes[v].findIndex((x) => typeof x !== "number" && (String(x).trim() === "" || !Number.isFinite(Number(x))));
    if (bad >= 0) throw new InputError(`${what}: attribute "${v}" of unit ${panel.units[bad]} is not a number: ${String(panel.attributes[v][bad])}`);
  }
}

/** The values of `variable` (outcome or covariate), N*T row-major by unit. */
export function variableValues(panel: Panel, variable: string): Float64Array {
  return variable === panel.outcome ? panel.y : panel.covariates[variable];
}

/**
 * Resolves the spec for treatment starting at period index `t0`: every predictor window and
 * the fit window must lie inside the pre-period [0, t0).
 */
export function resolveSpec(panel: Panel, spec: ScmSpec, t0: number): ResolvedSpec {
  const preEnd = panel.periods[t0 - 1];
  const inPre = (ts: number[], what: string) => {
    for (const t of ts) {
      if (t >= t0) throw new InputError(`${what}: period ${panel.periods[t]} is outside the pre-period (treatment starts ${panel.periods[t0]}; the pre-period ends ${preEnd})`);
    }
  };
  const predictors: ResolvedPredictor[] = [];
  const list = spec.predictors ?? Array.from({ length: t0 }, (_, t): PredictorSpec => ({ variable: panel.outcome, at: panel.periods[t] }));
  if (list.length === 0) throw new InputError("the predictor spec lists no predictors");
  for (const [k, p] of list.entries()) {
    const variables = Array.isArray(p.variable) ? p.variable : [p.variable];
    const label = p.name ?? variables.join("+");
    const what = `predictor ${k + 1} (${label})`;
    if (variables.length === 0 || variables.some((v) => typeof v !== "string")) throw new InputError(`${what}: "variable" must be a name or a list of names`);
    for (const v of [...variables, ...(p.shareOf ?? [])]) checkVariable(panel, v, what);
    const kinds = [p.at !== undefined, p.from !== undefined || p.to !== undefined, p.periods !== undefined].filter(Boolean).length;
    const timeInvariant = [...variables, ...(p.shareOf ?? [])].every((v) => isAttribute(panel, v));
    if (kinds !== 1 && !(timeInvariant && kinds === 0)) throw new InputError(`${what}: give exactly one of "at", "from"/"to" or "periods"${timeInvariant ? " (or none: unit attributes do not vary over time)" : ""}`);
    let periods: number[];
    let suffix: string;
    if (kinds === 0) { periods = []; suffix = ""; }
    else if (p.at !== undefined) { periods = [indexOf(panel, p.at, what)]; suffix = String(p.at); }
    else if (p.periods !== undefined) {
      if (!Array.isArray(p.periods) || p.periods.length === 0) throw new InputError(`${what}: "periods" must be a non-empty list`);
      periods = p.periods.map((q) => indexOf(panel, q, what));
      suffix = `${p.periods[0]}…${p.periods[p.periods.length - 1]}`;
    } else {
      if (p.from === undefined || p.to === undefined) throw new InputError(`${what}: a window needs both "from" and "to"`);
      periods = range(panel, p.from, p.to, what);
      suffix = `${p.from}–${p.to}`;
    }
    inPre(periods, what);
    predictors.push({ name: p.name ?? (suffix ? `${label} ${suffix}` : label), periods, variables, ...(p.shareOf ? { shareOf: p.shareOf } : {}) });
  }
  let fitPeriods: number[];
  if (spec.fitWindow) {
    fitPeriods = range(panel, spec.fitWindow.from, spec.fitWindow.to, "fitWindow");
    inPre(fitPeriods, "fitWindow");
  } else fitPeriods = Array.from({ length: t0 }, (_, t) => t);
  return { predictors, fitPeriods };
}

/** Parses a spec from JSON text, naming the file on error. */
export function parseSpec(text: string, source: string): ScmSpec {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new InputError(`${source}: not valid JSON (${(e as Error).message})`); }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError(`${source}: expected an object with "predictors" and optionally "fitWindow"`);
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (key !== "predictors" && key !== "fitWindow") throw new InputError(`${source}: unknown key "${key}" (expected "predictors", "fitWindow")`);
  if (o.predictors !== undefined && !Array.isArray(o.predictors)) throw new InputError(`${source}: "predictors" must be a list`);
  if (o.fitWindow !== undefined) {
    const fw = o.fitWindow as Record<string, unknown>;
    if (typeof fw !== "object" || fw === null || fw.from === undefined || fw.to === undefined) throw new InputError(`${source}: "fitWindow" needs "from" and "to"`);
  }
  const keys = ["variable", "from", "to", "at", "periods", "shareOf", "name"];
  for (const [k, p] of ((o.predictors as unknown[]) ?? []).entries()) {
    if (typeof p !== "object" || p === null || (p as Record<string, unknown>).variable === undefined) throw new InputError(`${source}: predictor ${k + 1} needs a "variable"`);
    const unknown = Object.keys(p).filter((key) => !keys.includes(key));
    if (unknown.length) throw new InputError(`${source}: predictor ${k + 1} has unknown key "${unknown[0]}" (expected ${keys.join(", ")})`);
  }
  return o as ScmSpec;
}
