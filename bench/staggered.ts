/**
 * Benchmark: the staggered DiD estimators (Callaway–Sant'Anna with a 999-draw multiplier
 * bootstrap, Sun–Abraham, BJS imputation, Bacon decomposition) on did::mpdta (500 counties ×
 * 5 years) and on a SIMULATED panel of 5,000 units × 20 periods with four cohorts. Writes
 * bench/results/staggered.json (median wall and CPU seconds after a warm-up, load average).
 *
 *   npx tsx bench/staggered.ts [--reps 3]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { numericColumn, readCsv, stringColumn } from "../src/io/csv";
import { REPO_ROOT, referencePath } from "../src/io/paths";
import { panelFromColumns, type Panel } from "../src/panel/panel";
import { fit, STAGGERED_ESTIMATORS } from "../src/estimators/staggered/index";
import { simulateStaggered } from "../src/simulate/staggered";

const k = process.argv.indexOf("--reps");
const reps = k > 0 ? Number(process.argv[k + 1]) : 3;

async function time(f: () => Promise<unknown>): Promise<{ wallSeconds: number; cpuSeconds: number }> {
  await f();
  const walls: number[] = [], cpus: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c = process.cpuUsage(), t = performance.now();
    await f();
    const u = process.cpuUsage(c);
    walls.push((performance.now() - t) / 1000);
    cpus.push((u.user + u.system) / 1e6);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wallSeconds: med(walls), cpuSeconds: med(cpus) };
}

function mpdta(): Panel {
  const t = readCsv(referencePath("mpdta.csv"));
  const year = numericColumn(t, "year"), g = numericColumn(t, "first.treat");
  return panelFromColumns({ unit: stringColumn(t, "countyreal"), time: stringColumn(t, "year"), outcome: numericColumn(t, "lemp"), treatment: Array.from(year, (y, r) => (g[r] > 0 && y >= g[r] ? 1 : 0)) });
}

async function mainBench() {
  const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  const large = simulateStaggered({
    periods: Array.from({ length: 20 }, (_, t) => String(2000 + t)),
    cohorts: [4, 8, 12, 16].map((s, c) => ({ start: String(2000 + s), units: ids(`c${c}_`, 1000), level: 1, slope: 0.2 * (4 - c) })),
    neverTreated: ids("n", 1000),
  }, 1).panel;
  const load = loadavg()[0];
  const results: Record<string, Record<string, unknown>> = {};
  for (const [name, panel] of [["mpdta", mpdta()], ["simulated5000x20", large]] as const) {
    results[name] = { units: panel.units.length, periods: panel.periods.length };
    for (const estimator of STAGGERED_ESTIMATORS) results[name][estimator] = await time(() => fit(panel, { estimator, replicates: 999, seed: 1 }));
  }
  const out = {
    bench: "staggered",
    data: "did::mpdta (data/reference/mpdta.csv); SIMULATED 5,000 units × 20 periods, cohorts of 1,000 adopting in periods 4, 8, 12, 16 and 1,000 never treated",
    machine: { cores: availableParallelism(), loadAverageAtStart: load, loadAverageAtEnd: loadavg()[0] },
    note: `median of ${reps} runs after a warm-up; cs includes its 999-draw multiplier bootstrap (event study and group-time bands)`,
    results,
  };
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "staggered.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(JSON.stringify(out, null, 2));
}

mainBench().catch((e) => { console.error(e); process.exitCode = 1; });
