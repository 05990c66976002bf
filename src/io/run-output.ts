/**
 * Where a reproduction run writes its outputs. `npm run reproduce` starts each notebook's
 * kernel with VRU_OUT (the out/ folder) and VRU_NOTEBOOK (the notebook's file name) set;
 * outside a run both are unset and nothing is written. `--seed N` also sets VRU_SEED.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors";

/**
 * The seed of every simulated world and every bootstrap of a notebook: VRU_SEED when the run
 * sets one (`npm run reproduce -- --seed N`), else the notebook's own `fallback`, so a run
 * without the flag is unchanged.
 */
export function runSeed(fallback: number): number {
  const v = process.env.VRU_SEED;
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InputError(`VRU_SEED must be an integer, got "${v}"`);
  return n;
}

export function outDir(): string | undefined {
  return process.env.VRU_OUT || undefined;
}

export function notebookName(): string {
  return process.env.VRU_NOTEBOOK || "interactive";
}

/** Creates and returns out/<sub>, or undefined outside a reproduction run. */
export function outSubdir(sub: string): string | undefined {
  const out = outDir();
  if (!out) return undefined;
  const dir = join(out, sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}
