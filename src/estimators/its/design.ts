/**
 * The segmented-regression design of an interrupted time series (methods.md §4):
 *   y_t = β0 + β1·t + β2·post_t + β3·(t − T0)·post_t + β4·lockdown_t + season_t + x_t′γ + ε_t
 * with t = 1…n, post_t = 1 from the intervention period T0 on, and (t − T0) = 0 in the first
 * post period (R: time_after = months since the change). The counterfactual design is the
 * same matrix with the step and slope columns set to zero: pre-period trend extended,
 * lockdown and season kept.
 */
import { InputError } from "../../errors";
import { checkMonthlyPeriods, monthOfYear } from "../../panel/calendar";

export type SeasonSpec = "none" | "month" | { fourier: number };

export interface ItsDesignSpec {
  /** Period labels in time order (consecutive months "YYYY-MM", or any labels with `cycle`). */
  periods: readonly string[];
  /** First period of the intervention (a label in `periods`). */
  intervention: string;
  /** Inclusive window of the lockdown dummy (labels in `periods`). */
  lockdown?: { from: string; to: string };
  season?: SeasonSpec;
  /** Season length (default 12). */
  seasonPeriod?: number;
  /** Position of each period in the season, 1…s (default: the calendar month of YYYY-MM labels). */
  cycle?: ArrayLike<number>;
  /** Extra regressors by name, one value per period. */
  regressors?: Record<string, ArrayLike<number>>;
  /** Include the slope-change term (default true). */
  slope?: boolean;
}

export interface ItsDesign {
  names: string[];
  /** n×k row-major. */
  X: Float64Array;
  /** Counterfactual design: X with the step and slope columns zeroed. */
  Xcf: Float64Array;
  n: number;
  k: number;
  /** Index of the intervention period. */
  t0: number;
}

const isMonthLabel = (s: string) => /^\d{4}-\d{2}$/.test(s);

function indexOf(periods: readonly string[], label: string, what: string): number {
  const i = periods.indexOf(label);
  if (i < 0) throw new InputError(`${what} "${label}" is not a period of the series (${periods[0]} to ${periods[periods.length - 1]})`);
  return i;
}

export function itsDesign(spec: ItsDesignSpec): ItsDesign {
  const { periods } = spec;
  const n = periods.length;
  if (n < 4) throw new InputError(`an interrupted time series needs at least 4 periods; got ${n}`);
  const monthly = periods.every(isMonthLabel);
  if (monthly) checkMonthlyPeriods(periods, "ITS series");
  if (new Set(periods).size !== n) throw new InputError("ITS series: duplicate period labels");
  const t0 = indexOf(periods, spec.intervention, "intervention period");
  if (t0 === 0) throw new InputError(`intervention period "${spec.intervention}" is the first period: there is no pre-period`);
  const s = spec.seasonPeriod ?? 12;
  const season = spec.season ?? "none";
  const cols: { name: string; v: Float64Array; cf: boolean }[] = [];
  const col = (name: string, f: (t: number) => number, cf = true) => cols.push({ name, v: Float64Array.from({ length: n }, (_, t) => f(t)), cf });
  col("intercept", () => 1);
  col("trend", (t) => t + 1);
  col("step", (t) => (t >= t0 ? 1 : 0), false);
  if (spec.slope !== false) {
    if (n - t0 < 2) throw new InputError(`the slope change needs at least 2 periods from the intervention "${spec.intervention}" on; the series has ${n - t0}`);
    col("slope", (t) => (t >= t0 ? t - t0 : 0), false);
  }
  if (spec.lockdown) {
    const a = indexOf(periods, spec.lockdown.from, "lockdown start"), b = indexOf(periods, spec.lockdown.to, "lockdown end");
    if (b < a) throw new InputError(`lockdown window ${spec.lockdown.from}:${spec.lockdown.to} ends before it starts`);
    col("lockdown", (t) => (t >= a && t <= b ? 1 : 0));
  }
  if (season !== "none") {
    let cyc: ArrayLike<number>;
    if (spec.cycle) {
      if (spec.cycle.length !== n) throw new InputError(`cycle has ${spec.cycle.length} values for ${n} periods`);
      cyc = spec.cycle;
    } else if (monthly && s === 12) cyc = periods.map(monthOfYear);
    else throw new InputError(`season "${typeof season === "string" ? season : `fourier:${season.fourier}`}" needs YYYY-MM periods or an explicit cycle`);
    for (let t = 0; t < n; t++) if (!(Number.isInteger(cyc[t]) && cyc[t] >= 1 && cyc[t] <= s)) throw new InputError(`cycle position at period ${periods[t]} must be an integer 1–${s}, got ${cyc[t]}`);
    if (season === "month") {
      for (let m = 2; m <= s; m++) col(`month${m}`, (t) => (cyc[t] === m ? 1 : 0));
    } else {
      const K = season.fourier;
      if (!(Number.isInteger(K) && K >= 1 && K <= s / 2)) throw new InputError(`fourier:K needs an integer K from 1 to ${s / 2}; got ${K}`);
      for (let h = 1; h <= K; h++) {
        // At K = s/2 the sine term is identically zero: keep only the cosine.
        if (2 * h < s) col(`sin${h}`, (t) => Math.sin((2 * Math.PI * h * cyc[t]) / s));
        col(`cos${h}`, (t) => Math.cos((2 * Math.PI * h * cyc[t]) / s));
      }
    }
  }
  for (const [name, v] of Object.entries(spec.regressors ?? {})) {
    if (v.length !== n) throw new InputError(`regressor ${name} has ${v.length} values for ${n} periods`);
    for (let t = 0; t < n; t++) if (!Number.isFinite(v[t])) throw new InputError(`regressor ${name} is missing or not finite at period ${periods[t]}`);
    if (cols.some((c) => c.name === name)) throw new InputError(`regressor name ${name} clashes with a design term`);
    col(name, (t) => v[t]);
  }
  const k = cols.length;
  // Pre-period identification: each pre-period-varying term costs a degree of freedom there.
  const preTerms = cols.filter((c) => c.cf && Array.from(c.v.subarray(0, t0)).some((x) => x !== 0)).length;
  if (t0 < preTerms + 2)
    throw new InputError(`only ${t0} periods before the intervention "${spec.intervention}"; the model needs at least ${preTerms + 2} (it estimates ${preTerms} terms from the pre-period)`);
  const X = new Float64Array(n * k), Xcf = new Float64Array(n * k);
  cols.forEach((c, j) => {
    for (let t = 0; t < n; t++) {
      X[t * k + j] = c.v[t];
      Xcf[t * k + j] = c.cf ? c.v[t] : 0;
    }
  });
  return { names: cols.map((c) => c.name), X, Xcf, n, k, t0 };
}
