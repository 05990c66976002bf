/**
 * Notebooks are valid nbformat 4.5 as Python's nbformat (what Jupyter uses) sees them: cell
 * ids, no warnings, no schema errors, for the sources in notebooks/ and for what the runner
 * writes (every executed notebook is checked in notebooks.test.ts; here a small one, run twice,
 * must also come out byte-identical).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/io/paths";
import { executeNotebook } from "../src/run/execute";
import { normaliseNotebook, percentToNotebook, serialiseNotebook, writeNotebook, type Notebook, type NotebookCell } from "../src/run/nbformat";
import { normaliseFiles } from "../src/run/normalise-notebooks";
import { describeWithJupyter, nbformatProblems } from "./python/python";

const code = (source: string, id?: string): NotebookCell => ({ cell_type: "code", source: [source], metadata: {}, execution_count: null, outputs: [], ...(id === undefined ? {} : { id }) });
const notebook = (cells: NotebookCell[], minor = 4): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: minor });
const ids = (nb: Notebook) => nb.cells.map((c) => c.id);

describe("normaliseNotebook", () => {
  it("keeps valid ids, replaces missing, invalid and repeated ones with unique ids, and sets 4.5", () => {
    const nb = normaliseNotebook(notebook([code("a", "keep-me"), code("b"), code("c", "bad id!"), code("d", "keep-me"), code("b")]));
    const got = ids(nb) as string[];
    expect(got[0]).toBe("keep-me");
    for (const id of got) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set(got).size).toBe(got.length);
    expect(nb.nbformat_minor).toBe(5);
  });

  it("is deterministic and idempotent (a second pass changes nothing)", () => {
    const src = notebook([code("x"), { cell_type: "markdown", source: ["# t"], metadata: {} }, code("x")]);
    const once = normaliseNotebook(src);
    expect(ids(normaliseNotebook(src))).toEqual(ids(once));
    expect(serialiseNotebook(normaliseNotebook(once))).toBe(serialiseNotebook(once));
    expect(Object.keys(once.cells[1])).toEqual(["cell_type", "id", "source", "metadata"]);
  });

  it("normaliseFiles rewrites only notebooks that change", () => {
    const dir = mkdtempSync(join(tmpdir(), "vru-normalise-"));
    try {
      const path = join(dir, "n.ipynb");
      writeNotebook(path, notebook([code("1")]));
      expect(normaliseFiles([path])).toEqual([path]);
      expect(normaliseFiles([path])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithJupyter("nbformat validity", () => {
  const dir = mkdtempSync(join(tmpdir(), "vru-nbformat-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("every source notebook is valid with no warnings", () => {
    const nbDir = join(REPO_ROOT, "notebooks");
    const paths = readdirSync(nbDir).filter((f) => f.endsWith(".ipynb")).map((f) => join(nbDir, f));
    const bad = Object.entries(nbformatProblems(paths)).filter(([, p]) => p.length > 0);
    expect(bad.map(([path, p]) => `${path}: ${p.length} problems, first: ${p[0]}`)).toEqual([]);
  });

  it("an executed notebook has ids and counts, is valid, and a rerun writes the same bytes", async () => {
    const source = percentToNotebook([
      "// %% [markdown]", "// # fixture",
      "// %%", 'console.log("out");\n6 * 7',
      "// %%", 'import { display } from "tslab";\ndisplay.html("<b>x</b>");',
      "// %%", 'throw new Error("stop here");',
      "// %%", "1",
    ].join("\n"));
    for (const c of source.cells) delete c.id; // a source without ids yet
    const input = join(dir, "fixture.ipynb");
    writeNotebook(input, source);
    const runs: string[] = [];
    for (const k of [1, 2]) {
      const r = await executeNotebook(input);
      expect(r.failure?.cell).toBe(4);
      const out = join(dir, `run${k}.ipynb`);
      writeNotebook(out, r.notebook);
      runs.push(serialiseNotebook(r.notebook));
      expect(r.notebook.cells.slice(1, 4).map((c) => c.execution_count)).toEqual([1, 2, 3]);
      expect(r.notebook.cells[4].execution_count).toBeNull(); // not run after the failure
    }
    expect(runs[1]).toBe(runs[0]);
    const problems = nbformatProblems([join(dir, "run1.ipynb")]);
    expect(Object.values(problems)).toEqual([[]]);
  }, 120_000);
});
