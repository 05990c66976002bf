import { describe, expect, it } from "vitest";
import type { Effect } from "../src/effect";
import { InputError } from "../src/errors";
import {
  REPORT_233, REPORT_PARAMS, REPORT_RECORDED_UNROUNDED, VWI, VWOI,
  analyseRatioBounds, costBenefit, formatChain, inferUnrounded, offencesFromEffect, offencesFromRate, roundingInterval, shortestDecimal, withRecorded,
} from "../src/economics/index";
import { loadHeadlines } from "../src/tables/index";

const round = Math.round;

describe("the report's chain (section 2.3.3), exactly", () => {
  const r = costBenefit(REPORT_PARAMS);
  const [vwoi, vwi] = r.lines;

  it("reproduces every printed number", () => {
    expect(round(vwoi.recorded)).toBe(27_585);
    expect(round(vwoi.avoided)).toBe(41_377);
    expect(round(vwoi.benefit)).toBe(268_125_706);
    expect(round(vwi.recorded)).toBe(2_937);
    expect(round(vwi.avoided)).toBe(7_636);
    expect(round(vwi.benefit)).toBe(117_237_412);
    expect(round(r.totalBenefit)).toBe(385_363_118);
    expect(r.cost).toBe(121_952_973);
    expect(r.ratio.toFixed(2)).toBe("3.16");
    // The printed total is also the sum of the printed parts.
    expect(268_125_706 + 117_237_412).toBe(385_363_118);
  });

  it("keeps intermediate values unrounded", () => {
    expect(vwoi.avoided).toBeCloseTo(41_377.4238, 6);
    expect(vwi.avoided).toBeCloseTo(7_636.124002, 6);
    expect(r.ratio).toBeCloseTo(3.159932, 6);
  });

  it("does NOT reproduce the pounds from the printed (rounded) offences", () => {
    // 41,377 × £6,480 = £268,122,960 (£2,746 short); 27,585 × 1.5 = 41,377.5 would print 41,378.
    expect(41_377 * 6_480).toBe(268_122_960);
    const printed = costBenefit(withRecorded(REPORT_PARAMS, { [VWOI]: 27_585, [VWI]: 2_937 }));
    expect(round(printed.lines[0].avoided)).toBe(41_378);
    expect(round(printed.lines[0].benefit)).not.toBe(268_125_706);
    expect(round(printed.lines[1].benefit)).not.toBe(117_237_412);
  });

  it("agrees with the tables helper's independent transcription of the headlines", () => {
    const h = Object.fromEntries(loadHeadlines().map((e) => [e.item, e]));
    expect(h.vwoi_offences_avoided.estimate).toBe(REPORT_233.lines[0].recorded);
    expect(h.vwoi_costs_avoided.estimate).toBe(REPORT_233.lines[0].benefit);
    expect(h.vwi_costs_avoided.estimate).toBe(REPORT_233.lines[1].benefit);
    expect(h.total_costs.estimate).toBe(REPORT_233.cost);
    expect(h.funded_population.estimate).toBe(REPORT_233.population);
    expect(h.benefit_cost_ratio.ciUpper).toBe(REPORT_233.ratioAtLowerCi);
    expect(h.benefit_cost_ratio_footnote_1.ciUpper).toBe(REPORT_233.ratioAtLowerCiFootnote);
  });

  it("formats the chain with the printed figures and the unrounded ones beside", () => {
    const s = formatChain(r);
    for (const x of ["27,585", "41,377", "£268,125,706", "2,937", "7,636", "£117,237,412", "£385,363,118", "£121,952,973", "3.16", "41377.4238"]) expect(s).toContain(x);
  });
});

describe("inferring the unrounded values behind the printed pounds", () => {
  const [a, b] = inferUnrounded();

  it("finds one consistent interval per offence type, containing the defaults", () => {
    expect(a.consistent && b.consistent).toBe(true);
    expect(a.recordedShortest).toBe(REPORT_RECORDED_UNROUNDED[VWOI]);
    expect(b.recordedShortest).toBe(REPORT_RECORDED_UNROUNDED[VWI]);
    // Interval widths: £1 of rounding over £9,720 (1.5 × £6,480) and £39,917.8 (2.6 × £15,353) per recorded offence.
    expect(a.recorded[1] - a.recorded[0]).toBeCloseTo(1 / 9_720, 12);
    expect(b.recorded[1] - b.recorded[0]).toBeCloseTo(1 / (2.6 * 15_353), 12);
    expect(a.recorded[0]).toBeGreaterThan(27_584.9491);
    expect(a.recorded[1]).toBeLessThan(27_584.9493);
  });

  it("implies the cumulative rates behind '80 per 100,000'", () => {
    expect(a.ratePer100k).toBeCloseTo(80.372, 3);
    expect(b.ratePer100k).toBeCloseTo(8.5572, 4);
    // "80" × 34,321,607 / 100,000 = 27,457 ≠ 27,585: the printed 80 is itself rounded.
    expect(round(offencesFromRate(-80, "per 100,000", REPORT_233.population))).toBe(27_457);
    expect(offencesFromRate(-a.ratePer100k, "per 100,000", REPORT_233.population)).toBeCloseTo(27_584.9492, 6);
  });

  it("pins the without-injury unit cost to within about £0.12 of £6,480", () => {
    expect(a.unitCostRange[0]).toBeGreaterThan(6_479.98);
    expect(a.unitCostRange[1]).toBeLessThan(6_480.11);
    expect(a.fromPrintedRecorded.avoidedRoundsToPrinted).toBe(false);
    expect(a.fromPrintedRecorded.gap).toBeCloseTo(494, 6);
  });

  it("rounding helpers", () => {
    expect(roundingInterval(11.07, 2)[0]).toBeCloseTo(11.065, 12);
    expect(shortestDecimal(27_584.949125, 27_584.949228)).toBe(27_584.9492);
    expect(shortestDecimal(2.2, 3.1)).toBe(3);
  });
});

describe("the range from the CI bounds", () => {
  const x = analyseRatioBounds();

  it("reproduces the printed ratios at the bounds from benefits at the bounds", () => {
    const c = REPORT_233.cost;
    const mid = (i: [number, number]) => (i[0] + i[1]) / 2 / c;
    expect(mid(x.benefitAtUpperCi).toFixed(2)).toBe("0.40");
    expect(mid(x.benefitAtLowerCi).toFixed(2)).toBe("11.07");
    expect(x.benefitAtLowerCi[1] - x.benefitAtLowerCi[0]).toBeCloseTo(0.01 * c, 3);
  });

  it("shows 11.07 (text) and 11.03 (footnote 1) cannot both be right: not a rounding difference", () => {
    expect(x.lowerBoundsAgree).toBe(false);
    expect(x.benefitGap[0]).toBeGreaterThan(3_600_000);
    expect(x.benefitGap[1]).toBeLessThan(6_100_000);
    // In recorded offences: 376–627 without injury, or 92–153 with injury.
    expect(x.gapAsRecorded[0].offences[0]).toBeCloseTo(376.4, 1);
    expect(x.gapAsRecorded[1].offences[1]).toBeCloseTo(152.8, 1);
    // Or a cost base about £0.3–0.6m higher for the footnote.
    expect(x.costBaseFor1103[0]).toBeGreaterThan(122_280_000);
    expect(x.costBaseFor1103[1]).toBeLessThan(122_510_000);
  });
});

describe("offences from an effect", () => {
  const effect: Effect = {
    method: "scm",
    settings: {},
    unit: "per 100,000",
    att: { estimate: -4 },
    periods: [
      { time: "2019-04", relative: 0, observed: 0, counterfactual: 0, effect: -40 },
      { time: "2019-05", relative: 1, observed: 0, counterfactual: 0, effect: -40 },
    ],
    cumulative: [
      { time: "2019-04", effect: -40, ci: [-60, -20] },
      { time: "2019-05", effect: -80, se: 20, ci: [-120, -40] },
    ],
  };

  it("converts the last cumulative value with its CI (negated and swapped)", () => {
    const o = offencesFromEffect(effect, 1_000_000);
    expect(o.time).toBe("2019-05");
    expect(o.estimate).toBeCloseTo(800, 10);
    expect(o.se).toBeCloseTo(200, 10);
    expect(o.ci?.[0]).toBeCloseTo(400, 10);
    expect(o.ci?.[1]).toBeCloseTo(1_200, 10);
    expect(offencesFromEffect(effect, 1_000_000, "2019-04").estimate).toBeCloseTo(400, 10);
  });

  it("names what is wrong", () => {
    expect(() => offencesFromEffect(effect, 1e6, "2020-01")).toThrow(/no cumulative value at period "2020-01"/);
    expect(() => offencesFromEffect({ ...effect, cumulative: undefined }, 1e6)).toThrow(InputError);
    expect(() => offencesFromEffect({ ...effect, unit: "percent" }, 1e6)).toThrow(/not a per-population rate/);
    expect(() => offencesFromEffect(effect, -5)).toThrow(/population must be positive/);
  });
});

describe("input validation", () => {
  it("rejects bad parameters with the field named", () => {
    expect(() => costBenefit({ ...REPORT_PARAMS, cost: 0 })).toThrow(/cost must be a positive number/);
    expect(() => costBenefit({ ...REPORT_PARAMS, offences: [] })).toThrow(InputError);
    const bad = { ...REPORT_PARAMS, offences: [{ ...REPORT_PARAMS.offences[0], multiplier: Number.NaN }] };
    expect(() => costBenefit(bad)).toThrow(/offences\[0\] \(violence without injury\)\.multiplier/);
    const dup = { ...REPORT_PARAMS, offences: [REPORT_PARAMS.offences[0], REPORT_PARAMS.offences[0]] };
    expect(() => costBenefit(dup)).toThrow(/duplicate offence type/);
    expect(() => withRecorded(REPORT_PARAMS, { robbery: 1 })).toThrow(/no offence type "robbery"/);
  });
});
