/**
 * `vru-eval figure` and the compiled command: the list of report figures, exports to PNG,
 * SVG and HTML through bin/vru-eval.js (which runs dist/, built by the test setup), bad
 * input, and what `--help` loads. The registry's settings are the notebooks' own.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../src/io/paths";
import { NOTEBOOK_SETTINGS, REPORT_FIGURES } from "../src/figures/registry";
import { readNotebook, cellText } from "../src/run/nbformat";

const bin = join(REPO_ROOT, "bin", "vru-eval.js");
const run = (args: string[], nodeArgs: string[] = []) => {
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { encoding: "utf8", cwd: REPO_ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), "vru-figure-"));

const REPORT_IDS = ["2-1", "2-2", "2-3a", "2-3b", "2-3c", "2-4a", "2-4b", "2-5", "2-6", "2-7a", "2-7b", "2-8a", "2-8b", "A3-1a", "A3-1b", "A3-1c", "A3-2", "A3-3", "A3-4", "A3-5", "A3-6"];

describe("vru-eval figure", () => {
  it("--list lists every report figure with its title and notebook", () => {
    const r = run(["figure", "--list"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(REPORT_IDS);
    for (const f of REPORT_FIGURES) expect(lines.find((l) => l.startsWith(`${f.id} `))).toMatch(new RegExp(`${f.title.replace(/[()]/g, "\\$&")}\\s+${f.notebook}$`));
    const json = JSON.parse(run(["figure", "--list", "--json"]).out) as { id: string; notebook: string }[];
    expect(json.map((f) => f.id)).toEqual(REPORT_IDS);
  });

  it("every figure's notebook exists and draws it with src/figures, with the settings the registry uses", () => {
    for (const f of REPORT_FIGURES) {
      const nb = readNotebook(join(REPO_ROOT, "notebooks", `${f.notebook}.ipynb`));
      expect(nb.cells.some((c) => cellText(c).includes("./src/figures/chapter2")), f.notebook).toBe(true);
    }
    for (const [name, settings] of Object.entries(NOTEBOOK_SETTINGS)) {
      const code = readNotebook(join(REPO_ROOT, "notebooks", `${name}.ipynb`)).cells.filter((c) => c.cell_type === "code").map(cellText).join("\n");
      for (const [k, v] of Object.entries(settings)) {
        const m = code.match(new RegExp(`const ${k}(?:: [^=]+)? = ([^;]+);`));
        expect(m, `${name}: ${k}`).not.toBeNull();
        const literal = m![1].trim();
        expect(JSON.parse(/^[\d_.]+$/.test(literal) ? literal.replace(/_/g, "") : literal), `${name}: ${k}`).toEqual(v);
      }
    }
  });

  it("exports a figure as a PNG, an SVG and an offline HTML page", () => {
    const png = join(tmp, "f.png"), svg = join(tmp, "f.svg"), html = join(tmp, "sub", "f.html");
    for (const [id, out] of [["2-5", png], ["A3-2", svg], ["2-5", html]]) {
      const r = run(["figure", id, "--out", out, "--seed", "7"]);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`wrote .*: figure ${id} .*SIMULATED data, seed 7`));
    }
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const s = readFileSync(svg, "utf8");
    expect(s).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(s).toContain("Figure A3.2");
    const h = readFileSync(html, "utf8");
    expect(h).toMatch(/^<!DOCTYPE html>/);
    expect(h).toContain("Plotly.newPlot");
    expect(h).toContain("Figure 2.5: ITS of police recorded violence with injury");
    expect(h).not.toMatch(/<script[^>]+src=/); // plotly.js inline, nothing fetched
  }, 300_000);

  it("names the problem on bad input (exit 2)", () => {
    const cases: [string[], RegExp][] = [
      [["figure", "2-9", "--out", join(tmp, "x.png")], /unknown figure "2-9" \(figures: 2-1, 2-2, 2-3a/],
      [["figure", "2-3", "--out", join(tmp, "x.png")], /figure 2-3 has panels 2-3a, 2-3b, 2-3c: give one of them/],
      [["figure", "2-1", "--out", join(tmp, "x.pdf")], /--out .*x\.pdf: the file name must end in \.png, \.svg or \.html/],
      [["figure", "2-1"], /missing --out/],
      [["figure", "2-1", "--out", join(tmp, "x.png"), "--seed", "-1"], /--seed must be an integer ≥ 0/],
      [["figure", "2-1", "2-2", "--out", join(tmp, "x.png")], /unexpected argument "2-2"/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("the compiled command", () => {
  it("runs from dist/ and --help loads no estimator, data frame, database or plotting library", () => {
    const r = run(["--help"], ["-r", join(REPO_ROOT, "test", "fixtures", "report-loaded-modules.js")]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/figure\s+one report figure/);
    const loaded = JSON.parse(r.err.match(/^LOADED (.*)$/m)![1]) as string[];
    const ours = loaded.map((p) => relative(REPO_ROOT, p));
    expect(ours).toContain(join("dist", "cli", "main.js"));
    expect(ours.filter((p) => p.startsWith("src") || /node_modules\/(tsx|danfojs|@duckdb|plotly|playwright|esbuild)/.test(p))).toEqual([]);
  });

  it("dist/ holds every source file compiled after its last change", () => {
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    for (const src of walk(join(REPO_ROOT, "src")).filter((p) => /\.(ts|js)$/.test(p))) {
      const out = join(REPO_ROOT, "dist", relative(join(REPO_ROOT, "src"), src).replace(/\.ts$/, ".js"));
      expect(existsSync(out), out).toBe(true);
      expect(statSync(out).mtimeMs, out).toBeGreaterThanOrEqual(statSync(src).mtimeMs);
    }
  });
});
