/**
 * Checks on a built Panel (panelFromColumns already rejects duplicates, text in numbers, a
 * treatment that switches off, and treated units with no pre-period), and the missingness summary.
 */
import { InputError } from "../errors";
import { validateTreatment, type Panel } from "./panel";
import { checkMonthlyPeriods } from "./calendar";

export interface ValidateOptions {
  /** Where the panel came from, for messages. */
  source?: string;
  /** Require "YYYY-MM" periods, in order, with no month missing. */
  monthly?: boolean;
  /** Allow missing outcome cells (default true: the summary reports them). */
  allowMissing?: boolean;
  /** Reject units whose outcome is zero in every observed period (default true). */
  rejectAllZero?: boolean;
  allowTreatmentReversal?: boolean;
  allowNoPrePeriod?: boolean;
}

/** Throws InputError naming the unit/period at fault; returns the panel for chaining. */
export function validatePanel(p: Panel, o: ValidateOptions = {}): Panel {
  const src = o.source ?? "panel";
  const N = p.units.length, T = p.periods.length;
  if (N === 0 || T === 0) throw new InputError(`${src}: the panel is empty (${N} units, ${T} periods)`);
  if (p.y.length !== N * T) throw new InputError(`${src}: outcome has ${p.y.length} cells, expected ${N} units × ${T} periods`);
  if (p.treatment.length !== N * T) throw new InputError(`${src}: treatment has ${p.treatment.length} cells, expected ${N * T}`);
  const seenUnit = new Set<string>();
  for (const u of p.units) {
    if (seenUnit.has(u)) throw new InputError(`${src}: unit ${u} appears twice`);
    seenUnit.add(u);
  }
  if (o.monthly) checkMonthlyPeriods(p.periods, src);
  else {
    for (let t = 1; t < T; t++) if (p.periods[t] === p.periods[t - 1]) throw new InputError(`${src}: period ${p.periods[t]} appears twice`);
  }
  for (const [k, v] of Object.entries(p.covariates)) {
    if (v.length !== N * T) throw new InputError(`${src}: covariate "${k}" has ${v.length} cells, expected ${N * T}`);
  }
  for (const [k, v] of Object.entries(p.attributes)) {
    if (v.length !== N) throw new InputError(`${src}: attribute "${k}" has ${v.length} values, expected one per unit (${N})`);
  }
  for (let i = 0; i < N; i++) {
    let observed = 0, nonzero = 0;
    for (let t = 0; t < T; t++) {
      const v = p.y[i * T + t];
      const d = p.treatment[i * T + t];
      if (d !== 0 && d !== 1) throw new InputError(`${src}: treatment of unit ${p.units[i]} at ${p.periods[t]} is ${d}, expected 0 or 1`);
      if (Number.isNaN(v)) {
        if (o.allowMissing === false) throw new InputError(`${src}: outcome "${p.outcome}" is missing for unit ${p.units[i]} at ${p.periods[t]}`);
        continue;
      }
      if (!Number.isFinite(v)) throw new InputError(`${src}: outcome "${p.outcome}" is ${v} for unit ${p.units[i]} at ${p.periods[t]}`);
      observed++;
      if (v !== 0) nonzero++;
    }
    if (observed > 0 && nonzero === 0 && (o.rejectAllZero ?? true)) {
      throw new InputError(`${src}: outcome "${p.outcome}" of unit ${p.units[i]} is zero in every period (pass rejectAllZero: false if that is real)`);
    }
  }
  validateTreatment(p, src, o.allowTreatmentReversal ?? false, o.allowNoPrePeriod ?? false);
  return p;
}

export interface Missingness {
  cells: number;
  missing: number;
  fraction: number;
  /** Units with at least one missing cell: how many, and the first/last missing period. */
  byUnit: { unit: string; missing: number; first: string; last: string }[];
  /** Missing cells per period (aligned with panel.periods). */
  byPeriod: number[];
  /** Units missing in every period. */
  allMissingUnits: string[];
  /** N×T 0/1 map (1 = missing), row-major by unit, for a heatmap. */
  map: Uint8Array;
}

/** Where the outcome is missing (NaN), by unit and by period. */
export function missingness(p: Panel): Missingness {
  const N = p.units.length, T = p.periods.length;
  const map = new Uint8Array(N * T);
  const byPeriod = new Array<number>(T).fill(0);
  const byUnit: Missingness["byUnit"] = [];
  const allMissingUnits: string[] = [];
  let missing = 0;
  for (let i = 0; i < N; i++) {
    let m = 0, first = -1, last = -1;
    for (let t = 0; t < T; t++) {
      if (!Number.isNaN(p.y[i * T + t])) continue;
      map[i * T + t] = 1;
      byPeriod[t]++;
      m++;
      if (first < 0) first = t;
      last = t;
    }
    if (m > 0) byUnit.push({ unit: p.units[i], missing: m, first: p.periods[first], last: p.periods[last] });
    if (m === T) allMissingUnits.push(p.units[i]);
    missing += m;
  }
  return { cells: N * T, missing, fraction: missing / (N * T), byUnit, byPeriod, allMissingUnits, map };
}
