/**
 * Nelder–Mead simplex minimisation with the conventions of R's `optim` (reflection 1,
 * expansion 2, contraction ½, shrink ½; initial step 10% of the largest |x₀ᵢ|; stop when the
 * spread of values falls below reltol·(|f(x₀)| + reltol)). Derivative-free, so it copes with
 * the kinks of the synthetic control's nested loss.
 */

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  evaluations: number;
  /** Gradient evaluations (BFGS only). */
  gradients?: number;
  iterations?: number;
  converged: boolean;
  message: string;
}

export interface NelderMeadOptions {
  maxEvaluations?: number;
  reltol?: number;
  /** Initial step; default 0.1·max|x₀ᵢ| (0.1 when x₀ = 0). */
  step?: number;
}

export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, opts: NelderMeadOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxEval = opts.maxEvaluations ?? 500;
  const reltol = opts.reltol ?? 1.490116119384765625e-8;
  let evaluations = 0;
  const fn = (x: Float64Array) => { evaluations++; const v = f(x); return Number.isFinite(v) ? v : Number.MAX_VALUE; };

  let size = 0;
  for (let i = 0; i < n; i++) size = Math.max(size, Math.abs(x0[i]));
  const step = opts.step ?? (size > 0 ? 0.1 * size : 0.1);
  const pts: Float64Array[] = [];
  const vals = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const p = Float64Array.from(x0);
    if (i > 0) p[i - 1] += step;
    pts.push(p);
    vals[i] = fn(p);
  }
  const convtol = reltol * (Math.abs(vals[0]) + reltol);
  const c = new Float64Array(n), xr = new Float64Array(n), xe = new Float64Array(n), xc = new Float64Array(n);
  let converged = false;

  while (evaluations < maxEval) {
    let L = 0, H = 0;
    for (let i = 1; i <= n; i++) {
      if (vals[i] < vals[L]) L = i;
      if (vals[i] > vals[H]) H = i;
    }
    if (vals[H] <= vals[L] + convtol) { converged = true; break; }
    c.fill(0);
    for (let i = 0; i <= n; i++) if (i !== H) for (let d = 0; d < n; d++) c[d] += pts[i][d] / n;
    for (let d = 0; d < n; d++) xr[d] = 2 * c[d] - pts[H][d];
    const fr = fn(xr);
    if (fr < vals[L]) {
      for (let d = 0; d < n; d++) xe[d] = 2 * xr[d] - c[d];
      const fe = fn(xe);
      if (fe < fr) { pts[H].set(xe); vals[H] = fe; } else { pts[H].set(xr); vals[H] = fr; }
      continue;
    }
    const fHold = vals[H];
    if (fr < vals[H]) { pts[H].set(xr); vals[H] = fr; }
    for (let d = 0; d < n; d++) xc[d] = 0.5 * pts[H][d] + 0.5 * c[d];
    const fc = fn(xc);
    if (fc < vals[H]) { pts[H].set(xc); vals[H] = fc; continue; }
    if (fr >= fHold) {
      // Shrink toward the best point; give up if the simplex no longer gets smaller.
      let before = 0, after = 0;
      for (let i = 0; i <= n; i++) {
        if (i === L) continue;
        for (let d = 0; d < n; d++) {
          before += Math.abs(pts[i][d] - pts[L][d]);
          pts[i][d] = 0.5 * (pts[i][d] - pts[L][d]) + pts[L][d];
          after += Math.abs(pts[i][d] - pts[L][d]);
        }
        vals[i] = fn(pts[i]);
      }
      if (!(after < before)) break;
    }
  }
  let L = 0;
  for (let i = 1; i <= n; i++) if (vals[i] < vals[L]) L = i;
  return {
    x: Float64Array.from(pts[L]),
    value: vals[L],
    evaluations,
    converged,
    message: converged ? "converged (relative spread of values below reltol)" : `stopped after ${evaluations} evaluations (limit ${maxEval})`,
  };
}
