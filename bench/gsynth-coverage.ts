/**
 * Coverage of gsynth's parametric-bootstrap intervals on SIMULATED panels (the factor-model
 * simulator of src/estimators/gsynth/factor-panel.ts, Xu 2017 §4 style: 2 factors, treated
 * units with shifted loadings and unit effects, 2 covariates, effect 3 plus noise). For each
 * design: bias, RMSE, mean SE vs SD of the estimates, CI coverage of the true ATT, and how
 * often cross-validation finds r = 2. Writes bench/results/gsynth-coverage.json.
 *     npx tsx bench/gsynth-coverage.ts [--reps 200] [--nboots 100] [--seed 2026]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { coverageStudy } from "../src/compare/gsynth-coverage";
import { REPO_ROOT } from "../src/io/paths";

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const reps = arg("reps", 200), nboots = arg("nboots", 100), seed = arg("seed", 2026);

const designs = [
  { name: "common timing: 40 units (5 treated) × 25 periods, treated from period 19", spec: { units: 40, treated: 5, periods: 25, start: 18, effect: 3 } },
  { name: "staggered: 60 units (9 treated) × 30 periods, treated from 19, 22 or 25", spec: { units: 60, treated: 9, periods: 30, start: [18, 21, 24], effect: 3 } },
];

async function main() {
  const results = [];
  for (const d of designs) {
    const t0 = performance.now();
    const r = await coverageStudy(d.spec, { r: [0, 4], nboots, threads: 1 }, reps, seed, (k, n) => { if (k % 20 === 0) console.error(`${d.name}: ${k}/${n}`); });
    const row = { design: d.name, ...r, nboots, seconds: +((performance.now() - t0) / 1000).toFixed(1) };
    console.log(row);
    results.push(row);
  }
  const out = {
    command: `npx tsx bench/gsynth-coverage.ts --reps ${reps} --nboots ${nboots} --seed ${seed}`,
    date: new Date().toISOString(),
    data: "SIMULATED (src/estimators/gsynth/factor-panel.ts); true effect 3 + N(0, 0.5²) per treated cell",
    method: "gsynth ife, two-way, CV r = 0..4, parametric bootstrap, 95% normal-approximation CI",
    results,
  };
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "gsynth-coverage.json"), JSON.stringify(out, null, 2) + "\n");
}
main();
