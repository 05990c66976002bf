/** `vru-eval figure`: one report figure from the shell, drawn by the same code as its notebook. */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, extname } from "node:path";
import type { Command } from "../command";
import { UsageError } from "../args";
import { DEFAULT_SEED, REPORT_FIGURES, findFigure } from "../../figures/registry";
import { figurePage } from "../../display/display";
import { exportFigure } from "../../display/export";

const HELP = `vru-eval figure — one report figure as PNG, SVG or HTML, without running its notebook

Usage:
  vru-eval figure --list [--json]
  vru-eval figure ID --out FILE.png|FILE.svg|FILE.html [--seed N] [--width PX] [--height PX]

ID is the report's figure number with its panel letter where it has several: 2-1, 2-2,
2-3a … 2-3c, 2-4a, 2-4b, 2-5, 2-6, 2-7a, 2-7b, 2-8a, 2-8b, A3-1a … A3-1c, A3-2 … A3-6
(--list shows each with its title and notebook). The figure is computed as its notebook does,
with the notebook's default settings, on SIMULATED data with a known true effect (the report's
microdata are not public). PNG and SVG need headless Chromium (Debian package "chromium");
HTML is interactive and works offline (plotly.js inline).

Options:
  --list          list the figures (id, title, notebook)
  --out FILE      output file; the format follows the extension
  --seed N        simulation and bootstrap seed (default ${DEFAULT_SEED}, as in the notebooks)
  --width PX      image width (default 900); --height PX (default the figure's own, else 520)
  --json          with --list: the list as JSON`;

const FORMATS = ["png", "svg", "html"] as const;

export const command: Command = {
  summary: "one report figure as PNG, SVG or HTML",
  help: HELP,
  positional: 1,
  async run(flags, io) {
    if (flags.bool("list")) {
      flags.assertAllUsed();
      if (io.args.length) throw new UsageError(`--list takes no figure id (got "${io.args[0]}")`);
      const rows = REPORT_FIGURES.map(({ id, title, notebook }) => ({ id, title, notebook }));
      if (io.json) io.out(JSON.stringify(rows, null, 1));
      else {
        const w = Math.max(...rows.map((r) => r.id.length)), t = Math.max(...rows.map((r) => r.title.length));
        io.out(rows.map((r) => `${r.id.padEnd(w)}  ${r.title.padEnd(t)}  ${r.notebook}`).join("\n"));
      }
      return 0;
    }
    const id = io.args[0];
    if (!id) throw new UsageError("missing figure id (vru-eval figure --list shows them)");
    const out = flags.required("out");
    const seed = flags.integer("seed", DEFAULT_SEED, 0)!;
    const width = flags.integer("width", undefined, 1);
    const height = flags.integer("height", undefined, 1);
    flags.assertAllUsed();
    const format = extname(out).slice(1).toLowerCase();
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--out ${out}: the file name must end in .png, .svg or .html`);
    const entry = findFigure(id);
    if (!entry) {
      const parts = REPORT_FIGURES.filter((f) => f.id.toLowerCase().startsWith(id.toLowerCase()) && /^[a-z]$/.test(f.id.slice(id.length)));
      throw new UsageError(parts.length
        ? `figure ${id} has panels ${parts.map((f) => f.id).join(", ")}: give one of them`
        : `unknown figure "${id}" (figures: ${REPORT_FIGURES.map((f) => f.id).join(", ")})`);
    }
    const fig = await entry.build({ seed });
    const size = { ...(width ? { width } : {}), ...(height ? { height } : {}) };
    if (format === "html") {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, figurePage(fig, `Figure ${entry.id}: ${entry.title}`, size));
    } else {
      await exportFigure(fig, out, size);
    }
    io.out(`wrote ${out}: figure ${entry.id} (${entry.notebook}), SIMULATED data, seed ${seed}`);
    return 0;
  },
};
