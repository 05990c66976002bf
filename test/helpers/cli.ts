/** CLI test helpers: a simulated Panel as a long CSV, and vru-eval run in-process. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toCsv } from "../../src/io/csv";
import type { Panel } from "../../src/panel/panel";
import { main } from "../../src/cli/main";

/** Writes a simulated Panel (outcome, treatment, text attributes) as a long CSV in a temp folder. */
export function writePanelCsv(p: Panel, name = "panel.csv"): string {
  const T = p.periods.length, attrs = Object.keys(p.attributes);
  const rows = p.units.flatMap((u, i) => p.periods.map((t, k) => [u, t, p.y[i * T + k], p.treatment[i * T + k], ...attrs.map((a) => p.attributes[a][i])]));
  const file = join(mkdtempSync(join(tmpdir(), "vru-")), name);
  writeFileSync(file, toCsv(["unit", "time", "y", "d", ...attrs], rows));
  return file;
}

/** Runs `vru-eval` in-process, capturing stdout and stderr. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(args, { out: (s) => { out += s; return true; }, err: (s) => { err += s; return true; } });
  return { code, out, err };
}

/** The panel flags for a CSV written by {@link writePanelCsv}. */
export const panelFlags = (file: string) => ["--data", file, "--unit", "unit", "--time", "time", "--outcome", "y", "--treatment", "d"];
