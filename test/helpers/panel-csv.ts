/** Writes a simulated Panel (outcome, treatment, text attributes) as a long CSV in a temp folder, for CLI tests. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toCsv } from "../../src/io/csv";
import type { Panel } from "../../src/panel/panel";

export function writePanelCsv(p: Panel, name = "panel.csv"): string {
  const T = p.periods.length, attrs = Object.keys(p.attributes);
  const rows = p.units.flatMap((u, i) => p.periods.map((t, k) => [u, t, p.y[i * T + k], p.treatment[i * T + k], ...attrs.map((a) => p.attributes[a][i])]));
  const file = join(mkdtempSync(join(tmpdir(), "vru-")), name);
  writeFileSync(file, toCsv(["unit", "time", "y", "d", ...attrs], rows));
  return file;
}
