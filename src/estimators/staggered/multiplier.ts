/**
 * Multiplier bootstrap for estimates that are averages of influence functions (Callaway &
 * Sant'Anna 2021, Algorithm 1; R did's mboot): each replicate reweights the clusters' summed
 * influence functions by independent Rademacher draws, which perturbs every estimate at once
 * with their joint dependence intact. No re-estimation, so thousands of draws are cheap.
 * The uniform critical value is the (1 − α) quantile of max_k |draw_k| / se_k: bands of
 * ± c·se then cover all K effects jointly.
 */
import { createRng } from "../../random";
import { quantile } from "../../stats/normal";

export interface MultiplierResult { critical: number; replicates: number; seed: number }

export function multiplierBootstrap(
  infs: Float64Array[],
  se: number[],
  cluster: { id: Int32Array; G: number },
  opts: { replicates: number; seed: number; alpha: number; onProgress?: (done: number, total: number) => void },
): MultiplierResult {
  const K = infs.length, G = cluster.G, N = infs[0]?.length ?? 0;
  const sums = new Float64Array(K * G);
  infs.forEach((psi, k) => { for (let i = 0; i < N; i++) sums[k * G + cluster.id[i]] += psi[i]; });
  const rng = createRng(opts.seed);
  const xi = new Float64Array(G), maxT = new Float64Array(opts.replicates);
  const step = Math.max(1, Math.floor(opts.replicates / 20));
  for (let b = 0; b < opts.replicates; b++) {
    for (let c = 0; c < G; c++) xi[c] = rng.uniform() < 0.5 ? -1 : 1;
    let m = 0;
    for (let k = 0; k < K; k++) {
      if (!(se[k] > 0)) continue;
      let s = 0;
      for (let c = 0; c < G; c++) s += xi[c] * sums[k * G + c];
      m = Math.max(m, Math.abs(s / N) / se[k]);
    }
    maxT[b] = m;
    if (opts.onProgress && ((b + 1) % step === 0 || b + 1 === opts.replicates)) opts.onProgress(b + 1, opts.replicates);
  }
  return { critical: quantile(maxT, 1 - opts.alpha), replicates: opts.replicates, seed: opts.seed };
}
