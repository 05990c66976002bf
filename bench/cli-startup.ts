/**
 * Benchmark (not a test) of `vru-eval` start-up: wall time of `vru-eval --help` from the
 * compiled dist/ (what bin/vru-eval.js runs), of the same from src/ through tsx (the old way),
 * and of a bare `node -e 0`, each the median of N runs (default 15) after one warm-up: wall
 * time, and CPU time (user + system, from /usr/bin/time), which a loaded machine inflates less.
 * Target: --help within 2× bare node. Builds dist/ first. Writes bench/results/cli-startup.json.
 *   npx tsx bench/cli-startup.ts [N]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../src/io/paths";

// eslint-disable-next-line @typescript-eslint/no-var-requires
(require("../bin/build-dist.js") as { build(): string }).build();

const N = Number(process.argv[2]) || 15;
const bin = join(REPO_ROOT, "bin", "vru-eval.js");

const TIME = "/usr/bin/time";
const mid = (xs: number[]) => +xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);

function measure(args: string[], env: Record<string, string> = {}): { wallMs: number; cpuMs?: number } {
  const opts = { env: { ...process.env, ...env } };
  const run = () => {
    const t0 = performance.now();
    if (!existsSync(TIME)) { execFileSync(process.execPath, args, { ...opts, stdio: "ignore" }); return { wall: performance.now() - t0 }; }
    const r = spawnSync(TIME, ["-f", "CPU %U %S", process.execPath, ...args], { ...opts, encoding: "utf8" });
    const wall = performance.now() - t0;
    const m = r.stderr.match(/CPU ([\d.]+) ([\d.]+)\s*$/);
    return { wall, ...(m ? { cpu: 1000 * (Number(m[1]) + Number(m[2])) } : {}) };
  };
  run();
  const runs = Array.from({ length: N }, run);
  const cpu = runs.flatMap((r) => ("cpu" in r && r.cpu !== undefined ? [r.cpu] : []));
  return { wallMs: mid(runs.map((r) => r.wall)), ...(cpu.length ? { cpuMs: mid(cpu) } : {}) };
}

const loadBefore = loadavg();
const node = measure(["-e", "0"]);
const help = measure([bin, "--help"]);
const list = measure([bin, "figure", "--list"]);
const fromSource = measure([bin, "--help"], { VRU_EVAL_FROM_SOURCE: "1" });
const ratio = (k: "wallMs" | "cpuMs") => (help[k] !== undefined && node[k] ? +(help[k]! / node[k]!).toFixed(2) : undefined);
const out = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: { before: loadBefore, after: loadavg() } },
  node: process.version, date: new Date().toISOString(), runs: N,
  median: { "node -e 0": node, "vru-eval --help (dist)": help, "vru-eval figure --list (dist)": list, "vru-eval --help (src via tsx)": fromSource },
  helpOverNode: { wall: ratio("wallMs"), cpu: ratio("cpuMs") },
  target: "vru-eval --help within 2× bare node",
};
mkdirSync(join(REPO_ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(REPO_ROOT, "bench", "results", "cli-startup.json"), JSON.stringify(out, null, 2) + "\n");
console.log(JSON.stringify(out, null, 2));
