/**
 * A coverage study on SIMULATED panels (factor-panel.ts) with a known effect: bias, RMSE,
 * the mean bootstrap SE against the SD of the estimates, and how often the CI of the average
 * effect covers the truth. Small versions run in the tests, a large one in bench/. The
 * statistics are the shared Monte Carlo summaries (./monte-carlo.ts).
 */
import { childSeeds } from "../random";
import { simulateFactorPanel, type FactorPanelSpec } from "../simulate/xu-factor-panel";
import { gsynth, type GsynthOptions } from "../estimators/gsynth/index";
import { drawOf, sdOf, summariseDraws, type Draw } from "./monte-carlo";

export interface CoverageResult {
  replications: number;
  meanTrueAtt: number;
  bias: number;
  rmse: number;
  sdEstimate: number;
  meanSe: number;
  /** Share of replications whose CI for the average effect contains the true ATT. */
  coverage: number;
  /** Share whose r (ife) equals the simulated number of factors. */
  rCorrect?: number;
}

export async function coverageStudy(spec: Omit<FactorPanelSpec, "seed">, options: GsynthOptions, replications: number, seed: number, onReplication?: (done: number, total: number) => void): Promise<CoverageResult> {
  const seeds = childSeeds(seed, 2 * replications);
  const draws: Draw[] = [];
  let rHits = 0;
  for (let k = 0; k < replications; k++) {
    const sim = simulateFactorPanel({ ...spec, seed: seeds[2 * k] });
    const e = await gsynth(sim.panel, { ...options, se: true, seed: seeds[2 * k + 1] });
    draws.push(drawOf(e, sim.trueAtt, e.alpha ?? 0.05));
    if (e.settings.r === (spec.factors ?? 2)) rHits++;
    onReplication?.(k + 1, replications);
  }
  const s = summariseDraws(draws);
  return {
    replications,
    meanTrueAtt: s.meanTruth,
    bias: s.bias.value,
    rmse: s.rmse.value,
    // SD of the error: the truth varies between replications (effect plus noise per cell).
    sdEstimate: sdOf(draws.map((d) => d.estimate - d.truth)),
    meanSe: s.meanSe ?? NaN,
    coverage: s.coverage?.value ?? NaN,
    ...((options.estimator ?? "ife") === "ife" ? { rCorrect: rHits / replications } : {}),
  };
}
