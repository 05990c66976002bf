/**
 * The input of micro-synthetic control: many small areas, several outcomes observed in every
 * period, time-invariant covariates, and one intervention time shared by all treated areas.
 */
import { InputError } from "../../errors";
import { parseCsv } from "../../io/csv";
import type { RateUnit } from "../../effect";
import { treatmentStart, type Panel } from "../../panel/panel";
import { parsePeriodColumn } from "../../io/periods";
import { readText } from "../../io/text";
import { checkMagnitude, checkUnitId, parseNumber } from "../../io/values";

export interface MicrosynthData {
  units: string[];
  /** Sorted period labels. */
  periods: string[];
  /** Outcomes by name, each N×T row-major by unit (cell i*T + t); no missing cells. */
  outcomes: Record<string, Float64Array>;
  /** 1 for treated units (length N). */
  treated: Uint8Array;
  /** Index of the first treated period (the same for every treated unit). */
  start: number;
  /** Time-invariant covariates by name (length N). */
  covariates: Record<string, Float64Array>;
  /** Where the data came from, for error messages. */
  source?: string;
  /** Unit of the outcomes (default "count": microsynth balances and compares totals). */
  unit?: RateUnit;
  /** Text unit attributes by name (length N), e.g. the police force area a cluster jackknife groups by. */
  attributes?: Record<string, string[]>;
}

/** Checks shapes, completeness and that there are treated units, controls and a pre-period. */
export function validateData(d: MicrosynthData): void {
  const src = d.source ?? "microsynth data";
  const N = d.units.length, T = d.periods.length;
  if (Object.keys(d.outcomes).length === 0) throw new InputError(`${src}: no outcome given`);
  for (const [k, y] of Object.entries(d.outcomes)) {
    if (y.length !== N * T) throw new InputError(`${src}: outcome "${k}" has ${y.length} cells, expected ${N}×${T}`);
    for (let c = 0; c < y.length; c++) {
      if (!Number.isFinite(y[c])) {
        throw new InputError(`${src}: outcome "${k}" is missing or not finite for unit ${d.units[Math.floor(c / T)]}, period ${d.periods[c % T]} (microsynth needs complete data)`);
      }
    }
  }
  for (const [k, x] of Object.entries(d.covariates)) {
    if (x.length !== N) throw new InputError(`${src}: covariate "${k}" has ${x.length} values, expected one per unit (${N})`);
    for (let i = 0; i < N; i++) if (!Number.isFinite(x[i])) throw new InputError(`${src}: covariate "${k}" is missing or not finite for unit ${d.units[i]}`);
  }
  let nT = 0;
  for (let i = 0; i < N; i++) nT += d.treated[i];
  if (nT === 0) throw new InputError(`${src}: no treated unit`);
  if (nT === N) throw new InputError(`${src}: every unit is treated, there are no controls`);
  if (!(d.start >= 1 && d.start < T)) throw new InputError(`${src}: the intervention must start after the first period and by the last (start index ${d.start} of ${T} periods)`);
}

/** Treated flag and common start from a 0/1 treatment matrix; staggered starts are an error. */
function treatedAndStart(p: Panel, src: string): { treated: Uint8Array; start: number } {
  const starts = treatmentStart(p);
  const treated = new Uint8Array(p.units.length);
  let start = -1;
  starts.forEach((s, i) => {
    if (s < 0) return;
    treated[i] = 1;
    if (start < 0) start = s;
    else if (s !== start) {
      throw new InputError(`${src}: microsynth needs one intervention time, but unit ${p.units[i]} starts in ${p.periods[s]} and others in ${p.periods[start]}`);
    }
  });
  if (start < 0) throw new InputError(`${src}: no treated unit`);
  return { treated, start };
}

/**
 * From one Panel per outcome (same units, periods and treatment). Covariates (named) are the
 * first panel's numeric attributes or time-varying covariates that are constant within each unit.
 */
export function dataFromPanels(panels: Panel[], covariateNames?: string[]): MicrosynthData {
  const p0 = panels[0];
  const src = `panel "${p0.outcome}"`;
  const { treated, start } = treatedAndStart(p0, src);
  const outcomes: Record<string, Float64Array> = {};
  for (const p of panels) {
    if (p.units.length !== p0.units.length || p.units.some((u, i) => u !== p0.units[i]) || p.periods.some((t, i) => t !== p0.periods[i]) || p.periods.length !== p0.periods.length) {
      throw new InputError(`panels "${p0.outcome}" and "${p.outcome}" have different units or periods`);
    }
    if (p.treatment.some((v, c) => v !== p0.treatment[c])) throw new InputError(`panels "${p0.outcome}" and "${p.outcome}" have different treatment`);
    if (outcomes[p.outcome]) throw new InputError(`two panels share the outcome name "${p.outcome}"`);
    outcomes[p.outcome] = p.y;
  }
  const N = p0.units.length, T = p0.periods.length;
  // Only the covariates asked for: numeric attributes such as a "funded" flag must not be matched by default.
  const names = covariateNames ?? [];
  const covariates: Record<string, Float64Array> = {};
  for (const k of names) {
    const x = new Float64Array(N);
    if (p0.attributes[k]) {
      p0.attributes[k].forEach((v, i) => {
        const n = Number(v);
        if (v === "" || !Number.isFinite(n)) throw new InputError(`${src}: covariate "${k}" of unit ${p0.units[i]} is not a number: ${String(v)}`);
        x[i] = n;
      });
    } else if (p0.covariates[k]) {
      const c = p0.covariates[k];
      for (let i = 0; i < N; i++) {
        x[i] = c[i * T];
        for (let t = 1; t < T; t++) {
          if (c[i * T + t] !== x[i]) throw new InputError(`${src}: covariate "${k}" of unit ${p0.units[i]} changes over time (${x[i]} in ${p0.periods[0]}, ${c[i * T + t]} in ${p0.periods[t]}); microsynth needs time-invariant covariates`);
        }
      }
    } else throw new InputError(`${src}: no covariate "${k}" (attributes: ${Object.keys(p0.attributes).join(", ") || "none"}; covariates: ${Object.keys(p0.covariates).join(", ") || "none"})`);
    covariates[k] = x;
  }
  const attributes = Object.fromEntries(Object.entries(p0.attributes).map(([k, v]) => [k, v.map(String)]));
  const d: MicrosynthData = { units: p0.units, periods: p0.periods, outcomes, treated, start, covariates, source: src, ...(p0.unit ? { unit: p0.unit } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) };
  validateData(d);
  return d;
}

export interface CsvSpec {
  unit: string;
  time: string;
  treatment: string;
  outcomes: string[];
  /** Time-invariant covariates (constant within unit). */
  covariates?: string[];
  /** Text columns constant within unit, kept as attributes (e.g. a cluster id). */
  attributes?: string[];
}

/**
 * Reads a long CSV (one row per unit and period; optionally gzipped) straight into typed
 * arrays. Plain numeric files take a fast split-based path; files with quoted fields go
 * through the general CSV parser.
 */
export function readMicrosynthCsv(path: string, spec: CsvSpec): MicrosynthData {
  const { text } = readText(path);
  let header: string[], rows: string[][] | undefined, lines: string[] | undefined;
  if (text.includes('"')) {
    const t = parseCsv(text, path);
    header = t.header; rows = t.rows;
  } else {
    lines = text.split(/\r?\n/);
    header = lines[0].replace(/^\ufeff/, "").split(",").map((h) => h.trim());
    while (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  }
  const nRows = rows ? rows.length : lines!.length - 1;
  const col = (name: string) => {
    const j = header.indexOf(name);
    if (j < 0) throw new InputError(`${path}: missing column "${name}" (columns: ${header.join(", ")})`);
    return j;
  };
  const covNames = spec.covariates ?? [];
  const numNames = [spec.treatment, ...spec.outcomes, ...covNames];
  const numIdx = numNames.map(col);
  const ju = col(spec.unit), jt = col(spec.time);
  const attrNames = spec.attributes ?? [], attrIdx = attrNames.map(col);
  const attrOf = attrNames.map(() => new Array<string>(nRows));
  const unitOf: string[] = new Array(nRows), timeOf: string[] = new Array(nRows);
  const num = numNames.map(() => new Float64Array(nRows));
  for (let r = 0; r < nRows; r++) {
    const f = rows ? rows[r] : lines![r + 1].split(",");
    if (f.length !== header.length) throw new InputError(`${path}: row ${r + 2} has ${f.length} fields, the header has ${header.length}`);
    unitOf[r] = f[ju]; timeOf[r] = f[jt];
    attrIdx.forEach((j, k) => { attrOf[k][r] = f[j]; });
    for (let k = 0; k < numIdx.length; k++) {
      const s = f[numIdx[k]];
      const v = parseNumber(s);
      if (v === undefined) throw new InputError(`${path}: row ${r + 2}, column "${numNames[k]}": "${s}" is not a number`, { file: path, column: numNames[k] });
      checkMagnitude(v, `${path}: row ${r + 2}, column "${numNames[k]}"`, { file: path, column: numNames[k] });
      num[k][r] = v;
    }
  }
  const unitIndex = new Map<string, number>();
  unitOf.forEach((u, r) => {
    if (unitIndex.has(u)) return;
    checkUnitId(u, `${path}: row ${r + 2}`, { file: path, column: spec.unit });
    unitIndex.set(u, unitIndex.size);
  });
  const parsed = parsePeriodColumn(timeOf, { file: path, column: spec.time });
  const periods = parsed.periods;
  const periodIndex = new Map(periods.map((p, t) => [p, t]));
  const units = [...unitIndex.keys()];
  const N = units.length, T = periods.length;
  if (N * T !== nRows) throw new InputError(`${path}: ${nRows} rows for ${N} units × ${T} periods — the panel must be balanced (one row per unit and period)`);
  const seen = new Uint8Array(N * T);
  const D = new Uint8Array(N * T);
  const outcomes: Record<string, Float64Array> = {};
  for (const o of spec.outcomes) outcomes[o] = new Float64Array(N * T);
  const covariates: Record<string, Float64Array> = {};
  for (const c of covNames) covariates[c] = new Float64Array(N).fill(NaN);
  for (let r = 0; r < nRows; r++) {
    const i = unitIndex.get(unitOf[r])!, t = periodIndex.get(parsed.labels[r])!;
    const cell = i * T + t;
    if (seen[cell]) throw new InputError(`${path}: duplicate row for unit ${unitOf[r]}, period ${timeOf[r]} (row ${r + 2})`);
    seen[cell] = 1;
    const d = num[0][r];
    if (d !== 0 && d !== 1) throw new InputError(`${path}: row ${r + 2} (unit ${unitOf[r]}, period ${timeOf[r]}): "${spec.treatment}" must be 0 or 1, got ${d}`);
    D[cell] = d;
    spec.outcomes.forEach((o, k) => { outcomes[o][cell] = num[1 + k][r]; });
    covNames.forEach((c, k) => {
      const v = num[1 + spec.outcomes.length + k][r], x = covariates[c];
      if (Number.isNaN(x[i])) x[i] = v;
      else if (x[i] !== v) throw new InputError(`${path}: covariate "${c}" is not constant within unit ${unitOf[r]} (${x[i]} and ${v}, row ${r + 2}); microsynth needs time-invariant covariates`);
    });
  }
  // Treatment: absorbing, one common start.
  const treated = new Uint8Array(N);
  let start = -1;
  for (let i = 0; i < N; i++) {
    let s = -1;
    for (let t = 0; t < T; t++) {
      const v = D[i * T + t];
      if (v === 1 && s < 0) s = t;
      if (v === 0 && s >= 0) throw new InputError(`${path}: the treatment of unit ${units[i]} switches off at period ${periods[t]}`);
    }
    if (s < 0) continue;
    treated[i] = 1;
    if (start < 0) start = s;
    else if (s !== start) throw new InputError(`${path}: microsynth needs one intervention time, but unit ${units[i]} starts in ${periods[s]} and others in ${periods[start]}`);
  }
  if (start === 0) throw new InputError(`${path}: treated units are treated from the first period (${periods[0]}): there is no pre-period`);
  const attributes: Record<string, string[]> = {};
  attrNames.forEach((a, k) => {
    const v = new Array<string | undefined>(N);
    for (let r = 0; r < nRows; r++) {
      const i = unitIndex.get(unitOf[r])!;
      if (v[i] === undefined) v[i] = attrOf[k][r];
      else if (v[i] !== attrOf[k][r]) throw new InputError(`${path}: column "${a}" is not constant within unit ${unitOf[r]} ("${v[i]}" and "${attrOf[k][r]}", row ${r + 2})`);
    }
    attributes[a] = v as string[];
  });
  const data: MicrosynthData = { units, periods, outcomes, treated, start, covariates, source: path, ...(attrNames.length ? { attributes } : {}) };
  validateData(data);
  return data;
}
