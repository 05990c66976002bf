/** Funding/intervention figures carry the tables' numbers; population-based tabulations use the shipped geography. */
import { describe, expect, it } from "vitest";
import { loadPfaBoundaries, loadGeography } from "../src/geography/index";
import {
  crossTabulate, fundedPfaPopulations, interventionSpendShares, loadTable11, loadTable71, loadTable73, loadTable75, pfaOffenceRates,
} from "../src/tables/index";
import { commonSupportStrip, fundingStackedBars, pfaChoropleth } from "../src/figures/funding";
import { crossTabHeatmap, spendShareScatter, yearComparisonBars } from "../src/figures/interventions";

describe("funding figures", () => {
  const t11 = loadTable11();
  it("stacked bars: Surge + VRU per PFA in £m, marked rows hatched", () => {
    const f = fundingStackedBars(t11.rows, { marked: [{ pfa: "Kent", note: "reconstructed" }] });
    const [surge, vru] = f.data as { y: number[]; marker: { pattern: { shape: string[] } } }[];
    surge.y.forEach((s, i) => expect(s + vru.y[i]).toBeCloseTo(t11.rows[i].total / 1e6, 9));
    expect(surge.marker.pattern.shape[11]).toBe("/");
    expect((f.layout.annotations as unknown[]).length).toBe(1);
  });
  it("choropleth: one filled outline per PFA (43) plus the colour bar; unfunded areas grey", () => {
    const geo = loadGeography();
    const values = geo.pfa.code.map((c, i) => ({ code: c, name: geo.pfa.name[i], value: c === "E23000001" ? 5 : c === "E23000005" ? 2 : null, hover: c }));
    const f = pfaChoropleth(loadPfaBoundaries(), values, { title: "t", colorbarTitle: "£" });
    expect(f.data).toHaveLength(44);
    const fills = (f.data as { name: string; fillcolor?: string }[]).slice(0, 43);
    expect(fills.filter((d) => d.fillcolor !== "#e6e6e6")).toHaveLength(2);
    expect(fills.find((d) => d.name === "Metropolitan Police")!.fillcolor).toBe("rgb(8,48,107)"); // the largest value is darkest
  });
});

describe("population-based tabulations (data/geography)", () => {
  it("funded populations: 18 areas, London = Metropolitan Police + City of London", () => {
    const p = fundedPfaPopulations();
    expect(p.size).toBe(18);
    expect(p.get("London")!.codes).toEqual(["E23000001", "E23000034"]);
    const total = [...p.values()].reduce((s, x) => s + x.population, 0);
    expect(total).toBeGreaterThan(38e6);
    expect(total).toBeLessThan(39.5e6);
    for (const x of p.values()) expect(x.populationUnder25).toBeLessThan(x.population);
  });
  it("common support: 42 areas (18 funded), rates per 1,000 from counts and population", () => {
    const a = pfaOffenceRates("Violence with injury", "2019-03");
    expect(a).toHaveLength(42);
    expect(a.filter((x) => x.funded)).toHaveLength(18);
    for (const x of a) expect(x.ratePer1000).toBeCloseTo((1000 * x.count) / x.population, 12);
    expect(() => pfaOffenceRates("Violence with injury", "1999-03")).toThrow(/no Violence with injury count/);
    const f = commonSupportStrip(a.map((x) => ({ name: x.name, funded: x.funded, value: x.count })), { title: "t", xTitle: "x", log: true });
    expect((f.data[0] as { x: number[] }).x).toHaveLength(18);
  });
});

describe("intervention figures", () => {
  it("scatter of spend shares, heatmap of row %, year bars of shares", () => {
    const s = interventionSpendShares(loadTable71());
    const sc = spendShareScatter(s.byVru);
    expect((sc.data[0] as { y: number[] }).y[0]).toBeCloseTo(96.6857, 3);
    const ct = crossTabulate(loadTable73());
    const hm = crossTabHeatmap(ct, { title: "t", xTitle: "x", yTitle: "y" }).data[0] as { y: string[]; z: number[][] };
    expect(hm.y[0]).toBe("Other"); // first row drawn at the bottom
    expect(hm.z[4][3]).toBeCloseTo((100 * 37) / 58, 9);
    const t75 = loadTable75();
    const bars = yearComparisonBars([{ name: "1", column: t75.year1 }, { name: "2", column: t75.year2 }], { title: "t" }).data as { y: number[] }[];
    expect(bars[0].y[1]).toBeCloseTo((100 * 9746) / 103378, 9);
  });
});
