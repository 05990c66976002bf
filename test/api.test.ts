/**
 * The public API, imported only from the package entry ("vru-eval" → src/index.ts): every
 * registered estimator has the same signature and returns an Effect; the common vocabulary and
 * the deprecated aliases give the same answers. Data: a SIMULATED factor-model panel (true ATT 3;
 * accuracy over many seeds is measured in compare/ and its tests, not here).
 */
import { describe, expect, it } from "vitest";
import { ESTIMATORS, factorPanel, getEstimator, gsynth, InputError, its, microsynth, pathPlot, scm, twfe, type Effect } from "vru-eval";

const sim = factorPanel({ seed: 7, units: 30, treated: 5, periods: 24, effect: 3 });

describe("the package entry", () => {
  it("registers every estimator with the same contract", async () => {
    expect(Object.keys(ESTIMATORS).sort()).toEqual(["did", "gsynth", "its", "microsynth", "scm", "twfe"]);
    for (const e of Object.values(ESTIMATORS)) {
      const effect: Effect = await e.fit(sim.panel, { seed: 1, ...(e.name === "scm" ? { v: "regression" } : {}) } as never);
      expect(effect.method, e.name).toBe(e.name);
      expect(Number.isFinite(effect.att.estimate), e.name).toBe(true);
      expect(effect.periods.length, e.name).toBeGreaterThan(0);
    }
  });

  it("names the unknown estimator and the bad option", async () => {
    expect(() => getEstimator("did2s")).toThrow(InputError);
    expect(() => getEstimator("did2s")).toThrow(/unknown estimator "did2s" \(known: gsynth/);
    await expect(ESTIMATORS.twfe.fit(sim.panel, { alpha: 2 })).rejects.toThrow(/twfe: alpha must be between 0 and 1/);
    await expect(ESTIMATORS.gsynth.fit(sim.panel, { inference: "wild" })).rejects.toThrow(/gsynth: inference "wild" is not one of parametric, nonparametric/);
    await expect(ESTIMATORS.its.fit(sim.panel, { treatmentTime: "1999" })).rejects.toThrow(/1999/);
  });

  it("gives the same answer through the common vocabulary and the deprecated aliases", async () => {
    const g1 = await gsynth.fit(sim.panel, { r: 1, replicates: 20, seed: 3, threads: 1 });
    const g2 = await gsynth.gsynth(sim.panel, { r: 1, se: true, nboots: 20, seed: 3, threads: 1 });
    expect(g1.att).toEqual(g2.att);
    expect(g1.att.se).toBeGreaterThan(0);
    const w1 = await twfe.fit(sim.panel, { inference: "wild", replicates: 199, seed: 2 });
    const w2 = twfe.twfe(sim.panel, { bootstrap: { reps: 199, seed: 2 } });
    expect(w1.att).toEqual(w2.att);
    const m1 = await microsynth.fit(sim.panel, { replicates: 9, seed: 4, threads: 1 });
    const m2 = await microsynth.fit(sim.panel, { permutations: 9, seed: 4, threads: 1 });
    expect(m1.att).toEqual(m2.att);
  });

  it("fits ITS on a panel: the treated units' mean series, the panel's treatment time by default", async () => {
    const start = sim.panel.periods[sim.settings.treatmentStart];
    const viaPanel = await its.fit(sim.panel, { season: "none" });
    const T = sim.panel.periods.length, y = new Float64Array(T), treated = [0, 1, 2, 3, 4]; // factorPanel treats its first `treated` units
    expect(treated.every((i) => sim.panel.treatment[i * T + T - 1] === 1)).toBe(true);
    for (const i of treated) for (let t = 0; t < T; t++) y[t] += sim.panel.y[i * T + t] / 5;
    expect(viaPanel.att).toEqual(its.fitIts(y, sim.panel.periods, { intervention: start, season: "none" }).att);
    const moved = await its.fit(sim.panel, { season: "none", treatmentTime: sim.panel.periods[sim.settings.treatmentStart + 2] });
    expect(moved.settings.intervention).toBe(sim.panel.periods[sim.settings.treatmentStart + 2]);
  });

  it("applies treatmentTime to methods that read the treatment matrix", async () => {
    const later = sim.panel.periods[sim.settings.treatmentStart + 3];
    const e = await twfe.fit(sim.panel, { treatmentTime: later });
    expect(e.att.estimate).not.toBe((await twfe.fit(sim.panel)).att.estimate);
    const s = await scm.fit(sim.panel, { v: "regression", treatmentTime: later });
    expect(s.settings.treatmentTime).toBe(later);
  });

  it("draws an Effect", async () => {
    const fig = pathPlot(await twfe.fit(sim.panel));
    expect(fig.data.length).toBeGreaterThan(0);
  });
});
