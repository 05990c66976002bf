import { describe, expect, it } from "vitest";
import { COMMANDS, main } from "../src/cli/main";
import { ESTIMATORS } from "../src/estimators/registry";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe("vru-eval command line", () => {
  it("--help lists every command and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["gsynth", "scm", "microsynth", "its", "twfe", "cba", "tables", "simulate"]) expect(r.out).toMatch(new RegExp(`^  ${c} `, "m"));
  });

  it("every registered estimator has a command with the registry's summary", () => {
    for (const e of Object.values(ESTIMATORS)) expect(COMMANDS[e.name]?.summary, e.name).toBe(e.summary);
  });

  it("an unknown command exits 2 with one line naming it", async () => {
    const r = await run(["synth"]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/unknown command "synth"/);
  });

  it("no arguments prints the usage and exits 2", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Usage:/);
  });
});

import { Flags, parseArgs, UsageError } from "../src/cli/args";

describe("Flags", () => {
  const flags = (argv: string[]) => new Flags(parseArgs(argv));

  it("reads values, booleans and lists", () => {
    const f = flags(["gsynth", "--r", "2", "--se", "--covariates", "a, b", "--alpha=0.1"]);
    expect(f.integer("r")).toBe(2);
    expect(f.bool("se")).toBe(true);
    expect(f.list("covariates")).toEqual(["a", "b"]);
    expect(f.number("alpha")).toBe(0.1);
    expect(() => f.assertAllUsed()).not.toThrow();
  });

  it("names the flag at fault", () => {
    expect(() => flags(["x", "--r", "two"]).integer("r")).toThrow(/--r must be an integer ≥ 0, got "two"/);
    expect(() => flags(["x", "--r", "1.5"]).integer("r")).toThrow(/--r must be an integer/);
    expect(() => flags(["x", "--force", "both"]).choice("force", ["none", "unit"] as const, "none")).toThrow(/--force must be one of none, unit; got "both"/);
    expect(() => flags(["x"]).required("data")).toThrow(UsageError);
    const f = flags(["x", "--bogus", "1"]);
    expect(() => f.assertAllUsed()).toThrow(/unknown option --bogus/);
  });
});

import { execFileSync } from "node:child_process";
import { join } from "node:path";

describe("the installed bin", () => {
  it("runs a command end to end through bin/vru-eval.js (lazy command loading included)", () => {
    const bin = join(__dirname, "..", "bin", "vru-eval.js");
    const out = execFileSync(process.execPath, [bin, "cba", "--json"], { encoding: "utf8" });
    expect(JSON.parse(out)).toBeTypeOf("object");
  });

  it("runs from src/ with VRU_EVAL_FROM_SOURCE=1 (lazy command loading through tsx)", () => {
    const bin = join(__dirname, "..", "bin", "vru-eval.js");
    const out = execFileSync(process.execPath, [bin, "cba", "--json"], { encoding: "utf8", env: { ...process.env, VRU_EVAL_FROM_SOURCE: "1" } });
    expect(Object.keys(JSON.parse(out))).toEqual(["params", "result", "report"]);
  });
});
