/**
 * Power and MDE by shifting no-effect draws: the step-function arithmetic on constructed draws,
 * and the shift-equivariance it rests on, checked against a gsynth refit with the effect added.
 */
import { describe, expect, it } from "vitest";
import { analyticMde, minimumDetectableEffect, powerCurve } from "../src/compare/power";
import type { Draw } from "../src/compare/monte-carlo";
import { gsynth } from "../src/estimators/gsynth/index";
import { factorPanel } from "../src/simulate/factor-panel";

/** Ten no-effect worlds with intervals [c − 1, c + 1], centres −0.45, −0.35, …, 0.45. */
const draws: Draw[] = Array.from({ length: 10 }, (_, k) => { const c = -0.45 + 0.1 * k; return { estimate: c, truth: 0, ci: [c - 1, c + 1] as [number, number] }; });

describe("powerCurve and minimumDetectableEffect", () => {
  it("no world rejects at 0; all reject with the right sign past the largest threshold", () => {
    const [p0, p2] = powerCurve(draws, [0, 2]);
    expect(p0.power.value).toBe(0);
    expect(p2.power.value).toBe(1);
    expect(p2.rightSign.value).toBe(1);
    expect(powerCurve(draws, [-2])[0].rightSign.value).toBe(1);
  });

  it("the MDE is the shift at which the 8th of 10 worlds' lower bound crosses 0", () => {
    // Thresholds −lo = 1 − c: 1.45, 1.35, …, 0.55; sorted ascending the 8th is 1.25.
    const up = minimumDetectableEffect(draws, 1);
    expect(up.value).toBeCloseTo(1.25, 12);
    expect(powerCurve(draws, [1.25 + 1e-9])[0].rightSign.value).toBe(0.8);
    expect(powerCurve(draws, [1.25 - 1e-9])[0].rightSign.value).toBe(0.7);
    expect(minimumDetectableEffect(draws, -1).value).toBeCloseTo(-1.25, 12);
    expect(up.mcse).toBeGreaterThan(0);
  });

  it("an off-centre (biased) set of worlds is detected sooner in the direction of its bias", () => {
    const biased = draws.map((d) => ({ ...d, ci: [d.ci![0] + 0.5, d.ci![1] + 0.5] as [number, number] }));
    expect(minimumDetectableEffect(biased, 1).value).toBeLessThan(minimumDetectableEffect(biased, -1).value * -1);
  });

  it("analytic MDE is 2.80 standard errors at 5% two-sided and 80% power", () => {
    expect(analyticMde(1)).toBeCloseTo(2.8016, 4);
  });
});

describe("shift equivariance of gsynth (what the shifted power curve assumes)", () => {
  it("adding Δ to every treated post cell moves the estimate and the interval by Δ", async () => {
    const sim = factorPanel({ seed: 3, effect: 0 });
    const p = sim.panel, delta = 2.5;
    const shifted = { ...p, y: p.y.map((v, c) => (p.treatment[c] ? v + delta : v)) };
    const opts = { r: [0, 3] as [number, number], covariates: [], se: true, nboots: 30, seed: 5, threads: 1 };
    const a = await gsynth(p, opts), b = await gsynth(shifted, opts);
    expect(b.att.estimate - a.att.estimate).toBeCloseTo(delta, 8);
    expect(b.att.ci![0] - a.att.ci![0]).toBeCloseTo(delta, 8);
    expect(b.att.ci![1] - a.att.ci![1]).toBeCloseTo(delta, 8);
  });
});
