import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reducedAreaSet, singleAreaPanel, treatedAreas, treatedPopulation, treatedTotal } from "../src/chapter2/areas";
import { alignTruth, compareWithReport, formatEstimate, reportEstimate } from "../src/chapter2/compare";
import { truePercentChange } from "../src/chapter2/hotspots";
import { InputError } from "../src/errors";
import { panelFromColumns } from "../src/panel/panel";

/** 5 sub-areas × 2 periods: a, b treated (PFA Kent, Essex), c control in Kent, d in Wales, e in Sussex; treated from period 2. */
function areas() {
  const units = ["a", "b", "c", "d", "e"], pfa = ["E23000032", "E23000011", "E23000032", "W15000001", "E23000033"];
  const rows = units.flatMap((u, i) => [1, 2].map((t) => ({ u, t, pfa: pfa[i], pop: 100 * (i + 1), y: 10 * (i + 1) + t, d: i < 2 && t === 2 ? 1 : 0 })));
  return panelFromColumns({
    unit: rows.map((r) => r.u), time: rows.map((r) => r.t), outcome: rows.map((r) => r.y), treatment: rows.map((r) => r.d),
    attributes: { pfa: rows.map((r) => r.pfa), population: rows.map((r) => r.pop) }, outcomeName: "violence",
  });
}

describe("chapter 2 area selections", () => {
  it("sums the treated units' population and per-period totals", () => {
    const p = areas();
    expect(treatedPopulation(p)).toBe(100 + 200);
    expect([...treatedTotal(p, p.y)]).toEqual([11 + 21, 12 + 22]);
    expect(() => treatedPopulation(p, "adults")).toThrow(/violence panel has no "adults" attribute/);
  });

  it("one PFA: its treated units and every control", () => {
    expect(singleAreaPanel(areas(), ["E23000032"]).units).toEqual(["a", "c", "d", "e"]);
    expect(() => singleAreaPanel(areas(), ["E23000099"])).toThrow(InputError);
  });

  it("lists the areas holding a treated unit, in the given order", () => {
    const areasList = [{ name: "Kent", codes: ["E23000032"] }, { name: "Sussex", codes: ["E23000033"] }, { name: "Essex", codes: ["E23000011", "E23000099"] }];
    expect(treatedAreas(areas(), areasList).map((a) => a.name)).toEqual(["Kent", "Essex"]);
  });

  it("footnote 8: drops the listed PFAs and Wales", () => {
    expect(reducedAreaSet(areas()).units).toEqual(["b"]);
  });
});

describe("chapter 2 report / here / truth rows", () => {
  const saved = { out: process.env.VRU_OUT, nb: process.env.VRU_NOTEBOOK };
  afterEach(() => {
    if (saved.out === undefined) delete process.env.VRU_OUT; else process.env.VRU_OUT = saved.out;
    if (saved.nb === undefined) delete process.env.VRU_NOTEBOOK; else process.env.VRU_NOTEBOOK = saved.nb;
  });

  it("reads a published estimate with its interval", () => {
    const e = reportEstimate("hospital_admissions_u25");
    expect(e).toMatchObject({ estimate: -0.03, ci: [-0.29, 0.25], section: "2.1" });
    expect(() => reportEstimate("nope")).toThrow(/no headline estimate "nope"/);
  });

  it("formats with a true minus sign and never prints −0", () => {
    expect(formatEstimate({ estimate: -0.03, ci: [-0.29, 0.25] })).toBe("−0.03 [−0.29, 0.25]");
    expect(formatEstimate({ estimate: -0.001 })).toBe("0.00");
  });

  it("says whether the truth is inside the CI and records the row as simulated", () => {
    const out = mkdtempSync(join(tmpdir(), "vru-ch2-"));
    process.env.VRU_OUT = out;
    process.env.VRU_NOTEBOOK = "test-notebook";
    const inside = compareWithReport({ item: "x", section: "2.1", published: { estimate: 1 }, here: { estimate: 0.5, ci: [0, 1] }, truth: 0.8 });
    const outside = compareWithReport({ item: "y", section: "2.1", here: { estimate: 0.5, ci: [0, 1] }, truth: 2 });
    expect(inside["truth inside CI"]).toBe("yes");
    expect(outside).toMatchObject({ "truth inside CI": "no", "report (real data)": "not published" });
    const rows = readFileSync(join(out, "reproduction", "test-notebook.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    // Coverage is a field of the row (reproduction.md writes it as "| truth v | covers" or "misses"), computed unrounded.
    expect(rows.map((r) => [r.item, r.status, r.covers])).toEqual([["x", "simulated", true], ["y", "simulated", false]]);
  });

  it("aligns a true path with an Effect's periods (0 before treatment)", () => {
    expect(alignTruth([{ time: "1" }, { time: "2" }, { time: "3" }], { periods: ["2", "3"], values: [5, 6] })).toEqual([0, 5, 6]);
  });

  it("the hotspot truth: true effect over the counterfactual total, by unit id", () => {
    const p = areas();
    const truth = new Float64Array(p.y.length);
    truth[1] = 2; // unit a, period 2: observed 12 of which 2 is the effect → counterfactual 10
    expect(truePercentChange(p, truth, ["a"], [1], "2", "2")).toBeCloseTo((100 * 2) / 10, 12);
    expect(() => truePercentChange(p, truth, ["zz"], [1], "2", "2")).toThrow(/unit zz is not in the violence panel/);
  });
});
