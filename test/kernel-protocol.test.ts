/**
 * The notebook kernel as Jupyter clients see it: the kernelspec installed the ipykernel way
 * (found by jupyter_client with no JUPYTER_PATH), then a session driven through Python's
 * jupyter_client (test/python/kernel_session.py) checking the messaging protocol: kernel_info
 * status, execute_input, execute_result with its count, error messages with a traceback at the
 * cell's line, and no request dropped after an error.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/io/paths";
import { installKernelSpec, jupyterDataDir, kernelSpecDir, parseTarget } from "../src/run/kernel-spec";
import { KERNEL_NAME } from "../src/run/nbformat";
import { describeWithJupyter, requirePython } from "./python/python";

interface Msg { msg_type: string; content: Record<string, unknown> }
interface Exchange { reply: Record<string, unknown>; iopub: Msg[] }
interface Session { kernel_info: Record<string, unknown>; steps: Exchange[][] }

describe("kernelspec location", () => {
  it("is the user's Jupyter data dir as jupyter_core computes it", () => {
    expect(jupyterDataDir({ JUPYTER_DATA_DIR: "/x/jd" }, "linux", "/home/u")).toBe("/x/jd");
    expect(jupyterDataDir({}, "linux", "/home/u")).toBe("/home/u/.local/share/jupyter");
    expect(jupyterDataDir({ XDG_DATA_HOME: "/xdg" }, "linux", "/home/u")).toBe("/xdg/jupyter");
    expect(jupyterDataDir({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Jupyter");
    expect(kernelSpecDir({ kind: "prefix", dir: "/opt/p" })).toBe(`/opt/p/share/jupyter/kernels/${KERNEL_NAME}`);
    expect(kernelSpecDir({ kind: "local" }, "/clone")).toBe(`/clone/.jupyter/kernels/${KERNEL_NAME}`);
  });

  it("takes --user, --local, --prefix DIR or VRU_KERNEL_INSTALL, and rejects anything else", () => {
    expect(parseTarget([], {})).toEqual({ kind: "user" });
    expect(parseTarget([], { VRU_KERNEL_INSTALL: "none" })).toBeNull();
    expect(parseTarget(["--prefix", "/p"], {})).toEqual({ kind: "prefix", dir: "/p" });
    expect(() => parseTarget(["--prefix"], {})).toThrow(/--prefix DIR/);
    expect(() => parseTarget([], { VRU_KERNEL_INSTALL: "global" })).toThrow(/VRU_KERNEL_INSTALL=global/);
  });
});

describeWithJupyter("the kernel through jupyter_client", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vru-jupyter-data-"));
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_DATA_DIR: dataDir };
  delete env.JUPYTER_PATH;
  let session: Session;

  const python = (args: string[], input?: string) => {
    const r = spawnSync(requirePython(), args, { input, env, encoding: "utf8", timeout: 300_000 });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
  const run = (code: string, stopOnError = true) => ({ code, stop_on_error: stopOnError });
  const SLOW = "await new Promise((r) => setTimeout(r, 2000));";

  beforeAll(() => {
    installKernelSpec({ kind: "user" }, REPO_ROOT, env);
    const steps = [
      { batch: [run("const a = 6 * 7;\na")] },                                  // 0: execute_result
      { batch: [run('console.log("to stdout");')] },                           // 1: stream only
      { batch: [run('const z = 1;\nthrow new RangeError("bad " + z);')] },     // 2: runtime error at line 2
      { batch: [run("a + 1")] },                                               // 3: sent right after the error's reply
      { batch: [run('const ok = 1;\nconst q: number = "x";')] },               // 4: type error at line 2
      // 5, 6: a second request queued behind a failing one (the failure waits, so the kernel has
      // received the second before it fails, even on a loaded machine).
      { batch: [run(`${SLOW}\nthrow new Error("first")`), run("a + 2")] },   // 5: stop_on_error
      { batch: [run(`${SLOW}\nthrow new Error("again")`, false), run("a + 3")] }, // 6: stop_on_error false
      { batch: [run("a + 4")] },                                               // 7: after all that
    ];
    // The kernel starts in notebooks/ as Jupyter starts it beside a notebook; VRU_EVAL_HOME
    // points nowhere, so the launcher must find the clone from its working directory.
    const spec = { kernel_name: KERNEL_NAME, cwd: join(REPO_ROOT, "notebooks"), steps };
    const specFile = join(dataDir, "kernels", KERNEL_NAME, "kernel.json");
    const kernelJson = JSON.parse(readFileSync(specFile, "utf8"));
    kernelJson.env.VRU_EVAL_HOME = join(dataDir, "moved-away");
    writeFileSync(specFile, JSON.stringify(kernelJson));
    const outFile = join(dataDir, "session.json");
    python([join(__dirname, "python", "kernel_session.py"), outFile], JSON.stringify(spec));
    session = JSON.parse(readFileSync(outFile, "utf8")) as Session;
  }, 300_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const step = (k: number, i = 0) => session.steps[k][i];
  const of = (x: Exchange, type: string) => x.iopub.filter((m) => m.msg_type === type);

  it("jupyter finds the kernelspec in the user data dir with no JUPYTER_PATH, and it names no path in the clone", () => {
    const list = JSON.parse(python(["-m", "jupyter_client.kernelspecapp", "list", "--json"])) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[] } }> };
    const found = list.kernelspecs[KERNEL_NAME];
    expect(found.resource_dir).toBe(join(dataDir, "kernels", KERNEL_NAME));
    expect(found.spec.argv.filter((a) => a.startsWith(REPO_ROOT))).toEqual([]);
  });

  it("kernel_info_reply has status ok and the protocol version", () => {
    expect(session.kernel_info.status).toBe("ok");
    expect(session.kernel_info.protocol_version).toBe("5.3");
    expect((session.kernel_info.language_info as { name: string }).name).toBe("typescript");
  });

  it("sends execute_input with the code and count, and the last expression as execute_result (not stdout)", () => {
    const x = step(0);
    expect(x.reply).toMatchObject({ status: "ok", execution_count: 1 });
    expect(of(x, "execute_input")).toEqual([{ msg_type: "execute_input", content: { code: "const a = 6 * 7;\na", execution_count: 1 } }]);
    expect(of(x, "execute_result").map((m) => m.content)).toEqual([{ execution_count: 1, data: { "text/plain": "42" }, metadata: {} }]);
    expect(of(x, "stream")).toEqual([]);
    expect(of(step(1), "stream").map((m) => m.content)).toEqual([{ name: "stdout", text: "to stdout\n" }]);
    expect(of(step(1), "execute_result")).toEqual([]);
  });

  it("reports a runtime error as an error message with ename, evalue and a traceback at the cell's line", () => {
    const x = step(2);
    expect(x.reply).toMatchObject({ status: "error", execution_count: 3, ename: "RangeError", evalue: "bad 1" });
    const [err] = of(x, "error");
    expect(err.content).toMatchObject({ ename: "RangeError", evalue: "bad 1" });
    const tb = (err.content.traceback as string[]).join("\n");
    expect(tb).toMatch(/Cell In\[3\], line 2\b/);
    expect(tb).not.toMatch(/line 1\b/);
    expect(of(x, "stream")).toEqual([]); // not as stderr text
  });

  it("reports a type error as an error message at its line", () => {
    const [err] = of(step(4), "error");
    expect(err.content.ename).toBe("TSError");
    expect(String(err.content.evalue)).toMatch(/not assignable to type 'number'/);
    expect((err.content.traceback as string[]).join("\n")).toMatch(/Cell In\[5\], line 2, column 7/);
  });

  it("never drops a cell: the one sent right after an error runs", () => {
    expect(step(3).reply).toMatchObject({ status: "ok", execution_count: 4 });
    expect(of(step(3), "execute_result")[0].content.data).toEqual({ "text/plain": "43" });
    expect(step(7).reply.status).toBe("ok");
    expect(of(step(7), "execute_result")[0].content.data).toEqual({ "text/plain": "46" });
  });

  it("answers a request queued behind a stop_on_error failure as aborted (as ipykernel does), and runs it without stop_on_error", () => {
    expect(step(5, 0).reply.status).toBe("error");
    expect(step(5, 1).reply.status).toBe("aborted");
    expect(of(step(5, 1), "execute_input")).toEqual([]);
    expect(step(6, 0).reply.status).toBe("error");
    expect(step(6, 1).reply.status).toBe("ok");
    expect(of(step(6, 1), "execute_result")[0].content.data).toEqual({ "text/plain": "45" });
  });
});
