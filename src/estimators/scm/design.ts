/**
 * Who is treated, when, and who may donate: resolves the estimator's options against a panel.
 * Treated units and dates come from the options (--treated-unit, --treatment-time) or from the
 * panel's treatment indicator; donors are the never-treated units minus any excluded.
 */
import { InputError } from "../../errors";
import { treatmentStart, unitIndexOf, type Panel } from "../../panel/panel";
import type { ConformalOptions } from "../../stats/conformal";
import type { FitOptions, VMethod } from "./fit";
import { resolveSpec, type PeriodLabel, type ResolvedSpec, type ScmSpec } from "./spec";

export interface ScmOptions {
  /** Treated units by id; default: every unit the panel's treatment indicator marks. */
  treatedUnits?: string[];
  /** First treated period for every treated unit; default: from the treatment indicator. */
  treatmentTime?: PeriodLabel;
  /** Predictors and fit window; default: the outcome in every pre-period, fit on all of them. */
  spec?: ScmSpec;
  /** Units never used as donors (e.g. a national aggregate). */
  exclude?: string[];
  /** How V is chosen: "nested" (default), "regression", "equal", or explicit weights. */
  v?: VMethod | number[];
  /** Settings of the nested V search (see fit.ts). */
  optimiser?: Omit<FitOptions, "v">;
  /** "conformal": intervals and p-values by conformal inference (./conformal.ts); placebo inference is run separately (./inference.ts). */
  inference?: "conformal";
  /** Level of the conformal intervals (default 0.05). */
  alpha?: number;
  /** Conformal iid permutations drawn (default 999; moving-block permutations need none). */
  replicates?: number;
  /** Seed of the iid permutations (default 1). */
  seed?: number;
  /** Other conformal settings: permutations (moving-block, default, or iid), q, resolution. */
  conformal?: Omit<ConformalOptions, "alpha" | "replicates" | "seed">;
}

export interface ScmDesign {
  /** Panel indices of the treated units. */
  treated: number[];
  /** First treated period index of each treated unit. */
  t0: number[];
  /** Panel indices of the donor pool. */
  donors: number[];
  /** The spec resolved for each treated unit's pre-period. */
  specs: ResolvedSpec[];
  fitOptions: FitOptions;
}

export function resolveDesign(panel: Panel, o: ScmOptions): ScmDesign {
  const starts = treatmentStart(panel);
  const treated = o.treatedUnits ? o.treatedUnits.map((u) => unitIndexOf(panel, u)) : Array.from(starts).flatMap((s, i) => (s >= 0 ? [i] : []));
  if (treated.length === 0) throw new InputError("no treated unit: name one (--treated-unit) or give a treatment column that marks at least one unit");
  if (new Set(treated).size !== treated.length) throw new InputError("a treated unit is listed twice");
  let t0: number[];
  if (o.treatmentTime !== undefined) {
    const t = panel.periods.indexOf(String(o.treatmentTime));
    if (t < 0) throw new InputError(`treatment time ${o.treatmentTime} is not a period of the panel (${panel.periods[0]} to ${panel.periods[panel.periods.length - 1]})`);
    if (t === 0) throw new InputError(`treatment time ${o.treatmentTime} is the first period: there is no pre-period`);
    t0 = treated.map(() => t);
  } else {
    t0 = treated.map((i: number) => {
      if (starts[i] < 0) throw new InputError(`unit ${panel.units[i]} is never treated in the panel's treatment column; give --treatment-time`);
      return starts[i];
    });
  }
  const excluded = new Set((o.exclude ?? []).map((u) => unitIndexOf(panel, u)));
  const treatedSet = new Set(treated);
  const donors = panel.units.map((_, i) => i).filter((i) => !treatedSet.has(i) && !excluded.has(i) && starts[i] < 0);
  if (donors.length < 2) throw new InputError(`the donor pool has ${donors.length} unit${donors.length === 1 ? "" : "s"} (never-treated, not excluded); a synthetic control needs at least 2`);
  const specs = t0.map((t) => resolveSpec(panel, o.spec ?? {}, t));
  return { treated, t0, donors, specs, fitOptions: { ...(o.optimiser ?? {}), ...(o.v !== undefined ? { v: o.v } : {}) } };
}

/** Shifts a resolved spec by `d` periods (placebo in time); indices before the panel start are dropped. */
export function shiftSpec(spec: ResolvedSpec, d: number, names: (i: number) => string): ResolvedSpec {
  const shift = (ts: number[]) => ts.map((t) => t + d).filter((t) => t >= 0);
  return {
    predictors: spec.predictors.map((p) => {
      if (p.periods.length === 0) return p; // a unit attribute: no window to move
      const periods = shift(p.periods);
      if (periods.length === 0) throw new InputError(`placebo in time: predictor "${p.name}" moved ${-d} periods earlier falls before the first period of the panel; choose a later placebo date`);
      return { ...p, name: `${p.name} (shifted ${d})`, periods };
    }),
    fitPeriods: (() => {
      const f = shift(spec.fitPeriods);
      if (f.length === 0) throw new InputError(`placebo in time: the fit window moved ${-d} periods earlier starts before ${names(0)}`);
      return f;
    })(),
  };
}

/**
 * A copy of the panel whose treatment indicator marks `units` from period `time` on (every
 * other unit untreated) — for estimators that read treatment from the panel (e.g. gsynth)
 * when the data, like Proposition 99's, carry no treatment column.
 */
export function markTreated(panel: Panel, units: string[], time: PeriodLabel): Panel {
  const T = panel.periods.length;
  const t0 = panel.periods.indexOf(String(time));
  if (t0 < 1) throw new InputError(`treatment time ${time} must be a period of the panel after the first (${panel.periods[0]} to ${panel.periods[T - 1]})`);
  const treatment = new Uint8Array(panel.units.length * T);
  for (const u of units) treatment.fill(1, unitIndexOf(panel, u) * T + t0, (unitIndexOf(panel, u) + 1) * T);
  return { ...panel, treatment };
}
