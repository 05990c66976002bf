/**
 * Monte Carlo summaries (known values) and the coverage study's task plan and per-world fits
 * on one small simulated world.
 */
import { describe, expect, it } from "vitest";
import { drawOf, rejectsNull, summariseDraws } from "../src/compare/monte-carlo";
import { runWorld, studyTasks, summariseStudy, threatCells } from "../src/compare/coverage";
import { coverageFigure, remedySentence, threatSentence } from "../src/plots/coverage";
import { powerFigure } from "../src/plots/power";

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

describe("coverage and power figures", () => {
  const cell = (method: string, threats: string, bias: number, coverage?: number) => ({
    design: "d", method, label: method.toUpperCase(), inference: "inf", scenario: "report", threats, worlds: 100,
    bias: { value: bias, mcse: 0.01 }, ...(coverage !== undefined ? { coverage: { value: coverage, mcse: 0.02 } } : {}),
  });
  const cells = [cell("a", "none", 0, 0.95), cell("a", "covid", 0.5, 0.4), cell("a", "growth", 0.02, 0.9), cell("a", "all", 0.6, 0.3), cell("b", "none", 0.01), cell("b", "covid", 0.015)];
  it("plots coverage only for methods with intervals, bias for all, threats in reading order", () => {
    const f = coverageFigure(cells, { design: "d", scenario: "report", title: "t", biasUnit: "u" });
    expect(f.data).toHaveLength(3); // a: coverage + bias; b: bias only
    expect((f.layout.xaxis as { ticktext: string[] }).ticktext).toEqual(["no threat", "covid only", "growth only", "all threats"]);
    expect((f.data[0].error_y as { array: number[] }).array[0]).toBeCloseTo(0.04, 12);
  });
  it("names the threat that biases a method most, and says so when none does", () => {
    expect(threatSentence(cells, "d", "a", "u")).toMatch(/biases it most on its own is \*\*covid\*\* \(bias 0\.500/);
    expect(threatSentence(cells, "d", "b", "u")).toMatch(/no single threat biases it beyond Monte Carlo error/);
    expect(remedySentence(cells, "d", "covid", "a", "b")).toMatch(/B \(inf\) has bias 0\.015 ± 0\.020 and coverage – \(100 worlds\), against 0\.500 and 0\.40 \(100 worlds\)/);
    expect(remedySentence(cells, "d", "regional", "a", "b")).toBe("");
  });
  it("power figure: one panel per design with the 80% line and the MDEs", () => {
    const pt = (effect: number, v: number) => ({ effect, power: { value: v, mcse: 0.1 }, rightSign: { value: v, mcse: 0.1 } });
    const f = powerFigure([{ name: "x", unit: "u", points: [pt(-1, 0.9), pt(0, 0.05), pt(1, 0.9)], mde: [-0.8, 0.8], report: 0.1 }], { title: "p" });
    expect(f.data).toHaveLength(1);
    expect((f.layout.shapes as unknown[]).length).toBe(4); // 80% line, two MDEs, the report's estimate
  });
});

describe("threatSentence without single-threat cells", () => {
  it("says the cells are missing rather than that no threat biases the method", () => {
    const c = (threats: string) => ({ design: "d", method: "a", label: "A", inference: "i", scenario: "report", threats, worlds: 5, bias: { value: 1, mcse: 0.1 } });
    expect(threatSentence([c("none"), c("all")], "d", "a", "u")).toMatch(/single-threat cells are not in this run/);
  });
});
