/**
 * Staggered DiD estimators against published and independently computed results on
 * did::mpdta (county teen employment, minimum-wage rises in 2004, 2006 and 2007; 500
 * counties × 2003–2007; data/reference/mpdta.csv).
 *  - Callaway–Sant'Anna: the numbers printed in R did's vignette / README (4 decimals), so
 *    point estimates must agree within 6e-5. The published standard errors come from did's
 *    multiplier bootstrap (random), ours are the analytic influence-function ones: within 6%.
 *  - Sun–Abraham, imputation, TWFE: computed in R 4.2.2 with lm() and sandwich::vcovCL (script
 *    in data/reference/README.md), to 1e-8.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { numericColumn, readCsv, stringColumn } from "../src/io/csv";
import { referencePath } from "../src/io/paths";
import { panelFromColumns } from "../src/panel/panel";
import { fit } from "../src/estimators/staggered/index";
import { twfe } from "../src/estimators/twfe";

function mpdta() {
  const t = readCsv(referencePath("mpdta.csv"));
  const year = numericColumn(t, "year"), g = numericColumn(t, "first.treat");
  return panelFromColumns({
    unit: stringColumn(t, "countyreal"), time: stringColumn(t, "year"), outcome: numericColumn(t, "lemp"), outcomeName: "lemp",
    treatment: Array.from(year, (y, r) => (g[r] > 0 && y >= g[r] ? 1 : 0)), covariates: { lpop: numericColumn(t, "lpop") }, source: "mpdta.csv",
  });
}
const panel = mpdta();

describe("mpdta.csv", () => {
  it("is the data the reference numbers were computed on", () => {
    expect(createHash("sha256").update(readFileSync(referencePath("mpdta.csv"))).digest("hex")).toBe("2283bea1221a152420f98dfa20f633c5d054ea51d881115c8cd702a97bcd3167");
    expect([panel.units.length, panel.periods.join(",")]).toEqual([500, "2003,2004,2005,2006,2007"]);
  });
});

type Row = { group: string; time: string; estimate: number; se: number };
// did vignette ("Getting started"), att_gt(lemp ~ first.treat, never treated, unconditional).
const PUBLISHED_GT: [string, string, number, number][] = [
  ["2004", "2004", -0.0105, 0.0233], ["2004", "2005", -0.0704, 0.0310], ["2004", "2006", -0.1373, 0.0364], ["2004", "2007", -0.1008, 0.0344],
  ["2006", "2004", 0.0065, 0.0233], ["2006", "2005", -0.0028, 0.0196], ["2006", "2006", -0.0046, 0.0178], ["2006", "2007", -0.0412, 0.0202],
  ["2007", "2004", 0.0305, 0.0150], ["2007", "2005", -0.0027, 0.0164], ["2007", "2006", -0.0311, 0.0179], ["2007", "2007", -0.0261, 0.0167],
];
// did README, xformla = ~lpop, doubly robust (the default est_method).
const PUBLISHED_GT_LPOP: number[] = [-0.0145, -0.0764, -0.1404, -0.1069, -0.0005, -0.0062, 0.0010, -0.0413, 0.0267, -0.0046, -0.0284, -0.0288];

describe("Callaway–Sant'Anna on mpdta (published did results)", () => {
  it("reproduces the group-time ATTs and the simple, dynamic and group aggregations", async () => {
    const e = await fit(panel, { estimator: "cs", replicates: 999, seed: 7 });
    const gt = (e.diagnostics as { groupTime: Row[] }).groupTime;
    expect(gt.map((r) => [r.group, r.time])).toEqual(PUBLISHED_GT.map(([g, t]) => [g, t]));
    PUBLISHED_GT.forEach(([, , att, se], k) => {
      expect(Math.abs(gt[k].estimate - att)).toBeLessThan(6e-5);
      expect(Math.abs(gt[k].se / se - 1)).toBeLessThan(0.06);
    });
    // aggte(type = "simple"): −0.0400 (SE 0.0118).
    expect(Math.abs(e.att.estimate - -0.04)).toBeLessThan(6e-5);
    expect(Math.abs(e.att.se! / 0.0118 - 1)).toBeLessThan(0.06);
    const agg = (e.diagnostics as { aggregations: { dynamic: { overall: Row; byEvent: (Row & { event: number })[] }; group: { overall: Row } } }).aggregations;
    // aggte(type = "dynamic"): overall −0.0772; e = −3…3 as printed in the vignette.
    expect(Math.abs(agg.dynamic.overall.estimate - -0.0772)).toBeLessThan(6e-5);
    const dyn = [0.0305, -0.0006, -0.0245, -0.0199, -0.051, -0.1373, -0.1008];
    expect(agg.dynamic.byEvent.map((r) => r.event)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    agg.dynamic.byEvent.forEach((r, k) => expect(Math.abs(r.estimate - dyn[k])).toBeLessThan(6e-5));
    expect(e.periods.map((p) => p.relative)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    // aggte(type = "group"): overall −0.0310.
    expect(Math.abs(agg.group.overall.estimate - -0.031)).toBeLessThan(6e-5);
    // Uniform bands are wider than pointwise ones.
    const p0 = e.periods.find((p) => p.relative === 0)!;
    expect((p0.ci![1] - p0.ci![0]) / (2 * p0.se!)).toBeGreaterThan(1.96);
  });

  it("with lpop as a covariate: doubly robust, and ipw / reg close to it", async () => {
    const dr = await fit(panel, { estimator: "cs", covariates: ["lpop"], replicates: 0 });
    const gt = (dr.diagnostics as { groupTime: Row[] }).groupTime;
    PUBLISHED_GT_LPOP.forEach((att, k) => expect(Math.abs(gt[k].estimate - att)).toBeLessThan(6e-5));
    for (const method of ["ipw", "reg"] as const) {
      const e = await fit(panel, { estimator: "cs", covariates: ["lpop"], method, replicates: 0 });
      expect(Math.abs(e.att.estimate - dr.att.estimate)).toBeLessThan(0.001);
    }
  });

  it("not-yet-treated controls and a universal base period follow did's definitions", async () => {
    const ny = await fit(panel, { estimator: "cs", control: "notyet", replicates: 0 });
    const gt = (ny.diagnostics as { groupTime: (Row & { nControl: number })[] }).groupTime;
    // ATT(2004, 2004) compares with never-treated plus the 2006 and 2007 cohorts (not yet treated in 2004).
    expect(gt[0].nControl).toBe(309 + 40 + 131);
    // ATT(2007, t) has only never-treated controls in 2007.
    expect(gt.find((r) => r.group === "2007" && r.time === "2007")!.nControl).toBe(309);
    const uni = await fit(panel, { estimator: "cs", basePeriod: "universal", replicates: 0 });
    const ugt = (uni.diagnostics as { groupTime: Row[] }).groupTime;
    expect(ugt.find((r) => r.group === "2006" && r.time === "2005")!.estimate).toBe(0);
    // Post-treatment cells do not depend on the base-period convention.
    const post = (rows: Row[]) => rows.filter((r) => Number(r.time) >= Number(r.group)).map((r) => r.estimate);
    expect(post(ugt)).toEqual(post((await fit(panel, { estimator: "cs", replicates: 0 })).diagnostics!.groupTime as Row[]));
  });
});

describe("Sun–Abraham, imputation and TWFE on mpdta (R lm + sandwich)", () => {
  it("Sun–Abraham interaction-weighted ATT and event study", async () => {
    const e = await fit(panel, { estimator: "sa" });
    expect(Math.abs(e.att.estimate - -0.0399512752)).toBeLessThan(1e-8);
    expect(Math.abs(e.att.se! - 0.0117962774)).toBeLessThan(1e-8);
    const ref: Record<number, [number, number]> = {
      [-4]: [0.0033063567, 0.0245550955], [-3]: [0.0250218296, 0.0181543444], [-2]: [0.024458745, 0.0142667922],
      0: [-0.0199318168, 0.011857539], 1: [-0.0509573671, 0.0168706784], 2: [-0.1372587389, 0.036589476], 3: [-0.1008113631, 0.0345042719],
    };
    for (const p of e.periods) {
      if (p.relative === -1) { expect(p.effect).toBe(0); continue; }
      expect(Math.abs(p.effect - ref[p.relative][0])).toBeLessThan(1e-8);
      expect(Math.abs(p.se! - ref[p.relative][1])).toBeLessThan(1e-8);
    }
  });

  it("BJS imputation ATT, event study and conservative SEs", async () => {
    const e = await fit(panel, { estimator: "imputation" });
    expect(Math.abs(e.att.estimate - -0.0477099183)).toBeLessThan(1e-8);
    expect(Math.abs(e.att.se! - 0.0132224887)).toBeLessThan(1e-8);
    const ref = [[-0.0310669272, 0.0135772497], [-0.0522348567, 0.0188124268], [-0.1360781144, 0.0353419721], [-0.1047074716, 0.0337658534]];
    expect(e.periods.map((p) => p.relative)).toEqual([0, 1, 2, 3]);
    e.periods.forEach((p, k) => {
      expect(Math.abs(p.effect - ref[k][0])).toBeLessThan(1e-8);
      expect(Math.abs(p.se! - ref[k][1])).toBeLessThan(1e-8);
    });
  });

  it("the Bacon decomposition reproduces the TWFE coefficient exactly", async () => {
    const e = await fit(panel, { estimator: "bacon" });
    const d = e.diagnostics as { twfe: number; reproduced: number; weightSum: number; byType: { type: string; weight: number }[]; comparisons: { weight: number }[] };
    expect(Math.abs(e.att.estimate - -0.036548936674)).toBeLessThan(1e-10);
    expect(Math.abs(e.att.estimate - twfe(panel, { covariates: [] }).att.estimate)).toBeLessThan(1e-12);
    expect(Math.abs(d.weightSum - 1)).toBeLessThan(1e-10);
    expect(Math.abs(d.reproduced - d.twfe)).toBeLessThan(1e-10);
    expect(d.byType.map((t) => t.type)).toEqual(["treated vs never", "earlier vs later", "later vs earlier"]);
    expect(d.comparisons.length).toBe(9);
    for (const c of d.comparisons) expect(c.weight).toBeGreaterThan(0);
  });
});
