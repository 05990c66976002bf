/**
 * Benchmark (not a test) of the report-table module: timings of loading and auditing every
 * table, the Monte-Carlo chi-square on Table 7.3 and the rank correlation on Table 7.1; and the
 * size of the Monte-Carlo chi-square test under independence (tables drawn with Table 7.3's
 * margins, 4 × 4 known part and full 5 × 5): the rejection rate at 5% should be ≤ 0.05 up to noise.
 * Writes bench/results/tables.json.   npx tsx bench/tables.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { auditReportTables, chiSquareTest, interventionSpendShares, loadReportTables, rankCorrelation } from "../src/tables/index";
import { REPO_ROOT } from "../src/io/paths";
import { childSeeds, createRng } from "../src/random";

function time(label: string, f: () => unknown, times = 5) {
  f();
  const t0 = performance.now();
  for (let i = 0; i < times; i++) f();
  return { task: label, ms: +((performance.now() - t0) / times).toFixed(3) };
}

const tables = loadReportTables();
const spend = interventionSpendShares(tables.t71);
const x = spend.byVru.map((v) => v.fundingAllocation), y = spend.byVru.map((v) => v.share);
const timings = [
  time("loadReportTables (12 CSVs)", () => loadReportTables(), 20),
  time("auditReportTables", () => auditReportTables(tables), 20),
  time("chi-square, Table 7.3, 10^4 Monte-Carlo tables", () => chiSquareTest(tables.t73.counts, { seed: 1, replicates: 10_000 })),
  time("rank correlation, Table 7.1, 10^4 permutations + 10^4 bootstrap", () => rankCorrelation(x, y, { seed: 1, replicates: 10_000 })),
];

/** A table drawn under independence with the margins of `counts`. */
function nullTable(counts: number[][], seed: number): number[][] {
  const R = counts.length, C = counts[0].length;
  const rows: number[] = [], cols: number[] = [];
  counts.forEach((r, i) => r.forEach((n, j) => { for (let k = 0; k < n; k++) { rows.push(i); cols.push(j); } }));
  createRng(seed).shuffle(cols);
  const t = Array.from({ length: R }, () => new Array<number>(C).fill(0));
  rows.forEach((i, k) => t[i][cols[k]]++);
  return t;
}

const known = tables.t73.counts.slice(0, 4).map((r) => r.slice(0, 4));
const size = [{ name: "Table 7.3, 4 levels × 4 known models", counts: known }, { name: "Table 7.3, full 5 × 5", counts: tables.t73.counts }].map(({ name, counts }) => {
  const seeds = childSeeds(2021, 400);
  const ps = seeds.map((s) => {
    const t = nullTable(counts, s);
    const r = chiSquareTest(t.filter((row) => row.some((v) => v > 0)), { seed: s + 1, replicates: 999 });
    return { mc: r.pMonteCarlo, asym: r.pAsymptotic };
  });
  const rate = (k: "mc" | "asym") => +(ps.filter((p) => p[k] <= 0.05).length / ps.length).toFixed(4);
  return { table: name, nullTables: ps.length, replicatesEach: 999, rejectionAt5pctMonteCarlo: rate("mc"), rejectionAt5pctAsymptotic: rate("asym"), mcse: +Math.sqrt((0.05 * 0.95) / ps.length).toFixed(4) };
});

const out = { machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, node: process.version, date: new Date().toISOString(), timings, size };
mkdirSync(join(REPO_ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(REPO_ROOT, "bench", "results", "tables.json"), JSON.stringify(out, null, 2) + "\n");
console.log(JSON.stringify(out, null, 2));
