/**
 * gsynth bootstrap: SEs against R gsynth 1.2.1 (calls in test/gsynth.test.ts), determinism
 * across thread counts, the non-parametric variant.
 */
import { describe, expect, it } from "vitest";
import { panelFromCsv } from "../src/panel/from-csv";
import { referencePath } from "../src/io/paths";
import { gsynth } from "../src/estimators/gsynth/index";

const simdata = () => panelFromCsv(referencePath("gsynth_simdata.csv"), { unit: "id", time: "time", outcome: "Y", treatment: "D", covariates: ["X1", "X2"] });
const turnout = () => panelFromCsv(referencePath("gsynth_turnout.csv"), { unit: "abb", time: "year", outcome: "turnout", treatment: "policy_edr", covariates: ["policy_mail_in", "policy_motor"] });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("gsynth parametric bootstrap", () => {
  it("SEs within 15% of the reference (turnout 2.28, simdata 0.26) with 200 replicates", async () => {
    const t = await gsynth(turnout(), { covariates: [], se: true, nboots: 200, seed: 11 });
    expect(rel(t.att.se!, 2.28)).toBeLessThan(0.15);
    const s = await gsynth(simdata(), { se: true, nboots: 200, seed: 11 });
    expect(rel(s.att.se!, 0.26)).toBeLessThan(0.15);
    // Normal-approximation CI and p as the reference.
    expect(s.att.ci![0]).toBeCloseTo(s.att.estimate - 1.959963984540054 * s.att.se!, 10);
    expect(s.att.p!).toBeLessThan(1e-6);
    // The cumulative effect has CIs too; its last point sums the post-period ATTs.
    const post = s.periods.filter((p) => p.relative >= 0);
    const last = s.cumulative!.at(-1)!;
    expect(last.effect).toBeCloseTo(post.reduce((a, p) => a + p.effect, 0), 10);
    expect(last.ci![1]).toBeGreaterThan(last.ci![0]);
    expect(s.unitEffects!.every((u) => u.att.se! > 0)).toBe(true);
  }, 60_000);

  it("gives identical results for 1 and 2 threads and for the same seed", async () => {
    const opts = { se: true, nboots: 30, seed: 5 } as const;
    const one = await gsynth(simdata(), { ...opts, threads: 1 });
    const two = await gsynth(simdata(), { ...opts, threads: 2 });
    expect(two).toEqual(one);
    const other = await gsynth(simdata(), { ...opts, seed: 6, threads: 1 });
    expect(other.att.se).not.toBe(one.att.se);
  }, 60_000);

  it("non-parametric bootstrap over units, percentile CIs, progress reported", async () => {
    let last = 0;
    const e = await gsynth(simdata(), { r: 2, se: true, inference: "nonparametric", ci: "percentile", nboots: 40, seed: 2, threads: 1, onProgress: (d) => { last = d; } });
    expect(last).toBe(40);
    expect(e.att.se!).toBeGreaterThan(0.05);
    expect(e.att.se!).toBeLessThan(1);
    expect(e.att.ci![0]).toBeLessThan(e.att.estimate);
    expect(e.att.ci![1]).toBeGreaterThan(e.att.estimate);
    expect(e.unitEffects![0].att.se).toBeUndefined();
    expect((e.diagnostics!.warnings as string[]).join(" ")).toMatch(/fewer than|< 40/);
  }, 60_000);

  it("bootstraps unbalanced panels (EM refits) without failed replicates", async () => {
    const p = simdata();
    const y = Float64Array.from(p.y);
    // 30 missing cells, some in treated units (1..5) and in pre- and post-periods.
    for (let k = 0; k < 30; k++) y[((k * 7) % 50) * 30 + ((k * 11) % 30)] = NaN;
    const e = await gsynth({ ...p, y }, { r: 2, se: true, nboots: 10, seed: 4, threads: 1 });
    expect(e.diagnostics!.missingCells).toBe(30);
    expect(e.diagnostics!.failedReplicates).toBe(0);
    expect(e.att.se!).toBeGreaterThan(0.05);
    expect(Math.abs(e.att.estimate - 5.54)).toBeLessThan(0.4);
  }, 60_000);
});
