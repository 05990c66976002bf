/**
 * The synthetic-control estimator beyond the reference numbers: recovery of a known
 * synthetic control, several treated units, V options, clear errors, inference
 * (deterministic across thread counts), and the CLI.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scm, scmFits } from "../src/estimators/scm/index";
import { averagePlaceboTest, leaveOneOut, placeboInSpace, placeboInTime, withPlaceboInference } from "../src/estimators/scm/inference";
import { PROP99_OPTIONS, loadProp99 } from "../src/reference/scm-specs";
import { InputError } from "../src/errors";
import { panelFromColumns, type Panel } from "../src/panel/panel";
import { createRng } from "../src/random";
import { main } from "../src/cli/main";
import { markTreated } from "../src/estimators/scm/design";
import { balanceTable, placeboSpaghettiPlot, rmspeRatioHistogram, weightsBarPlot } from "../src/plots/scm";

/**
 * 10 units × 24 periods from a two-factor model; unit "T" is exactly 0.5·D1 + 0.3·D2 + 0.2·D3
 * before period 16 and that plus `effect` from period 16 on.
 */
function simulated(effect = 5, seed = 3, staggered = false): { panel: Panel; rows: { unit: string; time: number; y: number; x: number; d: number }[] } {
  const rng = createRng(seed);
  const T = 24, donors = 9;
  const f1 = Array.from({ length: T }, (_, t) => Math.sin(t / 3)), f2 = Array.from({ length: T }, (_, t) => t / 10);
  const ys: number[][] = [];
  for (let i = 0; i < donors; i++) {
    const l1 = rng.normal(), l2 = rng.normal(), a = 10 + rng.normal();
    ys.push(f1.map((_, t) => a + l1 * f1[t] + l2 * f2[t] + 0.3 * rng.normal()));
  }
  const treated = f1.map((_, t) => 0.5 * ys[0][t] + 0.3 * ys[1][t] + 0.2 * ys[2][t] + (t >= 16 ? effect : 0));
  const rows: { unit: string; time: number; y: number; x: number; d: number }[] = [];
  ys.forEach((y, i) => y.forEach((v, t) => rows.push({ unit: `D${i + 1}`, time: 2000 + t, y: v, x: i + t / 100, d: staggered && i === 8 && t >= 18 ? 1 : 0 })));
  treated.forEach((v, t) => rows.push({ unit: "T", time: 2000 + t, y: v, x: 0.5 + t / 100, d: t >= 16 ? 1 : 0 }));
  const panel = panelFromColumns({
    unit: rows.map((r) => r.unit), time: rows.map((r) => r.time), outcome: rows.map((r) => r.y), outcomeName: "y",
    treatment: rows.map((r) => r.d), covariates: { x: rows.map((r) => r.x), one: rows.map(() => 1) },
  });
  return { panel, rows };
}

describe("synthetic control on a panel with a known answer", () => {
  const { panel } = simulated();

  it("recovers the true weights and effect when the treated unit is a convex combination of donors", () => {
    const e = scm(panel); // default: the outcome in every pre-period; treated unit from the indicator
    const w = Object.fromEntries(e.weights!.map((x) => [x.unit, x.weight]));
    expect(w.D1).toBeCloseTo(0.5, 6);
    expect(w.D2).toBeCloseTo(0.3, 6);
    expect(w.D3).toBeCloseTo(0.2, 6);
    expect(e.att.estimate).toBeCloseTo(5, 6);
    expect(e.diagnostics!.preMSPE as number).toBeLessThan(1e-12);
    expect(e.periods[16]).toMatchObject({ time: "2016", relative: 0 });
    // The nested search reached the bound no V can beat: a certified global minimum.
    expect((e.diagnostics!.optimiser as { globalOptimum: boolean }).globalOptimum).toBe(true);
  });

  it("is invariant to the order of units and equivariant to the outcome's scale", () => {
    const { rows } = simulated(5, 8);
    const build = (rs: typeof rows, scale = 1) => panelFromColumns({
      unit: rs.map((r) => r.unit), time: rs.map((r) => r.time), outcome: rs.map((r) => r.y * scale), outcomeName: "y", treatment: rs.map((r) => r.d),
    });
    const a = scm(build(rows));
    const b = scm(build([...rows].reverse()));
    const c = scm(build(rows, 10));
    const w = (e: typeof a) => Object.fromEntries(e.weights!.map((x) => [x.unit, x.weight]));
    for (const [unit, x] of Object.entries(w(a))) {
      expect(w(b)[unit]).toBeCloseTo(x, 8);
      expect(w(c)[unit]).toBeCloseTo(x, 8);
    }
    expect(b.att.estimate).toBeCloseTo(a.att.estimate, 8);
    expect(c.att.estimate).toBeCloseTo(10 * a.att.estimate, 6);
  });

  it("equal and regression-based V are available and never beat the nested search on its own loss", () => {
    const nested = scmFits(panel, { spec: { predictors: [{ variable: "y", from: 2000, to: 2007 }, { variable: "y", from: 2008, to: 2015 }, { variable: "x", from: 2000, to: 2015 }] } });
    for (const v of ["equal", "regression"] as const) {
      const other = scmFits(panel, { v, spec: { predictors: [{ variable: "y", from: 2000, to: 2007 }, { variable: "y", from: 2008, to: 2015 }, { variable: "x", from: 2000, to: 2015 }] } });
      expect(other.fits[0].vMethod).toBe(v);
      expect(other.fits[0].v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(nested.fits[0].fitMSPE).toBeLessThanOrEqual(other.fits[0].fitMSPE + 1e-12);
    }
    expect(scmFits(panel, { v: "equal" }).fits[0].v.every((x) => Math.abs(x - 1 / 16) < 1e-15)).toBe(true);
  });

  it("takes time-invariant unit attributes as predictors (no window needed), also in placebo-in-time", async () => {
    const withArea: Panel = { ...panel, attributes: { area: panel.units.map((_, i) => 10 + i) } };
    const spec = { predictors: [{ variable: "y", from: 2000, to: 2015 }, { variable: "area" }] };
    const r = scmFits(withArea, { spec, v: "equal" });
    const row = r.fits[0].balance[1];
    expect(row.predictor).toBe("area");
    expect(row.treated).toBe(10 + panel.units.indexOf("T"));
    const [pit] = await placeboInTime(withArea, { spec, v: "equal" }, [2010], { threads: 1 });
    expect(pit.fits[0].balance[1].predictor).toBe("area");
    const bad: Panel = { ...panel, attributes: { region: panel.units.map(() => "north") } };
    expect(() => scm(bad, { spec: { predictors: [{ variable: "region" }] } })).toThrow(/attribute "region" of unit D1 is not a number: north/);
  });

  it("several treated units: one synthetic control each, the Effect is their average", () => {
    const both = scmFits(panel, { treatedUnits: ["T", "D9"], treatmentTime: 2016, v: "equal" });
    const t = scmFits(panel, { treatedUnits: ["T"], treatmentTime: 2016, v: "equal", exclude: ["D9"] });
    const d9 = scmFits(panel, { treatedUnits: ["D9"], treatmentTime: 2016, v: "equal", exclude: ["T"] });
    expect(both.effect.att.estimate).toBeCloseTo((t.effect.att.estimate + d9.effect.att.estimate) / 2, 10);
    expect(both.effect.unitEffects!.map((u) => u.unit)).toEqual(["T", "D9"]);
    expect(both.effect.unitEffects![1].att.estimate).toBeCloseTo(d9.effect.att.estimate, 10);
    expect((both.effect.diagnostics!.units as unknown[]).length).toBe(2);
  });

  it("staggered treatment dates are aligned on event time", () => {
    const { panel: stag } = simulated(5, 3, true);
    const r = scmFits(stag, { v: "equal" });
    expect(r.fits.map((f) => [f.unit, f.t0])).toEqual([["D9", 18], ["T", 16]]);
    expect(r.fits[0].donors).not.toContain("T"); // ever-treated units never donate
    expect(r.effect.settings.alignment).toBe("event time");
    expect(r.effect.periods.map((p) => p.relative)).toEqual(Array.from({ length: 22 }, (_, k) => k - 16));
    expect(r.effect.periods[16].time).toBe("0");
    const post = r.effect.periods.filter((p) => p.relative >= 0);
    expect(r.effect.att.estimate).toBeCloseTo(post.reduce((a, p) => a + p.effect, 0) / post.length, 12);
  });
});

describe("clear errors", () => {
  const { panel } = simulated();
  const prop = loadProp99();
  const err = (f: () => unknown, re: RegExp) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(re);
  };

  it("treated unit not in the data", () => err(() => scm(prop, { ...PROP99_OPTIONS, treatedUnits: ["Narnia"] }), /unit "Narnia" is not in the panel/));
  it("predictor window outside the pre-period", () =>
    err(() => scm(prop, { ...PROP99_OPTIONS, spec: { predictors: [{ variable: "cigsale", from: 1985, to: 1990 }] } }), /period 1989 is outside the pre-period \(treatment starts 1989/));
  it("fit window outside the pre-period", () =>
    err(() => scm(prop, { ...PROP99_OPTIONS, spec: { predictors: [{ variable: "cigsale", at: 1980 }], fitWindow: { from: 1970, to: 1995 } } }), /fitWindow: period 1989 is outside the pre-period/));
  it("constant predictor", () => err(() => scm(panel, { spec: { predictors: [{ variable: "y", from: 2000, to: 2015 }, { variable: "one", from: 2000, to: 2015 }] } }), /predictor "one 2000–2015" is constant/));
  it("fewer than 2 donors", () => err(() => scm(panel, { exclude: ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"] }), /donor pool has 1 unit .*needs at least 2/));
  it("unknown variable", () => err(() => scm(prop, { ...PROP99_OPTIONS, spec: { predictors: [{ variable: "income" , at: 1980 }] } }), /"income" is neither the outcome/));
  it("a predictor missing in every period of its window", () =>
    err(() => scm(prop, { ...PROP99_OPTIONS, spec: { predictors: [{ variable: "beer", from: 1970, to: 1980 }, { variable: "cigsale", at: 1980 }] } }), /"beer" is missing for unit .* in every period of the window \(1970…1980\)/));
  it("treatment time outside the panel", () => err(() => scm(prop, { ...PROP99_OPTIONS, treatmentTime: 2050 }), /treatment time 2050 is not a period/));
});

describe("inference", () => {
  const { panel } = simulated(5, 4);

  it("placebo in space is identical with 1 and 2 threads, and feeds the Effect's p-value", async () => {
    const opts = { spec: { predictors: [{ variable: "y", from: 2000, to: 2007 }, { variable: "y", from: 2008, to: 2015 }, { variable: "x", from: 2000, to: 2015 }] }, optimiser: { starts: 4 } };
    const one = await placeboInSpace(panel, opts, { threads: 1, maxPreMSPERatio: 5 });
    const two = await placeboInSpace(panel, opts, { threads: 2, maxPreMSPERatio: 5 });
    expect(two).toEqual(one);
    expect(one.placebos.map((p) => p.unit)).toEqual(["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9"]);
    expect(one.tests[0].p).toBeCloseTo(one.tests[0].rank / 10, 14);
    for (const p of one.placebos) expect(p.donors).not.toContain(p.unit);
    expect(one.filtered!.tests[0].placebos + one.filtered!.tests[0].dropped.length).toBe(9);
    const e = withPlaceboInference(scm(panel, opts), one);
    expect(e.att.p).toBe(one.filtered!.tests[0].p);
    // A true effect of 5 against noise of 0.3: the treated unit ranks first.
    expect(one.tests[0].rank).toBe(1);

    // The figures built from it.
    expect(placeboSpaghettiPlot(one, panel.periods).data).toHaveLength(10);
    expect(placeboSpaghettiPlot(one, panel.periods, { maxPreMSPERatio: 5 }).data).toHaveLength(1 + one.filtered!.tests[0].placebos);
    const hist = rmspeRatioHistogram(one);
    expect((hist.data[1].x as number[])[0]).toBe(one.tests[0].rmspeRatio);
    expect(balanceTable(one.treated[0])).toHaveLength(3);
    expect(weightsBarPlot(e).data[0].y).toEqual(e.weights!.filter((w) => w.weight > 0).map((w) => w.unit).reverse());
  });

  it("several treated units: the average is ranked among averages of placebo groups of the same size", async () => {
    const opts = { treatedUnits: ["T", "D9"], treatmentTime: 2016, v: "equal" as const };
    const r = await placeboInSpace(panel, opts, { threads: 1 });
    expect(r.placebos).toHaveLength(8);
    expect(r.average).toMatchObject({ groups: 28, enumerated: true }); // C(8, 2)
    expect(r.average!.p).toBeCloseTo(r.average!.rank / 29, 14);
    // One treated unit: the group test is the ordinary rank test.
    const single = averagePlaceboTest([r.treated[0]], r.placebos, 16);
    expect(single.rank).toBe(r.tests[0].rank);
    // Too many groups: a seeded sample, reproducible.
    const a = averagePlaceboTest(r.treated, r.placebos, 16, 10, 7), b = averagePlaceboTest(r.treated, r.placebos, 16, 10, 7);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ groups: 10, enumerated: false, seed: 7 });
    expect(withPlaceboInference(scm(panel, opts), r).att.p).toBe(r.average!.p);
  });

  it("markTreated sets the treatment indicator for estimators that read it", () => {
    const p = markTreated(panel, ["D2"], 2010);
    const T = panel.periods.length, i = panel.units.indexOf("D2");
    expect(Array.from(p.treatment.subarray(i * T, (i + 1) * T))).toEqual(Array.from({ length: T }, (_, t) => (t >= 10 ? 1 : 0)));
    expect(p.treatment.reduce((a, b) => a + b, 0)).toBe(T - 10);
  });

  it("placebo in time finds no effect before the real treatment", async () => {
    const [r] = await placeboInTime(panel, {}, [2010], { threads: 1 });
    const f = r.fits[0];
    expect(f.t0).toBe(10);
    expect(f.gap).toHaveLength(16); // 2000–2015: stops before the real treatment
    expect(Math.abs(f.att)).toBeLessThan(1e-6);
  });

  it("leave-one-out refits without each donor of positive weight", async () => {
    const { fits } = scmFits(panel);
    const loo = await leaveOneOut(panel, {}, fits, { threads: 1 });
    expect(loo.map((l) => l.dropped).sort()).toEqual(["D1", "D2", "D3"]);
    for (const l of loo) expect(l.fit.donors).not.toContain(l.dropped);
  });
});

describe("vru-eval scm", () => {
  const dir = mkdtempSync(join(tmpdir(), "scm-cli-"));
  const { rows } = simulated();
  const csv = join(dir, "sim.csv");
  writeFileSync(csv, "unit,time,y,x,d\n" + rows.map((r) => `${r.unit},${r.time},${r.y},${r.x},${r.d}`).join("\n"));
  const run = async (args: string[]) => {
    let out = "", err = "";
    const code = await main(["scm", ...args], { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
    return { code, out, err };
  };

  it("prints the Effect JSON with weights and a placebo p-value", async () => {
    const spec = join(dir, "spec.json");
    writeFileSync(spec, JSON.stringify({ predictors: [{ variable: "y", from: 2000, to: 2015 }, { variable: "x", at: 2015 }], fitWindow: { from: 2000, to: 2015 } }));
    const r = await run(["--data", csv, "--unit", "unit", "--time", "time", "--outcome", "y", "--treated-unit", "T", "--treatment-time", "2016", "--predictors", spec, "--placebo", "--threads", "1", "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.method).toBe("scm");
    expect(e.weights).toHaveLength(9);
    expect(e.att.p).toBeGreaterThan(0);
    expect(e.settings.predictors).toEqual(["y 2000–2015", "x 2015"]);
  });

  it("loads a windowless predictor as a unit attribute", async () => {
    const csv2 = join(dir, "attr.csv");
    writeFileSync(csv2, "unit,time,y,x,d,area\n" + rows.map((r) => `${r.unit},${r.time},${r.y},${r.x},${r.d},${r.unit.length * 3 + (r.unit === "T" ? 1 : Number(r.unit.slice(1)))}`).join("\n"));
    const spec = join(dir, "attr.json");
    writeFileSync(spec, JSON.stringify({ predictors: [{ variable: "y", from: 2000, to: 2015 }, { variable: "area" }] }));
    const r = await run(["--data", csv2, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d", "--predictors", spec, "--v", "equal", "--json"]);
    expect(r.err).toBe("");
    const e = JSON.parse(r.out);
    expect(e.diagnostics.balance[1]).toMatchObject({ predictor: "area", treated: 4 });
  });

  it("runs placebo in time and leave-one-out on request", async () => {
    const r = await run(["--data", csv, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d", "--v", "equal", "--placebo-time", "2010", "--leave-one-out", "--threads", "1", "--json"]);
    expect(r.err).toBe("");
    const e = JSON.parse(r.out);
    expect(e.diagnostics.placeboInTime).toHaveLength(1);
    expect(e.diagnostics.placeboInTime[0]).toMatchObject({ time: "2010", unit: "T" });
    expect(e.diagnostics.leaveOneOut.map((x: { dropped: string }) => x.dropped).sort()).toEqual(["D1", "D2", "D3"]);
  });

  it("uses the treatment column and prints a summary", async () => {
    const r = await run(["--data", csv, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d", "--v", "equal"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/synthetic control of T from 9 donors, treatment 2016/);
    expect(r.out).toMatch(/D1 +0\.5000/);
  });

  it("exits 2 naming the problem", async () => {
    const r = await run(["--data", csv, "--unit", "unit", "--time", "time", "--outcome", "y", "--treated-unit", "Nowhere", "--treatment-time", "2016"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unit "Nowhere" is not in the panel/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ \"predictors\": [ { \"at\": 2001 } ] }");
    const r2 = await run(["--data", csv, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d", "--predictors", bad]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/bad\.json: predictor 1 needs a "variable"/);
    writeFileSync(bad, "{ \"predictors\": [ { \"variable\": \"y\", \"at\": 2001, \"op\": \"median\" } ] }");
    const r3 = await run(["--data", csv, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d", "--predictors", bad]);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/predictor 1 has unknown key "op"/);
  });
});
