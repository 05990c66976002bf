/**
 * Benchmark (not a test) of the simulator and the data layer:
 *   - loadGeography (34,753 LSOAs, first call)
 *   - simulateEvaluation without LSOA panels (CSP, PFA, hospital, homicide panels)
 *   - simulateEvaluation with the LSOA-month panels (~31,000 LSOAs × 66 months × 2 offences)
 *   - writing the LSOA violence-with-injury panel as CSV and loading it back through DuckDB
 *     (loadPanelCsv), the path an analyst with real LSOA-month data takes
 * Each is timed after one warm-up (except the first geography load); wall and CPU time are recorded
 * with the load average, because the machine may be shared.
 * Writes bench/results/simulate.json.      npx tsx bench/simulate.ts
 */
import { mkdirSync, mkdtempSync, writeFileSync, statSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadGeography } from "../src/geography/index";
import { simulateEvaluation } from "../src/simulate/index";
import { panelCsv } from "../src/simulate/write";
import { loadPanelCsv } from "../src/panel/load";
import { REPO_ROOT } from "../src/io/paths";

async function time<T>(f: () => T | Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { value, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((c.user + c.system) / 1000) };
}

async function main() {
  const results: Record<string, unknown>[] = [];
  const geo = await time(() => loadGeography());
  results.push({ name: "loadGeography (first call: 34,753 LSOAs, 336 LADs, 309 CSPs, 43 PFAs)", wallMs: geo.wallMs, cpuMs: geo.cpuMs });

  simulateEvaluation({ seed: 1 });
  const small = await time(() => simulateEvaluation({ seed: 2 }));
  const p = small.value.panels["csp-violence-without-injury"]!;
  results.push({ name: "simulateEvaluation, all panels except LSOA", panels: Object.keys(small.value.panels).length, cspPanel: `${p.units.length} × ${p.periods.length}`, wallMs: small.wallMs, cpuMs: small.cpuMs });

  const full = await time(() => simulateEvaluation({ seed: 3, lsoa: true }));
  const l = full.value.panels["lsoa-violence-with-injury"]!;
  const offences = ["lsoa-violence-with-injury", "lsoa-violence-without-injury"].reduce((s, k) => s + full.value.counts[k as "lsoa-violence-with-injury"]!.reduce((a, b) => a + b, 0), 0);
  results.push({ name: "simulateEvaluation with LSOA-month panels", lsoaPanel: `${l.units.length} × ${l.periods.length}`, lsoaOffencesAllocated: offences, wallMs: full.wallMs, cpuMs: full.cpuMs });

  const dir = mkdtempSync(join(tmpdir(), "vru-bench-"));
  const file = join(dir, "lsoa.csv");
  const written = await time(() => writeFileSync(file, panelCsv(full.value, "lsoa-violence-with-injury")));
  results.push({ name: "write LSOA-month panel as long CSV", rows: l.units.length * l.periods.length, megabytes: Number((statSync(file).size / 1e6).toFixed(1)), wallMs: written.wallMs, cpuMs: written.cpuMs });
  const loaded = await time(() => loadPanelCsv(file, { unit: "unit", time: "period", outcome: "value", treatment: "treated", attributes: ["csp", "pfa"] }));
  // Same numbers back (units are sorted by id on loading): compare every cell.
  const T = l.periods.length, at = new Map(l.units.map((u, i) => [u, i]));
  const ok = loaded.value.units.length === l.units.length && loaded.value.units.every((u, i) => { const j = at.get(u)!; for (let t = 0; t < T; t++) if (loaded.value.y[i * T + t] !== l.y[j * T + t]) return false; return true; });
  results.push({ name: "loadPanelCsv (DuckDB) of the LSOA-month CSV, with validation", rows: l.units.length * l.periods.length, wallMs: loaded.wallMs, cpuMs: loaded.cpuMs, unitsLoaded: loaded.value.units.length, ok });
  rmSync(dir, { recursive: true, force: true });

  const out = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavg: loadavg().map((x) => Number(x.toFixed(2))), results };
  mkdirSync(join(REPO_ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "bench", "results", "simulate.json"), JSON.stringify(out, null, 1) + "\n");
  console.log(JSON.stringify(out, null, 1));
}
main();
