import { describe, expect, it } from "vitest";
import { panelFromColumns, treatmentStart } from "../src/panel/panel";

describe("panelFromColumns", () => {
  it("treats a row missing after adoption as a missing cell, not as treatment switching off", () => {
    const p = panelFromColumns({
      unit: ["a", "a", "a", "b", "b", "b", "b"], time: [1, 2, 4, 1, 2, 3, 4],
      outcome: [1, 2, 4, 1, 2, 3, 4], treatment: [0, 1, 1, 0, 0, 0, 0], source: "t",
    });
    expect(Number.isNaN(p.y[2])).toBe(true); // unit a, period 3
    expect(Array.from(p.treatment.subarray(0, 4))).toEqual([0, 1, 1, 1]);
    expect(treatmentStart(p)[0]).toBe(1);
  });

  it("names the unit and period of a duplicate, a bad treatment and a reversal", () => {
    expect(() => panelFromColumns({ unit: ["a", "a"], time: [1, 1], outcome: [1, 2], source: "f.csv" })).toThrow(/f\.csv: duplicate unit-period: unit a, period 1/);
    expect(() => panelFromColumns({ unit: ["a", "a"], time: [1, 2], outcome: [1, 2], treatment: [0, 2], source: "f.csv" })).toThrow(/unit a, period 2\): treatment must be 0 or 1, got 2/);
    expect(() => panelFromColumns({ unit: ["a", "a", "a"], time: [1, 2, 3], outcome: [1, 2, 3], treatment: [0, 1, 0], source: "f.csv" })).toThrow(/treatment of unit a switches off at period 3/);
    expect(() => panelFromColumns({ unit: ["a", "a"], time: [1, 2], outcome: [1, 2], treatment: [1, 1], source: "f.csv" })).toThrow(/unit a is treated from the first period \(1\): it has no pre-period/);
  });
});
