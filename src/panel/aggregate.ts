/**
 * Aggregation up a hierarchy (LSOA → CSP → PFA): counts add up; rates are population-weighted
 * (the parent's rate is its children's total count over their total population).
 */
import { InputError } from "../errors";
import type { Panel } from "./panel";
import { RATE_BASE, unitPopulation } from "./rates";

export interface AggregateOptions {
  /** Parent of each unit: an attribute name, or an array aligned with panel.units. */
  parent: string | readonly string[];
  /** Population of each unit (attribute name or array); required for rate panels. */
  population?: string | ArrayLike<number>;
  /** "propagate" (default): a parent is missing when any child is; "skip": sum the observed children. */
  missing?: "propagate" | "skip";
  /**
   * How a parent's treatment follows its children's: "all" (default) requires children to agree
   * and errors otherwise; "any" treats a parent when any child is treated.
   */
  treatment?: "all" | "any";
}

/** The panel aggregated to parent units (in order of first appearance); attribute "population" is summed. */
export function aggregatePanel(p: Panel, o: AggregateOptions): Panel {
  const N = p.units.length, T = p.periods.length;
  const parent = typeof o.parent === "string" ? p.attributes[o.parent]?.map(String) : [...o.parent];
  if (!parent) throw new InputError(`panel has no attribute "${o.parent}" to aggregate by`);
  if (parent.length !== N) throw new InputError(`parent list has ${parent.length} entries, the panel has ${N} units`);
  const isRate = p.unit !== undefined && p.unit !== "count";
  const b = isRate ? RATE_BASE[p.unit!] : 1;
  if (b === undefined) throw new InputError(`cannot aggregate a panel in "${p.unit}": only counts and per-population rates add up`);
  const pop = o.population !== undefined ? unitPopulation(p, o.population) : undefined;
  if (isRate && !pop) throw new InputError(`panel "${p.outcome}" is a rate (${p.unit}): give the population to weight by`);

  const idx = new Map<string, number>();
  const of = new Int32Array(N);
  parent.forEach((g, i) => {
    if (g === "" || g === "undefined") throw new InputError(`unit ${p.units[i]} has no parent`);
    if (!idx.has(g)) idx.set(g, idx.size);
    of[i] = idx.get(g)!;
  });
  const G = idx.size;
  const sumY = new Float64Array(G * T), sumPop = new Float64Array(G * T), bad = new Uint8Array(G * T);
  const treat = new Uint8Array(G * T), untreated = new Uint8Array(G * T);
  const groupPop = new Float64Array(G);
  for (let i = 0; i < N; i++) {
    const g = of[i];
    const w = pop ? pop[i] : 1;
    groupPop[g] += w;
    for (let t = 0; t < T; t++) {
      const v = p.y[i * T + t], c = g * T + t;
      if (p.treatment[i * T + t]) treat[c] = 1; else untreated[c] = 1;
      if (Number.isNaN(v)) { bad[c] = 1; continue; }
      // counts add; rates become counts (rate × pop / base) then back to a rate below
      sumY[c] += isRate ? (v * w) / b : v;
      sumPop[c] += w;
    }
  }
  const skip = o.missing === "skip";
  const y = new Float64Array(G * T);
  const groups = [...idx.keys()];
  for (let c = 0; c < G * T; c++) {
    if (treat[c] && untreated[c] && o.treatment !== "any") {
      throw new InputError(`children of ${groups[Math.floor(c / T)]} disagree on treatment at ${p.periods[c % T]} (pass treatment: "any" to treat the parent when any child is)`);
    }
    y[c] = (bad[c] && !skip) || sumPop[c] === 0 ? NaN : isRate ? (sumY[c] * b) / sumPop[c] : sumY[c];
  }
  const covariates: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(p.covariates)) covariates[k] = weightedMean(v, of, G, T, pop);
  const attributes: Record<string, (string | number)[]> = { parent: groups };
  if (pop) attributes.population = Array.from(groupPop);
  return { units: groups, periods: p.periods.slice(), outcome: p.outcome, y, treatment: treat, covariates, attributes, ...(p.unit ? { unit: p.unit } : {}) };
}

/** Population-weighted (or plain) mean of a covariate within each parent, skipping missing cells. */
function weightedMean(v: Float64Array, of: Int32Array, G: number, T: number, pop?: Float64Array): Float64Array {
  const s = new Float64Array(G * T), w = new Float64Array(G * T);
  for (let i = 0; i < of.length; i++) {
    const wi = pop ? pop[i] : 1;
    for (let t = 0; t < T; t++) {
      const x = v[i * T + t];
      if (Number.isNaN(x)) continue;
      s[of[i] * T + t] += x * wi;
      w[of[i] * T + t] += wi;
    }
  }
  for (let c = 0; c < s.length; c++) s[c] = w[c] > 0 ? s[c] / w[c] : NaN;
  return s;
}
