/**
 * Executes a notebook top to bottom in a fresh tslab kernel and returns it with outputs.
 * Stops at the first failing cell and reports the notebook, the cell number and the error.
 * Usage: `npx tsx src/run/execute.ts notebooks/NAME.ipynb [OUT.ipynb]`.
 */
import { basename, resolve } from "node:path";
import { Kernel, type CellResult, type Message } from "./kernel";
import { cellText, normaliseNotebook, readNotebook, writeNotebook, type Notebook } from "./nbformat";

export interface ExecuteOptions {
  /** Environment for the kernel (VRU_OUT etc.). VRU_NOTEBOOK is set to the notebook's name. */
  env?: Record<string, string>;
  /** Seconds one cell may run (default 600, or env VRU_CELL_TIMEOUT). */
  cellTimeout?: number;
  /** Called after each cell: (cell number from 1, number of code cells, seconds). */
  onCell?: (n: number, total: number, seconds: number) => void;
}

export interface ExecutionFailure {
  notebook: string;
  /** 1-based index among all cells of the notebook (as shown in Jupyter). */
  cell: number;
  source: string;
  error: string;
}

export interface ExecutionResult {
  notebook: Notebook;
  failure?: ExecutionFailure;
  seconds: number;
}

type Output = Record<string, unknown>;

/**
 * The error text of a failed cell: the kernel's traceback (which starts "ename: evalue" and
 * names the cell's line), else what a dying or stopped kernel left on its stderr.
 */
export function errorText(result: CellResult): string {
  if (result.traceback?.length) return result.traceback.join("\n");
  const sent = [result.ename, result.evalue].filter(Boolean).join(": ");
  return [sent, result.stderr.trim()].filter(Boolean).join("\n") || `cell ${result.status}`;
}

/**
 * Turns a cell's iopub messages into nbformat outputs; display updates replace in place. A
 * kernel that died or timed out sent no "error" message, so one is made from its stderr.
 */
export function toOutputs(result: CellResult, displays: Map<string, Output>): Output[] {
  const outputs: Output[] = [];
  for (const m of result.messages) appendOutput(outputs, m, displays);
  if (result.status !== "ok" && !result.messages.some((m) => m.header.msg_type === "error")) {
    const lines = errorText(result).split("\n");
    outputs.push({ output_type: "error", ename: result.status === "timeout" ? "Timeout" : "KernelDied", evalue: lines[0], traceback: lines });
  }
  return outputs;
}

function appendOutput(outputs: Output[], m: Message, displays: Map<string, Output>): void {
  const c = m.content as Record<string, unknown>;
  const displayId = (c.transient as { display_id?: string } | undefined)?.display_id;
  switch (m.header.msg_type) {
    case "stream": {
      const last = outputs[outputs.length - 1];
      if (last && last.output_type === "stream" && last.name === c.name) last.text = String(last.text) + String(c.text);
      else outputs.push({ output_type: "stream", name: c.name, text: c.text });
      break;
    }
    case "display_data": {
      const out = { output_type: "display_data", data: c.data, metadata: c.metadata ?? {} };
      outputs.push(out);
      if (displayId) displays.set(displayId, out);
      break;
    }
    case "update_display_data": {
      const target = displayId ? displays.get(displayId) : undefined;
      if (target) { target.data = c.data; target.metadata = c.metadata ?? {}; }
      break;
    }
    case "execute_result":
      outputs.push({ output_type: "execute_result", data: c.data, metadata: c.metadata ?? {}, execution_count: c.execution_count ?? null });
      break;
    case "error":
      outputs.push({ output_type: "error", ename: c.ename, evalue: c.evalue, traceback: c.traceback ?? [] });
      break;
    case "clear_output":
      outputs.length = 0;
      break;
  }
}

export async function executeNotebook(path: string, opts: ExecuteOptions = {}): Promise<ExecutionResult> {
  const name = basename(path, ".ipynb");
  const nb = normaliseNotebook(readNotebook(path)); // cell ids even if the source has none yet
  const started = Date.now();
  const kernel = await Kernel.start({ env: { VRU_NOTEBOOK: name, ...(opts.env ?? {}) } });
  const timeout = opts.cellTimeout ?? (Number(process.env.VRU_CELL_TIMEOUT) || 600);
  const displays = new Map<string, Output>();
  const codeCells = nb.cells.filter((c) => c.cell_type === "code").length;
  let failure: ExecutionFailure | undefined;
  let n = 0;
  try {
    for (let k = 0; k < nb.cells.length; k++) {
      const cell = nb.cells[k];
      if (cell.cell_type !== "code") continue;
      n++;
      const t0 = Date.now();
      const result = await kernel.execute(cellText(cell), timeout);
      cell.outputs = toOutputs(result, displays);
      cell.execution_count = result.executionCount;
      opts.onCell?.(n, codeCells, (Date.now() - t0) / 1000);
      if (result.status !== "ok") {
        failure = { notebook: name, cell: k + 1, source: cellText(cell), error: errorText(result) };
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return { notebook: nb, ...(failure ? { failure } : {}), seconds: (Date.now() - started) / 1000 };
}

export function formatFailure(f: ExecutionFailure): string {
  const src = f.source.split("\n").slice(0, 6).map((l) => `    | ${l}`).join("\n");
  return `${f.notebook}.ipynb, cell ${f.cell} failed:\n${src}\n${f.error.split("\n").map((l) => `    ${l}`).join("\n")}`;
}

if (require.main === module) {
  const [input, output] = process.argv.slice(2);
  if (!input) { console.error("usage: tsx src/run/execute.ts notebooks/NAME.ipynb [OUT.ipynb]"); process.exit(2); }
  executeNotebook(resolve(input), { onCell: (n, total, s) => process.stderr.write(`  cell ${n}/${total} (${s.toFixed(1)} s)\n`) }).then((r) => {
    if (output) writeNotebook(output, r.notebook);
    if (r.failure) { console.error(formatFailure(r.failure)); process.exit(1); }
    console.log(`${input}: ok (${r.seconds.toFixed(1)} s)`);
  }, (e) => { console.error(`${input}: ${(e as Error).message}`); process.exit(1); });
}
