/**
 * Interrupted time series (report section 2.3, Annex 3 Table A3.4; methods.md §4):
 * segmented regression with a lockdown dummy and season terms, errors either independent
 * (OLS), autocorrelated with Newey–West standard errors, or a (seasonal) ARIMA process
 * fitted by exact maximum likelihood (src/timeseries/regarima.ts), optionally with the
 * order chosen by AICc.
 *
 * Counterfactual: the series without the step and slope terms (pre-period trend extended,
 * lockdown and season kept). For ARIMA errors it is the forecast from the pre-period: the
 * regression part plus the errors' conditional mean given the pre-period errors, with a
 * prediction interval from their conditional covariance plus the coefficients' sampling
 * variance. Per-period effect = observed − counterfactual; cumulative = running sum over the
 * post period with the interval of the sum (covariances across periods included).
 * `att` is the modelled average effect over the post period, mean(step + slope·(t − T0)),
 * with its standard error from the coefficient covariance.
 */
import type { Effect, Estimate, RateUnit } from "../../effect";
import { InputError } from "../../errors";
import { normalCdf, normalQuantile } from "../../stats/normal";
import { tTwoSided, tUpperQuantile } from "../../stats/distributions";
import { formatOrder, type ArimaOrder } from "../../timeseries/arma";
import { forecastArimaErrors, type ErrorForecast } from "../../timeseries/forecast";
import { leastSquares, neweyWestCovariance, residuals } from "../../timeseries/ols";
import { ljungBoxTest } from "../../timeseries/acf";
import { fitRegArima, selectArimaOrder, type OrderSearch, type RegArimaFit } from "../../timeseries/regarima";
import { itsDesign, type ItsDesign, type ItsDesignSpec, type SeasonSpec } from "./design";
import { treatedAndControls, type Panel } from "../../panel/panel";
import { checkCommon, firstTreatedPeriod, type CommonOptions, type Estimator } from "../options";

export { itsDesign, type ItsDesign, type ItsDesignSpec, type SeasonSpec };

export type ItsErrors =
  | { type: "ols" }
  | { type: "newey-west"; lag: number }
  | { type: "arima"; order: ArimaOrder }
  /** ARMA orders chosen by AICc over a grid (default p, q ≤ 2; seasonal P, Q ≤ 1 only when there are no season terms). */
  | { type: "auto"; search?: OrderSearch };

export interface ItsOptions extends Omit<ItsDesignSpec, "periods"> {
  /** Error model (default OLS). */
  errors?: ItsErrors;
  /** Level of the intervals (default 0.05 → 95%). */
  alpha?: number;
  unit?: RateUnit;
  /** ARIMA only: throw ConvergenceError on non-convergence (default true); false reports diagnostics.converged = false. */
  requireConvergence?: boolean;
}

/** Everything fitted, for notebooks that also show residual diagnostics. */
export interface ItsModel {
  effect: Effect;
  design: ItsDesign;
  /** The fitted segmented regression Xβ (step and slope included; errors excluded; with differencing, shifted to the errors' mean pre-period level). */
  fitted: Float64Array;
  /** Regression residuals y − Xβ (the errors u). */
  residuals: Float64Array;
  /** Residuals that should be white noise: OLS residuals, or the ARIMA one-step innovations. */
  whiteResiduals: Float64Array;
  arima?: RegArimaFit;
}

interface Regression {
  beta: Float64Array;
  /** k×k covariance of beta. */
  vcov: Float64Array;
  /** Degrees of freedom of the t reference distribution (Infinity → normal). */
  df: number;
  extra: Record<string, Estimate>;
  diagnostics: Record<string, unknown>;
  forecast: ErrorForecast;
  residuals: Float64Array;
  white: Float64Array;
  arima?: RegArimaFit;
}

/** The errors option as the CLI writes it: "ols", "newey-west:L", "arima:p,d,q[,P,D,Q,s]", "auto". */
export function errorsLabel(e: ItsErrors): string {
  switch (e.type) {
    case "ols": return "ols";
    case "newey-west": return `newey-west:${e.lag}`;
    case "arima": return `arima:${[e.order.p, e.order.d, e.order.q, e.order.P, e.order.D, e.order.Q, e.order.s].join(",")}`;
    case "auto": return "auto";
  }
}

function toeplitz(g: ArrayLike<number>, H: number): Float64Array {
  const out = new Float64Array(H * H);
  for (let a = 0; a < H; a++) for (let b = 0; b < H; b++) { const l = Math.abs(a - b); out[a * H + b] = l < g.length ? g[l] : 0; }
  return out;
}

function fitOls(y: ArrayLike<number>, d: ItsDesign, lag: number | undefined): Regression {
  const { X, n, k, t0 } = d;
  const ls = leastSquares(X, y, n, k, d.names);
  const e = residuals(X, y, ls.beta, n, k);
  const H = n - t0;
  const s2 = ls.rss / (n - k);
  const logLik = -0.5 * n * (Math.log((2 * Math.PI * ls.rss) / n) + 1);
  const aic = -2 * logLik + 2 * (k + 1);
  const diagnostics = { logLik, aic, aicc: aic + (2 * (k + 1) * (k + 2)) / (n - k - 2), sigma2: s2, converged: true, n };
  if (lag === undefined) {
    const vcov = ls.xtxInv.map((v) => v * s2);
    const cov = new Float64Array(H * H);
    for (let h = 0; h < H; h++) cov[h * H + h] = s2;
    return { beta: ls.beta, vcov, df: n - k, extra: {}, diagnostics, forecast: { mean: new Float64Array(H), cov }, residuals: e, white: e };
  }
  if (!(Number.isInteger(lag) && lag >= 0 && lag < n)) throw new InputError(`Newey–West lag must be an integer from 0 to ${n - 1}; got ${lag}`);
  const vcov = neweyWestCovariance(X, e, ls.xtxInv, n, k, lag);
  // Error covariance for the intervals: Bartlett-weighted residual autocovariances (positive semi-definite).
  const g = new Float64Array(lag + 1);
  for (let l = 0; l <= lag; l++) {
    let s = 0;
    for (let t = l; t < n; t++) s += e[t] * e[t - l];
    g[l] = ((1 - l / (lag + 1)) * s) / n;
  }
  // Student t with n − k df, as lmtest::coeftest(fit, vcov = NeweyWest(...)) reports.
  return { beta: ls.beta, vcov, df: n - k, extra: {}, diagnostics: { ...diagnostics, neweyWestLag: lag }, forecast: { mean: new Float64Array(H), cov: toeplitz(g, H) }, residuals: e, white: e };
}

function fitArima(y: ArrayLike<number>, d: ItsDesign, errors: ItsErrors & { type: "arima" | "auto" }, requireConvergence: boolean, seasonTerms: boolean): Regression {
  let fit: RegArimaFit;
  let candidates: unknown;
  if (errors.type === "arima") fit = fitRegArima(y, d.X, d.names, errors.order, { requireConvergence });
  else {
    // Season dummies/Fourier terms already model the seasonal mean: search seasonal ARMA terms only without them.
    const sel = selectArimaOrder(y, d.X, d.names, { ...(seasonTerms ? { maxSP: 0, maxSQ: 0 } : {}), ...errors.search });
    fit = sel.best;
    candidates = sel.candidates;
  }
  const np = fit.arma.length, p = fit.names.length;
  const extra: Record<string, Estimate> = {};
  for (let i = 0; i < np; i++) extra[fit.names[i]] = { estimate: fit.arma[i], se: Math.sqrt(fit.vcov[i * p + i]) };
  const forecast = forecastArimaErrors(fit.errors, d.t0, fit.order, fit.arma, fit.sigma2);
  return {
    beta: fit.beta,
    vcov: fit.betaVcov,
    df: Infinity,
    extra,
    diagnostics: {
      logLik: fit.logLik,
      aic: fit.aic,
      aicc: fit.aicc,
      bic: fit.bic,
      sigma2: fit.sigma2,
      converged: fit.converged,
      iterations: fit.iterations,
      order: formatOrder(fit.order),
      n: y.length,
      nUsed: fit.nUsed,
      ...(fit.dropped.length ? { droppedByDifferencing: fit.dropped } : {}),
      ...(fit.warnings.length ? { warnings: fit.warnings } : {}),
      ...(fit.converged ? {} : { message: fit.message }),
      ...(candidates ? { candidates } : {}),
    },
    forecast,
    residuals: fit.errors,
    white: fit.innovations,
    arima: fit,
  };
}

const quad = (a: ArrayLike<number>, V: Float64Array, k: number) => {
  let s = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) s += a[i] * V[i * k + j] * a[j];
  return s;
};

/** Fits the interrupted time series and returns the Effect together with the design and residuals. */
export function fitItsModel(y: ArrayLike<number>, periods: readonly string[], opts: ItsOptions): ItsModel {
  if (y.length !== periods.length) throw new InputError(`the series has ${y.length} values for ${periods.length} periods`);
  for (let t = 0; t < y.length; t++) if (!Number.isFinite(y[t])) throw new InputError(`outcome is missing or not finite at period ${periods[t]}`);
  if (Array.prototype.every.call(y, (v: number) => v === y[0])) throw new InputError(`outcome is constant (${y[0]}) in every period: there is nothing to model`);
  const d = itsDesign({ ...opts, periods });
  const errors = opts.errors ?? { type: "ols" };
  const alpha = opts.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be in (0, 1); got ${alpha}`);
  const reg =
    errors.type === "ols" ? fitOls(y, d, undefined)
    : errors.type === "newey-west" ? fitOls(y, d, errors.lag)
    : fitArima(y, d, errors, opts.requireConvergence !== false, (opts.season ?? "none") !== "none");
  const { n, k, t0, names, Xcf } = d;
  const crit = Number.isFinite(reg.df) ? tUpperQuantile(alpha / 2, reg.df) : normalQuantile(1 - alpha / 2);
  const pval = (z: number) => (Number.isFinite(reg.df) ? tTwoSided(z, reg.df) : 2 * (1 - normalCdf(Math.abs(z))));
  const estimate = (est: number, se: number): Estimate => ({ estimate: est, se, ci: [est - crit * se, est + crit * se], p: pval(est / se) });

  const coefficients: Record<string, Estimate> = {};
  names.forEach((name, j) => {
    const se = Math.sqrt(reg.vcov[j * k + j]);
    if (se > 0 || reg.beta[j] !== 0) coefficients[name] = estimate(reg.beta[j], se);
  });
  for (const [name, e] of Object.entries(reg.extra)) coefficients[name] = estimate(e.estimate, e.se!);

  // Modelled average effect over the post period: step + slope·mean(t − T0).
  const H = n - t0, a = new Float64Array(k);
  a[names.indexOf("step")] = 1;
  const js = names.indexOf("slope");
  if (js >= 0) a[js] = (H - 1) / 2;
  let attEst = 0;
  for (let j = 0; j < k; j++) attEst += a[j] * reg.beta[j];
  const att = estimate(attEst, Math.sqrt(quad(a, reg.vcov, k)));

  const periodsOut: Effect["periods"] = [];
  const cumulative: NonNullable<Effect["cumulative"]> = [];
  const xsum = new Float64Array(k);
  let cum = 0, cumNoise = 0;
  const cov = reg.forecast.cov;
  // With differencing the regression has no intercept (the level lives in the errors): the
  // pre-period line and the fitted values are drawn at the errors' mean pre-period level.
  const differenced = reg.arima !== undefined && reg.arima.order.d + reg.arima.order.D > 0;
  const level = differenced ? reg.residuals.subarray(0, t0).reduce((acc, v) => acc + v, 0) / t0 : 0;
  for (let t = 0; t < n; t++) {
    let cf = 0;
    for (let j = 0; j < k; j++) cf += Xcf[t * k + j] * reg.beta[j];
    if (t < t0) {
      cf += level;
      periodsOut.push({ time: periods[t], relative: t - t0, observed: y[t], counterfactual: cf, effect: y[t] - cf });
      continue;
    }
    const h = t - t0;
    cf += reg.forecast.mean[h];
    const x = Xcf.subarray(t * k, (t + 1) * k);
    const se = Math.sqrt(cov[h * H + h] + quad(x, reg.vcov, k));
    const eff = y[t] - cf;
    periodsOut.push({ time: periods[t], relative: h, observed: y[t], counterfactual: cf, effect: eff, se, ci: [eff - crit * se, eff + crit * se] });
    // Cumulative: variance of the summed forecast errors plus the coefficients' part.
    for (let j = 0; j < k; j++) xsum[j] += x[j];
    for (let b = 0; b < h; b++) cumNoise += 2 * cov[h * H + b];
    cumNoise += cov[h * H + h];
    cum += eff;
    const cse = Math.sqrt(cumNoise + quad(xsum, reg.vcov, k));
    cumulative.push({ time: periods[t], effect: cum, se: cse, ci: [cum - crit * cse, cum + crit * cse] });
  }
  // Residual check: should be white noise (OLS residuals, or the ARIMA innovations with df reduced by the ARMA parameters).
  const lbLag = Math.min(24, Math.floor(reg.white.length / 4));
  const ljungBox = lbLag > (reg.arima?.arma.length ?? 0) ? ljungBoxTest(reg.white, lbLag, reg.arima?.arma.length ?? 0) : undefined;
  const season = opts.season ?? "none";
  const effect: Effect = {
    method: "its",
    settings: {
      intervention: opts.intervention,
      ...(opts.lockdown ? { lockdown: `${opts.lockdown.from}:${opts.lockdown.to}` } : {}),
      season: typeof season === "string" ? season : `fourier:${season.fourier}`,
      errors: errorsLabel(errors),
      ...(reg.arima ? { order: formatOrder(reg.arima.order) } : {}),
      ...(opts.regressors ? { regressors: Object.keys(opts.regressors) } : {}),
    },
    att,
    periods: periodsOut,
    cumulative,
    coefficients,
    diagnostics: { ...reg.diagnostics, ...(ljungBox ? { ljungBox } : {}) },
    alpha,
    ...(opts.unit ? { unit: opts.unit } : {}),
  };
  const fitted = Float64Array.from({ length: n }, (_, t) => y[t] - reg.residuals[t] + level);
  return { effect, design: d, fitted, residuals: reg.residuals, whiteResiduals: reg.white, ...(reg.arima ? { arima: reg.arima } : {}) };
}

/** Fits the interrupted time series (see fitItsModel) and returns the shared Effect. */
export function fitIts(y: ArrayLike<number>, periods: readonly string[], opts: ItsOptions): Effect {
  return fitItsModel(y, periods, opts).effect;
}

/** ItsOptions in the common vocabulary: `treatmentTime` is the intervention (default: the panel's first treated period). */
export interface ItsFitOptions extends Omit<ItsOptions, "intervention">, CommonOptions {
  /** @deprecated alias of `treatmentTime`. */
  intervention?: string;
}

/**
 * The series an ITS models from a panel: a one-unit panel's series, or the mean of the treated
 * units (ITS has no controls; the report fits its programme-level ITS on such aggregates).
 */
export function treatedSeries(panel: Panel): Float64Array {
  const T = panel.periods.length;
  if (panel.units.length === 1) return panel.y.slice(0, T);
  const { treated } = treatedAndControls(panel);
  if (treated.length === 0) throw new InputError(`its: panel "${panel.outcome}" has ${panel.units.length} units and none treated: give a one-unit panel or mark the treated units`);
  const y = new Float64Array(T);
  for (const i of treated) for (let t = 0; t < T; t++) y[t] += panel.y[i * T + t] / treated.length;
  return y;
}

const INFERENCE = ["parametric"] as const;

/** The contract's entry point: the ITS of the panel's treated series (see treatedSeries). */
export async function fit(panel: Panel, options: ItsFitOptions = {}): Promise<Effect> {
  checkCommon("its", options, INFERENCE);
  const intervention = options.treatmentTime ?? options.intervention ?? firstTreatedPeriod(panel);
  return fitIts(treatedSeries(panel), panel.periods, { ...options, intervention, ...(panel.unit && !options.unit ? { unit: panel.unit } : {}) });
}

export const estimator: Estimator<ItsFitOptions> = {
  name: "its",
  summary: "interrupted time series: segmented regression with OLS/Newey–West or ARIMA errors",
  inference: INFERENCE,
  fit,
};
