/** Normal-approximation inference shared by the staggered estimators. */
import type { Estimate } from "../../effect";
import { normalCdf, normalQuantile } from "../../stats/normal";

export function normalEstimate(estimate: number, se: number, alpha: number, critical = normalQuantile(1 - alpha / 2)): Estimate {
  if (!(se > 0)) return { estimate, se };
  return { estimate, se, ci: [estimate - critical * se, estimate + critical * se], p: 2 * normalCdf(-Math.abs(estimate / se)) };
}

/** Mean observed outcome over a set of cells (unit i, period t), for Effect.periods. */
export function meanOutcome(y: Float64Array, T: number, cells: Iterable<[number, number]>): number {
  let s = 0, n = 0;
  for (const [i, t] of cells) { const v = y[i * T + t]; if (Number.isFinite(v)) { s += v; n++; } }
  return n ? s / n : NaN;
}
