import type { Notebook } from "../../src/run/nbformat";
import { PLOTLY_MIME } from "../../src/run/figure-images";

const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : undefined);

/** Each figure output of a notebook (cell number from 1) with what its MIME bundle lacks. */
export function figureOutputs(nb: Notebook): { cell: number; problems: string[] }[] {
  return nb.cells.flatMap((c, k) => (c.outputs ?? []).filter((o) => (o.data as Record<string, unknown> | undefined)?.[PLOTLY_MIME] !== undefined).map((o) => {
    const data = o.data as Record<string, unknown>;
    const png = joined(data["image/png"]), html = joined(data["text/html"]);
    const problems = [
      ...(png && Buffer.from(png, "base64").subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? [] : ["image/png missing or not a PNG"]),
      ...(html?.includes("Plotly.newPlot") ? [] : ["text/html without the plot script"]),
      ...(html?.includes("<img src=\"data:image/png;base64,") ? [] : ["text/html without the static image"]),
    ];
    return { cell: k + 1, problems };
  }));
}
