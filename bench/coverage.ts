/**
 * The threat-by-threat coverage study (issue 17 item 2), on SIMULATED worlds with a known truth:
 * every report design × method × inference option, in the report-effect and no-effect
 * scenarios, with no threat, each threat alone and all threats: bias, RMSE, coverage of the
 * nominal 95% interval, rejection rate at 5% and interval width, each with its Monte Carlo SE.
 * Worlds run on worker threads (src/parallel/pool.ts); writes bench/results/coverage.json.
 *
 *   npx tsx bench/coverage.ts [--worlds 30] [--costly-worlds 8] [--lsoa-worlds 5] [--seed 2026] [--threads 2]
 *                             [--cells none,all,covid,…] [--merge]
 *   npm run bench -- coverage
 * --cells runs some threat cells; --merge keeps the other cells of the existing JSON (a study
 * assembled from several runs records each in "runs").
 *
 * The per-world work is src/compare/coverage.ts (shared with notebook 02-6 and the power study).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { DESIGNS, METHODS, STUDY_NBOOTS, STUDY_WILD_REPS, LSOA_EVERY, studyTasks, summariseStudy, threatCells, type CoverageCell, type DesignName, type WorldResult, type WorldTask } from "../src/compare/coverage";
import { REPO_ROOT } from "../src/io/paths";
import { mapParallel } from "../src/parallel/pool";
import { THREAT_EVIDENCE } from "../src/simulate/threats";

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const textArg = (name: string) => { const k = process.argv.indexOf(`--${name}`); return k > 0 ? process.argv[k + 1] : undefined; };

const OUT = join(REPO_ROOT, "bench", "results", "coverage.json");

/** One run of the bench (a study may be assembled from several, each on some threat cells). */
interface RunRecord { command: string; date: string; plan: Record<string, unknown>; threatCells: string[]; machine: Record<string, unknown>; seconds: number; cpuSeconds: number }

async function main() {
  const only = textArg("cells")?.split(",");
  const plan = {
    worlds: arg("worlds", 30), costlyWorlds: arg("costly-worlds", 8), lsoaWorlds: arg("lsoa-worlds", 5), seed: arg("seed", 2026),
    scenarios: ["report", "null"] as ("report" | "null")[], cells: threatCells().filter((c) => !only || only.includes(c.name)),
    designs: Object.keys(DESIGNS) as DesignName[],
  };
  if (!plan.cells.length) throw new Error(`--cells ${only?.join(",")}: no such threat cell (cells: ${threatCells().map((c) => c.name).join(", ")})`);
  const threads = arg("threads", 2);
  // --merge keeps the cells of earlier runs (bench/results/coverage.json) for threat cells this run does not redo.
  const earlier = process.argv.includes("--merge") && existsSync(OUT) ? JSON.parse(readFileSync(OUT, "utf8")) as { runs?: RunRecord[]; cells: CoverageCell[] } & Omit<RunRecord, "threatCells"> : undefined;
  const mine = new Set(plan.cells.map((c) => c.name));
  // A file from a single run (before runs were recorded) is one run over the cells it has.
  const earlierRuns = earlier ? earlier.runs ?? [{ command: earlier.command, date: earlier.date, plan: earlier.plan, machine: earlier.machine, seconds: earlier.seconds, cpuSeconds: earlier.cpuSeconds, threatCells: [...new Set(earlier.cells.map((c) => c.threats))] }] : [];
  const keptRuns = earlierRuns.map((r) => ({ ...r, threatCells: r.threatCells.filter((c) => !mine.has(c)) })).filter((r) => r.threatCells.length);
  const keptCells = (earlier?.cells ?? []).filter((c) => !mine.has(c.threats));
  // Cells run in groups (none and all first), and the JSON is rewritten after each, so a run
  // stopped early still leaves complete cells behind.
  const order = ["none", "all", ...plan.cells.map((c) => c.name).filter((n) => n !== "none" && n !== "all")].filter((n) => mine.has(n));
  const tasks: WorldTask[] = [], results: WorldResult[][] = [];
  const load0 = loadavg()[0], cpu0 = process.cpuUsage(), t0 = performance.now();
  const command = `npx tsx bench/coverage.ts --worlds ${plan.worlds} --costly-worlds ${plan.costlyWorlds} --lsoa-worlds ${plan.lsoaWorlds} --seed ${plan.seed} --threads ${threads}${only ? ` --cells ${only.join(",")}` : ""}${earlier ? " --merge" : ""}`;
  for (const name of order) {
    const group = studyTasks({ ...plan, cells: plan.cells.filter((c) => c.name === name) });
    let last = 0;
    results.push(...await mapParallel<undefined, WorldTask, WorldResult[]>(join(REPO_ROOT, "src", "compare", "coverage.ts"), "runWorld", group, {
      threads,
      onProgress: (d, n) => { const s = (performance.now() - t0) / 1000; if (s - last > 60 || d === n) { last = s; process.stderr.write(`${name}: ${d}/${n} worlds, ${s.toFixed(0)} s\n`); } },
    }));
    tasks.push(...group);
    const cpu = process.cpuUsage(cpu0);
    const run: RunRecord = {
      command, date: new Date().toISOString(), plan: { worlds: plan.worlds, costlyWorlds: plan.costlyWorlds, lsoaWorlds: plan.lsoaWorlds, seed: plan.seed },
      threatCells: [...new Set(tasks.map((t) => t.cell))], machine: { cpus: cpus().length, threads, loadAverageAtStart: load0, loadAverageAtEnd: loadavg()[0] },
      seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    write([...keptRuns, run], [...keptCells, ...summariseStudy(tasks, results)]);
    process.stderr.write(`${name} written: ${run.seconds.toFixed(0)} s wall, ${run.cpuSeconds.toFixed(0)} s CPU\n`);
  }
}

function write(runs: RunRecord[], cells: CoverageCell[]) {
  mkdirSync(dirname(OUT), { recursive: true });
  const done = new Set(cells.map((c) => c.threats));
  const seconds = runs.reduce((a, r) => a + r.seconds, 0), cpuSeconds = runs.reduce((a, r) => a + r.cpuSeconds, 0);
  writeFileSync(OUT, JSON.stringify({
    bench: "coverage",
    date: new Date().toISOString(),
    complete: threatCells().every((c) => done.has(c.name)),
    data: "SIMULATED worlds of England and Wales (src/simulate/evaluation.ts) with a known true effect: the report's central estimates ('report') or none ('null').",
    alpha: 0.05,
    note: runs.map((r) => `Threat cells ${r.threatCells.join(", ")}: ${r.plan.worlds} worlds per cell for cheap methods, the first ${r.plan.costlyWorlds} for costly ones (${METHODS.filter((m) => m.cost === "costly").map((m) => m.id).join(", ")}), the first ${r.plan.lsoaWorlds} for the LSOA design (seed ${r.plan.seed}; world k has the same seed in every cell).`).join(" ") +
      ` The threat "stopsearch" alone is not a cell: it moves only the stop-and-search covariate, which no specification here uses (its worlds equal the no-threat worlds); it is on in "all". Bootstraps: gsynth ${STUDY_NBOOTS} replicates, TWFE wild ${STUDY_WILD_REPS}; LSOAs of 1 in ${LSOA_EVERY} CSPs.`,
    runs, seconds, cpuSeconds,
    designs: Object.values(DESIGNS).map((d) => ({ name: d.name, label: d.label })),
    methods: METHODS.map((m) => ({ id: m.id, method: m.method, label: m.label, inference: m.inference, designs: m.designs, cost: m.cost })),
    threats: THREAT_EVIDENCE,
    cells,
  }, null, 1) + "\n");
}

main().catch((e) => { console.error(e); process.exit(1); });
