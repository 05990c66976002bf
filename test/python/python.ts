/**
 * The Python that the Jupyter tests drive Jupyter with: VRU_TEST_PYTHON, else the test venv
 * that .ci/setup makes (.venv-test, on Debian's jupyter_client, nbformat and notebook), else
 * python3. Outside CI the tests skip when none has the modules; in CI (CI=true) they run and
 * fail, saying to run .ci/setup.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "vitest";
import { REPO_ROOT } from "../../src/io/paths";

const MODULES = "jupyter_client, nbformat, notebook";

function hasModules(python: string): boolean {
  return spawnSync(python, ["-c", `import ${MODULES}`], { stdio: "ignore" }).status === 0;
}

export const testPython: string | null =
  [process.env.VRU_TEST_PYTHON, join(REPO_ROOT, ".venv-test", "bin", "python"), "python3"]
    .find((p): p is string => !!p && hasModules(p)) ?? null;

export const MISSING_PYTHON = `no Python with ${MODULES} found: run "bash .ci/setup" (it makes .venv-test) or set VRU_TEST_PYTHON`;

const runJupyterTests = !!testPython || !!process.env.CI;

/** `describe` / `it` when the test Python exists or in CI (where its absence must fail), else skipped. */
export const describeWithJupyter = runJupyterTests ? describe : describe.skip;
export const itWithJupyter = runJupyterTests ? it : it.skip;

/** The test Python, or a failure naming what is missing. */
export function requirePython(): string {
  if (!testPython) throw new Error(MISSING_PYTHON);
  return testPython;
}

/** nbformat's problems with each notebook (test/python/validate_notebooks.py): reading warnings and schema errors. */
export function nbformatProblems(paths: string[]): Record<string, string[]> {
  const r = spawnSync(requirePython(), [join(__dirname, "validate_notebooks.py"), ...paths], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`validate_notebooks.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, string[]>;
}
