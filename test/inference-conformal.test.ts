/**
 * Conformal inference (Chernozhukov, Wüthrich & Zhu 2021) for scm and gsynth, on SIMULATED
 * panels (src/simulate/factor-panel.ts) with a known constant effect of 1.
 *
 * Uniformity: with stationary factors and iid shocks the periods are exchangeable, so the
 * moving-block p-value of the TRUE effect is uniform on {1/T, …, 1}: P(p ≤ k/T) = k/T. The
 * Kolmogorov–Smirnov distance is taken at those atoms (where a discrete uniform law and the
 * continuous one agree) against the continuous 5% critical value 1.358/√n, which is
 * conservative for a discrete law.
 */
import { describe, expect, it } from "vitest";
import { conformalPValue, conformalTest, invertTest } from "../src/stats/conformal";
import { factorPanel, type FactorPanelOptions } from "../src/simulate/factor-panel";
import { scm } from "../src/estimators/scm";
import { resolveDesign } from "../src/estimators/scm/design";
import { scmRefitUnderNull } from "../src/estimators/scm/conformal";
import { fitGsynth, gsynth } from "../src/estimators/gsynth/index";
import { gsynthRefitUnderNull } from "../src/estimators/gsynth/conformal";
import type { Effect } from "../src/effect";
import type { RefitUnderNull } from "../src/stats/conformal";
import type { Panel } from "../src/panel/panel";
import { panelFlags, runCli, writePanelCsv } from "./helpers/cli";
import { expectNominal95, mcse } from "./helpers/coverage";

const EFFECT = 1;

/** KS distance between the empirical law of p-values on the grid {1/T..1} and the uniform one. */
function ksAtAtoms(ps: number[], T: number): number {
  let d = 0;
  for (let k = 1; k <= T; k++) {
    const share = ps.filter((p) => p <= k / T + 1e-12).length / ps.length;
    d = Math.max(d, Math.abs(share - k / T));
  }
  return d;
}

/** 30 periods (22 pre), 4 treated units of 24, stationary factors: periods exchangeable. */
const world = (seed: number, extra: Partial<FactorPanelOptions> = {}) => factorPanel({
  seed, units: 24, treated: 4, periods: 30, treatmentStart: 22, effect: EFFECT, factors: 2, loadingShift: 0, levelShift: 0, stationaryFactors: true, ...extra,
});

function truthPValues(refitOf: (panel: Panel) => RefitUnderNull, worlds: number): number[] {
  const ps: number[] = [];
  for (let s = 1; s <= worlds; s++) {
    const sim = world(1000 + s);
    const T = sim.panel.periods.length, t0 = sim.settings.treatmentStart;
    const all = Int32Array.from({ length: T }, (_, k) => k);
    ps.push(conformalTest(refitOf(sim.panel), all, new Float64Array(T - t0).fill(EFFECT)));
  }
  return ps;
}

describe("conformal p-values are uniform under the null (exchangeable periods)", () => {
  const WORLDS = 400;
  const critical = 1.358 / Math.sqrt(WORLDS); // 0.068: KS 5% critical value, n = 400

  it(`scm: KS distance of ${WORLDS} p-values of the true effect below ${critical.toFixed(3)}`, () => {
    const ps = truthPValues((panel) => scmRefitUnderNull(panel, resolveDesign(panel, {})), WORLDS);
    const d = ksAtAtoms(ps, 30);
    console.log(`scm conformal p-values: KS = ${d.toFixed(4)} (critical ${critical.toFixed(4)}, ${WORLDS} worlds)`);
    expect(d).toBeLessThan(critical);
    // …and a false null (effect 0 instead of 1) is rejected more often than 5%: the test has power.
    const p0 = [];
    for (let s = 1; s <= 100; s++) {
      const sim = world(1000 + s), T = 30;
      p0.push(conformalTest(scmRefitUnderNull(sim.panel, resolveDesign(sim.panel, {})), Int32Array.from({ length: T }, (_, k) => k), new Float64Array(8)));
    }
    expect(p0.filter((p) => p <= 0.05).length / p0.length).toBeGreaterThan(0.15);
  });

  it(`gsynth: KS distance of ${WORLDS} p-values of the true effect below ${critical.toFixed(3)}`, () => {
    const ps = truthPValues((panel) => gsynthRefitUnderNull(fitGsynth(panel, { r: 2 })), WORLDS);
    const d = ksAtAtoms(ps, 30);
    console.log(`gsynth conformal p-values: KS = ${d.toFixed(4)} (critical ${critical.toFixed(4)}, ${WORLDS} worlds)`);
    expect(d).toBeLessThan(critical);
  });

  it(`scm, one post period (the per-period intervals' test): KS distance of ${WORLDS} p-values below ${critical.toFixed(3)}`, () => {
    const ps: number[] = [];
    for (let s = 1; s <= WORLDS; s++) {
      const sim = world(1000 + s);
      const refit = scmRefitUnderNull(sim.panel, resolveDesign(sim.panel, {}));
      ps.push(conformalTest(refit, Int32Array.from({ length: 23 }, (_, k) => (k < 22 ? k : 29)), Float64Array.of(EFFECT)));
    }
    const d = ksAtAtoms(ps, 23);
    console.log(`scm conformal per-period p-values (last period): KS = ${d.toFixed(4)} (critical ${critical.toFixed(4)}, ${WORLDS} worlds)`);
    expect(d).toBeLessThan(critical);
  });

  it("iid permutations: p on {1/(B+1), …, 1}, seeded, and close to the moving-block p for exchangeable residuals", () => {
    const sim = world(7);
    const refit = scmRefitUnderNull(sim.panel, resolveDesign(sim.panel, {}));
    const u = refit(Int32Array.from({ length: 30 }, (_, k) => k), new Float64Array(8).fill(EFFECT));
    const a = conformalPValue(u, 8, { permutations: "iid", replicates: 1999, seed: 3 });
    expect(conformalPValue(u, 8, { permutations: "iid", replicates: 1999, seed: 3 })).toBe(a);
    expect(Math.abs(a * 2000 - Math.round(a * 2000))).toBeLessThan(1e-6);
    expect(Math.abs(a - conformalPValue(u, 8))).toBeLessThan(0.2);
  });
});

describe("test inversion", () => {
  it("brackets then bisects to the stated resolution; reports unbounded and empty sets", () => {
    const p = (theta: number) => (theta > -1.3 && theta < 2.2 ? 0.5 : 0.01);
    const r = invertTest(p, 0.4, 0.5, 0.05, 1e-3);
    expect(r.ci![0]).toBeLessThanOrEqual(-1.3);
    expect(r.ci![0]).toBeGreaterThan(-1.3 - 1e-3);
    expect(r.ci![1]).toBeGreaterThanOrEqual(2.2);
    expect(r.ci![1]).toBeLessThan(2.2 + 1e-3);
    expect(invertTest(() => 0.5, 0, 1, 0.05, 0.01).unbounded).toBe(true);
    expect(invertTest(() => 0.01, 0, 1, 0.05, 0.01).empty).toBe(true);
    // Estimate rejected: the search moves to the nearest accepted grid point.
    const off = invertTest((t) => (t > 3 && t < 4 ? 0.5 : 0), 0, 0.5, 0.05, 1e-3);
    expect(off.ci![0]).toBeCloseTo(3, 2);
    expect(off.ci![1]).toBeCloseTo(4, 2);
  });
});

/**
 * Coverage of the 95% average-effect interval over simulated worlds (per-period intervals are
 * checked through their p-values above: by duality an interval covers iff p(truth) > alpha). An unbounded interval
 * (the data cannot bound the effect) covers, and its share is reported. MC SE = √(c(1 − c)/W).
 */
async function coverage(fit: (panel: Panel) => Effect | Promise<Effect>, worlds: number, extra: Partial<FactorPanelOptions>) {
  let covered = 0, unbounded = 0;
  for (let s = 1; s <= worlds; s++) {
    const e = await fit(factorPanel({ seed: s, units: 30, treated: 6, periods: 40, treatmentStart: 32, effect: EFFECT, factors: 2, loadingShift: 0, levelShift: 0, stationaryFactors: true, clusterSize: 3, ...extra }).panel);
    if (!e.att.ci) { unbounded++; covered++; } else if (e.att.ci[0] <= EFFECT && EFFECT <= e.att.ci[1]) covered++;
  }
  const c = covered / worlds;
  return { coverage: c, mcse: mcse(c, worlds), unbounded: unbounded / worlds };
}

describe("conformal 95% intervals cover the true effect over simulated worlds", () => {
  // 100 worlds per cell: MC SE ≈ 0.022 at 95% coverage; the band 0.90–0.99 is about −2.3 to +1.8 SE.
  const WORLDS = 100;
  const panels = { "shared AR(1) cluster shocks (SD 1, ρ 0.5, clusters of 3)": { clusterShock: 1, clusterRho: 0.5 }, exchangeable: { clusterShock: 0 } };
  for (const [name, extra] of Object.entries(panels)) {
    it(`scm, ${name}`, async () => {
      const r = await coverage((panel) => scm(panel, { inference: "conformal", v: "equal", conformal: { perPeriod: false } }), WORLDS, extra);
      console.log(`scm conformal, ${name}: coverage ${r.coverage.toFixed(3)} (MC SE ${r.mcse.toFixed(3)}, ${WORLDS} worlds, unbounded ${r.unbounded.toFixed(3)})`);
      expectNominal95(r.coverage);
      expect(r.unbounded).toBeLessThan(0.05);
    }, 120_000);
    it(`gsynth, ${name}`, async () => {
      const r = await coverage((panel) => gsynth(panel, { inference: "conformal", r: 2, conformal: { perPeriod: false } }), WORLDS, extra);
      console.log(`gsynth conformal, ${name}: coverage ${r.coverage.toFixed(3)} (MC SE ${r.mcse.toFixed(3)}, ${WORLDS} worlds, unbounded ${r.unbounded.toFixed(3)})`);
      expectNominal95(r.coverage);
      expect(r.unbounded).toBeLessThan(0.05);
    }, 120_000);
  }
});

describe("conformal inference: options and errors", () => {
  const sim = world(3);
  it("an Effect with per-period and average intervals, the p of no effect, no bootstrap SE", async () => {
    const e = await gsynth(sim.panel, { inference: "conformal", r: 2 });
    expect(e.settings.inference).toBe("conformal");
    expect(e.att.se).toBeUndefined();
    expect(e.att.ci![0]).toBeLessThan(e.att.ci![1]);
    expect(e.att.p).toBeGreaterThan(0);
    expect(e.periods.filter((p) => p.relative >= 0).every((p) => p.ci && p.ci[0] < p.ci[1])).toBe(true);
    expect(e.periods.filter((p) => p.relative < 0).every((p) => p.ci === undefined)).toBe(true);
  });
  it("a per-period interval that cannot be bounded (T0 + 1 ≤ 1/alpha) is reported, not invented", () => {
    const short = factorPanel({ seed: 1, units: 20, treated: 2, periods: 20, treatmentStart: 15, effect: 1, stationaryFactors: true });
    const e = scm(short.panel, { inference: "conformal", v: "equal" });
    expect(e.periods.filter((p) => p.relative >= 0).every((p) => p.ci === undefined)).toBe(true);
    expect((e.diagnostics!.conformal as { problems: string[] }).problems[0]).toMatch(/smallest attainable p is 0\.0625 \(16 periods used\)/);
  });
  it("bad combinations raise InputError naming the option", async () => {
    await expect(gsynth(sim.panel, { inference: "conformal", se: true })).rejects.toThrow(/se \(the bootstrap\)/);
    await expect(gsynth(sim.panel, { inference: "conformal", estimator: "mc" })).rejects.toThrow(/estimator "ife"/);
    expect(() => scm(sim.panel, { inference: "conformal", alpha: 2 })).toThrow(/alpha/);
    expect(() => scm(sim.panel, { inference: "bogus" as "conformal" })).toThrow(/scm inference must be "conformal"/);
  });
});

describe("vru-eval scm/gsynth --inference conformal", () => {
  const file = writePanelCsv(world(9).panel);
  const base = panelFlags(file), run = runCli;
  it("gsynth: the Effect JSON carries conformal intervals; the summary states the resolution", async () => {
    const { code, out } = await run(["gsynth", ...base, "--r", "2", "--inference", "conformal", "--json"]);
    expect(code).toBe(0);
    const e = JSON.parse(out) as Effect;
    expect(e.settings).toMatchObject({ inference: "conformal", conformal: { permutations: "moving-block", q: 1, alpha: 0.05 } });
    expect(e.att.ci![0]).toBeLessThan(e.att.ci![1]);
    const text = await run(["gsynth", ...base, "--r", "2", "--inference", "conformal", "--permutations", "iid", "--replicates", "199", "--seed", "2"]);
    expect(text.out).toMatch(/conformal CI .* p = /);
    expect(text.out).toMatch(/conformal inference: iid permutations, interval ends to ±/);
    expect((await run(["gsynth", ...base, "--inference", "conformal", "--se"])).err).toMatch(/does not take --se or --cluster/);
    expect((await run(["gsynth", ...base, "--permutations", "iid"])).code).toBe(2);
  });
  it("scm: summary and errors", async () => {
    const { code, out } = await run(["scm", ...base, "--v", "equal", "--inference", "conformal"]);
    expect(code).toBe(0);
    expect(out).toMatch(/conformal, moving-block permutations: CI -?\d+\.\d+ to -?\d+\.\d+, p of no effect = /);
    expect(out).toMatch(/^30\s+-?\d+\.\d+\s+\[/m);
    expect((await run(["scm", ...base, "--inference", "conformal", "--placebo"])).err).toMatch(/run them separately/);
    expect((await run(["scm", ...base, "--replicates", "9"])).err).toMatch(/apply to --inference conformal/);
  });
});
