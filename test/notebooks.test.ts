/**
 * Executes every notebook headless in the project's tslab kernel (the same pipeline as
 * `npm run reproduce`, into a temporary out/), fails on any cell error, and checks in
 * headless Chromium that an executed notebook's HTML export really drew its plotly figure, and
 * that no out/reproduction.md row got worse than the committed baseline (src/run/baseline.ts).
 * Ends with the plain line "notebooks: N passed, M failed".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { formatFailure } from "../src/run/execute";
import { listNotebooks, reproduce, type ReproduceSummary } from "../src/run/reproduce";
import { launchChromium } from "../src/display/export";
import { baselineOf, readBaseline, regressions } from "../src/run/baseline";
import { itWithJupyter, nbformatProblems } from "./python/python";
import { figureOutputs } from "./helpers/figure-outputs";
import type { Notebook } from "../src/run/nbformat";

const out = mkdtempSync(join(tmpdir(), "vru-notebooks-"));
let summary: ReproduceSummary;

describe("notebooks", () => {
  beforeAll(async () => {
    summary = await reproduce({ out, keepGoing: true, log: () => undefined });
  }, 1_800_000);

  afterAll(() => {
    if (summary) process.stdout.write(`\nnotebooks: ${summary.passed.length} passed, ${summary.failures.length} failed\n`);
  });

  it("every notebook executes without a cell error", () => {
    const messages = summary.failures.map(formatFailure).join("\n\n");
    expect(messages).toBe("");
    expect(summary.passed.length).toBe(listNotebooks().length);
  });

  it("writes executed notebooks, HTML exports, figure PNGs and reproduction.md", () => {
    for (const name of summary.passed) {
      expect(existsSync(join(out, "notebooks", `${name}.ipynb`))).toBe(true);
      expect(existsSync(join(out, "html", `${name}.html`))).toBe(true);
    }
    const pngs = readdirSync(join(out, "figures")).filter((f) => f.endsWith(".png"));
    expect(pngs.length).toBe(readdirSync(join(out, "figures")).filter((f) => f.endsWith(".json")).length);
    for (const f of pngs) expect(readFileSync(join(out, "figures", f)).subarray(1, 4).toString()).toBe("PNG");
    expect(readFileSync(join(out, "reproduction.md"), "utf8")).toMatch(/\| notebook \| report item \|/);
  });

  itWithJupyter("every executed notebook is valid nbformat 4.5 (Python nbformat: no warnings, no schema errors)", () => {
    const paths = summary.passed.map((name) => join(out, "notebooks", `${name}.ipynb`));
    const bad = Object.entries(nbformatProblems(paths)).filter(([, p]) => p.length > 0);
    expect(bad.map(([path, p]) => `${path}: ${p.length} problems, first: ${p[0]}`)).toEqual([]);
  });

  it("no reproduction row is worse than the committed baseline (e.g. exact → differs) or missing", () => {
    expect(regressions(readBaseline(), baselineOf(summary.rows))).toEqual([]);
  });

  it("every figure of every executed notebook carries plotly JSON, HTML and a PNG", () => {
    const problems = summary.passed.flatMap((name) => figureOutputs(JSON.parse(readFileSync(join(out, "notebooks", `${name}.ipynb`), "utf8")) as Notebook)
      .flatMap((f) => f.problems.map((p) => `${name}, cell ${f.cell}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it("the HTML export of an executed notebook draws its plotly figure offline", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
      await page.goto(pathToFileURL(join(out, "html", "00-start-here.html")).href);
      await page.waitForSelector(".vru-plotly .main-svg", { timeout: 20_000 });
      const traces = await page.$$eval(".vru-plotly g.trace", (els) => els.length);
      expect(traces).toBeGreaterThan(0);
      expect(requests).toEqual([]); // nothing fetched from a CDN or anywhere else
    } finally {
      await browser.close();
    }
  });
});
