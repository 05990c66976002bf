/**
 * Data preparation in the notation of Abadie, Diamond & Hainmueller (2010): for one treated
 * unit and a donor pool, the predictor vector X1 and matrix X0, the fit-window outcomes Z1
 * and Z0, and the full outcome paths. Predictors are computed once for every unit of the
 * pool ({@link predictorTable}), so placebo fits only re-select columns and re-scale.
 */
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { isAttribute, variableValues, type ResolvedSpec } from "./spec";

/** Predictor values for a set of units: `values[u * k + p]`. */
export interface PredictorTable {
  names: string[];
  units: number[];
  values: Float64Array;
  /** For each predictor: the period index if it is the outcome at one period, else −1. */
  outcomePeriod: number[];
}

function windowMean(panel: Panel, variable: string, unit: number, periods: number[], what: string): number {
  if (isAttribute(panel, variable)) return Number(panel.attributes[variable][unit]);
  const T = panel.periods.length;
  const x = variableValues(panel, variable);
  let s = 0, n = 0;
  for (const t of periods) {
    const v = x[unit * T + t];
    if (!Number.isNaN(v)) { s += v; n++; }
  }
  if (n === 0) {
    throw new InputError(`${what}: "${variable}" is missing for unit ${panel.units[unit]} in every period of the window (${panel.periods[periods[0]]}…${panel.periods[periods[periods.length - 1]]})`);
  }
  return s / n;
}

export function predictorTable(panel: Panel, spec: ResolvedSpec, units: number[]): PredictorTable {
  const k = spec.predictors.length;
  const values = new Float64Array(units.length * k);
  units.forEach((u, a) => {
    spec.predictors.forEach((p, j) => {
      const what = `predictor "${p.name}"`;
      let v = 0;
      for (const name of p.variables) v += windowMean(panel, name, u, p.periods, what);
      if (p.shareOf) {
        let total = 0;
        for (const name of p.shareOf) total += windowMean(panel, name, u, p.periods, what);
        if (!(total !== 0)) throw new InputError(`${what}: the total of ${p.shareOf.join(", ")} is zero for unit ${panel.units[u]}`);
        v = (100 * v) / total;
      }
      values[a * k + j] = v;
    });
  });
  const outcomePeriod = spec.predictors.map((p) => (p.variables.length === 1 && p.variables[0] === panel.outcome && !p.shareOf && p.periods.length === 1 ? p.periods[0] : -1));
  return { names: spec.predictors.map((p) => p.name), units, values, outcomePeriod };
}

/** One synthetic-control problem: scaled predictors and fit-window outcomes (donor-major). */
export interface ScmProblem {
  k: number;
  J: number;
  /** Scaled predictors of the treated unit (k). */
  X1: Float64Array;
  /** Scaled predictors of the donors, donor j at [j*k, (j+1)*k). */
  X0: Float64Array;
  /** Fit-window outcome of the treated unit. */
  Z1: Float64Array;
  /** Fit-window outcomes of the donors, donor j at [j*Tf, (j+1)*Tf). */
  Z0: Float64Array;
  Tf: number;
  /** Unscaled predictors, for balance tables. */
  rawX1: Float64Array;
  rawX0: Float64Array;
  /** The SD of each predictor over the donors and the treated unit (the scaling). */
  sd: Float64Array;
  /** Predictor p is the outcome in one period of the fit window. */
  outcomeInFit: boolean[];
}

/**
 * Builds the problem for `treated` against `donors` (positions in `table.units`). Scaling as
 * R Synth: each predictor is multiplied by 1/SD, the SD (denominator n−1) taken over the donors
 * and the treated unit. A predictor constant across the donors cannot discriminate between
 * them and is an error.
 */
export function buildProblem(panel: Panel, table: PredictorTable, fitPeriods: number[], treated: number, donors: number[]): ScmProblem {
  const k = table.names.length, J = donors.length, Tf = fitPeriods.length, T = panel.periods.length;
  if (J < 2) throw new InputError(`unit ${panel.units[table.units[treated]]}: the donor pool has ${J} unit${J === 1 ? "" : "s"}; a synthetic control needs at least 2`);
  const rawX1 = table.values.slice(treated * k, treated * k + k);
  const rawX0 = new Float64Array(J * k);
  donors.forEach((d, j) => rawX0.set(table.values.subarray(d * k, d * k + k), j * k));
  const sd = new Float64Array(k), inv = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    let mean = rawX1[p];
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < J; j++) { const v = rawX0[j * k + p]; mean += v; if (v < lo) lo = v; if (v > hi) hi = v; }
    mean /= J + 1;
    if (!(hi > lo)) throw new InputError(`predictor "${table.names[p]}" is constant (${lo}) across the ${J} donors: it cannot inform the weights; drop it from the spec`);
    let ss = (rawX1[p] - mean) ** 2;
    for (let j = 0; j < J; j++) ss += (rawX0[j * k + p] - mean) ** 2;
    sd[p] = Math.sqrt(ss / J);
    inv[p] = 1 / sd[p];
  }
  const X1 = new Float64Array(k), X0 = new Float64Array(J * k);
  for (let p = 0; p < k; p++) X1[p] = rawX1[p] * inv[p];
  for (let j = 0; j < J; j++) for (let p = 0; p < k; p++) X0[j * k + p] = rawX0[j * k + p] * inv[p];
  const Z1 = new Float64Array(Tf), Z0 = new Float64Array(J * Tf);
  const outcomeAt = (unit: number, t: number) => {
    const v = panel.y[unit * T + t];
    if (Number.isNaN(v)) throw new InputError(`outcome "${panel.outcome}" is missing for unit ${panel.units[unit]} in period ${panel.periods[t]} (inside the fit window, where it is required)`);
    return v;
  };
  const u1 = table.units[treated];
  fitPeriods.forEach((t, s) => { Z1[s] = outcomeAt(u1, t); });
  donors.forEach((d, j) => fitPeriods.forEach((t, s) => { Z0[j * Tf + s] = outcomeAt(table.units[d], t); }));
  const outcomeInFit = table.outcomePeriod.map((t) => t >= 0 && fitPeriods.includes(t));
  return { k, J, X1, X0, Z1, Z0, Tf, rawX1, rawX0, sd, outcomeInFit };
}
