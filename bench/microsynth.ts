/**
 * Benchmark: micro-synthetic control at the scale of every LSOA in England and Wales
 * (~34,750 areas × 66 months, April 2015 – September 2020), treated = the 10% most violent
 * LSOAs in funded PFAs, both violence outcomes matched in each of the 48 pre-period months,
 * 250 placebo groups. Also times the Seattle reference fit. Writes bench/results/microsynth.json.
 *
 * Two SIMULATED panels: (1) the project simulator's LSOA violence panels (src/simulate, ~31,000
 * LSOAs: five forces are left out as in the report) with the report's hotspot design; (2) a
 * generator of our own (`simulateLsoaPanel`) at the full 34,750 LSOAs, every non-treated LSOA
 * a control — the largest calibration problem of this shape.
 *
 *   npx tsx bench/microsynth.ts [--perm 250] [--threads 2]
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cpus, loadavg } from "node:os";
import { hotspotDesign } from "../src/chapter2/hotspot-design";
import { microsynth, microsynthParallel, readMicrosynthCsv, type MicrosynthData, type MicrosynthResult } from "../src/estimators/microsynth/index";
import { simulateEvaluation } from "../src/simulate/index";
import { referencePath, REPO_ROOT } from "../src/io/paths";
import { createRng } from "../src/random";
import { poisson } from "../src/simulate/sample";

const TRUE_EFFECT = { violenceWithInjury: -0.028, violenceWithoutInjury: -0.069 };

/**
 * A simulated LSOA × month panel: 43 PFAs of lognormal sizes (the 18 largest funded), area
 * violence risk lognormal (sd 0.8 on the log scale) plus a force effect, a common monthly path
 * (trend, summer peak, COVID-19 dip in April–May 2020), Poisson counts. Treated LSOAs (top 10%
 * of pre-period violence in funded PFAs) get the true effects above from April 2019.
 */
export function simulateLsoaPanel(seed: number, nUnits = 34750, truth: typeof TRUE_EFFECT = TRUE_EFFECT): MicrosynthData & { truth: typeof TRUE_EFFECT } {
  const rng = createRng(seed);
  const months: string[] = [];
  for (let k = 0; k < 66; k++) { const m = 3 + k; months.push(`${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`); }
  const T = months.length, start = months.indexOf("2019-04");
  const sizes = Array.from({ length: 43 }, () => Math.exp(0.7 * rng.normal()));
  const order = sizes.map((s, k) => [s, k] as const).sort((a, b) => b[0] - a[0]);
  const funded = new Uint8Array(43);
  for (let k = 0; k < 18; k++) funded[order[k][1]] = 1;
  const total = sizes.reduce((a, b) => a + b, 0);
  const cum = sizes.map(((s) => (a: number) => (s += a))(0)).map((c) => c / total);
  const pfaEffect = Array.from({ length: 43 }, () => 0.2 * rng.normal());
  const pfa = new Int32Array(nUnits), risk = new Float64Array(nUnits);
  const covariates = { population: new Float64Array(nUnits), deprivation: new Float64Array(nUnits) };
  for (let i = 0; i < nUnits; i++) {
    const u = rng.uniform();
    let k = 0; while (cum[k] < u && k < 42) k++;
    pfa[i] = k;
    const z = rng.normal();
    risk[i] = Math.exp(pfaEffect[k] + 0.8 * z);
    covariates.population[i] = Math.round(1600 + 300 * rng.normal());
    covariates.deprivation[i] = 20 + 8 * z + 6 * rng.normal();
  }
  const monthly = (t: number, growth: number) => {
    const month = (3 + t) % 12;
    const covid = months[t] === "2020-04" ? 0.7 : months[t] === "2020-05" ? 0.85 : 1;
    return Math.exp(growth * (t / 12)) * (1 + 0.08 * Math.cos((2 * Math.PI * (month - 6)) / 12)) * covid;
  };
  const base = { violenceWithInjury: 0.9, violenceWithoutInjury: 1.1 };
  const growth = { violenceWithInjury: 0.03, violenceWithoutInjury: 0.12 };
  // Treated: top 10% of expected pre-period violence among funded LSOAs (by risk: the same order).
  const fundedIdx = Array.from({ length: nUnits }, (_, i) => i).filter((i) => funded[pfa[i]]);
  fundedIdx.sort((a, b) => risk[b] - risk[a]);
  const treated = new Uint8Array(nUnits);
  for (let k = 0; k < Math.round(fundedIdx.length / 10); k++) treated[fundedIdx[k]] = 1;
  const outcomes: Record<string, Float64Array> = {};
  for (const o of ["violenceWithInjury", "violenceWithoutInjury"] as const) {
    const y = new Float64Array(nUnits * T);
    const path = Array.from({ length: T }, (_, t) => base[o] * monthly(t, growth[o]));
    for (let i = 0; i < nUnits; i++) {
      for (let t = 0; t < T; t++) {
        const eff = treated[i] && t >= start ? 1 + truth[o] : 1;
        y[i * T + t] = poisson(rng, risk[i] * path[t] * eff);
      }
    }
    outcomes[o] = y;
  }
  return { units: Array.from({ length: nUnits }, (_, i) => `L${String(i).padStart(8, "0")}`), periods: months, outcomes, treated, start, covariates, source: `simulated LSOA panel (seed ${seed})`, truth };
}

function flag(name: string, fallback: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
}

interface Timed { wallSeconds: number; cpuSeconds: number }
async function timed<R>(f: () => R | Promise<R>): Promise<[R, Timed]> {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = await f();
  return [r, { wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: process.cpuUsage(c0).user / 1e6 }];
}

function summarise(r: MicrosynthResult) {
  return {
    diagnostics: r.diagnostics,
    percentChange: Object.fromEntries(Object.entries(r.effects).map(([k, e]) => [k, e.att.percentChange])),
    omnibus: r.omnibus,
  };
}

async function main(): Promise<void> {
  const perms = flag("perm", 250), threads = flag("threads", 2);
  let peakRss = 0;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  const load0 = loadavg();

  // Seattle reference fit (load + fit), as in test/microsynth.test.ts.
  const [sea, seaLoad] = await timed(() => readMicrosynthCsv(referencePath("seattledmi.csv.gz"), { unit: "ID", time: "time", treatment: "Intervention", outcomes: ["i_felony", "i_misdemea", "i_drugs", "any_crime"], covariates: ["TotalPop", "BLACK", "HISPANIC", "Males_1521", "HOUSEHOLDS", "FAMILYHOUS", "FEMALE_HOU", "RENTER_HOU", "VACANT_HOU"] }));
  const [seaFit, seaTime] = await timed(() => microsynth(sea));
  const [seaInf, seaInfTime] = await timed(() => microsynthParallel(sea, { jackknife: true, permutations: perms, seed: 1, threads }));

  // 1. The project simulator's LSOA panels, the report's hotspot design.
  const [sim, simTime] = await timed(() => simulateEvaluation({ seed: 1, lsoa: true }));
  const design = hotspotDesign([sim.panels["lsoa-violence-with-injury"]!, sim.panels["lsoa-violence-without-injury"]!], { covariates: ["population"] });
  const [simFit, simFitTime] = await timed(() => microsynth(design));
  const [simFull, simFullTime] = await timed(() => microsynthParallel(design, { permutations: perms, seed: 1, threads }));

  // 2. Full scale: every one of 34,750 simulated LSOAs in the fit (all non-treated are controls).
  const [data, genTime] = await timed(() => simulateLsoaPanel(20190401));
  const [, fitTime] = await timed(() => microsynth(data));
  const [full, fullTime] = await timed(() => microsynthParallel(data, { permutations: perms, seed: 1, threads }));
  // 3. Calibration of the linearisation intervals: 60 simulated panels (5,000 LSOAs) with no effect.
  const [nullRuns, nullTime] = await timed(() => Array.from({ length: 60 }, (_, k) => {
    const r = microsynth(simulateLsoaPanel(100 + k, 5000, { violenceWithInjury: 0, violenceWithoutInjury: 0 }));
    return Object.values(r.effects).map((e) => e.att.percentChange!);
  }));
  const nullSummary = ["violenceWithInjury", "violenceWithoutInjury"].map((o, k) => {
    const est = nullRuns.map((r) => r[k].estimate), n = est.length;
    const mean = est.reduce((a, b) => a + b, 0) / n;
    return [o, { meanPercentChange: mean, sdPercentChange: Math.sqrt(est.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)), coverage95: nullRuns.filter((r) => r[k].ci![0] <= 0 && r[k].ci![1] >= 0).length / n }];
  });
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

  const result = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtStart: load0, loadAverageAtEnd: loadavg() },
    note: "wall seconds depend on what else runs on the machine (see loadAverage: other jobs shared the 2 cores); cpuSeconds is this process's user CPU over all threads",
    seattle: {
      data: "data/reference/seattledmi.csv.gz (9,642 blocks × 16 quarters; 58 constraints)",
      load: seaLoad,
      fit: seaTime,
      percentChange: Object.fromEntries(Object.entries(seaFit.effects).map(([k, e]) => [k, e.att.percentChange?.estimate])),
      withJackknifeAndPermutations: { jackknifeGroups: 39, permutations: perms, threads, time: seaInfTime, seconds: seaInf.diagnostics.seconds, inference: Object.fromEntries(Object.entries(seaInf.effects).map(([k, e]) => [k, e.diagnostics?.inference])), omnibus: seaInf.omnibus },
      referenceR: "microsynth 2.0.51 takes about 28 s for this fit (issue 9)",
    },
    simulatorLsoaHotspots: {
      data: "SIMULATED: src/simulate simulateEvaluation({ seed: 1, lsoa: true }) LSOA violence panels (5 forces left out as in the report); hotspotDesign: treated = top 10% of funded LSOAs by pre-period violence, controls = LSOAs in unfunded forces",
      simulate: simTime,
      units: design.units.length,
      excludedFundedNonHotspots: design.excluded,
      periods: design.periods.length,
      trueEffectNote: "the simulator's truth is reported for all funded LSOAs (counts per LSOA-month), not for the hotspot subset",
      trueAttAllFundedLsoas: { violenceWithInjury: sim.truth["lsoa-violence-with-injury"]!.att, violenceWithoutInjury: sim.truth["lsoa-violence-without-injury"]!.att },
      fit: simFitTime,
      permutations: perms,
      threads,
      fitWithPermutations: simFullTime,
      ...summarise(simFull),
    },
    fullScaleLsoa: {
      data: "SIMULATED LSOA panel generated inside this bench (simulateLsoaPanel, seed 20190401) at the issue's full scale: 34,750 LSOAs × 66 months, every non-treated LSOA a control",
      trueEffect: data.truth,
      units: data.units.length,
      periods: data.periods.length,
      generate: genTime,
      fit: fitTime,
      permutations: perms,
      threads,
      fitWithPermutations: fullTime,
      ...summarise(full),
    },
    nullCoverage: {
      data: "SIMULATED: 60 panels from simulateLsoaPanel (seeds 100–159, 5,000 LSOAs × 66 months, true effect 0); linearisation 95% intervals, no permutations",
      time: nullTime,
      ...Object.fromEntries(nullSummary),
    },
    peakRssMB: Math.round(peakRss / 2 ** 20),
  };
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "microsynth.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
}

if (require.main === module) main().catch((e) => { console.error(e); process.exitCode = 1; });
