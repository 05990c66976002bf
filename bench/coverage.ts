/**
 * The threat-by-threat coverage study (issue 17 item 2), on SIMULATED worlds with a known truth:
 * every report design × method × inference option, in the report-effect and no-effect
 * scenarios, with no threat, each threat alone and all threats: bias, RMSE, coverage of the
 * nominal 95% interval, rejection rate at 5% and interval width, each with its Monte Carlo SE.
 * Worlds run on worker threads (src/parallel/pool.ts); writes bench/results/coverage.json.
 *
 *   npx tsx bench/coverage.ts [--worlds 30] [--costly-worlds 8] [--lsoa-worlds 5] [--seed 2026] [--threads 2]
 *   npm run bench -- coverage
 *
 * The per-world work is src/compare/coverage.ts (shared with notebook 02-6 and the power study).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { DESIGNS, METHODS, STUDY_NBOOTS, STUDY_WILD_REPS, LSOA_EVERY, runWorld, studyTasks, summariseStudy, threatCells, type DesignName, type WorldResult, type WorldTask } from "../src/compare/coverage";
import { REPO_ROOT } from "../src/io/paths";
import { mapParallel } from "../src/parallel/pool";
import { THREAT_EVIDENCE } from "../src/simulate/threats";

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};

async function main() {
  const plan = {
    worlds: arg("worlds", 30), costlyWorlds: arg("costly-worlds", 8), lsoaWorlds: arg("lsoa-worlds", 5), seed: arg("seed", 2026),
    scenarios: ["report", "null"] as ("report" | "null")[], cells: threatCells(),
    designs: Object.keys(DESIGNS) as DesignName[],
  };
  const threads = arg("threads", 2);
  // Cells run in groups (none and all first), and the JSON is rewritten after each, so a run
  // stopped early still leaves complete cells behind (marked by "complete").
  const order = ["none", "all", ...plan.cells.map((c) => c.name).filter((n) => n !== "none" && n !== "all")];
  const tasks: WorldTask[] = [], results: WorldResult[][] = [];
  const load0 = loadavg()[0], cpu0 = process.cpuUsage(), t0 = performance.now();
  for (const name of order) {
    const group = studyTasks({ ...plan, cells: plan.cells.filter((c) => c.name === name) });
    let last = 0;
    results.push(...await mapParallel<undefined, WorldTask, WorldResult[]>(join(REPO_ROOT, "src", "compare", "coverage.ts"), "runWorld", group, {
      threads,
      onProgress: (d, n) => { const s = (performance.now() - t0) / 1000; if (s - last > 60 || d === n) { last = s; process.stderr.write(`${name}: ${d}/${n} worlds, ${s.toFixed(0)} s\n`); } },
    }));
    tasks.push(...group);
    write(plan, threads, tasks, results, { load0, cpu0, t0, complete: tasks.length === studyTasks(plan).length });
  }
  const cells = summariseStudy(tasks, results);
  console.table(cells.filter((c) => c.threats === "none" || c.threats === "all").map((c) => ({
    design: c.design, method: c.method, scenario: c.scenario, threats: c.threats, n: c.worlds,
    bias: +c.bias.value.toFixed(3), coverage: c.coverage ? +c.coverage.value.toFixed(2) : "–", rejection: c.rejection ? +c.rejection.value.toFixed(2) : "–",
  })));
}

type Plan = Parameters<typeof studyTasks>[0] & { costlyWorlds: number; lsoaWorlds: number };

function write(plan: Plan, threads: number, tasks: WorldTask[], results: WorldResult[][], run: { load0: number; cpu0: NodeJS.CpuUsage; t0: number; complete: boolean }) {
  const seconds = (performance.now() - run.t0) / 1000, cpu = process.cpuUsage(run.cpu0);
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "coverage.json"), JSON.stringify({
    bench: "coverage",
    command: `npx tsx bench/coverage.ts --worlds ${plan.worlds} --costly-worlds ${plan.costlyWorlds} --lsoa-worlds ${plan.lsoaWorlds} --seed ${plan.seed} --threads ${threads}`,
    date: new Date().toISOString(),
    complete: run.complete,
    data: "SIMULATED worlds of England and Wales (src/simulate/evaluation.ts) with a known true effect: the report's central estimates ('report') or none ('null').",
    alpha: 0.05,
    plan: {
      ...plan,
      note: `Cheap methods run on all ${plan.worlds} worlds of a cell; costly ones (${METHODS.filter((m) => m.cost === "costly").map((m) => m.id).join(", ")}) on the first ${plan.costlyWorlds}; the LSOA design on the first ${plan.lsoaWorlds} (every cell's world k has the same seed). The threat "stopsearch" alone is not a cell: it moves only the stop-and-search covariate, which no specification here uses (its worlds equal the no-threat worlds); it is on in "all".`,
      bootstrap: { gsynth: STUDY_NBOOTS, twfeWild: STUDY_WILD_REPS }, lsoaSample: `LSOAs of 1 in ${LSOA_EVERY} CSPs`,
    },
    designs: Object.values(DESIGNS).map((d) => ({ name: d.name, label: d.label })),
    methods: METHODS.map((m) => ({ id: m.id, method: m.method, label: m.label, inference: m.inference, designs: m.designs, cost: m.cost })),
    threats: THREAT_EVIDENCE,
    machine: { cpus: cpus().length, threads, loadAverageAtStart: run.load0, loadAverageAtEnd: loadavg()[0] },
    seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
    cells: summariseStudy(tasks, results),
  }, null, 1) + "\n");
  console.log(`${tasks.length} worlds, ${seconds.toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU`);
}

main().catch((e) => { console.error(e); process.exit(1); });
