import { describe, expect, it } from "vitest";
import { readBaseline, regressions, type BaselineRow } from "../src/run/baseline";

const row = (item: string, status: BaselineRow["status"], notebook = "02-7-cost-benefit"): BaselineRow => ({ notebook, item, status });

describe("reproduction baseline", () => {
  it("flags a row that gets worse or disappears, not one that improves or is new", () => {
    const base = [row("£385m", "exact"), row("Figure 2.4", "simulated"), row("Table A3.4", "differs"), row("£3.16", "within CI")];
    const now = [row("£385m", "differs"), row("Table A3.4", "exact"), row("£3.16", "within CI"), row("new item", "differs")];
    expect(regressions(base, now)).toEqual([
      '02-7-cost-benefit: "£385m" exact → differs',
      '02-7-cost-benefit: "Figure 2.4" is no longer recorded (was simulated)',
    ]);
  });

  it("keys rows by notebook and item", () => {
    expect(regressions([row("x", "exact", "a")], [row("x", "exact", "b")])).toEqual(['a: "x" is no longer recorded (was exact)']);
  });

  it("the committed baseline is readable and lists every status once per notebook item", () => {
    const b = readBaseline();
    expect(b.length).toBeGreaterThan(20);
    expect(new Set(b.map((r) => `${r.notebook}/${r.item}`)).size).toBe(b.length);
  });
});
