/**
 * A coverage study on SIMULATED panels (factor-panel.ts) with a known effect: bias, RMSE,
 * the mean bootstrap SE against the SD of the estimates, and how often the CI of the average
 * effect covers the truth. Small versions run in the tests, a large one in bench/.
 */
import { childSeeds } from "../random";
import { simulateFactorPanel, type FactorPanelSpec } from "../simulate/xu-factor-panel";
import { gsynth, type GsynthOptions } from "../estimators/gsynth/index";

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
  const err: number[] = [], se: number[] = [], truth: number[] = [];
  let covered = 0, rHits = 0;
  for (let k = 0; k < replications; k++) {
    const sim = simulateFactorPanel({ ...spec, seed: seeds[2 * k] });
    const e = await gsynth(sim.panel, { ...options, se: true, seed: seeds[2 * k + 1] });
    err.push(e.att.estimate - sim.trueAtt);
    se.push(e.att.se!);
    truth.push(sim.trueAtt);
    if (e.att.ci![0] <= sim.trueAtt && sim.trueAtt <= e.att.ci![1]) covered++;
    if (e.settings.r === (spec.factors ?? 2)) rHits++;
    onReplication?.(k + 1, replications);
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const bias = mean(err);
  return {
    replications,
    meanTrueAtt: mean(truth),
    bias,
    rmse: Math.sqrt(mean(err.map((e) => e * e))),
    sdEstimate: Math.sqrt(err.reduce((a, e) => a + (e - bias) ** 2, 0) / (err.length - 1)),
    meanSe: mean(se),
    coverage: covered / replications,
    ...((options.estimator ?? "ife") === "ife" ? { rCorrect: rHits / replications } : {}),
  };
}
