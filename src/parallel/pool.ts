/**
 * Runs independent tasks (bootstrap replicates, placebo fits, permutations) on worker threads.
 *
 * Results come back in task order, and each task carries everything random it needs (its
 * own seed), so output is identical for any number of threads — including 1, which runs
 * in-process without workers. The task function lives in a module so workers can load it:
 * `export function myTask(shared: S, task: T): R` (or `Promise<R>`: async estimators are awaited).
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { InternalError } from "../errors";

/** Loads a .ts/.js task module in this process, whatever loader (vitest, tslab, tsx) is running. */
function loadModule(path: string): Record<string, unknown> {
  // A plain require: tslab type-checks notebook imports without package "exports" support,
  // so a static import of "tsx/cjs/api" would break every notebook that reaches this file.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const tsx = require("tsx/cjs/api") as { require(id: string, from: string): Record<string, unknown> };
  return tsx.require(path, __filename);
}

export interface PoolOptions<S> {
  /** Data every task reads (copied once into each worker, not per task). */
  shared?: S;
  /** Worker threads; default: env VRU_THREADS, else the number of cores (capped by the task count). */
  threads?: number;
  /** Called after each finished task with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export function defaultThreads(): number {
  const env = Number(process.env.VRU_THREADS);
  return Number.isInteger(env) && env >= 1 ? env : availableParallelism();
}

/**
 * Maps `tasks` through `exportName` of the module at `modulePath` (an absolute path to a .ts
 * or .js file; without its extension it resolves to the .ts in src/ and the .js in dist/), in parallel. Rejects with the task's error if any task throws.
 */
export async function mapParallel<S, T, R>(modulePath: string, exportName: string, tasks: T[], opts: PoolOptions<S> = {}): Promise<R[]> {
  const total = tasks.length;
  const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), total));
  const results = new Array<R>(total);
  if (total === 0) return results;

  if (threads === 1) {
    const fn = loadModule(modulePath)[exportName] as (s: S | undefined, t: T) => R | Promise<R>;
    if (typeof fn !== "function") throw new InternalError(`${modulePath} does not export a function "${exportName}"`);
    for (let i = 0; i < total; i++) {
      results[i] = await fn(opts.shared, tasks[i]);
      opts.onProgress?.(i + 1, total);
    }
    return results;
  }

  const entry = join(__dirname, "worker-entry.js");
  let next = 0, done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => { if (!failed) { failed = true; reject(e); } };
      const feed = (w: Worker) => {
        if (next < total) { const index = next++; w.postMessage({ index, task: tasks[index] }); }
      };
      for (let k = 0; k < threads; k++) {
        const w = new Worker(entry, { workerData: { modulePath, exportName, shared: opts.shared } });
        workers.push(w);
        w.on("message", (m: { index: number; result?: R; error?: string }) => {
          if (m.error !== undefined) { fail(new InternalError(`task ${m.index} failed in a worker: ${m.error}`)); return; }
          results[m.index] = m.result as R;
          done++;
          opts.onProgress?.(done, total);
          if (done === total) resolve(); else feed(w);
        });
        w.on("error", fail);
        w.on("exit", (code) => { if (code !== 0 && done < total) fail(new InternalError(`a worker exited with code ${code} before finishing`)); });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
