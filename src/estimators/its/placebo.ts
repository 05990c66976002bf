/**
 * Placebo-in-time check for an interrupted time series: refit the same model on the
 * pre-intervention months only, with a fake intervention at each of several earlier dates.
 * Nothing happened then, so significant "effects" at placebo dates show how often the model
 * finds changes that are not there (trend breaks, misspecified autocorrelation).
 */
import type { Estimate } from "../../effect";
import { InputError } from "../../errors";
import { fitIts, type ItsOptions } from "./index";

export interface PlaceboResult {
  intervention: string;
  step: Estimate;
  slope: Estimate;
}

/**
 * Fits the model at each placebo date on the periods before the real intervention
 * (`opts.intervention`); the lockdown term is dropped when its window is not in that span.
 */
export function placeboInTime(y: ArrayLike<number>, periods: readonly string[], opts: ItsOptions, placeboDates: readonly string[]): PlaceboResult[] {
  const t0 = periods.indexOf(opts.intervention);
  if (t0 < 0) throw new InputError(`intervention period "${opts.intervention}" is not a period of the series`);
  const pre = periods.slice(0, t0), yPre = Array.from({ length: t0 }, (_, t) => y[t]);
  const lockdownInPre = opts.lockdown && pre.includes(opts.lockdown.from) && pre.includes(opts.lockdown.to);
  const regressors = opts.regressors && Object.fromEntries(Object.entries(opts.regressors).map(([k, v]) => [k, Array.from({ length: t0 }, (_, t) => v[t])]));
  const cycle = opts.cycle && Array.from({ length: t0 }, (_, t) => opts.cycle![t]);
  return placeboDates.map((date) => {
    if (!pre.includes(date)) throw new InputError(`placebo date "${date}" is not before the intervention ${opts.intervention}`);
    const c = fitIts(yPre, pre, {
      ...opts,
      intervention: date,
      ...(lockdownInPre ? {} : { lockdown: undefined }),
      ...(regressors ? { regressors } : {}),
      ...(cycle ? { cycle } : {}),
    }).coefficients!;
    return { intervention: date, step: c.step, slope: c.slope };
  });
}
