/**
 * Where a reproduction run writes its outputs. `npm run reproduce` starts each notebook's
 * kernel with VRU_OUT (the out/ folder) and VRU_NOTEBOOK (the notebook's file name) set;
 * outside a run both are unset and nothing is written.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";

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
