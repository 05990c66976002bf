/**
 * The Panel: units × periods, the one data structure every estimator takes.
 *
 * Layout: row-major by unit — cell (unit i, period t) is at index i * T + t — on
 * Float64Array, NaN = missing. Periods are parsed and sorted in time (src/io/periods.ts: never
 * as text) and carry their canonical label ("2019-1" → "2019-01", "1980.0" → "1980").
 */
import { InputError } from "../errors";
import { parsePeriodColumn } from "../io/periods";
import { checkMagnitude, checkUnitId } from "../io/values";
import type { RateUnit } from "../effect";

export interface Panel {
  /** Unit ids, in panel order (length N). */
  units: string[];
  /** Period labels, canonical and in time order (length T). */
  periods: string[];
  /** Name of the outcome variable. */
  outcome: string;
  /** Outcome, N*T, row-major by unit; NaN = missing. */
  y: Float64Array;
  /** Treatment indicator D, N*T (0/1). */
  treatment: Uint8Array;
  /** Time-varying covariates by name, each N*T. */
  covariates: Record<string, Float64Array>;
  /** Time-invariant unit attributes by name (e.g. name, parent area, population), each length N. */
  attributes: Record<string, (string | number)[]>;
  /** Unit of the outcome, so rates convert to counts explicitly. */
  unit?: RateUnit;
}

/** Options for {@link panelFromColumns}. */
export interface PanelColumns {
  unit: string[];
  time: (string | number)[];
  outcome: ArrayLike<number>;
  outcomeName?: string;
  /** Name of the time column, for messages. */
  timeName?: string;
  /** 0/1 per row; all zero when omitted. */
  treatment?: ArrayLike<number>;
  covariates?: Record<string, ArrayLike<number>>;
  /** Per-row values of attributes that must be constant within a unit. */
  attributes?: Record<string, (string | number)[]>;
  /** Where the rows came from, for error messages. */
  source?: string;
  /** Allow a unit's treatment to switch off again (default false: treatment must be absorbing). */
  allowTreatmentReversal?: boolean;
  /** Allow treated units with no untreated period (default false). */
  allowNoPrePeriod?: boolean;
  unitOfMeasure?: RateUnit;
}

/**
 * Builds a Panel from long-format columns (one entry per unit-period), validating as it goes.
 * Errors name the source, row, unit and period at fault. Unit-periods absent from the input
 * become missing cells (NaN) — estimators say whether they accept them.
 */
export function panelFromColumns(c: PanelColumns): Panel {
  const src = c.source ?? "panel";
  const n = c.unit.length;
  if (c.time.length !== n || c.outcome.length !== n) {
    throw new InputError(`${src}: unit, time and outcome columns differ in length (${n}, ${c.time.length}, ${c.outcome.length})`);
  }
  if (n === 0) throw new InputError(`${src}: no rows`);
  const unitIndex = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const u = c.unit[r];
    if (u === undefined || u === null || String(u) === "") throw new InputError(`${src}: row ${r + 1} has an empty unit id`, { file: src });
    if (!unitIndex.has(String(u))) {
      checkUnitId(String(u), `${src}: row ${r + 1}`, { file: src });
      unitIndex.set(String(u), unitIndex.size);
    }
    const t = c.time[r];
    if (t === undefined || t === null || String(t).trim() === "") throw new InputError(`${src}: row ${r + 1} (unit ${u}) has an empty time`, { file: src, unit: String(u) });
  }
  const units = [...unitIndex.keys()];
  const parsed = parsePeriodColumn(c.time, { file: src, ...(c.timeName ? { column: c.timeName } : {}) });
  const periods = parsed.periods;
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const N = units.length, T = periods.length;
  const y = new Float64Array(N * T).fill(NaN);
  const treatment = new Uint8Array(N * T);
  const seen = new Uint8Array(N * T);
  const covNames = Object.keys(c.covariates ?? {});
  const covariates: Record<string, Float64Array> = {};
  for (const k of covNames) covariates[k] = new Float64Array(N * T).fill(NaN);
  const outcomeName = c.outcomeName ?? "outcome";

  for (let r = 0; r < n; r++) {
    const i = unitIndex.get(String(c.unit[r]))!;
    const t = periodIndex.get(parsed.labels[r])!;
    const cell = i * T + t;
    if (seen[cell]) throw new InputError(`${src}: duplicate unit-period: unit ${units[i]}, period ${periods[t]} (row ${r + 1})`);
    seen[cell] = 1;
    const v = c.outcome[r];
    if (typeof v !== "number" || (Number.isNaN(v) ? false : !Number.isFinite(v))) {
      throw new InputError(`${src}: row ${r + 1} (unit ${units[i]}, period ${periods[t]}): outcome "${outcomeName}" is not a number: ${String(v)}`);
    }
    checkMagnitude(v, `${src}: row ${r + 1}, outcome "${outcomeName}"`, { file: src, unit: units[i], period: periods[t] });
    y[cell] = v;
    if (c.treatment) {
      const d = c.treatment[r];
      if (d !== 0 && d !== 1) throw new InputError(`${src}: row ${r + 1} (unit ${units[i]}, period ${periods[t]}): treatment must be 0 or 1, got ${String(d)}`);
      treatment[cell] = d;
    }
    for (const k of covNames) {
      const x = c.covariates![k][r];
      if (typeof x !== "number" || (!Number.isNaN(x) && !Number.isFinite(x))) {
        throw new InputError(`${src}: row ${r + 1} (unit ${units[i]}, period ${periods[t]}): covariate "${k}" is not a number: ${String(x)}`);
      }
      checkMagnitude(x, `${src}: row ${r + 1}, covariate "${k}"`, { file: src, unit: units[i], period: periods[t] });
      covariates[k][cell] = x;
    }
  }

  // A unit-period absent from the input is a missing cell; its treatment carries the unit's last
  // observed status forward, so a gap after adoption is not read as treatment switching off.
  for (let i = 0; i < N; i++) {
    let last = 0;
    for (let t = 0; t < T; t++) {
      const cell = i * T + t;
      if (seen[cell]) last = treatment[cell];
      else treatment[cell] = last;
    }
  }

  const attributes: Record<string, (string | number)[]> = {};
  for (const [k, col] of Object.entries(c.attributes ?? {})) {
    const vals: (string | number | undefined)[] = new Array(N);
    for (let r = 0; r < n; r++) {
      const i = unitIndex.get(String(c.unit[r]))!;
      if (vals[i] === undefined) vals[i] = col[r];
      else if (vals[i] !== col[r]) throw new InputError(`${src}: attribute "${k}" of unit ${units[i]} is not constant (${vals[i]} and ${col[r]}, row ${r + 1})`);
    }
    attributes[k] = vals as (string | number)[];
  }

  const panel: Panel = { units, periods, outcome: outcomeName, y, treatment, covariates, attributes, ...(c.unitOfMeasure ? { unit: c.unitOfMeasure } : {}) };
  validateTreatment(panel, src, c.allowTreatmentReversal ?? false, c.allowNoPrePeriod ?? false);
  return panel;
}

/** Checks that treatment is absorbing (unless allowed) and every treated unit has a pre-period. */
export function validateTreatment(p: Panel, src: string, allowReversal: boolean, allowNoPre: boolean): void {
  const T = p.periods.length;
  for (let i = 0; i < p.units.length; i++) {
    let on = false;
    for (let t = 0; t < T; t++) {
      const d = p.treatment[i * T + t];
      if (d === 1 && t === 0 && !allowNoPre) {
        throw new InputError(`${src}: unit ${p.units[i]} is treated from the first period (${p.periods[0]}): it has no pre-period`);
      }
      if (on && d === 0 && !allowReversal) {
        throw new InputError(`${src}: the treatment of unit ${p.units[i]} switches off at period ${p.periods[t]}; the estimators need an absorbing treatment (once 1, it stays 1)`, { file: src, unit: p.units[i], period: p.periods[t] });
      }
      if (d === 1) on = true;
    }
  }
}

/** Index of the first treated period of each unit, or -1 for never-treated units. */
export function treatmentStart(p: Panel): Int32Array {
  const T = p.periods.length;
  const out = new Int32Array(p.units.length).fill(-1);
  for (let i = 0; i < p.units.length; i++) {
    for (let t = 0; t < T; t++) if (p.treatment[i * T + t] === 1) { out[i] = t; break; }
  }
  return out;
}

/** Indices of ever-treated and never-treated units. */
export function treatedAndControls(p: Panel): { treated: number[]; controls: number[] } {
  const start = treatmentStart(p);
  const treated: number[] = [], controls: number[] = [];
  start.forEach((s, i) => (s >= 0 ? treated : controls).push(i));
  return { treated, controls };
}

/** The outcome series of one unit (a view, not a copy). */
export function unitSeries(p: Panel, i: number, values: Float64Array = p.y): Float64Array {
  const T = p.periods.length;
  return values.subarray(i * T, (i + 1) * T);
}

/** Index of a unit by id, or an error naming the unit and a few that exist. */
export function unitIndexOf(p: Panel, id: string): number {
  const i = p.units.indexOf(id);
  if (i < 0) throw new InputError(`unit "${id}" is not in the panel (units include: ${p.units.slice(0, 8).join(", ")}${p.units.length > 8 ? ", …" : ""})`);
  return i;
}

/** Index of a period by label, or an error naming the range the panel covers. */
export function periodIndexOf(p: Panel, label: string | number): number {
  const t = p.periods.indexOf(String(label));
  if (t < 0) throw new InputError(`period "${label}" is outside the panel (${p.periods[0]} to ${p.periods[p.periods.length - 1]})`);
  return t;
}

/** Number of missing outcome cells. */
export function countMissing(p: Panel): number {
  let m = 0;
  for (let k = 0; k < p.y.length; k++) if (Number.isNaN(p.y[k])) m++;
  return m;
}
