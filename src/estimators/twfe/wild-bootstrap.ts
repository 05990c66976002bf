/**
 * Wild cluster restricted bootstrap (WCR, Cameron–Gelbach–Miller 2008) for the treatment
 * coefficient, bootstrap-t with the same CR1 standard error as the fit.
 *
 * Under H0: τ = τ0 the restricted model is fitted; each replicate multiplies the restricted
 * residuals of cluster g by one weight w_g (Rademacher ±1, or Webb's six points), adds them to
 * the restricted fit and re-estimates the full two-way FE model — exactly, not approximately.
 * Every replicate quantity is linear in w and in τ0, so a replicate reduces to five numbers
 * and the statistic at any τ0 then costs O(1): that makes the confidence interval by test
 * inversion (the set of τ0 the bootstrap does not reject) affordable.
 *
 * Why not simply reuse the within residuals: time effects are not nested in clusters, so the
 * FE projection of w⊙e mixes clusters; re-estimating includes that projection exactly.
 */
import { createRng, type Rng } from "../../random";
import type { Demeaner } from "../../linalg/demean";
import type { WithinFit } from "../../linalg/within";

export type WildWeights = "rademacher" | "webb";

export interface WildOptions {
  reps: number;
  weights: WildWeights;
  seed: number;
  alpha: number;
  strategy?: WildStrategy;
  onProgress?: (done: number, total: number) => void;
}

export interface WildResult {
  p: number;
  ci: [number, number];
  /** Replicates used (2^G when every Rademacher sign pattern was enumerated). */
  reps: number;
  enumerated: boolean;
  weights: WildWeights;
  seed: number;
  strategy: WildStrategy;
}

/** Per-replicate quantities: the statistic at τ0 is (α − τ0β) / sqrt(c(Saa − 2τ0 Sab + τ0² Sbb)). */
interface Replicates { alpha: Float64Array; beta: Float64Array; saa: Float64Array; sab: Float64Array; sbb: Float64Array }

export interface WildProblem {
  /** Bootstrap t statistic for one weight vector (length G) at τ0 — exposed for brute-force checks. */
  statistic(w: Float64Array, tau0: number): number;
  /** Restricted residuals e_r(τ0), one per observation. */
  restrictedResiduals(tau0: number): Float64Array;
}

/** Residuals of the columns `vs` regressed on the columns `zs` (all already demeaned). */
function residualize(vs: Float64Array[], zs: Float64Array[]): Float64Array[] {
  const m = zs.length;
  if (m === 0) return vs.map((v) => Float64Array.from(v));
  const n = vs[0].length;
  // Gram–Schmidt on Z (few columns), then subtract projections.
  const q: Float64Array[] = [];
  for (const z of zs) {
    const u = Float64Array.from(z);
    for (const e of q) { let d = 0; for (let i = 0; i < n; i++) d += e[i] * u[i]; for (let i = 0; i < n; i++) u[i] -= d * e[i]; }
    let nn = 0; for (let i = 0; i < n; i++) nn += u[i] * u[i];
    const s = 1 / Math.sqrt(nn);
    for (let i = 0; i < n; i++) u[i] *= s;
    q.push(u);
  }
  return vs.map((v) => {
    const r = Float64Array.from(v);
    for (const e of q) { let d = 0; for (let i = 0; i < n; i++) d += e[i] * r[i]; for (let i = 0; i < n; i++) r[i] -= d * e[i]; }
    return r;
  });
}

/** Above this many clusters the G×G maps cost more (time and memory) than demeaning per replicate. */
const DENSE_MAX_CLUSTERS = 600;

export type WildStrategy = "dense" | "direct";

/**
 * Sets up the linear maps. Coefficient 0 of `fit` is the one tested; `scale` is the CR1 factor
 * G/(G−1)·(n−1)/(n−K) of the chosen convention.
 *
 * Two exact strategies give the same numbers: "dense" precomputes, per cluster h, the scores
 * that weight 1 on cluster h alone produces (2G demeaning passes, then O(G²) per replicate);
 * "direct" demeans w⊙a and w⊙b in every replicate (O(n) per sweep, no G² memory), for many clusters.
 */
export function wildProblem(fit: WithinFit, dm: Demeaner, cluster: Int32Array, nClusters: number, scale: number, strategy?: WildStrategy): WildProblem & { stats(w: Float64Array, out: Float64Array): void; strategy: WildStrategy } {
  const n = fit.y.length, k = fit.coef.length, G = nClusters;
  const use = strategy ?? (G <= DENSE_MAX_CLUSTERS ? "dense" : "direct");
  const [a, b] = residualize([fit.y, fit.x[0]], fit.x.slice(1));
  // z_i = row 0 of (X'X)⁻¹ times x_i: observation i's weight in τ̂.
  const z = new Float64Array(n);
  for (let j = 0; j < k; j++) { const c = fit.bread[j], xj = fit.x[j]; for (let i = 0; i < n; i++) z[i] += c * xj[i]; }
  // d_h = (X'X)⁻¹ X_h' e_h for e = a and e = b: the coefficient shift from cluster h's weight.
  const xe = (e: Float64Array) => {
    const s = new Float64Array(G * k);
    for (let j = 0; j < k; j++) { const xj = fit.x[j]; for (let i = 0; i < n; i++) s[cluster[i] * k + j] += xj[i] * e[i]; }
    const d = new Float64Array(G * k);
    for (let h = 0; h < G; h++) for (let r = 0; r < k; r++) { let acc = 0; for (let c = 0; c < k; c++) acc += fit.bread[r * k + c] * s[h * k + c]; d[h * k + r] = acc; }
    return d;
  };
  const da = xe(a), db = xe(b);
  // stats(w) → [α, β, Saa, Sab, Sbb]: τ* − τ0 = α − τ0β and the bootstrap variance is scale·(Saa − 2τ0Sab + τ0²Sbb).
  let stats: (w: Float64Array, out: Float64Array) => void;
  if (use === "dense") {
    // P[g][h] = Σ_{i∈g} z_i (M_FE(e⊙1_h)_i − x_i·d_h): cluster g's score when only cluster h's weight is 1.
    const pmat = (e: Float64Array, d: Float64Array) => {
      const p = new Float64Array(G * G);
      const u = new Float64Array(n);
      for (let h = 0; h < G; h++) {
        for (let i = 0; i < n; i++) u[i] = cluster[i] === h ? e[i] : 0;
        dm.demean(u, "bootstrap residuals");
        for (let i = 0; i < n; i++) {
          let xd = 0;
          for (let j = 0; j < k; j++) xd += fit.x[j][i] * d[h * k + j];
          p[cluster[i] * G + h] += z[i] * (u[i] - xd);
        }
      }
      return p;
    };
    const pa = pmat(a, da), pb = pmat(b, db);
    stats = (w, out) => {
      let al = 0, be = 0, saa = 0, sab = 0, sbb = 0;
      for (let h = 0; h < G; h++) { al += w[h] * da[h * k]; be += w[h] * db[h * k]; }
      for (let g = 0; g < G; g++) {
        let qa = 0, qb = 0;
        const row = g * G;
        for (let h = 0; h < G; h++) { qa += pa[row + h] * w[h]; qb += pb[row + h] * w[h]; }
        saa += qa * qa; sab += qa * qb; sbb += qb * qb;
      }
      out[0] = al; out[1] = be; out[2] = saa; out[3] = sab; out[4] = sbb;
    };
  } else {
    const ua = new Float64Array(n), ub = new Float64Array(n);
    const deltaA = new Float64Array(k), deltaB = new Float64Array(k);
    const qa = new Float64Array(G), qb = new Float64Array(G);
    stats = (w, out) => {
      for (let i = 0; i < n; i++) { const wi = w[cluster[i]]; ua[i] = wi * a[i]; ub[i] = wi * b[i]; }
      dm.demean(ua, "bootstrap residuals");
      dm.demean(ub, "bootstrap residuals");
      deltaA.fill(0); deltaB.fill(0);
      for (let h = 0; h < G; h++) for (let j = 0; j < k; j++) { deltaA[j] += w[h] * da[h * k + j]; deltaB[j] += w[h] * db[h * k + j]; }
      qa.fill(0); qb.fill(0);
      for (let i = 0; i < n; i++) {
        let xa = 0, xb = 0;
        for (let j = 0; j < k; j++) { const x = fit.x[j][i]; xa += x * deltaA[j]; xb += x * deltaB[j]; }
        qa[cluster[i]] += z[i] * (ua[i] - xa);
        qb[cluster[i]] += z[i] * (ub[i] - xb);
      }
      let saa = 0, sab = 0, sbb = 0;
      for (let g = 0; g < G; g++) { saa += qa[g] * qa[g]; sab += qa[g] * qb[g]; sbb += qb[g] * qb[g]; }
      out[0] = deltaA[0]; out[1] = deltaB[0]; out[2] = saa; out[3] = sab; out[4] = sbb;
    };
  }
  const tmp = new Float64Array(5);
  const statistic = (w: Float64Array, tau0: number) => {
    stats(w, tmp);
    return (tmp[0] - tau0 * tmp[1]) / Math.sqrt(scale * (tmp[2] - 2 * tau0 * tmp[3] + tau0 * tau0 * tmp[4]));
  };
  const restrictedResiduals = (tau0: number) => { const e = new Float64Array(n); for (let i = 0; i < n; i++) e[i] = a[i] - tau0 * b[i]; return e; };
  return { statistic, restrictedResiduals, stats, strategy: use };
}

const WEBB = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];

function drawWeights(kind: WildWeights, rng: Rng, w: Float64Array): void {
  if (kind === "rademacher") for (let g = 0; g < w.length; g++) w[g] = rng.int(2) === 0 ? -1 : 1;
  else for (let g = 0; g < w.length; g++) w[g] = WEBB[rng.int(6)];
}

function replicates(problem: ReturnType<typeof wildProblem>, G: number, opts: WildOptions): { r: Replicates; enumerated: boolean } {
  // With few clusters all 2^G Rademacher sign patterns are fewer than the requested draws: use them all.
  const enumerated = opts.weights === "rademacher" && G <= 20 && 2 ** G <= opts.reps;
  const B = enumerated ? 2 ** G : opts.reps;
  const r: Replicates = { alpha: new Float64Array(B), beta: new Float64Array(B), saa: new Float64Array(B), sab: new Float64Array(B), sbb: new Float64Array(B) };
  const rng = createRng(opts.seed);
  const w = new Float64Array(G);
  const out = new Float64Array(5);
  for (let rep = 0; rep < B; rep++) {
    if (enumerated) for (let g = 0; g < G; g++) w[g] = (rep >> g) & 1 ? -1 : 1;
    else drawWeights(opts.weights, rng, w);
    problem.stats(w, out);
    r.alpha[rep] = out[0]; r.beta[rep] = out[1]; r.saa[rep] = out[2]; r.sab[rep] = out[3]; r.sbb[rep] = out[4];
    opts.onProgress?.(rep + 1, B);
  }
  return { r, enumerated };
}

/**
 * Symmetric bootstrap p-value for H0: τ = τ0 and the confidence interval by inverting it.
 * `tauHat`, `se` are the estimate and its CR1 SE; `scale` is the CR1 factor.
 */
export function wildClusterBootstrap(
  fit: WithinFit, dm: Demeaner, cluster: Int32Array, nClusters: number, scale: number,
  tauHat: number, se: number, opts: WildOptions,
): WildResult {
  const problem = wildProblem(fit, dm, cluster, nClusters, scale, opts.strategy);
  const { r, enumerated } = replicates(problem, nClusters, opts);
  const B = r.alpha.length;
  const pValue = (tau0: number) => {
    const t = Math.abs((tauHat - tau0) / se);
    let count = 0;
    for (let b = 0; b < B; b++) {
      const v = scale * (r.saa[b] - 2 * tau0 * r.sab[b] + tau0 * tau0 * r.sbb[b]);
      if (Math.abs(r.alpha[b] - tau0 * r.beta[b]) >= t * Math.sqrt(v)) count++;
    }
    return count / B;
  };
  const bound = (dir: 1 | -1) => {
    // Walk out from τ̂ until the bootstrap rejects, then bisect the crossing.
    let inside = tauHat, step = se, outside = tauHat + dir * step;
    for (let i = 0; i < 60 && pValue(outside) > opts.alpha; i++) { inside = outside; step *= 2; outside = tauHat + dir * step; }
    for (let i = 0; i < 100 && Math.abs(outside - inside) > 1e-10 * Math.max(1, Math.abs(se)); i++) {
      const mid = 0.5 * (inside + outside);
      if (pValue(mid) > opts.alpha) inside = mid; else outside = mid;
    }
    return 0.5 * (inside + outside);
  };
  return { p: pValue(0), ci: [bound(-1), bound(1)], reps: B, enumerated, weights: opts.weights, seed: opts.seed, strategy: problem.strategy };
}
