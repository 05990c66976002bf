/**
 * Small panels written as CSV for the bad-input catalogue: a clean long panel (SIMULATED: unit
 * effects, a common trend, seeded noise and a known effect on the treated units after the
 * treatment time) and helpers that spoil it one way at a time.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "../../src/random";

export const dir = mkdtempSync(join(tmpdir(), "vru-bad-inputs-"));

export interface Row { unit: string; time: string; y: number; d: number; x: number; pop: number }

export interface PanelSpec {
  units?: number;
  /** Period labels in time order (default 1..20). */
  periods?: string[];
  treated?: number;
  /** Index of the first treated period. */
  start?: number;
  effect?: number;
  seed?: number;
}

/** The clean panel's rows: unit U1…UN, outcome y = unit effect + trend + noise (+ effect when treated). */
export function panelRows(s: PanelSpec = {}): Row[] {
  const N = s.units ?? 12, periods = s.periods ?? Array.from({ length: 20 }, (_, t) => String(1990 + t));
  const treated = s.treated ?? 2, start = s.start ?? Math.floor(periods.length * 0.6), effect = s.effect ?? -5;
  const rng = createRng(s.seed ?? 3);
  const rows: Row[] = [];
  for (let i = 0; i < N; i++) {
    const a = 20 + 3 * rng.normal();
    periods.forEach((time, t) => {
      const d = i < treated && t >= start ? 1 : 0;
      rows.push({ unit: `U${i + 1}`, time, y: Number((a + 0.5 * t + rng.normal() + d * effect).toFixed(4)), d, x: Number((rng.normal() + 2).toFixed(4)), pop: 1000 + 10 * i });
    });
  }
  return rows;
}

export const HEADER = "unit,time,y,d,x,pop";
export const rowsCsv = (rows: Row[], map: (r: Row, k: number) => string = (r) => `${r.unit},${r.time},${r.y},${r.d},${r.x},${r.pop}`) =>
  `${HEADER}\n${rows.map(map).join("\n")}\n`;

let counter = 0;
/** Writes a file into the catalogue's temporary folder and returns its path. */
export function file(name: string, content: string | Buffer): string {
  const p = join(dir, `${++counter}-${name}`);
  writeFileSync(p, content);
  return p;
}

export const months = (from: number, n: number, fmt: (y: number, m: number) => string) =>
  Array.from({ length: n }, (_, k) => fmt(from + Math.floor(k / 12), (k % 12) + 1));
