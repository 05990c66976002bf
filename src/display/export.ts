/**
 * Static export of figures to PNG and SVG through headless Chromium (Debian package
 * `chromium`, driven by playwright-core; no browser download). One browser serves many
 * figures: open an exporter, export, close.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Figure } from "../plots/figure";
import { plotlyBundle } from "./plotly-bundle";
import { EnvironmentError, InputError } from "../errors";

/** Flags for a root, offline, headless Chromium (without them it tries the network at start). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new EnvironmentError(`headless Chromium not found (looked for ${candidates.join(", ")}): install the Debian package "chromium" or set CHROMIUM_PATH`);
  return found;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export interface ImageOptions { width?: number; height?: number; scale?: number }

export type ImageFormat = "png" | "svg";

export interface FigureExporter {
  /** The figure as PNG bytes or SVG text (the figure's own width/height unless given). */
  render(fig: Figure, format: ImageFormat, opts?: ImageOptions): Promise<Buffer | string>;
  /** Writes the figure as PNG or SVG, chosen by the file's extension. */
  write(fig: Figure, path: string, opts?: ImageOptions): Promise<void>;
  close(): Promise<void>;
}

/** The image format a file name asks for, or an error naming the file. */
export function imageFormat(path: string): ImageFormat {
  const format = extname(path).slice(1).toLowerCase();
  if (format !== "png" && format !== "svg") throw new InputError(`cannot export a figure to "${path}": use a .png or .svg file name`);
  return format;
}

const layoutSize = (fig: Figure, key: "width" | "height") => (typeof fig.layout[key] === "number" ? (fig.layout[key] as number) : undefined);

export async function openExporter(): Promise<FigureExporter> {
  const browser = await launchChromium();
  const page: Page = await browser.newPage();
  await page.setContent("<!DOCTYPE html><html><body><div id='g'></div></body></html>");
  await page.addScriptTag({ content: plotlyBundle() });
  // One page draws one figure at a time: callers from several notebooks queue here.
  let queue: Promise<unknown> = Promise.resolve();
  const render = (fig: Figure, format: ImageFormat, opts: ImageOptions = {}): Promise<Buffer | string> => {
    const size = { format, width: opts.width ?? layoutSize(fig, "width") ?? 900, height: opts.height ?? layoutSize(fig, "height") ?? 520, scale: opts.scale ?? (format === "png" ? 2 : 1) };
    const run = queue.then(async () => {
      const url = await page.evaluate(async ({ fig, size }) => {
        // globalThis, not window: tslab type-checks this file without the DOM library.
        const P = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
        return P.toImage({ data: fig.data, layout: fig.layout }, size);
      }, { fig, size });
      if (format === "png") return Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
      return url.startsWith("data:image/svg+xml;base64,") ? Buffer.from(url.slice(26), "base64").toString("utf8") : decodeURIComponent(url.slice(url.indexOf(",") + 1));
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    render,
    async write(fig, path, opts = {}) {
      const image = await render(fig, imageFormat(path), opts);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, image);
    },
    async close() { await browser.close(); },
  };
}

/** Exports one figure (opens and closes a browser: for many figures use openExporter). */
export async function exportFigure(fig: Figure, path: string, opts: ImageOptions = {}): Promise<void> {
  const ex = await openExporter();
  try { await ex.write(fig, path, opts); } finally { await ex.close(); }
}
