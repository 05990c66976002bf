/**
 * Installs the notebook kernelspec "vru-eval" (display name "TypeScript (vru-eval)") the way
 * `python -m ipykernel install` does, so `jupyter kernelspec list`, JupyterLab, the classic
 * Notebook, nbconvert and VS Code find it with no environment variable:
 *   (default) --user   the user's Jupyter data dir: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter
 *                      ($XDG_DATA_HOME/jupyter), ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows;
 *   --prefix DIR       DIR/share/jupyter/kernels/vru-eval (found with JUPYTER_PATH=DIR/share/jupyter);
 *   --local            .jupyter/kernels/vru-eval inside the clone, nothing outside it
 *                      (found with JUPYTER_PATH=$PWD/.jupyter, as `npm run lab` sets).
 * The kernelspec folder gets its own copy of bin/vru-eval-kernel.js, which finds the clone at
 * start, so moving the clone does not break it. Runs on `npm ci` (postinstall), where
 * VRU_KERNEL_INSTALL=user|local|none chooses (default user).
 * Usage: `npm run kernel:install [-- --user | --local | --prefix DIR]`.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../errors";
import { REPO_ROOT } from "../io/paths";
import { KERNEL_NAME, NOTEBOOK_METADATA } from "./nbformat";

export type KernelTarget = { kind: "user" } | { kind: "local" } | { kind: "prefix"; dir: string };

const LAUNCHER = "vru-eval-kernel.js";

/** The user's Jupyter data dir, as jupyter_core's `jupyter_data_dir()` computes it. */
export function jupyterDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = homedir()): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (platform === "win32") return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "jupyter");
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "jupyter");
}

/** The folder a target's kernelspec goes to. */
export function kernelSpecDir(target: KernelTarget, root = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  const base = target.kind === "user" ? jupyterDataDir(env)
    : target.kind === "local" ? join(root, ".jupyter")
    : join(resolve(target.dir), "share", "jupyter");
  return join(base, "kernels", KERNEL_NAME);
}

/** Writes kernel.json and the launcher into the target's kernelspec folder; returns the folder. */
export function installKernelSpec(target: KernelTarget, root = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  const dir = kernelSpecDir(target, root, env);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, "bin", LAUNCHER), join(dir, LAUNCHER));
  // Inside the clone, {resource_dir} keeps the spec valid when the clone moves; elsewhere an
  // absolute path (VS Code's Jupyter extension expands {resource_dir} only since 2025.2).
  const launcher = target.kind === "local" ? `{resource_dir}/${LAUNCHER}` : join(dir, LAUNCHER);
  const spec = {
    argv: [process.execPath, launcher, "{connection_file}"],
    display_name: NOTEBOOK_METADATA.kernelspec.display_name,
    language: "typescript",
    interrupt_mode: "signal",
    // Only a fallback: the launcher first looks for a clone above the notebook's folder.
    ...(target.kind === "local" ? {} : { env: { VRU_EVAL_HOME: root } }),
    metadata: { description: "TypeScript kernel (patched tslab) of vru-eval; notebooks import the library from ./src" },
  };
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
  return dir;
}

/** Parses `[--user | --local | --prefix DIR]`; with no option, VRU_KERNEL_INSTALL or "user". */
export function parseTarget(args: string[], env: NodeJS.ProcessEnv = process.env): KernelTarget | null {
  if (args.length === 0) {
    const choice = env.VRU_KERNEL_INSTALL ?? "user";
    if (choice === "none") return null;
    if (choice === "user" || choice === "local") return { kind: choice };
    throw new InputError(`VRU_KERNEL_INSTALL=${choice}: expected user, local or none`);
  }
  const [flag, value, ...rest] = args;
  if (flag === "--user" && value === undefined) return { kind: "user" };
  if (flag === "--local" && value === undefined) return { kind: "local" };
  if (flag === "--prefix" && value !== undefined && rest.length === 0) return { kind: "prefix", dir: value };
  throw new InputError(`kernel:install ${args.join(" ")}: expected one of --user, --local, --prefix DIR`);
}

function hint(target: KernelTarget, dir: string): string {
  if (target.kind === "user") return "jupyter finds it with no setting (`jupyter kernelspec list`)";
  return `jupyter finds it with JUPYTER_PATH=${join(dir, "..", "..")}`;
}

if (require.main === module) {
  try {
    const target = parseTarget(process.argv.slice(2));
    if (target) {
      const dir = installKernelSpec(target);
      console.log(`vru-eval: kernel "${NOTEBOOK_METADATA.kernelspec.display_name}" installed in ${dir}; ${hint(target, dir)}`);
    }
  } catch (e) {
    console.error(`vru-eval: kernelspec not installed: ${(e as Error).message}`);
    // A home folder that cannot be written must not fail `npm ci`: the headless runner needs no kernelspec.
    if (process.env.npm_lifecycle_event !== "postinstall") process.exit(e instanceof InputError ? 2 : 1);
  }
}
