/**
 * Registers the tslab kernel inside the project: writes .jupyter/kernels/vru-eval/kernel.json
 * (a project-local Jupyter data dir, nothing global). JupyterLab, the classic Notebook and
 * VS Code find it when JUPYTER_PATH points at .jupyter (`npm run lab` sets it). Runs on
 * `npm install` / `npm ci` (postinstall), since the kernel command is an absolute path.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../io/paths";
import { KERNEL_NAME } from "./nbformat";

export function writeKernelSpec(root = REPO_ROOT): string {
  const dir = join(root, ".jupyter", "kernels", KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (vru-eval)",
    language: "typescript",
    metadata: { description: "tslab TypeScript kernel of the vru-eval project; notebooks import the library from ./src" },
  };
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return dir;
}

if (require.main === module) {
  const dir = writeKernelSpec();
  console.log(`vru-eval: kernel "TypeScript (vru-eval)" registered in ${dir} (use JUPYTER_PATH=${join(REPO_ROOT, ".jupyter")})`);
}
