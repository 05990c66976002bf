import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors";
import { panelFromColumns, type Panel } from "../src/panel/panel";
import {
  monthIndex, monthLabel, monthRange, quarterOf, quarterStart, quarterRange, financialYearOf, financialQuarterOf,
  financialQuarterStart, monthOfDate, monthOfYear, checkMonthlyPeriods, EVENTS, WINDOWS,
} from "../src/panel/calendar";
import { validatePanel, missingness } from "../src/panel/validate";
import { countsToRates, ratesToCounts } from "../src/panel/rates";
import { aggregatePanel } from "../src/panel/aggregate";
import { loadPanelCsv } from "../src/panel/load";

describe("calendar", () => {
  it("uses the report's month index (January 2012 = 0, month 101 = June 2020)", () => {
    expect(monthIndex("2012-01")).toBe(0);
    expect(monthIndex("2020-06")).toBe(101);
    expect(monthLabel(101)).toBe("2020-06");
    expect(monthLabel(-1)).toBe("2011-12");
    for (let k = -30; k < 200; k++) expect(monthIndex(monthLabel(k))).toBe(k);
    expect(monthIndex(EVENTS.surge)).toBe(87);
    expect(EVENTS).toEqual({ surge: "2019-04", vru: "2019-09", covid: "2020-04" });
  });
  it("has the report's 66-month police recorded crime window", () => {
    expect(monthRange(WINDOWS.policeRecordedCrime.from, WINDOWS.policeRecordedCrime.to)).toHaveLength(66);
  });
  it("gives quarters and financial years", () => {
    expect(quarterOf("2019-04")).toBe("2019-Q2");
    expect(quarterOf("2020-12")).toBe("2020-Q4");
    expect(quarterStart("2019-Q3")).toBe("2019-07");
    expect(quarterRange("2019-02", "2019-10")).toEqual(["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]);
    expect(financialYearOf("2019-04")).toBe("2019/20");
    expect(financialYearOf("2020-03")).toBe("2019/20");
    expect(financialYearOf("2099-12")).toBe("2099/00");
    expect(financialQuarterOf("2019-04")).toBe(1);
    expect(financialQuarterOf("2020-01")).toBe(4);
    expect(financialQuarterStart("2019/20", 4)).toBe("2020-01");
    expect(financialQuarterStart("2015-16", 1)).toBe("2015-04");
    expect(monthOfDate("2020-02-15")).toBe("2020-02");
    expect(monthOfYear("2011-12")).toBe(12);
  });
  it("rejects malformed months and out-of-order or gappy periods, naming them", () => {
    expect(() => monthIndex("2020-13")).toThrow(/2020-13/);
    expect(() => monthIndex("June 2020")).toThrow(InputError);
    expect(() => financialQuarterStart("2019/21", 1)).toThrow(/2019\/21/);
    expect(() => checkMonthlyPeriods(["2020-01", "2019-12"])).toThrow(/out of order: 2019-12 comes after 2020-01/);
    expect(() => checkMonthlyPeriods(["2020-01", "2020-03"])).toThrow(/months missing between 2020-01 and 2020-03/);
  });
});

function small(): Panel {
  // 3 LSOAs in 2 CSPs, 4 months; counts
  return panelFromColumns({
    unit: ["a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"],
    time: ["2019-01", "2019-02", "2019-03", "2019-04", "2019-01", "2019-02", "2019-03", "2019-04", "2019-01", "2019-02", "2019-03", "2019-04"],
    outcome: [1, 2, 3, 4, 10, 20, 30, 40, 5, 5, NaN, 5],
    treatment: [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0],
    attributes: { csp: ["X", "X", "X", "X", "X", "X", "X", "X", "Y", "Y", "Y", "Y"], pop: [1000, 1000, 1000, 1000, 3000, 3000, 3000, 3000, 2000, 2000, 2000, 2000] },
    outcomeName: "vwi",
  });
}

describe("validation", () => {
  it("accepts a good panel and summarises missingness", () => {
    const p = validatePanel(small(), { monthly: true });
    const m = missingness(p);
    expect(m.missing).toBe(1);
    expect(m.byUnit).toEqual([{ unit: "c", missing: 1, first: "2019-03", last: "2019-03" }]);
    expect(m.byPeriod).toEqual([0, 0, 1, 0]);
    expect(m.map[2 * 4 + 2]).toBe(1);
  });
  it("rejects each kind of bad input with a message naming the unit and period", () => {
    const base = { unit: ["a", "a", "b", "b"], time: ["2019-01", "2019-02", "2019-01", "2019-02"], outcome: [1, 2, 3, 4] };
    expect(() => panelFromColumns({ ...base, unit: ["a", "a", "a", "b"] })).toThrow(/duplicate unit-period: unit a, period 2019-01/);
    expect(() => panelFromColumns({ ...base, outcome: [1, "x" as unknown as number, 3, 4] })).toThrow(/row 2 \(unit a, period 2019-02\).*not a number/);
    expect(() => panelFromColumns({ ...base, treatment: [1, 1, 0, 0] })).toThrow(/unit a is treated from the first period/);
    expect(() => panelFromColumns({ ...base, unit: ["a", "a", "a", "b"], time: ["2019-01", "2019-02", "2019-03", "2019-01"], outcome: [1, 2, 3, 4], treatment: [0, 1, 0, 0] })).toThrow(/treatment of unit a switches off at period 2019-03/);
    const gap = panelFromColumns({ ...base, time: ["2019-01", "2019-03", "2019-01", "2019-03"] });
    expect(() => validatePanel(gap, { monthly: true })).toThrow(/months missing between 2019-01 and 2019-03/);
    const zero = panelFromColumns({ ...base, outcome: [0, 0, 3, 4] });
    expect(() => validatePanel(zero)).toThrow(/unit a is zero in every period/);
    const miss = small();
    expect(() => validatePanel(miss, { allowMissing: false })).toThrow(/missing for unit c at 2019-03/);
    const unordered: Panel = { ...small(), periods: ["2019-02", "2019-01", "2019-03", "2019-04"] };
    expect(() => validatePanel(unordered, { monthly: true })).toThrow(/out of order/);
  });
});

describe("rates and aggregation", () => {
  it("converts counts to rates per 100,000 and back exactly", () => {
    const p = small();
    const r = countsToRates(p, "pop", "per 100,000");
    expect(r.unit).toBe("per 100,000");
    expect(r.y[0]).toBeCloseTo(100, 12); // 1 per 1,000 people = 100 per 100,000
    const back = ratesToCounts(r, "pop");
    for (let k = 0; k < p.y.length; k++) expect(Number.isNaN(p.y[k]) ? Number.isNaN(back.y[k]) : Math.abs(back.y[k] - p.y[k]) < 1e-9).toBe(true);
    expect(() => countsToRates(r, "pop")).toThrow(/already in "per 100,000"/);
    expect(() => countsToRates(p, "nope")).toThrow(/no attribute "nope"/);
  });
  it("aggregates counts by sum and rates by population weight, with treatment agreement", () => {
    const p = small();
    expect(() => aggregatePanel(p, { parent: "csp" })).not.toThrow();
    const c = aggregatePanel(p, { parent: "csp", population: "pop" });
    expect(c.units).toEqual(["X", "Y"]);
    expect(Array.from(c.y.subarray(0, 4))).toEqual([11, 22, 33, 44]);
    expect(Number.isNaN(c.y[6])).toBe(true);
    expect(c.attributes.population).toEqual([4000, 2000]);
    expect(Array.from(c.treatment)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const skip = aggregatePanel(p, { parent: ["Z", "Z", "Z"], missing: "skip", treatment: "any" });
    expect(skip.y[2]).toBe(33); // c is missing in 2019-03: the observed children are summed
    expect(Number.isNaN(aggregatePanel(p, { parent: ["Z", "Z", "Z"], treatment: "any" }).y[2])).toBe(true);
    // rates: the population-weighted rate equals the rate of the summed counts
    const r = aggregatePanel(countsToRates(p, "pop"), { parent: "csp", population: "pop" });
    expect(r.y[0]).toBeCloseTo((11 / 4000) * 1e5, 9);
    expect(() => aggregatePanel(countsToRates(p, "pop"), { parent: "csp" })).toThrow(/give the population/);
    const mixed = aggregatePanel(p, { parent: ["Z", "Z", "Z"], treatment: "any" });
    expect(mixed.treatment[2]).toBe(1);
    const disagree = { ...p, treatment: Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]) };
    expect(() => aggregatePanel(disagree, { parent: "csp" })).toThrow(/children of X disagree on treatment at 2019-03/);
  });
});

describe("DuckDB long-CSV loading", () => {
  const dir = mkdtempSync(join(tmpdir(), "vru-load-"));
  const write = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };
  const spec = { unit: "area", time: "month", outcome: "count", treatment: "treated", covariates: ["ss"], attributes: ["pfa", "pop"] };

  it("loads a long CSV into the same Panel as panelFromColumns", async () => {
    const f = write("ok.csv", "area,month,count,treated,ss,pfa,pop\nb,2019-02,4,1,0.5,P,300\na,2019-01,1,0,,Q,100\na,2019-02,NA,0,1,Q,100\nb,2019-01,3,0,0.25,P,300\n");
    const p = await loadPanelCsv(f, spec);
    expect(p.units).toEqual(["a", "b"]);
    expect(p.periods).toEqual(["2019-01", "2019-02"]);
    expect(Array.from(p.y)).toEqual([1, NaN, 3, 4]);
    expect(Array.from(p.treatment)).toEqual([0, 0, 0, 1]);
    expect(Array.from(p.covariates.ss)).toEqual([NaN, 1, 0.25, 0.5]);
    expect(p.attributes).toEqual({ pfa: ["Q", "P"], pop: [100, 300] });
  });
  it("rejects bad files naming the column, row, unit and period", async () => {
    await expect(loadPanelCsv(write("m.csv", "area,month,treated,ss,pfa,pop\na,2019-01,0,1,P,1\n"), spec)).rejects.toThrow(/missing column "count"/);
    await expect(loadPanelCsv(write("u.csv", "zone,month,count,treated,ss,pfa,pop\na,2019-01,1,0,1,P,1\n"), spec)).rejects.toThrow(/missing column "area"/);
    await expect(loadPanelCsv(write("e.csv", "area,month,count,treated,ss,pfa,pop\na,2019-01,1,0,1,P,1\n,2019-02,1,0,1,P,1\n"), spec)).rejects.toThrow(/row 3 has an empty unit or time/);
    await expect(loadPanelCsv(write("d.csv", "area,month,count,treated,ss,pfa,pop\na,2019-01,1,0,1,P,1\na,2019-01,2,0,1,P,1\n"), spec)).rejects.toThrow(/duplicate unit-period: unit a, period 2019-01/);
    await expect(loadPanelCsv(write("n.csv", "area,month,count,treated,ss,pfa,pop\na,2019-01,1,0,1,P,1\na,2019-02,lots,0,1,P,1\n"), spec)).rejects.toThrow(/row 3 \(unit a, period 2019-02\): column "count" is not a number: "lots"/);
    await expect(loadPanelCsv(write("t.csv", "area,month,count,treated,ss,pfa,pop\na,2019-01,1,1,1,P,1\na,2019-02,2,1,1,P,1\n"), spec)).rejects.toThrow(/unit a is treated from the first period/);
    await expect(loadPanelCsv(write("a.csv", "area,month,count,treated,ss,pfa,pop\na,2019-01,1,0,1,P,1\na,2019-02,2,0,1,R,1\n"), spec)).rejects.toThrow(/attribute "pfa" of unit a is not constant/);
    await expect(loadPanelCsv(join(dir, "absent.csv"), spec)).rejects.toThrow(InputError);
  });
});

import { groupMeans, topShare } from "../src/panel/summaries";
describe("summaries", () => {
  it("group means skip missing cells; top share orders units by total", () => {
    const p = small();
    const g = groupMeans(p, "csp");
    expect(g.map((s) => s.group)).toEqual(["X", "Y"]);
    expect(g[0].mean).toEqual([5.5, 11, 16.5, 22]);
    expect(g[1].mean[2]).toBeNaN();
    expect(g[0].lower[0]).toBeLessThan(5.5);
    expect(topShare(p, 1 / 3)).toBeCloseTo(100 / (10 + 100 + 15), 12);
    expect(() => groupMeans(p, "csp", "nope")).toThrow(/no covariate "nope"/);
  });
});

import { panelFromDataFrame } from "../src/panel/from-dataframe";
describe("panel from a DataFrame", () => {
  const df = (cols: Record<string, unknown[]>) => ({ columns: Object.keys(cols), column: (k: string) => ({ values: cols[k] }) });
  it("builds the same Panel and names bad columns and values", () => {
    const p = panelFromDataFrame(df({ area: ["a", "a", "b", "b"], month: ["2019-01", "2019-02", "2019-01", "2019-02"], y: [1, 2, "3", null], d: [0, 1, 0, 0] }), { unit: "area", time: "month", outcome: "y", treatment: "d" });
    expect(Array.from(p.y)).toEqual([1, 2, 3, NaN]);
    expect(p.treatment[1]).toBe(1);
    expect(() => panelFromDataFrame(df({ area: ["a"], month: ["2019-01"] }), { unit: "area", time: "month", outcome: "y" })).toThrow(/missing column "y"/);
    expect(() => panelFromDataFrame(df({ area: ["a"], month: ["2019-01"], y: ["many"] }), { unit: "area", time: "month", outcome: "y" })).toThrow(/row 1, column "y": "many" is not a number/);
  });
});
