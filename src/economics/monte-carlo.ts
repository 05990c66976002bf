/**
 * Monte Carlo propagation of uncertain inputs through the cost-benefit chain to a
 * distribution of the benefit-cost ratio, and the probability that it exceeds 1.
 *
 * The chain is cheap (a few multiplications per draw), so plain simulation with 10^5 draws
 * is exact enough and fast; the Monte Carlo error of P(ratio > 1) is reported alongside.
 */
import type { Effect } from "../effect";
import { InputError } from "../errors";
import { sd } from "../stats/normal";
import { createRng } from "../random";
import { costBenefit, offencesFromEffect, type CbaParams } from "./chain";
import { REPORT_233, REPORT_PARAMS } from "./report";
import { normalScoreFunction, type CiShape, type Uncertain } from "./uncertain";

export interface MonteCarloSpec {
  /** Central values; any input not given an uncertainty below stays at its value here. */
  base: CbaParams;
  /** Recorded offences avoided, by offence label (the impact estimate's uncertainty). */
  recorded?: Record<string, Uncertain>;
  multipliers?: Record<string, Uncertain>;
  unitCosts?: Record<string, Uncertain>;
  cost?: Uncertain;
  /**
   * How the recorded offences of different types move together: "independent" (separate
   * models, independent errors) or "comonotone" (they rise and fall together — what the
   * report's bounds assume when it puts every type at its lower CI at once).
   */
  dependence?: "independent" | "comonotone";
  draws: number;
  seed: number;
}

export interface MonteCarloSummary {
  draws: number;
  seed: number;
  mean: number;
  median: number;
  sd: number;
  /** 2.5% and 97.5% quantiles of the ratio. */
  interval95: [number, number];
  /** Share of draws with ratio > 1 (benefits exceed costs). */
  pAboveOne: number;
  /** Its Monte Carlo standard error, sqrt(p(1−p)/draws). */
  pAboveOneMcse: number;
}

export interface MonteCarloResult {
  ratio: Float64Array;
  totalBenefit: Float64Array;
  summary: MonteCarloSummary;
}

/** Quantile of sorted values (type 7, as R's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p, lo = Math.floor(h), hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function inputs(spec: MonteCarloSpec, field: "recorded" | "multipliers" | "unitCosts"): ((p: number) => number)[] | undefined {
  const given = spec[field];
  if (!given) return undefined;
  const labels = spec.base.offences.map((o) => o.label);
  for (const k of Object.keys(given)) if (!labels.includes(k)) throw new InputError(`${field}: no offence type "${k}" (types: ${labels.join(", ")})`);
  const key = field === "recorded" ? "recorded" : field === "multipliers" ? "multiplier" : "unitCost";
  return spec.base.offences.map((o) => (given[o.label] ? normalScoreFunction(given[o.label], `${field}["${o.label}"]`) : () => o[key]));
}

/** Draws the benefit-cost ratio `spec.draws` times (seeded, so the same spec gives the same draws). */
export function monteCarlo(spec: MonteCarloSpec): MonteCarloResult {
  if (!(Number.isInteger(spec.draws) && spec.draws >= 100)) throw new InputError(`draws must be an integer ≥ 100, got ${spec.draws}`);
  costBenefit(spec.base); // validates the central parameters
  const n = spec.draws, k = spec.base.offences.length;
  const rec = inputs(spec, "recorded"), mul = inputs(spec, "multipliers"), uc = inputs(spec, "unitCosts");
  const cost = spec.cost ? normalScoreFunction(spec.cost, "cost") : () => spec.base.cost;
  const shared = spec.dependence === "comonotone";
  const rng = createRng(spec.seed);
  // Every input is a function of a standard normal score (see normalScoreFunction).
  const u = () => rng.normal();
  const ratio = new Float64Array(n), total = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    const uShared = shared ? u() : 0;
    let b = 0;
    for (let j = 0; j < k; j++) {
      const o = spec.base.offences[j];
      const r = rec ? rec[j](shared ? uShared : u()) : o.recorded;
      const m = mul ? mul[j](u()) : o.multiplier;
      const c = uc ? uc[j](u()) : o.unitCost;
      b += r * m * c;
    }
    const cd = cost(u());
    if (!(cd > 0)) throw new InputError(`cost draw ${cd} is not positive: give the cost base a distribution that stays above 0`);
    total[d] = b;
    ratio[d] = b / cd;
  }
  return { ratio, totalBenefit: total, summary: summarise(ratio, spec.seed) };
}

export function summarise(ratio: Float64Array, seed: number): MonteCarloSummary {
  const n = ratio.length;
  const sorted = Float64Array.from(ratio).sort();
  let mean = 0, above = 0;
  for (let i = 0; i < n; i++) { mean += ratio[i]; if (ratio[i] > 1) above++; }
  mean /= n;
  const p = above / n;
  return {
    draws: n,
    seed,
    mean,
    median: quantileSorted(sorted, 0.5),
    sd: sd(ratio),
    interval95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    pAboveOne: p,
    pAboveOneMcse: Math.sqrt((p * (1 - p)) / n),
  };
}

/** The recorded-offence uncertainty of an Effect's cumulative value (its CI, else its SE). */
export function uncertainFromEffect(effect: Effect, population: number, time?: string, level?: number): Uncertain {
  const o = offencesFromEffect(effect, population, time);
  const lvl = level ?? 1 - (effect.alpha ?? 0.05);
  if (o.ci) return { kind: "ci", estimate: o.estimate, ci: o.ci, level: lvl };
  if (o.se !== undefined) return { kind: "normal", mean: o.estimate, sd: o.se };
  throw new InputError(`the ${effect.method} effect has neither a CI nor an SE at ${o.time}: its uncertainty cannot be propagated`);
}

/**
 * The impact uncertainty the report's own range implies. The report prints no CI for the
 * cumulative offences (Figure 2.4 is a picture), only the ratios at the bounds: 0.40 and
 * 11.07. Each offence type's recorded offences get the same relative bounds (benefits at
 * the bounds ÷ central benefits), as a two-piece normal CI; with comonotone dependence the
 * ratio's 2.5% and 97.5% quantiles are then exactly 0.40 and 11.07 whatever the split.
 * `upperRatio` lets the footnote's 11.03 be used instead; `shape` picks the distribution
 * between the printed points (P(ratio > 1) depends on it: the printed range fixes only three quantiles).
 */
export function reportImpliedRecorded(params: CbaParams = REPORT_PARAMS, upperRatio: number = REPORT_233.ratioAtLowerCi, shape: CiShape = "two-piece normal"): Record<string, Uncertain> {
  const central = costBenefit(params).totalBenefit;
  const lo = (REPORT_233.ratioAtUpperCi * REPORT_233.cost) / central;
  const hi = (upperRatio * REPORT_233.cost) / central;
  return Object.fromEntries(params.offences.map((o) => [o.label, { kind: "ci", estimate: o.recorded, ci: [o.recorded * lo, o.recorded * hi], level: 0.95, shape } satisfies Uncertain]));
}
