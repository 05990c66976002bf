/**
 * Staggered-adoption difference-in-differences: units adopt treatment in different periods
 * (cohorts) and effects may differ by cohort and grow with time since adoption, which biases
 * two-way fixed effects (its "later vs earlier" comparisons use already-treated units as
 * controls). Four estimators, chosen with `estimator`:
 *  - "cs": Callaway & Sant'Anna (2021) group-time ATTs and their aggregations;
 *  - "sa": Sun & Abraham (2021) interaction-weighted event study;
 *  - "imputation": Borusyak, Jaravel & Spiess (2024);
 *  - "bacon": the Goodman-Bacon (2021) decomposition of the TWFE coefficient.
 * All return the shared Effect: `att` (average effect over treated unit-periods; for bacon
 * the TWFE coefficient), `periods` by event time (`relative` = t − g), typed diagnostics.
 */
import type { Effect } from "../../effect";
import { InputError } from "../../errors";
import type { Panel } from "../../panel/panel";
import { baconDecomposition } from "./bacon";
import { callawaySantAnna } from "./cs";
import type { CsMethod } from "./drdid";
import type { BasePeriod } from "./group-time";
import { imputation } from "./imputation";
import { sunAbraham } from "./sun-abraham";
import { applyTreatmentTime, checkCommon, type CommonOptions, type Estimator } from "../options";

export type { CsDiagnostics, GroupTimeRow } from "./cs";
export type { BaconDiagnostics, Comparison, ComparisonType } from "./bacon";
export type { SaDiagnostics } from "./sun-abraham";
export type { ImputationDiagnostics } from "./imputation";

export const STAGGERED_ESTIMATORS = ["cs", "sa", "imputation", "bacon"] as const;
export type StaggeredEstimator = (typeof STAGGERED_ESTIMATORS)[number];
/** Comparison units: never treated, not yet treated (cs), or the last-treated cohort (sa). */
export type StaggeredControl = "never" | "notyet" | "last";

const INFERENCE = ["analytic"] as const;

/** CommonOptions apply as everywhere (treatmentTime, if given, puts every treated unit in one cohort). */
export interface StaggeredOptions extends CommonOptions {
  /** Which estimator (default "cs"). */
  estimator?: StaggeredEstimator;
  /** cs: never (default) or notyet; sa: never (default when there are never-treated units) or last. */
  control?: StaggeredControl;
  /** Covariate names (panel.covariates); cs uses their base-period values. */
  covariates?: string[];
  /** cs with covariates: dr (default), ipw or reg. */
  method?: CsMethod;
  /** Periods before adoption in which units may already react (default 0). */
  anticipation?: number;
  /** cs: varying (default) or universal base period. */
  basePeriod?: BasePeriod;
  /** cs: multiplier-bootstrap draws for uniform bands (default 999; 0 = analytic only). */
  replicates?: number;
}

function check(o: StaggeredOptions & { estimator: StaggeredEstimator }): void {
  if (!STAGGERED_ESTIMATORS.includes(o.estimator)) throw new InputError(`estimator must be one of ${STAGGERED_ESTIMATORS.join(", ")}; got "${o.estimator}"`);
  checkCommon("did", o, INFERENCE);
  const a = o.anticipation ?? 0;
  if (!Number.isInteger(a) || a < 0) throw new InputError(`anticipation must be a whole number of periods ≥ 0, got ${a}`);
  const allowed: Record<StaggeredEstimator, readonly StaggeredControl[]> = { cs: ["never", "notyet"], sa: ["never", "last"], imputation: [], bacon: [] };
  if (o.control !== undefined && !allowed[o.estimator].includes(o.control)) {
    throw new InputError(allowed[o.estimator].length
      ? `control "${o.control}" does not apply to ${o.estimator}; use ${allowed[o.estimator].join(" or ")}`
      : `control does not apply to ${o.estimator} (${o.estimator === "imputation" ? "it uses every untreated observation" : "it decomposes TWFE over all comparisons"})`);
  }
  if (o.estimator !== "cs" && (o.method !== undefined || o.basePeriod !== undefined)) throw new InputError(`method and basePeriod apply to the cs estimator only`);
  if (o.estimator === "bacon" && (o.covariates?.length || o.anticipation)) throw new InputError(`the Goodman-Bacon decomposition is defined for TWFE without covariates or anticipation`);
}

export async function fit(input: Panel, opts: StaggeredOptions = {}): Promise<Effect> {
  const options = { ...opts, estimator: opts.estimator ?? "cs" };
  check(options);
  const panel = applyTreatmentTime(input, options.treatmentTime);
  const alpha = options.alpha ?? 0.05, covariates = options.covariates ?? [], anticipation = options.anticipation ?? 0;
  const cluster = options.cluster !== undefined ? { cluster: options.cluster } : {};
  switch (options.estimator) {
    case "cs":
      return callawaySantAnna(panel, {
        control: (options.control ?? "never") as "never" | "notyet", method: options.method ?? "dr", covariates, anticipation,
        basePeriod: options.basePeriod ?? "varying", alpha, replicates: options.replicates ?? 999, seed: options.seed ?? 1, ...cluster,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    case "sa":
      return sunAbraham(panel, { control: (options.control ?? "never") as "never" | "last", covariates, anticipation, alpha, ...cluster });
    case "imputation":
      return imputation(panel, { covariates, anticipation, alpha, ...cluster });
    case "bacon":
      return baconDecomposition(panel, { alpha, ...cluster });
  }
}

export const estimator: Estimator<StaggeredOptions> = {
  name: "did",
  summary: "staggered-adoption DiD: Callaway–Sant'Anna, Sun–Abraham, imputation, Bacon decomposition",
  inference: INFERENCE,
  fit,
};
