/** Paths inside the repository, independent of the working directory (CLI, tests, notebooks). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../errors";

/**
 * The repository root: the nearest folder above this file whose package.json is vru-eval's.
 * (Notebooks load src/ through the notebooks/src link, so a fixed "../.." would be wrong there.)
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "vru-eval") return dir;
    if (dirname(dir) === dir) throw new EnvironmentError(`cannot find the vru-eval repository above ${start}`);
  }
}

export const REPO_ROOT = findRoot(__dirname);

export const dataPath = (...parts: string[]): string => join(REPO_ROOT, "data", ...parts);

/** A reference data set shipped in data/reference/ (see its README): e.g. "smoking.csv", "seattledmi.csv.gz". */
export const referencePath = (file: string): string => dataPath("reference", file);
