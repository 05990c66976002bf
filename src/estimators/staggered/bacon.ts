/**
 * Goodman-Bacon (2021) decomposition of the TWFE coefficient. On a balanced panel without
 * covariates, the TWFE estimate of Y_it = α_i + γ_t + τD_it is exactly a weighted average of
 * every 2×2 DiD between timing groups (cohorts and the never-treated U):
 *  - treated vs never: cohort k against U over the whole panel;
 *  - earlier vs later: early cohort k against the later l as control, before l adopts;
 *  - later vs earlier: late cohort l against the already-treated k as control, after k
 *    adopts — the comparison that subtracts k's changing effects and biases TWFE when
 *    effects grow over time.
 * Weights (his eq. 10a–c) are proportional to the groups' sizes and the variance of the
 * treatment in each comparison, normalised by the variance of the two-way demeaned D; they
 * are non-negative and sum to one. Both the weights' sum and the reproduction of τ̂ are
 * reported, so a caller can check the identity.
 */
import type { Effect } from "../../effect";
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { createDemeaner, feLayout } from "../../linalg/demean";
import { clusterVcov, fitWithin } from "../../linalg/within";
import { cohortLabel, requireBalanced, staggeredDesign, unitClusters, type StaggeredDesign } from "./design";
import { normalEstimate } from "./inference";

export type ComparisonType = "treated vs never" | "earlier vs later" | "later vs earlier";

export interface Comparison {
  type: ComparisonType;
  treated: string;
  control: string;
  estimate: number;
  weight: number;
}

/** Mean outcome of a set of units over periods [from, to). */
function groupMean(d: StaggeredDesign, members: number[], from: number, to: number): number {
  let s = 0;
  for (const i of members) for (let t = from; t < to; t++) s += d.panel.y[i * d.T + t];
  return s / (members.length * (to - from));
}

/** 2×2 DiD: change of `treated` from [a, b) to [b, c) minus the same change of `control`. */
function twoByTwo(d: StaggeredDesign, treated: number[], control: number[], a: number, b: number, c: number): number {
  return groupMean(d, treated, b, c) - groupMean(d, treated, a, b) - (groupMean(d, control, b, c) - groupMean(d, control, a, b));
}

/** Effect.diagnostics of the bacon estimator. */
export type BaconDiagnostics = {
  estimator: "bacon";
  twfe: number;
  /** Σ weight × estimate (equals twfe up to rounding). */
  reproduced: number;
  weightSum: number;
  varianceOfDemeanedTreatment: number;
  byType: { type: ComparisonType; weight: number; estimate: number; comparisons: number }[];
  comparisons: Comparison[];
  inference: string;
  notes: string[];
};

export function baconDecomposition(panel: Panel, o: { alpha: number; cluster?: string }): Effect {
  const d = staggeredDesign(panel);
  requireBalanced(d, [], "the Goodman-Bacon decomposition");
  const { N, T } = d;
  const members = d.cohorts.map((g) => [...d.start.keys()].filter((i) => d.start[i] === g));
  const never = [...d.start.keys()].filter((i) => d.start[i] < 0);
  const share = (m: number[]) => m.length / N;
  const Dbar = d.cohorts.map((g) => (T - g) / T);

  // TWFE coefficient and the variance of the two-way demeaned treatment, by the project's within code.
  const unit = Int32Array.from({ length: N * T }, (_, c) => Math.floor(c / T));
  const period = Int32Array.from({ length: N * T }, (_, c) => c % T);
  const dm = createDemeaner(feLayout(unit, period, N, T));
  const Dvals = Float64Array.from(panel.treatment);
  const fit = fitWithin(dm, Float64Array.from(panel.y), panel.outcome, [{ name: "treatment", values: Dvals }], {
    treatment: "the Goodman-Bacon decomposition needs treatment variation after removing unit and period effects (e.g. a single cohort and no never-treated units)",
  });
  let VD = 0;
  for (const x of fit.x[0]) VD += x * x;
  VD /= N * T;

  const comparisons: Comparison[] = [];
  d.cohorts.forEach((g, k) => {
    const nk = share(members[k]);
    if (never.length) {
      const nU = share(never), nkU = nk / (nk + nU);
      const w = ((nk + nU) ** 2 * nkU * (1 - nkU) * Dbar[k] * (1 - Dbar[k])) / VD;
      comparisons.push({ type: "treated vs never", treated: cohortLabel(d, g), control: "never treated", estimate: twoByTwo(d, members[k], never, 0, g, T), weight: w });
    }
    for (let l = k + 1; l < d.cohorts.length; l++) {
      const gl = d.cohorts[l], nl = share(members[l]), nkl = nk / (nk + nl);
      const wEarly = (((nk + nl) * (1 - Dbar[l])) ** 2 * nkl * (1 - nkl) * ((Dbar[k] - Dbar[l]) / (1 - Dbar[l])) * ((1 - Dbar[k]) / (1 - Dbar[l]))) / VD;
      const wLate = (((nk + nl) * Dbar[k]) ** 2 * nkl * (1 - nkl) * (Dbar[l] / Dbar[k]) * ((Dbar[k] - Dbar[l]) / Dbar[k])) / VD;
      comparisons.push({ type: "earlier vs later", treated: cohortLabel(d, g), control: cohortLabel(d, gl), estimate: twoByTwo(d, members[k], members[l], 0, g, gl), weight: wEarly });
      comparisons.push({ type: "later vs earlier", treated: cohortLabel(d, gl), control: cohortLabel(d, g), estimate: twoByTwo(d, members[l], members[k], g, gl, T), weight: wLate });
    }
  });
  if (!comparisons.length) throw new InputError("the Goodman-Bacon decomposition needs at least two timing groups (cohorts, or a cohort and never-treated units)");
  const weightSum = comparisons.reduce((s, c) => s + c.weight, 0);
  const reproduced = comparisons.reduce((s, c) => s + c.weight * c.estimate, 0);
  const types: ComparisonType[] = ["treated vs never", "earlier vs later", "later vs earlier"];
  const byType = types.flatMap((type) => {
    const cs = comparisons.filter((c) => c.type === type);
    const w = cs.reduce((s, c) => s + c.weight, 0);
    return cs.length ? [{ type, weight: w, estimate: w > 0 ? cs.reduce((s, c) => s + c.weight * c.estimate, 0) / w : NaN, comparisons: cs.length }] : [];
  });

  const cl = unitClusters(panel, o.cluster);
  const obsCl = Int32Array.from(unit, (i) => cl.id[i]);
  const n = N * T, K = 1 + T;
  const v = clusterVcov(fit, obsCl, cl.G, (cl.G / (cl.G - 1)) * ((n - 1) / (n - K)));
  const tau = fit.coef[0];
  const diagnostics: BaconDiagnostics = {
    estimator: "bacon",
    twfe: tau,
    reproduced,
    weightSum,
    varianceOfDemeanedTreatment: VD,
    byType,
    comparisons,
    inference: `att is the TWFE coefficient with its CR1 cluster-robust SE (by ${o.cluster ?? "unit"}); the decomposition itself is descriptive`,
    notes: [],
  };
  return {
    method: "did",
    settings: { estimator: "bacon", cluster: o.cluster ?? "unit", alpha: o.alpha },
    att: normalEstimate(tau, Math.sqrt(v[0]), o.alpha),
    periods: [],
    diagnostics,
    ...(panel.unit ? { unit: panel.unit } : {}),
    alpha: o.alpha,
  };
}
