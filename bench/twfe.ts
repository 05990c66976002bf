/**
 * Benchmark: two-way fixed effects at the scale of every LSOA in England and Wales
 * (34,750 areas × 66 months ≈ 2.3 million cells; SIMULATED outcomes, 5% of cells missing so
 * the panel is unbalanced), clustered by 43 force areas. Times the fit (iterated demeaning),
 * an event study, and the wild cluster bootstrap; also the turnout reference fit.
 * Times are CPU seconds of this process. Writes bench/results/twfe.json.
 *
 *   npx tsx bench/twfe.ts [--units 34750] [--reps 999]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { twfe } from "../src/estimators/twfe/index";
import { REPO_ROOT, referencePath } from "../src/io/paths";
import { panelFromCsv } from "../src/panel/from-csv";
import type { Panel } from "../src/panel/panel";
import { createRng } from "../src/random";

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};

/** SIMULATED: unit and month effects, a force-level trend, treatment in 18 of 43 forces from month 48, true effect −0.5. */
function lsoaPanel(seed: number, N: number, T = 66): Panel {
  const rng = createRng(seed);
  const y = new Float64Array(N * T), treatment = new Uint8Array(N * T);
  const month = Float64Array.from({ length: T }, () => rng.normal());
  const forceTrend = Float64Array.from({ length: 43 }, () => 0.01 * rng.normal());
  const pfa: string[] = [];
  for (let i = 0; i < N; i++) {
    const f = rng.int(43), treated = f < 18, a = 3 * rng.normal();
    pfa.push(`pfa${f}`);
    for (let t = 0; t < T; t++) {
      const D = treated && t >= 48 ? 1 : 0;
      treatment[i * T + t] = D;
      y[i * T + t] = rng.uniform() < 0.05 ? NaN : 10 + a + month[t] + forceTrend[f] * t - 0.5 * D + rng.normal();
    }
  }
  return {
    units: Array.from({ length: N }, (_, i) => `lsoa${i}`),
    periods: Array.from({ length: T }, (_, t) => String(t)),
    outcome: "violence (simulated)", y, treatment, covariates: {}, attributes: { pfa },
  };
}

/** Runs f and returns its result with the CPU seconds it used (wall time is unreliable on a shared machine). */
function time<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1e6];
}

const N = arg("units", 34750), reps = arg("reps", 999);
const panel = lsoaPanel(7, N);
const [fit, fitSeconds] = time(() => twfe(panel, { cluster: "pfa" }));
const [es, esSeconds] = time(() => twfe(panel, { cluster: "pfa", eventStudy: { leads: 6, lags: 6 } }));
const [boot, bootSeconds] = time(() => twfe(panel, { cluster: "pfa", bootstrap: { reps, weights: "webb", seed: 1 } }));
const turnout = panelFromCsv(referencePath("gsynth_turnout.csv"), { unit: "abb", time: "year", outcome: "turnout", treatment: "policy_edr" });
const [, turnoutSeconds] = time(() => twfe(turnout));
const [, turnoutBootSeconds] = time(() => twfe(turnout, { bootstrap: { reps: 9999, weights: "webb", seed: 1 } }));

const result = {
  bench: "twfe",
  data: `SIMULATED LSOA-like panel: ${N} units × 66 months, 5% of cells missing, 43 clusters; true effect −0.5`,
  nObs: fit.diagnostics!.nObs,
  fit: { seconds: fitSeconds, att: fit.att, iterations: fit.diagnostics!.iterations },
  eventStudy: { seconds: esSeconds, terms: Object.keys(es.coefficients!).length, iterations: es.diagnostics!.iterations },
  wildBootstrap: { seconds: bootSeconds, reps, ci: boot.att.ci, p: boot.att.p, strategy: (boot.diagnostics!.bootstrap as { strategy: string }).strategy },
  turnout: { fitSeconds: turnoutSeconds, bootstrap9999Seconds: turnoutBootSeconds },
  timesAre: "CPU seconds (user + system) of this process",
  node: process.version,
};
console.log(JSON.stringify(result, null, 2));
const dir = join(REPO_ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "twfe.json"), JSON.stringify(result, null, 2) + "\n");
