/**
 * Every figure in an executed notebook carries plotly JSON, offline HTML and a PNG, so it
 * shows in untrusted notebooks, GitHub and nbviewer (the PNG is also inside the HTML).
 */
import { describe, expect, it } from "vitest";
import { addFigureImages, PLOTLY_MIME } from "../src/run/figure-images";
import { figureHtml } from "../src/display/display";
import { openExporter, type FigureExporter } from "../src/display/export";
import type { Notebook } from "../src/run/nbformat";
import { figureOutputs } from "./helpers/figure-outputs";

const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "A <b>test</b>" } } };

describe("figure images in notebooks", () => {
  it("adds a PNG to figure outputs only, and puts it inside the figure's HTML", async () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", source: [], metadata: {}, outputs: [
      { output_type: "display_data", data: { [PLOTLY_MIME]: fig, "text/html": figureHtml(fig, "d1", false), "text/plain": "<plotly figure>" }, metadata: {} },
      { output_type: "display_data", data: { "text/html": "<table></table>", "text/plain": "table" }, metadata: {} },
    ] }] };
    const rendered: unknown[] = [];
    const exporter: FigureExporter = { render: async (f) => { rendered.push(f); return Buffer.from("\x89PNG fake", "latin1"); }, write: async () => undefined, close: async () => undefined };
    expect(await addFigureImages(nb, exporter)).toBe(1);
    expect(rendered).toEqual([fig]);
    const [plot, table] = nb.cells[0].outputs!.map((o) => o.data as Record<string, string>);
    expect(Buffer.from(plot["image/png"], "base64").toString("latin1")).toBe("\x89PNG fake");
    expect(plot["text/html"]).toContain(`<img src="data:image/png;base64,${plot["image/png"]}" alt="A &lt;b&gt;test&lt;/b&gt;"`);
    expect(table["image/png"]).toBeUndefined();
    expect(await addFigureImages(nb, exporter)).toBe(0); // already there: not rendered again
  });

  it("renders real PNGs in Chromium (every executed notebook is checked in notebooks.test.ts)", async () => {
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", source: [], metadata: {}, outputs: [
      { output_type: "display_data", data: { [PLOTLY_MIME]: fig, "text/html": figureHtml(fig, "d1", false), "text/plain": "<plotly figure>" }, metadata: {} },
    ] }] };
    const exporter = await openExporter();
    try {
      expect(await addFigureImages(nb, exporter)).toBe(1);
    } finally {
      await exporter.close();
    }
    expect(figureOutputs(nb)).toEqual([{ cell: 1, problems: [] }]);
  }, 120_000);
});
