/**
 * The cost-benefit chain of the report's section 2.3.3, kept unrounded at every step:
 *
 *   recorded offences avoided × under-reporting multiplier = offences avoided
 *   offences avoided × unit cost                            = benefit (costs avoided)
 *   Σ benefits / cost base                                   = benefit-cost ratio
 *
 * Rounding happens only for display (see `formatChain`): the report's pounds come out
 * exactly only when the offences are carried unrounded (see report.ts).
 */
import { rateToCount, type Effect, type RateUnit } from "../effect";
import { InputError } from "../errors";

/** One offence type entering the chain. */
export interface OffenceInput {
  /** e.g. "violence without injury". */
  label: string;
  /** Police-recorded offences avoided (positive = fewer offences). Unrounded. */
  recorded: number;
  /** Under-reporting/recording multiplier (report: 1.5 without injury, 2.6 with injury). */
  multiplier: number;
  /** Economic and social cost of one offence in pounds (report: £6,480 and £15,353). */
  unitCost: number;
}

export interface CbaParams {
  offences: OffenceInput[];
  /** The cost base in pounds (report: £121,952,973). */
  cost: number;
}

export interface OffenceLine extends OffenceInput {
  /** recorded × multiplier. */
  avoided: number;
  /** avoided × unitCost, in pounds. */
  benefit: number;
}

export interface CbaResult {
  lines: OffenceLine[];
  totalBenefit: number;
  cost: number;
  /** totalBenefit / cost: pounds of costs avoided per pound spent. */
  ratio: number;
  /** totalBenefit − cost. */
  netBenefit: number;
}

type Rule = "finite" | "positive" | "nonnegative";
const RULE_TEXT: Record<Rule, string> = { finite: "a finite number", positive: "a positive number", nonnegative: "a non-negative number" };

/** `what` is a function so the message is only built on failure (the chain runs in tight loops). */
function check(value: number, what: () => string, rule: Rule): void {
  const ok = Number.isFinite(value) && (rule === "finite" || (rule === "positive" ? value > 0 : value >= 0));
  if (!ok) throw new InputError(`${what()} must be ${RULE_TEXT[rule]}, got ${value}`);
}

/** Validates the parameters, naming the offence type and field at fault. */
export function validateParams(p: CbaParams): void {
  if (!Array.isArray(p.offences) || p.offences.length === 0) throw new InputError("cost-benefit parameters need at least one offence type in `offences`");
  const seen = new Set<string>();
  p.offences.forEach((o, k) => {
    const name = () => `offences[${k}]${o.label ? ` (${o.label})` : ""}`;
    if (typeof o.label !== "string" || o.label === "") throw new InputError(`${name()}: label must be a non-empty string`);
    if (seen.has(o.label)) throw new InputError(`${name()}: duplicate offence type "${o.label}"`);
    seen.add(o.label);
    // Negative recorded offences are allowed: an upper CI bound can mean more offences.
    check(o.recorded, () => `${name()}.recorded`, "finite");
    check(o.multiplier, () => `${name()}.multiplier`, "nonnegative");
    check(o.unitCost, () => `${name()}.unitCost`, "nonnegative");
  });
  check(p.cost, () => "cost", "positive");
}

/** Runs the chain and returns every intermediate value unrounded. */
export function costBenefit(p: CbaParams): CbaResult {
  validateParams(p);
  const lines = p.offences.map((o) => {
    const avoided = o.recorded * o.multiplier;
    return { ...o, avoided, benefit: avoided * o.unitCost };
  });
  const totalBenefit = lines.reduce((s, l) => s + l.benefit, 0);
  return { lines, totalBenefit, cost: p.cost, ratio: totalBenefit / p.cost, netBenefit: totalBenefit - p.cost };
}

/**
 * Police-recorded offences avoided from a cumulative effect on a per-population rate:
 * the report's "reduction of 80 per 100,000 … over 34,321,607 people → 27,585 offences".
 * `cumulativeRate` is the effect as estimated (negative = reduction), so the result is
 * its negation: offences avoided are positive.
 */
export function offencesFromRate(cumulativeRate: number, unit: RateUnit, population: number): number {
  check(cumulativeRate, () => "cumulative effect", "finite");
  try {
    return -rateToCount(cumulativeRate, unit, population);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

/** Offences avoided with the interval from the CI of the cumulative effect (lower = fewer avoided). */
export interface OffencesAvoided {
  time: string;
  estimate: number;
  se?: number;
  /** [fewer avoided, more avoided]: the negated, swapped CI of the cumulative effect. */
  ci?: [number, number];
}

/**
 * Offences avoided from an Effect's cumulative series at `time` (default: its last point).
 * The Effect must be a per-population rate ("per 100,000" etc.) or already a count.
 */
export function offencesFromEffect(effect: Effect, population: number, time?: string): OffencesAvoided {
  const cum = effect.cumulative;
  if (!cum || cum.length === 0) throw new InputError(`the ${effect.method} effect has no cumulative series to turn into offences avoided`);
  const point = time === undefined ? cum[cum.length - 1] : cum.find((c) => c.time === time);
  if (!point) throw new InputError(`the ${effect.method} effect has no cumulative value at period "${time}" (it runs ${cum[0].time} to ${cum[cum.length - 1].time})`);
  const unit = effect.unit ?? "other";
  const toCount = (x: number) => (unit === "count" ? -x : offencesFromRate(x, unit, population));
  return {
    time: point.time,
    estimate: toCount(point.effect),
    ...(point.se !== undefined ? { se: Math.abs(unit === "count" ? point.se : offencesFromRate(point.se, unit, population)) } : {}),
    ...(point.ci ? { ci: [toCount(point.ci[1]), toCount(point.ci[0])] as [number, number] } : {}),
  };
}

/** Replaces the recorded offences of the named types (other fields unchanged). */
export function withRecorded(p: CbaParams, recorded: Record<string, number>): CbaParams {
  for (const k of Object.keys(recorded)) {
    if (!p.offences.some((o) => o.label === k)) throw new InputError(`no offence type "${k}" (types: ${p.offences.map((o) => o.label).join(", ")})`);
  }
  return { ...p, offences: p.offences.map((o) => (o.label in recorded ? { ...o, recorded: recorded[o.label] } : o)) };
}

const gbp = (x: number) => `£${Math.round(x).toLocaleString("en-GB")}`;
const count = (x: number) => Math.round(x).toLocaleString("en-GB");
// Unrounded, without binary noise in the last digits (15 significant digits).
const exact = (x: number) => String(Number(x.toPrecision(15)));

/** The chain as the report prints it (rounded), one line per step, with the unrounded value beside. */
export function formatChain(r: CbaResult): string {
  const out: string[] = [];
  for (const l of r.lines) {
    out.push(`${l.label}:`);
    out.push(`  recorded offences avoided   ${count(l.recorded).padStart(14)}   (${exact(l.recorded)})`);
    out.push(`  × multiplier ${String(l.multiplier).padEnd(14)} ${count(l.avoided).padStart(14)}   (${exact(l.avoided)})`);
    out.push(`  × unit cost ${gbp(l.unitCost).padEnd(15)} ${gbp(l.benefit).padStart(14)}   (${exact(l.benefit)})`);
  }
  out.push(`total benefits                ${gbp(r.totalBenefit).padStart(14)}   (${exact(r.totalBenefit)})`);
  out.push(`cost base                     ${gbp(r.cost).padStart(14)}`);
  out.push(`benefit-cost ratio            ${r.ratio.toFixed(2).padStart(14)}   (${exact(r.ratio)})`);
  return out.join("\n");
}
