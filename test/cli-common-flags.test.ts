/** The estimator commands' shared reading of the common flags (src/cli/common-flags.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Flags, parseArgs } from "../src/cli/args";
import { commonOptions } from "../src/cli/common-flags";
import { main } from "../src/cli/main";
import { referencePath } from "../src/io/paths";

const flags = (...argv: string[]) => new Flags(parseArgs(["x", ...argv]));
const rules = { inference: ["a", "b"] as const, aliases: { replicates: ["nboots"] } };

async function run(args: string[]) {
  let err = "";
  const code = await main(args, { out: () => true, err: (s) => { err += s; return true; } });
  return { code, err };
}

describe("common flags", () => {
  it("reads every common flag into CommonOptions, and only those given", () => {
    expect(commonOptions(flags("--treatment-time", "2019-04", "--replicates", "50", "--seed", "7", "--alpha", "0.1", "--threads", "2", "--cluster", "pfa", "--inference", "b"), rules))
      .toEqual({ treatmentTime: "2019-04", replicates: 50, seed: 7, alpha: 0.1, threads: 2, cluster: "pfa", inference: "b" });
    expect(commonOptions(flags(), rules)).toEqual({});
  });

  it("takes a deprecated alias, and refuses it beside the new name", () => {
    expect(commonOptions(flags("--nboots", "30"), rules)).toEqual({ replicates: 30 });
    expect(() => commonOptions(flags("--nboots", "30", "--replicates", "30"), rules)).toThrow(/same option \(--replicates\)/);
  });

  it("names the flag at fault: a bad value, an unknown inference, a flag the method does not use", () => {
    expect(() => commonOptions(flags("--nboots", "0"), rules)).toThrow(/--nboots must be an integer ≥ 1, got 0/);
    expect(() => commonOptions(flags("--alpha", "1.5"), rules)).toThrow(/--alpha must be a number in \(0, 1\), got 1.5/);
    expect(() => commonOptions(flags("--inference", "c"), rules)).toThrow(/--inference must be one of a, b; got "c"/);
    expect(() => commonOptions(flags("--threads", "2"), { ...rules, unsupported: { threads: "no workers here" } })).toThrow(/^--threads: no workers here$/);
  });

  it("every estimator command exits 2 on an inference its method lacks, naming the choices", async () => {
    const panel = ["--data", referencePath("gsynth_turnout.csv"), "--unit", "abb", "--time", "year", "--outcome", "turnout", "--treatment", "policy_edr"];
    for (const [cmd, choices] of [["gsynth", "parametric, nonparametric, conformal, placebo"], ["twfe", "cluster, wild, jackknife"], ["scm", "none, placebo, conformal"]] as const) {
      const r = await run([cmd, ...panel, "--inference", "bogus"]);
      expect(r.code, cmd).toBe(2);
      expect(r.err, cmd).toContain(`--inference must be one of ${choices}; got "bogus"`);
    }
    const series = join(mkdtempSync(join(tmpdir(), "common-flags-")), "series.csv");
    writeFileSync(series, "t,y\n" + Array.from({ length: 24 }, (_, t) => `${t + 1},${(t * 7) % 5}`).join("\n") + "\n");
    const its = await run(["its", "--data", series, "--time", "t", "--outcome", "y", "--treatment-time", "13", "--seed", "3"]);
    expect(its.code).toBe(2);
    expect(its.err).toMatch(/--seed: its fits one series/);
  });
});
