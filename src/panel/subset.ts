/** Panels restricted to some units or periods (donor pools, single funded areas, pre-COVID windows). */
import { InputError } from "../errors";
import type { Panel } from "./panel";

/** The panel with only the units for which `keep(i)` is true (attributes and covariates follow). */
export function subsetUnits(p: Panel, keep: (i: number) => boolean): Panel {
  const T = p.periods.length;
  const idx = p.units.map((_, i) => i).filter(keep);
  if (idx.length === 0) throw new InputError(`no units left after subsetting the ${p.outcome} panel`);
  const take = (a: Float64Array) => { const o = new Float64Array(idx.length * T); idx.forEach((i, k) => o.set(a.subarray(i * T, (i + 1) * T), k * T)); return o; };
  const treatment = new Uint8Array(idx.length * T);
  idx.forEach((i, k) => treatment.set(p.treatment.subarray(i * T, (i + 1) * T), k * T));
  return {
    ...p,
    units: idx.map((i) => p.units[i]),
    y: take(p.y),
    treatment,
    covariates: Object.fromEntries(Object.entries(p.covariates).map(([k, v]) => [k, take(v)])),
    attributes: Object.fromEntries(Object.entries(p.attributes).map(([k, v]) => [k, idx.map((i) => v[i])])),
  };
}

/** The panel over periods `from`..`to` inclusive (labels as in the panel). */
export function subsetPeriods(p: Panel, from: string, to: string): Panel {
  const a = p.periods.indexOf(from), b = p.periods.indexOf(to);
  if (a < 0 || b < 0 || b < a) throw new InputError(`periods ${from} to ${to} are not a range of the ${p.outcome} panel (${p.periods[0]} to ${p.periods[p.periods.length - 1]})`);
  const T = p.periods.length, T2 = b - a + 1, N = p.units.length;
  const cut = <A extends Float64Array | Uint8Array>(arr: A, make: (n: number) => A): A => { const o = make(N * T2); for (let i = 0; i < N; i++) o.set(arr.subarray(i * T + a, i * T + b + 1), i * T2); return o; };
  return {
    ...p,
    periods: p.periods.slice(a, b + 1),
    y: cut(p.y, (n) => new Float64Array(n)),
    treatment: cut(p.treatment, (n) => new Uint8Array(n)),
    covariates: Object.fromEntries(Object.entries(p.covariates).map(([k, v]) => [k, cut(v, (n) => new Float64Array(n))])),
  };
}
