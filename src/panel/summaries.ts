/** Descriptive summaries of a panel: group means over time (with 95% CIs) and concentration. */
import { InputError } from "../errors";
import type { Panel } from "./panel";

export interface GroupSeries { group: string; units: number; mean: number[]; lower: number[]; upper: number[] }

/**
 * Mean of `values` (default the outcome; or a covariate by name) per period within each group of
 * units (an attribute name or a function of the unit index), with a normal 95% CI across units.
 * Missing cells are skipped.
 */
export function groupMeans(p: Panel, group: string | ((i: number) => string), values?: string): GroupSeries[] {
  const v = values === undefined ? p.y : p.covariates[values];
  if (!v) throw new InputError(`panel has no covariate "${values}" (covariates: ${Object.keys(p.covariates).join(", ") || "none"})`);
  const of = typeof group === "function" ? group : (i: number) => {
    const a = p.attributes[group];
    if (!a) throw new InputError(`panel has no attribute "${group}"`);
    return String(a[i]);
  };
  const T = p.periods.length;
  const members = new Map<string, number[]>();
  p.units.forEach((_, i) => { const g = of(i); if (!members.has(g)) members.set(g, []); members.get(g)!.push(i); });
  return [...members].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, idx]) => {
    const mean: number[] = [], lower: number[] = [], upper: number[] = [];
    for (let t = 0; t < T; t++) {
      let n = 0, s = 0, s2 = 0;
      for (const i of idx) { const x = v[i * T + t]; if (!Number.isNaN(x)) { n++; s += x; s2 += x * x; } }
      const m = n ? s / n : NaN;
      const se = n > 1 ? Math.sqrt(Math.max(0, (s2 - n * m * m) / (n - 1)) / n) : NaN;
      mean.push(m); lower.push(m - 1.96 * se); upper.push(m + 1.96 * se);
    }
    return { group: g, units: idx.length, mean, lower, upper };
  });
}

/** Share of the total held by the top `fraction` of units (by their total over all periods; missing skipped). */
export function topShare(p: Panel, fraction: number, values: Float64Array = p.y): number {
  if (!(fraction > 0 && fraction <= 1)) throw new InputError(`fraction must be in (0, 1], got ${fraction}`);
  const T = p.periods.length;
  const tot = p.units.map((_, i) => { let s = 0; for (let t = 0; t < T; t++) { const x = values[i * T + t]; if (!Number.isNaN(x)) s += x; } return s; }).sort((a, b) => b - a);
  const k = Math.max(1, Math.round(fraction * tot.length));
  const all = tot.reduce((a, b) => a + b, 0);
  return tot.slice(0, k).reduce((a, b) => a + b, 0) / all;
}
