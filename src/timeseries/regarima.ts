/**
 * Regression with (seasonal) ARIMA errors by exact Gaussian maximum likelihood:
 *   y_t = x_t′β + u_t,   (1−B)^d (1−B^s)^D u_t = w_t,   w_t a stationary ARMA(p,q)(P,Q)s.
 *
 * Implemented here rather than taken from npm: no package we know of fits ARIMA with
 * exogenous regressors by exact likelihood and agrees with R's stats::arima (the tests
 * check this implementation against R on the Seatbelts data).
 *
 * Method. y and X are differenced (columns that vanish, such as the intercept when d ≥ 1,
 * are dropped, as R does); for given ARMA parameters the Kalman filter (arma.ts) from the
 * stationary initial state gives the exact likelihood, and β is concentrated out by GLS on
 * the standardised innovations. BFGS maximises the profile likelihood over the ARMA
 * parameters from conditional-sum-of-squares starting values (R's "CSS-ML"), AR and MA
 * blocks parameterised by atanh of their partial autocorrelations so every step is
 * stationary and invertible. Standard errors come from the numerical Hessian of the likelihood in
 * all coefficients (ARMA and β jointly, σ² concentrated), as R's var.coef.
 * With differencing, R uses a diffuse prior on the initial levels; the likelihood of the
 * differenced series used here is the limit of that prior (agreement to rounding).
 */
import { ConvergenceError, InputError } from "../errors";
import { bfgs } from "../optimize/bfgs";
import { numericalHessian } from "./hessian";
import { choleskyFactor, choleskyInverse } from "../linalg/dense";
import { armaParamCount, armaParamNames, arToPacf, cssResiduals, expandArma, formatOrder, kalmanFilter, pacfToAr, type ArimaOrder } from "./arma";
import { leastSquares, residuals } from "./ols";

export interface RegArimaFit {
  order: ArimaOrder;
  /** Names of all coefficients: ARMA (ar1…, ma1…, sar1…, sma1…) then the regressors kept. */
  names: string[];
  coef: Float64Array;
  /** Covariance of coef (names order), row-major. */
  vcov: Float64Array;
  /** Regressor names dropped because differencing made them vanish (e.g. intercept). */
  dropped: string[];
  /** β for every input regressor (0 for dropped ones), in input order. */
  beta: Float64Array;
  /** Covariance of beta (input order; zero rows for dropped ones). */
  betaVcov: Float64Array;
  /** ARMA parameters (R order). */
  arma: Float64Array;
  sigma2: number;
  logLik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Observations in the likelihood (n − d − D·s). */
  nUsed: number;
  /** Regression errors u = y − Xβ (levels, length n). */
  errors: Float64Array;
  /** One-step prediction errors of the differenced errors, v_t/√F_t (variance σ²; length nUsed): white noise if the model fits. */
  innovations: Float64Array;
  converged: boolean;
  iterations: number;
  message: string;
  warnings: string[];
}

export interface RegArimaOptions {
  /** Throw ConvergenceError instead of returning converged = false (default true). */
  requireConvergence?: boolean;
  maxIter?: number;
}

/** Coefficients c_0 = 1, c_1… of (1−B)^d (1−B^s)^D. */
export function differencePolynomial(d: number, D: number, s: number): number[] {
  let c = [1];
  const mul = (lag: number) => {
    const out = new Array<number>(c.length + lag).fill(0);
    for (let i = 0; i < c.length; i++) { out[i] += c[i]; out[i + lag] -= c[i]; }
    c = out;
  };
  for (let i = 0; i < d; i++) mul(1);
  for (let i = 0; i < D; i++) mul(s);
  return c;
}

/** Applies the difference polynomial to the columns of an n×m matrix: (n − L)×m. */
export function differenceColumns(a: Float64Array, n: number, m: number, c: number[]): Float64Array {
  const L = c.length - 1, out = new Float64Array((n - L) * m);
  for (let t = L; t < n; t++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l <= L; l++) s += c[l] * a[(t - l) * m + j];
      out[(t - L) * m + j] = s;
    }
  return out;
}

/**
 * Maps unconstrained optimiser variables to ARMA parameters. Each AR block is parameterised
 * by atanh of its partial autocorrelations (every point stationary, as R's transform.pars);
 * each MA block the same way with the sign flipped (every point invertible). The exact
 * likelihood of a non-invertible MA equals that of its invertible mirror, so this loses no
 * fit and gives the invertible solution R reports after its root flipping.
 */
function blocks(o: ArimaOrder): { start: number; len: number; sign: number }[] {
  return [
    { start: 0, len: o.p, sign: 1 },
    { start: o.p, len: o.q, sign: -1 },
    { start: o.p + o.q, len: o.P, sign: 1 },
    { start: o.p + o.q + o.P, len: o.Q, sign: -1 },
  ].filter((b) => b.len > 0);
}

function toParams(o: ArimaOrder, raw: ArrayLike<number>): Float64Array {
  const par = Float64Array.from(raw);
  for (const { start, len, sign } of blocks(o)) {
    const phi = pacfToAr(Array.from(raw).slice(start, start + len).map(Math.tanh));
    for (let i = 0; i < len; i++) par[start + i] = sign * phi[i];
  }
  return par;
}

/** Partial autocorrelations of each block (|r| < 1 inside the stationary/invertible region). */
function blockPacf(o: ArimaOrder, par: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (const { start, len, sign } of blocks(o)) out.push(...arToPacf(Array.from(par).slice(start, start + len).map((v) => sign * v)));
  return out;
}

/**
 * Fits y = Xβ + u with ARIMA(order) errors. X is n×k row-major with column names `names`.
 * Throws InputError when the series is too short for the model.
 */
export function fitRegArima(y: ArrayLike<number>, X: Float64Array, names: string[], order: ArimaOrder, opts: RegArimaOptions = {}): RegArimaFit {
  const n = y.length, k0 = names.length;
  for (let t = 0; t < n; t++) if (!Number.isFinite(y[t])) throw new InputError(`outcome is missing or not finite at position ${t + 1}; ARIMA needs a complete series`);
  const c = differencePolynomial(order.d, order.D, order.s);
  const L = c.length - 1, nUsed = n - L;
  // Stack [y | X], difference, drop regressors that vanish.
  const Y = new Float64Array(n * (k0 + 1));
  for (let t = 0; t < n; t++) {
    Y[t * (k0 + 1)] = y[t];
    for (let j = 0; j < k0; j++) Y[t * (k0 + 1) + j + 1] = X[t * k0 + j];
  }
  const Yd = differenceColumns(Y, n, k0 + 1, c);
  const keep: number[] = [], dropped: string[] = [];
  for (let j = 0; j < k0; j++) {
    let mx = 0, my = 0;
    for (let t = 0; t < n; t++) my = Math.max(my, Math.abs(X[t * k0 + j]));
    for (let t = 0; t < nUsed; t++) mx = Math.max(mx, Math.abs(Yd[t * (k0 + 1) + j + 1]));
    if (mx > 1e-10 * Math.max(my, 1e-300)) keep.push(j);
    else dropped.push(names[j]);
  }
  const k = keep.length, m = k + 1, np = armaParamCount(order);
  if (nUsed - k - np < 2)
    throw new InputError(`${formatOrder(order)} with ${k} regressors needs more than ${k + np + 1 + L} observations; the series has ${n}`);
  const W = new Float64Array(nUsed * m);
  for (let t = 0; t < nUsed; t++) {
    W[t * m] = Yd[t * (k0 + 1)];
    for (let j = 0; j < k; j++) W[t * m + j + 1] = Yd[t * (k0 + 1) + keep[j] + 1];
  }
  const Xd = new Float64Array(nUsed * k), keptNames = keep.map((j) => names[j]);
  for (let t = 0; t < nUsed; t++) for (let j = 0; j < k; j++) Xd[t * k + j] = W[t * m + j + 1];

  // Standardised innovations of [y | X] for given ARMA parameters.
  const filter = (par: ArrayLike<number>) => {
    const { phi, theta } = expandArma(order, par);
    return kalmanFilter(W, nUsed, m, phi, theta);
  };
  const ysBuf = new Float64Array(nUsed), xsBuf = new Float64Array(nUsed * k);
  const split = (f: { innovations: Float64Array }, ys = new Float64Array(nUsed), xs = new Float64Array(nUsed * k)) => {
    for (let t = 0; t < ys.length; t++) {
      ys[t] = f.innovations[t * m];
      for (let j = 0; j < k; j++) xs[t * k + j] = f.innovations[t * m + j + 1];
    }
    return { ys, xs };
  };
  // −loglik/nUsed up to a constant, with β by GLS and σ² concentrated out.
  const profile = (raw: Float64Array) => {
    const f = filter(toParams(order, raw));
    const { ys, xs } = split(f, ysBuf, xsBuf);
    const rss = k ? leastSquares(xs, ys, nUsed, k, keptNames, { inverse: false }).rss : ys.reduce((a, v) => a + v * v, 0);
    return 0.5 * (Math.log(rss / nUsed) + f.sumLogF / nUsed);
  };
  // Starting values by conditional sum of squares (β concentrated the same way), as R's "CSS-ML".
  const ncond = order.p + order.P * order.s;
  const css = (raw: Float64Array) => {
    const { phi, theta } = expandArma(order, toParams(order, raw));
    const e = cssResiduals(W, nUsed, m, phi, theta, ncond).subarray(ncond * m);
    const { ys, xs } = split({ innovations: e }, ysBuf.subarray(0, nUsed - ncond), xsBuf.subarray(0, (nUsed - ncond) * k));
    const rss = k ? leastSquares(xs, ys, nUsed - ncond, k, keptNames, { inverse: false }).rss : ys.reduce((a, v) => a + v * v, 0);
    return 0.5 * Math.log(rss / (nUsed - ncond));
  };
  // Near a unit root a regressor's CSS residuals can vanish (the intercept when Σφ = 1): such points are rejected.
  const guarded = (f: (raw: Float64Array) => number) => (raw: Float64Array) => {
    try {
      return f(raw);
    } catch (err) {
      if (err instanceof InputError) return Infinity;
      throw err;
    }
  };
  // The CSS solution is only a start: kept off the stationarity/invertibility boundary, where tanh is flat.
  let start = np && nUsed - ncond - k - np >= 2 ? bfgs(guarded(css), new Float64Array(np), { maxIterations: 100 }).x.map((v) => Math.max(-2, Math.min(2, v))) : new Float64Array(np);
  if (!Number.isFinite(guarded(profile)(start))) start = new Float64Array(np);
  // Tighter than optim's defaults (reltol 1.5e-8, ndeps 1e-3) so the optimum is reached to ~1e-7.
  const opt = np
    ? bfgs(guarded(profile), start, { maxIterations: opts.maxIter ?? 200, reltol: 1e-13, ndeps: 1e-6 })
    : { x: new Float64Array(0), converged: true, iterations: 0, message: "no ARMA parameters" };
  if (!opt.converged && opts.requireConvergence !== false)
    throw new ConvergenceError(`${formatOrder(order)}: likelihood maximisation did not converge (${opt.message}); try a simpler model`);
  const arma = toParams(order, opt.x);
  const f = filter(arma);
  const { ys, xs } = split(f);
  const betaK = k ? leastSquares(xs, ys, nUsed, k, keptNames).beta : new Float64Array(0);
  const e = residuals(xs, ys, betaK, nUsed, k);
  const ssq = e.reduce((a, v) => a + v * v, 0);
  const sigma2 = ssq / nUsed;
  const logLik = -0.5 * (nUsed * Math.log(2 * Math.PI * sigma2) + f.sumLogF + nUsed);

  // Joint numerical Hessian of −loglik/nUsed in (ARMA, β); inverse/nUsed = covariance (as R's var.coef).
  const p = np + k, coef = new Float64Array(p);
  coef.set(arma, 0);
  coef.set(betaK, np);
  // The Hessian revisits few distinct ARMA points (β enters only the final sum of squares), so the filtered data are cached per point.
  const cache = new Map<string, ReturnType<typeof filter>>();
  const full = (th: Float64Array) => {
    const par = th.subarray(0, np);
    if (blockPacf(order, par).some((r) => !(Math.abs(r) < 1))) return NaN;
    const key = Array.from(par).join(",");
    let g = cache.get(key);
    if (!g) cache.set(key, (g = filter(par)));
    let rss = 0;
    for (let t = 0; t < nUsed; t++) {
      let s = g.innovations[t * m];
      for (let j = 0; j < k; j++) s -= g.innovations[t * m + j + 1] * th[np + j];
      rss += s * s;
    }
    return 0.5 * (Math.log(rss / nUsed) + g.sumLogF / nUsed);
  };
  // Steps: small for ARMA parameters (bounded scale); for β a fraction of its GLS standard error.
  const gls = k ? leastSquares(xs, ys, nUsed, k, keptNames) : undefined;
  const steps = new Float64Array(p);
  for (let i = 0; i < np; i++) steps[i] = 1e-4;
  for (let j = 0; j < k; j++) steps[np + j] = 1e-2 * Math.sqrt(sigma2 * gls!.xtxInv[j * k + j]);
  const H = numericalHessian(full, coef, steps);
  const warnings: string[] = [];
  let vcov: Float64Array = new Float64Array(p * p).fill(NaN);
  for (let i = 0; i < p * p; i++) H[i] *= nUsed;
  const LH = H.every(Number.isFinite) ? choleskyFactor(H, p) : undefined;
  if (LH) vcov = choleskyInverse(LH, p);
  else warnings.push("the Hessian is not positive definite at the optimum (a parameter is on the boundary or not identified); standard errors are not available");
  const names0 = armaParamNames(order);
  blockPacf(order, arma).forEach((r, i) => {
    if (Math.abs(r) > 0.99) warnings.push(`${names0[i]}: its block is at the edge of the ${blocks(order).find((b) => i >= b.start && i < b.start + b.len)!.sign > 0 ? "stationary" : "invertible"} region (partial autocorrelation ${r.toFixed(4)}); the model may be over-differenced or over-parameterised`);
  });

  const beta = new Float64Array(k0), betaVcov = new Float64Array(k0 * k0);
  keep.forEach((j, a) => {
    beta[j] = betaK[a];
    keep.forEach((l, b) => (betaVcov[j * k0 + l] = vcov[(np + a) * p + np + b]));
  });
  const npar = p + 1;
  const aic = -2 * logLik + 2 * npar;
  return {
    order,
    names: [...armaParamNames(order), ...keptNames],
    coef,
    vcov,
    dropped,
    beta,
    betaVcov,
    arma,
    sigma2,
    logLik,
    aic,
    aicc: nUsed - npar - 1 > 0 ? aic + (2 * npar * (npar + 1)) / (nUsed - npar - 1) : Infinity,
    bic: -2 * logLik + Math.log(nUsed) * npar,
    nUsed,
    errors: residuals(X, y, beta, n, k0),
    innovations: e,
    converged: opt.converged,
    iterations: opt.iterations ?? 0,
    message: opt.message,
    warnings,
  };
}

export interface OrderSearch {
  maxP?: number;
  maxQ?: number;
  maxSP?: number;
  maxSQ?: number;
  d?: number;
  D?: number;
  s?: number;
}

export interface OrderSelection {
  best: RegArimaFit;
  /** Every candidate tried, with its AICc (Infinity when it failed) and why it failed. */
  candidates: { order: string; aicc: number; failed?: string }[];
}

/** Fits every order in the grid and keeps the lowest AICc among the converged fits. */
export function selectArimaOrder(y: ArrayLike<number>, X: Float64Array, names: string[], search: OrderSearch = {}): OrderSelection {
  const { maxP = 2, maxQ = 2, maxSP = 1, maxSQ = 1, d = 0, D = 0, s = 12 } = search;
  const candidates: OrderSelection["candidates"] = [];
  let best: RegArimaFit | undefined;
  for (let p = 0; p <= maxP; p++)
    for (let q = 0; q <= maxQ; q++)
      for (let P = 0; P <= maxSP; P++)
        for (let Q = 0; Q <= maxSQ; Q++) {
          const order = { p, d, q, P, D, Q, s };
          try {
            const fit = fitRegArima(y, X, names, order, { requireConvergence: false });
            const failed = !fit.converged ? fit.message : fit.warnings.length ? fit.warnings[0] : undefined;
            candidates.push({ order: formatOrder(order), aicc: fit.aicc, ...(failed ? { failed } : {}) });
            if (!failed && (!best || fit.aicc < best.aicc)) best = fit;
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
            candidates.push({ order: formatOrder(order), aicc: Infinity, failed: err.message });
          }
        }
  if (!best) throw new ConvergenceError(`no ARIMA order in the search grid could be fitted: ${candidates.map((c) => `${c.order}: ${c.failed}`).join("; ")}`);
  return { best, candidates };
}
