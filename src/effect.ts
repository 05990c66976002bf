/**
 * The one result type every estimator returns (see shared/docs/cli.md, "The Effect JSON").
 * One plot builder, one cost-benefit function and one table writer serve all methods.
 * Fields a method does not have are omitted, never filled with placeholders.
 */
import { InputError, InternalError } from "./errors";

/** An estimate with its uncertainty. `ci` is [lower, upper] at the effect's `alpha`. */
export interface Estimate {
  estimate: number;
  se?: number;
  ci?: [number, number];
  p?: number;
}

/** Unit a rate is expressed in, so conversion to counts is explicit. */
export type RateUnit = "count" | "per 1,000" | "per 100,000" | "per 1,000,000" | "percent" | "log" | "other";

export interface EffectPeriod {
  /** Period label as in the panel (e.g. "2019-09", "1976", "3"). */
  time: string;
  /** Periods from treatment start: 0 = first treated period, negative = pre-period. */
  relative: number;
  observed: number;
  counterfactual: number;
  effect: number;
  se?: number;
  ci?: [number, number];
}

export interface CumulativePoint {
  time: string;
  effect: number;
  se?: number;
  ci?: [number, number];
}

export interface UnitEffect {
  unit: string;
  att: Estimate;
  /** Per-period effects of this unit, aligned with `Effect.periods`. */
  effects?: number[];
}

/**
 * `D` types the method's diagnostics (e.g. TwfeDiagnostics); a plain `Effect` reads them as a
 * record. Diagnostics types are object types (`type X = { … }`) so every Effect<X> is an Effect.
 */
export interface Effect<D extends Record<string, unknown> = Record<string, unknown>> {
  method: "gsynth" | "scm" | "microsynth" | "its" | "twfe" | string;
  settings: Record<string, unknown>;
  /** Average effect on the treated over the post period. microsynth adds percentChange. */
  att: Estimate & { percentChange?: Estimate };
  periods: EffectPeriod[];
  cumulative?: CumulativePoint[];
  weights?: { unit: string; weight: number }[];
  coefficients?: Record<string, Estimate>;
  unitEffects?: UnitEffect[];
  diagnostics?: D;
  /** Unit of the outcome (so toCounts is explicit). */
  unit?: RateUnit;
  /** Significance level used for the CIs (default 0.05). */
  alpha?: number;
}

/**
 * The Effect with `extra` added to its diagnostics, typed D & X (inference steps use it to add
 * their results). Every method's Effect carries diagnostics, so a missing one is a bug.
 */
export function withDiagnostics<D extends Record<string, unknown>, X extends Record<string, unknown>>(effect: Effect<D>, extra: X): Effect<D & X> {
  const base = effect.diagnostics;
  if (base === undefined) throw new InternalError(`${effect.method}: the Effect has no diagnostics to extend`);
  return { ...effect, diagnostics: { ...base, ...extra } };
}

/** People per rate unit: a rate "per 100,000" is a count × 100,000 / population. */
export const RATE_BASE: Partial<Record<RateUnit, number>> = {
  "per 1,000": 1e3,
  "per 100,000": 1e5,
  "per 1,000,000": 1e6,
};

/**
 * Converts a rate (per 1,000 / 100,000 / 1,000,000 people) to a count for a population:
 * count = rate × population / base. Throws when the effect is not a per-population rate.
 */
export function rateToCount(rate: number, unit: RateUnit, population: number): number {
  const base = RATE_BASE[unit];
  if (base === undefined) throw new InputError(`cannot convert an effect in "${unit}" to counts: it is not a per-population rate`);
  if (!(population > 0)) throw new InputError(`population must be positive, got ${population}`);
  return (rate * population) / base;
}

/** The Effect's per-period, cumulative and average values expressed as counts for `population`. */
export function toCounts(effect: Effect, population: number): Effect {
  const unit = effect.unit ?? "other";
  const f = (x: number) => rateToCount(x, unit, population);
  const est = (e: Estimate): Estimate => ({
    ...e,
    estimate: f(e.estimate),
    ...(e.se !== undefined ? { se: Math.abs(f(e.se)) } : {}),
    ...(e.ci ? { ci: [f(e.ci[0]), f(e.ci[1])] as [number, number] } : {}),
  });
  return {
    ...effect,
    unit: "count",
    att: est(effect.att),
    periods: effect.periods.map((p) => ({
      ...p,
      observed: f(p.observed),
      counterfactual: f(p.counterfactual),
      effect: f(p.effect),
      ...(p.se !== undefined ? { se: Math.abs(f(p.se)) } : {}),
      ...(p.ci ? { ci: [f(p.ci[0]), f(p.ci[1])] as [number, number] } : {}),
    })),
    ...(effect.cumulative
      ? { cumulative: effect.cumulative.map((c) => ({ ...c, effect: f(c.effect), ...(c.se !== undefined ? { se: Math.abs(f(c.se)) } : {}), ...(c.ci ? { ci: [f(c.ci[0]), f(c.ci[1])] as [number, number] } : {}) })) }
      : {}),
    settings: { ...effect.settings, population },
  };
}
