/**
 * Calibration study of the chapter 2 defaults: in many simulated worlds (every threat on, the
 * world as calibrated; or `--threats`), fit each truth-bearing row of notebooks 02-1 … 02-5 with
 * its design's default (designs.ts), and measure how often the 95% interval covers the truth and
 * the mean bias, with Monte Carlo standard errors. Writes bench/results/chapter2-calibration.json,
 * which the notebooks print next to each estimate.
 *
 *   npx tsx src/chapter2/calibration-study.ts [--worlds N] [--designs hospital,homicide,police,surge,hotspots] [--threats all]
 *
 * Worlds use seeds 1000, 1001, … (not the notebooks' 2021), and each bootstrap the world's seed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Estimate } from "../effect";
import { microsynthParallel } from "../estimators/microsynth/index";
import { hotspotDesign } from "./hotspot-design";
import { subsetPeriods } from "../panel/subset";
import { parseThreats, simulateEvaluation, type SimPanelName, type SimulatedEvaluation, type ThreatOption } from "../simulate/index";
import { reducedAreaSet } from "./areas";
import { CALIBRATION_FILE, fitDesign, loadCalibration, type DesignName, type MeasuredCalibration } from "./designs";
import { truePercentChange } from "./hotspots";

/** The settings the notebooks use (their settings cells). */
export const NOTEBOOK_SETTINGS = { hospitalReplicates: 200, homicideReplicates: 200, policeReplicates: 100, hotspotLastMonth: "2020-03", hotspotShare: 0.1 };

interface Draw { row: string; design: DesignName | "hotspots"; estimate: Estimate; truth: number }

const last = (e: { cumulative?: { effect: number; ci?: [number, number] }[] }): Estimate => { const c = e.cumulative!.at(-1)!; return { estimate: c.effect, ci: c.ci }; };

/** Every truth-bearing row of 02-1 … 02-5 in one world, fitted with the designs' defaults. */
export async function worldRows(sim: SimulatedEvaluation, seed: number, designs: Set<string>): Promise<Draw[]> {
  const out: Draw[] = [];
  const fit = async (design: DesignName, key: SimPanelName, replicates: number, covariates: string[] = [], reduce = false) => {
    const panel = reduce ? reducedAreaSet(sim.panels[key]!) : sim.panels[key]!;
    const f = await fitDesign(design, panel, { seed, replicates, covariates });
    return { effect: f.effect, truth: f.truth(sim.truth[key]!.cells, sim.truth[key]!.att) };
  };
  if (designs.has("hospital")) {
    for (const [row, key, cov] of [["hospital-u25", "hospital-sharp-object-under-25", []], ["hospital-u25-mobility", "hospital-sharp-object-under-25", ["residential_mobility"]],
      ["hospital-u25-stop-search", "hospital-sharp-object-under-25", ["stop_search"]], ["hospital-all-ages", "hospital-sharp-object-all-ages", []]] as const) {
      const f = await fit("hospital", key, NOTEBOOK_SETTINGS.hospitalReplicates, [...cov]);
      out.push({ row, design: "hospital", estimate: f.effect.att, truth: f.truth });
    }
  }
  if (designs.has("homicide")) {
    const f = await fit("homicide", "homicide", NOTEBOOK_SETTINGS.homicideReplicates);
    out.push({ row: "homicide", design: "homicide", estimate: f.effect.att, truth: f.truth });
  }
  if (designs.has("police")) {
    for (const [row, key] of [["police-vwi", "csp-violence-with-injury"], ["police-vwoi", "csp-violence-without-injury"], ["police-pow", "csp-possession-of-weapons"]] as const) {
      const f = await fit("police", key, NOTEBOOK_SETTINGS.policeReplicates);
      out.push({ row, design: "police", estimate: f.effect.att, truth: f.truth });
      if (row === "police-vwoi") out.push({ row: "police-vwoi-cumulative", design: "police", estimate: last(f.effect), truth: sim.truth[key]!.cumulative.at(-1)! });
    }
    const m = await fit("police", "csp-violence-without-injury", NOTEBOOK_SETTINGS.policeReplicates, ["residential_mobility"]);
    out.push({ row: "police-vwoi-mobility-cumulative", design: "police", estimate: last(m.effect), truth: sim.truth["csp-violence-without-injury"]!.cumulative.at(-1)! });
  }
  if (designs.has("surge")) {
    for (const [row, key] of [["surge-vwi", "csp-violence-with-injury"], ["surge-vwoi", "csp-violence-without-injury"]] as const) {
      const t = sim.truth[key]!;
      const plain = await fit("surge", key, NOTEBOOK_SETTINGS.policeReplicates, [], true);
      out.push({ row, design: "surge", estimate: last(plain.effect), truth: t.cumulative.at(-1)! });
      const adjusted = await fit("surge", key, NOTEBOOK_SETTINGS.policeReplicates, ["stop_search"], true);
      out.push({ row: `${row}-adjusted`, design: "surge", estimate: last(adjusted.effect), truth: t.vru.reduce((s, v) => s + v, 0) });
    }
  }
  if (designs.has("hotspots")) {
    const keys = ["lsoa-violence-with-injury", "lsoa-violence-without-injury"] as const;
    const panels = keys.map((k) => subsetPeriods(sim.panels[k]!, sim.panels[k]!.periods[0], NOTEBOOK_SETTINGS.hotspotLastMonth));
    const design = hotspotDesign(panels, { share: NOTEBOOK_SETTINGS.hotspotShare, covariates: ["population"] });
    const result = await microsynthParallel(design, { matchOutcomes: true, permutations: 0, seed });
    keys.forEach((k, j) => out.push({
      row: k === "lsoa-violence-with-injury" ? "hotspots-vwi" : "hotspots-vwoi", design: "hotspots",
      estimate: result.effects[panels[j].outcome].att.percentChange!,
      truth: truePercentChange(sim.panels[k]!, sim.truth[k]!.cells, design.units, design.treated, design.periods[design.start], NOTEBOOK_SETTINGS.hotspotLastMonth),
    }));
  }
  return out;
}

/** Coverage, bias and width per row over the worlds' draws. */
export function summarise(draws: Draw[], threats: string): MeasuredCalibration[] {
  const rows = [...new Set(draws.map((d) => d.row))];
  return rows.map((row) => {
    const ds = draws.filter((d) => d.row === row && d.estimate.ci);
    const n = ds.length;
    const cover = ds.filter((d) => d.truth >= d.estimate.ci![0] && d.truth <= d.estimate.ci![1]).length / n;
    const bias = ds.map((d) => d.estimate.estimate - d.truth);
    const mb = bias.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(bias.reduce((s, v) => s + (v - mb) ** 2, 0) / Math.max(1, n - 1));
    return {
      design: ds[0].design, row, threats, worlds: n, coverage: cover, coverageSe: Math.sqrt((cover * (1 - cover)) / n) || 1 / n,
      bias: mb, biasSe: sd / Math.sqrt(n), meanWidth: ds.reduce((s, d) => s + d.estimate.ci![1] - d.estimate.ci![0], 0) / n,
    };
  });
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => { const k = argv.indexOf(`--${name}`); return k >= 0 ? argv[k + 1] : fallback; };
  const worlds = Number(arg("worlds", "10"));
  const designs = new Set(arg("designs", "hospital,homicide,police,surge,hotspots").split(","));
  const threatsText = arg("threats", "all");
  const threats: ThreatOption = parseThreats(threatsText);
  const draws: Draw[] = [];
  const started = Date.now();
  for (let w = 0; w < worlds; w++) {
    const seed = 1000 + w;
    const sim = simulateEvaluation({ seed, threats, lsoa: designs.has("hotspots") });
    draws.push(...await worldRows(sim, seed, designs));
    process.stderr.write(`world ${w + 1}/${worlds} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  const fresh = summarise(draws, threatsText === "all" ? "every threat on" : `threats: ${threatsText}`);
  // Keep the rows of designs not re-run this time.
  const previous = loadCalibration().filter((r) => !fresh.some((f) => f.row === r.row));
  mkdirSync(dirname(CALIBRATION_FILE), { recursive: true });
  writeFileSync(CALIBRATION_FILE, JSON.stringify({ date: new Date().toISOString(), seeds: "1000 + world", rows: [...previous, ...fresh] }, null, 1) + "\n");
  for (const r of fresh) process.stdout.write(`${r.row.padEnd(34)} worlds ${r.worlds}  coverage ${(100 * r.coverage).toFixed(0)}% ± ${(100 * r.coverageSe).toFixed(0)}  bias ${r.bias.toFixed(3)} ± ${r.biasSe.toFixed(3)}  width ${r.meanWidth.toFixed(2)}\n`);
}

if (require.main === module) main(process.argv.slice(2)).catch((e: Error) => { process.stderr.write(`${e.message}\n`); process.exitCode = 1; });
