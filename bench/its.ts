/**
 * Benchmark (not a test) of the interrupted time series:
 *  1. timings on Seatbelts (192 months): OLS, ARIMA(1,0,0)(1,0,0)[12] errors (R reference model),
 *     segmented model with ARMA orders chosen by AICc;
 *  2. coverage of the 95% intervals for the step and slope on SIMULATED series shaped like the
 *     report's (66 months April 2015 – September 2020, intervention April 2019, lockdown dummy,
 *     month effects) with AR(1) errors (φ = 0.5): OLS, Newey–West (lag 3) and ARIMA(1,0,0) errors.
 * Writes bench/results/its.json.   npx tsx bench/its.ts [--reps 300] [--seed 2026]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fitIts, type ItsErrors } from "../src/estimators/its/index";
import { fitRegArima } from "../src/timeseries/regarima";
import { numericColumn, readCsv } from "../src/io/csv";
import { REPO_ROOT, referencePath } from "../src/io/paths";
import { monthRange } from "../src/panel/calendar";
import { createRng, childSeeds } from "../src/random";

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const reps = arg("reps", 300), seed = arg("seed", 2026);

function time(label: string, f: () => unknown, times = 5) {
  f();
  const t0 = performance.now();
  for (let i = 0; i < times; i++) f();
  return { task: label, ms: +((performance.now() - t0) / times).toFixed(1) };
}

const t = readCsv(referencePath("seatbelts.csv"));
const y = Array.from(numericColumn(t, "DriversKilled"), Math.log), law = numericColumn(t, "law");
const yr = numericColumn(t, "year"), mo = numericColumn(t, "month");
const periods = Array.from(yr, (v, i) => `${v}-${String(mo[i]).padStart(2, "0")}`);
const X = new Float64Array(y.length * 2);
for (let i = 0; i < y.length; i++) { X[2 * i] = 1; X[2 * i + 1] = law[i]; }
const base = { intervention: "1983-02", season: "month" as const };
const timings = [
  time("Seatbelts OLS segmented model", () => fitIts(y, periods, base), 20),
  time("Seatbelts ARIMA(1,0,0)(1,0,0)[12] errors, intercept + law", () => fitRegArima(y, X, ["intercept", "law"], { p: 1, d: 0, q: 0, P: 1, D: 0, Q: 0, s: 12 })),
  time("Seatbelts segmented model, ARIMA(1,0,0) errors", () => fitIts(y, periods, { ...base, errors: { type: "arima", order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 12 } } })),
  time("Seatbelts segmented model, ARMA(p≤2,q≤2) by AICc (9 fits)", () => fitIts(y, periods, { ...base, errors: { type: "auto" } }), 2),
];
console.table(timings);

// Coverage on simulated report-shaped series.
const months = monthRange("2015-04", "2020-09"), t0 = months.indexOf("2019-04");
const truth = { step: -300, slope: -100 };
const models: [string, ItsErrors][] = [
  ["OLS", { type: "ols" }],
  ["Newey–West lag 3", { type: "newey-west", lag: 3 }],
  ["ARIMA(1,0,0) errors", { type: "arima", order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 12 } }],
];
const hits = models.map(() => ({ step: 0, slope: 0, failures: 0 }));
const seeds = childSeeds(seed, reps);
const tc = performance.now();
for (let r = 0; r < reps; r++) {
  const rng = createRng(seeds[r]);
  let u = 0;
  const series = months.map((p, k) => {
    u = 0.5 * u + 200 * rng.normal();
    const lock = p === "2020-04" || p === "2020-05" ? -2500 : 0;
    const post = k >= t0 ? truth.step + truth.slope * (k - t0) : 0;
    return 20000 + 40 * k + 500 * Math.cos((2 * Math.PI * Number(p.slice(5))) / 12) + lock + post + u;
  });
  models.forEach(([, errors], m) => {
    try {
      const c = fitIts(series, months, { intervention: "2019-04", lockdown: { from: "2020-04", to: "2020-05" }, season: "month", errors }).coefficients!;
      if (c.step.ci![0] <= truth.step && truth.step <= c.step.ci![1]) hits[m].step++;
      if (c.slope.ci![0] <= truth.slope && truth.slope <= c.slope.ci![1]) hits[m].slope++;
    } catch {
      hits[m].failures++;
    }
  });
}
const coverage = models.map(([name], m) => ({ model: name, stepCoverage: hits[m].step / reps, slopeCoverage: hits[m].slope / reps, failures: hits[m].failures }));
console.table(coverage);
const dir = join(REPO_ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "its.json"), JSON.stringify({ date: new Date().toISOString().slice(0, 10), machine: { cpus: cpus().length, loadAverage1min: +loadavg()[0].toFixed(1), note: "timings are wall-clock per call on a shared machine; read them against the load" }, reps, seed, timings, coverage: { design: "SIMULATED: 66 months, AR(1) phi 0.5, sd 200, step -300, slope -100, lockdown -2500, nominal 95%", results: coverage, seconds: +((performance.now() - tc) / 1000).toFixed(1) } }, null, 2) + "\n");
