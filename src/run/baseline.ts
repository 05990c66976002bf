/**
 * The committed baseline of reproduction statuses (test/reproduction-baseline.json): one line
 * per report item a notebook reproduces, with its status. The notebook test fails when a row
 * gets worse (e.g. exact → differs) or disappears, so a regression cannot pass unnoticed.
 * Refresh it after an intended change:
 *   npx tsx src/run/reproduce.ts --no-figures && npx tsx src/run/baseline.ts out
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReproductionRow, ReproductionStatus } from "../io/reproduction";
import { REPO_ROOT } from "../io/paths";
import { collectRows } from "./reproduce";
import { InputError } from "../errors";

export const BASELINE_PATH = join(REPO_ROOT, "test", "reproduction-baseline.json");

export interface BaselineRow { notebook: string; item: string; status: ReproductionStatus }

/**
 * 0 = matches the report, 1 = an estimate within its interval or a simulated row (compared with
 * the simulation's truth, not the report), 2 = differs.
 */
const RANK: Record<ReproductionStatus, number> = { exact: 0, transcribed: 0, "within CI": 1, simulated: 1, differs: 2 };

export function baselineOf(rows: readonly (ReproductionRow & { notebook: string })[]): BaselineRow[] {
  return rows.map((r) => ({ notebook: r.notebook, item: r.item, status: r.status }));
}

/** Baseline rows now worse or missing, one line each naming the notebook and item. */
export function regressions(baseline: readonly BaselineRow[], rows: readonly BaselineRow[]): string[] {
  const now = new Map(rows.map((r) => [`${r.notebook}\u0000${r.item}`, r.status]));
  return baseline.flatMap((b) => {
    const s = now.get(`${b.notebook}\u0000${b.item}`);
    if (s === undefined) return [`${b.notebook}: "${b.item}" is no longer recorded (was ${b.status})`];
    return RANK[s] > RANK[b.status] ? [`${b.notebook}: "${b.item}" ${b.status} → ${s}`] : [];
  });
}

export function readBaseline(path = BASELINE_PATH): BaselineRow[] {
  return JSON.parse(readFileSync(path, "utf8")) as BaselineRow[];
}

if (require.main === module) {
  const out = process.argv[2] ?? join(REPO_ROOT, "out");
  const rows = baselineOf(collectRows(out));
  if (rows.length === 0) throw new InputError(`no reproduction rows under ${out}/reproduction (run npx tsx src/run/reproduce.ts first)`);
  writeFileSync(BASELINE_PATH, "[\n" + rows.map((r) => "  " + JSON.stringify(r)).join(",\n") + "\n]\n");
  process.stderr.write(`${BASELINE_PATH}: ${rows.length} rows\n`);
}
