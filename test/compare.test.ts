/**
 * compare/: the bookkeeping of the repeated-simulation comparison (bias, RMSE, coverage,
 * rejection rate, failures) on SIMULATED factor panels, with stub estimators whose errors are
 * known exactly, and the registry-backed estimators it runs.
 */
import { describe, expect, it } from "vitest";
import { compareMethods, registered, type ComparedEstimator } from "../src/compare/method-comparison";
import type { Effect } from "../src/effect";

const effect = (estimate: number, extra: Partial<Effect["att"]> = {}): Effect => ({ method: "stub", settings: {}, att: { estimate, ...extra }, periods: [] });
const scenario = [{ name: "effect 3", panel: { effect: 3, units: 12, treated: 3, periods: 12 } }];

describe("compareMethods", () => {
  it("bias, RMSE, coverage and rejections of an estimator off by exactly +1", async () => {
    const stub: ComparedEstimator = { name: "off by one", run: (sim) => effect(sim.trueAtt + 1, { se: 0.5, ci: [sim.trueAtt + 0.5, sim.trueAtt + 1.5], p: 0.01 }) };
    const [row] = await compareMethods({ estimators: [stub], scenarios: scenario, reps: 6, seed: 1 });
    expect(row).toMatchObject({ method: "off by one", reps: 6, failures: 0, coverage: 0, rejectionRate: 1, meanSe: 0.5 });
    expect(row.bias).toBeCloseTo(1, 12);
    expect(row.rmse).toBeCloseTo(1, 12);
    expect(row.trueAtt).toBeCloseTo(3, 12);
  });

  it("counts failures (never hides them) and reports missing inference as NaN, not 0", async () => {
    let k = 0;
    const flaky: ComparedEstimator = { name: "flaky", run: (sim) => { if (k++ % 2 === 0) throw new Error("singular"); return effect(sim.trueAtt); } };
    const [row] = await compareMethods({ estimators: [flaky], scenarios: scenario, reps: 4, seed: 2 });
    expect(row).toMatchObject({ failures: 2, firstFailure: "singular", bias: 0 });
    expect(row.coverage).toBeNaN();
    expect(row.rejectionRate).toBeNaN();
  });

  it("every estimator sees the same panel, and each replicate a different seeded one", async () => {
    const seen: number[][] = [[], []];
    const spy = (m: number): ComparedEstimator => ({ name: `spy ${m}`, run: (sim) => { seen[m].push(sim.panel.y[0]); return effect(0); } });
    await compareMethods({ estimators: [spy(0), spy(1)], scenarios: scenario, reps: 3, seed: 5 });
    expect(seen[0]).toEqual(seen[1]);
    expect(new Set(seen[0]).size).toBe(3);
    const again: number[][] = [[], []];
    await compareMethods({ estimators: [{ name: "again", run: (sim) => { again[0].push(sim.panel.y[0]); return effect(0); } }], scenarios: scenario, reps: 3, seed: 5 });
    expect(again[0]).toEqual(seen[0]);
  });

  it("runs registered estimators by name with the replicate's seed", async () => {
    const rows = await compareMethods({ estimators: [registered("twfe", "TWFE"), registered("its", "ITS", { season: "none" })], scenarios: scenario, reps: 3, seed: 3 });
    expect(rows.map((r) => [r.method, r.failures])).toEqual([["TWFE", 0], ["ITS", 0]]);
    expect(() => registered("nope", "x")).toThrow(/unknown estimator "nope"/);
  });
});
