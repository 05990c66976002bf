/**
 * Writes a simulated evaluation as files: one long CSV per panel (unit, period, value, count,
 * treated, covariates, unit attributes) with a JSON sidecar per panel (simulated, seed, unit,
 * coverage, the true effect per period), and simulation.json for the whole run. Numbers are
 * written with fixed precision, so the same seed gives byte-identical files.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { interruptible, outputError, stageDir } from "../io/output";
import type { SimulatedEvaluation, SimPanelName } from "./evaluation";

const num = (v: number, digits: number) => (Number.isNaN(v) ? "" : Number.isInteger(v) ? String(v) : v.toFixed(digits));
const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV text of one panel in long format. */
export function panelCsv(sim: SimulatedEvaluation, name: SimPanelName): string {
  const p = sim.panels[name]!, counts = sim.counts[name]!;
  const cov = Object.keys(p.covariates), attr = Object.keys(p.attributes);
  const T = p.periods.length;
  const chunks: string[] = [["unit", "period", "value", "count", "treated", ...cov, ...attr].join(",") + "\n"];
  const covArrays = cov.map((c) => p.covariates[c]);
  for (let i = 0; i < p.units.length; i++) {
    const unit = esc(p.units[i]);
    const tail = attr.length ? "," + attr.map((a) => { const v = p.attributes[a][i]; return typeof v === "number" ? num(v, 6) : esc(v); }).join(",") : "";
    // one string per unit (not per row): the LSOA panel has ~2 million rows
    let block = "";
    for (let t = 0; t < T; t++) {
      const k = i * T + t;
      block += unit + "," + p.periods[t] + "," + num(p.y[k], 6) + "," + num(counts[k], 0) + "," + p.treatment[k];
      for (const x of covArrays) block += "," + num(x[k], 6);
      block += tail + "\n";
    }
    chunks.push(block);
  }
  return chunks.join("");
}

const round = (a: number[], d = 9) => a.map((v) => Number(v.toFixed(d)));

/** The sidecar of one panel: what it is, that it is simulated, and the true effect it carries. */
export function panelSidecar(sim: SimulatedEvaluation, name: SimPanelName, file: string) {
  const p = sim.panels[name]!, t = sim.truth[name]!;
  const first = t.total.findIndex((_, k) => p.treatment.some((d, c) => d === 1 && c % p.periods.length === k));
  return {
    file, simulated: true, generator: "vru-eval simulateEvaluation (src/simulate)", scenario: sim.scenario, seed: sim.seed,
    outcome: p.outcome, unit: p.unit, columns: { unit: "unit", time: "period", outcome: "value", count: "count", treatment: "treated", covariates: Object.keys(p.covariates) },
    units: p.units.length, periods: { from: p.periods[0], to: p.periods[p.periods.length - 1], count: p.periods.length },
    treatedUnits: t.treatedUnits, firstTreatedPeriod: p.periods[first] ?? null,
    trueEffect: {
      definition: "mean over treated units of the expected outcome with the effect minus without it, in the panel's unit",
      att: Number(t.att.toFixed(9)), cumulativeAtEnd: Number(t.cumulative[t.cumulative.length - 1].toFixed(9)),
      periods: p.periods, surge: round(t.surge), vru: round(t.vru), total: round(t.total), cumulative: round(t.cumulative),
    },
    source: "Simulated. Geography and populations: ONS (Open Government Licence v3.0); police recorded crime levels calibrated to ONS PFA tables, year ending March 2019.",
    notes: sim.notes,
  };
}

/**
 * Writes every panel of `sim` to `dir` (CSV, gzipped when `gzip`), their sidecars and
 * simulation.json; returns the file names. The files are written into a temporary sibling and
 * moved into `dir` at the end, simulation.json last (io/output.ts): a folder with
 * simulation.json is complete, and Ctrl-C (exit 130) leaves nothing half-written.
 */
export async function writeSimulation(sim: SimulatedEvaluation, dir: string, opts: { gzip?: boolean } = {}): Promise<string[]> {
  const stage = stageDir(dir);
  return interruptible(async () => {
    const files: string[] = [];
    const write = async (file: string, data: string | Buffer) => {
      try { writeFileSync(join(stage.tmp, file), data); } catch (e) { throw outputError(e, dir, "out"); }
      files.push(file);
      await new Promise((r) => setImmediate(r)); // let a pending Ctrl-C run between files
    };
    try {
      for (const name of Object.keys(sim.panels).sort() as SimPanelName[]) {
        const file = `${name}.csv${opts.gzip ? ".gz" : ""}`;
        const text = panelCsv(sim, name);
        // mtime 0 in the gzip header keeps the bytes identical run to run
        await write(file, opts.gzip ? gzipSync(text, { level: 6 }) : text);
        await write(`${name}.json`, JSON.stringify(panelSidecar(sim, name, file), null, 1) + "\n");
      }
      const summary = {
        simulated: true, scenario: sim.scenario, seed: sim.seed, panels: Object.keys(sim.panels).sort(),
        effects: sim.effects, world: sim.world, threats: sim.threats, notes: sim.notes,
        calibration: sim.calibration.map((r) => ({ ...r, expected: Number(r.expected.toFixed(6)), error: Number(r.error.toFixed(6)) })),
        allocation: sim.allocation,
      };
      await write("simulation.json", JSON.stringify(summary, null, 1) + "\n");
      stage.commit(files, "simulation.json");
      return files;
    } catch (e) {
      stage.abort();
      throw e;
    }
  }, () => stage.abort());
}
