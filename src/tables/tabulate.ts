/**
 * Tabulations of the funding and intervention tables: shares, totals, per-head funding, the VRU
 * funding tiers, the Surge/VRU split, intervention-spend shares and cross-tabulations.
 */
import { InputError } from "../errors";
import type { InterventionSpendRow, Table11 } from "./funding";
import type { CrossTable } from "./interventions";
import { pfaKey } from "./names";

/** Each value's share of the total (fractions that add to 1). */
export function shares(values: readonly number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  if (!(total > 0)) throw new InputError(`shares: the values add to ${total}; need a positive total`);
  return values.map((v) => v / total);
}

export interface SurgeVruSplit {
  surge: number;
  vru: number;
  total: number;
  /** Fractions of the total. */
  surgeShare: number;
  vruShare: number;
}

/** Surge vs VRU: for the programme (printed Total row) and for each PFA. */
export function surgeVruSplit(t11: Table11): { programme: SurgeVruSplit; byPfa: (SurgeVruSplit & { pfa: string })[] } {
  const split = (surge: number, vru: number, total: number): SurgeVruSplit => ({ surge, vru, total, surgeShare: surge / total, vruShare: vru / total });
  return {
    programme: split(t11.total.surge, t11.total.vru, t11.total.total),
    byPfa: t11.rows.map((r) => ({ pfa: r.pfa, ...split(r.surge, r.vru, r.total) })),
  };
}

export interface FundingTier {
  /** 1 = the largest VRU allocation. */
  tier: number;
  /** Two-year VRU funding (Table 1.1). */
  vruTwoYears: number;
  /** One-year VRU allocation (the same in both years, section 1.1). */
  vruPerYear: number;
  pfas: string[];
  /** Surge funding range within the tier (Surge followed each force's share of admissions, not tiers). */
  surgeMin: number;
  surgeMax: number;
}

/** The tiered VRU allocation of section 1.1: PFAs grouped by their (identical) VRU amount. */
export function vruFundingTiers(t11: Table11): FundingTier[] {
  const amounts = [...new Set(t11.rows.map((r) => r.vru))].sort((a, b) => b - a);
  return amounts.map((a, k) => {
    const rows = t11.rows.filter((r) => r.vru === a);
    return {
      tier: k + 1, vruTwoYears: a, vruPerYear: a / 2, pfas: rows.map((r) => r.pfa),
      surgeMin: Math.min(...rows.map((r) => r.surge)), surgeMax: Math.max(...rows.map((r) => r.surge)),
    };
  });
}

export interface SpendShare {
  vru: string;
  fundingAllocation: number;
  interventionSpend: number;
  /** Exact fraction spent on interventions (the report prints it rounded to whole percent). */
  share: number;
  tier: number;
}

/** Table 7.1's share of each VRU's allocation spent on interventions, with the VRU's funding tier. */
export function interventionSpendShares(t71: readonly InterventionSpendRow[]): { byVru: SpendShare[]; overall: number } {
  const tiers = [...new Set(t71.map((r) => r.fundingAllocation))].sort((a, b) => b - a);
  const byVru = t71.map((r) => {
    if (!(r.fundingAllocation > 0)) throw new InputError(`Table 7.1 ${r.vru}: funding allocation must be positive, got ${r.fundingAllocation}`);
    return { vru: r.vru, fundingAllocation: r.fundingAllocation, interventionSpend: r.interventionSpend, share: r.interventionSpend / r.fundingAllocation, tier: tiers.indexOf(r.fundingAllocation) + 1 };
  });
  const spend = t71.reduce((s, r) => s + r.interventionSpend, 0);
  const alloc = t71.reduce((s, r) => s + r.fundingAllocation, 0);
  return { byVru, overall: spend / alloc };
}

export interface PerHeadRow {
  pfa: string;
  population: number;
  populationUnder25: number;
  total: number;
  surge: number;
  vru: number;
  /** Pounds per resident over the two years. */
  totalPerHead: number;
  vruPerHead: number;
  surgePerHead: number;
  /** VRU pounds per resident aged under 25 (the group interventions must serve, section 1.1). */
  vruPerHeadUnder25: number;
}

/**
 * Funding per head: Table 1.1 divided by each PFA's population. `populations` is keyed by the PFA
 * name as printed in Table 1.1 (matched loosely, "&" = "and"); every row must have one.
 */
export function fundingPerHead(t11: Table11, populations: ReadonlyMap<string, { population: number; populationUnder25: number }>): PerHeadRow[] {
  const byKey = new Map([...populations].map(([k, v]) => [pfaKey(k), v]));
  return t11.rows.map((r) => {
    const p = byKey.get(pfaKey(r.pfa));
    if (!p || !(p.population > 0) || !(p.populationUnder25 > 0)) throw new InputError(`funding per head: no population for PFA "${r.pfa}" (have: ${[...populations.keys()].join(", ")})`);
    return {
      pfa: r.pfa, population: p.population, populationUnder25: p.populationUnder25, total: r.total, surge: r.surge, vru: r.vru,
      totalPerHead: r.total / p.population, vruPerHead: r.vru / p.population, surgePerHead: r.surge / p.population,
      vruPerHeadUnder25: r.vru / p.populationUnder25,
    };
  });
}

export interface CrossTabulation {
  rowLabels: string[];
  colLabels: string[];
  counts: number[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  /** Percent of each row (rows add to 100). */
  rowPercent: number[][];
  /** Percent of each column (columns add to 100). */
  colPercent: number[][];
  /** Percent of the grand total. */
  totalPercent: number[][];
}

/** Margins and row/column/total percentages of a table of counts. */
export function crossTabulate(t: Pick<CrossTable, "rowLabels" | "colLabels" | "counts">): CrossTabulation {
  const { rowLabels, colLabels, counts } = t;
  if (counts.length !== rowLabels.length || counts.some((r) => r.length !== colLabels.length)) {
    throw new InputError(`cross-tabulation: counts are not ${rowLabels.length} × ${colLabels.length}`);
  }
  const rowTotals = counts.map((r) => r.reduce((s, v) => s + v, 0));
  const colTotals = colLabels.map((_, j) => counts.reduce((s, r) => s + r[j], 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const pctOf = (v: number, d: number) => (d > 0 ? (100 * v) / d : NaN);
  return {
    rowLabels, colLabels, counts, rowTotals, colTotals, total,
    rowPercent: counts.map((r, i) => r.map((v) => pctOf(v, rowTotals[i]))),
    colPercent: counts.map((r) => r.map((v, j) => pctOf(v, colTotals[j]))),
    totalPercent: counts.map((r) => r.map((v) => pctOf(v, total))),
  };
}
