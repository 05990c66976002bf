import { describe, expect, it } from "vitest";
import type { Panel } from "../src/panel/panel";
import { createRng } from "../src/random";
import { proportionalPanel, scaleEffect, weightedTruth } from "../src/chapter2/proportional";
import { calibrationNote, DESIGNS, fitDesign, HOTSPOT_WHY_MISS } from "../src/chapter2/designs";
import { summarise } from "../src/chapter2/calibration-study";

/**
 * The hospital threat in miniature: funded units sit at twice the donors' level, and every unit
 * grows 3% a period (multiplicatively) until a kink shortly before treatment, then stays flat.
 */
function kinkPanel(seed: number, effect = 1): { panel: Panel; cells: Float64Array } {
  const r = createRng(seed), N = 40, T = 40, t0 = 30, kink = 26, treatedN = 10;
  const units = Array.from({ length: N }, (_, i) => `u${i}`), periods = Array.from({ length: T }, (_, t) => String(t));
  const y = new Float64Array(N * T), treatment = new Uint8Array(N * T), cells = new Float64Array(N * T);
  for (let i = 0; i < N; i++) {
    const treated = i < treatedN, level = (treated ? 20 : 10) * Math.exp(0.1 * r.normal());
    for (let t = 0; t < T; t++) {
      const k = i * T + t, post = treated && t >= t0;
      treatment[k] = post ? 1 : 0;
      cells[k] = post ? effect : 0;
      y[k] = level * Math.exp(0.03 * Math.min(t, kink)) + 0.3 * r.normal() + cells[k];
    }
  }
  return { panel: { units, periods, outcome: "rate", y, treatment, covariates: {}, attributes: { funded: units.map((_, i) => (i < treatedN ? 1 : 0)) }, unit: "per 1,000,000" }, cells };
}

describe("the proportional specification", () => {
  it("puts every unit's pre-period mean at 100 and converts back with the treated units' harmonic-mean level", () => {
    const { panel } = kinkPanel(1);
    const pp = proportionalPanel(panel);
    const T = panel.periods.length;
    for (let i = 0; i < panel.units.length; i++) {
      let s = 0;
      for (let t = 0; t < 30; t++) s += pp.panel.y[i * T + t];
      expect(s / 30).toBeCloseTo(100, 9);
    }
    const harmonic = 10 / Array.from(pp.preMean.subarray(0, 10)).reduce((s, m) => s + 1 / m, 0);
    expect(pp.toRate).toBeCloseTo(harmonic / 100, 12);
    const e = scaleEffect({ method: "x", settings: {}, att: { estimate: 2, ci: [1, 3], se: 0.5 }, periods: [{ time: "0", relative: 0, observed: 4, counterfactual: 2, effect: 2, ci: [1, 3] }], cumulative: [{ time: "0", effect: 2, ci: [1, 3] }] }, 0.5, "per 1,000,000");
    expect(e.att).toEqual({ estimate: 1, ci: [0.5, 1.5], se: 0.25 });
    expect(e.periods[0]).toMatchObject({ observed: 2, counterfactual: 1, effect: 1, ci: [0.5, 1.5] });
    expect(e.cumulative![0].ci).toEqual([0.5, 1.5]);
  });

  it("has the plain truth when the effect per person is the same everywhere, and the 1/level-weighted one otherwise", () => {
    const { panel, cells } = kinkPanel(2);
    const pp = proportionalPanel(panel);
    expect(weightedTruth(panel, cells, pp.preMean)).toBeCloseTo(1, 12);
    const T = panel.periods.length, het = Float64Array.from(cells, (v, k) => (Math.floor(k / T) === 0 ? 3 * v : v));
    const w = Array.from(pp.preMean.subarray(0, 10), (m) => 1 / m);
    expect(weightedTruth(panel, het, pp.preMean)).toBeCloseTo((3 * w[0] + w.slice(1).reduce((s, v) => s + v, 0)) / w.reduce((s, v) => s + v, 0), 12);
  });

  it("removes the bias that multiplicative growth gives an additive fit when the treated sit above every donor", async () => {
    let plain = 0, prop = 0;
    const worlds = 4;
    for (let s = 0; s < worlds; s++) {
      const { panel, cells } = kinkPanel(10 + s);
      const a = await fitDesign("homicide", panel, { seed: 1, replicates: 2 }); // plain additive gsynth
      const b = await fitDesign("hospital", panel, { seed: 1, replicates: 20 });
      plain += (a.effect.att.estimate - a.truth(cells, 1)) / worlds;
      prop += (b.effect.att.estimate - b.truth(cells, 1)) / worlds;
    }
    expect(Math.abs(prop)).toBeLessThan(0.3);
    expect(Math.abs(plain)).toBeGreaterThan(3 * Math.abs(prop));
  });
});

describe("the calibration study's summary and notes", () => {
  it("measures coverage, bias and width with Monte Carlo errors", () => {
    const draws = [0, 1, 2, 3].map((k) => ({ row: "r", design: "police" as const, estimate: { estimate: k, ci: [k - 1, k + 1] as [number, number] }, truth: 1.5 }));
    const [m] = summarise(draws, "every threat on");
    expect(m.worlds).toBe(4);
    expect(m.coverage).toBe(0.5); // estimates 1 and 2 cover 1.5
    expect(m.coverageSe).toBeCloseTo(0.25, 12);
    expect(m.bias).toBeCloseTo(0, 12);
    expect(m.meanWidth).toBe(2);
  });

  it("says when a row is unmeasured, and gives the design's reason when an interval misses", () => {
    expect(calibrationNote("police-no-such-row", true)).toMatch(/not yet measured/);
    expect(calibrationNote("police-no-such-row", true)).not.toMatch(/misses/);
    expect(calibrationNote("police-no-such-row", false)).toContain(`this interval misses: ${DESIGNS.police.whyMiss}`);
    expect(calibrationNote("hotspots-no-such-row", false)).toContain(`this interval misses: ${HOTSPOT_WHY_MISS}`);
  });
});
