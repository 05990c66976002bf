#!/usr/bin/env node
// The vru-eval command, from the compiled JavaScript in dist/ (`npm run build`; built on
// npm install / npm ci). VRU_EVAL_FROM_SOURCE=1 runs src/ through tsx instead (while editing):
// in a child node with tsx's loader, since the commands' lazy import() needs its ESM hooks.
"use strict";
if (process.env.VRU_EVAL_FROM_SOURCE === "1") {
  const { spawnSync } = require("node:child_process");
  const { join } = require("node:path");
  const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "..", "src", "cli", "main.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
let main;
try {
  main = require("../dist/cli/main.js").main;
} catch (e) {
  if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli/main.js")) throw e;
  process.stderr.write("vru-eval: dist/ is missing: run `npm run build` (npm ci does it)\n");
  process.exit(1);
}
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
