/**
 * A minimal Jupyter client for the project's kernel (patched tslab, started by
 * bin/vru-eval-kernel.js as Jupyter starts it), speaking the Jupyter messaging protocol (v5.3)
 * over ZeroMQ, so the runner needs no Python or Jupyter install. A failing cell's error comes
 * as an iopub "error" message; the kernel's process stderr is kept too, since a kernel that
 * dies says why only there. A kernel that exits fails the pending cell at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { REPO_ROOT } from "../io/paths";
import { EnvironmentError } from "../errors";

const DELIM = "<IDS|MSG>";

interface Header { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string }
export interface Message { header: Header; parent_header: Partial<Header>; metadata: Record<string, unknown>; content: Record<string, unknown> }

/** Everything a cell produced. */
export interface CellResult {
  status: "ok" | "error" | "died" | "timeout";
  /** iopub messages for this request, in order (stream, display_data, update_display_data, execute_result, error). */
  messages: Message[];
  /** What the kernel process wrote to stderr while the cell ran (output of a dying kernel). */
  stderr: string;
  executionCount: number | null;
  /** For an error: the error's name, value and traceback as the kernel sent them. */
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<import("node:net").Server>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as import("node:net").AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export interface KernelOptions {
  /** Working directory of the kernel (notebook imports are relative to it). Default notebooks/. */
  cwd?: string;
  /** Extra environment (e.g. VRU_OUT, VRU_NOTEBOOK). */
  env?: Record<string, string>;
  /** Seconds to wait for the kernel to answer at start. */
  startTimeout?: number;
}

export class Kernel {
  private proc!: ChildProcess;
  private shell!: zmq.Dealer;
  private iopub!: zmq.Subscriber;
  private control!: zmq.Dealer;
  private key = randomBytes(32).toString("hex");
  private session = randomUUID();
  private dir = mkdtempSync(join(tmpdir(), "vru-kernel-"));
  private stderrBuf = "";
  private exited: string | null = null;
  private iopubWaiters = new Map<string, (m: Message) => void>();
  private shellWaiters = new Map<string, (m: Message) => void>();
  private exitWaiters = new Set<(why: string) => void>();

  static async start(opts: KernelOptions = {}): Promise<Kernel> {
    const k = new Kernel();
    await k.boot(opts);
    return k;
  }

  private async boot(opts: KernelOptions): Promise<void> {
    const [shell, iopub, stdin, control, hb] = await freePorts(5);
    const conn = { shell_port: shell, iopub_port: iopub, stdin_port: stdin, control_port: control, hb_port: hb, ip: "127.0.0.1", key: this.key, transport: "tcp", signature_scheme: "hmac-sha256", kernel_name: "vru-eval" };
    const connFile = join(this.dir, "connection.json");
    writeFileSync(connFile, JSON.stringify(conn));
    this.proc = spawn(process.execPath, [join(REPO_ROOT, "bin", "vru-eval-kernel.js"), connFile], {
      cwd: opts.cwd ?? join(REPO_ROOT, "notebooks"),
      env: { ...process.env, ...(opts.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.proc.stderr!.on("data", (d: Buffer) => { this.stderrBuf += d.toString(); });
    this.proc.stdout!.on("data", () => { /* cell output goes to iopub; the process's own stdout is noise */ });
    this.proc.on("exit", (code, signal) => {
      this.exited = `the kernel exited (${signal ? `signal ${signal}` : `code ${code}`})${this.stderrBuf ? `: ${this.stderrBuf.trim().split("\n").slice(-5).join("\n")}` : ""}`;
      for (const w of this.exitWaiters) w(this.exited);
    });
    const addr = (p: number) => `tcp://127.0.0.1:${p}`;
    this.shell = new zmq.Dealer(); this.shell.connect(addr(shell));
    this.control = new zmq.Dealer(); this.control.connect(addr(control));
    this.iopub = new zmq.Subscriber(); this.iopub.connect(addr(iopub)); this.iopub.subscribe();
    void this.pump(this.iopub, this.iopubWaiters);
    void this.pump(this.shell, this.shellWaiters);
    // iopub is a PUB socket: early messages are lost until the subscription is live, so ask
    // for kernel_info until an answer arrives on both channels.
    // On a loaded machine tslab can take over a minute to start: VRU_KERNEL_START_TIMEOUT (seconds) raises the default.
    const startTimeout = opts.startTimeout ?? (Number(process.env.VRU_KERNEL_START_TIMEOUT) || 60);
    const deadline = Date.now() + startTimeout * 1000;
    for (;;) {
      if (this.exited) throw new EnvironmentError(this.exited);
      if (Date.now() > deadline) { this.kill(); throw new EnvironmentError(`the kernel did not answer within ${startTimeout} s`); }
      const id = await this.send(this.shell, "kernel_info_request", {});
      const gotIopub = new Promise<boolean>((r) => { this.iopubWaiters.set(id, () => r(true)); setTimeout(() => r(false), 500); });
      const gotShell = new Promise<boolean>((r) => { this.shellWaiters.set(id, () => r(true)); setTimeout(() => r(false), 500); });
      const [a, b] = await Promise.all([gotIopub, gotShell]);
      this.iopubWaiters.delete(id); this.shellWaiters.delete(id);
      if (a && b) return;
    }
  }

  private sign(parts: string[]): string {
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  private async send(sock: zmq.Dealer, msgType: string, content: Record<string, unknown>): Promise<string> {
    const header: Header = { msg_id: randomUUID(), msg_type: msgType, session: this.session, username: "vru-eval", date: new Date().toISOString(), version: "5.3" };
    const parts = [JSON.stringify(header), "{}", "{}", JSON.stringify(content)];
    await sock.send([DELIM, this.sign(parts), ...parts]);
    return header.msg_id;
  }

  private async pump(sock: zmq.Dealer | zmq.Subscriber, waiters: Map<string, (m: Message) => void>): Promise<void> {
    try {
      for await (const frames of sock) {
        const strs = frames.map((f) => f.toString());
        const d = strs.indexOf(DELIM);
        if (d < 0) continue;
        const [sig, header, parent, metadata, content] = strs.slice(d + 1, d + 6);
        if (sig !== this.sign([header, parent, metadata, content])) continue; // not ours / corrupted
        const msg: Message = { header: JSON.parse(header), parent_header: JSON.parse(parent), metadata: JSON.parse(metadata), content: JSON.parse(content) };
        const pid = msg.parent_header.msg_id;
        if (pid && waiters.has(pid)) waiters.get(pid)!(msg);
      }
    } catch {
      // socket closed
    }
  }

  /** Executes code; resolves when the kernel is idle again, the kernel dies, or the timeout passes. */
  async execute(code: string, timeoutSeconds = 600): Promise<CellResult> {
    if (this.exited) return { status: "died", messages: [], stderr: this.exited, executionCount: null };
    const stderrStart = this.stderrBuf.length;
    const messages: Message[] = [];
    let reply: Message | undefined, idle = false;
    return new Promise<CellResult>((resolve) => {
      let id = "";
      const finish = (status: CellResult["status"], extra = "") => {
        clearTimeout(timer);
        this.iopubWaiters.delete(id); this.shellWaiters.delete(id); this.exitWaiters.delete(onExit);
        const err = messages.find((m) => m.header.msg_type === "error")?.content as { ename?: string; evalue?: string; traceback?: string[] } | undefined;
        resolve({
          status, messages, stderr: this.stderrBuf.slice(stderrStart) + extra,
          executionCount: (reply?.content.execution_count as number | undefined) ?? null,
          ...(err ? { ename: err.ename, evalue: err.evalue, traceback: err.traceback ?? [] } : {}),
        });
      };
      const check = () => { if (reply && idle) finish(reply.content.status === "ok" ? "ok" : "error"); };
      const onExit = (why: string) => finish("died", why);
      const timer = setTimeout(() => { this.kill(); finish("timeout", `\ncell did not finish within ${timeoutSeconds} s; the kernel was stopped`); }, timeoutSeconds * 1000);
      this.exitWaiters.add(onExit);
      void this.send(this.shell, "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }).then((msgId) => {
        id = msgId;
        this.iopubWaiters.set(id, (m) => {
          if (m.header.msg_type === "status") { if (m.content.execution_state === "idle") { idle = true; check(); } }
          else if (m.header.msg_type !== "execute_input") messages.push(m);
        });
        this.shellWaiters.set(id, (m) => { reply = m; check(); });
      });
    });
  }

  /** Stops the kernel (politely, then by signal) and removes its connection file. */
  async shutdown(): Promise<void> {
    if (!this.exited) {
      await this.send(this.control, "shutdown_request", { restart: false }).catch(() => undefined);
      await new Promise<void>((r) => { const t = setTimeout(() => { this.kill(); r(); }, 2000); this.proc.once("exit", () => { clearTimeout(t); r(); }); });
    }
    this.shell.close(); this.iopub.close(); this.control.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private kill(): void {
    if (!this.exited) this.proc.kill("SIGKILL");
  }
}
