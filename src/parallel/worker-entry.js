// Worker thread entry for src/parallel/pool.ts. Plain JavaScript so it can start without a
// TypeScript loader; it then registers tsx to load the task module (a .ts file).
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
require("tsx/cjs");
const { InternalError } = require("../errors");
const mod = require(workerData.modulePath);
const fn = mod[workerData.exportName];
if (typeof fn !== "function") {
  throw new InternalError(`${workerData.modulePath} does not export a function "${workerData.exportName}"`);
}
// A task may return a promise (async estimators); either way the result is posted once it settles.
parentPort.on("message", async (msg) => {
  try {
    parentPort.postMessage({ index: msg.index, result: await fn(workerData.shared, msg.task) });
  } catch (e) {
    parentPort.postMessage({ index: msg.index, error: e && e.stack ? e.stack : String(e) });
  }
});
