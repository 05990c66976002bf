/**
 * Generalised synthetic control: agreement with R gsynth 1.2.1 on its own example data
 * (published numbers in data/reference/README.md; CV curve and niter from
 * shared/docs/reference-algorithms.md §1.4–1.5), plus input checks.
 *
 * Reference calls (R, gsynth 1.2.1):
 *   gsynth(Y ~ D + X1 + X2, data = simdata, index = c("id","time"), force = "two-way",
 *          CV = TRUE, r = c(0, 5), se = TRUE, inference = "parametric", nboots = 1000, parallel = FALSE)
 *   gsynth(turnout ~ policy_edr, data = turnout, index = c("abb","year"), force = "two-way",
 *          CV = TRUE, r = c(0, 5), se = TRUE, inference = "parametric", nboots = 1000)
 *   gsynth(turnout ~ policy_edr + policy_mail_in + policy_motor, ...same...)
 */
import { describe, expect, it } from "vitest";
import { panelFromCsv } from "../src/panel/from-csv";
import { referencePath } from "../src/io/paths";
import { InputError } from "../src/errors";
import { estimateGsynth, fitGsynth, gsynth } from "../src/estimators/gsynth/index";
import { panelFromColumns } from "../src/panel/panel";

const simdata = () => panelFromCsv(referencePath("gsynth_simdata.csv"), { unit: "id", time: "time", outcome: "Y", treatment: "D", covariates: ["X1", "X2"] });
const turnout = () => panelFromCsv(referencePath("gsynth_turnout.csv"), { unit: "abb", time: "year", outcome: "turnout", treatment: "policy_edr", covariates: ["policy_mail_in", "policy_motor"] });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("gsynth point estimates agree with R gsynth 1.2.1", () => {
  it("simdata: CV over r = 0..5 picks r = 2, ATT 5.54 (within 0.5%), same MSPE curve and iteration count", async () => {
    const { effect, model } = await estimateGsynth(simdata());
    expect(effect.settings.r).toBe(2);
    expect(rel(effect.att.estimate, 5.54)).toBeLessThan(0.005);
    const reference = [2.373, 1.717, 1.145, 1.150, 1.214, 1.239];
    model.cvCurve.forEach((p, k) => expect(p.mspe).toBeCloseTo(reference[k], 3));
    expect(effect.diagnostics!.iterations).toBe(10);
    expect(effect.diagnostics!.converged).toBe(true);
    // β close to the generating (1, 3).
    expect(effect.coefficients!.X1.estimate).toBeCloseTo(1.02, 2);
    expect(effect.coefficients!.X2.estimate).toBeCloseTo(3.05, 2);
  });

  it("turnout (staggered adoption, no covariates): r = 2, ATT 5.13", async () => {
    const effect = await gsynth(turnout(), { covariates: [] });
    expect(effect.settings.r).toBe(2);
    expect(effect.settings.timing).toBe("staggered");
    expect(rel(effect.att.estimate, 5.13)).toBeLessThan(0.005);
  });

  it("turnout with policy_mail_in and policy_motor: r = 2, ATT 4.90", async () => {
    const effect = await gsynth(turnout());
    expect(effect.settings.r).toBe(2);
    expect(rel(effect.att.estimate, 4.90)).toBeLessThan(0.005);
  });
});

describe("gsynth Effect shape", () => {
  it("periods cover every period, relative 0 is the first treated one; cumulative starts there", async () => {
    const e = await gsynth(simdata());
    expect(e.periods).toHaveLength(30);
    expect(e.periods.find((p) => p.relative === 0)!.time).toBe("21");
    expect(e.cumulative).toHaveLength(10);
    expect(e.cumulative![0].effect).toBeCloseTo(e.periods[20].effect, 12);
    for (const p of e.periods) expect(p.observed - p.counterfactual).toBeCloseTo(p.effect, 10);
    expect(e.unitEffects).toHaveLength(5);
    expect(e.diagnostics!.preMSPE).toBeGreaterThan(0);
    expect((e.diagnostics!.commonSupport as { withinRange: boolean }).withinRange).toBeTypeOf("boolean");
  });

  it("a fixed r skips cross-validation", () => {
    const m = fitGsynth(simdata(), { r: 1 });
    expect(m.r).toBe(1);
    expect(m.cvCurve).toHaveLength(0);
  });
});

describe("gsynth unbalanced panels (EM) and matrix completion", () => {
  it("missing control cells are imputed by EM; the estimate moves little", () => {
    const p = simdata();
    const complete = fitGsynth(p, { r: 2 });
    const y = Float64Array.from(p.y);
    // Knock out 30 control cells spread over units and periods (controls are units 6..50).
    for (let k = 0; k < 30; k++) y[(5 + ((k * 7) % 45)) * 30 + ((k * 11) % 30)] = NaN;
    const holed = fitGsynth({ ...p, y }, { r: 2 });
    expect(holed.fit!.converged).toBe(true);
    const att = (m: typeof complete) => m.estimate[30];
    expect(Math.abs(att(holed) - att(complete))).toBeLessThan(0.1);
  });

  it("mc: the deterministic CV picks the same λ as the reference (λ/σmax = 0.4217) and the ATT is near the truth 5.46", async () => {
    const e = await gsynth(simdata(), { estimator: "mc" });
    expect(e.settings.lambdaNorm as number).toBeCloseTo(0.4217, 3);
    expect(Math.abs(e.att.estimate - 5.462)).toBeLessThan(0.3);
  });
});

describe("gsynth input checks", () => {
  const small = (treat: (u: number, t: number) => number, T = 8, N = 6) => {
    const unit: string[] = [], time: number[] = [], y: number[] = [], d: number[] = [];
    for (let u = 0; u < N; u++) for (let t = 0; t < T; t++) { unit.push(`U${u}`); time.push(t); y.push(Math.sin(u * 1.7 + t * t * 0.3) + Math.cos(u * u + t) + u); d.push(treat(u, t)); }
    return panelFromColumns({ unit, time, outcome: y, treatment: d });
  };
  it("no treated units", () => {
    expect(() => fitGsynth(small(() => 0))).toThrow(InputError);
    expect(() => fitGsynth(small(() => 0))).toThrow(/no treated units/);
  });
  it("too few pre-periods for the requested r names the unit", () => {
    expect(() => fitGsynth(small((u, t) => (u === 0 && t >= 5 ? 1 : 0)), { r: 4 })).toThrow(/r = 4 factors need at least 6 pre-periods.*U0\) has 5/);
  });
  it("too few controls for r", () => {
    expect(() => fitGsynth(small((u, t) => (u < 3 && t >= 7 ? 1 : 0), 12), { r: 2, minPrePeriods: 5 })).toThrow(/control units/);
  });
  it("unknown covariate and bad options", () => {
    expect(() => fitGsynth(small((u, t) => (u === 0 && t >= 6 ? 1 : 0)), { covariates: ["nope"] })).toThrow(/covariate "nope"/);
    expect(() => fitGsynth(small((u, t) => (u === 0 && t >= 6 ? 1 : 0)), { force: "both" as never })).toThrow(/force must be/);
  });
  it("treated units with too short a pre-period are left out and listed", () => {
    const m = fitGsynth(small((u, t) => ((u === 0 && t >= 6) || (u === 1 && t >= 3) ? 1 : 0)), { r: 0 });
    expect(m.data.dropped).toEqual(["U1"]);
  });
});
