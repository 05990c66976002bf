/**
 * Wild cluster restricted bootstrap (WCR, Cameron–Gelbach–Miller 2008) for the treatment
 * coefficient, bootstrap-t with the same CR1 standard error as the fit.
 *
 * Under H0: τ = τ0 the restricted model is fitted; each replicate multiplies the restricted
 * residuals of cluster g by one weight w_g (Rademacher ±1, or Webb's six points), adds them to
 * the restricted fit and re-estimates the full two-way FE model. Done naively that is a
 * demeaning per replicate. Here it is exact and cheap: every replicate quantity is linear in
 * w and in τ0, so after G demeaning passes per residual vector a replicate costs O(G²) and
 * the statistic at any τ0 costs O(1) — which makes the confidence interval by test inversion
 * (the set of τ0 the bootstrap does not reject) affordable.
 *
 * Why not simply reuse the within residuals: time effects are not nested in clusters, so the
 * FE projection of w⊙e mixes clusters; re-estimating includes that projection exactly.
 */
import { createRng, type Rng } from "../../random";
import type { Demeaner } from "./demean";
import type { WithinFit } from "./within";

export type WildWeights = "rademacher" | "webb";

export interface WildOptions {
  reps: number;
  weights: WildWeights;
  seed: number;
  alpha: number;
}

export interface WildResult {
  p: number;
  ci: [number, number];
  /** Replicates used (2^G when every Rademacher sign pattern was enumerated). */
  reps: number;
  enumerated: boolean;
  weights: WildWeights;
  seed: number;
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

/**
 * Sets up the linear maps. Coefficient 0 of `fit` is the one tested; `scale` is the CR1 factor
 * G/(G−1)·(n−1)/(n−K) of the chosen convention.
 */
export function wildProblem(fit: WithinFit, dm: Demeaner, cluster: Int32Array, nClusters: number, scale: number): WildProblem & { pa: Float64Array; pb: Float64Array; ta: Float64Array; tb: Float64Array } {
  const n = fit.y.length, k = fit.coef.length, G = nClusters;
  const [a, b] = residualize([fit.y, fit.x[0]], fit.x.slice(1));
  // z_i = row 0 of (X'X)⁻¹ times x_i: observation i's weight in τ̂.
  const z = new Float64Array(n);
  for (let j = 0; j < k; j++) { const c = fit.bread[j], xj = fit.x[j]; for (let i = 0; i < n; i++) z[i] += c * xj[i]; }
  // d_h = (X'X)⁻¹ X_h' e_h for e = a and e = b; t_h = its first element.
  const xe = (e: Float64Array) => {
    const s = new Float64Array(G * k);
    for (let j = 0; j < k; j++) { const xj = fit.x[j]; for (let i = 0; i < n; i++) s[cluster[i] * k + j] += xj[i] * e[i]; }
    const d = new Float64Array(G * k);
    for (let h = 0; h < G; h++) for (let r = 0; r < k; r++) { let acc = 0; for (let c = 0; c < k; c++) acc += fit.bread[r * k + c] * s[h * k + c]; d[h * k + r] = acc; }
    return d;
  };
  const da = xe(a), db = xe(b);
  const ta = new Float64Array(G), tb = new Float64Array(G);
  for (let h = 0; h < G; h++) { ta[h] = da[h * k]; tb[h] = db[h * k]; }
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
  const statistic = (w: Float64Array, tau0: number) => {
    let al = 0, be = 0, ss = 0;
    for (let h = 0; h < G; h++) { al += w[h] * ta[h]; be += w[h] * tb[h]; }
    for (let g = 0; g < G; g++) {
      let q = 0;
      for (let h = 0; h < G; h++) q += (pa[g * G + h] - tau0 * pb[g * G + h]) * w[h];
      ss += q * q;
    }
    return (al - tau0 * be) / Math.sqrt(scale * ss);
  };
  const restrictedResiduals = (tau0: number) => { const e = new Float64Array(n); for (let i = 0; i < n; i++) e[i] = a[i] - tau0 * b[i]; return e; };
  return { statistic, restrictedResiduals, pa, pb, ta, tb };
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
  const { pa, pb, ta, tb } = problem;
  for (let rep = 0; rep < B; rep++) {
    if (enumerated) for (let g = 0; g < G; g++) w[g] = (rep >> g) & 1 ? -1 : 1;
    else drawWeights(opts.weights, rng, w);
    let al = 0, be = 0, saa = 0, sab = 0, sbb = 0;
    for (let h = 0; h < G; h++) { al += w[h] * ta[h]; be += w[h] * tb[h]; }
    for (let g = 0; g < G; g++) {
      let qa = 0, qb = 0;
      const row = g * G;
      for (let h = 0; h < G; h++) { qa += pa[row + h] * w[h]; qb += pb[row + h] * w[h]; }
      saa += qa * qa; sab += qa * qb; sbb += qb * qb;
    }
    r.alpha[rep] = al; r.beta[rep] = be; r.saa[rep] = saa; r.sab[rep] = sab; r.sbb[rep] = sbb;
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
  const problem = wildProblem(fit, dm, cluster, nClusters, scale);
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
  return { p: pValue(0), ci: [bound(-1), bound(1)], reps: B, enumerated, weights: opts.weights, seed: opts.seed };
}
