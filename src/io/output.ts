/**
 * Output folders that are never half-written: files go into a temporary sibling
 * (".NAME.partial-PID") and move into place only when everything is written, the completion
 * marker (e.g. simulation.json, reproduction.md) last — so a folder holding its marker is
 * complete, and an interrupted run (Ctrl-C: exit status 130) leaves at most the partial sibling,
 * which is removed. A path that cannot be written is an OutputError (exit 2) naming it.
 */
import { accessSync, constants, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { OutputError } from "../errors";

/** Pseudo-filesystems that are not places for output (and on which Node's recursive mkdir can hang). */
const SPECIAL_ROOTS = ["/proc", "/sys", "/dev"];

const REASONS: Record<string, string> = {
  EACCES: "permission denied", EPERM: "permission denied", EROFS: "read-only file system", ENOSPC: "no space left on device",
  ENOTDIR: "a part of the path is a file, not a folder", EEXIST: "a file of that name exists", ENAMETOOLONG: "the name is too long",
  EDQUOT: "disk quota exceeded", ENOENT: "no such folder",
};

/** An OutputError for a failed file-system call, naming the option and path. */
export function outputError(e: unknown, path: string, option: string): OutputError {
  const code = (e as { code?: string }).code ?? "";
  return new OutputError(`cannot write --${option} ${path}: ${REASONS[code] ?? (e as Error).message.split("\n")[0]}`, { option, file: path });
}

/**
 * Checks that folder `dir` can be created or written: it is not under /proc, /sys or /dev, the
 * nearest existing ancestor is a writable folder, and `dir` itself, if it exists, is a folder.
 * Returns the absolute path.
 */
export function checkOutputDir(dir: string, option = "out"): string {
  const abs = resolve(dir);
  let existing = abs;
  while (!existsSync(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  const under = SPECIAL_ROOTS.find((r) => real === r || real.startsWith(r + sep) || abs === r || abs.startsWith(r + sep));
  if (under) throw new OutputError(`cannot write --${option} ${dir}: ${under} is a system pseudo-filesystem, not a place for output`, { option, file: dir });
  if (!statSync(existing).isDirectory()) throw new OutputError(`cannot write --${option} ${dir}: ${existing} is a file, not a folder`, { option, file: dir });
  try { accessSync(existing, constants.W_OK); } catch (e) { throw outputError(e, dir, option); }
  return abs;
}

/** mkdir -p without Node's recursive mkdir (which loops on some pseudo-filesystems). */
function makeDirs(dir: string): void {
  if (existsSync(dir)) return;
  makeDirs(dirname(dir));
  mkdirSync(dir);
}

export interface StagedDir {
  /** The temporary sibling to write into. */
  tmp: string;
  /** Moves the written entries (top-level names in tmp) into the target, `marker` last. */
  commit(entries: readonly string[], marker: string): void;
  /** Removes the temporary sibling (after a failure or an interrupt). */
  abort(): void;
}

/** Starts writing folder `dir` through a temporary sibling (see the module comment). */
export function stageDir(dir: string, option = "out"): StagedDir {
  const target = checkOutputDir(dir, option);
  const tmp = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    makeDirs(dirname(target));
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
  } catch (e) {
    throw outputError(e, dir, option);
  }
  return {
    tmp,
    commit(entries, marker) {
      try {
        if (!existsSync(target)) { renameSync(tmp, target); return; }
        if (existsSync(join(target, marker))) unlinkSync(join(target, marker)); // incomplete until the marker is back
        for (const e of entries) {
          if (e === marker) continue;
          rmSync(join(target, e), { recursive: true, force: true });
          renameSync(join(tmp, e), join(target, e));
        }
        renameSync(join(tmp, marker), join(target, marker));
        rmSync(tmp, { recursive: true, force: true });
      } catch (e) {
        throw outputError(e, dir, option);
      }
    },
    abort() {
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

const cleanups = new Set<() => void>();

function onSignal(signal: NodeJS.Signals): void {
  for (const c of [...cleanups].reverse()) { try { c(); } catch { /* exiting anyway */ } }
  process.stderr.write(`\ninterrupted (${signal}): no partial output is left\n`);
  process.exit(signal === "SIGINT" ? 130 : 143);
}

/**
 * Runs `work`; on Ctrl-C (SIGINT) or SIGTERM meanwhile, runs every pending `cleanup` (innermost
 * first) and exits with status 130 (143 for SIGTERM). Calls nest; the handlers are removed when
 * the last one ends. A synchronous stretch of `work` delays the handler until it yields, so long
 * writers yield between files.
 */
export async function interruptible<T>(work: () => Promise<T>, cleanup: () => void = () => undefined): Promise<T> {
  const own = () => cleanup(); // a distinct entry even when two calls share a cleanup
  cleanups.add(own);
  if (cleanups.size === 1) { process.on("SIGINT", onSignal); process.on("SIGTERM", onSignal); }
  try {
    return await work();
  } finally {
    cleanups.delete(own);
    if (cleanups.size === 0) { process.removeListener("SIGINT", onSignal); process.removeListener("SIGTERM", onSignal); }
  }
}
