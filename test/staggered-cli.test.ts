import { describe, expect, it } from "vitest";
import { referencePath } from "../src/io/paths";
import { runCli as run } from "./helpers/cli";

const base = ["did", "--data", referencePath("mpdta.csv"), "--unit", "countyreal", "--time", "year", "--outcome", "lemp", "--cohort", "first.treat"];

describe("vru-eval did", () => {
  it("prints the Effect as JSON for each estimator (numbers checked in staggered-reference.test.ts)", async () => {
    const expected = { cs: -0.04, sa: -0.03995, imputation: -0.04771, bacon: -0.03655 };
    for (const [estimator, att] of Object.entries(expected)) {
      const r = await run([...base, "--estimator", estimator, "--replicates", "0", "--json"]);
      expect(r.code, r.err).toBe(0);
      const e = JSON.parse(r.out);
      expect(e.method).toBe("did");
      expect(e.settings.estimator).toBe(estimator);
      expect(Math.abs(e.att.estimate - att)).toBeLessThan(1e-4);
      expect(e.att.ci).toHaveLength(2);
      if (estimator !== "bacon") expect(e.periods.some((p: { relative: number }) => p.relative === 0)).toBe(true);
    }
  });

  it("prints a summary; options reach the estimator", async () => {
    const r = await run([...base, "--estimator", "cs", "--control", "notyet", "--covariates", "lpop", "--method", "ipw", "--replicates", "199", "--seed", "3", "--alpha", "0.1"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Callaway & Sant'Anna/);
    expect(r.out).toMatch(/199 Rademacher draws, seed 3/);
    const b = await run([...base, "--estimator", "bacon"]);
    expect(b.out).toMatch(/later vs earlier/);
    expect(b.out).toMatch(/weights sum to 1\.0000000000/);
  });

  it("documents every option in --help", async () => {
    const r = await run(["did", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--estimator", "--data", "--unit", "--time", "--outcome", "--treatment", "--cohort", "--covariates", "--control", "--method", "--base-period", "--anticipation", "--cluster", "--replicates", "--seed", "--alpha", "--json"]) expect(r.out).toContain(flag);
  });

  it("exits 2 naming the option or column at fault", async () => {
    let r = await run([...base, "--estimator", "cs", "--control", "last"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/control "last" does not apply to cs/);
    r = await run([...base, "--estimator", "did"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--estimator must be one of cs, sa, imputation, bacon/);
    r = await run([...base]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing --estimator/);
    r = await run([...base, "--estimator", "sa", "--cluster", "state"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"state"/);
    r = await run([...base, "--estimator", "cs", "--covariates", "lpopx"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/lpopx/);
    r = await run([...base, "--estimator", "cs", "--treatment", "treat"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--treatment or --cohort/);
  });
});
