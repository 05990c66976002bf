/**
 * Notebook files (nbformat 4.5, with cell ids) for the project's kernel, and a "percent" text
 * format for writing them: cells separated by lines `// %% [markdown]` or `// %%`; markdown
 * cell lines may keep a leading `// `. Usage: `npx tsx src/run/nbformat.ts in.ts out.ipynb`.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { InputError } from "../errors";

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  /** nbformat 4.5 cell id: 1–64 of [A-Za-z0-9_-], unique in the notebook. */
  id?: string;
  source: string[];
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: Record<string, unknown>[];
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: number;
}

/** Kernel spec name installed by `npm run kernel:install` (see src/run/kernel-spec.ts). */
export const KERNEL_NAME = "vru-eval";

export const NOTEBOOK_METADATA = {
  kernelspec: { name: KERNEL_NAME, display_name: "TypeScript (vru-eval)", language: "typescript" },
  language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", version: "5.0.4" },
};

const splitLines = (s: string): string[] => {
  const lines = s.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l)).filter((l, i, a) => !(i === a.length - 1 && l === ""));
};

export function cellText(c: NotebookCell): string {
  return c.source.join("");
}

const VALID_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The notebook with every cell given a valid, unique id (what nbformat 4.5 requires) and the
 * fields the schema requires of its type. Valid ids are kept (the first of duplicates); a
 * missing one is derived from the cell's type and source, so it is the same on every run and
 * every machine (reruns stay byte-identical). Idempotent.
 */
export function normaliseNotebook(nb: Notebook): Notebook {
  const used = new Set<string>();
  const keep = nb.cells.map((c) => {
    const ok = typeof c.id === "string" && VALID_ID.test(c.id) && !used.has(c.id);
    if (ok) used.add(c.id as string);
    return ok;
  });
  const cells = nb.cells.map((c, k) => {
    let id = c.id as string;
    if (!keep[k]) {
      const base = createHash("sha256").update(`${c.cell_type}\0${cellText(c)}`).digest("hex").slice(0, 8);
      id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
    }
    const { cell_type, id: _replaced, ...rest } = c;
    const cell: NotebookCell = { cell_type, id, ...rest, metadata: c.metadata ?? {} };
    if (cell_type === "code") { cell.execution_count ??= null; cell.outputs ??= []; }
    return cell;
  });
  return { ...nb, cells, nbformat: 4, nbformat_minor: Math.max(nb.nbformat_minor ?? 0, 5) };
}

export function percentToNotebook(text: string): Notebook {
  const cells: NotebookCell[] = [];
  const blocks = text.split(/^\/\/ %%(.*)$/m);
  // blocks: [preamble, marker1, body1, marker2, body2, ...]
  for (let k = 1; k < blocks.length; k += 2) {
    const markdown = /\[markdown\]/.test(blocks[k]);
    let body = blocks[k + 1].replace(/^\n/, "").replace(/\s+$/, "");
    if (markdown) body = body.split("\n").map((l) => l.replace(/^\/\/ ?/, "")).join("\n");
    if (body.trim() === "") continue;
    cells.push(markdown
      ? { cell_type: "markdown", source: splitLines(body), metadata: {} }
      : { cell_type: "code", source: splitLines(body), metadata: {}, execution_count: null, outputs: [] });
  }
  if (cells.length === 0) throw new InputError("no cells found: separate cells with lines '// %%' or '// %% [markdown]'");
  return normaliseNotebook({ cells, metadata: NOTEBOOK_METADATA, nbformat: 4, nbformat_minor: 5 });
}

export function readNotebook(path: string): Notebook {
  const nb = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  if (!Array.isArray(nb.cells)) throw new InputError(`${path}: not a notebook (no cells array)`);
  return nb;
}

/** The file text of a notebook (one-space indent, as Jupyter writes it). */
export function serialiseNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

export function writeNotebook(path: string, nb: Notebook): void {
  writeFileSync(path, serialiseNotebook(nb));
}

/** The notebook without outputs or execution counts (the form committed to git). */
export function clearOutputs(nb: Notebook): Notebook {
  return { ...nb, cells: nb.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)) };
}

if (require.main === module) {
  const [src, dst] = process.argv.slice(2);
  if (!src || !dst) { console.error("usage: tsx src/run/nbformat.ts in.ts out.ipynb"); process.exit(2); }
  writeNotebook(dst, percentToNotebook(readFileSync(src, "utf8")));
  console.log(`wrote ${dst}`);
}
