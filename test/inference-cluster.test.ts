/**
 * The cluster (block) bootstrap of gsynth (`cluster` option; ClusterStrata in
 * src/estimators/gsynth/bootstrap-task.ts), on SIMULATED panels (src/simulate/factor-panel.ts)
 * with a known constant effect of 1: exact reduction to the unit bootstrap with one unit per
 * cluster, and coverage of the 95% interval over many worlds with and without shocks shared
 * within clusters.
 */
import { describe, expect, it } from "vitest";
import { bootstrapGsynth, estimateGsynth, fitGsynth, gsynth } from "../src/estimators/gsynth/index";
import { factorPanel, type FactorPanelOptions } from "../src/simulate/factor-panel";
import { clustersOf } from "../src/stats/cluster";
import { twfe } from "../src/estimators/twfe";
import { microsynth } from "../src/estimators/microsynth/index";
import type { Effect } from "../src/effect";
import { panelFlags, runCli, writePanelCsv } from "./helpers/cli";
import { expectNominal95, mcse } from "./helpers/coverage";

const EFFECT = 1;
const world = (seed: number, extra: Partial<FactorPanelOptions> = {}) => factorPanel({
  seed, units: 48, treated: 24, periods: 30, treatmentStart: 20, effect: EFFECT, factors: 2, stationaryFactors: true, clusterSize: 2, ...extra,
});

describe("cluster bootstrap with one unit per cluster is the unit bootstrap", () => {
  it("same seed → the same replicates, number for number", async () => {
    const sim = world(11);
    const panel = { ...sim.panel, attributes: { ...sim.panel.attributes, self: [...sim.panel.units] } };
    const m = fitGsynth(panel, { r: 2 });
    const unit = await bootstrapGsynth(m, { inference: "nonparametric", nboots: 30, seed: 4 });
    const cluster = await bootstrapGsynth(m, { cluster: "self", nboots: 30, seed: 4 });
    expect(cluster.replicates.length).toBe(30);
    cluster.replicates.forEach((r, k) => expect(Array.from(r)).toEqual(Array.from(unit.replicates[k])));
    // …and real clusters give different replicates.
    const pairs = await bootstrapGsynth(m, { cluster: "cluster", nboots: 30, seed: 4 });
    expect(pairs.replicates.some((r, k) => r[m.layout.T] !== unit.replicates[k][m.layout.T])).toBe(true);
  });
});

/** Coverage of the 95% interval of the average effect; MC SE = √(c(1 − c)/W). */
async function coverage(worlds: number, extra: Partial<FactorPanelOptions>, withUnitBootstrap: boolean) {
  let cluster = 0, unit = 0;
  for (let s = 1; s <= worlds; s++) {
    const panel = world(s, extra).panel;
    const c = await gsynth(panel, { se: true, cluster: "cluster", r: 2, nboots: 40, seed: s });
    if (c.att.ci![0] <= EFFECT && EFFECT <= c.att.ci![1]) cluster++;
    if (!withUnitBootstrap) continue;
    const u = await gsynth(panel, { se: true, inference: "nonparametric", r: 2, nboots: 40, seed: s });
    if (u.att.ci![0] <= EFFECT && EFFECT <= u.att.ci![1]) unit++;
  }
  const c = cluster / worlds;
  return { cluster: c, unit: unit / worlds, mcse: mcse(c, worlds) };
}

describe("gsynth --cluster: 95% intervals cover the true effect over simulated worlds", () => {
  // 100 worlds per cell, 40 bootstrap replicates each (an SE from 40 replicates widens the
  // interval's spread a little but does not bias coverage materially): MC SE ≈ 0.022 at 95%.
  // 24 treated units in 12 clusters of 2, 24 controls in 12 clusters.
  const WORLDS = 100;
  it("with shared AR(1) cluster shocks (SD 1.5, ρ 0.5): the cluster bootstrap covers, the unit bootstrap under-covers", async () => {
    const r = await coverage(WORLDS, { clusterShock: 1.5, clusterRho: 0.5 }, true);
    console.log(`gsynth cluster bootstrap, shared shocks: coverage ${r.cluster.toFixed(3)} (MC SE ${r.mcse.toFixed(3)}, ${WORLDS} worlds); unit bootstrap ${r.unit.toFixed(3)}`);
    expectNominal95(r.cluster);
    expect(r.unit).toBeLessThan(r.cluster - 0.05);
  }, 120_000);
  it("on exchangeable panels (no shared shocks)", async () => {
    const r = await coverage(WORLDS, { clusterShock: 0 }, false);
    console.log(`gsynth cluster bootstrap, exchangeable: coverage ${r.cluster.toFixed(3)} (MC SE ${r.mcse.toFixed(3)}, ${WORLDS} worlds)`);
    expectNominal95(r.cluster);
  }, 120_000);
});

describe("cluster option: errors name the column", () => {
  const sim = world(2);
  it("a column that is not a unit attribute, the parametric bootstrap, too few treated clusters", async () => {
    await expect(gsynth(sim.panel, { se: true, cluster: "pfa", r: 2, nboots: 10 })).rejects.toThrow(/cluster column "pfa" is not in the panel/);
    await expect(gsynth(sim.panel, { se: true, cluster: "cluster", inference: "parametric", r: 2, nboots: 10 })).rejects.toThrow(/cluster "cluster".*non-parametric/);
    const one = { ...sim.panel, attributes: { g: sim.panel.units.map((u) => (u.startsWith("treated") ? "T" : u)) } };
    await expect(gsynth(one, { se: true, cluster: "g", r: 2, nboots: 10 })).rejects.toThrow(/treated units lie in 1 cluster/);
    expect(() => clustersOf({ ...sim.panel, attributes: { g: sim.panel.units.map((u, i) => (i === 3 ? "" : u)) } }, "g", [0, 1, 2, 3])).toThrow(/empty for unit treated04/);
  });
  it("the Effect records the cluster and warns with few treated clusters", async () => {
    const e = await gsynth(sim.panel, { se: true, cluster: "cluster", r: 2, nboots: 10 });
    expect(e.settings).toMatchObject({ inference: "nonparametric", cluster: "cluster" });
    expect(e.diagnostics!.warnings).toContain("cluster bootstrap with 12 clusters of treated units (< 20): SEs may be unreliable");
  });
});

describe("gsynth placebo (randomisation) inference by cluster", () => {
  it("null draws from control clusters; p and CI from their distribution", async () => {
    const sim = world(4, { units: 48, treated: 12, clusterShock: 1 });
    const { effect, model } = await estimateGsynth(sim.panel, { inference: "placebo", cluster: "cluster", r: 2, replicates: 30, seed: 2 });
    const avg = model.layout.T;
    const draws = model.replicates!.map((r) => r[avg]);
    expect(draws.length).toBe(30);
    const est = effect.att.estimate;
    expect(effect.att.p).toBeCloseTo((1 + draws.filter((x) => Math.abs(x) >= Math.abs(est)).length) / 31, 12);
    expect(effect.att.ci![0]).toBeLessThan(est);
    expect(effect.att.ci![1]).toBeGreaterThan(est);
    expect(effect.settings).toMatchObject({ inference: "placebo", cluster: "cluster", replicates: 30 });
    // The same seed gives the same draws; each placebo treats 6 whole control clusters (12 units).
    const again = await estimateGsynth(sim.panel, { inference: "placebo", cluster: "cluster", r: 2, replicates: 30, seed: 2 });
    expect(again.model.replicates!.map((r) => r[avg])).toEqual(draws);
    const few = world(4, { units: 20, treated: 12 });
    await expect(gsynth(few.panel, { inference: "placebo", cluster: "cluster", r: 2 })).rejects.toThrow(/draws 6 placebo clusters from the 4 clusters/);
  });
});

describe("twfe: leave-one-cluster-out jackknife", () => {
  it("each τ_(g) is the estimate without cluster g; SE = √((G − 1)/G Σ (τ_g − τ̄)²)", () => {
    const sim = world(5, { loadingShift: 0, clusterShock: 1 });
    const e = twfe(sim.panel, { cluster: "cluster", inference: "jackknife" });
    const jk = (e.diagnostics!.jackknife as { estimates: { cluster: string; tau: number }[] }).estimates;
    expect(jk.length).toBe(24);
    for (const { cluster, tau } of jk.slice(0, 3).concat(jk.slice(-2))) {
      const T = sim.panel.periods.length;
      const y = Float64Array.from(sim.panel.y);
      sim.panel.units.forEach((_, i) => { if (sim.panel.attributes.cluster[i] === cluster) y.fill(NaN, i * T, (i + 1) * T); });
      expect(tau).toBeCloseTo(twfe({ ...sim.panel, y }, { cluster: "cluster" }).att.estimate, 10);
    }
    const mean = jk.reduce((s, x) => s + x.tau, 0) / jk.length;
    expect(e.att.se).toBeCloseTo(Math.sqrt((23 / 24) * jk.reduce((s, x) => s + (x.tau - mean) ** 2, 0)), 12);
    expect(e.settings.inference).toBe("jackknife");
    expect(() => twfe(sim.panel, { inference: "jackknife", bootstrap: { reps: 99, seed: 1 } })).toThrow(/alternatives/);
  });
  it("covers the truth under shared cluster shocks where unit-clustered CR1 does not", () => {
    // Parallel trends (loadingShift 0), so TWFE is unbiased; 200 worlds, MC SE ≈ 0.015 at 95%.
    const W = 200;
    let jack = 0, byUnit = 0;
    for (let s = 1; s <= W; s++) {
      const panel = world(s, { loadingShift: 0, clusterShock: 1.5, clusterRho: 0.5 }).panel;
      const j = twfe(panel, { cluster: "cluster", inference: "jackknife" }).att.ci!;
      const u = twfe(panel).att.ci!;
      if (j[0] <= EFFECT && EFFECT <= j[1]) jack++;
      if (u[0] <= EFFECT && EFFECT <= u[1]) byUnit++;
    }
    const c = jack / W;
    console.log(`twfe cluster jackknife, shared shocks: coverage ${c.toFixed(3)} (MC SE ${mcse(c, W).toFixed(3)}, ${W} worlds); CR1 clustered by unit ${(byUnit / W).toFixed(3)}`);
    expectNominal95(c);
    expect(byUnit / W).toBeLessThan(c - 0.05);
  }, 60_000);
});

describe("microsynth: leave-one-cluster-out jackknife", () => {
  it("one jackknife group per cluster; bad columns are named", () => {
    const sim = world(8, { units: 40, treated: 8, periods: 12, treatmentStart: 8, clusterShock: 1 });
    const r = microsynth(sim.panel, { cluster: "cluster", matchOutcomes: true, outcomeBlock: 4 });
    const e = Object.values(r.effects)[0];
    expect(r.diagnostics.jackknifeGroups).toBe(20);
    expect(e.settings).toMatchObject({ cluster: "cluster", primaryInterval: "jackknife" });
    expect(() => microsynth(sim.panel, { cluster: "pfa" })).toThrow(/cluster column "pfa" is not in the panel/);
    expect(() => microsynth(sim.panel, { cluster: "cluster", jackknife: { groups: 4 } })).toThrow(/sets the jackknife groups/);
  });
});

describe("vru-eval --cluster COL", () => {
  const file = writePanelCsv(world(9).panel);
  const base = panelFlags(file), run = runCli;
  it("gsynth --se --cluster: a cluster bootstrap; errors name the column", async () => {
    const { code, out } = await run(["gsynth", ...base, "--r", "2", "--se", "--cluster", "cluster", "--replicates", "20", "--json"]);
    expect(code).toBe(0);
    expect((JSON.parse(out) as Effect).settings).toMatchObject({ cluster: "cluster", inference: "nonparametric", replicates: 20 });
    expect((await run(["gsynth", ...base, "--se", "--cluster", "pfa"])).err).toMatch(/missing column "pfa" \(columns: unit, time, y, d, cluster\)/);
    expect((await run(["gsynth", ...base, "--cluster", "cluster"])).err).toMatch(/need --se/);
    expect((await run(["gsynth", ...base, "--se", "--replicates", "20", "--nboots", "20"])).err).toMatch(/same option.*give one/);
  });
  it("twfe --inference jackknife and microsynth --cluster", async () => {
    const t = await run(["twfe", ...base, "--cluster", "cluster", "--inference", "jackknife"]);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/leave-one-cluster-out jackknife/);
    const m = await run(["microsynth", ...base, "--cluster", "cluster", "--match-outcomes", "--block", "10", "--json"]);
    expect(m.code).toBe(0);
    expect((JSON.parse(m.out) as Effect).settings).toMatchObject({ cluster: "cluster", primaryInterval: "jackknife" });
  });
});
