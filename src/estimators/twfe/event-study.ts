/**
 * Event-study (dynamic difference-in-differences) regressors: one dummy per period relative
 * to each treated unit's first treated period, e = t − start. "leadK" is e = −K, "lagK" is
 * e = +K (lag0 = the first treated period). The window's end points are binned — e ≤ −leads
 * falls in the first lead, e ≥ lags in the last lag — so every treated observation is in one
 * term or the omitted reference period (default e = −1), and the reference is the baseline
 * each coefficient is measured against. Never-treated units have all dummies 0.
 */
import { InputError } from "../../errors";
import type { Regressor } from "../../linalg/within";

export interface EventWindow {
  /** Pre-treatment event times in the window: e = −leads … −1. */
  leads: number;
  /** Post-treatment event times in the window: e = 0 … lags. */
  lags: number;
  /** Omitted event time (default −1). */
  reference?: number;
}

export function eventTermName(e: number): string {
  return e < 0 ? `lead${-e}` : `lag${e}`;
}

export function validateWindow(w: EventWindow): Required<EventWindow> {
  const reference = w.reference ?? -1;
  if (!Number.isInteger(w.leads) || w.leads < 1) throw new InputError(`event study: leads must be an integer ≥ 1 (the window must include the reference period), got ${w.leads}`);
  if (!Number.isInteger(w.lags) || w.lags < 0) throw new InputError(`event study: lags must be an integer ≥ 0, got ${w.lags}`);
  if (!Number.isInteger(reference) || reference < -w.leads || reference > -1) {
    throw new InputError(`event study: the reference period must be a pre-treatment event time between −${w.leads} and −1, got ${reference}`);
  }
  return { leads: w.leads, lags: w.lags, reference };
}

/**
 * The dummies for the observations given by their unit and period index; `start` is each
 * unit's first treated period index (−1 = never treated). Terms no observation falls in are
 * left out (reported by the caller as absent), since their coefficient is not identified.
 */
export function eventStudyRegressors(
  window: Required<EventWindow>,
  unit: Int32Array,
  period: Int32Array,
  start: Int32Array,
): { regressors: Regressor[]; events: number[]; empty: number[] } {
  const n = unit.length;
  const events: number[] = [];
  for (let e = -window.leads; e <= window.lags; e++) if (e !== window.reference) events.push(e);
  const cols = events.map(() => new Float64Array(n));
  // Column of event time e at pos[e + leads]; −1 for the reference.
  const pos = new Int32Array(window.leads + window.lags + 1).fill(-1);
  events.forEach((e, j) => (pos[e + window.leads] = j));
  for (let i = 0; i < n; i++) {
    const s = start[unit[i]];
    if (s < 0) continue;
    const j = pos[Math.min(Math.max(period[i] - s, -window.leads), window.lags) + window.leads];
    if (j >= 0) cols[j][i] = 1;
  }
  const keep: number[] = [], empty: number[] = [];
  events.forEach((e, j) => (cols[j].some((v) => v !== 0) ? keep : empty).push(j));
  return {
    regressors: keep.map((j) => ({ name: eventTermName(events[j]), values: cols[j] })),
    events: keep.map((j) => events[j]),
    empty: empty.map((j) => events[j]),
  };
}
