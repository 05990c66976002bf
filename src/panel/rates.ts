/** Counts ↔ rates per 1,000 / 100,000 / 1,000,000 people, for whole panels. */
import { InputError } from "../errors";
import { RATE_BASE, type RateUnit } from "../effect";
import type { Panel } from "./panel";

export { RATE_BASE };

function base(unit: RateUnit): number {
  const b = RATE_BASE[unit];
  if (b === undefined) throw new InputError(`"${unit}" is not a per-population rate (use per 1,000, per 100,000 or per 1,000,000)`);
  return b;
}

/** The population of each unit: a numeric attribute by name or an array aligned with panel.units. */
export function unitPopulation(p: Panel, population: string | ArrayLike<number>): Float64Array {
  const N = p.units.length;
  let pop: ArrayLike<number | string>;
  if (typeof population === "string") {
    const a = p.attributes[population];
    if (!a) throw new InputError(`panel has no attribute "${population}" (attributes: ${Object.keys(p.attributes).join(", ") || "none"})`);
    pop = a;
  } else pop = population;
  if (pop.length !== N) throw new InputError(`population has ${pop.length} values, the panel has ${N} units`);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const v = Number(pop[i]);
    if (!(v > 0) || !Number.isFinite(v)) throw new InputError(`population of unit ${p.units[i]} must be a positive number, got ${String(pop[i])}`);
    out[i] = v;
  }
  return out;
}

/** A count panel as a rate panel: rate = count × base / population (missing stays missing). */
export function countsToRates(p: Panel, population: string | ArrayLike<number>, unit: RateUnit = "per 100,000"): Panel {
  if (p.unit !== undefined && p.unit !== "count") throw new InputError(`panel "${p.outcome}" is already in "${p.unit}", not counts`);
  return scale(p, unitPopulation(p, population), base(unit), unit, false);
}

/** A rate panel back to counts: count = rate × population / base. */
export function ratesToCounts(p: Panel, population: string | ArrayLike<number>): Panel {
  if (p.unit === undefined) throw new InputError(`panel "${p.outcome}" does not say its unit; set panel.unit to the rate it is in`);
  return scale(p, unitPopulation(p, population), base(p.unit), "count", true);
}

function scale(p: Panel, pop: Float64Array, b: number, unit: RateUnit, toCounts: boolean): Panel {
  const T = p.periods.length;
  const y = new Float64Array(p.y.length);
  for (let i = 0; i < p.units.length; i++) {
    const f = toCounts ? pop[i] / b : b / pop[i];
    for (let t = 0; t < T; t++) y[i * T + t] = p.y[i * T + t] * f;
  }
  return { ...p, y, unit };
}
