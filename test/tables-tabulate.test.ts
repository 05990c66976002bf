/**
 * Tabulations and association tests on the report's tables. Reference values from SciPy 1.x:
 *   chi2_contingency(T73, correction=False) → 250.23851861889398, p 4.624067153243274e-44, df 16
 *   spearmanr(allocation, spend/allocation) → 0.6724265949506594 (asymptotic p 0.00223)
 */
import { describe, expect, it } from "vitest";
import {
  averageRanks, chiSquareTest, crossTabulate, fundingPerHead, interventionSpendShares, loadTable11, loadTable71, loadTable73,
  rankCorrelation, shares, spearman, surgeVruSplit, vruFundingTiers,
} from "../src/tables/index";
import { InputError } from "../src/errors";

describe("funding tabulations", () => {
  const t11 = loadTable11();
  it("Surge vs VRU split", () => {
    const s = surgeVruSplit(t11);
    expect(s.programme.surgeShare).toBeCloseTo(104.9 / 174.42, 12);
    expect(s.byPfa.find((r) => r.pfa === "London")!.vruShare).toBeCloseTo(14 / 48.487455, 12);
  });
  it("five VRU funding tiers (section 1.1)", () => {
    const tiers = vruFundingTiers(t11);
    expect(tiers.map((t) => [t.vruPerYear, t.pfas.length])).toEqual([[7e6, 1], [3.37e6, 4], [1.6e6, 2], [1.16e6, 5], [0.88e6, 6]]);
    expect(tiers[1].pfas).toEqual(["West Midlands", "Greater Manchester", "Merseyside", "West Yorkshire"]);
  });
  it("per-head funding needs a population for every PFA", () => {
    const pops = new Map(t11.rows.map((r) => [r.pfa.replace("&", "and"), { population: 1e6, populationUnder25: 3e5 }]));
    const ph = fundingPerHead(t11, pops);
    expect(ph[0].totalPerHead).toBeCloseTo(48.487455, 9);
    expect(ph[10].vruPerHeadUnder25).toBeCloseTo(2_320_000 / 3e5, 9); // "Avon & Somerset" matched "Avon and Somerset"
    pops.delete("Kent");
    expect(() => fundingPerHead(t11, pops)).toThrow(/no population for PFA "Kent"/);
  });
  it("shares add to one and reject an empty total", () => {
    expect(shares([1, 3])).toEqual([0.25, 0.75]);
    expect(() => shares([0, 0])).toThrow(InputError);
  });
});

describe("intervention tabulations", () => {
  it("spend shares and overall share", () => {
    const s = interventionSpendShares(loadTable71());
    expect(s.byVru[0]).toMatchObject({ vru: "London", share: 6_768_000 / 7_000_000, tier: 1 });
    expect(s.overall).toBeCloseTo(22_630_000 / 34_760_000, 2);
  });
  it("cross-tabulation of Table 7.3 with row and column percentages", () => {
    const c = crossTabulate(loadTable73());
    expect(c.rowTotals).toEqual([58, 60, 31, 64, 3]);
    expect(c.colTotals).toEqual([69, 51, 42, 52, 2]);
    expect(c.total).toBe(216);
    expect(c.rowPercent[3][0]).toBeCloseTo((100 * 41) / 64, 12);
    expect(c.colPercent[0][3]).toBeCloseTo((100 * 37) / 52, 12);
    for (const r of c.rowPercent) expect(r.reduce((s, v) => s + v, 0)).toBeCloseTo(100, 10);
  });
});

describe("association tests", () => {
  it("chi-square on Table 7.3 matches SciPy; the Monte-Carlo p is seeded and valid", () => {
    const r = chiSquareTest(loadTable73().counts, { seed: 7, replicates: 2000 });
    expect(r.statistic).toBeCloseTo(250.23851861889398, 9);
    expect(r.df).toBe(16);
    expect(r.pAsymptotic).toBeCloseTo(4.624067153243274e-44, 50);
    expect(r.pAsymptotic / 4.624067153243274e-44).toBeCloseTo(1, 8);
    expect(r.pMonteCarlo).toBe(1 / 2001); // no random table with these margins comes near
    expect(r.shareExpectedBelow5).toBeCloseTo(9 / 25, 12);
    expect(chiSquareTest(loadTable73().counts, { seed: 7, replicates: 2000 })).toEqual(r);
  });
  it("Monte-Carlo p under independence is not small, and is close to the asymptotic p for a large table", () => {
    const r = chiSquareTest([[20, 30], [40, 60]], { seed: 1, replicates: 2000 });
    expect(r.statistic).toBe(0);
    expect(r.pMonteCarlo).toBe(1);
    // 2×2 with n = 200: X² = 4.0 (p = 0.0455 asymptotically)
    const s = chiSquareTest([[60, 40], [46, 54]], { seed: 3, replicates: 4000 });
    expect(Math.abs(s.pMonteCarlo - s.pAsymptotic)).toBeLessThan(0.02);
  });
  it("rejects empty margins and non-counts", () => {
    expect(() => chiSquareTest([[1, 0], [2, 0]], { seed: 1 })).toThrow(/column 2 has no observations/);
    expect(() => chiSquareTest([[1.5, 1], [2, 3]], { seed: 1 })).toThrow(/is not a count/);
  });
  it("Spearman with ties matches SciPy; permutation p and bootstrap CI bracket it", () => {
    const s = interventionSpendShares(loadTable71());
    const x = s.byVru.map((v) => v.fundingAllocation), y = s.byVru.map((v) => v.share);
    expect(spearman(x, y)).toBeCloseTo(0.6724265949506594, 12);
    const r = rankCorrelation(x, y, { seed: 11, replicates: 2000 });
    expect(r.pPermutation).toBeGreaterThan(0.0005);
    expect(r.pPermutation).toBeLessThan(0.01);
    expect(r.ci[0]).toBeLessThan(r.rho);
    expect(r.ci[1]).toBeGreaterThan(r.rho);
    expect(r.ci[0]).toBeGreaterThan(0);
    expect(averageRanks([10, 20, 20, 30])).toEqual(Float64Array.from([1, 2.5, 2.5, 4]));
  });
});
