/**
 * Variable-metric (BFGS) minimisation after Nash (1990), the algorithm of R's
 * `optim(method="BFGS")`: inverse-Hessian updates; a backtracking line search (step ×0.2
 * until the Armijo condition with 1e-4 holds, failing when the step no longer moves x);
 * the metric is reset to the identity when an update would lose positive definiteness,
 * when a step makes no progress, or after 2n gradients. It stops when a step from a fresh
 * metric makes no relative progress (reltol). Gradients by central differences unless supplied.
 */
import type { MinimizeResult } from "./nelder-mead";
import { NumericalError } from "../errors";

export interface BfgsOptions {
  maxIterations?: number;
  reltol?: number;
  /** Central-difference step (default 1e-3, R's ndeps). */
  ndeps?: number;
  gradient?: (x: Float64Array, out: Float64Array) => void;
}

export function bfgs(f: (x: Float64Array) => number, x0: ArrayLike<number>, opts: BfgsOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxit = opts.maxIterations ?? 100;
  const reltol = opts.reltol ?? 1.490116119384765625e-8;
  const h = opts.ndeps ?? 1e-3;
  let evaluations = 0, gradients = 0;
  const fn = (x: Float64Array) => { evaluations++; return f(x); };
  const tmp = new Float64Array(n);
  const grad = opts.gradient ?? ((x: Float64Array, out: Float64Array) => {
    tmp.set(x);
    for (let i = 0; i < n; i++) {
      tmp[i] = x[i] + h; const fp = fn(tmp);
      tmp[i] = x[i] - h; const fm = fn(tmp);
      tmp[i] = x[i];
      out[i] = (fp - fm) / (2 * h);
    }
  });

  const b = Float64Array.from(x0);
  let fmin = fn(b);
  if (!Number.isFinite(fmin)) throw new NumericalError("bfgs: the function is not finite at the start point");
  const g = new Float64Array(n), gNew = new Float64Array(n), t = new Float64Array(n), y = new Float64Array(n), By = new Float64Array(n), trial = new Float64Array(n);
  const B = new Float64Array(n * n);
  grad(b, g); gradients++;
  let fresh = true, sinceReset = 0, iter = 0, converged = false;
  const reset = () => { B.fill(0); for (let i = 0; i < n; i++) B[i * n + i] = 1; fresh = true; sinceReset = 0; };
  reset();

  while (iter < maxit) {
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= B[i * n + j] * g[j];
      t[i] = s;
      gradproj += s * g[i];
    }
    if (!(gradproj < 0)) { if (fresh) { converged = true; break; } reset(); continue; }
    let step = 1, fv = NaN, accepted = false;
    for (;;) {
      let moved = false;
      for (let i = 0; i < n; i++) { trial[i] = b[i] + step * t[i]; if (10 + trial[i] !== 10 + b[i]) moved = true; }
      if (!moved) break;
      fv = fn(trial);
      if (Number.isFinite(fv) && fv <= fmin + 1e-4 * step * gradproj) { accepted = true; break; }
      step *= 0.2;
    }
    if (!accepted) { if (fresh) { converged = true; break; } reset(); continue; }
    const progress = Math.abs(fv - fmin) > reltol * (Math.abs(fmin) + reltol);
    b.set(trial);
    fmin = fv;
    if (!progress) { if (fresh) { converged = true; break; } }
    grad(b, gNew); gradients++; iter++; sinceReset++;
    let D1 = 0;
    for (let i = 0; i < n; i++) { t[i] *= step; y[i] = gNew[i] - g[i]; D1 += t[i] * y[i]; }
    g.set(gNew);
    if (!progress || !(D1 > 0) || sinceReset > 2 * n) { reset(); continue; }
    let D2 = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += B[i * n + j] * y[j];
      By[i] = s; D2 += s * y[i];
    }
    D2 = 1 + D2 / D1;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] += (D2 * t[i] * t[j] - By[i] * t[j] - t[i] * By[j]) / D1;
    fresh = false;
  }
  return {
    x: Float64Array.from(b),
    value: fmin,
    evaluations,
    gradients,
    iterations: iter,
    converged,
    message: converged ? "converged (no relative progress from a fresh metric)" : `stopped after ${maxit} iterations`,
  };
}
