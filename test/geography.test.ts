import { describe, expect, it } from "vitest";
import { loadGeography, loadPfaBoundaries, areaIndices } from "../src/geography/index";

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

describe("England and Wales geography", () => {
  const g = loadGeography();

  it("has every LSOA 2011 and the ONS mid-2019 England and Wales total", () => {
    expect(g.lsoa.code.length).toBe(34753);
    expect(sum(g.lsoa.population)).toBe(59439840);
    for (const level of [g.lad, g.csp, g.pfa]) expect(sum(level.population)).toBe(59439840);
    expect(sum(g.pfa.populationUnder25)).toBe(sum(g.lsoa.populationUnder25));
    // under 25 is between a quarter and a third of the population nationally
    expect(sum(g.lsoa.populationUnder25) / 59439840).toBeGreaterThan(0.25);
    expect(sum(g.lsoa.populationUnder25) / 59439840).toBeLessThan(0.35);
  });

  it("maps every LSOA to exactly one LAD, CSP and PFA, consistently up the tree", () => {
    expect(new Set(g.lsoa.code).size).toBe(g.lsoa.code.length);
    for (let i = 0; i < g.lsoa.code.length; i++) {
      const l = g.lad.index.get(g.lsoa.lad[i]);
      expect(l).toBeDefined();
      const c = g.csp.index.get(g.lsoa.csp[i]);
      expect(c).toBeDefined();
      expect(g.lad.csp[l!]).toBe(g.lsoa.csp[i]);
      expect(g.csp.pfa[c!]).toBe(g.lsoa.pfa[i]);
      expect(g.pfa.index.has(g.lsoa.pfa[i])).toBe(true);
    }
  });

  it("has 43 PFAs, each with a region and a boundary", () => {
    expect(g.pfa.code.length).toBe(43);
    expect(g.pfa.regionCode.every((r) => r !== "")).toBe(true);
    const b = loadPfaBoundaries();
    expect(b.features.length).toBe(43);
    expect(new Set(b.features.map((f) => f.properties.pfa_code))).toEqual(new Set(g.pfa.code));
  });

  it("handles the 2019–2020 district mergers (each merged LAD in one CSP and PFA)", () => {
    const bcp = g.lad.index.get("E06000058")!; // Bournemouth, Christchurch and Poole
    expect(g.lad.pfa[bcp]).toBe("E23000039"); // Dorset
    const bucks = g.lad.index.get("E06000060")!;
    expect(g.lad.pfa[bucks]).toBe("E23000029"); // Thames Valley
    // 2021 Northamptonshire unitaries map back to 2020 districts in Northamptonshire PFA
    const cw = g.ladCrosswalk;
    const north = cw.lad20.filter((_, i) => cw.lad21[i] === "E06000061");
    expect(north.length).toBeGreaterThan(1);
    for (const l of north) expect(g.lad.pfa[g.lad.index.get(l)!]).toBe("E23000022");
  });

  it("sums LSOAs to the published ONS mid-2019 district totals", () => {
    // ONS mid-2019 LAD estimates (population_lad_mid2019_ageband.csv): Birmingham, Cardiff.
    expect(g.lad.population[g.lad.index.get("E08000025")!]).toBe(1141816);
    expect(g.lad.populationUnder25[g.lad.index.get("E08000025")!]).toBe(164441 + 264149);
    expect(g.lad.population[g.lad.index.get("W06000015")!]).toBe(366903);
  });

  it("names unknown codes in errors", () => {
    expect(() => areaIndices(g.pfa, ["E23000099"])).toThrow(/PFA code "E23000099"/);
  });
});
