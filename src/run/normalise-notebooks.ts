/**
 * Makes notebooks valid nbformat 4.5 in place: every cell gets a stable id (existing ones are
 * kept) and the fields its type requires; see normaliseNotebook. Idempotent: a notebook that
 * is already normal is not rewritten. Usage: `npx tsx src/run/normalise-notebooks.ts [FILE.ipynb ...]`
 * (default: every notebook in notebooks/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../io/paths";
import { normaliseNotebook, readNotebook, serialiseNotebook, writeNotebook } from "./nbformat";

/** Normalises each file; returns the ones that changed. */
export function normaliseFiles(paths: string[]): string[] {
  const changed: string[] = [];
  for (const path of paths) {
    const nb = normaliseNotebook(readNotebook(path));
    if (serialiseNotebook(nb) === readFileSync(path, "utf8")) continue;
    writeNotebook(path, nb);
    changed.push(path);
  }
  return changed;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const dir = join(REPO_ROOT, "notebooks");
  const paths = args.length ? args : readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(dir, f));
  const changed = normaliseFiles(paths);
  console.log(`normalised ${changed.length} of ${paths.length} notebooks${changed.length ? `: ${changed.join(", ")}` : ""}`);
}
