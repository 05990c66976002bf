/**
 * Notebook display: one helper every notebook uses for figures, tables and progress.
 *
 * A figure is sent as one output with three representations, so it draws offline
 * wherever the notebook is opened:
 *  - application/vnd.plotly.v1+json — JupyterLab (with its plotly renderer) and VS Code;
 *  - text/html — a div plus a script calling window.Plotly; the first figure of a kernel
 *    session carries the whole plotly.js bundle inline (no CDN), later ones reuse it —
 *    classic Notebook, JupyterLab (trusted) and the HTML export;
 *  - text/plain — a one-line description for terminals.
 * Outside a kernel (tests, CLI) display is a no-op; inside `npm run reproduce` a named
 * figure is also written to out/figures/<name>.json for PNG/SVG export.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "../plots/figure";
import { outSubdir } from "../io/run-output";
import { plotlyBundle } from "./plotly-bundle";

type WriteDisplayData = (d: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

/** tslab's display channel, or undefined outside a tslab kernel. */
function kernelChannel(): WriteDisplayData | undefined {
  try {
    // tslab's public display API sends one MIME type per call; its internal writer takes several.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

let bundleSent = false;
let figureCounter = 0;

/** Standalone HTML for one figure; `includeBundle` inlines plotly.js. */
export function figureHtml(fig: Figure, divId: string, includeBundle: boolean): string {
  const spec = JSON.stringify({ data: fig.data, layout: fig.layout, config: { responsive: true, displaylogo: false, ...(fig.config ?? {}) } }).replace(/<\//g, "<\\/");
  const loader = includeBundle ? `<script type="text/javascript">if (!window.Plotly) {${plotlyBundle().replace(/<\/script/gi, "<\\/script")}}</script>` : "";
  return `${loader}<div id="${divId}" class="vru-plotly" style="width:100%;min-height:420px"></div>
<script type="text/javascript">(function(){var s=${spec};function draw(){if(window.Plotly){window.Plotly.newPlot("${divId}",s.data,s.layout,s.config);}else{setTimeout(draw,50);}}draw();})();</script>`;
}

export interface ShowOptions {
  /** File name under out/figures/ (e.g. "figure-2-1-hospital-admissions-u25"); report figures use their number. */
  name?: string;
}

/** Displays an interactive figure; with a name, also exports it during a reproduction run. */
export function show(fig: Figure, opts: ShowOptions = {}): void {
  if (opts.name) {
    const dir = outSubdir("figures");
    if (dir) writeFileSync(join(dir, `${opts.name}.json`), JSON.stringify(fig));
  }
  const write = kernelChannel();
  if (!write) return;
  const divId = `vru-fig-${process.pid}-${++figureCounter}`;
  const html = figureHtml(fig, divId, !bundleSent);
  bundleSent = true;
  const title = (fig.layout.title as { text?: string } | string | undefined);
  const titleText = typeof title === "string" ? title : title?.text ?? "figure";
  write({
    data: {
      "application/vnd.plotly.v1+json": { data: fig.data, layout: fig.layout, config: fig.config ?? {} },
      "text/html": html,
      "text/plain": `<plotly figure: ${titleText}>`,
    },
    metadata: {},
    transient: {},
  }, false);
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface TableOptions {
  caption?: string;
  /** Digits after the decimal point for numbers (default: as they are). */
  digits?: number;
}

function formatCell(v: unknown, digits?: number): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "–";
    return digits === undefined ? String(v) : v.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  return v === undefined || v === null ? "" : String(v);
}

/** A table as HTML (and plain text), from an array of row objects. */
export function tableHtml(objects: readonly object[], opts: TableOptions = {}): { html: string; text: string } {
  const rows = objects as readonly Record<string, unknown>[];
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => formatCell(r[c], opts.digits)));
  const html = `<table class="vru-table">${opts.caption ? `<caption>${escapeHtml(opts.caption)}</caption>` : ""}<thead><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>${cells.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (vals: string[]) => vals.map((v, j) => v.padEnd(widths[j])).join("  ");
  const text = [opts.caption ?? "", line(cols), ...cells.map(line)].filter((s) => s !== "").join("\n");
  return { html, text };
}

/** Displays a table of row objects; outside a kernel prints the plain-text form. */
export function showTable(rows: readonly object[], opts: TableOptions = {}): void {
  const { html, text } = tableHtml(rows, opts);
  const write = kernelChannel();
  if (!write) { console.log(text); return; }
  write({ data: { "text/html": html, "text/plain": text }, metadata: {}, transient: {} }, false);
}

/** Displays markdown text (e.g. a sentence summarising an effect). */
export function showMarkdown(md: string): void {
  const write = kernelChannel();
  if (!write) { console.log(md); return; }
  write({ data: { "text/markdown": md, "text/plain": md }, metadata: {}, transient: {} }, false);
}
