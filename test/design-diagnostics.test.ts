/**
 * Design diagnostics on constructed panels: each flag fires on the unit built to trip it and
 * stays quiet on the unit built not to.
 */
import { describe, expect, it } from "vitest";
import type { Effect } from "../src/effect";
import { designDiagnostics, diagnosticsRows, effectiveNumber } from "../src/estimators/diagnostics";
import { scm } from "../src/estimators/scm/index";
import { designDiagnosticsFigure } from "../src/plots/design-diagnostics";
import type { Panel } from "../src/panel/panel";
import { createRng } from "../src/random";

const T = 20, T0 = 14;

/** Donors: level 10..19, slopes −0.1..0.1, in regions A and B; treated units given as [id, region, level, slope]. */
function panel(treated: [string, string, number, number][]): Panel {
  const rng = createRng(7);
  const rows: [string, string, number, number, boolean][] = [];
  for (let j = 0; j < 10; j++) rows.push([`d${j}`, j < 5 ? "A" : "B", 10 + j, -0.1 + (0.2 * ((j * 7) % 10)) / 9, false]);
  for (const [u, r, l, s] of treated) rows.push([u, r, l, s, true]);
  const N = rows.length, y = new Float64Array(N * T), treatment = new Uint8Array(N * T);
  rows.forEach(([, , l, s, tr], i) => {
    for (let t = 0; t < T; t++) {
      y[i * T + t] = l + s * (t - (T0 - 1) / 2) + 0.5 * Math.sin(t / 2) + 0.02 * rng.normal();
      treatment[i * T + t] = tr && t >= T0 ? 1 : 0;
    }
  });
  return {
    units: rows.map((r) => r[0]), periods: Array.from({ length: T }, (_, t) => String(2000 + t)), outcome: "y", y, treatment, covariates: {},
    attributes: { region: rows.map((r) => r[1]) },
  };
}

const p = panel([
  ["inside", "A", 14.5, 0], // between donors in level and slope, region with donors
  ["high", "A", 30, 0], // above every donor in every pre-period
  ["steep", "B", 14.5, 0.5], // level inside, slope steeper than every donor
  ["lonely", "C", 14.5, 0], // inside, but no donor in its region
]);
const d = designDiagnostics(p, undefined, { region: "region" });
const u = (id: string) => d.units.find((x) => x.unit === id)!;

describe("designDiagnostics: region, range and hull", () => {
  it("counts donors in the treated unit's region and flags a region without any", () => {
    expect(u("inside").donorsInRegion).toBe(5);
    expect(u("lonely").donorsInRegion).toBe(0);
    expect(u("lonely").flags.some((f) => f.startsWith("no donor in its region"))).toBe(true);
    expect(u("inside").flags.some((f) => f.startsWith("no donor"))).toBe(false);
  });

  it("measures the share of pre-periods outside the donors' range", () => {
    expect(u("high").aboveAllDonors).toBe(1);
    expect(u("inside").aboveAllDonors + u("inside").belowAllDonors).toBe(0);
  });

  it("places interpolated units inside the level–trend hull and extrapolated ones outside", () => {
    expect(u("inside").insideHull).toBe(true);
    expect(u("lonely").insideHull).toBe(true);
    expect(u("high").insideHull).toBe(false);
    expect(u("steep").insideHull).toBe(false);
    expect(u("high").hullDistance).toBeGreaterThan(1);
  });

  it("warns that a unit outside the hull is identified by extrapolation only, and only then", () => {
    expect(d.warnings.some((w) => w.startsWith("high is identified by extrapolation only"))).toBe(true);
    expect(d.warnings.some((w) => w.startsWith("steep is identified by extrapolation only"))).toBe(true);
    expect(d.warnings.some((w) => w.startsWith("inside"))).toBe(false);
    expect(u("lonely").extrapolation).toBe(false);
  });

  it("gives one table row per treated unit", () => {
    const rows = diagnosticsRows(d);
    expect(rows.map((r) => r.unit)).toEqual(["inside", "high", "steep", "lonely"]);
    expect(rows[1]["extrapolation only"]).toBe("YES");
  });

  it("rejects a region attribute the panel does not have, naming it", () => {
    expect(() => designDiagnostics(p, undefined, { region: "pfa" })).toThrow(/no unit attribute "pfa"/);
  });
});

describe("designDiagnostics: fit ratio and effective donors", () => {
  it("fit ratio is small where SCM can match the unit and large where it cannot", () => {
    const two = panel([["inside", "A", 14.5, 0], ["high", "A", 30, 0]]);
    const e = scm(two, { v: "equal" });
    const dd = designDiagnostics(two, e);
    const ratio = (id: string) => dd.units.find((x) => x.unit === id)!.fitRatio!;
    expect(ratio("inside")).toBeLessThan(1);
    expect(ratio("high")).toBeGreaterThan(1);
    expect(dd.units.find((x) => x.unit === "high")!.flags.some((f) => f.startsWith("pre-period fit ratio"))).toBe(true);
    expect(dd.units.find((x) => x.unit === "inside")!.effectiveDonors).toBeGreaterThan(0);
  });

  it("effective number of donors is 1/Σw²: 2 for two equal weights, 10 for ten, flagged below 3", () => {
    expect(effectiveNumber([0.5, 0.5, 0])).toBeCloseTo(2, 12);
    expect(effectiveNumber(new Array(10).fill(0.1))).toBeCloseTo(10, 12);
    const one = panel([["inside", "A", 14.5, 0]]);
    const fake = (w: number[]): Effect => ({ method: "scm", settings: {}, att: { estimate: 0 }, periods: [], weights: w.map((weight, k) => ({ unit: `d${k}`, weight })) });
    expect(designDiagnostics(one, fake([0.5, 0.5])).units[0].flags.some((f) => f.startsWith("effective number of donors 2.0"))).toBe(true);
    expect(designDiagnostics(one, fake(new Array(10).fill(0.1))).units[0].flags.some((f) => f.startsWith("effective"))).toBe(false);
  });
});

describe("designDiagnosticsFigure", () => {
  it("draws donors, treated inside and extrapolated treated as three traces", () => {
    const f = designDiagnosticsFigure(d);
    expect(f.data.map((t) => (t.x as number[]).length)).toEqual([10, 2, 2]);
  });
});
