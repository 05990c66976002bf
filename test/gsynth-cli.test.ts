import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";
import { referencePath } from "../src/io/paths";
import type { Effect } from "../src/effect";

async function run(args: string[]) {
  let out = "", err = "";
  const code = await main(args, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}
const turnout = ["gsynth", "--data", referencePath("gsynth_turnout.csv"), "--unit", "abb", "--time", "year", "--outcome", "turnout", "--treatment", "policy_edr"];

describe("vru-eval gsynth", () => {
  it("prints the Effect JSON with r, the CV curve and bootstrap SEs", async () => {
    const { code, out } = await run([...turnout, "--covariates", "policy_mail_in,policy_motor", "--se", "--nboots", "20", "--seed", "3", "--json"]);
    expect(code).toBe(0);
    const e = JSON.parse(out) as Effect;
    expect(e.method).toBe("gsynth");
    expect(e.settings.r).toBe(2);
    expect(e.att.estimate).toBeCloseTo(4.8958, 3);
    expect(e.att.se).toBeGreaterThan(0);
    expect(Object.keys(e.coefficients!)).toEqual(["policy_mail_in", "policy_motor"]);
    expect((e.diagnostics!.cvCurve as unknown[]).length).toBe(6);
  }, 60_000);

  it("prints a readable summary", async () => {
    const { code, out } = await run([...turnout, "--r", "2"]);
    expect(code).toBe(0);
    expect(out).toMatch(/factors r = 2 \(fixed\)/);
    expect(out).toMatch(/average effect on the treated \(post-period\): 5\.130/);
  });

  it("exits 2 with one line naming the problem", async () => {
    const tooMany = await run([...turnout, "--r", "13"]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.err).toMatch(/r = 13 factors need at least 15 pre-periods per treated unit; the shortest \(\w+\) has 14/);
    expect((await run([...turnout, "--r", "1", "--r-range", "0:3"])).code).toBe(2);
    expect((await run([...turnout, "--nboots", "10"])).err).toMatch(/need --se/);
    expect((await run([...turnout, "--force", "both"])).code).toBe(2);
    expect((await run([...turnout, "--estimator", "mc", "--se", "--inference", "parametric"])).err).toMatch(/parametric bootstrap is defined for estimator "ife"/);
  });
});
