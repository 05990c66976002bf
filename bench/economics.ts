/**
 * Benchmark (not a test) of the cost-benefit module: timings of the chain, the Monte Carlo
 * (10^5 and 10^6 draws), the tornado and a 101 × 101 two-way grid; and the Monte Carlo
 * accuracy of P(ratio > 1) under the report-implied uncertainty against its closed form
 * (two-piece normal: Φ((B − C)/s.d.)), over draw counts and 20 seeds each.
 * Writes bench/results/economics.json.   npx tsx bench/economics.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { REPORT_233, REPORT_PARAMS, VWI, VWOI, costBenefit, linspace, monteCarlo, reportImpliedRecorded, setMultiplier, standardInputs, tornado, twoWayGrid } from "../src/economics/index";
import { normalCdf, normalQuantile } from "../src/stats/normal";
import { REPO_ROOT } from "../src/io/paths";
import { childSeeds } from "../src/random";

function time(label: string, f: () => unknown, times = 5) {
  f();
  const t0 = performance.now();
  for (let i = 0; i < times; i++) f();
  return { task: label, ms: +((performance.now() - t0) / times).toFixed(3) };
}

const recorded = reportImpliedRecorded();
const timings = [
  time("chain (costBenefit), one evaluation", () => costBenefit(REPORT_PARAMS), 10_000),
  time("Monte Carlo 10^5 draws, comonotone", () => monteCarlo({ base: REPORT_PARAMS, recorded, dependence: "comonotone", draws: 100_000, seed: 1 })),
  time("Monte Carlo 10^5 draws, independent", () => monteCarlo({ base: REPORT_PARAMS, recorded, dependence: "independent", draws: 100_000, seed: 1 })),
  time("Monte Carlo 10^6 draws, comonotone", () => monteCarlo({ base: REPORT_PARAMS, recorded, dependence: "comonotone", draws: 1_000_000, seed: 1 }), 2),
  time("tornado (4 standard inputs + cost base)", () => tornado(REPORT_PARAMS, standardInputs(REPORT_PARAMS, { costBases: { low: { name: "VRU", total: 45_765_000 }, high: { name: "all", total: 136_090_000 } } })), 100),
  time("two-way multiplier grid 101 × 101", () => twoWayGrid(REPORT_PARAMS, { name: "m1", values: linspace(1, 3, 101), set: setMultiplier(VWOI) }, { name: "m2", values: linspace(1, 5, 101), set: setMultiplier(VWI) }), 5),
];

const b = costBenefit(REPORT_PARAMS).totalBenefit, c = REPORT_233.cost;
const exact = normalCdf((b - c) / ((b - REPORT_233.ratioAtUpperCi * c) / normalQuantile(0.975)));
const accuracy = [1_000, 10_000, 100_000].map((draws) => {
  const ps = childSeeds(2026, 20).map((seed) => monteCarlo({ base: REPORT_PARAMS, recorded, dependence: "comonotone", draws, seed }).summary.pAboveOne);
  const rmse = Math.sqrt(ps.reduce((s, p) => s + (p - exact) ** 2, 0) / ps.length);
  return { draws, seeds: ps.length, rmse: +rmse.toFixed(5), theoreticalMcse: +Math.sqrt((exact * (1 - exact)) / draws).toFixed(5) };
});

// Timings on a shared machine: the load average says how much they are inflated.
const out = { generated: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverage: loadavg().map((x) => +x.toFixed(1)), timings, pAboveOne: { exact: +exact.toFixed(6), accuracy } };
mkdirSync(join(REPO_ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(REPO_ROOT, "bench", "results", "economics.json"), JSON.stringify(out, null, 2) + "\n");
console.log(JSON.stringify(out, null, 2));
