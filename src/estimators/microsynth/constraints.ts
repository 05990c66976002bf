/**
 * The calibration constraints of micro-synthetic control: an intercept (so the synthetic
 * control has as many units' worth of weight as there are treated units), the chosen
 * time-invariant covariates, and each matched outcome in every pre-period (or summed over
 * blocks of `block` pre-periods, counted back from the last pre-period).
 */
import { InputError } from "../../errors";
import type { MicrosynthData } from "./data";

export interface Constraints {
  names: string[];
  /** N×p row-major, each column divided by its scale. */
  X: Float64Array;
  p: number;
  /** Column scale (root mean square over all units; 1 for an all-zero column). */
  scale: Float64Array;
}

export interface ConstraintSpec {
  covariates: string[];
  outcomes: string[];
  /** Pre-periods per outcome constraint (1 = every pre-period). */
  block: number;
  /** Instead of blocks: explicit pre-period windows [from, to] (period labels, inclusive). */
  windows?: [string, string][];
}

/** Pre-period windows, latest first: [[start−block, start−1], …], the earliest possibly shorter. */
export function preWindows(start: number, block: number): [number, number][] {
  const out: [number, number][] = [];
  for (let hi = start - 1; hi >= 0; hi -= block) out.push([Math.max(0, hi - block + 1), hi]);
  return out;
}

export function buildConstraints(d: MicrosynthData, spec: ConstraintSpec): Constraints {
  const N = d.units.length, T = d.periods.length;
  for (const c of spec.covariates) if (!d.covariates[c]) throw new InputError(`${d.source ?? "data"}: no covariate "${c}" to match (covariates: ${Object.keys(d.covariates).join(", ") || "none"})`);
  for (const o of spec.outcomes) if (!d.outcomes[o]) throw new InputError(`${d.source ?? "data"}: no outcome "${o}" to match (outcomes: ${Object.keys(d.outcomes).join(", ")})`);
  if (!(Number.isInteger(spec.block) && spec.block >= 1)) throw new InputError(`the outcome block length must be a positive integer, got ${spec.block}`);
  const windows = spec.windows ? spec.windows.map((w) => windowIndices(d, w)) : preWindows(d.start, spec.block);
  const names = ["(Intercept)", ...spec.covariates];
  for (const o of spec.outcomes) {
    for (const [a, b] of windows) names.push(a === b ? `${o} ${d.periods[a]}` : `${o} ${d.periods[a]}–${d.periods[b]}`);
  }
  const p = names.length;
  const X = new Float64Array(N * p);
  for (let i = 0; i < N; i++) {
    const o = i * p;
    X[o] = 1;
    let j = 1;
    for (const c of spec.covariates) X[o + j++] = d.covariates[c][i];
    for (const out of spec.outcomes) {
      const y = d.outcomes[out];
      for (const [a, b] of windows) {
        let s = 0;
        for (let t = a; t <= b; t++) s += y[i * T + t];
        X[o + j++] = s;
      }
    }
  }
  const scale = new Float64Array(p);
  for (let i = 0; i < N; i++) for (let j = 0; j < p; j++) scale[j] += X[i * p + j] ** 2;
  for (let j = 0; j < p; j++) scale[j] = scale[j] > 0 ? Math.sqrt(scale[j] / N) : 1;
  for (let i = 0; i < N; i++) for (let j = 0; j < p; j++) X[i * p + j] /= scale[j];
  return { names, X, p, scale };
}

/** Period indices of a pre-period window given by labels; errors name the window. */
function windowIndices(d: MicrosynthData, [from, to]: [string, string]): [number, number] {
  const a = d.periods.indexOf(String(from)), b = d.periods.indexOf(String(to));
  if (a < 0 || b < 0) throw new InputError(`outcome window ${from}–${to}: ${a < 0 ? from : to} is not a period of the data (${d.periods[0]} to ${d.periods[d.periods.length - 1]})`);
  if (a > b) throw new InputError(`outcome window ${from}–${to} ends before it starts`);
  if (b >= d.start) throw new InputError(`outcome window ${from}–${to} reaches into the post period (the intervention starts in ${d.periods[d.start]})`);
  return [a, b];
}
