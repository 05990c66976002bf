/**
 * Notebooks load src/ through tslab, whose loader resolves "./dir" only as "./dir.js": an import
 * of a folder's index ("../geography") fails at run time in every notebook that reaches it
 * (tsc and vitest accept it). So src/ imports folders as "../geography/index".
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const SRC = join(__dirname, "..", "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("src imports work in the tslab kernel", () => {
  it("no relative import names a folder (import its /index instead)", () => {
    const bad: string[] = [];
    for (const file of tsFiles(SRC)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}(?:\/[^"']*)?)["']/g)) {
        const target = normalize(join(dirname(file), m[1]));
        if (existsSync(target) && statSync(target).isDirectory() && !existsSync(target + ".ts")) bad.push(`${file.slice(SRC.length + 1)}: "${m[1]}"`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("every ./src/ import in a notebook names a file that exists (files move between folders)", () => {
    const NOTEBOOKS = join(__dirname, "..", "notebooks");
    const missing: string[] = [];
    for (const nb of readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb"))) {
      const cells: { source: string[] | string }[] = JSON.parse(readFileSync(join(NOTEBOOKS, nb), "utf8")).cells;
      const code = cells.map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
      for (const m of code.matchAll(/from\s*["']\.\/src\/([^"']+)["']/g)) {
        if (!existsSync(join(SRC, m[1] + ".ts"))) missing.push(`${nb}: ./src/${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
