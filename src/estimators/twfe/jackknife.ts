/**
 * Leave-one-cluster-out jackknife of τ (the delete-a-group jackknife, e.g. MacKinnon, Nielsen
 * & Webb 2023, "cluster-robust inference: a guide", CV3): refit without each cluster in turn;
 * var = (G − 1)/G · Σ_g (τ_(g) − τ̄)². It respects shocks shared within clusters and is more
 * conservative than CR1 when clusters are few or one cluster has high leverage.
 */
import { InputError } from "../../errors";
import { createDemeaner, feLayout, type DemeanOptions } from "../../linalg/demean";
import { fitWithin, type Regressor } from "../../linalg/within";

export interface JackknifeInput {
  /** Observation k: unit, period, outcome, treatment and covariates (sample order). */
  unit: Int32Array;
  period: Int32Array;
  y: Float64Array;
  regressors: Regressor[];
  nUnits: number;
  nPeriods: number;
  /** Cluster id per observation, 0..G−1, and the clusters' labels. */
  cluster: Int32Array;
  labels: string[];
  outcomeName: string;
  demean: DemeanOptions;
}

/** τ without each cluster (aligned with `labels`) and the jackknife SE. */
export function clusterJackknife(x: JackknifeInput): { estimates: Float64Array; se: number } {
  const G = x.labels.length;
  const estimates = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const keep: number[] = [];
    for (let k = 0; k < x.cluster.length; k++) if (x.cluster[k] !== g) keep.push(k);
    const pick = <A extends Float64Array | Int32Array>(a: A): A => (a instanceof Int32Array ? Int32Array.from(keep, (k) => a[k]) : Float64Array.from(keep, (k) => a[k])) as A;
    const dm = createDemeaner(feLayout(pick(x.unit), pick(x.period), x.nUnits, x.nPeriods), x.demean);
    try {
      estimates[g] = fitWithin(dm, pick(x.y), x.outcomeName, x.regressors.map((r) => ({ name: r.name, values: pick(r.values) }))).coef[0];
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`cluster jackknife: without cluster ${x.labels[g]} the model cannot be fitted (${e.message})`);
      throw e;
    }
  }
  let mean = 0;
  for (const t of estimates) mean += t / G;
  let ss = 0;
  for (const t of estimates) ss += (t - mean) ** 2;
  return { estimates, se: Math.sqrt(((G - 1) / G) * ss) };
}
