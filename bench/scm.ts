/**
 * Benchmark: classic synthetic control on Proposition 99 (ADH 2010 specification) — the single
 * fit, and placebo-in-space over all 38 donors with the nested V search re-run for each placebo
 * (on worker threads). Reference timings on this machine class: R Synth 1.1-8 took 8.2 s for the
 * single fit and 383 s for the 38 placebo fits. Targets: ≤ 0.5 s and ≤ 10 s.
 * Also times the Basque fit. Writes bench/results/scm.json (wall and CPU time, load average).
 *
 *   npx tsx bench/scm.ts [--threads N] [--reps 5]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { scmFits } from "../src/estimators/scm/index";
import { placeboInSpace } from "../src/estimators/scm/inference";
import { BASQUE_OPTIONS, PROP99_OPTIONS, PROP99_PUBLISHED, loadBasque, loadProp99 } from "../src/reference/scm-specs";
import { REPO_ROOT } from "../src/io/paths";

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};

/** Median wall and CPU seconds of `reps` runs (after one warm-up run). */
async function time<T>(reps: number, f: () => T | Promise<T>): Promise<{ wall: number; cpu: number; result: T }> {
  let result = await f();
  const walls: number[] = [], cpus: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c = process.cpuUsage(), t = performance.now();
    result = await f();
    const u = process.cpuUsage(c);
    walls.push((performance.now() - t) / 1000);
    cpus.push((u.user + u.system) / 1e6);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: med(walls), cpu: med(cpus), result };
}

async function mainBench() {
  const threads = arg("threads", availableParallelism()), reps = arg("reps", 5);
  const prop = loadProp99(), basque = loadBasque();
  const load = loadavg()[0];
  const single = await time(reps, () => scmFits(prop, PROP99_OPTIONS));
  const basqueFit = await time(reps, () => scmFits(basque, BASQUE_OPTIONS));
  const placebo = await time(Math.max(1, Math.floor(reps / 2)), () => placeboInSpace(prop, PROP99_OPTIONS, { threads }));
  const f = single.result.fits[0];
  const out = {
    bench: "scm",
    data: "Proposition 99 (data/reference/smoking.csv), ADH 2010 predictors; Basque (data/reference/basque.csv), R Synth help example",
    machine: { cores: availableParallelism(), threads, loadAverageAtStart: load, loadAverageAtEnd: loadavg()[0] },
    note: "median of runs after a warm-up. Wall time depends on other load on the machine (load average recorded; 2 cores). CPU seconds are process-wide (main thread and workers, incl. worker start-up), so on an idle machine the placebo wall time is about cpuSecondsAllThreads / threads",
    prop99Single: { wallSeconds: single.wall, cpuSeconds: single.cpu, targetSeconds: 0.5, rSeconds: 8.2, preMSPE: f.fitMSPE, rPreMSPE: PROP99_PUBLISHED.referenceMSPE, innerSolves: f.innerSolves },
    prop99Placebos38: { wallSeconds: placebo.wall, cpuSecondsAllThreads: placebo.cpu, targetSeconds: 10, rSeconds: 383, fits: placebo.result.placebos.length + 1, p: placebo.result.tests[0].p },
    basqueSingle: { wallSeconds: basqueFit.wall, cpuSeconds: basqueFit.cpu, preMSPE: basqueFit.result.fits[0].fitMSPE },
  };
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "scm.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(JSON.stringify(out, null, 2));
}

mainBench();
