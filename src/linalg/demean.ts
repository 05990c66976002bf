/**
 * Removing unit and time fixed effects from a variable by alternating projections
 * (iterated demeaning): subtract unit means, then period means, and repeat until the
 * means left are negligible. On a balanced panel this is exact after one sweep (the second
 * sweep only confirms it); on an unbalanced panel it converges to the residual of a
 * regression on unit and period dummies (Gauss–Seidel on the normal equations), which
 * is what lets the estimator work with missing cells without building N+T dummies.
 */
import { ConvergenceError } from "../errors";

/** The observed cells of a panel as parallel arrays: observation k is (unit[k], period[k]). */
export interface FeLayout {
  unit: Int32Array;
  period: Int32Array;
  nUnits: number;
  nPeriods: number;
  /** Observations per unit / per period (all positive for units and periods that are kept). */
  unitCount: Float64Array;
  periodCount: Float64Array;
}

export function feLayout(unit: Int32Array, period: Int32Array, nUnits: number, nPeriods: number): FeLayout {
  const unitCount = new Float64Array(nUnits), periodCount = new Float64Array(nPeriods);
  for (let k = 0; k < unit.length; k++) { unitCount[unit[k]]++; periodCount[period[k]]++; }
  return { unit, period, nUnits, nPeriods, unitCount, periodCount };
}

export interface DemeanOptions {
  /** Stop when the largest mean removed in a sweep is below tol × (largest |value| of the input, or 1). */
  tol?: number;
  maxIter?: number;
}

/** Reusable scratch space so demeaning many variables allocates once. */
export interface Demeaner {
  layout: FeLayout;
  /** Demeans `v` in place; returns the number of sweeps used. `name` is for the error message. */
  demean(v: Float64Array, name: string): number;
}

export function createDemeaner(layout: FeLayout, opts: DemeanOptions = {}): Demeaner {
  const tol = opts.tol ?? 1e-13;
  const maxIter = opts.maxIter ?? 10_000;
  const { unit, period, unitCount, periodCount } = layout;
  const uSum = new Float64Array(layout.nUnits), tSum = new Float64Array(layout.nPeriods);
  const n = unit.length;
  return {
    layout,
    demean(v, name) {
      // Two passes per sweep: subtracting one set of means is fused with summing for the other.
      let scale = 1;
      uSum.fill(0);
      for (let k = 0; k < n; k++) {
        const x = v[k];
        uSum[unit[k]] += x;
        const a = Math.abs(x); if (a > scale) scale = a;
      }
      const limit = tol * scale;
      for (let it = 1; it <= maxIter; it++) {
        let largest = 0;
        for (let i = 0; i < uSum.length; i++) {
          if (unitCount[i] > 0) uSum[i] /= unitCount[i];
          const a = Math.abs(uSum[i]); if (a > largest) largest = a;
        }
        tSum.fill(0);
        for (let k = 0; k < n; k++) { const x = v[k] - uSum[unit[k]]; v[k] = x; tSum[period[k]] += x; }
        for (let t = 0; t < tSum.length; t++) {
          if (periodCount[t] > 0) tSum[t] /= periodCount[t];
          const a = Math.abs(tSum[t]); if (a > largest) largest = a;
        }
        uSum.fill(0);
        for (let k = 0; k < n; k++) { const x = v[k] - tSum[period[k]]; v[k] = x; uSum[unit[k]] += x; }
        if (largest <= limit) return it;
      }
      throw new ConvergenceError(`removing unit and time effects from "${name}" did not converge in ${maxIter} sweeps (tolerance ${tol}); the panel may be very sparse or poorly connected`);
    },
  };
}

/**
 * Number of connected components of the bipartite unit–period graph of the observed cells.
 * The unit and period dummies together have rank nUnits + nPeriods − components.
 */
export function fePieces(layout: FeLayout): number {
  const parent = new Int32Array(layout.nUnits + layout.nPeriods);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  for (let k = 0; k < layout.unit.length; k++) {
    const a = find(layout.unit[k]), b = find(layout.nUnits + layout.period[k]);
    if (a !== b) parent[a] = b;
  }
  let c = 0;
  for (let i = 0; i < layout.nUnits; i++) if (layout.unitCount[i] > 0 && find(i) === i) c++;
  for (let t = 0; t < layout.nPeriods; t++) if (layout.periodCount[t] > 0 && find(layout.nUnits + t) === layout.nUnits + t) c++;
  return c;
}
