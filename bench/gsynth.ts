/**
 * Benchmark (not a test) of the generalised synthetic control against the R reference's
 * timings (gsynth 1.2.1, compiled C++ core, one thread, same machine class — issue 6):
 *   simdata, CV r = 0..5 + 1,000 parametric bootstraps ........ R 7.5 s  (target ≤ 2.5 s)
 *   turnout + 2 covariates, same settings ...................... R 12.3 s (target ≤ 4 s)
 *   matrix completion on simdata, CV λ + 200 bootstraps ........ R 9.2 s  (target ≤ 3 s)
 * plus a SIMULATED CSP-sized panel (300 units × 66 months, 20 treated, 2 covariates; the
 * factor-model simulator of src/estimators/gsynth/factor-panel.ts) with the simdata settings.
 *
 * Each case is run once to warm up and then timed; wall time and process CPU time (all
 * threads) are recorded with the load average, because the machine may be shared.
 * Writes bench/results/gsynth.json.      npx tsx bench/gsynth.ts [--threads N]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { gsynth, type GsynthOptions } from "../src/estimators/gsynth/index";
import { simulateFactorPanel } from "../src/simulate/xu-factor-panel";
import { panelFromCsv } from "../src/panel/from-csv";
import { REPO_ROOT, referencePath } from "../src/io/paths";
import { defaultThreads } from "../src/parallel/pool";
import type { Panel } from "../src/panel/panel";

const k = process.argv.indexOf("--threads");
// Without --threads the estimator decides (worker threads only for large bootstraps).
const threads = k > 0 ? Number(process.argv[k + 1]) : undefined;

const simdata = panelFromCsv(referencePath("gsynth_simdata.csv"), { unit: "id", time: "time", outcome: "Y", treatment: "D", covariates: ["X1", "X2"] });
const turnout = panelFromCsv(referencePath("gsynth_turnout.csv"), { unit: "abb", time: "year", outcome: "turnout", treatment: "policy_edr", covariates: ["policy_mail_in", "policy_motor"] });
const csp = simulateFactorPanel({ units: 300, treated: 20, periods: 66, start: 48, seed: 2026 }).panel;

interface Case { name: string; panel: Panel; options: GsynthOptions; referenceSeconds?: number; targetSeconds?: number }
const cases: Case[] = [
  { name: "simdata: CV r = 0..5 + 1000 parametric bootstraps", panel: simdata, options: { r: [0, 5], se: true, nboots: 1000 }, referenceSeconds: 7.5, targetSeconds: 2.5 },
  { name: "turnout + policy_mail_in, policy_motor: CV r = 0..5 + 1000 parametric bootstraps", panel: turnout, options: { r: [0, 5], se: true, nboots: 1000 }, referenceSeconds: 12.3, targetSeconds: 4 },
  { name: "simdata, matrix completion: CV over 10 λ + 200 non-parametric bootstraps", panel: simdata, options: { estimator: "mc", se: true, nboots: 200 }, referenceSeconds: 9.2, targetSeconds: 3 },
  { name: "SIMULATED CSP-sized panel 300 × 66, 20 treated, 2 covariates: CV r = 0..5 + 1000 parametric bootstraps", panel: csp, options: { r: [0, 5], se: true, nboots: 1000 } },
];

async function main() {
  const results = [];
  for (const c of cases) {
    const opts = { ...c.options, seed: 1, ...(threads ? { threads } : {}) };
    await gsynth(c.panel, { ...opts, nboots: 20 });
    const load = loadavg()[0];
    const cpu0 = process.cpuUsage(), t0 = performance.now();
    const e = await gsynth(c.panel, opts);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const row = {
      case: c.name, wallSeconds: +wall.toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      ...(c.referenceSeconds ? { referenceSeconds: c.referenceSeconds, targetSeconds: c.targetSeconds, speedup: +(c.referenceSeconds / wall).toFixed(2), meetsTarget: wall <= c.targetSeconds! } : {}),
      loadAverage1m: +load.toFixed(2),
      att: +e.att.estimate.toFixed(4), se: +(e.att.se ?? NaN).toFixed(4),
      ...(e.settings.r !== undefined ? { r: e.settings.r } : { lambdaNorm: e.settings.lambdaNorm }),
    };
    console.log(row);
    results.push(row);
  }
  const out = {
    command: `npx tsx bench/gsynth.ts${k > 0 ? ` --threads ${threads}` : ""}`,
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, threads: threads ?? `default (1 below 1e7 refit-cells, else ${defaultThreads()})`,
    note: "wallSeconds is what the targets refer to; cpuSeconds sums all threads. A high loadAverage1m means other jobs shared the cores and the wall times are pessimistic.",
    results,
  };
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "gsynth.json"), JSON.stringify(out, null, 2) + "\n");
}
main();
