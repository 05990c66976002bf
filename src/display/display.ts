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

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

let bundleSent = false;
let figureCounter = 0;

/** Standalone HTML for one figure; `includeBundle` inlines plotly.js. */
export function figureHtml(fig: Figure, divId: string, includeBundle: boolean): string {
  const spec = JSON.stringify({ data: fig.data, layout: fig.layout, config: { responsive: true, displaylogo: false, ...(fig.config ?? {}) } }).replace(/<\//g, "<\\/");
  const loader = includeBundle ? `<script type="text/javascript">if (!window.Plotly) {${plotlyBundle().replace(/<\/script/gi, "<\\/script")}}</script>` : "";
  return `${loader}<div id="${divId}" class="vru-plotly" style="width:100%;min-height:420px">${STATIC_SLOT}</div>
<script type="text/javascript">(function(){var s=${spec};function draw(){if(window.Plotly){var d=document.getElementById("${divId}");d.innerHTML="";window.Plotly.newPlot(d,s.data,s.layout,s.config);}else{setTimeout(draw,50);}}draw();})();</script>`;
}

/** A standalone, offline HTML page with one interactive figure (plotly.js inline). */
export function figurePage(fig: Figure, title: string, size: { width?: number; height?: number } = {}): string {
  const sized = { ...fig, layout: { ...fig.layout, ...size } };
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;margin:1em">
${figureHtml(sized, "vru-figure", true)}
</body></html>
`;
}

/** Where a static image goes inside the figure's div; the script replaces it with the live plot. */
const STATIC_SLOT = "<!--vru-static-->";

/**
 * The figure HTML with a PNG inside its div: a viewer that strips scripts (untrusted
 * JupyterLab, GitHub) still shows the image; one that runs them draws the interactive plot over it.
 */
export function withStaticImage(html: string, pngBase64: string, alt: string): string {
  return html.replace(STATIC_SLOT, `<img src="data:image/png;base64,${pngBase64}" alt="${escapeHtml(alt)}" style="max-width:100%">`);
}

/** A figure's title as plain text (for alt text and text/plain). */
export function figureTitle(fig: Figure): string {
  const title = fig.layout.title as { text?: string } | string | undefined;
  return ((typeof title === "string" ? title : title?.text) ?? "figure").replace(/<br>/g, " ");
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
  write({
    data: {
      "application/vnd.plotly.v1+json": { data: fig.data, layout: fig.layout, config: fig.config ?? {} },
      "text/html": html,
      "text/plain": `<plotly figure: ${figureTitle(fig)}>`,
    },
    metadata: {},
    transient: {},
  }, false);
}

export interface TableOptions {
  caption?: string;
  /** Digits after the decimal point for numbers (default: as they are). */
  digits?: number;
}

const SIGNIFICANT = 7;

/**
 * A number as a table shows it: with `digits` decimals when given (never "−0.00"); otherwise
 * to 7 significant digits, as R prints, and never fewer than its whole part — which drops
 * binary noise from arithmetic (0.27 − 0.3 = −0.02999999999999997 shows as −0.03).
 */
export function formatNumber(v: number, digits?: number): string {
  if (Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return String(v);
  if (digits === undefined) {
    const whole = Math.abs(v) >= 1 ? Math.floor(Math.log10(Math.abs(v))) + 1 : 1;
    return String(Number(v.toPrecision(Math.min(21, Math.max(SIGNIFICANT, whole)))));
  }
  const rounded = Number(v.toFixed(digits));
  return (rounded === 0 ? 0 : rounded).toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}


function formatCell(v: unknown, digits?: number): string {
  if (typeof v === "number") return formatNumber(v, digits);
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
