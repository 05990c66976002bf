/**
 * `npm run bench`: runs every benchmark in bench/ one after another (each writes its JSON to
 * bench/results/). Benchmarks are timings, never tests. Pass names to run some: `npm run bench -- gsynth scm`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = __dirname;
const wanted = process.argv.slice(2);
const benches = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run-all.ts" && (!wanted.length || wanted.some((w) => f.startsWith(w)))).sort();
for (const f of benches) {
  process.stderr.write(`▶ bench/${f}\n`);
  execFileSync(process.execPath, [require.resolve("tsx/cli"), join(dir, f)], { stdio: "inherit" });
}
