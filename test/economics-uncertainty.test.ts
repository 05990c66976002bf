import { describe, expect, it } from "vitest";
import type { Effect } from "../src/effect";
import {
  REPORT_233, REPORT_PARAMS, VWI, VWOI,
  breakEven, checkVruYear2, costBase, costBaseAlternatives, costBenefit, fundingAfterMonths, linspace, monteCarlo,
  quantileFunction, ratioByPeriod, reconstructReportCostBase, reportImpliedRecorded, setCost, setMultiplier, setRecorded, standardInputs,
  surgeYear1Feasible, tornado, twoWayGrid, uncertainFromEffect,
} from "../src/economics/index";
import { normalCdf, normalQuantile } from "../src/stats/normal";
import { loadTable11, loadTable71 } from "../src/tables/index";

describe("uncertain inputs", () => {
  it("a CI input is a two-piece normal matching both bounds", () => {
    const q = quantileFunction({ kind: "ci", estimate: 10, ci: [6, 30] }, "x");
    expect(q(0.5)).toBe(10);
    expect(q(0.025)).toBeCloseTo(6, 10);
    expect(q(0.975)).toBeCloseTo(30, 10);
    expect(() => quantileFunction({ kind: "ci", estimate: 40, ci: [6, 30] }, "recorded")).toThrow(/recorded: CI \[6, 30\] must contain the estimate 40/);
    expect(() => quantileFunction({ kind: "draws", draws: [1, Number.NaN] }, "d")).toThrow(/finite/);
  });
});

describe("Monte Carlo of the benefit-cost ratio", () => {
  const recorded = reportImpliedRecorded();
  const spec = { base: REPORT_PARAMS, recorded, dependence: "comonotone" as const, draws: 100_000, seed: 20210301 };
  const mc = monteCarlo(spec);

  it("is deterministic for a seed", () => {
    const again = monteCarlo({ ...spec, draws: 1_000 });
    expect(monteCarlo({ ...spec, draws: 1_000 }).ratio).toEqual(again.ratio);
    expect(monteCarlo({ ...spec, draws: 1_000, seed: 2 }).ratio).not.toEqual(again.ratio);
  });

  it("with the report-implied uncertainty recovers the report's 0.40–11.07 range and its median 3.16", () => {
    // Quantile MC standard errors at 10^5 draws: about 0.012 (2.5%) and 0.034 (97.5%).
    expect(mc.summary.interval95[0]).toBeGreaterThan(0.40 - 0.05);
    expect(mc.summary.interval95[0]).toBeLessThan(0.40 + 0.05);
    expect(mc.summary.interval95[1]).toBeGreaterThan(11.07 - 0.14);
    expect(mc.summary.interval95[1]).toBeLessThan(11.07 + 0.14);
    expect(mc.summary.median).toBeCloseTo(3.16, 1);
  });

  it("P(ratio > 1) agrees with the closed form for a two-piece normal", () => {
    // Ratio > 1 ⇔ benefits > cost; below the median the benefits are normal with sd (B − 0.40·C)/1.96.
    const b = costBenefit(REPORT_PARAMS).totalBenefit, c = REPORT_233.cost;
    const exact = normalCdf((b - c) / ((b - 0.4 * c) / normalQuantile(0.975)));
    expect(exact).toBeCloseTo(0.9375, 4);
    expect(Math.abs(mc.summary.pAboveOne - exact)).toBeLessThan(4 * mc.summary.pAboveOneMcse);
  });

  it("the shape between the printed quantiles matters: a shifted lognormal gives P(ratio > 1) ≈ 0.908", () => {
    const q = quantileFunction({ kind: "ci", estimate: 3.16, ci: [0.4, 11.07], shape: "shifted lognormal" }, "x");
    expect(q(0.025)).toBeCloseTo(0.4, 10);
    expect(q(0.5)).toBeCloseTo(3.16, 12);
    expect(q(0.975)).toBeCloseTo(11.07, 10);
    const left = quantileFunction({ kind: "ci", estimate: 3, ci: [-5, 6], shape: "shifted lognormal" }, "x");
    expect(left(0.025)).toBeCloseTo(-5, 10);
    expect(left(0.975)).toBeCloseTo(6, 10);
    const r0 = costBenefit(REPORT_PARAMS).ratio, a = r0 - 0.4, b = 11.07 - r0, d = (a * b) / (b - a);
    const exact = 1 - normalCdf(Math.log((1 - (r0 - d)) / d) / (Math.log((d + b) / d) / normalQuantile(0.975)));
    expect(exact).toBeCloseTo(0.9076, 4);
    const ln = monteCarlo({ ...spec, recorded: reportImpliedRecorded(REPORT_PARAMS, 11.07, "shifted lognormal"), draws: 50_000 });
    expect(Math.abs(ln.summary.pAboveOne - exact)).toBeLessThan(4 * ln.summary.pAboveOneMcse);
  });

  it("independent errors across offence types narrow the range", () => {
    const ind = monteCarlo({ ...spec, dependence: "independent", draws: 20_000 });
    expect(ind.summary.interval95[1] - ind.summary.interval95[0]).toBeLessThan(mc.summary.interval95[1] - mc.summary.interval95[0]);
  });

  it("resamples bootstrap draws and validates input", () => {
    const draws = Float64Array.from({ length: 999 }, (_, i) => 20_000 + 15 * i);
    const m = monteCarlo({ base: REPORT_PARAMS, recorded: { [VWOI]: { kind: "draws", draws } }, draws: 5_000, seed: 1 });
    const vwi = REPORT_PARAMS.offences[1];
    const lo = (20_000 * 9_720 + vwi.recorded * 2.6 * 15_353) / REPORT_233.cost;
    expect(Math.min(...m.ratio)).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(() => monteCarlo({ ...spec, draws: 10 })).toThrow(/draws must be an integer ≥ 100/);
    expect(() => monteCarlo({ ...spec, recorded: { robbery: { kind: "fixed", value: 1 } } })).toThrow(/no offence type "robbery"/);
  });

  it("takes an Effect's cumulative CI as the recorded-offence uncertainty", () => {
    const e: Effect = { method: "scm", settings: {}, unit: "per 100,000", att: { estimate: 0 }, periods: [], cumulative: [{ time: "2020-09", effect: -80, ci: [-150, -10] }] };
    const u = uncertainFromEffect(e, REPORT_233.population);
    expect(u.kind).toBe("ci");
    const q = quantileFunction(u, "u");
    expect(q(0.5)).toBeCloseTo(27_457.2856, 6);
    expect(q(0.975)).toBeCloseTo(51_482.41, 1);
  });
});

describe("sensitivity", () => {
  it("tornado: bars sorted by swing, each evaluated by the chain", () => {
    const t = tornado(REPORT_PARAMS, standardInputs(REPORT_PARAMS, { costBases: { low: { name: "VRU only", total: 45_765_000 }, high: { name: "all", total: 136_090_000 } } }));
    expect(t.baseRatio).toBeCloseTo(3.15993, 5);
    for (let i = 1; i < t.bars.length; i++) expect(t.bars[i - 1].swing).toBeGreaterThanOrEqual(t.bars[i].swing);
    const cost = t.bars.find((b) => b.name === "cost base")!;
    expect(cost.ratioAtLow).toBeCloseTo(385_363_118.0267 / 45_765_000, 6);
    const m1 = t.bars.find((b) => b.name.startsWith("multiplier, violence without injury"))!;
    // Multiplier 1 removes a third of the VWOI benefits.
    expect(m1.ratioAtLow).toBeCloseTo((385_363_118.0267 - 268_125_706.224 / 3) / 121_952_973, 6);
  });

  it("two-way multiplier grid matches the chain at the report's point", () => {
    const g = twoWayGrid(REPORT_PARAMS, { name: "m1", values: [1, 1.5, 2], set: setMultiplier(VWOI) }, { name: "m2", values: [1, 2.6], set: setMultiplier(VWI) });
    expect(g.ratio.length).toBe(2);
    expect(g.ratio[1][1]).toBeCloseTo(costBenefit(REPORT_PARAMS).ratio, 12);
    expect(g.ratio[0][0]).toBeLessThan(g.ratio[1][2]);
    expect(linspace(1, 3, 5)).toEqual([1, 1.5, 2, 2.5, 3]);
  });

  it("break-even values", () => {
    // Ratio 1 needs only 485 recorded VWOI offences (others held) — or a cost base of £385m.
    const r = breakEven(REPORT_PARAMS, setRecorded(VWOI), 27_000)!;
    expect(costBenefit({ ...REPORT_PARAMS, offences: [{ ...REPORT_PARAMS.offences[0], recorded: r }, REPORT_PARAMS.offences[1]] }).ratio).toBeCloseTo(1, 12);
    expect(breakEven(REPORT_PARAMS, setMultiplier(VWOI))).toBeCloseTo(0.026381, 6);
    expect(r).toBeCloseTo(485.14, 2);
    expect(breakEven(REPORT_PARAMS, setCost, 1)).toBeCloseTo(385_363_118.03, 1);
  });
});

describe("cost base from Table 1.1 (footnote 14)", () => {
  const rows = loadTable11().rows;

  it("Table 7.1's year-2 VRU allocations are half of Table 1.1's two-year VRU funding", () => {
    expect(checkVruYear2(rows, loadTable71())).toEqual([]);
  });

  it("VRU part is exact: 1.5 × (£69.52m − £6.74m − £1.76m) / 2", () => {
    expect(costBase(rows, { include: "vru" }).total).toBe(45_765_000);
  });

  it("nearest reconstruction and the remaining gap, never forced", () => {
    const [words, whole] = reconstructReportCostBase(rows);
    // Footnote's literal words (only the two VRUs out): £129.7m, far above, and no year-1 Surge total the text allows closes it.
    expect(words.total).toBeCloseTo(129_715_000, 2);
    expect(words.matchWithinPrintedRounding).toBe(false);
    // Whole areas out, Surge split by year in the national £63m/£41.9m proportion: £180,055 short (0.15%).
    expect(whole.total).toBeCloseTo(121_772_917.85, 1);
    expect(whole.gap).toBeCloseTo(-180_055.15, 1);
    // It closes at a year-1 Surge total of £63,397,738 — inside what "£63m" and "£42m" allow (£62.5m–£63.4m).
    expect(whole.surgeYear1ToMatch).toBeCloseTo(63_397_738.29, 1);
    expect(whole.matchWithinPrintedRounding).toBe(true);
    expect(costBase(rows, { surgeYear1Total: whole.surgeYear1ToMatch }).total).toBeCloseTo(REPORT_233.cost, 4);
    expect(surgeYear1Feasible(104_900_000)).toEqual([62_500_000, 63_400_000]);
  });

  it("alternatives and the funding schedule", () => {
    const alt = Object.fromEntries(costBaseAlternatives(rows).map((a) => [a.name, a.total]));
    expect(alt["all SV funding, both years in full"]).toBe(174_420_000);
    expect(alt["all SV funding, all 18 areas"]).toBeCloseTo(136_090_000, 4);
    expect(fundingAfterMonths(rows, 18)).toBeCloseTo(costBase(rows).total, 4);
    expect(fundingAfterMonths(rows, 24, { exclude: [] })).toBeCloseTo(174_420_000, 4);
    expect(() => costBase(rows, { exclude: ["Atlantis"] })).toThrow(/cannot exclude "Atlantis"/);
  });

  it("ratio by period from cumulative effects", () => {
    const months = ["2019-04", "2019-05", "2019-06"];
    const eff = (perMonth: number): Effect => ({
      method: "scm", settings: {}, unit: "per 100,000", att: { estimate: perMonth },
      periods: [{ time: "2019-03", relative: -1, observed: 0, counterfactual: 0, effect: 0 }, ...months.map((t, i) => ({ time: t, relative: i, observed: 0, counterfactual: 0, effect: perMonth }))],
      cumulative: [{ time: "2019-03", effect: 0 }, ...months.map((t, i) => ({ time: t, effect: perMonth * (i + 1), ci: [perMonth * (i + 1) * 2, 0] as [number, number] }))],
    });
    const path = ratioByPeriod(REPORT_PARAMS, { [VWOI]: eff(-4), [VWI]: eff(-0.5) }, REPORT_233.population, (m) => fundingAfterMonths(rows, m));
    expect(path.map((p) => p.months)).toEqual([1, 2, 3]);
    // Benefits and costs both grow linearly here, so the ratio is constant over the months.
    expect(path[2].ratio).toBeCloseTo(path[0].ratio, 10);
    const b = (4 * 9_720 + 0.5 * 2.6 * 15_353) * 343.21607;
    expect(path[0].ratio).toBeCloseTo(b / (costBase(rows, { year2Share: 0 }).total / 12), 8);
    expect(path[0].ratioCi![0]).toBeCloseTo(0, 12);
  });
});
