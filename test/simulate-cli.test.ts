import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";
import { panelFromCsv } from "../src/panel/from-csv";

async function run(argv: string[]) {
  let out = "", err = "";
  const code = await main(argv, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

describe("vru-eval simulate", () => {
  it("writes every panel with sidecars; same seed → byte-identical files", async () => {
    const a = mkdtempSync(join(tmpdir(), "sim-a-")), b = mkdtempSync(join(tmpdir(), "sim-b-"));
    const r1 = await run(["simulate", "--out", a, "--seed", "7", "--scenario", "null"]);
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/SIMULATED data \(scenario null, seed 7, threats covid,growth,selection,regional,stopsearch\)/);
    expect((await run(["simulate", "--out", b, "--seed", "7", "--scenario", "null", "--json"])).code).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toContain("csp-violence-without-injury.csv");
    expect(files).toContain("homicide.json");
    expect(files).toContain("simulation.json");
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    // The CSV is a valid long panel for the estimators, with the sidecar's true effect (zero here).
    const p = panelFromCsv(join(a, "csp-violence-without-injury.csv"), { unit: "unit", time: "period", outcome: "value", treatment: "treated", covariates: ["stop_search"] });
    expect(p.periods).toHaveLength(66);
    const side = JSON.parse(readFileSync(join(a, "csp-violence-without-injury.json"), "utf8"));
    expect(side.simulated).toBe(true);
    expect(side.seed).toBe(7);
    expect(side.firstTreatedPeriod).toBe("2019-04");
    expect(side.trueEffect.cumulativeAtEnd).toBe(0);
  });

  it("puts the report's effect in the sidecar and rejects bad options with exit 2", async () => {
    const d = mkdtempSync(join(tmpdir(), "sim-r-"));
    expect((await run(["simulate", "--out", d])).code).toBe(0);
    const side = JSON.parse(readFileSync(join(d, "csp-violence-without-injury.json"), "utf8"));
    expect(side.trueEffect.cumulativeAtEnd).toBeCloseTo(-80, 6);
    expect((await run(["simulate", "--out", d, "--scenario", "big"])).code).toBe(2);
    expect((await run(["simulate", "--out", d, "--seed", "1.5"])).code).toBe(2);
    expect((await run(["simulate"])).code).toBe(2);
    const bad = await run(["simulate", "--out", d, "--threats", "covid,lockdown"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/"lockdown"/);
  });

  it("--threats none writes a world without threats, recorded in simulation.json", async () => {
    const d = mkdtempSync(join(tmpdir(), "sim-t-"));
    const r = await run(["simulate", "--out", d, "--threats", "none", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).threats).toEqual([]);
    const summary = JSON.parse(readFileSync(join(d, "simulation.json"), "utf8"));
    expect(summary.threats).toEqual([]);
    expect(summary.world.covidSensitivity.violenceWithInjury).toBe(0);
    expect(summary.world.regionalShare).toBe(0);
  });
});
