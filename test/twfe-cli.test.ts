import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";
import { referencePath } from "../src/io/paths";

async function run(args: string[]) {
  let out = "", err = "";
  const code = await main(args, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

const base = ["twfe", "--data", referencePath("gsynth_turnout.csv"), "--unit", "abb", "--time", "year", "--outcome", "turnout", "--treatment", "policy_edr"];

describe("vru-eval twfe", () => {
  it("prints the Effect as JSON (same numbers as the library, R-checked in twfe.test.ts)", async () => {
    const r = await run([...base, "--convention", "lm", "--event-study", "4:3", "--json"]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.method).toBe("twfe");
    expect(Math.abs(e.att.estimate - 0.87187900795012485)).toBeLessThan(1e-9);
    expect(Math.abs(e.att.se - 3.0508061450452297)).toBeLessThan(1e-9);
    expect(Object.keys(e.coefficients)).toEqual(["lead4", "lead3", "lead2", "lag0", "lag1", "lag2", "lag3"]);
    expect(e.diagnostics.pretrend.df1).toBe(3);
    expect(e.settings.eventStudy).toMatchObject({ leads: 4, lags: 3, reference: -1 });
  });

  it("prints a readable summary with the bootstrap", async () => {
    const r = await run([...base, "--bootstrap", "199", "--weights", "rademacher", "--seed", "3"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/τ \(policy_edr\)\s+0\.8719\s+2\.9865/);
    expect(r.out).toMatch(/wild cluster restricted bootstrap/);
  });

  it("exits 2 naming what is wrong", async () => {
    let r = await run([...base, "--cluster", "pfa"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing column "pfa"/);
    r = await run([...base, "--event-study", "3"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/LEADS:LAGS/);
    r = await run([...base.slice(0, -2), "--treatment", "policy_mail_in", "--covariates", "policy_edr", "--convention", "hc1"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--convention must be one of nested, lm/);
    r = await run([...base, "--seed", "2"]);
    expect(r.code).toBe(2);
  });

  it("has help", async () => {
    const r = await run(["twfe", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--event-study L:K/);
  });
});

describe("vru-eval twfe --cluster", () => {
  it("clusters by a unit-level column of the CSV", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const lines = ["area,pfa,month,y,d"];
    for (let i = 0; i < 12; i++) for (let t = 0; t < 6; t++) lines.push(`a${i},p${i % 5},${t},${(i * 7 + t * 3) % 11 + t + (i < 3 && t >= 3 ? 2 : 0)},${i < 3 && t >= 3 ? 1 : 0}`);
    const file = join(mkdtempSync(join(tmpdir(), "twfe-")), "panel.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    const r = await run(["twfe", "--data", file, "--unit", "area", "--time", "month", "--outcome", "y", "--treatment", "d", "--cluster", "pfa", "--json"]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.diagnostics).toMatchObject({ nClusters: 5, treatedClusters: 3, K: 1 + 6 });
    expect(r.err).toMatch(/note: 5 clusters, 3 with treated observations/);
  });
});
