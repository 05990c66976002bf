/**
 * Static images for an executed notebook's figures. The kernel sends a figure as plotly
 * JSON + offline HTML (drawing it needs JavaScript, which an untrusted notebook, GitHub and
 * nbviewer do not run); rendering a PNG in Chromium takes a browser the kernel does not
 * keep, so the runner adds `image/png` to every figure output after the notebook has run.
 */
import type { Figure } from "../plots/figure";
import type { FigureExporter } from "../display/export";
import { figureTitle, withStaticImage } from "../display/display";
import type { Notebook } from "./nbformat";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Notebook PNGs at 1× (the HTML and PNG exports in out/figures are for print). */
const NOTEBOOK_SCALE = 1;

/**
 * Adds a base64 `image/png` to each figure output that lacks one, and the same image inside
 * its HTML (for viewers that prefer HTML but strip its scripts); returns how many it added.
 */
export async function addFigureImages(nb: Notebook, exporter: FigureExporter): Promise<number> {
  let added = 0;
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      const data = out.data as Record<string, unknown> | undefined;
      if (!data || data[PLOTLY_MIME] === undefined || data["image/png"] !== undefined) continue;
      const png = await exporter.render(data[PLOTLY_MIME] as Figure, "png", { scale: NOTEBOOK_SCALE });
      const base64 = (png as Buffer).toString("base64");
      data["image/png"] = base64;
      if (typeof data["text/html"] === "string") data["text/html"] = withStaticImage(data["text/html"], base64, figureTitle(data[PLOTLY_MIME] as Figure));
      added++;
    }
  }
  return added;
}
