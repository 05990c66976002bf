/** `vru-eval cba`: the report's chain by default, a parameter file, JSON, and bad input. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(["cba", ...argv], { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "vru-cba-"));
function params(name: string, json: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof json === "string" ? json : JSON.stringify(json));
  return p;
}

describe("vru-eval cba", () => {
  it("defaults to the report's chain, printed as the report prints it", async () => {
    const r = await run();
    expect(r.code).toBe(0);
    for (const x of ["27,585", "41,377", "£268,125,706", "2,937", "7,636", "£117,237,412", "£385,363,118", "£121,952,973", "3.16", "0.40 to 11.07", "11.03"]) expect(r.out).toContain(x);
  });

  it("--json carries every unrounded value", async () => {
    const r = await run("--json");
    const j = JSON.parse(r.out) as { result: { totalBenefit: number; ratio: number; lines: { avoided: number }[] }; report: { boundsAnalysis: { lowerBoundsAgree: boolean } } };
    expect(Math.round(j.result.totalBenefit)).toBe(385_363_118);
    expect(j.result.lines[0].avoided).toBeCloseTo(41_377.4238, 6);
    expect(j.report.boundsAnalysis.lowerBoundsAgree).toBe(false);
  });

  it("--params: rates, CIs, an Effect file and a seeded Monte Carlo", async () => {
    const effect = params("effect.json", { method: "scm", settings: {}, unit: "per 100,000", att: { estimate: 0 }, periods: [], cumulative: [{ time: "2020-09", effect: -8.557206, ci: [-20, 3] }] });
    const p = params("p.json", {
      population: 34_321_607,
      cost: 100_000_000,
      offences: [
        { label: "violence without injury", cumulativeEffect: -80, unit: "per 100,000", ci: [5_000, 50_000] },
        { label: "violence with injury", effect },
      ],
      monteCarlo: { draws: 2_000, seed: 7, dependence: "independent" },
    });
    const r = await run("--params", p, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { result: { lines: { recorded: number }[]; cost: number }; rangeFromCi: { fewerAvoided: number; moreAvoided: number }; monteCarlo: { draws: number; pAboveOne: number } };
    expect(j.result.lines[0].recorded).toBeCloseTo(27_457.2856, 6);
    expect(j.result.lines[1].recorded).toBeCloseTo(2_936.97, 1);
    expect(j.result.cost).toBe(100_000_000);
    // With injury CI [-20, 3] per 100,000 → [-1,029.6, 6,864.3] offences avoided.
    expect(j.rangeFromCi.fewerAvoided).toBeCloseTo((5_000 * 9_720 - 3 * 343.21607 * 2.6 * 15_353) / 1e8, 6);
    expect(j.monteCarlo.draws).toBe(2_000);
    const again = JSON.parse((await run("--params", p, "--json")).out) as typeof j;
    expect(again.monteCarlo.pAboveOne).toBe(j.monteCarlo.pAboveOne);
  });

  it("bad input exits 2 naming what is wrong", async () => {
    expect((await run("--params", join(dir, "missing.json"))).code).toBe(2);
    const r1 = await run("--params", params("bad1.json", "{ not json"));
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/cannot read parameters/);
    const r2 = await run("--params", params("bad2.json", { offences: [{ label: "robbery", recorded: 10 }] }));
    expect(r2.err).toMatch(/offences\[0\] \(robbery\): "multiplier" and "unitCost" are needed/);
    const r3 = await run("--params", params("bad3.json", { cots: 1 }));
    expect(r3.err).toMatch(/unknown key "cots"/);
    const r4 = await run("--params", params("bad4.json", { offences: [{ label: "violence with injury", cumulativeEffect: -8 }] }));
    expect(r4.err).toMatch(/"unit" must be one of/);
    expect((await run("--params", params("bad5.json", { cost: -1 }))).err).toMatch(/cost must be a positive number/);
    expect((await run("--bogus")).code).toBe(2);
  });
});
