/** Shared types of the generalised synthetic control estimator (Xu 2017). */

/** Which additive fixed effects the model has besides the grand mean. */
export type Force = "none" | "unit" | "time" | "two-way";

export const FORCES: readonly Force[] = ["none", "unit", "time", "two-way"];

export const hasUnitEffect = (f: Force): boolean => f === "unit" || f === "two-way";
export const hasTimeEffect = (f: Force): boolean => f === "time" || f === "two-way";

/**
 * A set of units over all T periods, unit-major (cell i*T + t), as the estimator sees it.
 * `obs` marks observed cells (1); absent when every cell is observed.
 */
export interface Block {
  n: number;
  T: number;
  y: Float64Array;
  /** One array per covariate, same layout as y. */
  x: Float64Array[];
  obs?: Uint8Array;
}

/** Interactive fixed effects fitted on control units (reference-algorithms.md §1.2). */
export interface IfeFit {
  r: number;
  force: Force;
  /** Covariate coefficients (NaN for a covariate dropped for lack of variation). */
  beta: Float64Array;
  mu: number;
  /** Unit effects of the fitted units (zeros without a unit effect). */
  alpha: Float64Array;
  /** Time effects (zeros without a time effect). */
  xi: Float64Array;
  /** Factors, T×r row-major (F'F/T = I). */
  F: Float64Array;
  /** Loadings of the fitted units, n×r row-major. */
  loadings: Float64Array;
  /** Fitted values μ + α_i + ξ_t + x'β + λ_i'f_t, unit-major like the block. */
  fitted: Float64Array;
  /** Residuals y − fitted on observed cells, 0 elsewhere. */
  residuals: Float64Array;
  /** β-updates (balanced) or EM passes (missing cells). */
  iterations: number;
  converged: boolean;
  /** σ² = ΣU²/(NT − np) and the information criteria of §1.2.7 (balanced fits). */
  sigma2: number;
  ic: number;
  pc: number;
}

/** Effects of the treated units given a control fit (§1.3). */
export interface TreatedFit {
  /** eff_it for every treated unit and period, ntr×T (NaN where the outcome is missing). */
  eff: Float64Array;
  /** Counterfactual Y(0), ntr×T. */
  counterfactual: Float64Array;
  /** Treated loadings, ntr×r. */
  loadings: Float64Array;
  /** Treated unit effects α_i (0 without a unit effect). */
  alpha: Float64Array;
  /** Σ and count of squared leave-one-period-out prediction errors over treated pre-periods. */
  looSse: number;
  looCount: number;
}
