/**
 * Conformal inference for the generalised synthetic control (Chernozhukov, Wüthrich & Zhu
 * 2021; machinery in src/stats/conformal.ts). The control fit (factors, time effects, β)
 * involves no treated outcome, so it is the same under every null; the refit under H0 is the
 * treated units' loadings and unit effects estimated by least squares on EVERY period used —
 * pre-periods and the post periods with θ subtracted — so all periods are treated alike and
 * the residuals are exchangeable over time under H0. The residual tested is the treated units'
 * mean. Defined for interactive fixed effects with one treatment date.
 */
import type { Effect } from "../../effect";
import { InputError } from "../../errors";
import { conformalInference, type ConformalOptions, type RefitUnderNull, withConformal } from "../../stats/conformal";
import { blockOf } from "./data";
import { fitTreated } from "./treated";
import type { GsynthModel } from "./index";

export function gsynthRefitUnderNull(m: GsynthModel): RefitUnderNull {
  const d = m.data, T = d.T;
  if (!m.fit) throw new InputError(`conformal inference is defined for estimator "ife" here (the matrix-completion refit would have to re-impute every replicate); use estimator "ife"`);
  if (d.t0.some((t) => t !== d.t0[0])) throw new InputError(`conformal inference needs one treatment date for every treated unit; these are staggered`);
  const fit = m.fit, treated = blockOf(d, d.treated), n = treated.n;
  const all = new Int32Array(n).fill(T);
  return (periods, theta) => {
    const firstPost = periods.length - theta.length;
    const y = Float64Array.from(treated.y), obs = new Uint8Array(n * T);
    for (let i = 0; i < n; i++) periods.forEach((t, s) => {
      const c = i * T + t;
      obs[c] = treated.obs ? treated.obs[c] : 1;
      if (s >= firstPost) y[c] -= theta[s - firstPost];
    });
    const eff = fitTreated(fit, { ...treated, y, obs }, all).eff;
    return Float64Array.from(periods, (t) => {
      let sum = 0, count = 0;
      for (let i = 0; i < n; i++) { const e = eff[i * T + t]; if (!Number.isNaN(e)) { sum += e; count++; } }
      return count ? sum / count : NaN;
    });
  };
}

/** The gsynth Effect with conformal intervals and p-values. */
export function gsynthConformal(m: GsynthModel, effect: Effect, options: ConformalOptions): Effect {
  const post = effect.periods.filter((p) => p.relative >= 0).map((p) => p.effect);
  return withConformal(effect, conformalInference(gsynthRefitUnderNull(m), m.data.T, m.data.t0[0], effect.att.estimate, post, options));
}
