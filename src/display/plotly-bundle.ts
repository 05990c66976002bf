/**
 * The plotly.js bundle to inline in notebooks and pages (no CDN). plotly.js-dist ships it
 * unminified (10 MB); minified once with esbuild (already here as tsx's compiler) it is
 * under 5 MB, and every notebook carries one copy. Cached per plotly version under
 * node_modules/.cache.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

export function plotlyBundle(): string {
  if (cached) return cached;
  const srcPath = require.resolve("plotly.js-dist/plotly.js");
  const version = (JSON.parse(readFileSync(join(dirname(srcPath), "package.json"), "utf8")) as { version: string }).version;
  const cacheFile = join(dirname(srcPath), "..", ".cache", "vru-eval", `plotly-${version}.min.js`);
  if (existsSync(cacheFile)) return (cached = readFileSync(cacheFile, "utf8"));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require("esbuild") as typeof import("esbuild");
  const code = esbuild.transformSync(readFileSync(srcPath, "utf8"), { minify: true, legalComments: "inline" }).code;
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, code);
  return (cached = code);
}
