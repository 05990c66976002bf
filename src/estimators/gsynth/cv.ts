/**
 * Choosing the number of factors r by leave-one-period-out cross-validation on the treated
 * units' pre-periods (reference-algorithms.md §1.4). Deterministic: no random folds.
 *
 * Rule: candidates are tried in ascending order; r is accepted only when its MSPE is at least
 * `tol` (0.1%) below the best MSPE seen so far, so near-ties go to the smaller r.
 */
import { fitIfe, type IfeOptions } from "./ife";
import { fitTreated } from "./treated";
import type { Block, Force, IfeFit, TreatedFit } from "./types";

export interface CvPoint {
  r: number;
  mspe: number;
}

export interface CvResult {
  r: number;
  fit: IfeFit;
  treated: TreatedFit;
  curve: CvPoint[];
}

/** Fits the control model and the treated units for one r. */
export function fitForR(controls: Block, treated: Block, t0: Int32Array, r: number, force: Force, opts: IfeOptions = {}): { fit: IfeFit; treated: TreatedFit } {
  const fit = fitIfe(controls, r, force, opts);
  return { fit, treated: fitTreated(fit, treated, t0) };
}

export function crossValidateR(controls: Block, treated: Block, t0: Int32Array, candidates: number[], force: Force, opts: IfeOptions & { cvTol?: number } = {}): CvResult {
  const tol = opts.cvTol ?? 1e-3;
  let best = 1e20;
  let chosen: CvResult | undefined;
  const curve: CvPoint[] = [];
  for (const r of candidates) {
    const f = fitForR(controls, treated, t0, r, force, opts);
    const mspe = f.treated.looSse / f.treated.looCount;
    curve.push({ r, mspe });
    if (!chosen || best - mspe > tol * best) chosen = { r, ...f, curve };
    best = Math.min(best, mspe);
  }
  return chosen!;
}
