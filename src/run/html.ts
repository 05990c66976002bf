/**
 * HTML export of an executed notebook: markdown rendered, code shown, outputs in their
 * richest form. Plotly figures keep their inline script (the first one carries plotly.js),
 * so the page draws offline.
 */
import { marked } from "marked";
import { cellText, type Notebook } from "./nbformat";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const joinText = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));
// Terminal colour codes in tracebacks.
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

function renderOutput(o: Record<string, unknown>): string {
  switch (o.output_type) {
    case "stream":
      return `<pre class="${o.name === "stderr" ? "stderr" : "stdout"}">${esc(stripAnsi(joinText(o.text)))}</pre>`;
    case "error": {
      // A traceback starts with "ename: evalue", as Jupyter kernels write it.
      const tb = (o.traceback as string[] | undefined) ?? [];
      return `<pre class="error">${esc(stripAnsi(tb.length ? tb.join("\n") : `${o.ename}: ${o.evalue}`))}</pre>`;
    }
    default: {
      const data = (o.data ?? {}) as Record<string, unknown>;
      if (data["text/html"] !== undefined) return `<div class="html-output">${joinText(data["text/html"])}</div>`;
      if (data["image/png"] !== undefined) return `<img src="data:image/png;base64,${joinText(data["image/png"])}">`;
      if (data["image/svg+xml"] !== undefined) return joinText(data["image/svg+xml"]);
      if (data["text/markdown"] !== undefined) return `<div class="markdown">${marked.parse(joinText(data["text/markdown"]), { async: false })}</div>`;
      if (data["text/plain"] !== undefined) return `<pre>${esc(joinText(data["text/plain"]))}</pre>`;
      return "";
    }
  }
}

export function notebookToHtml(nb: Notebook, title: string): string {
  const body = nb.cells.map((c) => {
    if (c.cell_type === "markdown") return `<section class="md">${marked.parse(cellText(c), { async: false })}</section>`;
    const outs = (c.outputs ?? []).map(renderOutput).join("\n");
    return `<section class="code"><pre class="src"><span class="prompt">[${c.execution_count ?? " "}]</span> ${esc(cellText(c))}</pre>${outs ? `<div class="outputs">${outs}</div>` : ""}</section>`;
  }).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
pre{overflow-x:auto;padding:.6em;border-radius:4px;font-size:13px}
pre.src{background:#f5f7fa;border:1px solid #e1e4e8}
.prompt{color:#888}
pre.stdout{background:#fff;border-left:3px solid #ccc}
pre.stderr{background:#fff5f5;border-left:3px solid #e0a0a0}
pre.error{background:#fdd;border-left:3px solid #c00}
table.vru-table{border-collapse:collapse;font-size:13px;margin:.5em 0}
table.vru-table td,table.vru-table th{border:1px solid #ddd;padding:3px 8px;text-align:right}
table.vru-table caption{font-weight:bold;text-align:left;padding:4px 0}
section.md blockquote{border-left:3px solid #3572b0;margin-left:0;padding-left:1em;color:#444}
</style></head><body>
${body}
</body></html>
`;
}
