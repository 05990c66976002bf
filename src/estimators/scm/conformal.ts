/**
 * Conformal inference for the synthetic control (Chernozhukov, Wüthrich & Zhu 2021; the
 * machinery is src/stats/conformal.ts). The refit under the null is the paper's synthetic
 * control: for each treated unit, donor weights on the simplex minimising the squared gap over
 * every period used (pre-periods and the hypothesised post periods alike), by the same exact
 * solver as the estimator. The predictor spec and V of the point estimate are not used: a refit
 * that treats all periods alike is what makes the residuals exchangeable over time under H0.
 * With several treated units the residual of their average is tested.
 */
import type { Effect } from "../../effect";
import { InputError } from "../../errors";
import { conformalInference, withConformal, type ConformalOptions, type RefitUnderNull } from "../../stats/conformal";
import { minNormPointInHull, simplexLsWorkspace } from "../../optimize/simplex-ls";
import type { Panel } from "../../panel/panel";
import type { ScmDesign } from "./design";

/** The refit-under-the-null callback of a design (common treatment date). */
export function scmRefitUnderNull(panel: Panel, design: ScmDesign): RefitUnderNull {
  const T = panel.periods.length, J = design.donors.length;
  const t0 = design.t0[0];
  if (design.t0.some((t) => t !== t0)) throw new InputError(`conformal inference needs one treatment date for every treated unit; these are staggered (${[...new Set(design.t0)].map((t) => panel.periods[t]).join(", ")})`);
  for (const u of [...design.treated, ...design.donors]) for (let t = 0; t < T; t++) {
    if (Number.isNaN(panel.y[u * T + t])) throw new InputError(`conformal inference: outcome "${panel.outcome}" is missing for unit ${panel.units[u]} in period ${panel.periods[t]}; the refit needs every period`);
  }
  return (periods, theta) => {
    const k = periods.length, firstPost = k - theta.length;
    const P = new Float64Array(J * k), y1 = new Float64Array(k), u = new Float64Array(k);
    const ws = simplexLsWorkspace(k, J);
    for (const i of design.treated) {
      for (let s = 0; s < k; s++) y1[s] = panel.y[i * T + periods[s]] - (s >= firstPost ? theta[s - firstPost] : 0);
      design.donors.forEach((d, j) => { for (let s = 0; s < k; s++) P[j * k + s] = panel.y[d * T + periods[s]] - y1[s]; });
      const { w } = minNormPointInHull(P, k, J, ws);
      // Residual y1 − Σ w_j y_j = −Σ w_j p_j (the weights sum to one).
      for (let s = 0; s < k; s++) {
        let g = 0;
        for (let j = 0; j < J; j++) if (w[j] !== 0) g += w[j] * P[j * k + s];
        u[s] -= g / design.treated.length;
      }
    }
    return u;
  };
}

/** The synthetic-control Effect with conformal intervals and p-values. */
export function scmConformal(panel: Panel, design: ScmDesign, effect: Effect, options: ConformalOptions): Effect {
  const refit = scmRefitUnderNull(panel, design);
  const post = effect.periods.filter((p) => p.relative >= 0).map((p) => p.effect);
  return withConformal(effect, conformalInference(refit, panel.periods.length, design.t0[0], effect.att.estimate, post, options));
}
