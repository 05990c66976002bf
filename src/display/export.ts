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

export interface FigureExporter {
  /** Writes the figure as PNG or SVG, chosen by the file's extension. */
  write(fig: Figure, path: string, opts?: ImageOptions): Promise<void>;
  close(): Promise<void>;
}

export async function openExporter(): Promise<FigureExporter> {
  const browser = await launchChromium();
  const page: Page = await browser.newPage();
  await page.setContent("<!DOCTYPE html><html><body><div id='g'></div></body></html>");
  await page.addScriptTag({ content: plotlyBundle() });
  return {
    async write(fig, path, opts = {}) {
      const format = extname(path).slice(1).toLowerCase();
      if (format !== "png" && format !== "svg") throw new InputError(`cannot export a figure to "${path}": use a .png or .svg file name`);
      const url = await page.evaluate(async ({ fig, format, opts }) => {
        const P = (window as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
        return P.toImage({ data: fig.data, layout: fig.layout }, { format, width: opts.width ?? 900, height: opts.height ?? 520, scale: opts.scale ?? (format === "png" ? 2 : 1) });
      }, { fig, format, opts });
      mkdirSync(dirname(path), { recursive: true });
      if (format === "png") writeFileSync(path, Buffer.from(url.slice(url.indexOf(",") + 1), "base64"));
      else writeFileSync(path, url.startsWith("data:image/svg+xml;base64,") ? Buffer.from(url.slice(26), "base64").toString("utf8") : decodeURIComponent(url.slice(url.indexOf(",") + 1)));
    },
    async close() { await browser.close(); },
  };
}

/** Exports one figure (opens and closes a browser: for many figures use openExporter). */
export async function exportFigure(fig: Figure, path: string, opts: ImageOptions = {}): Promise<void> {
  const ex = await openExporter();
  try { await ex.write(fig, path, opts); } finally { await ex.close(); }
}
