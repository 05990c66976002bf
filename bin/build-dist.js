#!/usr/bin/env node
// Compiles src/ to dist/ (CommonJS JavaScript) so the vru-eval command starts without a
// TypeScript compiler: `npm run build`, run by `prepare` on npm install / npm ci and before
// the tests. esbuild only transpiles (about a second); `npm run typecheck` checks types.
// Notebooks keep loading src/ through tslab.
"use strict";
const { readdirSync, renameSync, rmSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
const SRC = join(ROOT, "src");

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function build(outDir = join(ROOT, "dist")) {
  // Built beside dist/ and swapped in, so a command running meanwhile never sees half a build.
  const tmp = `${outDir}.tmp-${process.pid}`, old = `${outDir}.old-${process.pid}`;
  require("esbuild").buildSync({
    entryPoints: sources(SRC), outdir: tmp, outbase: SRC, format: "cjs", platform: "node", target: "node20", logLevel: "warning",
    // import() becomes require(): extensionless relative imports (lazy CLI commands) then resolve as in CommonJS.
    supported: { "dynamic-import": false },
  });
  try { renameSync(outDir, old); } catch { /* no previous build */ }
  renameSync(tmp, outDir);
  rmSync(old, { recursive: true, force: true });
  return outDir;
}

module.exports = { build, sources };

if (require.main === module) {
  const t0 = Date.now();
  const out = build(process.argv[2]);
  process.stderr.write(`built ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
