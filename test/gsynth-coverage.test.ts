/** Recovery of a known effect on SIMULATED factor-model panels (the full run: bench/gsynth-coverage.ts). */
import { describe, expect, it } from "vitest";
import { coverageStudy } from "../src/compare/gsynth-coverage";

describe("gsynth on simulated panels with a known effect", () => {
  it("parametric bootstrap: bias near zero, CI coverage near 95% (10 replications, 50 bootstraps each)", async () => {
    const r = await coverageStudy({ units: 40, treated: 5, periods: 25, start: 18, effect: 3 }, { r: [0, 3], nboots: 50, threads: 1 }, 10, 77);
    expect(Math.abs(r.bias)).toBeLessThan(0.3);
    expect(r.coverage).toBeGreaterThanOrEqual(0.7);
    expect(r.meanSe / r.sdEstimate).toBeGreaterThan(0.5);
    expect(r.meanSe / r.sdEstimate).toBeLessThan(2);
    expect(r.rCorrect).toBeGreaterThanOrEqual(0.75);
  }, 60_000);

  it("staggered adoption: bias near zero", async () => {
    const r = await coverageStudy({ units: 40, treated: 6, periods: 25, start: [14, 17, 20], effect: 3 }, { r: 2, nboots: 30, threads: 1 }, 6, 78);
    expect(Math.abs(r.bias)).toBeLessThan(0.4);
  }, 60_000);
});
