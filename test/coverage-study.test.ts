/**
 * Monte Carlo summaries (known values) and the coverage study's task plan and per-world fits
 * on one small simulated world.
 */
import { describe, expect, it } from "vitest";
import { drawOf, rejectsNull, summariseDraws } from "../src/compare/monte-carlo";
import { runWorld, studyTasks, summariseStudy, threatCells } from "../src/compare/coverage";

describe("summariseDraws", () => {
  const draws = [
    { estimate: 1, truth: 0, ci: [-0.5, 2.5] as [number, number], rejects: false },
    { estimate: -1, truth: 0, ci: [-2.5, 0.5] as [number, number], rejects: false },
    { estimate: 3, truth: 0, ci: [2, 4] as [number, number], rejects: true },
    { estimate: 1, truth: 0, ci: [0.5, 1.5] as [number, number], rejects: true },
  ];
  const s = summariseDraws(draws);
  it("bias, RMSE, coverage, rejection and width with their MC SEs", () => {
    expect(s.bias.value).toBe(1);
    expect(s.bias.mcse).toBeCloseTo(Math.sqrt(8 / 3) / 2, 12); // sd of errors 1,−1,3,1 over √4
    expect(s.rmse.value).toBeCloseTo(Math.sqrt(3), 12);
    expect(s.coverage!.value).toBe(0.5);
    expect(s.coverage!.mcse).toBeCloseTo(0.25, 12);
    expect(s.rejection!.value).toBe(0.5);
    expect(s.width!.value).toBe(2.25); // widths 3, 3, 2, 1
  });
  it("leaves out coverage and rejection when no draw has an interval or a test", () => {
    const t = summariseDraws([{ estimate: 1, truth: 0 }, { estimate: 2, truth: 0 }]);
    expect(t.coverage).toBeUndefined();
    expect(t.rejection).toBeUndefined();
  });
  it("rejects by p when there is one, else by the interval", () => {
    expect(rejectsNull({ estimate: 1, p: 0.2, ci: [0.5, 1.5] }, 0.05)).toBe(false);
    expect(rejectsNull({ estimate: 1, ci: [0.5, 1.5] }, 0.05)).toBe(true);
    expect(rejectsNull({ estimate: 1 }, 0.05)).toBeUndefined();
    expect(drawOf({ estimate: 1, ci: [-1, 3] }, 0, 0.05)).toEqual({ estimate: 1, truth: 0, ci: [-1, 3], rejects: false });
  });
});

describe("coverage study plan", () => {
  it("cells are none, each threat but stopsearch alone, and all", () => {
    expect(threatCells().map((c) => c.name)).toEqual(["none", "covid", "growth", "selection", "regional", "all"]);
  });
  it("pairs seeds across cells and runs costly methods and the LSOA design on the first worlds only", () => {
    const tasks = studyTasks({ worlds: 4, costlyWorlds: 2, lsoaWorlds: 1, seed: 1, scenarios: ["report", "null"], cells: threatCells(), designs: ["pfa-homicide", "lsoa-hotspots"] });
    expect(tasks).toHaveLength(2 * 6 * 4);
    expect(tasks[0].seed).toBe(tasks[4].seed);
    expect(tasks[0].designs).toContain("lsoa-hotspots");
    expect(tasks[1].designs).not.toContain("lsoa-hotspots");
    expect(tasks[1].methods).toContain("scm-placebo");
    expect(tasks[2].methods).not.toContain("scm-placebo");
    expect(tasks[2].methods).toContain("gsynth-ife");
  });
  it("rejects an unknown design or method by name", () => {
    expect(() => studyTasks({ worlds: 1, seed: 1, scenarios: ["null"], cells: threatCells(), designs: ["pfa-homicide"], methods: ["nope"] })).toThrow(/unknown method "nope"/);
  });
});

describe("runWorld", () => {
  it("fits the homicide design in one no-threat world and summarises it against its truth", async () => {
    const task = { seed: 3, scenario: "report" as const, threats: [], cell: "none", designs: ["pfa-homicide" as const], methods: ["twfe-cr1", "its"], alpha: 0.05 };
    const r = await runWorld(undefined, task);
    expect(r.map((x) => x.method)).toEqual(["twfe-cr1", "its"]);
    for (const x of r) {
      expect(x.error).toBeUndefined();
      expect(x.draw!.truth).toBeCloseTo(0.32, 6); // the report's homicide effect, per 1,000,000 a quarter
      expect(x.draw!.ci).toHaveLength(2);
    }
    const cells = summariseStudy([task], [r]);
    expect(cells.map((c) => [c.method, c.worlds, c.threats])).toEqual([["twfe-cr1", 1, "none"], ["its", 1, "none"]]);
  });
});
