/**
 * SIMULATED data for checking the estimator: a panel from the interactive-fixed-effects model
 * of Xu (2017, §4) with a known effect —
 *   y_it = δ_it·D_it + x_it'β + λ_i'f_t + α_i + ξ_t + 5 + ε_it,
 * factors f_t ~ N(0,1), loadings λ_i ~ U(−√3, √3) shifted upwards for treated units (so a
 * difference-in-differences would be biased), covariates correlated with the factors, and
 * δ_it = effect + N(0, 0.5²). Used by the tests, the coverage benchmark and the notebooks'
 * teaching examples — never presented as real data. (factor-panel.ts beside it is the
 * parallel-trends on/off design of the method comparison; this one follows Xu's §4, with
 * covariates and staggered starts, so gsynth's agreement checks keep their own data.)
 */
import { createRng } from "../random";
import { panelFromColumns, type Panel } from "../panel/panel";

export interface FactorPanelSpec {
  units?: number;
  treated?: number;
  periods?: number;
  /** First treated period (0-based) of the treated units; several values give staggered adoption. */
  start?: number | number[];
  factors?: number;
  /** Average effect on the treated (true value). */
  effect?: number;
  /** Noise SD (default 1). */
  sigma?: number;
  /** Covariates X1, X2 with β = (1, 3) (default true). */
  covariates?: boolean;
  seed: number;
}

export interface FactorPanel {
  panel: Panel;
  /** Mean of δ_it over treated unit-post-period cells (what att.avg estimates). */
  trueAtt: number;
}

export function simulateFactorPanel(spec: FactorPanelSpec): FactorPanel {
  const N = spec.units ?? 50, ntr = spec.treated ?? 5, T = spec.periods ?? 30, r = spec.factors ?? 2;
  const starts = Array.isArray(spec.start) ? spec.start : [spec.start ?? 20];
  const effect = spec.effect ?? 5, sigma = spec.sigma ?? 1, withX = spec.covariates ?? true;
  const rng = createRng(spec.seed);
  const f = Array.from({ length: T * r }, () => rng.normal());
  const xi = Array.from({ length: T }, () => rng.normal());
  const unit: string[] = [], time: number[] = [], y: number[] = [], d: number[] = [], x1: number[] = [], x2: number[] = [];
  let sum = 0, cells = 0;
  const w = Math.sqrt(3);
  for (let i = 0; i < N; i++) {
    const isTreated = i < ntr;
    const start = isTreated ? starts[i % starts.length] : T;
    const lambda = Array.from({ length: r }, () => (rng.uniform() * 2 - 1) * w + (isTreated ? 0.5 * w : 0));
    const alpha = rng.normal() + (isTreated ? 0.5 : 0);
    for (let t = 0; t < T; t++) {
      let common = 0, fsum = 0;
      for (let k = 0; k < r; k++) { common += lambda[k] * f[t * r + k]; fsum += f[t * r + k]; }
      const a = withX ? 1 + common + lambda.reduce((s, l) => s + l, 0) + fsum + rng.normal() : 0;
      const b = withX ? 1 + common + lambda.reduce((s, l) => s + l, 0) + fsum + rng.normal() : 0;
      const treatedNow = t >= start;
      const delta = treatedNow ? effect + 0.5 * rng.normal() : 0;
      if (treatedNow) { sum += delta; cells++; }
      unit.push(`u${String(i + 1).padStart(3, "0")}`);
      time.push(t + 1);
      d.push(treatedNow ? 1 : 0);
      x1.push(a);
      x2.push(b);
      y.push(delta + (withX ? a + 3 * b : 0) + common + alpha + xi[t] + 5 + sigma * rng.normal());
    }
  }
  const panel = panelFromColumns({
    unit, time, outcome: y, outcomeName: "y", treatment: d, source: `simulated factor panel (seed ${spec.seed})`,
    covariates: withX ? { X1: x1, X2: x2 } : {},
  });
  return { panel, trueAtt: sum / cells };
}
