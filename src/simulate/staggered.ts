/**
 * Simulated staggered-adoption panels with a known truth, for checking and teaching the
 * staggered DiD estimators. SIMULATED DATA: nothing here is an observed outcome.
 *
 *   Y_it = α_i + γ_t + τ_g(e) + ε_it,   e = t − g (periods since cohort g adopted)
 *
 * α_i ~ N(0, unitSd²), γ_t a common trend plus N(0, periodSd²) shocks, ε_it a stationary AR(1)
 * within unit (ρ, σ). The effect τ_g(e) = (level_g + slope_g·e) for e ≥ 0, 0 before: effects
 * that differ by cohort and grow with exposure, the case in which TWFE is biased.
 * The truth reported is the average of τ over treated unit-periods (the estimand of the cs
 * "simple", sa and imputation ATTs) and θ(e), the cohort-size-weighted effect at each e.
 */
import { InputError } from "../errors";
import { FUNDED_PFA_CODES } from "../geography/funded";
import { readCsv, stringColumn } from "../io/csv";
import { dataPath } from "../io/paths";
import { panelFromColumns, type Panel } from "../panel/panel";
import { createRng } from "../random";

export interface StaggeredCohort {
  /** First treated period (a label of `periods`). */
  start: string;
  units: string[];
  /** Effect in the first treated period and its growth per period of exposure. */
  level: number;
  slope: number;
}

export interface StaggeredWorld {
  periods: string[];
  cohorts: StaggeredCohort[];
  neverTreated: string[];
  unitSd?: number;
  periodSd?: number;
  trend?: number;
  sigma?: number;
  rho?: number;
  outcome?: string;
}

export interface StaggeredTruth {
  /** Mean effect over treated unit-periods. */
  att: number;
  /** θ(e) for e = 0 … (cohort-size weighted). */
  byEvent: { event: number; effect: number }[];
}

export interface SimulatedStaggered { panel: Panel; truth: StaggeredTruth; simulated: true }

/** The truth of a world (it does not depend on the seed). */
export function staggeredTruth(w: StaggeredWorld): StaggeredTruth {
  const T = w.periods.length;
  let sum = 0, n = 0;
  const ev = new Map<number, { s: number; n: number }>();
  for (const c of w.cohorts) {
    const g = w.periods.indexOf(c.start);
    for (let t = g; t < T; t++) {
      const tau = c.level + c.slope * (t - g), m = c.units.length;
      sum += m * tau; n += m;
      const e = ev.get(t - g) ?? { s: 0, n: 0 };
      e.s += m * tau; e.n += m; ev.set(t - g, e);
    }
  }
  return { att: sum / n, byEvent: [...ev.entries()].sort((a, b) => a[0] - b[0]).map(([event, e]) => ({ event, effect: e.s / e.n })) };
}

export function simulateStaggered(w: StaggeredWorld, seed: number): SimulatedStaggered {
  const T = w.periods.length;
  for (const c of w.cohorts) if (w.periods.indexOf(c.start) < 1) throw new InputError(`cohort start "${c.start}" must be a period after the first of ${w.periods[0]}…${w.periods[T - 1]}`);
  const rng = createRng(seed);
  const { unitSd = 1, periodSd = 0.2, trend = 0.05, sigma = 0.3, rho = 0.5 } = w;
  const gamma = Float64Array.from({ length: T }, (_, t) => trend * t + periodSd * rng.normal());
  const unit: string[] = [], time: string[] = [], y: number[] = [], d: number[] = [];
  const members = [...w.cohorts.map((c) => ({ c, units: c.units })), { c: undefined, units: w.neverTreated }];
  for (const { c, units } of members) {
    const g = c ? w.periods.indexOf(c.start) : T;
    for (const u of units) {
      const alpha = unitSd * rng.normal();
      let e = (sigma / Math.sqrt(1 - rho * rho)) * rng.normal();
      for (let t = 0; t < T; t++) {
        if (t > 0) e = rho * e + sigma * rng.normal();
        const tau = c && t >= g ? c.level + c.slope * (t - g) : 0;
        unit.push(u); time.push(w.periods[t]); y.push(alpha + gamma[t] + tau + e); d.push(t >= g ? 1 : 0);
      }
    }
  }
  const panel = panelFromColumns({ unit, time, outcome: y, outcomeName: w.outcome ?? "y", treatment: d, source: "simulated staggered panel" });
  return { panel, truth: staggeredTruth(w), simulated: true };
}

/**
 * A simulated extension of the VRU roll-out: the 43 police force areas of England and Wales,
 * years ending March 2015–2025; the 18 funded areas (19 forces) adopt in 2020 as in the
 * report, and — SIMULATED — 6 more forces join in 2022 and 6 in 2024, the rest never. The
 * outcome is a simulated violence rate per 100,000 (log scale would behave the same); effects
 * are negative (violence reduced) and deepen with exposure, differently by cohort.
 */
export function vruStaggeredWorld(): StaggeredWorld {
  const pfa = readCsv(dataPath("geography", "pfa.csv"));
  const codes = stringColumn(pfa, "pfa_code"), names = stringColumn(pfa, "pfa_name");
  const first = codes.flatMap((c, i) => (FUNDED_PFA_CODES.has(c) ? [names[i]] : []));
  const rest = codes.flatMap((c, i) => (FUNDED_PFA_CODES.has(c) ? [] : [names[i]]));
  const periods = Array.from({ length: 11 }, (_, k) => String(2015 + k));
  return {
    periods,
    cohorts: [
      { start: "2020", units: first, level: -1.0, slope: -1.0 },
      { start: "2022", units: rest.slice(0, 6), level: -0.5, slope: -0.5 },
      { start: "2024", units: rest.slice(6, 12), level: -0.5, slope: 0 },
    ],
    neverTreated: rest.slice(12),
    unitSd: 8, periodSd: 1, trend: 0.3, sigma: 1, rho: 0.4,
    outcome: "violence_per_100k (simulated)",
  };
}
