/**
 * Randomisation (placebo) inference from draws of an estimator's null distribution — the
 * estimate recomputed with treatment moved to randomly chosen control units or clusters (e.g.
 * police force areas) that were not treated: two-sided p = (1 + #{|draw| ≥ |estimate|})/(1 + n);
 * interval [est − q(1 − α/2), est − q(α/2)] from the draws' quantiles (valid for an additive
 * effect when treated and placebo units are exchangeable, as in Conley & Taber 2011); SE = SD
 * of the draws.
 */
import type { Estimate } from "../effect";
import { quantile, sd } from "./normal";

export function placeboEstimate(estimate: number, draws: ArrayLike<number>, alpha: number): Estimate {
  const d = Array.from(draws).filter(Number.isFinite);
  if (d.length < 2) return { estimate };
  const p = (1 + d.filter((x) => Math.abs(x) >= Math.abs(estimate)).length) / (1 + d.length);
  return { estimate, se: sd(d), ci: [estimate - quantile(d, 1 - alpha / 2), estimate - quantile(d, alpha / 2)], p };
}
