/**
 * Power and minimum detectable effect by simulation (issue 17 item 6): what effect could a
 * design have seen?
 *
 * The estimator is fitted in many SIMULATED no-effect worlds (src/compare/coverage.ts runWorld).
 * An effect Δ added to every treated post-period cell moves a shift-equivariant estimator's
 * estimate and interval by exactly Δ — gsynth and SCM build the counterfactual from the donors
 * and the treated pre-period only (test/power.test.ts checks this against a refit) — so world w
 * rejects "no effect" at Δ when its shifted interval [lo_w + Δ, hi_w + Δ] excludes 0. The power
 * curve is the share of worlds rejecting; the MDE is the smallest |Δ| in a direction at which
 * ≥ 80% of worlds are significant with the right sign (5% two-sided), found exactly on the step
 * function. Under a threat that biases the
 * estimator, the no-effect worlds are off-centre, so power is asymmetric and the rejection
 * rate at Δ = 0 exceeds 5%: both are reported, not hidden.
 */
import { join } from "node:path";
import { InputError } from "../errors";
import { mapParallel } from "../parallel/pool";
import { createRng } from "../random";
import type { ThreatName } from "../simulate/threats";
import { studyTasks, type DesignName, type WorldResult, type WorldTask } from "./coverage";
import type { Draw, McValue } from "./monte-carlo";

export interface PowerPoint {
  effect: number;
  /** Share of worlds whose interval excludes 0 (either sign). */
  power: McValue;
  /** Share significant with the sign of the effect (the detection the MDE counts; excludes type S errors). */
  rightSign: McValue;
}

const rejectsAt = (d: Draw, delta: number) => d.ci![0] + delta > 0 || d.ci![1] + delta < 0;

function intervals(draws: readonly Draw[]): Draw[] {
  const withCi = draws.filter((d) => d.ci);
  if (!withCi.length) throw new InputError("power: the draws carry no intervals (fit with inference)");
  return withCi;
}

/** Share of no-effect worlds that would reject at each effect Δ, with binomial MC SEs. */
export function powerCurve(nullDraws: readonly Draw[], effects: readonly number[]): PowerPoint[] {
  const d = intervals(nullDraws), n = d.length;
  const share = (k: number): McValue => ({ value: k / n, mcse: Math.sqrt(((k / n) * (1 - k / n)) / n) });
  return effects.map((effect) => ({
    effect,
    power: share(d.filter((x) => rejectsAt(x, effect)).length),
    rightSign: share(d.filter((x) => (effect >= 0 ? x.ci![0] + effect > 0 : x.ci![1] + effect < 0)).length),
  }));
}

/**
 * Smallest Δ ≥ 0 (direction +1) or ≤ 0 (−1) at which the share of worlds significant with the
 * sign of Δ reaches `power`. World w detects +Δ once lo_w + Δ > 0 (and −Δ once hi_w − Δ < 0),
 * so the share is a step function of Δ with steps at the thresholds −lo_w (hi_w).
 */
function mdeOf(d: readonly Draw[], direction: 1 | -1, power: number): number {
  const thresholds = d.map((x) => Math.max(0, direction > 0 ? -x.ci![0] : x.ci![1])).sort((a, b) => a - b);
  const need = Math.ceil(power * d.length - 1e-9);
  if (need <= 0) return 0;
  return direction * thresholds[need - 1];
}

export interface Mde {
  /** Smallest effect with ≥ `power` rejection, in the direction of the sign (outcome units). */
  value: number;
  /** MC SE by resampling worlds (seeded bootstrap, 200 resamples). */
  mcse: number;
  worlds: number;
}

/** The MDE in one direction with its bootstrap MC SE. */
export function minimumDetectableEffect(nullDraws: readonly Draw[], direction: 1 | -1, opts: { power?: number; seed?: number } = {}): Mde {
  const d = intervals(nullDraws), power = opts.power ?? 0.8;
  const value = mdeOf(d, direction, power);
  const rng = createRng(opts.seed ?? 1), boots: number[] = [];
  for (let b = 0; b < 200; b++) boots.push(mdeOf(Array.from({ length: d.length }, () => d[Math.floor(rng.uniform() * d.length)]), direction, power));
  const m = boots.reduce((a, v) => a + v, 0) / boots.length;
  return { value, mcse: Math.sqrt(boots.reduce((a, v) => a + (v - m) ** 2, 0) / (boots.length - 1)), worlds: d.length };
}

/** The analytic MDE of a z-test with standard error `se`: (z_{1−α/2} + z_{power}) · se (2.80 · se at 5%, 80%). */
export function analyticMde(se: number, zAlpha = 1.959963984540054, zPower = 0.8416212335729143): number {
  return (zAlpha + zPower) * se;
}

/**
 * Fits `methods` on `designs` in `worlds` SIMULATED no-effect worlds (paired seeds, the given
 * threats) on worker threads, and returns the draws per "design|method".
 */
export async function nullWorldDraws(o: { designs: DesignName[]; methods: string[]; worlds: number; seed: number; threats: ThreatName[]; threads?: number; onProgress?: (done: number, total: number) => void }): Promise<Map<string, Draw[]>> {
  const tasks = studyTasks({ worlds: o.worlds, seed: o.seed, scenarios: ["null"], cells: [{ name: "power", threats: o.threats }], designs: o.designs, methods: o.methods });
  const results = await mapParallel<undefined, WorldTask, WorldResult[]>(join(__dirname, "coverage.ts"), "runWorld", tasks, {
    ...(o.threads !== undefined ? { threads: o.threads } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const out = new Map<string, Draw[]>();
  for (const r of results.flat()) {
    if (!r.draw) continue;
    const k = `${r.design}|${r.method}`;
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(r.draw);
  }
  return out;
}
