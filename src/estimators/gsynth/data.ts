/**
 * From a Panel to what the estimator needs: control and treated units, each treated unit's
 * number of pre-periods, covariates, the missing-cell mask — with the input checks that give
 * analysts errors in their own words (which unit, period or covariate is at fault).
 */
import { InputError } from "../../errors";
import { treatmentStart, type Panel } from "../../panel/panel";
import type { Block } from "./types";

export interface GsynthData {
  panel: Panel;
  N: number;
  T: number;
  covariates: string[];
  /** Panel indices of control (never-treated) units. */
  controls: Int32Array;
  /** Panel indices of the treated units kept. */
  treated: Int32Array;
  /** Pre-periods of each kept treated unit (index of its first treated period). */
  t0: Int32Array;
  /** Covariate arrays in panel layout. */
  x: Float64Array[];
  /** Observed-outcome mask in panel layout; undefined when the panel is complete. */
  obs?: Uint8Array;
  /** Treated units left out for having fewer than `minPrePeriods` pre-periods. */
  dropped: string[];
}

export function prepareData(panel: Panel, covariates: string[], minPrePeriods: number): GsynthData {
  const N = panel.units.length, T = panel.periods.length;
  for (const k of covariates) if (!panel.covariates[k]) {
    throw new InputError(`covariate "${k}" is not in the panel (it has: ${Object.keys(panel.covariates).join(", ") || "no covariates"})`);
  }
  const start = treatmentStart(panel);
  const controls: number[] = [], treated: number[] = [], t0: number[] = [], dropped: string[] = [];
  for (let i = 0; i < N; i++) {
    if (start[i] < 0) { controls.push(i); continue; }
    let pre = 0;
    for (let t = 0; t < start[i]; t++) if (!Number.isNaN(panel.y[i * T + t])) pre++;
    if (pre < minPrePeriods) dropped.push(panel.units[i]);
    else { treated.push(i); t0.push(start[i]); }
  }
  if (treated.length === 0) {
    throw new InputError(dropped.length
      ? `no treated unit has at least ${minPrePeriods} observed pre-periods (too short: ${dropped.slice(0, 8).join(", ")})`
      : `no treated units: the treatment indicator is 0 in every unit-period`);
  }
  if (controls.length < 2) throw new InputError(`gsynth needs control (never-treated) units; the panel has ${controls.length}`);

  let missing = 0;
  const obs = new Uint8Array(N * T);
  for (let c = 0; c < N * T; c++) { obs[c] = Number.isNaN(panel.y[c]) ? 0 : 1; if (!obs[c]) missing++; }
  const x = covariates.map((k) => Float64Array.from(panel.covariates[k]));
  for (let ki = 0; ki < covariates.length; ki++) {
    const v = x[ki];
    for (let i = 0; i < N; i++) {
      // Where the outcome is missing the covariate may be too: it is set to the unit's mean (it has no weight there).
      let s = 0, m = 0;
      for (let t = 0; t < T; t++) {
        const c = i * T + t;
        if (Number.isNaN(v[c])) {
          if (obs[c]) throw new InputError(`covariate "${covariates[ki]}" is missing for unit ${panel.units[i]} in period ${panel.periods[t]}, where the outcome is observed`);
        } else { s += v[c]; m++; }
      }
      for (let t = 0; t < T; t++) if (Number.isNaN(v[i * T + t])) v[i * T + t] = m ? s / m : 0;
    }
  }
  for (const i of controls) {
    let m = 0;
    for (let t = 0; t < T; t++) m += obs[i * T + t];
    if (m === 0) throw new InputError(`control unit ${panel.units[i]} has no observed outcome in any period`);
  }
  for (let t = 0; t < T; t++) {
    if (!controls.some((i) => obs[i * T + t])) throw new InputError(`no control unit has an observed outcome in period ${panel.periods[t]}`);
  }
  return {
    panel, N, T, covariates,
    controls: Int32Array.from(controls), treated: Int32Array.from(treated), t0: Int32Array.from(t0),
    x, ...(missing > 0 ? { obs } : {}), dropped,
  };
}

/** The block of the given panel units (rows copied, in the order given; repeats allowed). */
export function blockOf(d: GsynthData, units: ArrayLike<number>, y: Float64Array = d.panel.y): Block {
  const T = d.T, n = units.length;
  const by = new Float64Array(n * T);
  const bx = d.x.map(() => new Float64Array(n * T));
  const obs = d.obs ? new Uint8Array(n * T) : undefined;
  for (let j = 0; j < n; j++) {
    const src = units[j] * T;
    by.set(y.subarray(src, src + T), j * T);
    d.x.forEach((v, k) => bx[k].set(v.subarray(src, src + T), j * T));
    if (obs) obs.set(d.obs!.subarray(src, src + T), j * T);
  }
  const complete = !obs || obs.every((o) => o === 1);
  return { n, T, y: by, x: bx, ...(complete ? {} : { obs }) };
}
