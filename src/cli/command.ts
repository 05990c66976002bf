import type { Flags } from "./args";

/** One `vru-eval` subcommand. `run` returns the process exit status. */
export interface Command {
  summary: string;
  help: string;
  run(flags: Flags, io: { json: boolean; out: (s: string) => void; err: (s: string) => void }): Promise<number>;
}
