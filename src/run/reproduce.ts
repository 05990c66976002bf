/**
 * `npm run reproduce`: executes every notebook in notebooks/ in order, headless, in the
 * project's tslab kernel, and writes to out/:
 *   notebooks/NAME.ipynb   executed notebooks with outputs; every figure also as a PNG,
 *                          so untrusted notebooks, GitHub and nbviewer show it
 *   html/NAME.html         their HTML export (figures interactive, offline)
 *   figures/NAME.png       every figure a notebook showed with a name (report figure numbers)
 *   reproduction.md        report item, published value, value here, status
 * A failing cell stops the run (or, with --keep-going, the notebook) with the notebook's
 * name, the cell number and the error. Options: --only A,B (names or prefixes),
 * --keep-going, --jobs N (notebooks at once, default 2), --out DIR, --no-figures, --seed N (the
 * seed of every simulated world and bootstrap, via VRU_SEED; without it each notebook's own).
 * The run writes into a temporary sibling of DIR and moves its entries into DIR at the end,
 * reproduction.md last; Ctrl-C exits 130 and leaves DIR as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describeRange, inRange, OPTION_RANGES } from "../io/option-ranges";
import { InputError, OptionError } from "../errors";
import { interruptible, stageDir } from "../io/output";
import { REPO_ROOT } from "../io/paths";
import { openExporter, type FigureExporter } from "../display/export";
import { addFigureImages } from "./figure-images";
import { executeNotebook, formatFailure, type ExecutionFailure } from "./execute";
import { notebookToHtml } from "./html";
import { writeNotebook } from "./nbformat";
import { rowCoverage, type ReproductionRow } from "../io/reproduction";

export interface ReproduceOptions {
  out?: string;
  only?: string[];
  keepGoing?: boolean;
  jobs?: number;
  figures?: boolean;
  /** Seed for every notebook's simulation and bootstraps (see runSeed in context.ts). */
  seed?: number;
  log?: (s: string) => void;
}

export interface ReproduceSummary {
  seed?: number;
  passed: string[];
  failures: ExecutionFailure[];
  seconds: Record<string, number>;
  figures: string[];
  rows: (ReproductionRow & { notebook: string })[];
  totalSeconds: number;
}

export function listNotebooks(only?: string[]): string[] {
  const dir = join(REPO_ROOT, "notebooks");
  const all = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
  if (!only?.length) return all.map((f) => join(dir, f));
  const picked = all.filter((f) => only.some((o) => f === o || f.startsWith(o)));
  const missing = only.filter((o) => !all.some((f) => f === o || f.startsWith(o)));
  if (missing.length) throw new OptionError(`no notebook matches ${missing.join(", ")} (notebooks: ${all.join(", ")})`);
  return picked.map((f) => join(dir, f));
}

export async function reproduce(opts: ReproduceOptions = {}): Promise<ReproduceSummary> {
  const started = Date.now();
  const log = opts.log ?? ((s: string) => process.stderr.write(s + "\n"));
  const notebooks = listNotebooks(opts.only);
  // Everything goes into a temporary sibling, moved into place at the end with reproduction.md
  // last (io/output.ts): an interrupted or failed run never leaves an out/ that looks complete.
  const stage = stageDir(opts.out ?? join(REPO_ROOT, "out"));
  return interruptible(async () => {
    try {
      const summary = await reproduceInto(stage.tmp, notebooks, opts, log, started);
      stage.commit(readdirSync(stage.tmp), "reproduction.md");
      return summary;
    } catch (e) {
      stage.abort();
      throw e;
    }
  }, () => stage.abort());
}

async function reproduceInto(out: string, notebooks: string[], opts: ReproduceOptions, log: (s: string) => void, started: number): Promise<ReproduceSummary> {
  for (const sub of ["notebooks", "html", "figures"]) mkdirSync(join(out, sub), { recursive: true });
  const summary: ReproduceSummary = { seed: opts.seed, passed: [], failures: [], seconds: {}, figures: [], rows: [], totalSeconds: 0 };
  const env: Record<string, string> = { VRU_OUT: out, ...(opts.seed !== undefined ? { VRU_SEED: String(opts.seed) } : {}) };
  // One browser renders the notebooks' figure PNGs (while other notebooks run) and out/figures.
  const exporter = openExporter();
  exporter.catch(() => undefined);
  let next = 0, stop = false;
  const worker = async () => {
    while (!stop && next < notebooks.length) {
      const path = notebooks[next++];
      const name = basename(path, ".ipynb");
      log(`▶ ${name}`);
      const r = await executeNotebook(path, { env }).catch((e: Error) => ({ notebook: undefined, seconds: 0, failure: { notebook: name, cell: 0, source: "", error: `could not run: ${e.message}` } as ExecutionFailure }));
      summary.seconds[name] = r.seconds;
      if (r.notebook) {
        const t0 = Date.now();
        await addFigureImages(r.notebook, await exporter).then((n) => log(`  ${name}: ${n} figure PNGs (${((Date.now() - t0) / 1000).toFixed(1)} s)`), (e: Error) => {
          summary.failures.push({ notebook: name, cell: 0, source: "", error: `figure PNGs failed: ${e.message.split("\n")[0]}` });
        });
        writeNotebook(join(out, "notebooks", `${name}.ipynb`), r.notebook);
        writeFileSync(join(out, "html", `${name}.html`), notebookToHtml(r.notebook, name));
      }
      if (r.failure) {
        summary.failures.push(r.failure);
        log(`✗ ${formatFailure(r.failure)}`);
        if (!opts.keepGoing) stop = true;
      } else {
        summary.passed.push(name);
        log(`✓ ${name} (${r.seconds.toFixed(1)} s)`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs ?? 2) }, worker));
    summary.rows = collectRows(out);
    writeFileSync(join(out, "reproduction.md"), reproductionMarkdown(summary));
    if (opts.figures !== false) {
      const r = await renderFigures(join(out, "figures"), await exporter, log);
      summary.figures = r.written;
      summary.failures.push(...r.failed.map((f) => ({ notebook: f.figure, cell: 0, source: "", error: `figure export failed: ${f.error}` })));
    }
  } finally {
    await (await exporter.catch(() => undefined))?.close();
  }
  summary.totalSeconds = (Date.now() - started) / 1000;
  return summary;
}

export function collectRows(out: string): (ReproductionRow & { notebook: string })[] {
  const dir = join(out, "reproduction");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort().flatMap((f) =>
    readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ReproductionRow & { notebook: string }));
}

const cell = (v: unknown) => String(v ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");

export function reproductionMarkdown(s: ReproduceSummary): string {
  const counts = new Map<string, number>();
  for (const r of s.rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return `# Reproduction of the VRU evaluation (year ending March 2021)

Generated by \`npm run reproduce${s.seed !== undefined ? ` -- --seed ${s.seed}` : ""}\`. Notebooks: ${s.passed.length} passed, ${s.failures.length} failed.${s.seed !== undefined ? `\nSeed ${s.seed} for every simulated world and bootstrap.` : ""}
Rows: ${s.rows.length} (${[...counts].map(([k, v]) => `${v} ${k}`).join(", ") || "none"}).
${coverageSummary(s.rows)}

Status: **exact** = the report's arithmetic reproduced to the printed digit; **transcribed** = a number
taken from the report and checked against its own totals and text; **within CI** = an estimate inside the
report's interval; **simulated** = computed on SIMULATED data (the report's microdata are not public) and
compared with the simulation's known true value, not with the report; **differs** = see the note.
A simulated row with a 95% interval says whether the interval **covers** the truth or **misses** it.

| notebook | report item | section | published | here | truth (simulation) | interval | status | note |
|---|---|---|---|---|---|---|---|---|
${s.rows.map((r) => `| ${cell(r.notebook)} | ${cell(r.item)} | ${cell(r.section)} | ${cell(r.published)} | ${cell(r.here)} | ${r.truth === undefined || r.truth === "" ? "" : `truth ${cell(r.truth)}`} | ${rowCoverage(r) ?? ""} | ${cell(r.status)} | ${cell(r.note)} |`).join("\n")}
${s.failures.length ? `\n## Failures\n\n${s.failures.map((f) => "```\n" + formatFailure(f) + "\n```").join("\n")}\n` : ""}`;
}

/** "Simulated rows with a truth and an interval: k of n cover (p%)", with the count per notebook. */
export function coverageSummary(rows: (ReproductionRow & { notebook: string })[]): string {
  const by = new Map<string, [number, number]>();
  for (const r of rows) {
    const c = rowCoverage(r);
    if (!c) continue;
    const v = by.get(r.notebook) ?? [0, 0];
    by.set(r.notebook, [v[0] + (c === "covers" ? 1 : 0), v[1] + 1]);
  }
  if (!by.size) return "";
  const k = [...by.values()].reduce((a, v) => a + v[0], 0), n = [...by.values()].reduce((a, v) => a + v[1], 0);
  return `Simulated rows with a truth and a 95% interval: **${k} of ${n} cover the truth (${((100 * k) / n).toFixed(0)}%)**; by notebook: ${[...by].map(([nb, [a, b]]) => `${nb} ${a}/${b}`).join(", ")}.\n`;
}

/** Renders every out/figures/*.json to PNG; a figure that fails is reported, the rest still render. */
async function renderFigures(dir: string, ex: FigureExporter, log: (s: string) => void): Promise<{ written: string[]; failed: { figure: string; error: string }[] }> {
  const specs = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  const written: string[] = [], failed: { figure: string; error: string }[] = [];
  for (const f of specs) {
    const png = join(dir, f.replace(/\.json$/, ".png"));
    try {
      await ex.write(JSON.parse(readFileSync(join(dir, f), "utf8")), png);
      written.push(png);
    } catch (e) {
      failed.push({ figure: f, error: (e as Error).message.split("\n")[0] });
      log(`✗ figure ${f}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  log(`figures: ${written.length} PNG files in ${dir}${failed.length ? `, ${failed.length} failed` : ""}`);
  return { written, failed };
}

function parseCli(argv: string[]): ReproduceOptions {
  const o: ReproduceOptions = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--keep-going") o.keepGoing = true;
    else if (a === "--no-figures") o.figures = false;
    else if (a === "--only") o.only = (argv[++k] ?? "").split(",").filter(Boolean);
    else if (a === "--jobs") {
      const v = argv[++k], jobs = Number(v);
      if (!inRange(jobs, OPTION_RANGES.jobs)) { process.stderr.write(`reproduce: --jobs must be ${describeRange(OPTION_RANGES.jobs)}, got "${v}"\n`); process.exit(2); }
      o.jobs = jobs;
    }
    else if (a === "--out") o.out = argv[++k];
    else if (a === "--seed") {
      o.seed = Number(argv[++k]);
      if (!Number.isSafeInteger(o.seed)) { process.stderr.write(`reproduce: --seed must be an integer, got "${argv[k] ?? ""}"\n`); process.exit(2); }
    }
    else { process.stderr.write(`reproduce: unknown option ${a}\n`); process.exit(2); }
  }
  return o;
}

if (require.main === module) {
  reproduce(parseCli(process.argv.slice(2))).then((s) => {
    process.stdout.write(`notebooks: ${s.passed.length} passed, ${s.failures.length} failed\n`);
    process.stdout.write(`reproduction rows: ${s.rows.length}; figures: ${s.figures.length}; total ${s.totalSeconds.toFixed(0)} s\n`);
    process.exitCode = s.failures.length ? 1 : 0;
  }, (e: Error) => { process.stderr.write(`reproduce: ${e.message.split("\n")[0]}\n`); process.exitCode = e instanceof InputError ? 2 : 1; });
}
