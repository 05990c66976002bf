/**
 * Monte Carlo summaries of repeated estimates against a known truth, each with its Monte Carlo
 * standard error, shared by every repeated-simulation study (method comparison, coverage study,
 * power): bias, RMSE, interval coverage, rejection rate and interval width.
 */
import type { Effect, Estimate } from "../effect";

/** One estimate from one simulated world. */
export interface Draw {
  estimate: number;
  truth: number;
  ci?: [number, number];
  se?: number;
  /** Rejects "no effect" at the study's alpha (p < alpha, else the interval excludes 0); undefined without inference. */
  rejects?: boolean;
}

/** A value with its Monte Carlo standard error. */
export interface McValue { value: number; mcse: number }

export interface DrawSummary {
  /** Worlds that gave an estimate (failures are counted separately by the caller). */
  worlds: number;
  meanTruth: number;
  bias: McValue;
  rmse: McValue;
  /** Standard deviation of the estimate across worlds, and the mean reported SE (equal when SEs are calibrated). */
  sdEstimate: number;
  meanSe?: number;
  /** Share of intervals containing the truth (absent without intervals). */
  coverage?: McValue;
  /** Share of worlds rejecting "no effect" (false-positive rate when the truth is 0, power otherwise). */
  rejection?: McValue;
  /** Mean interval width. */
  width?: McValue;
}

/** Whether an estimate rejects "no effect" at alpha: by its p-value, else by its interval; undefined without either. */
export function rejectsNull(e: Estimate, alpha: number): boolean | undefined {
  if (e.p !== undefined && Number.isFinite(e.p)) return e.p < alpha;
  if (e.ci) return e.ci[0] > 0 || e.ci[1] < 0;
  return undefined;
}

/** The draw of an Effect's average effect against `truth`. */
export function drawOf(e: Effect | Estimate, truth: number, alpha: number): Draw {
  const a: Estimate = "att" in e ? e.att : e;
  return { estimate: a.estimate, truth, ...(a.ci ? { ci: a.ci } : {}), ...(a.se !== undefined ? { se: a.se } : {}), ...(rejectsNull(a, alpha) !== undefined ? { rejects: rejectsNull(a, alpha) } : {}) };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
/** Sample standard deviation. */
export const sdOf = (v: readonly number[]) => { const m = mean(v); return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1)); };
/** Mean with MC SE sd/√n. */
const meanMc = (v: readonly number[]): McValue => ({ value: mean(v), mcse: sdOf(v) / Math.sqrt(v.length) });
/** A proportion with its binomial MC SE. */
const share = (hits: number, n: number): McValue => { const p = hits / n; return { value: p, mcse: Math.sqrt((p * (1 - p)) / n) }; };

/**
 * Summary of draws. Bias is the mean error; RMSE's MC SE is by the delta method from the MSE's
 * (sd of squared errors / √n, divided by 2·RMSE). Coverage, rejection and width use only the
 * draws that carry an interval or a test.
 */
export function summariseDraws(draws: readonly Draw[]): DrawSummary {
  const n = draws.length;
  if (!n) return { worlds: 0, meanTruth: NaN, bias: { value: NaN, mcse: NaN }, rmse: { value: NaN, mcse: NaN }, sdEstimate: NaN };
  const err = draws.map((d) => d.estimate - d.truth);
  const sq = err.map((e) => e * e);
  const mse = meanMc(sq), rmse = Math.sqrt(mse.value);
  const withCi = draws.filter((d) => d.ci);
  const tested = draws.filter((d) => d.rejects !== undefined);
  const ses = draws.flatMap((d) => (d.se !== undefined ? [d.se] : []));
  return {
    worlds: n,
    meanTruth: mean(draws.map((d) => d.truth)),
    bias: meanMc(err),
    rmse: { value: rmse, mcse: rmse > 0 ? mse.mcse / (2 * rmse) : 0 },
    sdEstimate: sdOf(draws.map((d) => d.estimate)),
    ...(ses.length ? { meanSe: mean(ses) } : {}),
    ...(withCi.length ? {
      coverage: share(withCi.filter((d) => d.ci![0] <= d.truth && d.truth <= d.ci![1]).length, withCi.length),
      width: meanMc(withCi.map((d) => d.ci![1] - d.ci![0])),
    } : {}),
    ...(tested.length ? { rejection: share(tested.filter((d) => d.rejects).length, tested.length) } : {}),
  };
}
