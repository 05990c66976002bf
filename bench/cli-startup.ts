/**
 * Benchmark (not a test) of `vru-eval` start-up: wall time of `vru-eval --help` from the
 * compiled dist/ (what bin/vru-eval.js runs), of the same from src/ through tsx (the old way),
 * and of a bare `node -e 0`, each the median of N runs (default 15) after one warm-up.
 * Target: --help within 2× bare node. Builds dist/ first. Writes bench/results/cli-startup.json.
 *   npx tsx bench/cli-startup.ts [N]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../src/io/paths";

// eslint-disable-next-line @typescript-eslint/no-var-requires
(require("../bin/build-dist.js") as { build(): string }).build();

const N = Number(process.argv[2]) || 15;
const bin = join(REPO_ROOT, "bin", "vru-eval.js");

function median(args: string[], env: Record<string, string> = {}): number {
  const run = () => {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: "ignore" });
    return performance.now() - t0;
  };
  run();
  const ms = Array.from({ length: N }, run).sort((a, b) => a - b);
  return +ms[Math.floor(N / 2)].toFixed(1);
}

const loadBefore = loadavg();
const node = median(["-e", "0"]);
const help = median([bin, "--help"]);
const list = median([bin, "figure", "--list"]);
const fromSource = median([bin, "--help"], { VRU_EVAL_FROM_SOURCE: "1" });
const out = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: { before: loadBefore, after: loadavg() } },
  node: process.version, date: new Date().toISOString(), runs: N,
  medianMs: { "node -e 0": node, "vru-eval --help (dist)": help, "vru-eval figure --list (dist)": list, "vru-eval --help (src via tsx)": fromSource },
  helpOverNode: +(help / node).toFixed(2),
  target: "vru-eval --help within 2× bare node",
};
mkdirSync(join(REPO_ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(REPO_ROOT, "bench", "results", "cli-startup.json"), JSON.stringify(out, null, 2) + "\n");
console.log(JSON.stringify(out, null, 2));
