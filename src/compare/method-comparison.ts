/**
 * Repeated-simulation comparison of estimators (issue 10 item 5; the argument of O'Neill et al.
 * 2020 that the report cites for preferring synthetic control): on many seeded factor-model
 * panels with a known effect, each estimator's bias, RMSE, interval coverage and rejection rate
 * (the false-positive rate when the true effect is 0). Every estimator sees the same panels.
 */
import type { Effect } from "../effect";
import type { CommonOptions } from "../estimators/options";
import { getEstimator } from "../estimators/registry";
import { childSeeds } from "../random";
import { factorPanel, type FactorPanelOptions, type SimulatedPanel } from "../simulate/factor-panel";
import { drawOf, summariseDraws, type Draw } from "./monte-carlo";

export interface ComparedEstimator {
  name: string;
  run(sim: SimulatedPanel, seed: number): Effect | Promise<Effect>;
}

export interface Scenario {
  name: string;
  panel: Omit<FactorPanelOptions, "seed">;
}

export interface MethodStats {
  scenario: string;
  method: string;
  trueAtt: number;
  reps: number;
  /** Replicates where the estimator threw (excluded from the statistics, never hidden). */
  failures: number;
  firstFailure?: string;
  meanEstimate: number;
  bias: number;
  rmse: number;
  meanSe: number;
  /** Share of intervals containing the true ATT (NaN when the estimator gives none). */
  coverage: number;
  /** Share of replicates with p < alpha (or an interval excluding 0): the false-positive rate when trueAtt = 0. NaN without inference. */
  rejectionRate: number;
}

/** 2×2: parallel vs non-parallel trends, no effect vs an effect of 3. */
export const DEFAULT_SCENARIOS: Scenario[] = [
  { name: "parallel trends, no effect", panel: { loadingShift: 0, effect: 0 } },
  { name: "non-parallel trends, no effect", panel: { loadingShift: 1, effect: 0 } },
  { name: "parallel trends, effect 3", panel: { loadingShift: 0, effect: 3 } },
  { name: "non-parallel trends, effect 3", panel: { loadingShift: 1, effect: 3 } },
];

/**
 * A registered estimator (src/estimators/registry.ts) with fixed options; every replicate's
 * seed is passed as `seed`. Method-specific options ride along with the common ones.
 */
export function registered(method: string, name: string, options: CommonOptions & Record<string, unknown> = {}): ComparedEstimator {
  const estimator = getEstimator(method);
  return { name, run: (sim, seed) => estimator.fit(sim.panel, { ...options, seed }) };
}

/** TWFE with CR1 (Student t, G − 1 df) and with the wild cluster bootstrap (Webb weights). */
export function twfeEstimators(bootstrapReps = 399): ComparedEstimator[] {
  return [
    registered("twfe", "TWFE (CR1)"),
    registered("twfe", "TWFE (wild bootstrap)", { inference: "wild", replicates: bootstrapReps, weights: "webb" }),
  ];
}

/**
 * ITS on the treated aggregate (mean of the treated units, no controls): segmented regression
 * with OLS errors and no season (the simulated periods are not months).
 */
export function itsEstimator(): ComparedEstimator {
  return registered("its", "ITS (treated mean, OLS)", { season: "none" });
}

/**
 * Generalised synthetic control (Xu 2017) as the report ran it: two-way effects, factors chosen
 * by cross-validation, parametric bootstrap SEs (`replicates`; 0 = estimate only).
 */
export function gsynthEstimator(replicates = 100): ComparedEstimator {
  return registered("gsynth", `gsynth (two-way, r by CV${replicates ? `, ${replicates} bootstraps` : ""})`, { force: "two-way", r: [0, 4], replicates, threads: 1 });
}

/**
 * Classic synthetic control, one per treated unit, averaged. V by regression (fast) unless
 * "nested". It has no interval of its own here (placebo inference is separate), so its
 * coverage and rejection rate are reported as missing, not as zero.
 */
export function scmEstimator(v: "regression" | "nested" = "regression"): ComparedEstimator {
  return registered("scm", `SCM (V: ${v})`, { v });
}

export async function compareMethods(opts: {
  estimators: ComparedEstimator[];
  scenarios?: Scenario[];
  reps: number;
  seed: number;
  alpha?: number;
  onRep?: (done: number, total: number) => void;
}): Promise<MethodStats[]> {
  const scenarios = opts.scenarios ?? DEFAULT_SCENARIOS;
  const alpha = opts.alpha ?? 0.05;
  const out: MethodStats[] = [];
  const total = scenarios.length * opts.reps;
  let done = 0;
  for (const [s, scenario] of scenarios.entries()) {
    const seeds = childSeeds(opts.seed + s, opts.reps);
    const acc = opts.estimators.map(() => ({ draws: [] as Draw[], failures: 0, firstFailure: undefined as string | undefined }));
    let trueAtt = NaN;
    for (const seed of seeds) {
      const sim = factorPanel({ ...scenario.panel, seed });
      trueAtt = sim.trueAtt;
      for (const [m, estimator] of opts.estimators.entries()) {
        const a = acc[m];
        try {
          a.draws.push(drawOf(await estimator.run(sim, seed), sim.trueAtt, alpha));
        } catch (err) {
          a.failures++;
          a.firstFailure ??= (err as Error).message;
        }
      }
      opts.onRep?.(++done, total);
    }
    opts.estimators.forEach((estimator, m) => {
      const a = acc[m], sum = summariseDraws(a.draws);
      out.push({
        scenario: scenario.name, method: estimator.name, trueAtt, reps: opts.reps, failures: a.failures,
        ...(a.firstFailure ? { firstFailure: a.firstFailure } : {}),
        meanEstimate: sum.meanTruth + sum.bias.value, bias: sum.bias.value, rmse: sum.rmse.value, meanSe: sum.meanSe ?? NaN,
        coverage: sum.coverage?.value ?? NaN, rejectionRate: sum.rejection?.value ?? NaN,
      });
    });
  }
  return out;
}
