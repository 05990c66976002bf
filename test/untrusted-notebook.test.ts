/**
 * Figures of an executed notebook are visible where its JavaScript does not run: the notebook
 * from out/notebooks/ is opened UNTRUSTED (a fresh Jupyter data dir, so no signature) in the
 * classic Notebook server, in headless Chromium, and each figure output must show its static
 * image: loaded, on screen, not covered, and the PNG of that output's mime bundle.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium } from "../src/display/export";
import { PLOTLY_MIME } from "../src/run/figure-images";
import { installKernelSpec } from "../src/run/kernel-spec";
import type { Notebook } from "../src/run/nbformat";
import { reproduce } from "../src/run/reproduce";
import { REPO_ROOT } from "../src/io/paths";
import { describeWithJupyter, requirePython } from "./python/python";

const NOTEBOOK = "02-7-cost-benefit"; // five figures, real (report) data

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitForServer(url: string, server: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the Notebook server exited (${server.exitCode})`);
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`the Notebook server did not answer at ${url} within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describeWithJupyter("an executed notebook opened untrusted in classic Notebook", () => {
  const dir = mkdtempSync(join(tmpdir(), "vru-untrusted-"));
  const out = join(dir, "out");
  let server: ChildProcess | undefined;
  let base = "";
  let figures: string[] = [];
  let serverLog = "";

  beforeAll(async () => {
    const summary = await reproduce({ out, only: [NOTEBOOK], figures: false, log: () => undefined });
    expect(summary.failures).toEqual([]);
    const nb = JSON.parse(readFileSync(join(out, "notebooks", `${NOTEBOOK}.ipynb`), "utf8")) as Notebook;
    // Each figure's PNG (the test checks the right image is shown for each output, in order).
    figures = nb.cells.flatMap((c) => (c.outputs ?? []).map((o) => o.data as Record<string, unknown> | undefined))
      .filter((d) => d?.[PLOTLY_MIME] !== undefined).map((d) => String(d?.["image/png"] ?? ""));
    // A Jupyter of its own: a fresh data dir holds no notebook signatures, so the notebook is untrusted.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.JUPYTER_PATH;
    for (const [k, sub] of [["JUPYTER_DATA_DIR", "data"], ["JUPYTER_CONFIG_DIR", "config"], ["JUPYTER_RUNTIME_DIR", "runtime"]]) {
      env[k] = join(dir, sub);
      mkdirSync(env[k]!, { recursive: true });
    }
    installKernelSpec({ kind: "user" }, REPO_ROOT, env); // the notebook's kernel starts as it opens
    const port = await freePort();
    server = spawn(requirePython(), ["-m", "notebook", "--no-browser", "--allow-root", `--port=${port}`, "--port-retries=0", "--ip=127.0.0.1",
      "--NotebookApp.token=", "--NotebookApp.password=", `--notebook-dir=${join(out, "notebooks")}`], { env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (d: Buffer) => { serverLog += d.toString(); });
    server.stderr!.on("data", (d: Buffer) => { serverLog += d.toString(); });
    base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/api`, server, 60).catch((e: Error) => { throw new Error(`${e.message}\n${serverLog.slice(-2000)}`); });
  }, 300_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows every figure as its static image", async () => {
    expect(figures.length).toBeGreaterThan(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${base}/notebooks/${NOTEBOOK}.ipynb`);
      await page.waitForFunction(() => (window as unknown as { Jupyter?: { notebook?: { _fully_loaded?: boolean } } }).Jupyter?.notebook?._fully_loaded === true, undefined, { timeout: 60_000 });
      const trusted = await page.evaluate(() => (window as unknown as { Jupyter: { notebook: { trusted: boolean } } }).Jupyter.notebook.trusted);
      expect(trusted, "the notebook must open untrusted").toBe(false);
      expect(await page.textContent("#notification_trusted")).toMatch(/Not Trusted/);
      // Every output area that had a figure, in order, with what it shows.
      const shown = await page.evaluate(async () => {
        const areas = Array.from(document.querySelectorAll<HTMLElement>(".output_area"));
        const result: { src: string; loaded: boolean; width: number; height: number; onTop: boolean }[] = [];
        for (const area of areas) {
          const img = area.querySelector<HTMLImageElement>("img");
          if (!img) { result.push({ src: "", loaded: false, width: 0, height: 0, onTop: false }); continue; }
          if (!img.complete) await new Promise((r) => { img.onload = r; img.onerror = r; });
          img.scrollIntoView({ block: "center" });
          const box = img.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          result.push({ src: img.src, loaded: img.naturalWidth > 0, width: box.width, height: box.height, onTop: hit === img });
        }
        return result;
      });
      const images = shown.filter((s) => s.src.startsWith("data:image/png;base64,"));
      expect(images.map((s) => s.src.slice("data:image/png;base64,".length))).toEqual(figures);
      for (const s of images) {
        expect(s.loaded).toBe(true);
        expect(s.width).toBeGreaterThan(300);
        expect(s.height).toBeGreaterThan(150);
        expect(s.onTop).toBe(true);
      }
    } finally {
      await browser.close();
    }
  }, 180_000);
});
