/** `vru-eval its` end to end on Seatbelts (numbers R-checked in its.test.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main";
import { numericColumn, readCsv } from "../src/io/csv";
import { referencePath } from "../src/io/paths";

async function run(args: string[]) {
  let out = "", err = "";
  const code = await main(args, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

// Seatbelts with a YYYY-MM period column, and the same split into two "units" that sum to it.
const t = readCsv(referencePath("seatbelts.csv"));
const killed = numericColumn(t, "DriversKilled"), year = numericColumn(t, "year"), month = numericColumn(t, "month");
const ym = (i: number) => `${year[i]}-${String(month[i]).padStart(2, "0")}`;
const dir = mkdtempSync(join(tmpdir(), "its-cli-"));
const single = join(dir, "seatbelts.csv"), twoUnits = join(dir, "two.csv");
writeFileSync(single, "month,killed\n" + Array.from(killed, (v, i) => `${ym(i)},${v}`).join("\n") + "\n");
writeFileSync(twoUnits, "area,month,killed\n" + Array.from(killed, (v, i) => `a,${ym(i)},${v - 40}\nb,${ym(i)},40`).join("\n") + "\n");
const base = ["its", "--data", single, "--time", "month", "--outcome", "killed", "--log", "--intervention", "1983-02", "--season", "month"];

describe("vru-eval its", () => {
  it("OLS segmented model as JSON, coefficient keys per cli.md", async () => {
    const r = await run([...base, "--json"]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.method).toBe("its");
    expect(Math.abs(e.coefficients.step.estimate + 0.205136736071)).toBeLessThan(1e-9);
    expect(Object.keys(e.coefficients).slice(0, 5)).toEqual(["intercept", "trend", "step", "slope", "month2"]);
    expect(e.periods).toHaveLength(192);
    expect(e.cumulative).toHaveLength(23);
  });

  it("AICc order search with a custom grid", async () => {
    const r = await run([...base, "--errors", "auto:1,1", "--json"]);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.diagnostics.candidates.map((c: { order: string }) => c.order)).toEqual(["ARIMA(0,0,0)", "ARIMA(0,0,1)", "ARIMA(1,0,0)", "ARIMA(1,0,1)"]);
    expect(e.settings.errors).toBe("auto");
  });

  it("ARIMA errors, readable summary; units are summed", async () => {
    const r = await run(["its", "--data", twoUnits, "--unit", "area", "--time", "month", "--outcome", "killed", "--log", "--intervention", "1983-02", "--season", "month", "--errors", "arima:1,0,0", "--lockdown", "1984-01:1984-02"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/errors ARIMA\(1,0,0\)/);
    expect(r.out).toMatch(/ar1\s+0\.\d{4}/);
    expect(r.out).toMatch(/lockdown/);
  });

  it("exits 2 naming what is wrong", async () => {
    let r = await run([...base.slice(0, -4), "--intervention", "1999-01"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/intervention period "1999-01" is not a period of the series/);
    r = await run([...base, "--errors", "arima:1,0"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--errors/);
    r = await run([...base, "--errors", "auto:1"]);
    expect(r.code).toBe(2);
    r = await run([...base, "--season", "weekly"]);
    expect(r.code).toBe(2);
    r = await run([...base, "--lockdown", "1984-01"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/FROM:TO/);
    r = await run(["its", "--data", single, "--time", "month", "--outcome", "nope", "--intervention", "1983-02"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing column "nope"/);
  });
});
