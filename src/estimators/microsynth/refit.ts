/**
 * Refitting the weights for another treated group — the placebo groups of the permutation test
 * and the leave-a-group-out replicates of the jackknife. The Gram matrix of the control pool is
 * the all-controls Gram minus the rows left out, so each refit avoids a full pass over X.
 */
import { calibrate, gramOf, type CalibrationOptions, type CalibrationResult } from "./calibrate";
import { lineariseWindow, totals, type Totals } from "./variance";

/** What every refit shares (plain typed arrays, so it can be handed to worker threads). */
export interface RefitContext {
  X: Float64Array;
  p: number;
  scale: Float64Array;
  N: number;
  T: number;
  /** Treated units and controls of the real design, and the controls' Gram matrix Σ x x′. */
  treatedRows: Int32Array;
  controls: Int32Array;
  gramControls: Float64Array;
  /** Outcomes, in a fixed order, each N×T. */
  outcomes: Float64Array[];
  /** Post-period window of the main estimate (period indices). */
  window: Int32Array;
  calibration: CalibrationOptions;
  /** η of the main fit (warm start). */
  eta?: Float64Array;
}

export interface Refit {
  /** Weight of every unit (0 for units outside this design). */
  w: Float64Array;
  /** Flags of this design's treated units. */
  treated: Uint8Array;
  fit: CalibrationResult;
}

/**
 * Calibrates the controls `pool` (a subset of the real controls; others get weight 0) to
 * `mult` × the totals of `treated` units, which get weight `mult`.
 */
export function refit(ctx: RefitContext, treatedRows: ArrayLike<number>, left: ArrayLike<number>, mult: number, pool: Int32Array, warm = true): Refit {
  const { X, p } = ctx;
  const targets = new Float64Array(p);
  for (let r = 0; r < treatedRows.length; r++) {
    const o = treatedRows[r] * p;
    for (let j = 0; j < p; j++) targets[j] += mult * X[o + j];
  }
  const gram = Float64Array.from(ctx.gramControls);
  gramOf(X, p, left, gram, -1);
  const fit = calibrate({ X, p, rows: pool, targets, base: (mult * treatedRows.length) / pool.length, scale: ctx.scale, gram, hard: [0], ...(warm && ctx.eta ? { start: ctx.eta } : {}) }, ctx.calibration);
  const w = new Float64Array(ctx.N);
  const treated = new Uint8Array(ctx.N);
  for (let r = 0; r < treatedRows.length; r++) { w[treatedRows[r]] = mult; treated[treatedRows[r]] = 1; }
  for (let r = 0; r < pool.length; r++) w[pool[r]] = fit.weights[r];
  return { w, treated, fit };
}

/** Placebo statistic per outcome: θ/√var(θ) (and δ/se(δ)) over the main window. */
export interface PlaceboStats {
  zTheta: number[];
  zDelta: number[];
  theta: number[];
  varTheta: number[];
  converged: boolean;
  relaxed: boolean;
}

/** One placebo group drawn from the controls: the rest of the controls are its pool. */
export function placeboStats(ctx: RefitContext, placebo: Int32Array): PlaceboStats {
  const pool = without(ctx.controls, placebo, ctx.N);
  // No warm start: the main fit's η matches the real treated group, far from a random one.
  const r = refit(ctx, placebo, placebo, 1, pool, false);
  const out: PlaceboStats = { zTheta: [], zDelta: [], theta: [], varTheta: [], converged: r.fit.converged, relaxed: r.fit.relaxation > 0 };
  for (const y of ctx.outcomes) {
    const s = lineariseWindow(y, ctx.T, r.w, r.treated, ctx.window);
    out.theta.push(s.theta);
    out.varTheta.push(s.varTheta);
    out.zTheta.push(s.theta / Math.sqrt(s.varTheta));
    out.zDelta.push(s.delta / Math.sqrt(s.varDelta));
  }
  return out;
}

/** One jackknife replicate: per-outcome totals under the replicate weights. */
export interface JackknifeReplicate { totals: Totals[]; converged: boolean; relaxed: boolean }

/** Leaves out the units `dropped` (a group of treated units and controls) and recalibrates. */
export function jackknifeTotals(ctx: RefitContext, dropped: Int32Array): JackknifeReplicate {
  const keptTreated = without(ctx.treatedRows, dropped, ctx.N);
  const pool = without(ctx.controls, dropped, ctx.N);
  const leftControls = without(ctx.controls, pool, ctx.N);
  const mult = ctx.treatedRows.length / keptTreated.length;
  const r = refit(ctx, keptTreated, leftControls, mult, pool);
  return { totals: ctx.outcomes.map((y) => totals(y, ctx.T, r.w, r.treated)), converged: r.fit.converged, relaxed: r.fit.relaxation > 0 };
}

/** The entries of `a` not in `drop` (unit indices below n), in order. */
function without(a: Int32Array, drop: Int32Array, n: number): Int32Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < drop.length; k++) out[drop[k]] = 1;
  const keep = new Int32Array(a.length);
  let m = 0;
  for (let k = 0; k < a.length; k++) if (!out[a[k]]) keep[m++] = a[k];
  return keep.slice(0, m);
}
