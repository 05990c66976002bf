#!/usr/bin/env node
// Starts the vru-eval notebook kernel (the project's patched tslab) for Jupyter:
// `node vru-eval-kernel.js CONNECTION_FILE`. `npm run kernel:install` copies this file into the
// kernelspec folder, so the kernelspec names no path inside a clone: the clone is found at
// start, from the kernel's working directory up (Jupyter starts a kernel in the notebook's
// folder), else VRU_EVAL_HOME (the clone that installed the kernelspec). A moved clone keeps
// working, and each clone's notebooks run on that clone's own code.
"use strict";
const { existsSync, readFileSync } = require("node:fs");
const { dirname, join, resolve } = require("node:path");

function isClone(dir) {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return pkg.name === "vru-eval" && existsSync(join(dir, "node_modules", "tslab", "dist", "main.js"));
  } catch {
    return false;
  }
}

function findClone(start) {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isClone(dir)) return dir;
    if (dirname(dir) === dir) return null;
  }
}

const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error("usage: vru-eval-kernel.js CONNECTION_FILE");
  process.exit(2);
}
const home = process.env.VRU_EVAL_HOME;
const root = findClone(process.cwd()) ?? findClone(__dirname) ?? (home && isClone(home) ? home : null);
if (!root) {
  console.error(`vru-eval kernel: no vru-eval clone (with node_modules installed) above ${process.cwd()}` +
    `${home ? ` nor at ${home}` : ""}; run "npm ci" in the clone (it re-installs the kernelspec), or open the notebooks from inside the clone.`);
  process.exit(1);
}
require(join(root, "node_modules", "tslab", "dist", "main.js")).startKernel({ configPath: resolve(connectionFile), enableFindLocal: false });
