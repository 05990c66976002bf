/**
 * Classic synthetic control (Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010).
 *
 * For each treated unit, donor weights w ≥ 0, Σw = 1 minimise (X1 − X0w)′V(X1 − X0w) over
 * standardised predictors (an exact simplex least-squares solve), with the diagonal V chosen
 * to minimise the fit-window outcome MSPE (nested, multi-start search; or regression-based,
 * or equal). Several treated units get one synthetic control each, and the Effect is their
 * average — the per-unit results are kept in `unitEffects` and `diagnostics.units`.
 *
 * Inference (placebo in space and time, leave-one-out) is in ./scm/inference.ts; conformal
 * inference (`inference: "conformal"`) in ./scm/conformal.ts.
 * Modules: spec (predictor spec) → prep (X0, X1, Z0, Z1) → fit (W and V) → unit-fit → here.
 */
import type { Effect, EffectPeriod } from "../../effect";
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { resolveDesign, type ScmDesign, type ScmOptions } from "./design";
import { predictorTable } from "./prep";
import { fitUnit, type UnitFit } from "./unit-fit";
import { DEFAULTS } from "./fit";
import { placeboInSpace, withPlaceboInference, type ScmPlaceboDiagnostics } from "./inference";
import { checkCommon, type CommonOptions, type Estimator } from "../options";
import { scmConformal } from "./conformal";
import { conformalOptionsOf, type ConformalDiagnostics } from "../../stats/conformal";
import type { OptimiserRun } from "./fit";
import type { BalanceRow } from "./unit-fit";

export type { ScmOptions } from "./design";
export type { ScmSpec, PredictorSpec } from "./spec";
export type { UnitFit, BalanceRow } from "./unit-fit";

/** How the V search ended for one treated unit. */
export type ScmOptimiserSummary = Pick<UnitFit, "vMethod" | "innerSolves" | "innerConverged"> & {
  best?: string;
  lowerBound?: number;
  globalOptimum?: boolean;
  runs?: OptimiserRun[];
};

/** The fit of one treated unit (diagnostics.units, when there are several). */
export type ScmUnitDiagnostics = {
  unit: string;
  treatmentTime: string;
  preMSPE: number;
  fitMSPE: number;
  lossW: number;
  rmspeRatio: number;
  V: Record<string, number>;
  weights: { unit: string; weight: number }[];
  balance: BalanceRow[];
  optimiser: ScmOptimiserSummary;
};

/**
 * What scm reports beside the estimate (Effect<ScmDiagnostics>["diagnostics"]): with one treated
 * unit its fit (fitMSPE … optimiser), with several one entry per unit in `units`.
 */
export type ScmDiagnostics = {
  preMSPE: number;
  fitMSPE?: number;
  lossW?: number;
  V?: Record<string, number>;
  balance?: BalanceRow[];
  rmspeRatio?: number;
  optimiser?: ScmOptimiserSummary;
  units?: ScmUnitDiagnostics[];
  /** With inference "placebo" (./inference.ts). */
  placebo?: ScmPlaceboDiagnostics;
  /** With inference "conformal". */
  conformal?: ConformalDiagnostics;
  /** Why the fit may mislead (e.g. a one-period fit window). */
  warnings?: string[];
  /** Added by the CLI's --placebo-time and --leave-one-out. */
  placeboInTime?: { time: string; unit: string; preMSPE: number; meanGapBeforeTreatment: number; rmspeRatio: number }[];
  leaveOneOut?: { unit: string; dropped: string; att: number; preMSPE: number }[];
};

export interface ScmResult {
  effect: Effect<ScmDiagnostics>;
  design: ScmDesign;
  fits: UnitFit[];
}

/** Fits every treated unit (sequentially: a few fits, each well under a second). */
export function scmFits(panel: Panel, opts: ScmOptions = {}): ScmResult {
  const design = resolveDesign(panel, opts);
  const fits = design.treated.map((u, i) => {
    const table = predictorTable(panel, design.specs[i], [u, ...design.donors]);
    return fitUnit(panel, table, design.specs[i].fitPeriods, 0, design.donors.map((_, j) => j + 1), design.t0[i], design.fitOptions);
  });
  const effect = effectFromFits(panel, design, fits, opts);
  if (opts.inference !== undefined && opts.inference !== "conformal") throw new InputError(`scm inference must be "conformal" (placebo inference is placeboInSpace); got "${String(opts.inference)}"`);
  return {
    effect: opts.inference === "conformal" ? scmConformal(panel, design, effect, conformalOptionsOf(opts)) : effect,
    design, fits,
  };
}

/** The synthetic-control Effect (see cli.md): average over treated units, per-unit kept. */
export function scm(panel: Panel, opts: ScmOptions = {}): Effect<ScmDiagnostics> {
  return scmFits(panel, opts).effect;
}

/** ScmOptions with the common vocabulary; `inference: "placebo"` adds placebo-in-space p-values (seeded, `threads` workers). */
export interface ScmFitOptions extends Omit<ScmOptions, "treatmentTime" | "inference">, CommonOptions {
  inference?: "none" | "placebo" | "conformal";
  /** Placebo: drop placebos whose pre-MSPE exceeds this multiple of the treated unit's. */
  maxPreMSPERatio?: number;
}

const INFERENCE = ["none", "placebo", "conformal"] as const;

/** The contract's entry point: the fit, and with inference "placebo" the placebo-in-space test. */
export async function fit(panel: Panel, options: ScmFitOptions = {}): Promise<Effect<ScmDiagnostics>> {
  checkCommon("scm", options, INFERENCE);
  const { inference, maxPreMSPERatio, ...rest } = options;
  const effect = scm(panel, inference === "conformal" ? { ...rest, inference } : rest);
  if (inference !== "placebo") return effect;
  const par = {
    seed: options.seed ?? 1,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(maxPreMSPERatio !== undefined ? { maxPreMSPERatio } : {}),
  };
  return withPlaceboInference(effect, await placeboInSpace(panel, rest, par));
}

export const estimator: Estimator<ScmFitOptions, ScmDiagnostics> = {
  name: "scm",
  summary: "classic synthetic control (Abadie) with placebo or conformal inference",
  inference: INFERENCE,
  fit,
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Averages per-unit fits. With one treatment date the periods are calendar periods; with
 * staggered dates they are aligned on event time (label = periods since treatment) over the
 * relative periods every treated unit has.
 */
export function effectFromFits(panel: Panel, design: ScmDesign, fits: UnitFit[], opts: ScmOptions): Effect<ScmDiagnostics> {
  const T = panel.periods.length;
  const common = fits.every((f) => f.t0 === fits[0].t0);
  const rMin = Math.max(...fits.map((f) => -f.t0));
  const rMax = Math.min(...fits.map((f) => T - 1 - f.t0));
  if (rMax < 0) throw new InputError("the treated units share no post-treatment period in event time");
  const periods: EffectPeriod[] = [];
  for (let r = rMin; r <= rMax; r++) {
    const observed = mean(fits.map((f) => f.observed[f.t0 + r]));
    const counterfactual = mean(fits.map((f) => f.synthetic[f.t0 + r]));
    periods.push({ time: common ? panel.periods[fits[0].t0 + r] : String(r), relative: r, observed, counterfactual, effect: observed - counterfactual });
  }
  const post = periods.filter((p) => p.relative >= 0);
  let run = 0;
  const cumulative = post.map((p) => ({ time: p.time, effect: (run += p.effect) }));
  const donors = fits[0].donors;
  const weights = donors
    .map((unit, j) => ({ unit, weight: mean(fits.map((f) => f.weights[j])) }))
    .sort((a, b) => b.weight - a.weight);
  const preGaps = periods.filter((p) => p.relative < 0).map((p) => p.effect ** 2);
  const one = fits.length === 1 ? fits[0] : undefined;
  const fitLength = design.specs[0].fitPeriods.length;
  const warnings = fitLength < 2
    ? [`the fit window has ${fitLength} pre-period: any donor mix matching it fits perfectly, so the pre-period MSPE says nothing about the match; use more pre-periods`]
    : [];
  return {
    method: "scm",
    settings: {
      treatedUnits: fits.map((f) => f.unit),
      treatmentTime: common ? panel.periods[fits[0].t0] : fits.map((f) => panel.periods[f.t0]),
      alignment: common ? "calendar" : "event time",
      donors: donors.length,
      v: Array.isArray(opts.v) ? "given" : opts.v ?? "nested",
      predictors: fits[0].balance.map((b) => b.predictor),
      fitWindow: [panel.periods[design.specs[0].fitPeriods[0]], panel.periods[design.specs[0].fitPeriods[design.specs[0].fitPeriods.length - 1]]],
      ...(opts.v === undefined || opts.v === "nested" ? { optimiser: { ...DEFAULTS, ...(opts.optimiser ?? {}) } } : {}),
      ...(opts.exclude?.length ? { exclude: opts.exclude } : {}),
    },
    att: { estimate: mean(post.map((p) => p.effect)) },
    periods,
    cumulative,
    weights,
    unitEffects: fits.map((f) => ({ unit: f.unit, att: { estimate: f.att }, effects: periods.map((p) => f.gap[f.t0 + p.relative]) })),
    diagnostics: {
      preMSPE: mean(preGaps),
      ...(warnings.length ? { warnings } : {}),
      ...(one
        ? {
            fitMSPE: one.fitMSPE,
            lossW: one.lossW,
            V: Object.fromEntries(one.balance.map((b) => [b.predictor, b.v])),
            balance: one.balance,
            rmspeRatio: one.rmspeRatio,
            optimiser: optimiserSummary(one),
          }
        : {
            units: fits.map((f) => ({
              unit: f.unit,
              treatmentTime: panel.periods[f.t0],
              preMSPE: f.preMSPE,
              fitMSPE: f.fitMSPE,
              lossW: f.lossW,
              rmspeRatio: f.rmspeRatio,
              V: Object.fromEntries(f.balance.map((b) => [b.predictor, b.v])),
              weights: f.donors.map((unit, j) => ({ unit, weight: f.weights[j] })).filter((w) => w.weight > 0),
              balance: f.balance,
              optimiser: optimiserSummary(f),
            })),
          }),
    },
    ...(panel.unit ? { unit: panel.unit } : {}),
  };
}

function optimiserSummary(f: UnitFit): ScmOptimiserSummary {
  if (!f.runs) return { vMethod: f.vMethod, innerSolves: f.innerSolves, innerConverged: f.innerConverged };
  let best = f.runs[0];
  for (const r of f.runs) if (r.loss < best.loss) best = r;
  return {
    vMethod: f.vMethod,
    innerSolves: f.innerSolves,
    innerConverged: f.innerConverged,
    best: `${best.method} from ${best.start}`,
    lowerBound: f.lowerBound,
    globalOptimum: f.globalOptimum,
    runs: f.runs,
  };
}
