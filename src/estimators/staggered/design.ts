/**
 * The staggered-adoption design read off a panel: each unit's first treated period (its
 * cohort, "group" g in Callaway & Sant'Anna), the cohorts in adoption order, the
 * never-treated units, and the clusters inference sums over. Every staggered estimator
 * starts here, so all of them agree on who is treated when and fail on the same bad input.
 */
import { InputError } from "../../errors";
import { clustersOf } from "../../stats/cluster";
import { treatmentStart, type Panel } from "../../panel/panel";

export interface StaggeredDesign {
  panel: Panel;
  N: number;
  T: number;
  /** First treated period index per unit; −1 = never treated. */
  start: Int32Array;
  /** Distinct first-treated period indices, ascending. */
  cohorts: number[];
  /** Units per cohort, aligned with `cohorts`. */
  cohortSize: number[];
  /** Number of never-treated units. */
  nNever: number;
}

export function staggeredDesign(panel: Panel): StaggeredDesign {
  const start = treatmentStart(panel);
  const counts = new Map<number, number>();
  let nNever = 0;
  for (const s of start) {
    if (s < 0) nNever++;
    else counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (counts.size === 0) throw new InputError(`treatment: no unit is ever treated, so there is no effect to estimate`);
  const cohorts = [...counts.keys()].sort((a, b) => a - b);
  return { panel, N: panel.units.length, T: panel.periods.length, start, cohorts, cohortSize: cohorts.map((g) => counts.get(g)!), nNever };
}

/** Label of a cohort: its first treated period as in the panel. */
export const cohortLabel = (d: StaggeredDesign, g: number): string => d.panel.periods[g];

/**
 * The estimators that difference unit outcomes between periods need every cell: the first
 * missing outcome (or covariate) is reported by unit and period.
 */
export function requireBalanced(d: StaggeredDesign, covariates: string[], method: string): void {
  const { panel, N, T } = d;
  const cols: [string, ArrayLike<number>][] = [[`outcome "${panel.outcome}"`, panel.y], ...covariates.map((k): [string, ArrayLike<number>] => [`covariate "${k}"`, panel.covariates[k]])];
  for (const [name, v] of cols) {
    for (let c = 0; c < N * T; c++) {
      if (!Number.isFinite(v[c])) {
        throw new InputError(`${method} needs a balanced panel: ${name} is missing for unit ${panel.units[Math.floor(c / T)]}, period ${panel.periods[c % T]}`);
      }
    }
  }
}

export function requireCovariates(panel: Panel, names: string[]): void {
  for (const k of names) {
    if (!panel.covariates[k]) throw new InputError(`covariate "${k}" is not in the panel (covariates: ${Object.keys(panel.covariates).join(", ") || "none"})`);
  }
}

/** Cluster index per unit (default: each unit its own cluster) and the number of clusters. */
export function unitClusters(panel: Panel, clusterBy: string | undefined): { id: Int32Array; G: number } {
  const N = panel.units.length;
  if (clusterBy === undefined) return { id: Int32Array.from({ length: N }, (_, i) => i), G: N };
  const { id, labels } = clustersOf(panel, clusterBy, Int32Array.from({ length: N }, (_, i) => i));
  if (labels.length < 2) throw new InputError(`cluster-robust inference needs at least 2 clusters; "${clusterBy}" has ${labels.length}`);
  return { id, G: labels.length };
}

/**
 * Sampling variance of an average whose influence function over units is `psi` (length N,
 * scaled so the estimate's error is mean(psi)): Σ_c (Σ_{i∈c} ψ_i)² / N², with clusters c.
 */
export function influenceVariance(psi: Float64Array, cluster: { id: Int32Array; G: number }): number {
  const N = psi.length;
  const s = new Float64Array(cluster.G);
  for (let i = 0; i < N; i++) s[cluster.id[i]] += psi[i];
  let v = 0;
  for (let c = 0; c < cluster.G; c++) v += s[c] * s[c];
  return v / (N * N);
}

/** The observed cells (finite outcome and covariates) as parallel arrays, in unit-major order. */
export interface Observations { cell: Int32Array; unit: Int32Array; period: Int32Array }

export function observedCells(panel: Panel, covariates: string[], keep: (i: number, t: number) => boolean = () => true): Observations {
  const N = panel.units.length, T = panel.periods.length;
  const covs = covariates.map((k) => panel.covariates[k]);
  const cells: number[] = [];
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) {
      const c = i * T + t;
      if (!Number.isFinite(panel.y[c]) || covs.some((x) => !Number.isFinite(x[c])) || !keep(i, t)) continue;
      cells.push(c);
    }
  }
  const cell = Int32Array.from(cells);
  return { cell, unit: Int32Array.from(cells, (c) => Math.floor(c / T)), period: Int32Array.from(cells, (c) => c % T) };
}

/** Values of a unit × period array at the observations. */
export function gatherCells(values: ArrayLike<number>, obs: Observations): Float64Array {
  return Float64Array.from(obs.cell, (c) => values[c]);
}
