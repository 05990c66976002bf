/**
 * Progress for long runs (bootstraps, placebos, permutations). In a notebook it draws one
 * HTML bar that updates in place; elsewhere it writes a line to stderr. Updates are
 * throttled so a fast loop does not flood the notebook.
 */
export interface Progress {
  /** Marks `n` more items done (default 1). */
  tick(n?: number): void;
  /** Sets the number done. */
  set(done: number): void;
  /** Marks the run finished. */
  done(): void;
  /** A callback of the (done, total) shape estimators take. */
  callback: (done: number, total: number) => void;
}

interface TslabDisplay { html(s: string): void }

function notebookDisplay(): TslabDisplay | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    if (!jupyter.lastWriteDisplayData) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require("tslab") as { newDisplay(): TslabDisplay }).newDisplay();
  } catch {
    return undefined;
  }
}

export function progress(label: string, total: number, opts: { quiet?: boolean } = {}): Progress {
  const display = opts.quiet ? undefined : notebookDisplay();
  const started = Date.now();
  let count = 0, lastDraw = 0, finished = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < 250) return;
    lastDraw = now;
    const frac = total > 0 ? Math.min(1, count / total) : 1;
    const secs = ((now - started) / 1000).toFixed(1);
    if (display) {
      display.html(`<div style="font-family:sans-serif;font-size:12px">${label}: ${count} / ${total} (${secs} s)<div style="background:#eee;width:320px;height:8px"><div style="background:#3572b0;height:8px;width:${(frac * 320).toFixed(0)}px"></div></div></div>`);
    } else if (!opts.quiet && process.stderr.isTTY) {
      process.stderr.write(`\r${label}: ${count}/${total} (${secs} s)${finished ? "\n" : ""}`);
    }
  };
  const p: Progress = {
    tick(n = 1) { count += n; draw(false); },
    set(d) { count = d; draw(false); },
    done() { finished = true; count = total; draw(true); },
    callback: (d, t) => { total = t; count = d; if (d >= t) p.done(); else draw(false); },
  };
  draw(true);
  return p;
}
