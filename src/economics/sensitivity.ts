/**
 * Sensitivity of the benefit-cost ratio: one input at a time (a tornado), two at a time
 * (a grid), the break-even value of one input, and the ratio as the accumulation period
 * grows (from an Effect's cumulative path and a funding schedule).
 */
import type { Effect } from "../effect";
import { InputError } from "../errors";
import { costBenefit, offencesFromEffect, withRecorded, type CbaParams } from "./chain";
import { costBase, type CostBaseOptions, type FundingRow } from "./cost-base";

/** One input swung between two values, with how to set it. */
export interface SensitivityInput {
  name: string;
  low: number;
  high: number;
  /** How the values read in a chart, e.g. "£4,860" (defaults to the numbers). */
  lowLabel?: string;
  highLabel?: string;
  /** Where the values come from (report, assumption, table). */
  source?: string;
  set: (p: CbaParams, value: number) => CbaParams;
}

export interface TornadoBar {
  name: string;
  low: number;
  high: number;
  lowLabel: string;
  highLabel: string;
  source?: string;
  ratioAtLow: number;
  ratioAtHigh: number;
  /** |ratioAtHigh − ratioAtLow|: bars are sorted by it, widest first. */
  swing: number;
}

export interface Tornado {
  baseRatio: number;
  bars: TornadoBar[];
}

const ratioOf = (p: CbaParams) => costBenefit(p).ratio;

export function tornado(base: CbaParams, inputs: readonly SensitivityInput[]): Tornado {
  const bars = inputs.map((s) => {
    const ratioAtLow = ratioOf(s.set(base, s.low)), ratioAtHigh = ratioOf(s.set(base, s.high));
    return { name: s.name, low: s.low, high: s.high, lowLabel: s.lowLabel ?? String(s.low), highLabel: s.highLabel ?? String(s.high), ...(s.source ? { source: s.source } : {}), ratioAtLow, ratioAtHigh, swing: Math.abs(ratioAtHigh - ratioAtLow) };
  });
  return { baseRatio: ratioOf(base), bars: bars.sort((a, b) => b.swing - a.swing) };
}

function offenceIndex(p: CbaParams, label: string): number {
  const i = p.offences.findIndex((o) => o.label === label);
  if (i < 0) throw new InputError(`no offence type "${label}" (types: ${p.offences.map((o) => o.label).join(", ")})`);
  return i;
}

const setField = (field: "multiplier" | "unitCost" | "recorded", label: string) => (p: CbaParams, v: number): CbaParams => {
  const i = offenceIndex(p, label);
  return { ...p, offences: p.offences.map((o, j) => (j === i ? { ...o, [field]: v } : o)) };
};

export const setMultiplier = (label: string) => setField("multiplier", label);
export const setUnitCost = (label: string) => setField("unitCost", label);
export const setRecorded = (label: string) => setField("recorded", label);
export const setCost = (p: CbaParams, v: number): CbaParams => ({ ...p, cost: v });
/** Scales every type's recorded offences by the same factor (a comonotone impact bound). */
export const scaleRecorded = (p: CbaParams, k: number): CbaParams => ({ ...p, offences: p.offences.map((o) => ({ ...o, recorded: o.recorded * k })) });

export interface Grid {
  xName: string;
  yName: string;
  xs: number[];
  ys: number[];
  /** ratio[iy][ix], plotly's heatmap layout. */
  ratio: number[][];
}

/** The ratio over a grid of two inputs (e.g. the two under-reporting multipliers). */
export function twoWayGrid(base: CbaParams, x: { name: string; values: number[]; set: SensitivityInput["set"] }, y: { name: string; values: number[]; set: SensitivityInput["set"] }): Grid {
  if (x.values.length === 0 || y.values.length === 0) throw new InputError("a two-way grid needs at least one value on each axis");
  return { xName: x.name, yName: y.name, xs: x.values, ys: y.values, ratio: y.values.map((yv) => x.values.map((xv) => ratioOf(x.set(y.set(base, yv), xv)))) };
}

/** n evenly spaced values from a to b inclusive. */
export function linspace(a: number, b: number, n: number): number[] {
  if (!(Number.isInteger(n) && n >= 2)) throw new InputError(`linspace needs n ≥ 2, got ${n}`);
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/**
 * The value of one input at which the ratio is exactly 1, others held. The ratio is linear in
 * each multiplier, unit cost and recorded count, so two evaluations fix the line; for the cost
 * base (ratio ∝ 1/cost) the answer is the total benefit. Returns undefined when the ratio does
 * not depend on the input. `at`: any non-zero value of the input, to fix the line.
 */
export function breakEven(base: CbaParams, set: SensitivityInput["set"], at = 1): number | undefined {
  if (set === setCost) return costBenefit(base).totalBenefit;
  // Evaluate far apart (0 and `at`) so the slope keeps its precision.
  const x1 = at === 0 ? 1 : at;
  const r0 = ratioOf(set(base, 0)), r1 = ratioOf(set(base, x1));
  const slope = (r1 - r0) / x1;
  return slope === 0 ? undefined : (1 - r0) / slope;
}

/** Cumulative funding (£) after each month of the programme, under a reading of footnote 14. */
export function fundingAfterMonths(rows: readonly FundingRow[], months: number, options: Omit<CostBaseOptions, "year2Share"> = {}): number {
  if (!(months >= 0 && months <= 24)) throw new InputError(`months must lie in [0, 24] (two funding years), got ${months}`);
  const y1 = costBase(rows, { ...options, year2Share: 0 }).total;
  const both = costBase(rows, { ...options, year2Share: 1 }).total;
  // Spending accrues evenly within each financial year (the footnote's "50% of year 2" for 6 months).
  return months <= 12 ? (y1 * months) / 12 : y1 + ((both - y1) * (months - 12)) / 12;
}

export interface PeriodPoint {
  time: string;
  /** Months of funding counted: first post-treatment period = 1. */
  months: number;
  cost: number;
  ratio: number;
  /** Ratios with every type at its fewer-/more-offences-avoided CI bound, when the Effects carry CIs. */
  ratioCi?: [number, number];
}

/**
 * The ratio as the accumulation period grows: benefits from each Effect's cumulative value at
 * each post period (converted with `population`), costs from `costAfterMonths`.
 * `effects` maps each offence label of `base` to its Effect (monthly, one period = one month).
 */
export function ratioByPeriod(base: CbaParams, effects: Record<string, Effect>, population: number, costAfterMonths: (months: number) => number): PeriodPoint[] {
  const labels = base.offences.map((o) => o.label);
  for (const l of labels) if (!effects[l]) throw new InputError(`no Effect given for offence type "${l}"`);
  const first = effects[labels[0]];
  const rel = new Map(first.periods.map((p) => [p.time, p.relative]));
  const times = (first.cumulative ?? []).map((c) => c.time).filter((t) => (rel.get(t) ?? -1) >= 0);
  if (times.length === 0) throw new InputError(`the ${first.method} effect for "${labels[0]}" has no post-period cumulative values`);
  return times.map((time) => {
    const months = (rel.get(time) as number) + 1;
    const off = labels.map((l) => offencesFromEffect(effects[l], population, time));
    const p = { ...withRecorded(base, Object.fromEntries(labels.map((l, i) => [l, off[i].estimate]))), cost: costAfterMonths(months) };
    const withCi = off.every((o) => o.ci);
    const at = (side: 0 | 1) => ratioOf(withRecorded(p, Object.fromEntries(labels.map((l, i) => [l, (off[i].ci as [number, number])[side]]))));
    return { time, months, cost: p.cost, ratio: ratioOf(p), ...(withCi ? { ratioCi: [at(0), at(1)] as [number, number] } : {}) };
  });
}

export interface StandardInputOptions {
  /** Relative spread of each unit cost, ±(default 0.25): Heeks et al. give point values only. */
  unitCostSpread?: number;
  /** Cost bases to swing between, e.g. VRU funding only vs all SV funding in all areas. */
  costBases?: { low: { name: string; total: number }; high: { name: string; total: number } };
  /** Cost with none and with all of year 2 counted (the period over which funding is charged). */
  year2?: { none: number; full: number };
  /** Factors on every type's recorded offences at the impact CI bounds (see reportImpliedRecorded). */
  impactBounds?: [number, number];
}

const gbp = (x: number) => `£${Math.round(x).toLocaleString("en-GB")}`;
const gbpM = (x: number) => `£${(x / 1e6).toFixed(1)}m`;

/**
 * The inputs of the report's tornado. Multipliers run from 1 (police-recorded offences only,
 * no under-reporting adjustment) to twice the adjustment the report made (1 + 2(m − 1)); unit
 * costs ±25%. Both ranges are illustrative choices, not from the report; change them here.
 */
export function standardInputs(base: CbaParams, opts: StandardInputOptions = {}): SensitivityInput[] {
  const spread = opts.unitCostSpread ?? 0.25;
  const out: SensitivityInput[] = [];
  for (const o of base.offences) {
    out.push({ name: `multiplier, ${o.label} (${o.multiplier})`, low: 1, high: 1 + 2 * (o.multiplier - 1), source: "assumption: none to double the report's adjustment", set: setMultiplier(o.label) });
    out.push({ name: `unit cost, ${o.label} (${gbp(o.unitCost)})`, low: o.unitCost * (1 - spread), high: o.unitCost * (1 + spread), lowLabel: gbp(o.unitCost * (1 - spread)), highLabel: gbp(o.unitCost * (1 + spread)), source: `assumption: ±${Math.round(spread * 100)}%`, set: setUnitCost(o.label) });
  }
  if (opts.costBases) {
    const { low, high } = opts.costBases;
    out.push({ name: "cost base", low: low.total, high: high.total, lowLabel: `${low.name} ${gbpM(low.total)}`, highLabel: `${high.name} ${gbpM(high.total)}`, source: "Table 1.1 under footnote 14", set: setCost });
  }
  if (opts.year2) {
    out.push({ name: "period of funding charged (share of year 2)", low: opts.year2.none, high: opts.year2.full, lowLabel: `year 1 only ${gbpM(opts.year2.none)}`, highLabel: `both years ${gbpM(opts.year2.full)}`, source: "Table 1.1 under footnote 14", set: setCost });
  }
  if (opts.impactBounds) {
    const [lo, hi] = opts.impactBounds;
    out.push({ name: "impact estimate (95% CI bounds)", low: lo, high: hi, lowLabel: "fewest avoided", highLabel: "most avoided", source: "report's ratio range", set: scaleRecorded });
  }
  return out;
}
